"""Migration 0010: attendance rows for the person who came (issue 10 item 8) and the outbox's
redundant status index dropped (item 10e), on the configured backend."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.migrations.steps import (
    downgrade,
    insert_rows_with_sql,
    inspect,
    outbox_indexes,
    upgrade,
)

BEFORE = "0005"
DROPPED = "ix_outboxmessage_status"


async def scalar(engine: AsyncEngine, sql: str) -> object:
    async with engine.connect() as connection:
        return (await connection.execute(sa.text(sql))).scalar_one()


async def test_attendance_keeps_its_rows_and_takes_guests(config: Config, engine: AsyncEngine):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert DROPPED in await outbox_indexes(engine)
    async with engine.begin() as connection:
        await connection.execute(
            sa.text(
                "INSERT INTO attendance (forum_id, member_id, checked_in_at, method,"
                " delegate_name) SELECT forum.id, member.id, forum.starts_at, 'qr', 'Dwi'"
                " FROM forum, member"
            )
        )

    await upgrade(config, "0010")

    indexes = await outbox_indexes(engine)
    assert DROPPED not in indexes
    assert indexes["ix_outboxmessage_status_next_attempt_at"] == ["status", "next_attempt_at"]
    columns = {c["name"]: c for c in await inspect(engine, lambda i: i.get_columns("attendance"))}
    assert columns["member_id"]["nullable"] is True
    assert {"delegate_institution", "delegate_position", "delegate_user_id"} <= set(columns)
    assert await scalar(engine, "SELECT delegate_name FROM attendance") == "Dwi"
    async with engine.begin() as connection:
        # A walk-in guest (no member) and a representative on their own phone.
        await connection.execute(
            sa.text(
                "INSERT INTO attendance (forum_id, member_id, checked_in_at, method,"
                " delegate_name, delegate_user_id) SELECT id, NULL, starts_at, 'manual',"
                " 'Budi', 555 FROM forum"
            )
        )
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO attendance (forum_id, member_id, checked_in_at, method,"
                    " delegate_user_id) SELECT id, NULL, starts_at, 'qr', 555 FROM forum"
                )
            )

    await downgrade(config, BEFORE)

    assert DROPPED in await outbox_indexes(engine)
    # The guest who stood for nobody has no place in the older table; the member's row stays.
    assert await scalar(engine, "SELECT count(*) FROM attendance") == 1
    assert await scalar(engine, "SELECT delegate_name FROM attendance") == "Dwi"
    await upgrade(config, "head")
