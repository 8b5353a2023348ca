"""Tests for bot.services.reminders, bot.notices.reminders and bot.services.reports (the recap
the admins get)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import callback_data as cd
from bot import notices
from bot.db import SessionMaker
from bot.services import reminders, reports
from models import (
    Forum,
    ForumStatus,
    Member,
    MemberStatus,
    OutboxKind,
    OutboxMessage,
    ReminderRun,
    Rsvp,
    RsvpAnswer,
)
from tests import factories as f
from tests.statements import counted

OFFSETS = (86400, 7200)
BOOTSTRAP_ADMIN = 1001


@dataclass
class Scene:
    forum: Forum
    admin: Member
    listed_admin: Member
    attending: Member
    delegated: Member
    declined: Member
    silent: Member
    unreachable: Member
    outsider: Member


async def scene(session: AsyncSession, *, at: datetime) -> Scene:
    """A forum for the four core pillars, starting 3 days after `at`, with every answer kind."""
    admin = await f.admin(session, language="en")
    listed_admin = await f.member(session, pillar_code="KPU", telegram_user_id=BOOTSTRAP_ADMIN)
    attending = await f.member(session, pillar_code="POLRI")
    delegated = await f.member(session, pillar_code="TNI", language="en")
    declined = await f.member(session, pillar_code="KEJAKSAAN")
    silent = await f.member(session, pillar_code="BAWASLU")
    unreachable = await f.member(session, pillar_code="POLRI", is_reachable=False)
    await f.member(session, pillar_code="BAWASLU", status=MemberStatus.PENDING)
    outsider = await f.member(session, pillar_code="PEMDA")
    forum = await f.forum(session, by=admin, at=at, starts_in=timedelta(days=3))
    await f.answer(session, forum=forum, member=attending, answer=RsvpAnswer.ATTENDING, at=at)
    await f.answer(session, forum=forum, member=delegated, answer=RsvpAnswer.DELEGATED, at=at)
    await f.answer(session, forum=forum, member=declined, answer=RsvpAnswer.DECLINED, at=at)
    await session.commit()
    return Scene(
        forum, admin, listed_admin, attending, delegated, declined, silent, unreachable, outsider
    )


async def run(
    session: AsyncSession, forum: Forum, offset: int, now: datetime
) -> notices.reminders.ReminderOutcome | None:
    return await f.remind(
        session,
        forum_id=forum.id or 0,
        offset_seconds=offset,
        offsets=OFFSETS,
        admin_ids=(BOOTSTRAP_ADMIN,),
        now=now,
    )


def non_invitations(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    return [row for row in rows if row.kind != OutboxKind.INVITATION]


async def test_a_due_round_names_whom_to_remind_and_queues_nothing(
    sessions: SessionMaker,
) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        fire_at = s.forum.starts_at - timedelta(seconds=86400)
        due = await reminders.run(
            session,
            forum_id=s.forum.id or 0,
            offset_seconds=86400,
            default_offsets=OFFSETS,
            now=fire_at,
        )
        assert due is not None and not due.late and due.offset_seconds == 86400
        told = {member.id: rsvp.answer if rsvp else None for member, rsvp in due.recipients}
        assert told == {
            s.attending.id: RsvpAnswer.ATTENDING,
            s.delegated.id: RsvpAnswer.DELEGATED,
            s.silent.id: None,
        }
        assert non_invitations(await f.rows(session, OutboxMessage)) == []
        assert await f.count(session, ReminderRun) == 1


async def test_first_reminder_reminds_nudges_and_summarises(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        fire_at = s.forum.starts_at - timedelta(seconds=86400)
        outcome = await run(session, s.forum, 86400, fire_at)
        await session.commit()

    assert outcome == notices.reminders.ReminderOutcome(
        reminders=2, nudges=1, summaries=2, late=False
    )
    async with sessions() as session:
        queued = non_invitations(await f.rows(session, OutboxMessage))
        runs = await f.rows(session, ReminderRun)
    by_member = {(row.kind, row.member_id) for row in queued}
    assert by_member == {
        (OutboxKind.REMINDER, s.attending.id),
        (OutboxKind.REMINDER, s.delegated.id),
        (OutboxKind.NUDGE, s.silent.id),
        (OutboxKind.SUMMARY, s.admin.id),
        (OutboxKind.SUMMARY, s.listed_admin.id),
    }
    assert len({row.dedupe_key for row in queued}) == len(queued)
    for row in queued:
        assert row.forum_id == s.forum.id
        if row.kind == OutboxKind.NUDGE:
            assert row.reply_markup is not None
            data = [
                b["callback_data"] for line in row.reply_markup["inline_keyboard"] for b in line
            ]
            assert data == [cd.rsvp(s.forum.id or 0, answer) for answer in RsvpAnswer]
        else:
            assert row.reply_markup is None
    delegated = next(row for row in queued if row.member_id == s.delegated.id)
    assert "represented by Andi Wijaya (Kasubsi)" in delegated.text
    summary_en = next(row for row in queued if row.member_id == s.admin.id)
    summary_id = next(row for row in queued if row.member_id == s.listed_admin.id)
    assert (
        "⚠️ No confirmed attendance yet from the core pillars: <b>Kejaksaan, Bawaslu</b>"
        in summary_en.text
    )
    assert (
        "⚠️ Belum ada konfirmasi kehadiran dari pilar utama: <b>Kejaksaan, Bawaslu</b>"
        in summary_id.text
    )
    assert summary_id.text.endswith("\n⭐ pilar utama")  # the mark's legend
    assert [(r.forum_id, r.offset_seconds, r.ran_at, r.late) for r in runs] == [
        (s.forum.id, 86400, fire_at, False)
    ]


async def test_later_offset_has_no_summary(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        first = await run(session, s.forum, 86400, s.forum.starts_at - timedelta(days=1))
        second = await run(session, s.forum, 7200, s.forum.starts_at - timedelta(hours=2))
        await session.commit()
        queued = non_invitations(await f.rows(session, OutboxMessage))
        assert await f.count(session, ReminderRun) == 2
    assert first is not None and second is not None
    assert (second.reminders, second.nudges, second.summaries) == (2, 1, 0)
    kinds = [row.kind for row in queued if row.dedupe_key.split(":")[2] == "7200"]
    assert sorted(kinds) == sorted([OutboxKind.REMINDER, OutboxKind.REMINDER, OutboxKind.NUDGE])
    assert len(queued) == 5 + 3


async def test_second_run_of_the_same_slot_does_nothing(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        fire_at = s.forum.starts_at - timedelta(hours=2)
        assert await run(session, s.forum, 7200, fire_at) is not None
        await session.commit()
        before = await f.count(session, OutboxMessage)
    async with sessions() as session:
        again = await run(session, s.forum, 7200, fire_at + timedelta(seconds=30))
        await session.commit()
        assert again is None
        assert await f.count(session, OutboxMessage) == before
        assert await f.count(session, ReminderRun) == 1


async def test_second_run_in_the_same_session_does_nothing(sessions: SessionMaker) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        fire_at = s.forum.starts_at - timedelta(hours=2)
        assert await run(session, s.forum, 7200, fire_at) is not None
        before = await f.count(session, OutboxMessage)
        assert await run(session, s.forum, 7200, fire_at) is None
        await session.commit()
        assert await f.count(session, OutboxMessage) == before
        assert await f.count(session, ReminderRun) == 1


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=1)])
async def test_run_at_or_after_the_start_is_dropped(
    sessions: SessionMaker, after: timedelta
) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        before = await f.count(session, OutboxMessage)
        assert await run(session, s.forum, 7200, s.forum.starts_at + after) is None
        await session.commit()
        assert await f.count(session, ReminderRun) == 0
        assert await f.count(session, OutboxMessage) == before


async def test_cancelled_or_unknown_forum_is_dropped(sessions: SessionMaker) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        before = await f.count(session, OutboxMessage)
        s.forum.status = ForumStatus.CANCELLED
        session.add(s.forum)
        await session.commit()
        fire_at = s.forum.starts_at - timedelta(hours=2)
        assert await run(session, s.forum, 7200, fire_at) is None
        ghost = Forum(id=4242, title="x", starts_at=s.forum.starts_at, venue="v", created_by=1)
        assert await run(session, ghost, 7200, fire_at) is None
        await session.commit()
        assert await f.count(session, ReminderRun) == 0
        assert await f.count(session, OutboxMessage) == before


@pytest.mark.parametrize(
    ("delay", "late"),
    [
        (timedelta(0), False),
        (timedelta(seconds=60), False),
        (timedelta(seconds=61), True),
        (timedelta(minutes=90), True),
    ],
)
async def test_late_flag(sessions: SessionMaker, delay: timedelta, late: bool) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        outcome = await run(session, s.forum, 7200, s.forum.starts_at - timedelta(hours=2) + delay)
        await session.commit()
        assert outcome is not None and outcome.late is late
        assert [r.late for r in await f.rows(session, ReminderRun)] == [late]


async def test_rolled_back_run_can_run_again(sessions: SessionMaker) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        fire_at = s.forum.starts_at - timedelta(hours=2)
    async with sessions() as session:
        assert await run(session, s.forum, 7200, fire_at) is not None
        await session.rollback()
    async with sessions() as session:
        assert await f.count(session, ReminderRun) == 0
        again = await run(session, s.forum, 7200, fire_at + timedelta(seconds=5))
        assert again is not None and again.nudges == 1


async def test_slots() -> None:
    start = f.now() + timedelta(days=3)
    forum = Forum(id=7, title="x", starts_at=start, venue="v", created_by=1)
    forum.status = ForumStatus.PUBLISHED
    got = reminders.slots(forum, (7200, 86400, 7200))
    assert [(s.offset_seconds, s.fire_at, s.job_id) for s in got] == [
        (86400, start - timedelta(days=1), "reminder:7:86400"),
        (7200, start - timedelta(hours=2), "reminder:7:7200"),
    ]
    forum.status = ForumStatus.CANCELLED
    assert reminders.slots(forum, OFFSETS) == []


# --- reports.recap ---------------------------------------------------------------------------


async def test_recap_counts_per_pillar(sessions: SessionMaker) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        second_polri = await f.member(session, pillar_code="POLRI")
        await f.answer(session, forum=s.forum, member=second_polri, answer=RsvpAnswer.DECLINED)
        await session.commit()
        report = await reports.recap(session, s.forum)
        answers = await f.count(session, Rsvp)

    rows = {
        p.name: (p.is_core, p.invited, p.attending, p.delegated, p.declined, p.no_answer)
        for p in report.pillars
    }
    assert [p.name for p in report.pillars] == ["Kejaksaan", "Polri", "TNI", "Bawaslu"]
    assert rows == {
        "Kejaksaan": (True, 1, 0, 0, 1, 0),
        "Polri": (True, 3, 1, 0, 1, 1),  # attending, declined, the unreachable one silent
        "TNI": (True, 1, 0, 1, 0, 0),
        "Bawaslu": (True, 1, 0, 0, 0, 1),  # the pending Bawaslu member is not counted
    }
    assert report.core_missing == ["Kejaksaan", "Bawaslu"]
    total = report.total
    assert (total.invited, total.attending, total.delegated, total.declined, total.no_answer) == (
        6,
        1,
        1,
        2,
        2,
    )
    assert total.attending + total.delegated + total.declined == answers


async def test_recap_of_pillars_without_members(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        forum = await f.forum(session, by=admin, pillar_codes=("PKD", "TNI", "PPS"))
        await session.commit()
        report = await reports.recap(session, forum)
    assert [(p.name, p.invited, p.no_answer) for p in report.pillars] == [
        ("TNI", 0, 0),
        ("PPS", 0, 0),
        ("PKD", 0, 0),
    ]
    assert report.core_missing == ["TNI"]


async def test_recaps_of_many_forums_are_each_forums_own_in_three_queries(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        other = await f.forum(session, by=s.admin, pillar_codes=("PKD", "TNI"))
        await f.answer(session, forum=other, member=s.delegated, answer=RsvpAnswer.ATTENDING)
        await session.commit()
        alone = [await reports.recap(session, forum) for forum in (other, s.forum)]
        with counted(session) as statements:
            together = await reports.recaps(session, [other, s.forum])
    assert together == alone
    assert len(statements) == 3
    tni = next(p for p in together[0].pillars if p.name == "TNI")
    assert (tni.attending, tni.delegated) == (1, 0)  # the TNI member's answer to this forum
    assert await reports.recaps(session, []) == []


async def test_recap_ignores_answers_of_members_no_longer_approved(sessions: SessionMaker) -> None:
    async with sessions() as session:
        s = await scene(session, at=f.now())
        s.attending.status = MemberStatus.PENDING
        session.add(s.attending)
        await session.commit()
        report = await reports.recap(session, s.forum)
    polri = next(p for p in report.pillars if p.name == "Polri")
    assert (polri.invited, polri.attending, polri.no_answer) == (1, 0, 1)
    assert "Polri" in report.core_missing


async def test_a_waitlisted_member_is_reminded_without_a_seat(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        waiting = (await session.exec(select(Rsvp).where(Rsvp.member_id == s.attending.id))).one()
        waiting.waitlisted_at = at
        session.add(waiting)
        await session.commit()
        await run(session, s.forum, 86400, s.forum.starts_at - timedelta(seconds=86400))
        await session.commit()
        queued = non_invitations(await f.rows(session, OutboxMessage))
    text = next(row.text for row in queued if row.member_id == s.attending.id)
    assert "Kursi masih penuh" in text and "Sampai jumpa" not in text


async def test_slots_due_together_send_one_reminder_and_one_summary(
    sessions: SessionMaker,
) -> None:
    """A forum published (or moved) closer than its last offset: the earlier slot is
    superseded, the later one reminds once and carries the admins' summary."""
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        now = s.forum.starts_at - timedelta(seconds=3600)  # both 1 day and 2 hours passed
        first = await run(session, s.forum, 86400, now)
        second = await run(session, s.forum, 7200, now)
        await session.commit()
        queued = non_invitations(await f.rows(session, OutboxMessage))
        runs = await f.rows(session, ReminderRun)
    assert first is None
    assert second is not None and second.summaries == 2 and second.late
    assert sorted(r.offset_seconds for r in runs) == [7200, 86400]
    reminded = [row.member_id for row in queued if row.kind == OutboxKind.REMINDER]
    assert sorted(reminded) == sorted([s.attending.id, s.delegated.id])
