"""Migration 0018: the members' folded search text, on the configured backend."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from models.member import fold
from tests.migrations.steps import columns, downgrade, insert_rows_with_sql, upgrade

BEFORE = "0017"


async def test_members_stored_before_are_found_by_the_search(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    async with engine.begin() as connection:
        await connection.execute(
            sa.text("UPDATE member SET full_name = 'André Wijaya', institution = 'Kodim 0815'")
        )
    assert "search_text" not in await columns(engine, "member")

    await upgrade(config, "0018")

    async with engine.begin() as connection:
        (stored,) = (await connection.execute(sa.text("SELECT search_text FROM member"))).one()
    assert stored == "andre wijaya kodim 0815" == fold("André Wijaya Kodim 0815")

    await downgrade(config, BEFORE)
    assert "search_text" not in await columns(engine, "member")
