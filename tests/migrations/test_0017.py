"""Migration 0017: the desk screen's forum columns and tables, on the configured backend."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from models.base import UTCDateTime
from tests.migrations.steps import (
    MOMENT,
    columns,
    downgrade,
    insert_rows_with_sql,
    inspect,
    upgrade,
)

BEFORE = "0014"
TABLES = {"kiosk_ticket", "kiosk_session"}


async def tables(engine: AsyncEngine) -> set[str]:
    return set(await inspect(engine, lambda i: i.get_table_names()))


async def test_older_forums_keep_their_printed_code_and_tickets_can_be_stored(
    config: Config, engine: AsyncEngine
):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert not {"kiosk_secret", "static_checkin"} & await columns(engine, "forum")
    assert not TABLES & await tables(engine)

    await upgrade(config, "0017")

    assert await tables(engine) >= TABLES
    at = sa.bindparam("at", type_=UTCDateTime())
    async with engine.begin() as connection:
        old = (
            await connection.execute(sa.text("SELECT static_checkin, kiosk_secret FROM forum"))
        ).one()
        assert (bool(old[0]), old[1]) == (True, None)  # an older forum: printed code on
        await connection.execute(
            sa.text(
                "INSERT INTO kiosk_ticket (forum_id, token_hash, created_by, created_at,"
                " expires_at) SELECT forum.id, :hash, forum.created_by, :at, :at FROM forum"
            ).bindparams(at),
            {"hash": "a" * 64, "at": MOMENT},
        )
        # The digest is unique: the same ticket cannot be stored twice.
        with pytest.raises(sa.exc.IntegrityError):
            async with connection.begin_nested():
                await connection.execute(
                    sa.text(
                        "INSERT INTO kiosk_ticket (forum_id, token_hash, created_by, created_at,"
                        " expires_at) SELECT forum.id, :hash, forum.created_by, :at, :at"
                        " FROM forum"
                    ).bindparams(at),
                    {"hash": "a" * 64, "at": MOMENT},
                )

    await downgrade(config, BEFORE)

    assert not {"kiosk_secret", "static_checkin"} & await columns(engine, "forum")
    assert not TABLES & await tables(engine)
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
