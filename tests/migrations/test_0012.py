"""Migration 0012: the version counter of a forum's attachment, on the configured backend."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.migrations.steps import columns, downgrade, insert_rows_with_sql, upgrade

BEFORE = "0011"


async def test_forums_keep_their_rows_and_start_at_version_0(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert "file_version" not in await columns(engine, "forum")

    await upgrade(config, "0012")

    assert "file_version" in await columns(engine, "forum")
    async with engine.begin() as connection:
        old = (await connection.execute(sa.text("SELECT title, file_version FROM forum"))).one()
        assert tuple(old) == ("Rapat Koordinasi", 0)  # an older forum never changed its file
        await connection.execute(sa.text("UPDATE forum SET file_version = file_version + 1"))
        bumped = (await connection.execute(sa.text("SELECT file_version FROM forum"))).one()
        assert tuple(bumped) == (1,)

    await downgrade(config, BEFORE)

    assert "file_version" not in await columns(engine, "forum")
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
