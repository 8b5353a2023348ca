"""Keyboards of a forum's paper trail: the attendees' survey and the admins' notulen."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.keyboards.common import in_rows
from models import Pillar

SURVEY_STEPS = ("usefulness", "service", "comment", "done")


def survey(lang: str, forum_id: int, step: str, chosen: int | None = None) -> InlineKeyboardMarkup:
    """The buttons of one survey step: 1-5 for a question (the `chosen` score ticked),
    Tulis komentar / Lewati for the comment, Ubah jawaban when done."""
    if step in ("usefulness", "service"):
        scores = [
            InlineKeyboardButton(
                f"✅ {score}" if score == chosen else str(score),
                callback_data=cd.survey_score(forum_id, step, score),
            )
            for score in range(1, 6)
        ]
        return InlineKeyboardMarkup([scores])
    if step == "comment":
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(lang, "button-survey-comment"),
                        callback_data=cd.survey_step(forum_id, "comment"),
                    ),
                    InlineKeyboardButton(
                        t(lang, "button-survey-skip"),
                        callback_data=cd.survey_step(forum_id, "skip"),
                    ),
                ]
            ]
        )
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-survey-redo"), callback_data=cd.survey_step(forum_id, "redo")
                )
            ]
        ]
    )


def _minutes_button(
    lang: str, forum_id: int, word: str, label: str | None = None
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        t(lang, f"button-minutes-{label or word}"),
        callback_data=cd.with_id_word(cd.MINUTES, forum_id, word),
    )


def minutes_open(lang: str, forum_id: int) -> InlineKeyboardButton:
    """📝 Notulen, under a forum's admin detail and its recap."""
    return InlineKeyboardButton(
        t(lang, "button-minutes"), callback_data=cd.with_id(cd.MINUTES, forum_id)
    )


def minutes_menu(lang: str, forum_id: int, saved: str | None) -> InlineKeyboardMarkup:
    """A forum's notulen: the saved one (`saved` "form": its PDF; "upload": the document)
    to download, and writing it (again) or uploading a document."""
    rows = []
    if saved is not None:
        rows.append([_minutes_button(lang, forum_id, "pdf" if saved == "form" else "file")])
    rows.append(
        [
            _minutes_button(lang, forum_id, "write", None if saved is None else "rewrite"),
            _minutes_button(lang, forum_id, "upload"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def minutes_speakers(lang: str, forum_id: int, pillars: Iterable[Pillar]) -> InlineKeyboardMarkup:
    """A point's speaker: one button per pillar (a name is typed instead)."""
    buttons = [
        InlineKeyboardButton(
            p.name, callback_data=cd.with_ids(cd.MINUTES_SPEAKER, forum_id, p.id or 0)
        )
        for p in pillars
    ]
    return InlineKeyboardMarkup(in_rows(buttons, 3))


def minutes_step(lang: str, forum_id: int, *words: str) -> InlineKeyboardMarkup:
    """The buttons of one step of the notulen form (`cd.MINUTES_STEP` words), in a row."""
    return InlineKeyboardMarkup([[_minutes_button(lang, forum_id, word) for word in words]])
