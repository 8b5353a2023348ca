"""The operations endpoints (docs/OPERATIONS.md): real HTTP requests to /healthz, /readyz and
/metrics of the running bot, before and after real traffic through the sandbox."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool
from sqlmodel import select

from bot.app import OPS_SERVER, build_application, post_init, post_shutdown
from bot.context import BotData
from bot.settings import Settings
from models import OutboxMessage, OutboxStatus
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.e2e.conftest import Community, near_start, offsets_due_after, publish_forum
from tests.reliability.conftest import queue_announcement, seed_members
from web.ops import DATABASE_TIMEOUT
from web.server import WebServer

OFFICE = "KPU Kota Mojokerto"
REMINDER_AFTER = 6  # seconds after the test starts at which a published forum's reminder is due


@pytest.fixture
def start() -> datetime:
    return near_start()


@pytest.fixture
def settings(settings: Settings, start: datetime) -> Settings:
    with_reminder = offsets_due_after(settings, start, REMINDER_AFTER)
    assert isinstance(with_reminder, Settings)
    return with_reminder.model_copy(update={"ops_port": 0, "office_name": OFFICE})


@pytest.fixture
async def ops(app: object) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the operations endpoints, on the free port the bot bound."""
    server = app.bot_data.extra[OPS_SERVER]  # type: ignore[attr-defined]
    assert isinstance(server, WebServer) and server.port != 0
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as client:
        yield client


async def scrape(ops: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """/metrics parsed as Prometheus parses it: (sample name, labels) -> value."""
    response = await ops.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples[(name, frozenset({"office": OFFICE, **labels}.items()))]


async def rows_with(data: BotData, status: OutboxStatus) -> int:
    assert data.sessions is not None
    async with data.sessions() as session:
        query = (
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == status)
        )
        return int((await session.exec(query)).one())


async def idle(data: BotData) -> None:
    assert data.sender is not None
    async with asyncio.timeout(30):
        await data.sender.wait_idle()


async def test_healthz_and_readyz_answer_while_the_bot_runs(app, ops):
    health = await ops.get("/healthz")
    assert (health.status_code, health.text) == (200, "ok")
    ready = await ops.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"ready": True}
    assert ready.headers["cache-control"] == "no-store"


async def test_sends_updates_and_the_outbox_depth_are_counted(app, sandbox, admin, ops):
    data: BotData = app.bot_data
    await idle(data)
    before = await scrape(ops)
    assert value(before, "sinergi_outbox_messages", status="pending") == 0
    assert value(before, "sinergi_messages_sent_total") == await rows_with(data, OutboxStatus.SENT)
    handled = value(before, "sinergi_updates_handled_total")
    assert handled > 0  # the admin's registration

    users = await seed_members(data, sandbox, 5)  # each sends /bantuan and reads the answer
    await idle(data)
    await queue_announcement(data, "Rapat pleno besok")  # queued, the sender not woken yet
    queued = await scrape(ops)
    pending = await rows_with(data, OutboxStatus.PENDING)
    assert value(queued, "sinergi_outbox_messages", status="pending") == pending
    assert pending >= len(users)  # a copy each (and the admin's own)
    assert value(queued, "sinergi_updates_handled_total") >= handled + len(users)

    assert data.sender is not None
    data.sender.wake()
    for user in users:
        assert "Rapat pleno besok" in (await user.next_message(timeout=15)).text
    await idle(data)
    after = await scrape(ops)
    assert value(after, "sinergi_messages_sent_total") == await rows_with(data, OutboxStatus.SENT)
    assert value(after, "sinergi_messages_sent_total") >= len(users)
    assert value(after, "sinergi_outbox_messages", status="pending") == 0
    assert value(after, "sinergi_messages_failed_total", status="failed") == 0


def refuse_once_with_429(sandbox: BotApiSandbox, chat_id: int) -> None:
    """Telegram's next answer to a message for `chat_id`: 429, retry after a second."""
    sandbox.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 1",
        retry_after=1,
        chat_id=chat_id,
    )


async def test_429_answers_are_counted_bulk_and_interactive(app, sandbox, admin, ops):
    data: BotData = app.bot_data
    users = await seed_members(data, sandbox, 3)
    await idle(data)
    for user in users[:2]:
        refuse_once_with_429(sandbox, user.id)
    await queue_announcement(data, "Uji batas kirim")
    assert data.sender is not None
    data.sender.wake()
    for user in users[:2]:
        assert "Uji batas kirim" in (await user.next_message(timeout=15)).text
    await users[2].next_message(timeout=15)
    counted = await scrape(ops)
    assert value(counted, "sinergi_telegram_429_total", traffic="bulk") == 2
    assert value(counted, "sinergi_telegram_429_total", traffic="interactive") == 0

    refuse_once_with_429(sandbox, users[2].id)
    await users[2].send("/bantuan")  # the reply gets a 429, waits and is sent again
    await users[2].next_message(timeout=15)
    counted = await scrape(ops)
    assert value(counted, "sinergi_telegram_429_total", traffic="interactive") == 1


async def test_readyz_is_503_once_the_sender_stopped(app, ops):
    assert app.bot_data.sender is not None
    await app.bot_data.sender.stop()
    response = await ops.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"ready": False, "reason": "the outbox sender is not running"}
    assert (await ops.get("/healthz")).status_code == 200  # the process itself still answers


@contextlib.asynccontextmanager
async def database_out_of_reach(app: object) -> AsyncIterator[None]:
    """The bot's database does not answer it: every connection its pool may open is held
    (as by queries that hang on a stalled server), so the next query waits for one.

    Not a lock: SQLite in WAL mode lets readers through any writer, and a reader's query
    would answer."""
    engine = app.bot_data.extra["engine"]  # type: ignore[attr-defined]
    assert isinstance(engine, AsyncEngine)
    pool = engine.sync_engine.pool
    assert isinstance(pool, QueuePool)
    held = [await engine.connect() for _ in range(pool.size() + pool._max_overflow)]
    try:
        yield
    finally:
        for connection in held:
            await connection.close()


async def test_readyz_is_503_while_the_database_does_not_answer(app, ops):
    assert (await ops.get("/readyz")).status_code == 200
    async with database_out_of_reach(app):
        started = asyncio.get_running_loop().time()
        response = await ops.get("/readyz")
        took = asyncio.get_running_loop().time() - started
        health = await ops.get("/healthz")
    assert response.status_code == 503
    assert response.json()["reason"] == "the database did not answer within 2 s"
    assert DATABASE_TIMEOUT <= took < DATABASE_TIMEOUT + 1.5
    assert (health.status_code, health.text) == (200, "ok")
    for _ in range(100):  # the waiting query gets a connection once they are given back
        if (await ops.get("/readyz")).status_code == 200:
            break
        await asyncio.sleep(0.1)
    else:
        pytest.fail("/readyz did not recover once the database answered again")


async def test_a_reminder_sent_records_its_lag(community: Community, ops, start):
    before = await scrape(ops)
    assert value(before, "sinergi_reminder_lag_seconds_count") == 0
    invitations = await publish_forum(community, start=start, pillars=["TNI"])
    await do.answer_invitation(community.members["TNI"], invitations["TNI"], "Hadir")
    reminder = await community.members["TNI"].next_message(timeout=20)
    assert "Pengingat" in reminder.text
    await idle(community.data)
    after = await scrape(ops)
    assert value(after, "sinergi_reminder_lag_seconds_count") == 1
    assert 0 <= value(after, "sinergi_reminder_lag_seconds_sum") < 10
    assert value(after, "sinergi_reminder_lag_seconds_bucket", le="10.0") == 1
    # the invitation and the reminder at least, each counted once
    sent = value(after, "sinergi_messages_sent_total")
    assert sent == await rows_with(community.data, OutboxStatus.SENT) and sent >= 2


async def test_readyz_is_503_until_the_application_runs(settings: Settings):
    """Between post_init (the endpoints open) and `Application.start`, as at every start."""
    application = build_application(settings)
    await application.initialize()
    try:
        await post_init(application)
        server = application.bot_data.extra[OPS_SERVER]
        assert isinstance(server, WebServer)
        async with httpx.AsyncClient(base_url=f"http://{server.address}", timeout=10) as client:
            response = await client.get("/readyz")
            assert (await client.get("/healthz")).status_code == 200
    finally:
        await application.shutdown()
        await post_shutdown(application)
    assert response.status_code == 503
    assert response.json() == {"ready": False, "reason": "the bot is not running"}
