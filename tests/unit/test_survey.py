"""The survey service: who is asked, once; scores and comments; the anonymous summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.services import survey
from bot.services.errors import ServiceError
from models import Attendance, AttendanceMethod, Forum, ForumStatus, Member
from tests import factories as f
from tests.statements import counted

HOURS_3 = 3 * 3600


async def checked_in(session: AsyncSession, forum: Forum, member: Member | None) -> None:
    session.add(
        Attendance(
            forum_id=forum.id or 0,
            member_id=member.id if member else None,
            method=AttendanceMethod.MANUAL,
            delegate_name=None if member else "Tamu",
        )
    )
    await session.flush()


async def ended_forum(session: AsyncSession) -> tuple[Forum, Member]:
    admin = await f.admin(session)
    forum = await f.forum(session, by=admin, starts_in=timedelta(hours=1))
    return forum, admin


async def test_run_asks_attendees_once_and_only_after_the_end(sessions: SessionMaker):
    async with sessions() as session:
        forum, _ = await ended_forum(session)
        present = await f.member(session, pillar_code="POLRI")
        await f.member(session, pillar_code="TNI")  # invited, absent
        blocked = await f.member(session, pillar_code="BAWASLU", is_reachable=False)
        for person in (present, blocked, None):  # None: a walk-in guest
            await checked_in(session, forum, person)
        end = forum.starts_at + timedelta(seconds=HOURS_3)
        args = {"forum_id": forum.id or 0, "default_duration": HOURS_3}

        assert await survey.run(session, **args, now=end - timedelta(seconds=1)) is None
        due = await survey.run(session, **args, now=end)
        assert due is not None and [m.id for m in due.recipients] == [present.id]
        assert await survey.run(session, **args, now=end) is None  # ran already


async def test_run_drops_cancelled_and_too_late(sessions: SessionMaker):
    async with sessions() as session:
        forum, _ = await ended_forum(session)
        end = forum.starts_at + timedelta(seconds=HOURS_3)
        args = {"forum_id": forum.id or 0, "default_duration": HOURS_3}
        assert await survey.run(session, **args, now=end + survey.LATE_LIMIT * 2) is None
        forum.status = ForumStatus.CANCELLED
        assert await survey.run(session, **args, now=end) is None
        assert survey.due_at(forum, HOURS_3) is None
        assert await survey.pending_forums(session, default_duration=HOURS_3, now=end) == []


async def test_scores_comments_and_the_summary(sessions: SessionMaker):
    async with sessions() as session:
        forum, _ = await ended_forum(session)
        end = forum.starts_at + timedelta(seconds=HOURS_3)
        people = [await f.member(session, pillar_code=code) for code in ("POLRI", "POLRI", "TNI")]
        outsider = await f.member(session, pillar_code="BAWASLU")
        for person in people:
            await checked_in(session, forum, person)
        with pytest.raises(ServiceError, match="error-forum-not-found"):  # not asked yet
            await survey.score(
                session, forum.id or 0, people[0], question="service", value=3, now=end
            )
        assert await survey.run(session, forum_id=forum.id or 0, default_duration=HOURS_3, now=end)
        fid = forum.id or 0
        for person, (useful, service) in zip(people, [(5, 4), (3, 2), (4, 5)], strict=True):
            await survey.score(session, fid, person, question="usefulness", value=useful, now=end)
            await survey.score(session, fid, person, question="service", value=service, now=end)
        await survey.score(session, fid, people[1], question="usefulness", value=4, now=end)
        await survey.comment(session, fid, people[2], text="  Tempat nyaman  ", now=end)
        await survey.comment(
            session, fid, people[0], text="Waktu kurang", now=end + timedelta(seconds=5)
        )
        with pytest.raises(ServiceError, match="error-text-too-long"):
            await survey.comment(session, fid, people[0], text="x" * 1001, now=end)
        with pytest.raises(ServiceError, match="error-survey-not-attendee"):
            await survey.score(session, fid, outsider, question="service", value=1, now=end)
        with pytest.raises(ValueError):
            await survey.score(session, fid, people[0], question="service", value=6, now=end)
        await session.flush()

        summary = await survey.survey_summary(session, fid)
        assert summary.responses == 3
        assert list(summary.pillars) == ["Polri", "TNI"]
        assert summary.pillars["Polri"] == survey.PillarScores(2, 4.5, 3.0)
        assert summary.pillars["TNI"] == survey.PillarScores(1, 4.0, 5.0)
        assert summary.usefulness == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
        assert summary.service == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
        assert summary.comments == ["Tempat nyaman", "Waktu kurang"]  # in writing order
        assert summary.usefulness_average == pytest.approx(13 / 3)


async def test_summary_statement_count_does_not_grow_with_responses(sessions: SessionMaker):
    counts = []
    async with sessions() as session:
        forum, _ = await ended_forum(session)
        end = forum.starts_at + timedelta(seconds=HOURS_3)
        people = [await f.member(session, pillar_code=f.CORE_PILLARS[i % 4]) for i in range(20)]
        for person in people:
            await checked_in(session, forum, person)
        await survey.run(session, forum_id=forum.id or 0, default_duration=HOURS_3, now=end)
        for answered in (2, 20):
            for person in people[:answered]:
                await survey.score(
                    session, forum.id or 0, person, question="usefulness", value=4, now=end
                )
                await survey.comment(session, forum.id or 0, person, text="Baik", now=end)
            await session.flush()
            with counted(session) as statements:
                summary = await survey.survey_summary(session, forum.id or 0)
            assert summary.responses == answered
            counts.append(len(statements))
    assert counts[0] == counts[1] == 4
