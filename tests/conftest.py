"""Fixtures: a sandbox Bot API, settings on a temporary database, the running Application."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.app import build_application, running
from bot.db import SessionMaker, create_engine, create_session_maker, migrate
from bot.settings import Settings
from sandbox import BotApiSandbox
from tests.postgres import empty_database, postgres_url

ADMIN_ID = 1001

# CI runs the same examples every time; locally hypothesis keeps exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


# TEST_DATABASE_URL=postgresql+asyncpg://... runs every database test on that server instead.
POSTGRES_URL = postgres_url()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or the emptied PostgreSQL test database."""
    if POSTGRES_URL is None:
        return f"sqlite+aiosqlite:///{tmp_path / 'sinergi.db'}"
    asyncio.run(empty_database(POSTGRES_URL))
    return POSTGRES_URL


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    server = BotApiSandbox(token="123456:SANDBOX-TOKEN", bot_username="sinergi_bot")
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def settings(sandbox: BotApiSandbox, database_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=sandbox.token,
        database_url=database_url,
        bot_api_base_url=sandbox.base_url,
        bot_api_base_file_url=sandbox.base_file_url,
        admin_ids=(ADMIN_ID,),
        send_rate_per_second=30,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[object]:
    application = build_application(settings)
    async with running(application):
        yield application


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[SessionMaker]:
    """A migrated database for service unit tests (no Telegram involved)."""
    await migrate(database_url)
    engine = create_engine(database_url)
    try:
        yield create_session_maker(engine)
    finally:
        await engine.dispose()
