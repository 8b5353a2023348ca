"""People at the check-in desk who are not invited members checking themselves in (issue 10,
item 8): a representative who checks in with their own Telegram account, and a walk-in guest
the desk admin adds by hand.

Both are `Attendance` rows that describe the person who came (`delegate_name`,
`delegate_institution`, `delegate_position`). A representative's row counts for the invited
member they stand for (`member_id`) and keeps their Telegram account (`delegate_user_id`),
so a second scan finds it; a guest who represents nobody has no `member_id`. A member is
represented once: a second representative, or one for a member already checked in, is
refused.

Whom a representative may name: the forum's invitees not yet checked in, those who answered
Diwakilkan first (and first of all those whose named representative carries the typed name).
They are shown by institution and position, not by name, to whoever holds the QR link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.attendance import (
    PAGE_SIZE,
    CheckInNotOpen,
    Window,
    existing,
    forum_by_token,
    insert_once,
    invitee,
    open_now,
)
from bot.services.errors import ServiceError
from bot.services.forums import forum_pillars, invited_members, published_forum
from bot.services.members import INSTITUTION_MAX, NAME_MAX, POSITION_MAX, clean_text
from models import Attendance, AttendanceMethod, Forum, Member, Rsvp, RsvpAnswer


@dataclass(frozen=True)
class GuestDetails:
    """Who came, as typed (cleaned: one line each, within the columns' lengths)."""

    name: str
    institution: str
    position: str


def guest_details(name: str, institution: str, position: str) -> GuestDetails:
    """Clean and check a guest's name, institution and position.

    Raises:
        ServiceError: a text error (`error-text-empty`, `error-text-too-long`, ...).
    """
    return GuestDetails(
        name=clean_text(name, max_length=NAME_MAX),
        institution=clean_text(institution, max_length=INSTITUTION_MAX),
        position=clean_text(position, max_length=POSITION_MAX),
    )


@dataclass(frozen=True)
class GuestCheckIn:
    """A representative's or guest's check-in: the row, the member it counts for (None for a
    guest who represents nobody) and whether it was there already (nothing was changed)."""

    forum: Forum
    attendance: Attendance
    member: Member | None
    already: bool


async def _by_account(session: AsyncSession, forum_id: int, user_id: int) -> Attendance | None:
    query = select(Attendance).where(
        Attendance.forum_id == forum_id, Attendance.delegate_user_id == user_id
    )
    return (await session.exec(query)).first()


async def _result(
    session: AsyncSession, forum: Forum, row: Attendance, *, already: bool
) -> GuestCheckIn:
    member = await session.get(Member, row.member_id) if row.member_id is not None else None
    return GuestCheckIn(forum=forum, attendance=row, member=member, already=already)


async def start(
    session: AsyncSession,
    *,
    token: str,
    user_id: int,
    now: datetime,
    opens_before: int,
    default_duration: int,
) -> tuple[Forum, GuestCheckIn | None]:
    """A non-member opened the check-in link carrying `token` (the printed token or the desk
    screen's rotating code): the forum, and their check-in if this Telegram account
    (`user_id`) already checked in there (then nothing more is asked).

    Raises:
        ServiceError: `error-checkin-invalid`, `error-checkin-static-off`,
            `error-checkin-expired`, `error-forum-not-found`, `error-forum-cancelled`.
        CheckInNotOpen: `error-checkin-early` or `error-checkin-closed`, with the window.
    """
    forum = await forum_by_token(session, token, now=now)
    return forum, await _earlier_or_open(
        session,
        forum,
        user_id,
        now=now,
        opens_before=opens_before,
        default_duration=default_duration,
    )


async def _earlier_or_open(
    session: AsyncSession,
    forum: Forum,
    user_id: int,
    *,
    now: datetime,
    opens_before: int,
    default_duration: int,
) -> GuestCheckIn | None:
    """This account's check-in at the forum, or None if check-in is open now.

    Raises:
        CheckInNotOpen: `error-checkin-early` or `error-checkin-closed`, with the window.
    """
    found = await _by_account(session, forum.id or 0, user_id)
    if found is not None:
        return await _result(session, forum, found, already=True)
    open_now(forum, now=now, opens_before=opens_before, default_duration=default_duration)
    return None


@dataclass(frozen=True)
class Representable:
    """An invitee a representative may stand for; `delegated` when they answered Diwakilkan,
    `named` when the representative they named carries the typed name."""

    member: Member
    delegated: bool
    named: bool


@dataclass(frozen=True)
class RepresentablePage:
    """A page (`PAGE_SIZE` entries) of the invitees not checked in, in the order shown."""

    forum: Forum
    entries: list[Representable]
    page: int
    pages: int


async def representable_page(
    session: AsyncSession, forum_id: int, page: int, *, name: str = ""
) -> RepresentablePage:
    """The forum's invitees a representative called `name` may stand for, one page: those not
    checked in, whose representative is named `name` first, then the other Diwakilkan answers,
    then everyone else, each in pillar then name order (a page past the end shows the last).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`.
    """
    forum = await published_forum(session, forum_id)
    pillars = await forum_pillars(session, forum_id)
    order = {p.id: p.sort_order for p in pillars}
    checked = set(
        (
            await session.exec(
                select(Attendance.member_id).where(
                    Attendance.forum_id == forum_id, col(Attendance.member_id).is_not(None)
                )
            )
        ).all()
    )
    delegates = {
        r.member_id: (r.delegate_name or "")
        for r in (
            await session.exec(
                select(Rsvp).where(Rsvp.forum_id == forum_id, Rsvp.answer == RsvpAnswer.DELEGATED)
            )
        ).all()
    }
    wanted = " ".join(name.split()).casefold()
    entries = [
        Representable(
            member=m,
            delegated=m.id in delegates,
            named=bool(wanted)
            and " ".join(delegates.get(m.id or 0, "").split()).casefold() == wanted,
        )
        for m in await invited_members(session, forum_id, [p.id or 0 for p in pillars])
        if m.id not in checked
    ]
    entries.sort(
        key=lambda e: (
            not e.named,
            not e.delegated,
            order.get(e.member.pillar_id, 0),
            e.member.institution.casefold(),
            e.member.id or 0,
        )
    )
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return RepresentablePage(
        forum=forum,
        entries=entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE],
        page=page,
        pages=pages,
    )


