"""Migration 0012: the version counter of a forum's attachment, on the configured backend."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import alembic_config, create_engine
from tests.test_migrations import downgrade, insert_rows_with_sql, inspect, upgrade

BEFORE = "0011"


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


async def test_forums_keep_their_rows_and_start_at_version_0(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert "file_version" not in await forum_columns(engine)

    await upgrade(config, "0012")

    assert "file_version" in await forum_columns(engine)
    async with engine.begin() as connection:
        old = (await connection.execute(sa.text("SELECT title, file_version FROM forum"))).one()
        assert tuple(old) == ("Rapat Koordinasi", 0)  # an older forum never changed its file
        await connection.execute(sa.text("UPDATE forum SET file_version = file_version + 1"))
        bumped = (await connection.execute(sa.text("SELECT file_version FROM forum"))).one()
        assert tuple(bumped) == (1,)

    await downgrade(config, BEFORE)

    assert "file_version" not in await forum_columns(engine)
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
