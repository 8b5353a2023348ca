"""Migration 0019: the partial index of pending outbox rows, on the configured backend."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.migrations.steps import downgrade, insert_rows_with_sql, outbox_indexes, upgrade

BEFORE = "0018"


async def test_the_pending_rows_get_their_index_and_lose_it_on_downgrade(
    config: Config, engine: AsyncEngine
):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert "ix_outboxmessage_pending" not in await outbox_indexes(engine)

    await upgrade(config, "0019")
    assert (await outbox_indexes(engine))["ix_outboxmessage_pending"] == ["id"]

    await downgrade(config, BEFORE)
    assert "ix_outboxmessage_pending" not in await outbox_indexes(engine)
