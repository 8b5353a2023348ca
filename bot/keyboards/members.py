"""Keyboards of members: approvals, the /anggota directory and cards, /profil, /pilar."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.keyboards.common import button, in_rows, page_turns
from bot.services.directory import Card, Menu, Page, PillarRequest
from bot.services.pillars import PillarSummary
from models import Member, MemberStatus, Pillar


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
            button(
                lang,
                "button-directory-all",
                cd.with_ids(cd.DIRECTORY_PAGE, 0, 0),
                count=menu.total,
            )
        ]
    ]
    rows += in_rows(pillar_buttons, 3)
    rows.append(
        [
            button(
                lang,
                "button-directory-waiting",
                cd.with_word(cd.DIRECTORY, "wait"),
                count=menu.waiting,
            ),
            button(lang, "button-directory-search", cd.with_word(cd.DIRECTORY, "find")),
        ]
    )
    rows.append([button(lang, "button-directory-export", cd.with_word(cd.DIRECTORY, "xlsx"))])
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
    rows = in_rows(people, 2)

    def turn(target: int) -> str:
        if search:
            return cd.with_id(cd.SEARCH_PAGE, target)
        pillar_id = page.pillar.id or 0 if page.pillar is not None else 0
        return cd.with_ids(cd.DIRECTORY_PAGE, pillar_id, target)

    turns = page_turns(lang, page.page, page.pages, turn)
    if turns:
        rows.append(turns)
    rows.append(
        [
            button(lang, "button-directory-search", cd.with_word(cd.DIRECTORY, "find")),
            button(lang, "button-directory-menu", cd.with_word(cd.DIRECTORY, "menu")),
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
        return button(lang, key, cd.with_id_word(cd.MEMBER_EDIT, member_id, word))

    def act(key: str, word: str) -> InlineKeyboardButton:
        return button(lang, key, cd.with_id_word(cd.MEMBER_ACTION, member_id, word))

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
            button(
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
    return InlineKeyboardMarkup(in_rows(buttons, 3))


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
    rows.append([button(lang, "button-directory-menu", cd.with_word(cd.DIRECTORY, "menu"))])
    return InlineKeyboardMarkup(rows)


def own_profile(lang: str) -> InlineKeyboardMarkup:
    """Under `/profil`: edit one's name, institution, position, or ask for another pillar."""

    def edit(key: str, word: str) -> InlineKeyboardButton:
        return button(lang, key, cd.with_word(cd.PROFILE_EDIT, word))

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
    rows = in_rows(buttons, 2)
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
