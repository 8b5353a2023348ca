"""Nothing lost, nothing repeated: stopping and starting the Application mid-way."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot import notices
from bot.app import build_application, running
from bot.context import SinergiContext
from bot.services import forums, members
from bot.settings import Settings
from models import Member, OutboxStatus
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from scheduler.reminders import schedule_forum
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import JAKARTA, PROFILES
from tests.factories import OFFICE
from tests.reliability.conftest import (
    copies,
    outbox_rows,
    queue_announcement,
    reached,
    seed_members,
)

NEEDLE = "Uji siaran 300"


async def test_broadcast_to_300_survives_a_restart(sandbox: BotApiSandbox, settings: Settings):
    first = build_application(settings)
    async with running(first):
        admin = sandbox.user(ADMIN_ID, "Ratna")
        await do.register(admin, PROFILES["KPU"])
        users = await seed_members(first.bot_data, sandbox, 300, opened_earlier=True)
        await queue_announcement(first.bot_data, NEEDLE)
        assert first.bot_data.sender is not None
        first.bot_data.sender.wake()
        await reached(sandbox, users, NEEDLE, 100)
    # stopped mid-broadcast: some delivered, the rest still pending in the database
    delivered_before = sum(copies(sandbox, users, NEEDLE).values())
    assert 100 <= delivered_before < 300

    second = build_application(settings)
    async with running(second):
        assert second.bot_data.sender is not None
        async with asyncio.timeout(60):
            await second.bot_data.sender.wait_idle()
        report = await admin.next_message(timeout=10)
        while "Laporan pengiriman" not in (report.text or ""):
            report = await admin.next_message(timeout=10)
        rows = await outbox_rows(second.bot_data)

    per_chat = copies(sandbox, users, NEEDLE)
    assert set(per_chat.values()) == {1}, per_chat.most_common(3)
    assert sum(per_chat.values()) == 300
    announcement_rows = [row for row in rows if row.kind == "announcement"]
    assert len(announcement_rows) == 301  # 300 members and the admin
    assert {row.status for row in announcement_rows} == {OutboxStatus.SENT}
    assert re.search(r"^Terkirim: 301$", report.text, re.M)


async def test_reminder_is_sent_once_although_the_loop_was_blocked(
    sandbox: BotApiSandbox, settings: Settings
):
    offset = 3600
    settings = settings.model_copy(update={"reminder_offsets": (offset,)})
    application = build_application(settings)
    async with running(application):
        admin = sandbox.user(ADMIN_ID, "Ratna")
        await do.register(admin, PROFILES["KPU"])
        data = application.bot_data
        assert data.sessions is not None and data.sender is not None
        async with data.sessions() as session:
            boss = (
                await session.exec(select(Member).where(Member.telegram_user_id == ADMIN_ID))
            ).one()
            kpu = [p.id or 0 for p in await members.list_pillars(session) if p.code == "KPU"]
            now = datetime.now(UTC)
            fire_at = now + timedelta(seconds=3)  # seconds-exact, unlike a typed start
            draft = forums.ForumDraft(
                title="Rapat Pleno",
                starts_at=fire_at + timedelta(seconds=offset),
                venue="Aula KPU",
                pillar_ids=set(kpu),
            )
            published = await forums.publish(session, draft, admin=boss, now=now)
            await notices.forums.invitations(session, published, tz=JAKARTA, office=OFFICE)
            forum = published.forum
            await session.commit()
        schedule_forum(SinergiContext(application).jobs, forum, settings.reminder_offsets, now=now)
        data.sender.wake()
        invitation = await admin.next_message()
        await admin.press(invitation, "Hadir")
        # block the event loop for 3 s, from 1 s before the reminder's time
        block_in = (fire_at - datetime.now(UTC)).total_seconds() - 1.0
        assert block_in > 0, "the set-up took longer than the reminder's lead time"
        asyncio.get_running_loop().call_later(block_in, time.sleep, 3.0)
        first = await admin.next_message(timeout=15)
        await asyncio.sleep(2.0)
        arrived = [first, *admin.unread()]
        rows = await outbox_rows(data)
    assert sum("Pengingat" in (m.text or "") for m in arrived) == 1
    assert sum("Rekap" in (m.text or "") for m in arrived) == 1  # the admins' summary
    assert [row.kind for row in rows].count("reminder") == 1
