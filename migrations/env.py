"""Alembic environment: async engine, targets `SQLModel.metadata`."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

import models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata
# One office's schema on a shared PostgreSQL database (bot/offices/), or None: the
# connection's default search path (a single office, SQLite or PostgreSQL).
schema: str | None = config.attributes.get("schema")


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        version_table_schema=schema,
        # bot/db.py's migrate() logs each revision it applies.
        on_version_apply=config.attributes.get("on_version_apply"),
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    # The migrations name tables without a schema: with the office's schema as the only
    # one on the search path, they create and alter its tables and nothing else.
    connect_args = {"server_settings": {"search_path": schema}} if schema else {}
    engine = create_async_engine(url, poolclass=pool.NullPool, connect_args=connect_args)
    if schema:
        async with engine.connect() as connection:
            quoted = connection.dialect.identifier_preparer.quote_schema(schema)
            await connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
            await connection.commit()
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
