"""Migration 0014: the notulen and survey tables, on the configured backend."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.migrations.steps import downgrade, insert_rows_with_sql, inspect, upgrade

BEFORE = "0013"
TABLES = {"forum_minutes", "survey_run", "survey_response"}


async def tables(engine: AsyncEngine) -> set[str]:
    return set(await inspect(engine, lambda i: i.get_table_names()))


async def test_the_tables_come_and_go_and_the_forums_stay(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert not TABLES & await tables(engine)

    await upgrade(config, "0014")

    assert await tables(engine) >= TABLES
    async with engine.begin() as connection:
        await connection.execute(
            sa.text(
                "INSERT INTO survey_response (forum_id, member_id, pillar_id, usefulness)"
                " SELECT forum.id, member.id, member.pillar_id, 5 FROM forum, member"
            )
        )
        scores = await connection.execute(sa.text("SELECT usefulness FROM survey_response"))
        assert [tuple(row) for row in scores] == [(5,)]
        await connection.execute(sa.text("DELETE FROM survey_response"))

    await downgrade(config, BEFORE)

    assert not TABLES & await tables(engine)
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
