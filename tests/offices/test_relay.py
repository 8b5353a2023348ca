"""The holder's relay never drops an update Telegram was told it delivered, even when the
office stops while the relay is taking rows out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.util.concurrency import await_

from bot.db import migrate
from bot.offices import schemas
from bot.offices.webhooks import InboundRelay
from models import InboundUpdate

SCHEMA = "office_kota_mojokerto"
_inbound = InboundUpdate.__table__  # type: ignore[attr-defined]


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
