"""Members' texts: /profil, the /anggota directory and cards, approvals, /pilar."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.dates import (
    format_datetime,
)
from bot.i18n import Html, plain, t
from bot.render.text import MESSAGE_LIMIT, lines, shorten, units
from bot.services.directory import Card, Menu, Page, PillarRequest
from bot.services.member_edits import Edit
from bot.services.pillars import PillarSummary
from models import Member, MemberStatus, Pillar


def profile(member: Member, pillar: Pillar, lang: str) -> Html:
    """A member's profile card."""
    return t(
        lang,
        "profile",
        name=member.full_name,
        pillar=pillar.name,
        institution=member.institution,
        position=member.position,
        status=t(lang, "status-admin" if member.is_admin else f"status-{member.status}"),
    )


def _marks(member: Member, *, requested: bool = False) -> Html:
    """ " 👑⏳" after a name: admin, pending, deactivated, rejected, unreachable, asked to
    change pillar."""
    marks = "".join(
        mark
        for flag, mark in (
            (member.is_admin, "👑"),
            (member.status == MemberStatus.PENDING, "⏳"),
            (member.status == MemberStatus.INACTIVE, "💤"),
            (member.status == MemberStatus.REJECTED, "❌"),
            (not member.is_reachable, "⛔"),
            (requested or member.requested_pillar_id is not None, "🔁"),
        )
        if flag
    )
    return Html(f" {marks}" if marks else "")


def directory_menu(menu: Menu, lang: str) -> Html:
    """`/anggota`'s first message: how many people, what to press."""
    return t(lang, "directory-menu", count=menu.total, waiting=menu.waiting)


# Widths (name, institution, position) a directory row is cut to, tried in turn until a page
# fits one message: 20 rows of the longest fields the bot accepts (200/300/200) would not.
ROW_WIDTHS = ((80, 80, 60), (48, 40, 32), (28, 20, 16))


def directory_page(page: Page, lang: str, *, query: str | None = None) -> Html:
    """A page of the directory (a pillar's, everyone's, or search results for `query`):
    numbered rows under their pillar's name, marks, the page number when there are several,
    and the legend. One message (at most `MESSAGE_LIMIT`, sendMessage/editMessageText)
    whatever the fields' lengths: long ones are shortened, the card shows them whole."""
    for widths in ROW_WIDTHS:
        text = _directory_page(page, lang, query, widths)
        if units(plain(text)) <= MESSAGE_LIMIT:
            break
    return text


def _directory_page(
    page: Page, lang: str, query: str | None, widths: tuple[int, int, int]
) -> Html:
    name_width, institution_width, position_width = widths
    if query is not None:
        heading = t(lang, "directory-search-heading", query=query, count=page.total)
    elif page.pillar is not None:
        heading = t(lang, "directory-pillar-heading", pillar=page.pillar.name, count=page.total)
    else:
        heading = t(lang, "roster-heading", count=page.total)
    out: list[str] = [heading]
    if not page.entries:
        out.append(t(lang, "directory-search-none" if query is not None else "directory-empty"))
    pillar = None
    for number, entry in enumerate(page.entries, start=page.first_number):
        if entry.pillar.name != pillar and page.pillar is None:
            pillar = entry.pillar.name
            out.append(t(lang, "roster-pillar", pillar=shorten(pillar, name_width)))
        member = entry.member
        out.append(
            t(
                lang,
                "directory-row",
                number=number,
                name=shorten(member.full_name, name_width),
                institution=shorten(member.institution, institution_width),
                position=shorten(member.position, position_width),
                marks=_marks(member),
            )
        )
    if page.pages > 1:
        out.append(t(lang, "roster-page", page=page.page + 1, pages=page.pages))
    out.append(t(lang, "directory-legend"))
    return lines(out)


def member_card(card: Card, lang: str, tz: ZoneInfo) -> Html:
    """A member's card in `/anggota`: every field an admin may change and its dates."""
    member = card.member
    requested = (
        t(lang, "card-pillar-requested", pillar=card.requested_pillar.name)
        if card.requested_pillar is not None
        else ""
    )
    decided = format_datetime(member.decided_at, tz=tz, lang=lang) if member.decided_at else "-"
    return t(
        lang,
        "member-card",
        name=member.full_name,
        pillar=card.pillar.name,
        requested=Html(requested),
        institution=member.institution,
        position=member.position,
        status=t(lang, f"status-{member.status}"),
        admin=t(lang, "card-yes" if member.is_admin else "card-no"),
        language=t(lang, f"card-language-{member.language}"),
        registered=format_datetime(member.created_at, tz=tz, lang=lang),
        decided=decided,
        reachable=Html("" if member.is_reachable else t(lang, "card-unreachable")),
    )


