"""Each migration test gets an empty database (`empty_database_url`), its Alembic config
and an engine on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import alembic_config, create_engine


@pytest.fixture
def config(empty_database_url: str) -> Config:
    return alembic_config(empty_database_url)


@pytest.fixture
async def engine(empty_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(empty_database_url)
    try:
        yield engine
    finally:
        await engine.dispose()
