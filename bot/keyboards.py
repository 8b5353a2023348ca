"""Every inline keyboard the bot shows; labels come from the catalogs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.services.attendance import InviteePage
from bot.services.directory import Card, Menu, Page, PillarRequest
from bot.services.guests import RepresentablePage
from bot.services.pillars import PillarSummary
from models import (
    Announcement,
    AudienceKind,
    Forum,
    ForumStatus,
    Member,
    MemberStatus,
    Pillar,
    RsvpAnswer,
)

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
        InlineKeyboardButton(p.name, callback_data=cd.with_id(prefix, p.id or 0))
        for p in pillar_rows
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def pillar_toggles(
    lang: str, pillar_rows: Iterable[Pillar], chosen: set[int], prefix: str
) -> InlineKeyboardMarkup:
    """Multi-select of pillars with ticks, plus "core four", "all" and "done"."""
    buttons = [
        InlineKeyboardButton(
            f"{'✅ ' if p.id in chosen else ''}{p.name}",
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
    rows = _rows(buttons, 3)
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
        rows.append([button("button-whatsapp", cd.with_id(cd.WHATSAPP, forum_id))])
        rows.append(
            [
                button("button-forum-reminders", cd.with_id(cd.FORUM_REMINDERS, forum_id)),
                button("button-forum-duplicate", cd.with_id(cd.FORUM_DUPLICATE, forum_id)),
            ]
        )
    else:  # a cancelled or past forum can still be the model of a new one
        rows.append([button("button-forum-duplicate", cd.with_id(cd.FORUM_DUPLICATE, forum_id))])
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


# ---------------------------------------------------------------- the member directory


def _button(lang: str, key: str, data: str, **values: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(t(lang, key, **values), callback_data=data)


def directory_menu(lang: str, menu: Menu) -> InlineKeyboardMarkup:
    """`/anggota`: everyone, one button per pillar with its count, who waits, search and the
    XLSX export."""
    pillar_buttons = [
        InlineKeyboardButton(
            f"{entry.pillar.name} ({entry.count})",
            callback_data=cd.with_ids(cd.DIRECTORY_PAGE, entry.pillar.id or 0, 0),
        )
        for entry in menu.pillars
    ]
    rows = [
        [
            _button(
                lang,
                "button-directory-all",
                cd.with_ids(cd.DIRECTORY_PAGE, 0, 0),
                count=menu.total,
            )
        ]
    ]
    rows += _rows(pillar_buttons, 3)
    rows.append(
        [
            _button(
                lang,
                "button-directory-waiting",
                cd.with_word(cd.DIRECTORY, "wait"),
                count=menu.waiting,
            ),
            _button(lang, "button-directory-search", cd.with_word(cd.DIRECTORY, "find")),
        ]
    )
    rows.append([_button(lang, "button-directory-export", cd.with_word(cd.DIRECTORY, "xlsx"))])
    return InlineKeyboardMarkup(rows)


def directory_page(lang: str, page: Page, *, search: bool = False) -> InlineKeyboardMarkup:
    """A page of the directory or of search results: one button per person (numbered as
    in the text) opening their card, page turns, then search and back to the menu."""
    people = [
        InlineKeyboardButton(
            f"{number}. {entry.member.full_name}"[:64],
            callback_data=cd.with_id(cd.MEMBER_CARD, entry.member.id or 0),
        )
        for number, entry in enumerate(page.entries, start=page.first_number)
    ]
    rows = _rows(people, 2)

    def turn(target: int) -> str:
        if search:
            return cd.with_id(cd.SEARCH_PAGE, target)
        pillar_id = page.pillar.id or 0 if page.pillar is not None else 0
        return cd.with_ids(cd.DIRECTORY_PAGE, pillar_id, target)

    turns = []
    if page.page > 0:
        turns.append(_button(lang, "button-previous", turn(page.page - 1)))
    if page.page + 1 < page.pages:
        turns.append(_button(lang, "button-next", turn(page.page + 1)))
    if turns:
        rows.append(turns)
    rows.append(
        [
            _button(lang, "button-directory-search", cd.with_word(cd.DIRECTORY, "find")),
            _button(lang, "button-directory-menu", cd.with_word(cd.DIRECTORY, "menu")),
        ]
    )
    return InlineKeyboardMarkup(rows)


def member_card(lang: str, card: Card) -> InlineKeyboardMarkup:
    """Under a member's card: edit name / institution / position, change pillar, what the
    member's status allows (make or revoke admin, deactivate or restore, approve or reject a
    registration, undo a rejection), and back to their pillar's page."""
    member = card.member
    member_id = member.id or 0

    def edit(key: str, word: str) -> InlineKeyboardButton:
        return _button(lang, key, cd.with_id_word(cd.MEMBER_EDIT, member_id, word))

    def act(key: str, word: str) -> InlineKeyboardButton:
        return _button(lang, key, cd.with_id_word(cd.MEMBER_ACTION, member_id, word))

    rows = [
        [edit("button-edit-name", "name"), edit("button-edit-institution", "inst")],
        [edit("button-edit-position", "pos"), edit("button-edit-pillar", "pillar")],
    ]
    if member.status == MemberStatus.APPROVED:
        rows.append(
            [
                act("button-admin-revoke", "unadmin")
                if member.is_admin
                else act("button-admin-make", "admin"),
                act("button-deactivate", "off"),
            ]
        )
    elif member.status == MemberStatus.INACTIVE:
        rows.append([act("button-restore", "on")])
    elif member.status == MemberStatus.PENDING:
        rows.append([act("button-approve", "ok"), act("button-reject", "no")])
    elif member.status == MemberStatus.REJECTED:
        rows.append([act("button-unreject", "unrej")])
    if card.requested_pillar is not None and member.status == MemberStatus.APPROVED:
        pillar_id = card.requested_pillar.id or 0
        rows.append(
            [
                InlineKeyboardButton(
                    t(lang, "button-pillar-approve", pillar=card.requested_pillar.name),
                    callback_data=cd.pillar_decision(member_id, pillar_id, True),
                ),
                InlineKeyboardButton(
                    t(lang, "button-reject"),
                    callback_data=cd.pillar_decision(member_id, pillar_id, False),
                ),
            ]
        )
    rows.append(
        [
            _button(
                lang,
                "button-directory-back",
                cd.with_ids(cd.DIRECTORY_PAGE, card.pillar.id or 0, 0),
                pillar=card.pillar.name,
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def member_pillars(
    lang: str, member: Member, pillar_rows: Iterable[Pillar], prefix: str
) -> InlineKeyboardMarkup:
    """The pillars to move a member to (`mpil:<member>:<pillar>`, or `ppil:<pillar>` for
    one's own with `prefix` PROFILE_PILLAR); the current one is ticked."""
    buttons = [
        InlineKeyboardButton(
            f"{'✅ ' if p.id == member.pillar_id else ''}{p.name}",
            callback_data=cd.with_ids(prefix, member.id or 0, p.id or 0)
            if prefix == cd.MEMBER_PILLAR
            else cd.with_id(prefix, p.id or 0),
        )
        for p in pillar_rows
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def waiting(
    lang: str,
    registrations: Sequence[tuple[Member, Pillar]],
    pillar_changes: Sequence[PillarRequest],
) -> InlineKeyboardMarkup:
    """Approve / Reject per person waiting (numbered as in the text), then back to the menu."""
    rows = []
    for number, (member, _pillar) in enumerate(registrations, start=1):
        rows.append(
            [
                InlineKeyboardButton(
                    f"✅ {number}. {member.full_name[:40]}",
                    callback_data=cd.with_id_word(cd.MEMBER_ACTION, member.id or 0, "ok"),
                ),
                InlineKeyboardButton(
                    f"❌ {number}",
                    callback_data=cd.with_id_word(cd.MEMBER_ACTION, member.id or 0, "no"),
                ),
            ]
        )
    for number, request in enumerate(pillar_changes, start=len(registrations) + 1):
        member_id, pillar_id = request.member.id or 0, request.requested.id or 0
        rows.append(
            [
                InlineKeyboardButton(
                    f"🔁 {number}. {request.member.full_name[:40]}",
                    callback_data=cd.pillar_decision(member_id, pillar_id, True),
                ),
                InlineKeyboardButton(
                    f"❌ {number}", callback_data=cd.pillar_decision(member_id, pillar_id, False)
                ),
            ]
        )
    rows.append([_button(lang, "button-directory-menu", cd.with_word(cd.DIRECTORY, "menu"))])
    return InlineKeyboardMarkup(rows)


def own_profile(lang: str) -> InlineKeyboardMarkup:
    """Under `/profil`: edit one's name, institution, position, or ask for another pillar."""

    def edit(key: str, word: str) -> InlineKeyboardButton:
        return _button(lang, key, cd.with_word(cd.PROFILE_EDIT, word))

    return InlineKeyboardMarkup(
        [
            [edit("button-edit-name", "name"), edit("button-edit-institution", "inst")],
            [edit("button-edit-position", "pos"), edit("button-edit-pillar", "pillar")],
        ]
    )


def pillar_list(lang: str, summaries: Sequence[PillarSummary]) -> InlineKeyboardMarkup:
    """`/pilar`: a button per pillar (its card; the marks are in the text above), then
    "add a pillar"."""
    buttons = [
        InlineKeyboardButton(s.pillar.name[:64], callback_data=cd.pillar(s.pillar.id or 0))
        for s in summaries
    ]
    rows = _rows(buttons, 2)
    rows.append(
        [InlineKeyboardButton(t(lang, "button-pillar-add"), callback_data=cd.pillar(None, "add"))]
    )
    return InlineKeyboardMarkup(rows)


def pillar_card(lang: str, pillar: Pillar) -> InlineKeyboardMarkup:
    """A pillar's actions: rename, (un)mark core, hide or show, delete, back to the list."""
    pillar_id = pillar.id or 0

    def button(key: str, action: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(t(lang, key), callback_data=cd.pillar(pillar_id, action))

    return InlineKeyboardMarkup(
        [
            [
                button("button-pillar-rename", "ren"),
                button("button-pillar-uncore", "uncore")
                if pillar.is_core
                else button("button-pillar-core", "core"),
            ],
            [
                button("button-pillar-show", "show")
                if pillar.is_hidden
                else button("button-pillar-hide", "hide"),
                button("button-pillar-delete", "del"),
            ],
            [
                InlineKeyboardButton(
                    t(lang, "button-pillar-list"), callback_data=cd.pillar(None, "list")
                )
            ],
        ]
    )


def pillar_delete(lang: str, pillar_id: int) -> InlineKeyboardMarkup:
    """Confirm deleting a pillar (`pil:<id>:delok`), or go back to its card."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-pillar-delete-confirm"),
                    callback_data=cd.pillar(pillar_id, "delok"),
                ),
                InlineKeyboardButton(t(lang, "button-cancel"), callback_data=cd.pillar(pillar_id)),
            ]
        ]
    )
