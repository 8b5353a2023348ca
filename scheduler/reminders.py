"""Reminder jobs in APScheduler (through PTB's JobQueue), derived from the forum rows.

Jobs carry deterministic ids (`reminder:<forum>:<offset>`), are rebuilt from the database at
start-up and replaced whenever a forum changes; the run itself is idempotent in the database
(`ReminderRun`), so a restart can neither lose nor repeat a reminder.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import select
from telegram.ext import JobQueue

from bot import notices
from bot.context import SinergiContext
from bot.services import reminders
from models import Forum, ForumStatus, utcnow

log = logging.getLogger(__name__)

# A job whose time passed while the loop was blocked still runs: the run itself decides
# (late but before the start: send; after the start: drop), so no grace window is needed.
MISFIRE_GRACE_SECONDS: int | None = None


def schedule_forum(
    job_queue: JobQueue[SinergiContext],
    forum: Forum,
    default_offsets: Sequence[int],
    *,
    now: datetime,
    previous: Sequence[int] = (),
) -> list[str]:
    """(Re)place the reminder jobs of one forum; returns the job ids now scheduled.

    The forum's own offsets, or `default_offsets` (the configured ones) when it stores none.
    `previous` are offsets it had before an edit: their jobs that it no longer has are
    removed. A slot whose time has passed is scheduled to run at once if the forum has not started.
    The job ids are the same for every reschedule, so each new job replaces the old one
    (`replace_existing`); nothing is looked up, which keeps start-up linear in the forums
    (APScheduler finds a job by a scan of its list until it has started).
    """
    scheduled: list[str] = []
    gone = set(previous) - set(reminders.offsets_of(forum, default_offsets))
    if gone and forum.id is not None:
        unschedule_forum(job_queue, forum.id, tuple(gone))
    if now >= forum.starts_at:
        return scheduled
    for slot in reminders.slots(forum, default_offsets):
        job_queue.run_once(
            reminder_job,
            when=max(slot.fire_at, now),
            data={"forum_id": slot.forum_id, "offset": slot.offset_seconds},
            name=slot.job_id,
            job_kwargs={
                "id": slot.job_id,
                "replace_existing": True,
                "misfire_grace_time": MISFIRE_GRACE_SECONDS,
                "coalesce": True,
            },
        )
        scheduled.append(slot.job_id)
    return scheduled


def unschedule_forum(
    job_queue: JobQueue[SinergiContext], forum_id: int, offsets: Sequence[int]
) -> int:
    """Remove a forum's reminder jobs (one per offset); returns how many there were.

    By id: the ids are known from the offsets (`reminder:<forum>:<offset>`).
    """
    removed = 0
    for offset in set(offsets):
        job = job_queue.scheduler.get_job(f"reminder:{forum_id}:{offset}")
        if job is not None:
            job.remove()
            removed += 1
    return removed


async def schedule_all(context: SinergiContext) -> int:
    """Schedule every upcoming forum's reminders from the database; returns the job count."""
    now = utcnow()
    async with context.session() as session:
        forums = (
            await session.exec(
                select(Forum).where(Forum.status == ForumStatus.PUBLISHED, Forum.starts_at > now)
            )
        ).all()
    jobs = context.jobs
    count = sum(
        len(schedule_forum(jobs, forum, context.settings.reminder_offsets, now=now))
        for forum in forums
    )
    log.info("scheduled %d reminder jobs for %d forums", count, len(forums))
    return count


async def reminder_job(context: SinergiContext) -> None:
    """Queue one forum's reminders for one offset and wake the sender."""
    data = context.job.data if context.job else None
    assert isinstance(data, dict)
    settings = context.settings
    now = utcnow()
    async with context.session() as session:
        due = await reminders.run(
            session,
            forum_id=data["forum_id"],
            offset_seconds=data["offset"],
            default_offsets=settings.reminder_offsets,
            now=now,
        )
        outcome = None
        if due is not None:
            outcome = await notices.reminders.queue(
                session, due, admin_ids=settings.admin_ids, now=now, tz=settings.tz
            )
        await session.commit()
    if outcome is not None:
        log.info("reminder %s queued: %s", data, outcome)
        context.sender.wake()
