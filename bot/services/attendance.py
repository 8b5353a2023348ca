"""Attendance at the venue: check-in by the forum's QR deep link, and by an admin's hand
(SPEC section 4, attendance; issue 3 item 1)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit, kiosk, sql
from bot.services.errors import ServiceError
from bot.services.forums import forum_pillars, invited_members, published_forum
from bot.services.members import clean_text
from bot.services.rsvp import get_rsvp, invited_forum
from models import (
    Attendance,
    AttendanceMethod,
    Forum,
    Member,
    MemberStatus,
    Rsvp,
    RsvpAnswer,
)

# `/start c_<token>`: Telegram allows A-Z a-z 0-9 _ - and up to 64 characters in a payload.
PAYLOAD_PREFIX = "c_"
TOKEN_BYTES = 16  # 22 URL-safe characters: not guessable, short enough for a QR at a glance
REASON_MAX = 300
PAGE_SIZE = 8


@dataclass(frozen=True)
class Window:
    """When check-in is open for a forum: [opens_at, closes_at), aware UTC."""

    opens_at: datetime
    closes_at: datetime

    def state(self, now: datetime) -> str:
        """`early`, `open` or `closed`."""
        if now < self.opens_at:
            return "early"
        return "open" if now < self.closes_at else "closed"


def forum_end(forum: Forum, default_duration: int) -> datetime:
    """The forum's end, or its start plus `default_duration` seconds when it has none."""
    return forum.ends_at or forum.starts_at + timedelta(seconds=default_duration)


def window(forum: Forum, *, opens_before: int, default_duration: int) -> Window:
    """Check-in opens `opens_before` seconds before the start and closes at the end."""
    return Window(
        opens_at=forum.starts_at - timedelta(seconds=opens_before),
        closes_at=forum_end(forum, default_duration),
    )


def link(bot_username: str, token: str) -> str:
    """The deep link a QR code carries: `https://t.me/<bot>?start=c_<token>`."""
    return f"https://t.me/{bot_username}?start={PAYLOAD_PREFIX}{token}"


async def checkin_token(session: AsyncSession, forum_id: int) -> tuple[Forum, str]:
    """A published forum and its check-in token, made (and stored) the first time it is asked.

    Raises:
        ServiceError: `error-forum-not-found` (missing or draft), `error-forum-cancelled`.
    """
    forum = await published_forum(session, forum_id)
    if forum.checkin_token is None:
        forum.checkin_token = secrets.token_urlsafe(TOKEN_BYTES)
        session.add(forum)
        await session.flush()
    return forum, forum.checkin_token


class CheckInNotOpen(ServiceError):
    """Check-in is refused at this time: `error-checkin-early` or `error-checkin-closed`."""

    def __init__(self, key: str, window: Window) -> None:
        super().__init__(key)
        self.window = window


def open_now(forum: Forum, *, now: datetime, opens_before: int, default_duration: int) -> Window:
    """The forum's check-in window, if `now` is inside it.

    Raises:
        CheckInNotOpen: `error-checkin-early` or `error-checkin-closed`, with the window.
    """
    times = window(forum, opens_before=opens_before, default_duration=default_duration)
    state = times.state(now)
    if state != "open":
        raise CheckInNotOpen(f"error-checkin-{state}", times)
    return times


async def forum_by_token(session: AsyncSession, token: str, *, now: datetime) -> Forum:
    """The published forum whose check-in link carries `token` at aware `now`: the printed
    token or the desk screen's rotating code (`kiosk.checkin_forum`).

    Raises:
        ServiceError: as `kiosk.checkin_forum`, `error-forum-not-found`,
            `error-forum-cancelled`.
    """
    forum = await kiosk.checkin_forum(session, token, now=now)
    return await published_forum(session, forum.id or 0)


@dataclass(frozen=True)
class CheckIn:
    """A check-in and whether it was already there (a second scan changes nothing)."""

    forum: Forum
    attendance: Attendance
    already: bool


