"""Test databases on a PostgreSQL server, chosen with `TEST_DATABASE_URL`.

When `TEST_DATABASE_URL` is a `postgresql+asyncpg://` URL every test that needs a database
gets that server's database emptied first (its `public` schema dropped and created again),
instead of a fresh SQLite file. The database is dedicated to the tests: run `.ci/postgres.sh`
to create it.
"""

from __future__ import annotations

import contextlib
import graphlib
import os
from dataclasses import dataclass

import asyncpg
from sqlalchemy.engine import URL, make_url

from bot.db import migrate


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
    """Make the database hold the newest schema and only the rows the migrations seed (the
    pillars), as a freshly migrated database does.

    The first call in a process migrates the database from nothing and keeps a copy of the
    seeded rows; later calls empty every table (one TRUNCATE) and put those rows back: far
    cheaper than running every migration again for every test. A database that is not at the
    revision seen first (a migration test's leftovers) is migrated from nothing again.
    """
    seed = _seeds.get(url)
    if seed is not None:
        connection = await connect(url)
        try:
            await _end_other_connections(connection)
            if await _revision(connection) == seed.revision:
                await _reset(connection, seed)
                return
        finally:
            await connection.close()
    await empty_database(url)
    await migrate(url)
    connection = await connect(url)
    try:
        _seeds[url] = await _read_seed(connection)
    finally:
        await connection.close()


@dataclass(frozen=True)
class _Seed:
    revision: str
    tables: list[str]  # children before the tables their foreign keys point to
    sequences: list[str]
    rows: dict[str, list[asyncpg.Record]]


_seeds: dict[str, _Seed] = {}


async def _revision(connection: asyncpg.Connection) -> str | None:
    if await connection.fetchval("SELECT to_regclass('public.alembic_version')") is None:
        return None
    return str(await connection.fetchval("SELECT version_num FROM alembic_version"))


async def _read_seed(connection: asyncpg.Connection) -> _Seed:
    revision = await _revision(connection)
    assert revision is not None
    order: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for row in await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        " AND tablename <> 'alembic_version'"
    ):
        order.add(str(row["tablename"]))
    for row in await connection.fetch(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent"
        " FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid"
        # Only the single office's tables: the multi-office tests add office_* schemas.
        " AND connamespace = 'public'::regnamespace"
    ):
        order.add(str(row["parent"]).strip('"'), str(row["child"]).strip('"'))
    tables = list(order.static_order())  # a table comes after every table referencing it
    sequences = [
        str(row["sequencename"])
        for row in await connection.fetch(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        )
    ]
    rows = {}
    for name in tables:
        found = await connection.fetch(f'SELECT * FROM public."{name}"')
        if found:
            rows[name] = found
    return _Seed(revision=revision, tables=tables, sequences=sequences, rows=rows)


async def _reset(connection: asyncpg.Connection, seed: _Seed) -> None:
    # DELETE, not TRUNCATE: on tables this small TRUNCATE's new files cost ten times more.
    async with connection.transaction():
        await connection.execute("SET LOCAL lock_timeout = '10s'")
        for name in seed.tables:
            await connection.execute(f'DELETE FROM public."{name}"')
        for sequence in seed.sequences:
            await connection.execute(f'ALTER SEQUENCE public."{sequence}" RESTART')
        for name, rows in seed.rows.items():
            await connection.copy_records_to_table(
                name, records=rows, columns=list(rows[0].keys()), schema_name="public"
            )
            if "id" in rows[0]:
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('public.\"{name}\"', 'id'),"
                    f' (SELECT max(id) FROM public."{name}"))'
                )


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
