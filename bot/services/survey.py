"""The satisfaction survey after a forum (SPEC section 7; issue 11, item 7).

When a forum ends its attendees (members with an attendance row: checked in themselves or
through their representative) are asked two questions scored 1-5, the usefulness of the
forum and the KPU's service, and for an optional comment. One response per forum and
member, changed by pressing again. Reports are anonymous: they count and average, and list
comments without names (`survey_summary`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.attendance import forum_end
from bot.services.errors import ServiceError
from bot.services.members import clean_block
from models import (
    Attendance,
    Forum,
    ForumStatus,
    Member,
    MemberStatus,
    Pillar,
    SurveyResponse,
    SurveyRun,
)

SCORES = range(1, 6)
QUESTIONS = ("usefulness", "service")
COMMENT_MAX = 1000
# A survey whose forum ended longer ago than this while the bot was down is dropped: a
# question about a forum weeks back would puzzle more than help.
LATE_LIMIT = timedelta(days=2)


def job_id(forum_id: int) -> str:
    """The scheduler job of a forum's survey: deterministic, so rescheduling replaces it."""
    return f"survey:{forum_id}"


def due_at(forum: Forum, default_duration: int) -> datetime | None:
    """When the survey goes (the forum's end, `bot.services.attendance.forum_end`), or None
    for a forum that gets none (not published)."""
    if forum.status != ForumStatus.PUBLISHED or forum.id is None:
        return None
    return forum_end(forum, default_duration)


async def pending_forums(
    session: AsyncSession, *, default_duration: int, now: datetime
) -> list[tuple[Forum, datetime]]:
    """Published forums whose survey has not run and is not too late, with its time.

    For the start-up rebuild of the jobs: one query (the forums that started, or start,
    after `now - LATE_LIMIT - the longest forum`, without a `SurveyRun`).
    """
    since = now - LATE_LIMIT - timedelta(days=7)  # no forum lasts longer (`ends_at` checks)
    query = (
        select(Forum)
        .outerjoin(SurveyRun, col(SurveyRun.forum_id) == Forum.id)
        .where(
            Forum.status == ForumStatus.PUBLISHED,
            col(Forum.starts_at) > since,
            col(SurveyRun.forum_id).is_(None),
        )
    )
    found = []
    for forum in (await session.exec(query)).all():
        when = due_at(forum, default_duration)
        if when is not None and when > now - LATE_LIMIT:
            found.append((forum, when))
    return found


@dataclass(frozen=True)
class SurveyRound:
    """A survey that is due now: the forum and its reachable attending members."""

    forum: Forum
    recipients: Sequence[Member]


async def run(
    session: AsyncSession, *, forum_id: int, default_duration: int, now: datetime
) -> SurveyRound | None:
    """Record a forum's survey run, exactly once, and say whom it asks.

    None when nothing is due: the forum is gone, not published (a cancelled forum gets no
    survey), has not ended yet (the job came early: it moved), ended more than `LATE_LIMIT`
    ago, or its survey ran already. Recipients are the approved, reachable members with an
    attendance row (a walk-in guest without a member has no chat). The caller queues the
    messages in the same transaction and commits.
    """
    forum = await session.get(Forum, forum_id)
    when = None if forum is None else due_at(forum, default_duration)
    if forum is None or when is None or now < when or now - when > LATE_LIMIT:
        return None
    if await session.get(SurveyRun, forum_id) is not None:
        return None
    session.add(SurveyRun(forum_id=forum_id, ran_at=now))
    query = (
        select(Member)
        .join(Attendance, col(Attendance.member_id) == Member.id)
        .where(
            Attendance.forum_id == forum_id,
            Member.status == MemberStatus.APPROVED,
            col(Member.is_reachable),
        )
        .order_by(col(Member.id))
    )
    return SurveyRound(forum=forum, recipients=(await session.exec(query)).all())


async def _response(
    session: AsyncSession, forum_id: int, member: Member
) -> tuple[Forum, SurveyResponse]:
    """The forum and the member's response row (new, not yet added, on the first answer).

    Raises:
        ServiceError: `error-forum-not-found` (also for a forum that was never asked:
            forged data), `error-forum-cancelled`, `error-survey-not-attendee`.
    """
    forum = await session.get(Forum, forum_id)
    if forum is None or await session.get(SurveyRun, forum_id) is None:
        raise ServiceError("error-forum-not-found")
    if forum.status == ForumStatus.CANCELLED:
        raise ServiceError("error-forum-cancelled")
    assert member.id is not None
    attended = await session.exec(
        select(Attendance.id).where(
            Attendance.forum_id == forum_id, Attendance.member_id == member.id
        )
    )
    if attended.first() is None:
        raise ServiceError("error-survey-not-attendee")
    found = (
        await session.exec(
            select(SurveyResponse).where(
                SurveyResponse.forum_id == forum_id, SurveyResponse.member_id == member.id
            )
        )
    ).first()
    if found is None:
        found = SurveyResponse(forum_id=forum_id, member_id=member.id, pillar_id=member.pillar_id)
    return forum, found