async def _delegate_of(
    session: AsyncSession, forum_id: int, member_id: int
) -> tuple[str | None, str | None]:
    """The representative (name, position) the member named in a Diwakilkan answer."""
    rsvp = await get_rsvp(session, forum_id=forum_id, member_id=member_id)
    if rsvp is not None and rsvp.answer == RsvpAnswer.DELEGATED:
        return rsvp.delegate_name, rsvp.delegate_position
    return None, None


async def existing(session: AsyncSession, forum_id: int, member_id: int) -> Attendance | None:
    """The member's check-in at the forum (their own or a representative's), or None."""
    query = select(Attendance).where(
        Attendance.forum_id == forum_id, Attendance.member_id == member_id
    )
    return (await session.exec(query)).first()


async def insert_once(session: AsyncSession, row: Attendance) -> Attendance | None:
    """Insert a check-in; None when a simultaneous one won a unique race (the same member,
    or the same representative's Telegram account, at the same forum).

    `INSERT ... ON CONFLICT DO NOTHING` rather than a savepoint: the sqlite3 driver turns
    the release of a savepoint opened outside a transaction into a commit.
    """
    values = row.model_dump(exclude={"id"})
    statement = (
        sql.insert(session.get_bind().dialect.name, Attendance)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(col(Attendance.id))
    )
    inserted = (await session.exec(statement)).first()
    if inserted is None:
        return None
    return await session.get(Attendance, inserted[0])


async def check_in(
    session: AsyncSession,
    *,
    token: str,
    member: Member | None,
    now: datetime,
    opens_before: int,
    default_duration: int,
) -> CheckIn:
    """Check the member in at the forum whose check-in link carries `token` (the printed
    token or the desk screen's rotating code, `kiosk.checkin_forum`), once.

    A member who answered Diwakilkan checks their representative in: the row keeps the
    representative's name.

    Raises:
        ServiceError: `error-checkin-invalid` (no such token), `error-checkin-static-off`,
            `error-checkin-expired`, `error-not-member`, `error-forum-cancelled`,
            `error-not-invited`.
        CheckInNotOpen: `error-checkin-early` or `error-checkin-closed`, with the window.
    """
    forum = await kiosk.checkin_forum(session, token, now=now)
    forum = await invited_forum(session, forum_id=forum.id or 0, member=member)
    assert member is not None and member.id is not None and forum.id is not None
    found = await existing(session, forum.id, member.id)
    if found is not None:
        return CheckIn(forum, found, already=True)
    open_now(forum, now=now, opens_before=opens_before, default_duration=default_duration)
    name, position = await _delegate_of(session, forum.id, member.id)
    row = Attendance(
        forum_id=forum.id,
        member_id=member.id,
        checked_in_at=now,
        method=AttendanceMethod.QR,
        delegate_name=name,
        delegate_position=position,
    )
    inserted = await insert_once(session, row)
    if inserted is None:
        winner = await existing(session, forum.id, member.id)
        assert winner is not None
        return CheckIn(forum, winner, already=True)
    return CheckIn(forum, inserted, already=False)


async def is_present(session: AsyncSession, forum_id: int, member_id: int) -> bool:
    """Whether the member is checked in at the forum."""
    return await existing(session, forum_id, member_id) is not None


@dataclass(frozen=True)
class Invitee:
    """One line of the hand-marking list: the member, their answer and check-in."""

    member: Member
    rsvp: Rsvp | None
    attendance: Attendance | None


@dataclass(frozen=True)
class InviteePage:
    """A page of a forum's invitees, `PAGE_SIZE` at a time, in pillar then name order."""

    forum: Forum
    invitees: list[Invitee]
    page: int
    pages: int
    checked_in: int
    total: int
    guests: int = 0


