"""Unit-test fixtures: a migrated SQLite template, copied per test (faster than migrating)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.db import SessionMaker, create_engine, create_session_maker, migrate


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head for the whole run."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
async def sessions(database_url: str, migrated_template: Path) -> AsyncIterator[SessionMaker]:
    """Same contract as tests/conftest.py's `sessions`: a migrated database per test."""
    target = make_url(database_url).database
    assert target is not None
    with sqlite3.connect(migrated_template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    engine = create_engine(database_url)
    try:
        yield create_session_maker(engine)
    finally:
        await engine.dispose()
