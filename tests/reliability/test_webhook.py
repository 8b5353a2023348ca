"""Webhook mode as production runs it: `main.py run` as a process, updates POSTed by the sandbox.

Telegram requires an HTTPS webhook URL; in production a reverse proxy terminates TLS and
forwards to the bot on the loopback. The sandbox models that proxy: setWebhook gets
`https://sinergi.kpu.test/telegram`, deliveries go to `http://127.0.0.1:<port>/telegram`.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from typing import Any

import httpx
from sqlmodel import select

from bot.db import create_engine, create_session_maker
from bot.settings import Settings
from models import AuditEntry, Member, MemberStatus
from sandbox import BotApiSandbox, SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES
from tests.reliability.test_process import start_bot, stop

PUBLIC = "https://sinergi.kpu.test"
NEWCOMER = do.Profile("Indah Permatasari", "PPK", "PPK Kecamatan Magersari", "Ketua")
ATTACKER = do.Profile("Joko Penyusup", "PPK", "PPK Kecamatan Prajurit Kulon", "Staf")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_webhook_bot(
    settings: Settings, sandbox: BotApiSandbox, **extra: str
) -> tuple[asyncio.subprocess.Process, int]:
    """The bot in webhook mode behind the sandbox's stand-in for the reverse proxy."""
    port = free_port()
    sandbox.webhook.proxy(PUBLIC, f"http://127.0.0.1:{port}")
    process = await start_bot(
        settings, sandbox, WEBHOOK_URL=f"{PUBLIC}/telegram", WEBHOOK_PORT=str(port), **extra
    )
    await sandbox.wait_until(
        lambda: sandbox.webhook_url, 60, lambda: "the bot never called setWebhook"
    )
    return process, port


async def member_row(settings: Settings, user_id: int) -> Member | None:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_maker(engine)() as session:
            return (
                await session.exec(select(Member).where(Member.telegram_user_id == user_id))
            ).first()
    finally:
        await engine.dispose()


async def approvals(settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_maker(engine)() as session:
            rows = (
                await session.exec(select(AuditEntry).where(AuditEntry.action == "member.approve"))
            ).all()
            return len(rows)
    finally:
        await engine.dispose()


async def request_for(sandbox: BotApiSandbox, admin: SimUser, name: str) -> SandboxMessage:
    """The admin's digest of pending registrations once it lists `name` (a new message, or
    the digest edited in place)."""
    return await sandbox.wait_until(
        lambda: next(
            (
                message
                for message in reversed(sandbox.messages(admin.id))
                if message.from_bot and name in (message.text or "") and message.buttons
            ),
            None,
        ),
        30,
        lambda: f"no digest lists {name}:\n{admin.transcript()}",
    )


def forged_approval(
    sandbox: BotApiSandbox, admin: SimUser, request: SandboxMessage, member_id: int
) -> dict[str, Any]:
    """A callback query as Telegram would send it for the admin pressing approve (finding 6)."""
    return {
        "update_id": 999_999,
        "callback_query": {
            "id": "4999999999999",
            "from": admin.to_dict(),
            "message": sandbox.message_json(request),
            "chat_instance": "1234567",
            "data": f"appr:{member_id}:a",
        },
    }


async def test_webhook_process_refuses_getupdates_and_a_forged_post_and_serves_users(
    sandbox: BotApiSandbox, settings: Settings
):
    # LOG_LEVEL in any case (a newcomer item of issue 9)
    process, port = await start_webhook_bot(settings, sandbox, LOG_LEVEL="Info")
    try:
        # While the webhook is set, Telegram refuses getUpdates (checked on this process
        # rather than a process of its own: each start is seconds of CPU on 2 cores).
        async with httpx.AsyncClient() as client:
            answer = await client.post(f"{sandbox.base_url}{sandbox.token}/getUpdates", json={})
        assert answer.status_code == 409
        assert answer.json()["description"] == (
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first"
        )
        admin = sandbox.user(ADMIN_ID, "Ratna")
        await do.register(admin, PROFILES["KPU"])
        attacker = sandbox.user(3666, "Joko")
        await do.register(attacker, ATTACKER)
        attacker_request = await request_for(sandbox, admin, ATTACKER.full_name)
        row = await member_row(settings, attacker.id)
        assert row is not None and row.id is not None and row.status == MemberStatus.PENDING

        forged = forged_approval(sandbox, admin, attacker_request, row.id)
        async with httpx.AsyncClient() as client:
            unsigned = await client.post(f"http://127.0.0.1:{port}/telegram", json=forged)
            wrong = await client.post(
                f"http://127.0.0.1:{port}/telegram",
                json=forged,
                headers={"X-Telegram-Bot-Api-Secret-Token": "tebakan-penyerang"},
            )
        assert unsigned.status_code == 403
        assert wrong.status_code == 403

        # the bot still serves the real users: a newcomer registers, the admin approves
        newcomer = sandbox.user(3001, "Indah")
        done = await do.register(newcomer, NEWCOMER)
        assert "menunggu persetujuan" in done.text
        request = await request_for(sandbox, admin, NEWCOMER.full_name)
        await admin.press(request, f"✅ 2. {NEWCOMER.full_name}")
        assert "disetujui" in (await newcomer.next_message(timeout=30)).text
        approved = await member_row(settings, newcomer.id)
        assert approved is not None and approved.status == MemberStatus.APPROVED

        # the forged press changed nothing
        after = await member_row(settings, attacker.id)
        assert after is not None and after.status == MemberStatus.PENDING
        assert after.decided_by is None
        assert await approvals(settings) == 1  # the newcomer's only
        assert not [m for m in attacker.inbox if "disetujui" in (m.text or "")]
    finally:
        code, log = await stop(process, signal.SIGTERM)

    assert code == 0, log
    assert "Traceback" not in log and " ERROR " not in log, log
    assert "setup plugin" not in log  # alembic's seven lines at every start (newcomer item)
    secret = sandbox.calls("setWebhook")[-1].params.get("secret_token")
    assert isinstance(secret, str) and len(secret) >= 32  # generated: WEBHOOK_SECRET was empty
    # PTB calls setWebhook before its server listens: the first POST may be refused and is
    # repeated, as Telegram does; every update arrives once, in order.
    delivered = [d.update_id for d in sandbox.webhook.deliveries if d.status == 200]
    assert delivered and delivered == sorted(set(delivered))
    assert sandbox.pending_updates == []


async def test_debug_log_never_shows_the_token_or_the_webhook_secret(
    sandbox: BotApiSandbox, settings: Settings
):
    process, _ = await start_webhook_bot(settings, sandbox, LOG_LEVEL="DEBUG")
    try:
        user = sandbox.user(4242, "Budi")
        await user.send("/bantuan")
        assert "/daftar" in (await user.next_message(timeout=30)).text
    finally:
        code, log = await stop(process, signal.SIGTERM)

    assert code == 0, log
    assert " DEBUG " in log and "bantuan" in log  # DEBUG was on, with the update in it
    secret = sandbox.calls("setWebhook")[-1].params["secret_token"]
    token_secret = sandbox.token.split(":", 1)[1]
    for needle in (sandbox.token, token_secret, secret):
        assert needle not in log
    assert "[REDACTED]" in log