async def invitee_page(session: AsyncSession, forum_id: int, page: int) -> InviteePage:
    """The invitees of a forum with their check-ins, one page (a page past the end shows the
    last one).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`.
    """
    forum = await published_forum(session, forum_id)
    pillars = await forum_pillars(session, forum_id)
    order = {p.id: p.sort_order for p in pillars}
    people = sorted(
        await invited_members(session, forum_id, [p.id or 0 for p in pillars]),
        key=lambda m: (order.get(m.pillar_id, 0), m.full_name.casefold(), m.id or 0),
    )
    pages = max(1, -(-len(people) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = people[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    ids = [m.id or 0 for m in shown]
    answers = {
        r.member_id: r
        for r in (
            await session.exec(
                select(Rsvp).where(Rsvp.forum_id == forum_id, col(Rsvp.member_id).in_(ids))
            )
        ).all()
    }
    checkins_all = (
        await session.exec(select(Attendance).where(Attendance.forum_id == forum_id))
    ).all()
    checkins = {a.member_id: a for a in checkins_all if a.member_id is not None}
    invited_ids = {m.id for m in people}
    return InviteePage(
        forum=forum,
        invitees=[Invitee(m, answers.get(m.id or 0), checkins.get(m.id or 0)) for m in shown],
        page=page,
        pages=pages,
        checked_in=sum(1 for member_id in checkins if member_id in invited_ids),
        total=len(people),
        guests=sum(1 for a in checkins_all if a.member_id is None),
    )


@dataclass(frozen=True)
class Marking:
    """What an admin's mark or unmark did: `present` is the member's state afterwards;
    `changed` is False when they already were so (a QR scan or another admin came first)."""

    forum: Forum
    member: Member
    present: bool
    changed: bool


async def invitee(session: AsyncSession, forum_id: int, member_id: int) -> tuple[Forum, Member]:
    """A forum that can be marked and one of its invitees.

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`, `error-not-invitee`.
    """
    forum = await published_forum(session, forum_id)
    member = await session.get(Member, member_id)
    pillar_ids: Sequence[int] = [p.id or 0 for p in await forum_pillars(session, forum_id)]
    if (
        member is None
        or member.status != MemberStatus.APPROVED
        or member.pillar_id not in (pillar_ids)
    ):
        raise ServiceError("error-not-invitee")
    return forum, member


async def mark(
    session: AsyncSession,
    *,
    forum_id: int,
    member_id: int,
    present: bool,
    admin_user_id: int,
    reason: str,
    now: datetime,
    opens_before: int,
) -> Marking:
    """Mark an invitee present (`present=True`) or undo their check-in, by an admin's hand.

    The admin chose the action on a list that may be out of date: a member already in the
    wanted state is left as they are (their QR check-in is never undone by a "mark present").
    Allowed from the moment check-in opens (`opens_before` seconds before the start) with
    no end: the list is often completed after the forum. The reason is required and goes
    to the audit log with the action.

    Raises:
        ServiceError: as `invitee`, a text error for an empty or over-long reason.
        CheckInNotOpen: `error-checkin-early` before check-in opens.
    """
    reason = clean_text(reason, max_length=REASON_MAX)
    forum, member = await invitee(session, forum_id, member_id)
    opens_at = forum.starts_at - timedelta(seconds=opens_before)
    if now < opens_at:
        raise CheckInNotOpen("error-checkin-early", Window(opens_at, opens_at))
    assert member.id is not None and forum.id is not None
    found = await existing(session, forum.id, member.id)
    if (found is not None) == present:
        return Marking(forum=forum, member=member, present=present, changed=False)
    if found is not None:
        # A representative's row goes with it: the check-in was the member's, through them.
        await session.exec(delete(Attendance).where(col(Attendance.id) == found.id))
    else:
        name, position = await _delegate_of(session, forum.id, member.id)
        row = Attendance(
            forum_id=forum.id,
            member_id=member.id,
            checked_in_at=now,
            method=AttendanceMethod.MANUAL,
            delegate_name=name,
            delegate_position=position,
            marked_by=admin_user_id,
        )
        await insert_once(session, row)  # None: another admin marked them at the same moment
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action="attendance.mark" if present else "attendance.unmark",
        target=f"forum:{forum.id}:member:{member.id}",
        reason=reason,
    )
    return Marking(forum=forum, member=member, present=present, changed=True)
