"""Announcement jobs (PTB JobQueue), derived from the announcement rows: a scheduled one
is queued at its `send_at`, and a queued one's progress message is kept up to date.

Restart-safe: `schedule_all` rebuilds both kinds of job from the database at start-up; the
release itself is claimed in the database (`bot.services.announcements.release`), so a job
run twice queues nothing the second time.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import JobQueue

from bot import keyboards, notices
from bot.context import SinergiContext
from bot.services import announcements
from models import Announcement, utcnow

log = logging.getLogger(__name__)

# Seconds between two edits of a progress message: an edit is a call Telegram rate-limits
# per chat (it goes through `bot.ratelimit`'s budget like every reply).
PROGRESS_INTERVAL = 3.0


def release_job_id(announcement_id: int) -> str:
    return f"announce:{announcement_id}"


def schedule(jobs: JobQueue[SinergiContext], announcement: Announcement) -> None:
    """(Re)place the job that queues a scheduled announcement at its `send_at` (at once if
    that has passed, e.g. while the bot was down)."""
    assert announcement.send_at is not None
    job_id = release_job_id(announcement.id or 0)
    jobs.run_once(
        release_job,
        when=max(announcement.send_at, utcnow()),
        data=announcement.id,
        name=job_id,
        job_kwargs={"id": job_id, "replace_existing": True, "misfire_grace_time": None},
    )


def unschedule(jobs: JobQueue[SinergiContext], announcement_id: int) -> None:
    """Remove a scheduled announcement's job, if it has one."""
    job = jobs.scheduler.get_job(release_job_id(announcement_id))
    if job is not None:
        job.remove()


async def release_job(context: SinergiContext) -> None:
    """Queue a scheduled announcement: its progress message first, then its copies."""
    assert context.job is not None and isinstance(context.job.data, int)
    announcement_id = context.job.data
    async with context.session() as session:
        broadcast = await announcements.release(session, announcement_id, now=utcnow())
        if broadcast is None:
            return
        await notices.announcements.progress_message(session, broadcast)
        await notices.announcements.copies(session, broadcast)
        await session.commit()
    log.info("scheduled announcement %s queued for %d", announcement_id, len(broadcast.recipients))
    context.sender.wake()
    track(context.jobs, announcement_id)


def track(jobs: JobQueue[SinergiContext], announcement_id: int) -> None:
    """Edit the announcement's progress message every `PROGRESS_INTERVAL` seconds until
    every copy ended (one job per announcement, `annprogress:<id>`)."""
    name = f"annprogress:{announcement_id}"
    if jobs.get_jobs_by_name(name):
        return
    jobs.run_repeating(
        progress_job,
        interval=PROGRESS_INTERVAL,
        first=PROGRESS_INTERVAL,
        data={"id": announcement_id, "shown": None},
        name=name,
    )


async def progress_job(context: SinergiContext) -> None:
    """One edit of a progress message, skipped when nothing changed; the last one, once
    every copy ended, removes the buttons and the job. A 429 skips a turn."""
    job = context.job
    assert job is not None and isinstance(job.data, dict)
    data: dict[str, Any] = job.data
    async with context.session() as session:
        state = await announcements.progress(session, data["id"])
    if state is None:
        job.schedule_removal()
        return
    if state.chat_id is None or state.message_id is None:
        if state.done:  # its progress message never went out (cancelled, blocked)
            job.schedule_removal()
        return
    lang = state.sender.language if state.sender else context.settings.default_language
    text = notices.announcements.progress_text(lang, state)
    if text != data["shown"]:
        markup = (
            None
            if state.done or state.announcement.cancelled_at is not None
            else keyboards.cancel_sending(lang, data["id"])
        )
        try:
            await context.bot.edit_message_text(
                text, chat_id=state.chat_id, message_id=state.message_id, reply_markup=markup
            )
        except RetryAfter:
            return
        except BadRequest as exc:
            if "message is not modified" not in exc.message.lower():
                log.info("progress of announcement %s not shown: %s", data["id"], exc.message)
                job.schedule_removal()
                return
        except TelegramError as exc:
            log.warning("progress of announcement %s not shown: %s", data["id"], exc)
            return
        data["shown"] = text
    if state.done:
        job.schedule_removal()


async def schedule_all(context: SinergiContext) -> tuple[int, int]:
    """At start-up: a job for every scheduled announcement and a progress job for every
    one being sent; returns how many of each."""
    async with context.session() as session:
        waiting = await announcements.scheduled(session)
        going = await announcements.sending(session)
    for announcement in waiting:
        schedule(context.jobs, announcement)
    for announcement in going:
        track(context.jobs, announcement.id or 0)
    if waiting or going:
        log.info("announcements: %d scheduled, %d being sent", len(waiting), len(going))
    return len(waiting), len(going)
