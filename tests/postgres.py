"""Test databases on a PostgreSQL server, chosen with `TEST_DATABASE_URL`.

When `TEST_DATABASE_URL` is a `postgresql+asyncpg://` URL every test that needs a database
gets that server's database emptied first (its `public` schema dropped and created again),
instead of a fresh SQLite file. The database is dedicated to the tests: run `.ci/postgres.sh`
to create it.
"""

from __future__ import annotations

import contextlib
import os

import asyncpg
from sqlalchemy.engine import URL, make_url


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
    """Make the database empty: no tables, no sequences, no `alembic_version`.

    Connections a previous test left open would block the DROP, so they are ended first (only
    this role's connections to this database; the role may end its own).
    """
    try:
        connection = await connect(url)
    except asyncpg.InvalidCatalogNameError:
        await _create_database(url)
        connection = await connect(url)
    try:
        await connection.execute(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND usename = current_user
              AND pid <> pg_backend_pid()
            """
        )
        await connection.execute(
            "SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
        )
    finally:
        await connection.close()


async def _create_database(url: str) -> None:
    """Create a worker's database (the test role may create databases: see .ci/postgres.sh)."""
    name = make_url(url).database
    maintenance = await connect(make_url(url).set(database="postgres"))
    try:
        with contextlib.suppress(asyncpg.DuplicateDatabaseError):  # another worker was first
            await maintenance.execute(f'CREATE DATABASE "{name}"')
    finally:
        await maintenance.close()
