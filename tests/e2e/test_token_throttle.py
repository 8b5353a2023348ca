"""Wrong invite and check-in tokens are throttled per user (issue 9, finding 9)."""

from __future__ import annotations

import logging

import pytest

from bot.services.throttle import TokenThrottle
from handlers.common import THROTTLE
from sandbox import BotApiSandbox
from tests.e2e.conftest import Community


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: object) -> Clock:
    clock = Clock()
    app.bot_data.extra[THROTTLE] = TokenThrottle(clock=clock)  # type: ignore[attr-defined]
    return clock


async def test_wrong_invite_tokens_are_throttled(
    app, sandbox: BotApiSandbox, clock: Clock, caplog: pytest.LogCaptureFixture
):
    user = sandbox.user(3201, "Tebak")
    for attempt in range(5):
        await user.start(f"inv_guess{attempt}")
        assert "tidak berlaku" in (await user.next_message()).text.lower()
    lookups = len(sandbox.calls("sendMessage"))

    with caplog.at_level(logging.WARNING, logger="bot.services.throttle"):
        await user.start("inv_guess6")
        refused = await user.next_message()
    assert "coba lagi dalam 10 menit" in refused.text
    assert len(sandbox.calls("sendMessage")) == lookups + 1
    [line] = [r for r in caplog.records if r.name == "bot.services.throttle"]
    assert line.levelno == logging.WARNING and "3201" in line.getMessage()
    assert "guess6" not in line.getMessage()

    clock.now += 601  # the window has passed: looked up again
    await user.start("inv_guess7")
    assert "tidak berlaku" in (await user.next_message()).text.lower()


async def test_wrong_checkin_tokens_are_throttled(
    sandbox: BotApiSandbox, community: Community, clock: Clock
):
    member = community.members["POLRI"]
    for attempt in range(5):
        await member.start(f"c_wrongtoken{attempt}")
        assert "tidak dikenal" in (await member.next_message()).text
    clock.now += 300
    await member.start("c_wrongtoken9")
    assert "coba lagi dalam 5 menit" in (await member.next_message()).text
    other = community.members["TNI"]  # per user: someone else is not held up
    await other.start("c_wrongtoken9")
    assert "tidak dikenal" in (await other.next_message()).text
