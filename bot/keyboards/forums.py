"""Keyboards of a forum's life: RSVP, the forum form's steps, its management and attendance."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.keyboards.common import in_rows, page_turns
from bot.keyboards.paper import minutes_open
from bot.services.attendance import InviteePage
from bot.services.guests import RepresentablePage
from models import Forum, ForumStatus, RsvpAnswer

_ANSWER_LABELS = {
    RsvpAnswer.ATTENDING: "button-attending",
    RsvpAnswer.DELEGATED: "button-delegated",
    RsvpAnswer.DECLINED: "button-declined",
}


def rsvp(lang: str, forum_id: int, current: RsvpAnswer | None = None) -> InlineKeyboardMarkup:
    """Hadir / Diwakilkan / Tidak hadir under an invitation; the current answer is ticked."""
    buttons = []
    for answer, key in _ANSWER_LABELS.items():
        label: str = t(lang, key)
        if answer == current:
            label = f"✅ {label}"
        buttons.append(InlineKeyboardButton(label, callback_data=cd.rsvp(forum_id, answer)))
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def offset_toggles(
    lang: str,
    choices: dict[int, str],
    chosen: Iterable[int],
    toggle: Callable[[int], str],
    done: tuple[str, str],
    extra: Sequence[InlineKeyboardButton] = (),
) -> InlineKeyboardMarkup:
    """Reminder offsets to tick ("✅ H-1", "2 jam"): `choices` maps each (seconds) to its
    label (`render.offset_label`), `toggle(seconds)` gives its data; then the `extra`
    buttons and the (label key, data) `done` button."""
    ticked = set(chosen)
    buttons = [
        InlineKeyboardButton(
            f"{'✅ ' if offset in ticked else ''}{label}", callback_data=toggle(offset)
        )
        for offset, label in choices.items()
    ]
    rows = in_rows(buttons, 3)
    if extra:
        rows.append(list(extra))
    rows.append([InlineKeyboardButton(t(lang, done[0]), callback_data=done[1])])
    return InlineKeyboardMarkup(rows)


def new_forum_offsets(
    lang: str, choices: dict[int, str], chosen: Iterable[int]
) -> InlineKeyboardMarkup:
    """The offsets step of /forum_baru (`fofs:<seconds>`, `fofs:ok`)."""
    return offset_toggles(
        lang,
        choices,
        chosen,
        lambda offset: cd.with_id(cd.FORUM_OFFSET, offset),
        ("button-next-step", cd.with_word(cd.FORUM_OFFSET, "ok")),
    )


def forum_reminders(
    lang: str, forum_id: int, choices: dict[int, str], chosen: Iterable[int], *, has_note: bool
) -> InlineKeyboardMarkup:
    """A published forum's reminders (`frem:<forum>:<seconds>`; note, clear, save)."""
    extra = [
        InlineKeyboardButton(
            t(lang, "button-note-edit"),
            callback_data=cd.with_id_word(cd.FORUM_REMINDERS, forum_id, "note"),
        )
    ]
    if has_note:
        extra.append(
            InlineKeyboardButton(
                t(lang, "button-note-clear"),
                callback_data=cd.with_id_word(cd.FORUM_REMINDERS, forum_id, "clear"),
            )
        )
    return offset_toggles(
        lang,
        choices,
        chosen,
        lambda offset: cd.with_ids(cd.FORUM_REMINDERS, forum_id, offset),
        ("button-save", cd.with_id_word(cd.FORUM_REMINDERS, forum_id, "ok")),
        extra,
    )


def repeat_choice(lang: str) -> InlineKeyboardMarkup:
    """No repeat / every week / every month (`frep:<none|weekly|monthly>`)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, f"button-repeat-{word}"),
                    callback_data=cd.with_word(cd.FORUM_REPEAT, word),
                )
            ]
            for word in ("none", "weekly", "monthly")
        ]
    )


def file_choice(lang: str) -> InlineKeyboardMarkup:
    """A duplicate's attachment step: keep the original's file, or go on without one
    (`cd.FORUM_FILE_KEEP`, `cd.FORUM_SKIP`); sending a file replaces it."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t(lang, "button-file-keep"), callback_data=cd.FORUM_FILE_KEEP)],
            [InlineKeyboardButton(t(lang, "button-file-none"), callback_data=cd.FORUM_SKIP)],
        ]
    )


