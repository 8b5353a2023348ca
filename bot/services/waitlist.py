"""Seats and the waitlist of a forum with a capacity (SPEC section 4, invitation).

A seat is taken by an attending or a delegated answer (the representative sits in the room
too). With a capacity, an answer that finds every seat taken waits: `Rsvp.waitlisted_at` is
set and the waitlist is served in (`waitlisted_at`, `id`) order. A declined answer frees its
seat and the first waiting answer is promoted (`bot.notices.waitlist` tells them so through
the outbox). Raising or removing the capacity promotes as many as the new seats allow;
lowering it evicts nobody.

Every function that counts seats runs after `lock_forum` in the same transaction, so two
answers cannot both take the last seat (PostgreSQL `SELECT ... FOR UPDATE`; on SQLite a
no-op write that takes the database's write lock, see `lock_forum`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Exists, exists, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit, forums
from bot.services.errors import ServiceError
from models import Forum, Member, Rsvp, RsvpAnswer

CAPACITY_MAX = 100_000
# What an admin may type for "no limit" (besides 0).
NO_LIMIT_WORDS = frozenset(
    {"tanpa batas", "tidak terbatas", "tak terbatas", "no limit", "unlimited", "none", "-"}
)
_NUMBER = re.compile(r"[0-9]{1,7}")  # ASCII digits only; "1.000" style is read below


def wants_seat(answer: RsvpAnswer) -> bool:
    """Attending and delegated answers take a seat; declining does not."""
    return answer != RsvpAnswer.DECLINED


def parse_capacity(text: str) -> int | None:
    """A capacity as an admin types it: "50", "1.000", or 0 / "tanpa batas" for no limit.

    Returns the number of seats (1..CAPACITY_MAX), or None for no limit.

    Raises:
        ServiceError: `error-capacity-invalid` (not a whole number, negative or too big).
    """
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in NO_LIMIT_WORDS:
        return None
    # Indonesian staff group thousands with dots: "1.000".
    digits = (
        cleaned.replace(".", "") if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", cleaned) else cleaned
    )
    if not _NUMBER.fullmatch(digits) or int(digits) > CAPACITY_MAX:
        raise ServiceError("error-capacity-invalid", text=text.strip()[:40], limit=CAPACITY_MAX)
    return int(digits) or None


async def lock_forum(session: AsyncSession, forum_id: int) -> Forum | None:
    """The forum row, locked for the rest of the transaction and read afresh (None: no such).

    One statement on either database. PostgreSQL: `SELECT ... FOR UPDATE`. SQLite ignores
    FOR UPDATE, and its driver opens the transaction only at the first write, so the seats
    would be counted before any lock: a write that changes nothing (`SET id = id`) takes
    the database's write lock first, and returns the row it locked.
    """
    connection = await session.connection()
    if connection.dialect.name == "sqlite":
        locking = (
            update(Forum)
            .where(col(Forum.id) == forum_id)
            .values(id=Forum.id)
            .returning(Forum)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        return (await session.exec(locking)).scalars().first()
    query = (
        select(Forum)
        .where(Forum.id == forum_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.exec(query)).first()


def _waiting_at(forum_id: int) -> tuple[ColumnElement[bool], ...]:
    """The answers to the forum that wait for a seat."""
    return (
        col(Rsvp.forum_id) == forum_id,
        col(Rsvp.answer) != RsvpAnswer.DECLINED,
        col(Rsvp.waitlisted_at).is_not(None),
    )


def anyone_waiting(forum_id: int) -> Exists:
    """Whether anyone waits for a seat at the forum, as an SQL expression to read within
    another query."""
    return exists().where(*_waiting_at(forum_id)).correlate(None)


async def seats_taken(session: AsyncSession, forum_id: int) -> int:
    """How many answers hold a seat (attending or delegated, not waiting)."""
    query = select(func.count(col(Rsvp.id))).where(
        Rsvp.forum_id == forum_id,
        Rsvp.answer != RsvpAnswer.DECLINED,
        col(Rsvp.waitlisted_at).is_(None),
    )
    return (await session.exec(query)).one()


async def waiting(session: AsyncSession, forum_id: int, *, limit: int | None = None) -> list[Rsvp]:
    """The forum's waitlist, first come first served."""
    query = (
        select(Rsvp).where(*_waiting_at(forum_id)).order_by(col(Rsvp.waitlisted_at), col(Rsvp.id))
    )
    if limit is not None:
        query = query.limit(limit)
    return list((await session.exec(query)).all())


async def position(session: AsyncSession, rsvp: Rsvp) -> int | None:
    """An answer's place on its forum's waitlist, from 1; None when it is not waiting."""
    if rsvp.waitlisted_at is None or not wants_seat(rsvp.answer):
        return None
    ahead = select(func.count(col(Rsvp.id))).where(
        Rsvp.forum_id == rsvp.forum_id,
        Rsvp.answer != RsvpAnswer.DECLINED,
        col(Rsvp.waitlisted_at).is_not(None),
        (col(Rsvp.waitlisted_at) < rsvp.waitlisted_at)
        | ((col(Rsvp.waitlisted_at) == rsvp.waitlisted_at) & (col(Rsvp.id) < (rsvp.id or 0))),
    )
    return (await session.exec(ahead)).one() + 1


