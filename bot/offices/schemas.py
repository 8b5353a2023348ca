"""One PostgreSQL schema per office on the worker's database, one pool for all of them.

Every office's tables live in its schema `office_<slug>` (bot/offices/registry.py). The
worker opens one engine, whose pool serves every office; each office gets that engine
with `schema_translate_map={None: schema}`, so every table the ORM and Core name goes to
that office's schema. The pool's own search path is a schema that does not exist: SQL
written as text, which no translation reaches, fails instead of reading another office.
"""

from __future__ import annotations

import asyncio
import functools

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.db import alembic_config, migrate, revision_of

#: The shared pool's search path: no such schema exists (see the module's docstring).
NOWHERE = "sinergi_no_office"


def shared_engine(database_url: str, *, pool_size: int) -> AsyncEngine:
    """The worker's engine on a postgresql+asyncpg URL: `pool_size` connections kept,
    as many again under a burst."""
    return create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        hide_parameters=True,  # as bot/db.py's engine: no member data in an error's text
        connect_args={"server_settings": {"search_path": NOWHERE}},
    )


def office_engine(shared: AsyncEngine, schema: str) -> AsyncEngine:
    """`shared` bound to one office's schema (same pool; disposing it disposes the pool)."""
    return shared.execution_options(schema_translate_map={None: schema})


class NewerSchema(Exception):
    """The office's schema is at a revision this version of Sinergi does not know: a newer
    worker migrated it (a rolling upgrade under way). This worker leaves the office alone."""


@functools.cache
def _script(database_url: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(database_url))


def head(database_url: str) -> str:
    """The newest revision of migrations/ (the folder is read once per process)."""
    revision = _script(database_url).get_current_head()
    assert revision is not None
    return revision


async def upgrade(database_url: str, engine: AsyncEngine, schema: str) -> bool:
    """Bring the office's schema to the newest revision; False when it already was.

    Alembic only runs (one office at a time per process, bot/db.py) when the schema is
    behind: a takeover of an office that is up to date costs one query.

    Raises:
        NewerSchema: a newer version of Sinergi migrated the schema already.
        sqlalchemy.exc.SQLAlchemyError: the database refused a migration.
    """
    current = await revision_of(engine)
    newest = await asyncio.to_thread(head, database_url)
    if current == newest:
        return False
    if current is not None:
        try:
            _script(database_url).get_revision(current)
        except CommandError:
            raise NewerSchema(
                f"schema {schema} is at revision {current}, newer than this worker's "
                f"{newest}: upgrade this worker"
            ) from None
    await migrate(database_url, schema)
    return True
