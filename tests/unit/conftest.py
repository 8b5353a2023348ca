"""Unit-test fixtures: a migrated SQLite template, copied per test (faster than migrating).

On PostgreSQL (`TEST_DATABASE_URL`) the emptied test database is migrated per test instead.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.db import SessionMaker, create_engine, create_session_maker, migrate
from tests.conftest import POSTGRES_URL


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """One SQLite database migrated to head for the whole run (None on PostgreSQL)."""
    if POSTGRES_URL is not None:
        return None
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
async def sessions(
    database_url: str, migrated_template: Path | None
) -> AsyncIterator[SessionMaker]:
    """Same contract as tests/conftest.py's `sessions`: a migrated database per test."""
    if migrated_template is not None:
        target = make_url(database_url).database
        assert target is not None
        with sqlite3.connect(migrated_template) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        source.close()
        copy.close()
    else:
        await migrate(database_url)
    engine = create_engine(database_url)
    try:
        yield create_session_maker(engine)
    finally:
        await engine.dispose()