def _taken(member: Member) -> ServiceError:
    """The refusal to represent a member already checked in (named as the list shows them)."""
    return ServiceError(
        "error-represent-taken", institution=member.institution, position=member.position
    )


def _row(
    forum_id: int,
    member: Member | None,
    details: GuestDetails,
    now: datetime,
    *,
    method: AttendanceMethod,
    delegate_user_id: int | None = None,
    marked_by: int | None = None,
) -> Attendance:
    """The check-in of the person described by `details`, for `member` (None: nobody)."""
    return Attendance(
        forum_id=forum_id,
        member_id=member.id if member is not None else None,
        checked_in_at=now,
        method=method,
        delegate_name=details.name,
        delegate_institution=details.institution,
        delegate_position=details.position,
        delegate_user_id=delegate_user_id,
        marked_by=marked_by,
    )


async def _represented(session: AsyncSession, forum_id: int, member_id: int) -> Member:
    """The invitee to represent, if nobody checked in for them yet.

    Raises:
        ServiceError: `error-represent-not-invited` (not an invitee of the forum),
            `error-represent-taken` (checked in already, themselves or through someone).
    """
    try:
        _, member = await invitee(session, forum_id, member_id)
    except ServiceError as exc:
        if exc.key == "error-not-invitee":
            raise ServiceError("error-represent-not-invited") from exc
        raise
    if await existing(session, forum_id, member.id or 0) is not None:
        raise _taken(member)
    return member


async def represent(
    session: AsyncSession,
    *,
    forum_id: int,
    user_id: int,
    details: GuestDetails,
    member_id: int,
    now: datetime,
    opens_before: int,
    default_duration: int,
) -> GuestCheckIn:
    """Check in the holder of Telegram account `user_id`, who came in place of the invitee
    `member_id`, at the forum `start` found for them.

    By the forum, not the link's token: the desk screen's code stops working after 90 s,
    while typing name, institution and position takes longer. The check-in window is
    checked again (the form may have taken a while). A second check-in of the same account
    returns the first with `already`.

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`, as `_represented`.
        CheckInNotOpen: as `start`.
    """
    forum = await published_forum(session, forum_id)
    earlier = await _earlier_or_open(
        session,
        forum,
        user_id,
        now=now,
        opens_before=opens_before,
        default_duration=default_duration,
    )
    if earlier is not None:
        return earlier
    forum_id = forum.id or 0
    member = await _represented(session, forum_id, member_id)
    row = _row(
        forum_id, member, details, now, method=AttendanceMethod.QR, delegate_user_id=user_id
    )
    inserted = await insert_once(session, row)
    if inserted is None:
        # A simultaneous scan won: this account's own (a double tap), or another's for the
        # same member.
        mine = await _by_account(session, forum_id, user_id)
        if mine is not None:
            return await _result(session, forum, mine, already=True)
        raise _taken(member)
    return GuestCheckIn(forum=forum, attendance=inserted, member=member, already=False)


async def desk_forum(
    session: AsyncSession, forum_id: int, *, now: datetime, opens_before: int
) -> Forum:
    """A forum the desk admin may add guests to: published, from the moment check-in opens
    (with no end: the list is often completed after the forum).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`.
        CheckInNotOpen: `error-checkin-early` before check-in opens.
    """
    forum = await published_forum(session, forum_id)
    opens_at = forum.starts_at - timedelta(seconds=opens_before)
    if now < opens_at:
        raise CheckInNotOpen("error-checkin-early", Window(opens_at, opens_at))
    return forum


async def add_guest(
    session: AsyncSession,
    *,
    forum_id: int,
    details: GuestDetails,
    member_id: int | None,
    admin_user_id: int,
    now: datetime,
    opens_before: int,
) -> GuestCheckIn:
    """The desk admin adds a walk-in guest, who represents the invitee `member_id` or nobody
    (None). Audit-logged as `attendance.guest`.

    Raises:
        ServiceError: as `desk_forum`, as `_represented`.
        CheckInNotOpen: as `desk_forum`.
    """
    forum = await desk_forum(session, forum_id, now=now, opens_before=opens_before)
    member = await _represented(session, forum_id, member_id) if member_id is not None else None
    row = _row(
        forum_id, member, details, now, method=AttendanceMethod.MANUAL, marked_by=admin_user_id
    )
    inserted = await insert_once(session, row)
    if inserted is None:
        assert member is not None  # only a member's check-in can be taken meanwhile
        raise _taken(member)
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action="attendance.guest",
        target=f"forum:{forum_id}" + (f":member:{member.id}" if member is not None else ""),
        name=details.name,
        institution=details.institution,
        position=details.position,
    )
    return GuestCheckIn(forum=forum, attendance=inserted, member=member, already=False)
