"""Migration 0011: a forum's invitation attachment (issue 10, item 5), on the configured
backend."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import alembic_config, create_engine
from tests.test_migrations import downgrade, insert_rows_with_sql, inspect, upgrade

BEFORE = "0007"
COLUMNS = {"file_kind", "file_id", "file_name"}


@pytest.fixture(name="config")
def _config(empty_database_url: str) -> Config:
    return alembic_config(empty_database_url)


@pytest.fixture(name="engine")
async def _engine(empty_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(empty_database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


async def forum_columns(engine: AsyncEngine) -> set[str]:
    return {c["name"] for c in await inspect(engine, lambda i: i.get_columns("forum"))}


async def test_forums_keep_their_rows_and_take_an_attachment(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert not COLUMNS & await forum_columns(engine)

    await upgrade(config, "0011")

    assert await forum_columns(engine) >= COLUMNS
    async with engine.begin() as connection:
        old = (await connection.execute(sa.text("SELECT title, file_id FROM forum"))).one()
        assert tuple(old) == ("Rapat Koordinasi", None)  # an older forum has no attachment
        await connection.execute(
            sa.text(
                "UPDATE forum SET file_kind = 'document', file_id = :file_id,"
                " file_name = 'Surat Undangan.pdf'"
            ),
            {"file_id": "B" * 200},  # a Telegram file_id fits
        )

    await downgrade(config, BEFORE)

    assert not COLUMNS & await forum_columns(engine)
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
