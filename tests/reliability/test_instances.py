"""One instance per bot (finding 7): a second one, webhook or polling, stops with one line.

Runs on the SQLite file (an `instancelease` row) or, with TEST_DATABASE_URL, on PostgreSQL
(a session advisory lock).
"""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta

import pytest
from sqlmodel import delete

from bot.app import CONFLICT_EXIT_CODE, build_application, running
from bot.db import create_engine, create_session_maker, migrate
from bot.instance import AnotherInstanceRunning
from bot.settings import Settings
from models.base import utcnow
from models.instance import InstanceLease
from sandbox import BotApiSandbox
from tests.conftest import POSTGRES_URL
from tests.reliability.test_process import start_bot, stop
from tests.reliability.test_webhook import start_webhook_bot


async def one_line_exit(process: asyncio.subprocess.Process) -> tuple[int, list[str]]:
    async with asyncio.timeout(60):
        _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode().strip().splitlines()


async def answers_help(sandbox: BotApiSandbox, user_id: int) -> None:
    user = sandbox.user(user_id, "Budi")
    await user.send("/bantuan")
    assert "/daftar" in (await user.next_message(timeout=30)).text


async def test_a_second_process_stops_with_one_line_and_leaves_the_webhook_alone(
    sandbox: BotApiSandbox, settings: Settings
):
    first, _ = await start_webhook_bot(settings, sandbox)
    try:
        await answers_help(sandbox, 4001)
        for mode in ({}, {"WEBHOOK_URL": "https://sinergi.kpu.test/telegram"}):
            second = await start_bot(settings, sandbox, **mode)
            code, lines = await one_line_exit(second)
            assert code == CONFLICT_EXIT_CODE, lines
            assert len(lines) == 1, lines
            assert "another instance of this bot is running" in lines[0]
            assert f":{first.pid} since " in lines[0]  # names the holder's host:pid
        assert len(sandbox.calls("setWebhook")) == 1  # the second never took the updates
        assert sandbox.calls("getUpdates") == []
        await answers_help(sandbox, 4002)  # the first still serves
    finally:
        code, log = await stop(first, signal.SIGTERM)
    assert code == 0, log


async def test_a_crashed_instance_does_not_block_the_next_start(
    sandbox: BotApiSandbox, settings: Settings
):
    first = await start_bot(settings, sandbox)
    await answers_help(sandbox, 4003)
    code, _ = await stop(first, signal.SIGKILL)
    assert code == -signal.SIGKILL

    # its lease (same host, dead pid) or its lock (ended with its connection) is taken over
    second = await start_bot(settings, sandbox)
    try:
        await answers_help(sandbox, 4004)
    finally:
        code, log = await stop(second, signal.SIGTERM)
    assert code == 0, log


async def test_a_second_application_on_the_same_database_stops_before_asking_for_updates(
    sandbox: BotApiSandbox, settings: Settings
):
    first = build_application(settings)
    async with running(first):
        polls = len(sandbox.calls("getUpdates"))
        second = build_application(settings)
        with pytest.raises(AnotherInstanceRunning, match="another instance"):
            async with running(second):
                pass
        assert second.updater is not None and not second.updater.running
        await answers_help(sandbox, 4005)
        assert len(sandbox.calls("getUpdates")) > polls  # the first kept polling
    # once the first stopped, its claim is free
    third = build_application(settings)
    async with running(third):
        await answers_help(sandbox, 4006)


@pytest.mark.skipif(POSTGRES_URL is not None, reason="the lease is SQLite's; PostgreSQL locks")
async def test_a_lease_from_another_host_is_taken_over_only_once_it_expired(
    sandbox: BotApiSandbox, settings: Settings
):
    await migrate(settings.database_url)
    engine = create_engine(settings.database_url)
    sessions = create_session_maker(engine)
    bot_id = int(sandbox.token.split(":")[0])

    async def lease(expires_in: float) -> None:
        async with sessions() as session:
            await session.exec(delete(InstanceLease))  # type: ignore[call-overload]
            now = utcnow()
            session.add(
                InstanceLease(
                    name=f"bot:{bot_id}",
                    holder="kpu-server-2:4711:abcd",
                    acquired_at=now - timedelta(hours=1),
                    renewed_at=now,
                    expires_at=now + timedelta(seconds=expires_in),
                )
            )
            await session.commit()

    try:
        await lease(15)
        with pytest.raises(AnotherInstanceRunning, match=r"kpu-server-2:4711 since"):
            async with running(build_application(settings)):
                pass
        await lease(-1)  # the other host stopped renewing: its lease has passed
        async with running(build_application(settings)):
            await answers_help(sandbox, 4007)
    finally:
        await engine.dispose()