def forum_file(lang: str, forum_id: int, *, has_file: bool) -> InlineKeyboardMarkup:
    """Under a published forum's attachment question: remove the file it has
    (`ffile:<forum>:del`, only when it has one) or keep it as it is (`ffile:<forum>:keep`);
    sending a file replaces it."""
    keep = InlineKeyboardButton(
        t(lang, "button-cancel"), callback_data=cd.with_id_word(cd.FORUM_FILE, forum_id, "keep")
    )
    rows = [[keep]]
    if has_file:
        remove = InlineKeyboardButton(
            t(lang, "button-forum-file-remove"),
            callback_data=cd.with_id_word(cd.FORUM_FILE, forum_id, "del"),
        )
        rows.insert(0, [remove])
    return InlineKeyboardMarkup(rows)


def change_scope(lang: str, forum_id: int, later: int) -> InlineKeyboardMarkup:
    """Under an edit's preview of a forum in a series: this one only (`fedit:<forum>:ok`),
    this one and the `later` ones after it (`fedit:<forum>:later`), or cancel."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-change-this"),
                    callback_data=cd.with_id_word(cd.FORUM_EDIT, forum_id, "ok"),
                )
            ],
            [
                InlineKeyboardButton(
                    t(lang, "button-change-later", count=later),
                    callback_data=cd.with_id_word(cd.FORUM_EDIT, forum_id, "later"),
                )
            ],
            [
                InlineKeyboardButton(
                    t(lang, "button-cancel"),
                    callback_data=cd.with_id_word(cd.FORUM_EDIT, forum_id, "no"),
                )
            ],
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
        rows.append(
            [
                button("button-whatsapp", cd.with_id(cd.WHATSAPP, forum_id)),
                button("button-forum-file", cd.with_id(cd.FORUM_FILE, forum_id)),
            ]
        )
        rows.append(
            [
                button("button-forum-reminders", cd.with_id(cd.FORUM_REMINDERS, forum_id)),
                button("button-forum-duplicate", cd.with_id(cd.FORUM_DUPLICATE, forum_id)),
            ]
        )
        rows.append(
            [
                button("button-forum-letter", cd.with_id(cd.FORUM_LETTER, forum_id)),
                button("button-forum-photos", cd.with_id(cd.FORUM_PHOTOS, forum_id)),
            ]
        )
        rows.append(
            [minutes_open(lang, forum_id), button("button-kiosk", cd.with_id(cd.KIOSK, forum_id))]
        )
    else:  # a cancelled or past forum can still be the model of a new one
        rows.append([button("button-forum-duplicate", cd.with_id(cd.FORUM_DUPLICATE, forum_id))])
    rows.extend(exports_rows(lang, forum_id))
    return InlineKeyboardMarkup(rows)


def exports_rows(lang: str, forum_id: int) -> list[list[InlineKeyboardButton]]:
    """Daftar Hadir as PDF and XLSX, and the Berkas SPJ (under `/forum` and `/rekap`)."""
    return [
        [
            InlineKeyboardButton(
                t(lang, "button-export-pdf"),
                callback_data=cd.with_id_word(cd.EXPORT, forum_id, "pdf"),
            ),
            InlineKeyboardButton(
                t(lang, "button-export-xlsx"),
                callback_data=cd.with_id_word(cd.EXPORT, forum_id, "xlsx"),
            ),
        ],
        [InlineKeyboardButton(t(lang, "button-spj"), callback_data=cd.with_id(cd.SPJ, forum_id))],
    ]


def exports(lang: str, forum: Forum) -> InlineKeyboardMarkup:
    """The exports rows and 📷 Dokumentasi (under `/rekap`, which lists the forums of the
    last days too: photos and minutes come after a forum), with 📝 Notulen for a published
    forum."""
    forum_id = forum.id or 0
    photos = InlineKeyboardButton(
        t(lang, "button-forum-photos"), callback_data=cd.with_id(cd.FORUM_PHOTOS, forum_id)
    )
    rows = [*exports_rows(lang, forum_id), [photos]]
    if forum.status == ForumStatus.PUBLISHED:
        rows.append([minutes_open(lang, forum_id)])
    return InlineKeyboardMarkup(rows)


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
    turns = page_turns(
        lang, listing.page, listing.pages, lambda to: cd.with_ids(cd.ATTENDANCE, forum_id, to)
    )
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
    turns = page_turns(
        lang, listing.page, listing.pages, lambda to: cd.with_ids(turn, forum_id, to)
    )
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