@dataclass(frozen=True)
class Answered:
    """A member's response after a press or a comment, for the survey message."""

    forum: Forum
    usefulness: int | None
    service: int | None
    comment: str | None


def _answered(forum: Forum, response: SurveyResponse) -> Answered:
    return Answered(forum, response.usefulness, response.service, response.comment)


async def current(session: AsyncSession, forum_id: int, member: Member) -> Answered:
    """The member's answers so far (all None before the first press).

    Raises:
        ServiceError: as `score`.
    """
    forum, response = await _response(session, forum_id, member)
    return _answered(forum, response)


async def score(
    session: AsyncSession,
    forum_id: int,
    member: Member,
    *,
    question: str,
    value: int,
    now: datetime,
) -> Answered:
    """Store one score (1-5) for `question` (`usefulness` or `service`); pressing again
    changes it. The caller commits.

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`,
            `error-survey-not-attendee`; ValueError for a question or score no button has.
    """
    if question not in QUESTIONS or value not in SCORES:
        raise ValueError(f"no survey button has {question}={value}")
    forum, response = await _response(session, forum_id, member)
    setattr(response, question, value)
    response.answered_at = now
    session.add(response)
    return _answered(forum, response)


async def comment(
    session: AsyncSession, forum_id: int, member: Member, *, text: str, now: datetime
) -> Answered:
    """Store (or replace) the member's comment, at most `COMMENT_MAX` characters, kept as
    typed (escaped when shown). The caller commits.

    Raises:
        ServiceError: as `score`; `error-text-empty`, `error-text-too-long`.
    """
    cleaned = clean_block(text, max_length=COMMENT_MAX)
    forum, response = await _response(session, forum_id, member)
    response.comment = cleaned
    response.commented_at = now
    session.add(response)
    return _answered(forum, response)


@dataclass(frozen=True)
class PillarScores:
    """One pillar's responses: how many, and the average of each score (None: no score)."""

    responses: int
    usefulness: float | None
    service: float | None


@dataclass(frozen=True)
class SurveySummary:
    """A forum's survey, anonymous: per pillar name (display order) its `PillarScores`; the
    number of answers per score 1..5 for each question (`usefulness[score]`); the comments in
    the order they were written, without names."""

    responses: int
    pillars: dict[str, PillarScores]
    usefulness: dict[int, int] = field(default_factory=dict)
    service: dict[int, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    @property
    def usefulness_average(self) -> float | None:
        return _average(self.usefulness)

    @property
    def service_average(self) -> float | None:
        return _average(self.service)


def _average(distribution: dict[int, int]) -> float | None:
    count = sum(distribution.values())
    if count == 0:
        return None
    return sum(score * times for score, times in distribution.items()) / count


async def survey_summary(session: AsyncSession, forum_id: int) -> SurveySummary:
    """Count a forum's survey per pillar and per score, and list its comments: four
    statements whatever the number of responses. Nothing in it names a member."""
    per_pillar = (
        select(
            Pillar.name,
            func.count(col(SurveyResponse.id)),
            func.avg(SurveyResponse.usefulness),
            func.avg(SurveyResponse.service),
        )
        .join(Pillar, col(Pillar.id) == SurveyResponse.pillar_id)
        .where(SurveyResponse.forum_id == forum_id)
        .group_by(col(Pillar.id), col(Pillar.name), col(Pillar.sort_order))
        .order_by(col(Pillar.sort_order))
    )
    pillars = {
        name: PillarScores(
            count,
            None if useful is None else float(useful),
            None if service is None else float(service),
        )
        for name, count, useful, service in (await session.exec(per_pillar)).all()
    }
    distributions: dict[str, dict[int, int]] = {}
    for question in QUESTIONS:
        column = col(getattr(SurveyResponse, question))
        counts = (
            select(column, func.count(col(SurveyResponse.id)))
            .where(SurveyResponse.forum_id == forum_id, column.is_not(None))
            .group_by(column)
        )
        found = dict((await session.exec(counts)).all())
        distributions[question] = {value: found.get(value, 0) for value in SCORES}
    comments = (
        await session.exec(
            select(SurveyResponse.comment)
            .where(SurveyResponse.forum_id == forum_id, col(SurveyResponse.comment).is_not(None))
            .order_by(col(SurveyResponse.commented_at), col(SurveyResponse.id))
        )
    ).all()
    return SurveySummary(
        responses=sum(p.responses for p in pillars.values()),
        pillars=pillars,
        usefulness=distributions["usefulness"],
        service=distributions["service"],
        comments=[text for text in comments if text],
    )
