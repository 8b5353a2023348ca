"""Reminders: who gets what at each offset, once, also across restarts (SPEC sections 4-5)."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import build_application, post_stop, running
from bot.settings import Settings
from models import Forum, OutboxKind, OutboxMessage, ReminderRun
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.e2e.conftest import Community, near_start, offsets_due_after, publish_forum

FIRST, SECOND = 8, 12  # seconds after the test starts at which the two reminders are due


@pytest.fixture
def start() -> datetime:
    return near_start()


@pytest.fixture
def settings(settings: Settings, start: datetime) -> Settings:
    return offsets_due_after(settings, start, FIRST, SECOND)  # type: ignore[return-value]


async def outbox(community: Community, kind: OutboxKind) -> list[OutboxMessage]:
    async with asyncio.timeout(10):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]
    async with community.data.sessions() as session:  # type: ignore[misc]
        return list(
            (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind))).all()
        )


async def test_reminders_nudges_and_the_admins_summary(community: Community, start, settings):
    invitations = await publish_forum(community, start=start)
    members = community.members
    await do.answer_invitation(members["KEJAKSAAN"], invitations["KEJAKSAAN"], "Hadir")
    await do.answer_invitation(
        members["POLRI"], invitations["POLRI"], "Diwakilkan", delegate=("Dwi Santoso", "Kabag Ops")
    )
    await do.answer_invitation(members["TNI"], invitations["TNI"], "Tidak hadir")

    summary = await community.admin.next_message(timeout=15)
    assert "Rekap" in summary.text
    assert "Belum ada konfirmasi kehadiran dari pilar utama: TNI, Bawaslu" in summary.text
    reminder = await members["KEJAKSAAN"].next_message(timeout=15)
    assert "Pengingat" in reminder.text and "Konfirmasi Bapak/Ibu: Hadir" in reminder.text
    assert re.search(r"Pengingat · [23] menit lagi", reminder.text)  # starts in 2-3 minutes
    assert reminder.buttons == []
    polri = await members["POLRI"].next_message(timeout=15)
    assert "Dwi Santoso (Kabag Ops)" in polri.text
    nudge = await members["BAWASLU"].next_message(timeout=15)
    assert "Bapak/Ibu belum mengonfirmasi kehadiran." in nudge.text
    assert nudge.button_texts == ["Hadir", "Diwakilkan", "Tidak hadir"]
    await members["BAWASLU"].press(nudge, "Hadir")
    await members["BAWASLU"].wait_edit(nudge)

    # the second offset: reminders again (Bawaslu now attending), no second summary
    second = await members["BAWASLU"].next_message(timeout=15)
    assert "Konfirmasi Bapak/Ibu: Hadir" in second.text
    await members["KEJAKSAAN"].next_message(timeout=15)
    await members["POLRI"].next_message(timeout=15)
    await members["TNI"].no_message(within=0.3)
    await community.admin.no_message(within=0.3)
    assert len(await outbox(community, OutboxKind.SUMMARY)) == 1
    assert len(await outbox(community, OutboxKind.NUDGE)) == 1
    assert len(await outbox(community, OutboxKind.REMINDER)) == 5
    async with community.data.sessions() as session:  # type: ignore[misc]
        runs = (await session.exec(select(ReminderRun))).all()
    assert len(runs) == 2 and not any(run.late for run in runs)


async def test_reminder_survives_restarts_and_is_sent_once(
    community: Community, sandbox: BotApiSandbox, settings: Settings, app, start
):
    invitations = await publish_forum(community, start=start, pillars=["TNI"])
    await do.answer_invitation(community.members["TNI"], invitations["TNI"], "Hadir")
    forum_id = invitations["TNI"].callback_data_for("Hadir").split(":")[1]
    survey = f"survey:{forum_id}"  # the satisfaction survey at the forum's end
    expected = {f"reminder:{forum_id}:{offset}" for offset in settings.reminder_offsets}
    expected.add(survey)
    assert {job.id for job in app.job_queue.scheduler.get_jobs()} == expected

    await app.updater.stop()  # the fixture's Application stops before any reminder is due
    await app.stop()
    await post_stop(app)
    for _ in range(3):
        restarted = build_application(settings)
        async with running(restarted):
            ids = [job.id for job in restarted.job_queue.scheduler.get_jobs()]
            assert sorted(ids) == sorted(expected)
    final = build_application(settings)
    async with running(final):
        first = await community.members["TNI"].next_message(timeout=15)
        second = await community.members["TNI"].next_message(timeout=15)
        assert "Pengingat" in first.text and "Pengingat" in second.text
        await community.members["TNI"].no_message(within=0.5)
    again = build_application(settings)
    async with running(again):
        await community.members["TNI"].no_message(within=1.0)
        assert [job.id for job in again.job_queue.scheduler.get_jobs()] == [survey]
    async with again.bot_data.sessions() as session:
        rows = (
            await session.exec(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
        ).all()
    assert len(rows) == 2


async def test_missed_reminder_is_sent_late_or_dropped(
    community: Community, settings: Settings, app, start
):
    invitations = await publish_forum(community, start=start, pillars=["TNI", "POLRI"])
    await do.answer_invitation(community.members["TNI"], invitations["TNI"], "Hadir")
    await do.answer_invitation(community.members["POLRI"], invitations["POLRI"], "Hadir")
    await app.updater.stop()
    await app.stop()
    await post_stop(app)
    # while the bot is down both offsets pass (simulated by moving the forum closer)
    async with community.data.sessions() as session:  # type: ignore[misc]
        forum = (await session.exec(select(Forum))).one()
        forum.starts_at = datetime.now(UTC) + timedelta(seconds=settings.reminder_offsets[1] - 90)
        session.add(forum)
        await session.commit()

    late = build_application(settings)
    async with running(late):
        got = await community.members["TNI"].next_message(timeout=10)
        assert "Pengingat" in got.text
        # both slots were missed: one reminder, the later one, not two at once
        await community.members["TNI"].no_message(within=1.0)
    async with late.bot_data.sessions() as session:
        runs = (await session.exec(select(ReminderRun))).all()
        assert len(runs) == 2 and all(run.late for run in runs)
        # a forum that started while the bot was down gets no reminder at all: forget the
        # late run (its ReminderRun and outbox rows), move the start into the past, restart
        forum = (await session.exec(select(Forum))).one()
        forum.starts_at = datetime.now(UTC) - timedelta(minutes=5)
        session.add(forum)
        for run in runs:
            await session.delete(run)
        for row in (await session.exec(select(OutboxMessage))).all():
            if row.kind == "reminder":
                await session.delete(row)
        await session.commit()
    community.members["POLRI"].unread()  # the late reminders seen before
    dropped = build_application(settings)
    async with running(dropped):
        # only the survey at its end is left for the forum that started
        assert [job.id for job in dropped.job_queue.scheduler.get_jobs()] == [f"survey:{forum.id}"]
        await community.members["POLRI"].no_message(within=1.0)
    async with dropped.bot_data.sessions() as session:
        assert (await session.exec(select(ReminderRun))).all() == []
        kinds = [row.kind for row in (await session.exec(select(OutboxMessage))).all()]
    assert "reminder" not in kinds
