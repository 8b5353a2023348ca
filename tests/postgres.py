"""Test databases on a PostgreSQL server, chosen with `TEST_DATABASE_URL`.

When `TEST_DATABASE_URL` is a `postgresql+asyncpg://` URL every test that needs a database
gets that server's database emptied first (its `public` schema dropped and created again),
instead of a fresh SQLite file. The database is dedicated to the tests: run `.ci/postgres.sh`
to create it.
"""

from __future__ import annotations

import contextlib
import functools
import os

import asyncpg
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url

from bot.db import alembic_config, migrate


def postgres_url() -> str | None:
    """The PostgreSQL test database's URL, or None when the tests run on SQLite."""
    raw = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not raw:
        return None
    url = make_url(raw)
    if url.get_backend_name() != "postgresql" or url.get_driver_name() != "asyncpg":
        raise RuntimeError(f"TEST_DATABASE_URL must be a postgresql+asyncpg:// URL, not {raw!r}")
    # pytest-xdist workers each get a database of their own (created on first use).
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        url = url.set(database=f"{url.database}_{worker}")
    return url.render_as_string(hide_password=False)


async def connect(url: str | URL) -> asyncpg.Connection:
    """A plain asyncpg connection to the database of a SQLAlchemy URL."""
    parsed = make_url(url)
    return await asyncpg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
    )


async def empty_database(url: str) -> None:
    """Make the database empty: no tables, no sequences, no `alembic_version`."""
    try:
        connection = await connect(url)
    except asyncpg.InvalidCatalogNameError:
        await _create_database(url)
        connection = await connect(url)
    try:
        await _end_other_connections(connection)
        await connection.execute(
            "SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
        )
    finally:
        await connection.close()


async def migrated_empty_database(url: str) -> None:
    """Make the database hold the newest schema and no rows.

    Emptying the tables of a database already at head is a TRUNCATE, far cheaper than
    dropping the schema and running every migration again; a database at another revision
    (a migration test's leftovers, or a new migration) is rebuilt from nothing.
    """
    try:
        connection = await connect(url)
    except asyncpg.InvalidCatalogNameError:
        await _create_database(url)
        connection = await connect(url)
    try:
        await _end_other_connections(connection)
        version = None
        if await connection.fetchval("SELECT to_regclass('public.alembic_version')") is not None:
            version = await connection.fetchval("SELECT version_num FROM alembic_version")
        if version == head_revision():
            tables = await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version'"
            )
            names = ", ".join(f'public."{row["tablename"]}"' for row in tables)
            await connection.execute(
                f"SET lock_timeout = '10s'; TRUNCATE {names} RESTART IDENTITY CASCADE"
            )
            return
    finally:
        await connection.close()
    await empty_database(url)
    await migrate(url)


@functools.cache
def head_revision() -> str:
    """The newest migration's revision id."""
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"the migrations must have one head, not {heads}"
    return str(heads[0])


async def _end_other_connections(connection: asyncpg.Connection) -> None:
    # Connections a previous test left open would block the DROP or TRUNCATE: end them
    # (only this role's connections to this database; the role may end its own).
    await connection.execute(
        """
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND usename = current_user
          AND pid <> pg_backend_pid()
        """
    )


async def _create_database(url: str) -> None:
    """Create a worker's database (the test role may create databases: see .ci/postgres.sh)."""
    name = make_url(url).database
    maintenance = await connect(make_url(url).set(database="postgres"))
    try:
        with contextlib.suppress(asyncpg.DuplicateDatabaseError):  # another worker was first
            await maintenance.execute(f'CREATE DATABASE "{name}"')
    finally:
        await maintenance.close()
