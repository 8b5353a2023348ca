"""The whole process: SIGTERM and SIGKILL mid-broadcast, a second instance, a stale webhook."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import httpx
from sqlmodel import select

from bot.app import CONFLICT_EXIT_CODE, build_application, running
from bot.db import create_engine, create_session_maker
from bot.settings import Settings
from models import OutboxMessage, OutboxStatus
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES
from tests.reliability.conftest import copies, queue_announcement, reached, seed_members

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 120


async def start_bot(
    settings: Settings, sandbox: BotApiSandbox, **extra: str
) -> asyncio.subprocess.Process:
    """`python main.py run` against the sandbox, as an operator would start it.

    `extra` adds or replaces environment variables (e.g. WEBHOOK_URL, LOG_LEVEL).
    """
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WEBHOOK_")},
        "BOT_TOKEN": sandbox.token,
        "BOT_API_BASE_URL": sandbox.base_url,
        "BOT_API_BASE_FILE_URL": sandbox.base_file_url,
        "DATABASE_URL": settings.database_url,
        "ADMIN_IDS": str(ADMIN_ID),
        "SEND_RATE_PER_SECOND": "10",  # slow enough that a signal lands mid-broadcast
        "SEND_CLAIM_LEASE_SECONDS": "2",  # a killed sender's claim expires quickly
        "LOG_LEVEL": "INFO",
        **extra,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "main.py",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def prepare_broadcast(
    sandbox: BotApiSandbox, settings: Settings, text: str
) -> tuple[SimUser, list[SimUser]]:
    """Register an admin and members with a bot that then stops; queue an announcement."""
    seeding = build_application(settings)
    async with running(seeding):
        admin = sandbox.user(ADMIN_ID, "Ratna")
        await do.register(admin, PROFILES["KPU"])
        users = await seed_members(seeding.bot_data, sandbox, MEMBERS, opened_earlier=True)
        await queue_announcement(seeding.bot_data, text)
        assert seeding.bot_data.sender is not None
        await seeding.bot_data.sender.stop()  # leave every row pending for the process
    return admin, users


async def stop(process: asyncio.subprocess.Process, sig: signal.Signals) -> tuple[int, str]:
    process.send_signal(sig)
    async with asyncio.timeout(30):
        _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode()


async def finish(settings: Settings, sandbox: BotApiSandbox, admin: SimUser) -> str:
    """Start the process again and let it finish the broadcast; returns the delivery report.

    At the tests' full pace: only the first process needs the slow one, for its signal to land
    mid-broadcast; at 10 a second the ninety messages left took nine of the test's 25 s.
    """
    process = await start_bot(
        settings, sandbox, SEND_RATE_PER_SECOND=str(settings.send_rate_per_second)
    )
    try:
        while True:
            report = await admin.next_message(timeout=60)
            if "Laporan pengiriman" in (report.text or ""):
                return report.text or ""
    finally:
        code, log = await stop(process, signal.SIGTERM)
        assert code == 0, log


async def test_sigterm_mid_broadcast_finishes_the_message_in_flight(
    sandbox: BotApiSandbox, settings: Settings
):
    admin, users = await prepare_broadcast(sandbox, settings, "Uji SIGTERM")
    process = await start_bot(settings, sandbox)
    await reached(sandbox, users, "Uji SIGTERM", 30)

    code, log = await stop(process, signal.SIGTERM)

    assert code == 0, log
    assert "Traceback" not in log
    engine_rows = await rows_by_status(settings)
    assert engine_rows.get(OutboxStatus.SENDING, 0) == 0  # nothing left half-sent
    assert engine_rows.get(OutboxStatus.PENDING, 0) > 0  # the rest waits for the next start
    report = await finish(settings, sandbox, admin)
    assert set(copies(sandbox, users, "Uji SIGTERM").values()) == {1}
    assert f"Terkirim: {MEMBERS + 1}" in report


async def test_sigkill_mid_broadcast_repeats_at_most_the_messages_in_flight(
    sandbox: BotApiSandbox, settings: Settings
):
    admin, users = await prepare_broadcast(sandbox, settings, "Uji SIGKILL")
    process = await start_bot(settings, sandbox)
    await reached(sandbox, users, "Uji SIGKILL", 30)

    code, _ = await stop(process, signal.SIGKILL)

    assert code == -signal.SIGKILL
    await finish(settings, sandbox, admin)
    per_chat = copies(sandbox, users, "Uji SIGKILL")
    assert min(per_chat.values()) == 1  # nobody missing
    # at most the messages that were in flight are repeated
    assert sum(count - 1 for count in per_chat.values()) <= settings.send_concurrency


async def test_a_second_instance_gets_one_clear_line_and_exits(
    sandbox: BotApiSandbox, settings: Settings
):
    sandbox.fail_next(
        "getUpdates",
        error_code=409,
        description="Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
        times=1000,
    )
    process = await start_bot(settings, sandbox)
    async with asyncio.timeout(30):
        _, stderr = await process.communicate()
    log = stderr.decode()

    assert process.returncode == CONFLICT_EXIT_CODE, log
    assert log.count("409 Conflict") == 1
    assert "another instance is polling this bot token" in log
    conflicts = [r for r in sandbox.requests if r.method == "getUpdates" and r.status == 409]
    assert 1 <= len(conflicts) <= 3  # stopped, not a loop of 409s


async def test_a_stale_webhook_is_deleted_before_polling(
    sandbox: BotApiSandbox, settings: Settings
):
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"{sandbox.base_url}{sandbox.token}/setWebhook",
            json={"url": "https://old.example.go.id/telegram"},
        )
    assert answer.json()["ok"]
    application = build_application(settings)
    async with running(application):
        user = sandbox.user(4242, "Budi")
        await user.send("/bantuan")
        assert "/daftar" in (await user.next_message()).text
    methods = [r.method for r in sandbox.requests]
    assert methods.index("deleteWebhook") < methods.index("getUpdates")


async def rows_by_status(settings: Settings) -> dict[str, int]:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_maker(engine)() as session:
            rows = (await session.exec(select(OutboxMessage))).all()
    finally:
        await engine.dispose()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts
