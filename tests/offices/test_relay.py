"""The holder's relay never drops an update Telegram was told it delivered, even when the
office stops while the relay is taking rows out."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util.concurrency import await_

from bot.db import migrate
from bot.offices import schemas
from bot.offices.webhooks import InboundRelay
from models import InboundUpdate

SCHEMA = "office_kota_mojokerto"
_inbound = InboundUpdate.__table__  # type: ignore[attr-defined]


@contextlib.asynccontextmanager
async def office_relay(url: str) -> AsyncIterator[tuple[AsyncEngine, Any, InboundRelay]]:
    """The office's migrated schema, its engine, an Application's stand-in (an update queue)
    and a relay not started yet; the relay is stopped and the pool closed at the end."""
    await migrate(url, SCHEMA)
    shared = schemas.shared_engine(url, pool_size=2)
    engine = schemas.office_engine(shared, SCHEMA)
    application = SimpleNamespace(bot=None, update_queue=asyncio.Queue())
    relay = InboundRelay(engine, application)  # type: ignore[arg-type]
    try:
        yield engine, application, relay
    finally:
        await relay.stop()
        await shared.dispose()


async def store(engine: AsyncEngine, update_id: int) -> None:
    """The door's work: the update's row committed."""
    async with engine.begin() as connection:
        await connection.execute(
            insert(_inbound).values(
                update_id=update_id,
                payload={"update_id": update_id},
                received_at=datetime.now(UTC),
            )
        )


async def test_an_office_stopping_mid_batch_keeps_every_update(
    province_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await migrate(province_url, SCHEMA)
    shared = schemas.shared_engine(province_url, pool_size=2)
    engine = schemas.office_engine(shared, SCHEMA)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(_inbound),
                [
                    {"update_id": n, "payload": {"update_id": n}, "received_at": datetime.now(UTC)}
                    for n in (1, 2, 3)
                ],
            )
        committed = asyncio.Event()
        real_commit = asyncpg_dialect.AsyncAdapt_asyncpg_connection.commit

        def slow_ack(self: Any) -> None:
            # The server has committed the DELETE; its answer is still on the way.
            real_commit(self)
            committed.set()
            await_(asyncio.sleep(0.5))

        monkeypatch.setattr(asyncpg_dialect.AsyncAdapt_asyncpg_connection, "commit", slow_ack)
        application = SimpleNamespace(bot=None, update_queue=asyncio.Queue())
        relay = InboundRelay(engine, application)  # type: ignore[arg-type]
        relay.start()
        async with asyncio.timeout(5):
            await committed.wait()
        # The office stops (handed back, SIGTERM) while the batch is between commit and queue.
        await relay.stop()
        monkeypatch.undo()
        async with engine.connect() as connection:
            left = (await connection.execute(select(func.count()).select_from(_inbound))).scalar()
        queued = application.update_queue.qsize()
        assert (queued, left) == (3, 0)
    finally:
        await shared.dispose()


async def test_the_relay_outlives_a_database_it_cannot_reach_for_a_moment(
    province_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_relay = InboundRelay._relay
    failures = [ConnectionRefusedError(111, "Connect call failed"), OSError("Name not known")]
    recovered = asyncio.Event()

    async def flaky(self: InboundRelay) -> int:
        # A new pool connection that cannot be opened: asyncpg raises the OSError itself,
        # SQLAlchemy does not wrap it (the lock connection, already open, is unharmed).
        if failures:
            raise failures.pop(0)
        recovered.set()
        return await real_relay(self)

    monkeypatch.setattr(InboundRelay, "_relay", flaky)
    monkeypatch.setattr("bot.offices.webhooks.POLL_SECONDS", 0.1)
    async with office_relay(province_url) as (engine, application, relay):
        relay.start()
        async with asyncio.timeout(5):
            await recovered.wait()
        await store(engine, 9)
        relay.wake()
        async with asyncio.timeout(5):
            update = await application.update_queue.get()
        assert update.update_id == 9


async def test_a_retry_of_an_update_already_taken_out_is_not_handled_again(
    province_url: str,
) -> None:
    # Telegram sends an update again when the 200 was lost; by then the holder took its row
    # out, so the door's ON CONFLICT finds nothing and stores it a second time.
    async with office_relay(province_url) as (engine, application, relay):

        async def taken_out() -> None:
            while True:
                async with engine.connect() as connection:
                    count = select(func.count()).select_from(_inbound)
                    if (await connection.execute(count)).scalar() == 0:
                        return
                await asyncio.sleep(0.05)

        relay.start()
        async with asyncio.timeout(10):
            for update_id in (777, 777, 778):
                await store(engine, update_id)
                relay.wake()
                await taken_out()
    queued = [application.update_queue.get_nowait().update_id for _ in range(2)]
    assert (queued, application.update_queue.qsize()) == ([777, 778], 0)
