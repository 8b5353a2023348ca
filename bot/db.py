"""Database engine, sessions and schema migrations (Alembic, applied at start-up)."""

from __future__ import annotations

import asyncio
import functools
import logging
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, String, Table, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
#: The newest revision in migrations/versions (tests/unit/test_db.py checks it against
#: Alembic's head). A start on a database already there reads its version and leaves
#: Alembic, and the migration scripts, unimported: about 0.2 s of the start-up.
HEAD_REVISION = "0020"
VERSION_TABLE = Table("alembic_version", MetaData(), Column("version_num", String(32)))
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SessionMaker = async_sessionmaker[AsyncSession]
# Alembic's `context` and `op` are module-level proxies: two upgrades in threads at once
# (a worker starting several offices) would run one office's migrations on another's
# connection. One upgrade at a time per process.
_UPGRADING = threading.Lock()


def create_engine(database_url: str) -> AsyncEngine:
    """Create the async engine; on SQLite, switch on WAL, a busy timeout and foreign keys."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # hide_parameters: an error's text leaves out the statement's values (members' names,
    # phone numbers, what they typed), which the log must not hold below DEBUG.
    engine = create_async_engine(database_url, hide_parameters=True)
    if url.get_backend_name() == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # Writers queue for SQLite's one write lock; under a burst of presses the wait
            # can pass a few seconds, and giving up then would lose the member's answer.
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def create_session_maker(engine: AsyncEngine) -> SessionMaker:
    """One session per update: sessions never expire loaded rows on commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def revision_of(engine: AsyncEngine) -> str | None:
    """The revision the database is at (for an office's engine, its schema's), from
    Alembic's version table; None when the table (or the schema) does not exist yet."""
    try:
        async with engine.connect() as connection:
            return (await connection.execute(select(VERSION_TABLE.c.version_num))).scalar()
    except DBAPIError as exc:
        if missing_table(exc, VERSION_TABLE.name):
            return None
        raise


def missing_table(exc: DBAPIError, table: str) -> bool:
    """Whether the database refused a statement because `table` (or its schema) does not
    exist: PostgreSQL's 'relation "…table" does not exist', SQLite's 'no such table: …'."""
    said = str(exc.orig)
    return table in said and ("does not exist" in said or "no such table" in said)


def alembic_config(database_url: str) -> Config:
    """Alembic configuration pointing at `migrations/` and the given database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url)
    return config


async def migrate(database_url: str, schema: str | None = None) -> None:
    """Upgrade the database (on PostgreSQL: its `schema`, created if missing; None: the
    default search path) to the newest revision.

    Alembic's `env.py` runs its own event loop, so the upgrade runs in a worker thread and
    the bot's loop stays free. Each revision applied is logged at INFO (Alembic's own
    loggers are quieted by bot/logs.py).

    Raises:
        OSError: the SQLite database's folder cannot be created or written.
        sqlalchemy.exc.SQLAlchemyError: the database refuses the connection or a migration.
    """
    _check_folder(database_url)
    config = alembic_config(database_url)
    where = "database" if schema is None else f"schema {schema}"
    config.attributes["on_version_apply"] = functools.partial(_log_revision, where)
    config.attributes["schema"] = schema
    await asyncio.to_thread(_upgrade, config)


async def upgrade(engine: AsyncEngine, database_url: str) -> None:
    """Bring the database of `engine` (on `database_url`) to HEAD_REVISION: one query when
    it is there already, else `migrate`.

    Raises:
        OSError, sqlalchemy.exc.SQLAlchemyError: as `migrate`.
    """
    _check_folder(database_url)
    if await revision_of(engine) != HEAD_REVISION:
        await migrate(database_url)


def _check_folder(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database:
        folder = Path(url.database).parent
        folder.mkdir(parents=True, exist_ok=True)
        # SQLite writes its -wal and -shm files next to the database: a folder it cannot
        # write fails here with a clear PermissionError, not deep in the driver's thread.
        with tempfile.TemporaryFile(dir=folder):
            pass


def _upgrade(config: Config) -> None:
    from alembic import command

    with _UPGRADING:
        command.upgrade(config, "head")


def _log_revision(where: str, *, step: Any, **_: Any) -> None:
    log.info("%s migrated to revision %s: %s", where, step.up_revision_id, step.up_revision.doc)
