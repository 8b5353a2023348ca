"""Migration 0011: a forum's invitation attachment (issue 10, item 5), on the configured
backend."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.migrations.steps import columns, downgrade, insert_rows_with_sql, upgrade

BEFORE = "0007"
COLUMNS = {"file_kind", "file_id", "file_name"}


async def test_forums_keep_their_rows_and_take_an_attachment(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert not COLUMNS & await columns(engine, "forum")

    await upgrade(config, "0011")

    assert await columns(engine, "forum") >= COLUMNS
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

    assert not COLUMNS & await columns(engine, "forum")
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
