"""Broadcasts against a sandbox that enforces Telegram's flood limits like the real server."""

from __future__ import annotations

import asyncio
import bisect
import logging

import pytest

from bot.settings import Settings
from models import OutboxStatus
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES
from tests.reliability.conftest import (
    copies,
    outbox_rows,
    queue_announcement,
    seed_members,
)

log = logging.getLogger(__name__)
MEMBERS = 150


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"send_rate_per_second": 25.0})


@pytest.mark.parametrize("blocked_share", [0.0, 0.05])
async def test_broadcast_keeps_under_telegrams_limits(
    app, sandbox: BotApiSandbox, blocked_share: float
):
    admin = sandbox.user(ADMIN_ID, "Ratna")
    await do.register(admin, PROFILES["KPU"])
    users = await seed_members(app.bot_data, sandbox, MEMBERS, opened_earlier=True)
    blocked = users[: int(MEMBERS * blocked_share)]
    for user in blocked:
        user.block_bot()
    sandbox.strict_limits = True
    first_send = len(sandbox.requests)

    await queue_announcement(app.bot_data, "Uji batas Telegram")
    app.bot_data.sender.wake()
    async with asyncio.timeout(60):
        await app.bot_data.sender.wait_idle()

    sends = [r for r in sandbox.requests[first_send:] if r.method == "sendMessage"]
    accepted = [r for r in sends if r.status == 200]
    rate = (len(accepted) - 1) / (accepted[-1].at - accepted[0].at)
    log.info("broadcast to %d: %.1f messages/s, %d × 429", MEMBERS, rate, sandbox.count_429)
    assert sandbox.count_429 == 0
    times = [r.at for r in accepted]
    busiest = max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))
    assert busiest <= 30  # in any one-second window
    assert rate <= 30.0
    per_chat = copies(sandbox, users, "Uji batas Telegram")
    assert all(per_chat[user.id] == 0 for user in blocked)
    assert all(per_chat[user.id] == 1 for user in users if user not in blocked)
    rows = [row for row in await outbox_rows(app.bot_data) if row.kind == "announcement"]
    assert sum(row.status == OutboxStatus.BLOCKED for row in rows) == len(blocked)
    assert sum(row.status == OutboxStatus.SENT for row in rows) == MEMBERS + 1 - len(blocked)