WAITING_SHOWN = 10  # people with Approve / Reject in one message (20 buttons); the rest counted


def first_waiting(
    registrations: Sequence[tuple[Member, Pillar]], pillar_changes: Sequence[PillarRequest]
) -> tuple[Sequence[tuple[Member, Pillar]], Sequence[PillarRequest]]:
    """The oldest `WAITING_SHOWN` of those waiting, registrations first: what one digest or
    ⏳ list shows with buttons (the next ones appear as these are decided)."""
    shown = registrations[:WAITING_SHOWN]
    return shown, pillar_changes[: max(0, WAITING_SHOWN - len(shown))]


def waiting_list(
    registrations: Sequence[tuple[Member, Pillar]],
    pillar_changes: Sequence[PillarRequest],
    lang: str,
) -> Html:
    """`/anggota` › ⏳: the `first_waiting` registrations, then pillar changes, numbered as
    their buttons, and how many more wait."""
    count = len(registrations) + len(pillar_changes)
    shown, changes = first_waiting(registrations, pillar_changes)
    out: list[str] = [t(lang, "directory-waiting-heading", count=count)]
    for number, (member, pillar) in enumerate(shown, start=1):
        out.append(registration_row(number, member, pillar, lang))
    for number, request in enumerate(changes, start=len(shown) + 1):
        out.append(pillar_request_row(number, request, lang))
    if not count:
        out.append(t(lang, "directory-waiting-none"))
    hidden = count - len(shown) - len(changes)
    if hidden:
        out.append(t(lang, "approval-digest-more", count=hidden).strip())
    return lines(out)


def registration_row(number: int, member: Member, pillar: Pillar, lang: str) -> Html:
    """ "1. <name> · PPK · <institution> · <position>" (the waiting list and the digest)."""
    return t(
        lang,
        "approval-digest-row",
        number=number,
        name=shorten(member.full_name, 80),
        pillar=shorten(pillar.name, 40),
        institution=shorten(member.institution, 80),
        position=shorten(member.position, 60),
    )


def pillar_request_row(number: int, request: PillarRequest, lang: str) -> Html:
    """ "3. 🔁 <name> · Polri → TNI · <institution>" (the waiting list and the digest)."""
    return t(
        lang,
        "pillar-request-row",
        number=number,
        name=shorten(request.member.full_name, 80),
        old=shorten(request.current.name, 40),
        new=shorten(request.requested.name, 40),
        institution=shorten(request.member.institution, 80),
    )


def _change_value(field: str, value: str, lang: str) -> str:
    if field == "admin":
        return t(lang, "card-yes" if value == "true" else "card-no")
    if field == "status":
        return t(lang, f"status-{value}")
    return value  # a typed text or a pillar name: `t` escapes it


def change_line(edit: Edit, lang: str) -> Html:
    """ "✅ Nama: <old> → <new>" over a card after a change (a pillar by its names)."""
    old, new = edit.shown or (edit.old, edit.new)
    return t(
        lang,
        "member-changed",
        field=t(lang, f"field-{edit.field}"),
        old=_change_value(edit.field, old, lang),
        new=_change_value(edit.field, new, lang),
    )


def _pillar_marks(pillar: Pillar) -> str:
    """ " ⭐" for a core pillar, " 🙈" for a hidden one (explained by `pillar-legend`)."""
    return (" ⭐" if pillar.is_core else "") + (" 🙈" if pillar.is_hidden else "")


def pillar_list(summaries: Sequence[PillarSummary], lang: str) -> Html:
    """`/pilar`: each pillar with its marks and members, the legend, what to do."""
    rows = [
        t(
            lang,
            "pillar-row",
            name=s.pillar.name,
            marks=_pillar_marks(s.pillar),
            members=s.members,
        )
        for s in summaries
    ]
    return t(lang, "pillar-list", count=len(summaries), rows=lines(rows))


def pillar_card(found: PillarSummary, lang: str) -> Html:
    """One pillar under `/pilar`: name, core or not, shown or hidden, members, forums."""
    pillar = found.pillar
    return t(
        lang,
        "pillar-card",
        name=pillar.name,
        marks=_pillar_marks(pillar),
        core=t(lang, "pillar-core-yes" if pillar.is_core else "pillar-core-no"),
        shown=t(lang, "pillar-hidden" if pillar.is_hidden else "pillar-shown"),
        members=found.members,
        forums=found.forums,
    )
