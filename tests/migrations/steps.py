"""What the migration tests do to a database: Alembic up and down (in a worker thread), look
at the schema, and write rows as an old revision has them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.db import alembic_config
from models.base import UTCDateTime

MOMENT = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)


async def upgrade(config: Config, revision: str) -> None:
    # env.py runs its own event loop, so Alembic commands run in a worker thread.
    await asyncio.to_thread(command.upgrade, config, revision)


async def downgrade(config: Config, revision: str) -> None:
    await asyncio.to_thread(command.downgrade, config, revision)


def head() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"the migrations must have one head, not {heads}"
    return heads[0]


async def inspect(engine: AsyncEngine, look: Any) -> Any:
    """Run `look(inspector)` on a fresh connection (nothing cached between calls)."""
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: look(sa.inspect(sync)))


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


async def columns(engine: AsyncEngine, table: str) -> set[str]:
    """The names of `table`'s columns as the database has them now."""
    return {column["name"] for column in await inspect(engine, lambda i: i.get_columns(table))}


async def outbox_indexes(engine: AsyncEngine) -> dict[str, list[str]]:
    indexes = await inspect(engine, lambda i: i.get_indexes("outboxmessage"))
    return {index["name"]: index["column_names"] for index in indexes}


async def insert_rows_with_sql(engine: AsyncEngine) -> None:
    """A member, a forum and an outbox row, written as the schema of revision 0001 has them."""
    at = sa.bindparam("at", type_=UTCDateTime())
    async with engine.begin() as connection:
        await _execute(
            connection,
            """
            INSERT INTO member (telegram_user_id, chat_id, full_name, pillar_id, institution,
                                position, language, status, is_admin, is_reachable, created_at)
            SELECT 7000000001, 7000000001, 'Hendra Kurniawan', id, 'Polres Mojokerto Kota',
                   'Kapolres', 'id', 'approved', :false, :true, :at
            FROM pillar WHERE code = 'POLRI'
            """,
            at,
        )
        await _execute(
            connection,
            """
            INSERT INTO forum (title, starts_at, venue, agenda, status, created_by, created_at)
            SELECT 'Rapat Koordinasi', :at, 'Aula KPU', 'Persiapan', 'published', id, :at
            FROM member WHERE telegram_user_id = 7000000001
            """,
            at,
        )
        await _execute(
            connection,
            """
            INSERT INTO outboxmessage (dedupe_key, kind, chat_id, member_id, forum_id, text,
                                       reply_markup, status, attempts, next_attempt_at,
                                       created_at)
            SELECT 'invitation:1:1', 'invitation', 7000000001, member.id, forum.id, 'Undangan',
                   :markup, 'pending', 0, :at, :at
            FROM member, forum WHERE member.telegram_user_id = 7000000001
            """,
            at,
            sa.bindparam("markup", type_=sa.JSON()),
        )


async def _execute(connection: AsyncConnection, sql: str, *params: sa.BindParameter[Any]) -> None:
    statement = sa.text(sql).bindparams(*params)
    values = {"at": MOMENT, "true": True, "false": False, "markup": {"inline_keyboard": []}}
    await connection.execute(statement, {k: v for k, v in values.items() if f":{k}" in sql})
