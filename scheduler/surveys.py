"""Survey jobs in APScheduler (through PTB's JobQueue), derived from the forum rows.

One job per published forum (`survey:<forum>`) at its end (or start plus the configured
`FORUM_DEFAULT_DURATION`); rebuilt from the database at start-up and replaced whenever a
forum is published, changed or cancelled. The run is idempotent in the database
(`SurveyRun`, and the outbox's `survey:<forum>:<member>` keys), so a restart neither loses
nor repeats a survey: one missed while the bot was down goes late (within
`bot.services.survey.LATE_LIMIT`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from telegram.ext import JobQueue

from bot import notices
from bot.context import SinergiContext
from bot.services import survey
from models import Forum, utcnow

log = logging.getLogger(__name__)


def schedule_survey(
    job_queue: JobQueue[SinergiContext], forum: Forum, *, default_duration: int, now: datetime
) -> str | None:
    """(Re)place a forum's survey job; returns its id, or None when the forum gets none
    (not published: any job it had is removed). A time already passed runs at once."""
    if forum.id is None:
        return None
    when = survey.due_at(forum, default_duration)
    if when is None:
        unschedule_survey(job_queue, forum.id)
        return None
    name = survey.job_id(forum.id)
    job_queue.run_once(
        survey_job,
        when=max(when, now),
        data={"forum_id": forum.id},
        name=name,
        job_kwargs={
            "id": name,
            "replace_existing": True,
            "misfire_grace_time": None,  # the run decides (`survey.run`: late or dropped)
            "coalesce": True,
        },
    )
    return name


def unschedule_survey(job_queue: JobQueue[SinergiContext], forum_id: int) -> bool:
    """Remove a forum's survey job (a cancelled forum gets no survey); True if it had one."""
    job = job_queue.scheduler.get_job(survey.job_id(forum_id))
    if job is None:
        return False
    job.remove()
    return True


async def schedule_all(context: SinergiContext) -> int:
    """Schedule the survey of every forum that has not had it; returns the job count."""
    now = utcnow()
    duration = context.settings.forum_default_duration
    async with context.session() as session:
        pending = await survey.pending_forums(session, default_duration=duration, now=now)
    for forum, _ in pending:
        schedule_survey(context.jobs, forum, default_duration=duration, now=now)
    log.info("scheduled %d survey jobs", len(pending))
    return len(pending)


async def survey_job(context: SinergiContext) -> None:
    """Queue one forum's survey to its attendees and wake the sender."""
    data = context.job.data if context.job else None
    assert isinstance(data, dict)
    now = utcnow()
    async with context.session() as session:
        due = await survey.run(
            session,
            forum_id=data["forum_id"],
            default_duration=context.settings.forum_default_duration,
            now=now,
        )
        queued = 0
        if due is not None:
            queued = await notices.survey.queue(session, due, tz=context.settings.tz)
        await session.commit()
    if due is not None:
        log.info("survey of forum %s queued to %d attendees", data["forum_id"], queued)
        context.sender.wake()
