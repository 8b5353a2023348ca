"""Every inline keyboard the bot shows; labels come from the catalogs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.services.attendance import InviteePage
from bot.services.guests import RepresentablePage
from bot.services.members import RosterPage
from models import Forum, ForumStatus, Pillar, RsvpAnswer

_ANSWER_LABELS = {
    RsvpAnswer.ATTENDING: "button-attending",
    RsvpAnswer.DELEGATED: "button-delegated",
    RsvpAnswer.DECLINED: "button-declined",
}


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def rsvp(lang: str, forum_id: int, current: RsvpAnswer | None = None) -> InlineKeyboardMarkup:
    """Hadir / Diwakilkan / Tidak hadir under an invitation; the current answer is ticked."""
    buttons = []
    for answer, key in _ANSWER_LABELS.items():
        label: str = t(lang, key)
        if answer == current:
            label = f"✅ {label}"
        buttons.append(InlineKeyboardButton(label, callback_data=cd.rsvp(forum_id, answer)))
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def pillars(lang: str, pillar_rows: Iterable[Pillar], prefix: str) -> InlineKeyboardMarkup:
    """One button per pillar (registration, invite links)."""
    buttons = [
        InlineKeyboardButton(p.code, callback_data=cd.with_id(prefix, p.id or 0))
        for p in pillar_rows
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def pillar_toggles(
    lang: str, pillar_rows: Iterable[Pillar], chosen: set[int], prefix: str
) -> InlineKeyboardMarkup:
    """Multi-select of pillars with ticks, plus "core four", "all" and "done"."""
    buttons = [
        InlineKeyboardButton(
            f"{'✅ ' if p.id in chosen else ''}{p.code}",
            callback_data=cd.with_id(prefix, p.id or 0),
        )
        for p in pillar_rows
    ]
    rows = _rows(buttons, 3)
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "button-core-pillars"), callback_data=cd.with_word(prefix, "core")
            ),
            InlineKeyboardButton(
                t(lang, "button-all-pillars"), callback_data=cd.with_word(prefix, "all")
            ),
        ]
    )
    rows.append(
        [InlineKeyboardButton(t(lang, "button-done"), callback_data=cd.with_word(prefix, "done"))]
    )
    return InlineKeyboardMarkup(rows)


def confirm(lang: str, prefix: str, yes_key: str = "button-confirm") -> InlineKeyboardMarkup:
    """A yes / cancel pair (`prefix:ok`, `prefix:no`)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, yes_key), callback_data=cd.with_word(prefix, "ok")),
                InlineKeyboardButton(
                    t(lang, "button-cancel"), callback_data=cd.with_word(prefix, "no")
                ),
            ]
        ]
    )


def skip(lang: str) -> InlineKeyboardMarkup:
    """A single "skip" button for an optional step."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "button-skip"), callback_data=cd.FORUM_SKIP)]]
    )


def approval(lang: str, member_id: int) -> InlineKeyboardMarkup:
    """Approve / Reject under a pending registration sent to admins."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-approve"), callback_data=cd.approval(member_id, True)
                ),
                InlineKeyboardButton(
                    t(lang, "button-reject"), callback_data=cd.approval(member_id, False)
                ),
            ]
        ]
    )


def forum_list(
    forums: Iterable[Forum], prefix: str, labels: dict[int, str]
) -> InlineKeyboardMarkup:
    """One button per forum; `labels` maps forum id to the button text."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(labels[f.id or 0], callback_data=cd.with_id(prefix, f.id or 0))]
            for f in forums
        ]
    )


def audience(lang: str, pillar_rows: Iterable[Pillar], chosen: set[int]) -> InlineKeyboardMarkup:
    """Announcement audience: everyone, or chosen pillars."""
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
    return InlineKeyboardMarkup(rows)


def languages() -> InlineKeyboardMarkup:
    """Bahasa Indonesia / English."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "🇮🇩 Bahasa Indonesia", callback_data=cd.with_word(cd.LANGUAGE, "id")
                ),
                InlineKeyboardButton("🇬🇧 English", callback_data=cd.with_word(cd.LANGUAGE, "en")),
            ]
        ]
    )


