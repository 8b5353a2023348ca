"""Fixtures: a sandbox Bot API, settings on a temporary database, the running Application."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from bot.app import build_application, running
from bot.db import SessionMaker, create_engine, create_session_maker, migrate
from bot.settings import Settings
from sandbox import BotApiSandbox
from tests.postgres import empty_database, migrated_empty_database, postgres_url

ADMIN_ID = 1001

# CI runs the same examples every time; locally hypothesis keeps exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


class _ErrorRecords(logging.Handler):
    """Keeps every ERROR and CRITICAL record logged while a test runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _describe(record: logging.LogRecord) -> str:
    text = f"{record.levelname} {record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        text += f" [{type(error).__name__}: {error}]"
    return text


@pytest.fixture(autouse=True)
def no_unexpected_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which an ERROR was logged or a handler raised (the error handler
    logs every handler exception at ERROR), unless the test expects it:
    `@pytest.mark.expected_errors("pattern", ...)` lets through records whose text (the
    message, then the exception's type and text) matches one of the regular expressions.

    Autouse, so it is set up before the test's other fixtures and torn down after them:
    errors logged while the Application shuts down count too.
    """
    marker = request.node.get_closest_marker("expected_errors")
    allowed = [re.compile(pattern) for pattern in (marker.args if marker else ())]
    catcher = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(catcher)
    try:
        yield
    finally:
        root.removeHandler(catcher)
    unexpected = [
        text
        for text in map(_describe, catcher.records)
        if not any(pattern.search(text) for pattern in allowed)
    ]
    if unexpected:
        pytest.fail(
            f"{len(unexpected)} unexpected ERROR log line(s):\n" + "\n".join(unexpected),
            pytrace=False,
        )


# TEST_DATABASE_URL=postgresql+asyncpg://... runs every database test on that server instead.
POSTGRES_URL = postgres_url()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """One SQLite database migrated to head for the whole run (None on PostgreSQL)."""
    if POSTGRES_URL is not None:
        return None
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def database_url(tmp_path: Path, migrated_template: Path | None) -> str:
    """A database at the newest schema with no rows: a copy of the migrated SQLite template,
    or the PostgreSQL test database emptied. Copying costs milliseconds where running every
    migration for every test cost a quarter of a second."""
    if migrated_template is None:
        assert POSTGRES_URL is not None
        asyncio.run(migrated_empty_database(POSTGRES_URL))
        return POSTGRES_URL
    target = tmp_path / "sinergi.db"
    copy_database(migrated_template, target)
    return f"sqlite+aiosqlite:///{target}"


def copy_database(template: Path, target: Path) -> None:
    """A copy of SQLite database `template` at `target`, through SQLite's backup API."""
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()


@pytest.fixture
def empty_database_url(tmp_path: Path) -> str:
    """A database with nothing in it, not even the schema (for the migration tests)."""
    if POSTGRES_URL is None:
        return f"sqlite+aiosqlite:///{tmp_path / 'sinergi.db'}"
    asyncio.run(empty_database(POSTGRES_URL))
    return POSTGRES_URL


# A simulated user answers a step in milliseconds where a person takes seconds, so a form
# that a person fills in at one message every few seconds reaches one chat at 30 a second
# here. Most tests scale the private-chat window to that speed (CHAT_BURST in any second,
# for the sandbox and the bot alike); `@pytest.mark.telegram_pace` gives a test Telegram's
# own pace (3 in any second), `@pytest.mark.lenient_limits` no limits at all.
CHAT_BURST = 25


def _pace(request: pytest.FixtureRequest) -> int:
    return 3 if request.node.get_closest_marker("telegram_pace") else CHAT_BURST


@pytest.fixture
async def sandbox(request: pytest.FixtureRequest) -> AsyncIterator[BotApiSandbox]:
    """The Bot API stand-in with Telegram's flood limits on: 30 new messages a second
    overall, 20 a minute per group, and a burst per private chat (`_pace`), edits counted."""
    strict = request.node.get_closest_marker("lenient_limits") is None
    server = BotApiSandbox(
        token="123456:SANDBOX-TOKEN",
        bot_username="sinergi_bot",
        strict_limits=strict,
        chat_limit=_pace(request),
    )
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def settings(
    sandbox: BotApiSandbox, database_url: str, request: pytest.FixtureRequest
) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=sandbox.token,
        database_url=database_url,
        bot_api_base_url=sandbox.base_url,
        bot_api_base_file_url=sandbox.base_file_url,
        admin_ids=(ADMIN_ID,),
        send_rate_per_second=28.5,
        chat_burst=_pace(request) - 1,
        # A test that opens the web door (WEB_URL) gets a free port: tests run side by side.
        web_port=0,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[object]:
    application = build_application(settings)
    async with running(application):
        yield application


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[SessionMaker]:
    """A migrated database for service unit tests (no Telegram involved)."""
    engine = create_engine(database_url)
    try:
        yield create_session_maker(engine)
    finally:
        await engine.dispose()
