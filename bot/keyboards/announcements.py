"""Keyboards of /umumkan: audiences, attachments, timing, read confirmations, the report."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.keyboards.common import pillar_toggles
from models import Announcement, AudienceKind, Forum, Pillar

# The forum-based audiences' words in `aud:<word>` and `audf:<forum>:<word>`.
FORUM_AUDIENCE_WORDS = {
    AudienceKind.INVITEES: "inv",
    AudienceKind.ATTENDEES: "att",
    AudienceKind.NO_ANSWER: "none",
}


def audience(lang: str, pillar_rows: Iterable[Pillar], chosen: set[int]) -> InlineKeyboardMarkup:
    """Announcement audience: everyone, chosen pillars, or a forum's invitees, attendees or
    those who have not answered (each then asks which forum)."""
    markup = pillar_toggles(lang, pillar_rows, chosen, cd.AUDIENCE)
    rows = [list(row) for row in markup.inline_keyboard]
    rows.insert(
        0,
        [
            InlineKeyboardButton(
                t(lang, "button-everyone"), callback_data=cd.with_word(cd.AUDIENCE, "every")
            )
        ],
    )
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, f"button-audience-{word}"), callback_data=cd.with_word(cd.AUDIENCE, word)
            )
            for word in FORUM_AUDIENCE_WORDS.values()
        ]
    )
    return InlineKeyboardMarkup(rows)


def audience_forums(
    lang: str, forums: Iterable[Forum], word: str, labels: dict[int, str]
) -> InlineKeyboardMarkup:
    """One button per forum for a forum audience (`audf:<forum>:<word>`), and Back."""
    rows = [
        [
            InlineKeyboardButton(
                labels[f.id or 0],
                callback_data=cd.with_id_word(cd.AUDIENCE_FORUM, f.id or 0, word),
            )
        ]
        for f in forums
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "button-back"), callback_data=cd.with_word(cd.AUDIENCE, "back")
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def announce_skip_file(lang: str) -> InlineKeyboardMarkup:
    """ "Lewati" under the attachment step of /umumkan."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-skip"), callback_data=cd.with_word(cd.ANNOUNCE_FILE, "skip")
                )
            ]
        ]
    )


def announce_now(lang: str) -> InlineKeyboardMarkup:
    """ "Kirim sekarang" under the when step of /umumkan."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-send-now"), callback_data=cd.with_word(cd.ANNOUNCE_WHEN, "now")
                )
            ]
        ]
    )


def receipt(lang: str, announcement_id: int, *, confirmed: bool = False) -> InlineKeyboardMarkup:
    """ "Sudah diterima" under an announcement, "✅ Diterima" once pressed (`rcpt:<id>`:
    pressing again only says it is recorded)."""
    key = "button-received" if confirmed else "button-confirm-receipt"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, key), callback_data=cd.with_id(cd.RECEIPT, announcement_id)
                )
            ]
        ]
    )


def cancel_sending(lang: str, announcement_id: int) -> InlineKeyboardMarkup:
    """ "Batalkan pengiriman" under a progress or scheduled-announcement message."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-cancel-sending"),
                    callback_data=cd.with_id_word(cd.ANNOUNCE_CANCEL, announcement_id, "prog"),
                )
            ]
        ]
    )


def active_announcements(lang: str, listed: Iterable[Announcement]) -> InlineKeyboardMarkup | None:
    """One "Batalkan #<id>" per scheduled or sending announcement (the /umumkan list)."""
    rows = [
        [
            InlineKeyboardButton(
                t(lang, "button-cancel-announcement", number=a.id or 0),
                callback_data=cd.with_id_word(cd.ANNOUNCE_CANCEL, a.id or 0, "list"),
            )
        ]
        for a in listed
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def delivery_report(lang: str, announcement_id: int, unconfirmed: int) -> InlineKeyboardMarkup:
    """Under a delivery report: refresh its counts; remind who has not confirmed (while any)."""
    rows = [
        [
            InlineKeyboardButton(
                t(lang, "button-report-refresh"),
                callback_data=cd.with_id(cd.ANNOUNCE_REPORT, announcement_id),
            )
        ]
    ]
    if unconfirmed:
        rows.append(
            [
                InlineKeyboardButton(
                    t(lang, "button-remind-unconfirmed", count=unconfirmed),
                    callback_data=cd.with_id(cd.ANNOUNCE_REMIND, announcement_id),
                )
            ]
        )
    return InlineKeyboardMarkup(rows)
