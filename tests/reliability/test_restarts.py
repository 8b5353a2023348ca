"""Nothing lost, nothing repeated: stopping and starting the Application mid-way."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from bot.app import build_application, running
from bot.settings import Settings
from models import OutboxStatus
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES, Community, publish_forum
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
        users = await seed_members(first.bot_data, sandbox, 300)
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
    assert len(per_chat) == 300
    announcement_rows = [row for row in rows if row.kind == "announcement"]
    assert len(announcement_rows) == 301  # 300 members and the admin
    assert {row.status for row in announcement_rows} == {OutboxStatus.SENT}
    assert "Terkirim: 301" in report.text


async def test_reminder_is_sent_once_although_the_loop_was_blocked(
    sandbox: BotApiSandbox, settings: Settings
):
    now = datetime.now(UTC)
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=3)
    fire_in = 4.0
    offset = int((start - now).total_seconds() - fire_in)
    settings = settings.model_copy(update={"reminder_offsets": (offset,)})
    application = build_application(settings)
    async with running(application):
        admin = sandbox.user(ADMIN_ID, "Ratna")
        await do.register(admin, PROFILES["KPU"])
        community = Community(admin=admin, members={}, data=application.bot_data)
        await publish_forum(community, start=start, pillars=["KPU"])
        invitation = await admin.next_message()
        await admin.press(invitation, "Hadir")
        # block the event loop for 3 s across the reminder's time
        loop = asyncio.get_running_loop()
        fire_at = start - timedelta(seconds=offset)
        delay = max(0.0, (fire_at - datetime.now(UTC)).total_seconds() - 1.0)
        loop.call_later(delay, time.sleep, 3.0)
        first = await admin.next_message(timeout=15)
        await asyncio.sleep(2.0)
        arrived = [first, *admin.unread()]
        rows = await outbox_rows(application.bot_data)
    assert sum("Pengingat" in (m.text or "") for m in arrived) == 1
    assert sum("Rekap" in (m.text or "") for m in arrived) == 1  # the admins' summary
    assert [row.kind for row in rows].count("reminder") == 1
