"""Reminders before a forum: what to send at each offset, once (SPEC sections 4-5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.forums import forum_pillars, invited_members
from models import Forum, ForumStatus, Member, Pillar, ReminderRun, Rsvp, RsvpAnswer


@dataclass(frozen=True)
class ReminderSlot:
    """One reminder of one forum: fires `offset_seconds` before the start."""

    forum_id: int
    offset_seconds: int
    fire_at: datetime

    @property
    def job_id(self) -> str:
        """Deterministic scheduler job id: a reschedule replaces, a restart never duplicates."""
        return f"reminder:{self.forum_id}:{self.offset_seconds}"


def offsets_of(forum: Forum, default_offsets: Sequence[int]) -> tuple[int, ...]:
    """A forum's reminder offsets in seconds, largest first: its own, or `default_offsets`
    (the configured `REMINDER_OFFSETS`) for a forum that stores none."""
    own = forum.reminder_offsets
    return tuple(sorted(set(default_offsets if own is None else own), reverse=True))


def slots(forum: Forum, default_offsets: Sequence[int]) -> list[ReminderSlot]:
    """The reminder slots of a published forum, earliest first (empty when cancelled).

    The forum's own offsets, or `default_offsets` when it stores none (`offsets_of`).
    """
    if forum.status != ForumStatus.PUBLISHED or forum.id is None:
        return []
    return sorted(
        (
            ReminderSlot(forum.id, offset, forum.starts_at - timedelta(seconds=offset))
            for offset in offsets_of(forum, default_offsets)
        ),
        key=lambda slot: slot.fire_at,
    )


@dataclass(frozen=True)
class ReminderRound:
    """One reminder run that is due: whom to remind of which forum (`bot.notices.reminders`
    queues the messages and, with the forum's first reminder, the admins' recap).

    `recipients` are the reachable invited members who have not declined, each with their
    answer (None: not answered, they get a nudge); `pillars` the forum's, in display order;
    `late` when the run comes more than a minute after its time.
    """

    forum: Forum
    offset_seconds: int
    pillars: Sequence[Pillar]
    recipients: tuple[tuple[Member, Rsvp | None], ...]
    late: bool


async def run(
    session: AsyncSession,
    *,
    forum_id: int,
    offset_seconds: int,
    default_offsets: Sequence[int],
    now: datetime,
) -> ReminderRound | None:
    """Record a forum's reminder run for one offset, exactly once, and say whom it reminds.

    Attending, delegated and waitlisted members are reminded, members with no answer nudged.
    Returns None when nothing is due: the forum is gone, cancelled or started (a reminder
    missed while the bot was down is dropped then), this slot already ran, or a later slot
    is due too (after an outage, or for a forum published or moved close to its start):
    members get one reminder, the latest, not one per missed slot. An offset the forum no
    longer has (its offsets were edited) is nothing due either. The forum's offsets are its
    own, or `default_offsets` when it stores none. The caller queues the round's messages in
    the same transaction and commits.
    """
    forum = await session.get(Forum, forum_id)
    if forum is None or forum.status != ForumStatus.PUBLISHED or now >= forum.starts_at:
        return None
    offsets = offsets_of(forum, default_offsets)
    if offset_seconds not in offsets:
        return None
    late = now - (forum.starts_at - timedelta(seconds=offset_seconds)) > timedelta(minutes=1)
    # No savepoint here: the sqlite3 driver's lazy BEGIN would turn its release into a
    # commit, marking the slot done even if the reminders queued after it were rolled back.
    done = await session.exec(
        select(ReminderRun.id).where(
            ReminderRun.forum_id == forum_id, ReminderRun.offset_seconds == offset_seconds
        )
    )
    if done.first() is not None:
        return None
    session.add(
        ReminderRun(forum_id=forum_id, offset_seconds=offset_seconds, ran_at=now, late=late)
    )
    if any(
        offset < offset_seconds and forum.starts_at - timedelta(seconds=offset) <= now
        for offset in offsets
    ):
        return None  # superseded: the later slot, due as well, sends the one reminder
    pillars = await forum_pillars(session, forum_id)
    answers = {
        rsvp.member_id: rsvp
        for rsvp in (await session.exec(select(Rsvp).where(Rsvp.forum_id == forum_id))).all()
    }
    recipients = []
    for member in await invited_members(session, forum_id, [p.id or 0 for p in pillars]):
        if not member.is_reachable:
            continue
        rsvp = answers.get(member.id or 0)
        if rsvp is not None and rsvp.answer == RsvpAnswer.DECLINED:
            continue
        recipients.append((member, rsvp))
    return ReminderRound(
        forum=forum,
        offset_seconds=offset_seconds,
        pillars=pillars,
        recipients=tuple(recipients),
        late=late,
    )


async def forget_runs(session: AsyncSession, forum_id: int) -> int:
    """Delete a forum's `ReminderRun` rows so every offset runs again (after a reschedule).

    Returns how many runs were forgotten; the caller commits.
    """
    result = await session.exec(delete(ReminderRun).where(col(ReminderRun.forum_id) == forum_id))
    return int(result.rowcount)
