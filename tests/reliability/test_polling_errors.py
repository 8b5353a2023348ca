"""A Telegram outage while polling is a WARNING line and the bot carries on (no ERROR
traceback: a worker polls for many offices, and would log one per office per retry)."""

from __future__ import annotations

import logging

import pytest

from sandbox import BotApiSandbox


async def test_a_failed_getupdates_is_one_warning_and_polling_goes_on(
    app: object, sandbox: BotApiSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox.fail_next("getUpdates", error_code=502, description="Bad Gateway", times=2)
    user = sandbox.user(6001, "Warga")
    await user.send("/bantuan")
    reply = await user.next_message(timeout=30)
    assert reply.from_bot and reply.text
    warnings = [r for r in caplog.records if "could not fetch updates" in r.getMessage()]
    assert len(warnings) == 2 and all(r.levelno == logging.WARNING for r in warnings)
    assert all(r.exc_info is None for r in warnings)
