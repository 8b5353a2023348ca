"""Migration 0016: a forum's surat undangan columns, on the configured backend."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.migrations.steps import columns, downgrade, insert_rows_with_sql, upgrade

BEFORE = "0015"
LETTER_COLUMNS = {
    "letter_number",
    "letter_nature",
    "letter_subject",
    "letter_date",
    "letter_file_id",
    "letter_digest",
}


async def test_forums_keep_their_rows_and_have_no_letter_yet(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert not LETTER_COLUMNS & await columns(engine, "forum")

    await upgrade(config, "0016")

    assert await columns(engine, "forum") >= LETTER_COLUMNS
    async with engine.begin() as connection:
        old = (
            await connection.execute(
                sa.text("SELECT title, letter_number, letter_file_id FROM forum")
            )
        ).one()
        assert tuple(old) == ("Rapat Koordinasi", None, None)  # an older forum: no letter yet
        await connection.execute(
            sa.text("UPDATE forum SET letter_number = '1/PP.01-Und/XII/2026'")
        )

    await downgrade(config, BEFORE)

    assert not LETTER_COLUMNS & await columns(engine, "forum")
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