async def placement(
    session: AsyncSession, forum: Forum, current: Rsvp | None, answer: RsvpAnswer, *, now: datetime
) -> datetime | None:
    """The `waitlisted_at` a new or changed answer gets; call before changing the row.

    Switching between attending and delegated keeps one's seat or waitlist place; declining
    waits for nothing. Otherwise the answer takes a free seat, or waits (from `now`) when
    every seat is taken or others already wait. The caller holds `lock_forum`.
    """
    if not wants_seat(answer):
        return None
    if current is not None and wants_seat(current.answer):
        return current.waitlisted_at
    if forum.capacity is None:
        return None
    full = await seats_taken(session, forum.id or 0) >= forum.capacity
    if full or await waiting(session, forum.id or 0, limit=1):
        return now
    return None


@dataclass(frozen=True)
class Promotion:
    """A waiting answer that got a seat, and its member (`bot.notices.waitlist` tells them).

    `waited_since` is the `waitlisted_at` the answer had (aware UTC): it names the message.
    """

    rsvp: Rsvp
    member: Member
    waited_since: datetime


async def promote(session: AsyncSession, forum: Forum, *, now: datetime) -> list[Promotion]:
    """Give free seats to the waitlist in order.

    The caller holds `lock_forum`, and queues the promoted members' messages
    (`bot.notices.waitlist.promotions`). A forum without a capacity promotes everyone
    waiting. Returns the promotions in waitlist order (empty when no seat is free or nobody
    waits).
    """
    forum_id = forum.id or 0
    if forum.capacity is None:
        chosen = await waiting(session, forum_id)
    else:
        free = forum.capacity - await seats_taken(session, forum_id)
        chosen = await waiting(session, forum_id, limit=free) if free > 0 else []
    if not chosen:
        return []
    promotions: list[Promotion] = []
    for rsvp in chosen:
        waited_since = rsvp.waitlisted_at
        assert waited_since is not None
        rsvp.waitlisted_at = None
        session.add(rsvp)
        member = await session.get(Member, rsvp.member_id)
        if member is None:  # pragma: no cover - the foreign key keeps the member
            continue
        promotions.append(Promotion(rsvp=rsvp, member=member, waited_since=waited_since))
    await session.flush()
    return promotions


@dataclass(frozen=True)
class CapacityChange:
    """The result of `set_capacity`.

    `seats_taken` and `waiting` are counted after the promotions; `over` is true when more
    seats are taken than the new capacity allows (nobody is evicted).
    """

    forum: Forum
    previous: int | None
    capacity: int | None
    promoted: list[Promotion]
    seats_taken: int
    waiting: int

    @property
    def over(self) -> bool:
        return self.capacity is not None and self.seats_taken > self.capacity


async def capacity_forum(session: AsyncSession, forum_id: int, *, now: datetime) -> Forum:
    """The forum whose capacity an admin may change now.

    Raises:
        ServiceError: `error-forum-not-found` (none or a draft), `error-forum-cancelled`,
            `error-capacity-started` (the forum has begun).
    """
    return await forums.published_forum(
        session, forum_id, not_started_at=now, started_key="error-capacity-started"
    )


async def seat_counts(session: AsyncSession, forum_id: int) -> tuple[int, int]:
    """(seats taken, answers waiting) of a forum."""
    return await seats_taken(session, forum_id), len(await waiting(session, forum_id))


async def set_capacity(
    session: AsyncSession,
    forum_id: int,
    capacity: int | None,
    *,
    admin: Member,
    now: datetime,
) -> CapacityChange:
    """Change a forum's capacity (None: no limit) and promote into the seats that opened.

    Lowering it below the seats taken evicts nobody: new answers wait until seats free.
    Audit-logged as `forum.capacity` when something changed. The caller queues the
    promoted members' messages (`bot.notices.waitlist.promotions`) and commits.

    Raises:
        ServiceError: as `capacity_forum`, or `error-capacity-invalid` (below 1 or above
            CAPACITY_MAX; 0 means no limit only when typed, see `parse_capacity`).
    """
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        raise ServiceError("error-capacity-invalid", text=str(capacity), limit=CAPACITY_MAX)
    await capacity_forum(session, forum_id, now=now)
    forum = await lock_forum(session, forum_id)
    assert forum is not None
    previous = forum.capacity
    if capacity != previous:
        forum.capacity = capacity
        forum.updated_at = now
        session.add(forum)
        await session.flush()
    promoted = await promote(session, forum, now=now)
    taken, waits = await seat_counts(session, forum_id)
    if capacity != previous or promoted:
        await audit.record(
            session,
            actor_user_id=admin.telegram_user_id,
            action="forum.capacity",
            target=f"forum:{forum_id}",
            previous=previous,
            capacity=capacity,
            promoted=[p.member.id for p in promoted],
        )
    return CapacityChange(
        forum=forum,
        previous=previous,
        capacity=capacity,
        promoted=promoted,
        seats_taken=taken,
        waiting=waits,
    )