def forum_manage(lang: str, forum: Forum) -> InlineKeyboardMarkup:
    """An admin's actions under a forum's detail (`/forum`): changes while it is on, the
    venue's check-in, and the exports, which stay for a cancelled or past forum."""
    forum_id = forum.id or 0

    def button(key: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(t(lang, key), callback_data=data)

    rows: list[list[InlineKeyboardButton]] = []
    if forum.status == ForumStatus.PUBLISHED:
        rows.append(
            [
                button("button-forum-edit", cd.with_id(cd.FORUM_EDIT, forum_id)),
                button("button-forum-cancel", cd.with_id(cd.FORUM_CANCEL, forum_id)),
            ]
        )
        rows.append(
            [
                button("button-group-post", cd.with_id(cd.GROUP_POST, forum_id)),
                button("button-checkin-qr", cd.with_id(cd.CHECKIN_QR, forum_id)),
            ]
        )
        rows.append(
            [
                button("button-forum-capacity", cd.with_id(cd.FORUM_CAPACITY, forum_id)),
                button("button-attendance", cd.with_ids(cd.ATTENDANCE, forum_id, 0)),
            ]
        )
    rows.append(exports_row(lang, forum_id))
    return InlineKeyboardMarkup(rows)


def exports_row(lang: str, forum_id: int) -> list[InlineKeyboardButton]:
    """Daftar Hadir as PDF and XLSX (under `/forum` and `/rekap`)."""
    return [
        InlineKeyboardButton(
            t(lang, "button-export-pdf"), callback_data=cd.with_id_word(cd.EXPORT, forum_id, "pdf")
        ),
        InlineKeyboardButton(
            t(lang, "button-export-xlsx"),
            callback_data=cd.with_id_word(cd.EXPORT, forum_id, "xlsx"),
        ),
    ]


def exports(lang: str, forum_id: int) -> InlineKeyboardMarkup:
    """The exports row alone (under `/rekap`)."""
    return InlineKeyboardMarkup([exports_row(lang, forum_id)])


def _page_turns(
    lang: str, prefix: str, forum_id: int, page: int, pages: int
) -> list[InlineKeyboardButton]:
    """◀️ / ▶️ of a forum's paged list (`prefix:<forum>:<page>`), those that lead somewhere."""
    turns = []
    if page > 0:
        turns.append(
            InlineKeyboardButton(
                t(lang, "button-previous"), callback_data=cd.with_ids(prefix, forum_id, page - 1)
            )
        )
    if page + 1 < pages:
        turns.append(
            InlineKeyboardButton(
                t(lang, "button-next"), callback_data=cd.with_ids(prefix, forum_id, page + 1)
            )
        )
    return turns


def attendance_page(lang: str, listing: InviteePage) -> InlineKeyboardMarkup:
    """One button per invitee on the page (✅ checked in, ⬜ not), then page turns."""
    forum_id = listing.forum.id or 0
    rows = [
        [
            InlineKeyboardButton(
                f"{'✅' if entry.attendance else '⬜'} {entry.member.full_name}"[:64],
                callback_data=cd.with_ids(cd.ATTENDANCE_MARK, forum_id, entry.member.id or 0),
            )
        ]
        for entry in listing.invitees
    ]
    turns = _page_turns(lang, cd.ATTENDANCE, forum_id, listing.page, listing.pages)
    if turns:
        rows.append(turns)
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "button-guest-add"), callback_data=cd.with_id(cd.GUEST_ADD, forum_id)
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def representable(
    lang: str, listing: RepresentablePage, *, choose: str, turn: str, nobody: bool
) -> InlineKeyboardMarkup:
    """One button per invitee a representative may stand for (`choose:<forum>:<member>`),
    by institution and position, 📨 marking a Diwakilkan answer; page turns
    (`turn:<forum>:<page>`); with `nobody`, a last button for a guest who represents no one
    (`choose:<forum>:0`)."""
    forum_id = listing.forum.id or 0
    rows = [
        [
            InlineKeyboardButton(
                f"{'📨 ' if entry.delegated else ''}{entry.member.institution} · "
                f"{entry.member.position}"[:64],
                callback_data=cd.with_ids(choose, forum_id, entry.member.id or 0),
            )
        ]
        for entry in listing.entries
    ]
    turns = _page_turns(lang, turn, forum_id, listing.page, listing.pages)
    if turns:
        rows.append(turns)
    if nobody:
        rows.append(
            [
                InlineKeyboardButton(
                    t(lang, "button-represents-nobody"),
                    callback_data=cd.with_ids(choose, forum_id, 0),
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def group_choice(forum_id: int, choices: Iterable[tuple[int, str]]) -> InlineKeyboardMarkup:
    """One button per coordination group to post a forum to (`gpost:<forum>:<group row>`);
    `choices` are (group row id, label) pairs."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label, callback_data=cd.with_ids(cd.GROUP_POST, forum_id, group_id)
                )
            ]
            for group_id, label in choices
        ]
    )


def with_ics(
    lang: str, forum_id: int, markup: InlineKeyboardMarkup | None = None
) -> InlineKeyboardMarkup:
    """`markup` (or nothing) with a row below it: the forum's `.ics` file (`ics:<forum>`)."""
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    rows.append(
        [InlineKeyboardButton(t(lang, "button-ics"), callback_data=cd.with_id(cd.ICS, forum_id))]
    )
    return InlineKeyboardMarkup(rows)


def roster_pages(lang: str, listing: RosterPage) -> InlineKeyboardMarkup | None:
    """◀️ / ▶️ under a page of `/anggota` (`mem:<page>`); nothing when it has one page."""
    turns = []
    if listing.page > 0:
        turns.append(
            InlineKeyboardButton(
                t(lang, "button-previous"), callback_data=cd.with_id(cd.ROSTER, listing.page - 1)
            )
        )
    if listing.page + 1 < listing.pages:
        turns.append(
            InlineKeyboardButton(
                t(lang, "button-next"), callback_data=cd.with_id(cd.ROSTER, listing.page + 1)
            )
        )
    return InlineKeyboardMarkup([turns]) if turns else None


def pages(lang: str, prefix: str, page: int, has_older: bool) -> InlineKeyboardMarkup | None:
    """Older / Newer buttons of a paginated list (`prefix:<page>`, page 0 the newest)."""
    row = []
    if has_older:
        row.append(
            InlineKeyboardButton(
                t(lang, "button-older"), callback_data=cd.with_id(prefix, page + 1)
            )
        )
    if page > 0:
        row.append(
            InlineKeyboardButton(
                t(lang, "button-newer"), callback_data=cd.with_id(prefix, page - 1)
            )
        )
    return InlineKeyboardMarkup([row]) if row else None


def unreject(lang: str, member_id: int) -> InlineKeyboardMarkup:
    """ "Batalkan penolakan" under a rejection an admin just made."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-unreject"), callback_data=cd.with_id(cd.UNREJECT, member_id)
                )
            ]
        ]
    )
