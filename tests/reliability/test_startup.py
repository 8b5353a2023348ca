"""A start that cannot succeed ends with one line saying why, and an exit code of its own.

Finding 14: these were 120-236-line tracebacks with exit code 1. Each case runs
`main.py run` as a process, as an operator would.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.startup import ExitCode
from sandbox import BotApiSandbox
from tests.conftest import ADMIN_ID, POSTGRES_URL, copy_database
from tests.reliability.test_webhook import free_port

ROOT = Path(__file__).resolve().parents[2]


async def start_and_fail(
    sandbox: BotApiSandbox, tmp_path: Path, prefix: tuple[str, ...] = (), **env: str
) -> tuple[int, list[str]]:
    full = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("WEBHOOK_", "WEB_", "OPS_", "LOG_"))
        },
        "BOT_TOKEN": sandbox.token,
        "BOT_API_BASE_URL": sandbox.base_url,
        "BOT_API_BASE_FILE_URL": sandbox.base_file_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'data' / 'sinergi.db'}",
        "ADMIN_IDS": str(ADMIN_ID),
        "LOG_LEVEL": "INFO",
        **env,
    }
    process = await asyncio.create_subprocess_exec(
        *prefix,
        sys.executable,
        "main.py",
        "run",
        cwd=ROOT,
        env=full,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(60):
        _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode().strip().splitlines()


@pytest.fixture
def migrated_data(tmp_path: Path, migrated_template: Path | None) -> None:
    """`start_and_fail`'s SQLite file at the newest schema already: a start that gets as far
    as opening its ports first ran every migration, 1 to 2 of its 5 s, for a test about ports.
    (The SQLite template exists on either backend's run only where conftest makes it.)"""
    if migrated_template is not None:
        (tmp_path / "data").mkdir()
        copy_database(migrated_template, tmp_path / "data" / "sinergi.db")


def assert_one_line(lines: list[str], *words: str, after_info: bool = False) -> None:
    """One line on stderr; with `after_info`, INFO log lines of the start may come before."""
    if after_info:
        lines = [line for line in lines if " INFO " not in line]
    assert len(lines) == 1, "\n".join(lines)
    assert lines[0].startswith("sinergi: ")
    for word in words:
        assert word in lines[0]


async def test_unreachable_bot_api(sandbox: BotApiSandbox, tmp_path: Path):
    closed = f"http://127.0.0.1:{free_port()}"
    code, lines = await start_and_fail(sandbox, tmp_path, BOT_API_BASE_URL=f"{closed}/bot")
    assert code == ExitCode.TELEGRAM_UNREACHABLE
    assert_one_line(lines, "cannot reach the Bot API", closed, "BOT_API_BASE_URL")


async def test_wrong_bot_api_base_url(sandbox: BotApiSandbox, tmp_path: Path):
    wrong = f"{sandbox.root_url}/telegram/bot"  # a server, but not the Bot API's address
    code, lines = await start_and_fail(sandbox, tmp_path, BOT_API_BASE_URL=wrong)
    assert code == ExitCode.TELEGRAM_UNREACHABLE
    assert_one_line(lines, "404", "check BOT_API_BASE_URL")


async def test_rejected_token(sandbox: BotApiSandbox, tmp_path: Path):
    token = "123456:REVOKED-TOKEN-FROM-LAST-YEAR"
    code, lines = await start_and_fail(sandbox, tmp_path, BOT_TOKEN=token)
    assert code == ExitCode.TOKEN_REJECTED
    assert_one_line(lines, "rejected BOT_TOKEN", "401", "@BotFather")
    assert "REVOKED" not in lines[0]  # the token is never printed


async def test_database_refusing_connections(sandbox: BotApiSandbox, tmp_path: Path):
    url = f"postgresql+asyncpg://sinergi:sinergi@127.0.0.1:{free_port()}/sinergi"
    code, lines = await start_and_fail(sandbox, tmp_path, DATABASE_URL=url)
    assert code == ExitCode.DATABASE_UNAVAILABLE
    assert_one_line(lines, "cannot use the database", "DATABASE_URL")
    assert "sinergi:sinergi@" not in lines[0]  # no password


@pytest.mark.skipif(POSTGRES_URL is None, reason="needs a PostgreSQL server (TEST_DATABASE_URL)")
async def test_database_rejecting_the_password(sandbox: BotApiSandbox, tmp_path: Path):
    assert POSTGRES_URL is not None
    url = make_url(POSTGRES_URL).set(password="salah-sandi").render_as_string(False)
    code, lines = await start_and_fail(sandbox, tmp_path, DATABASE_URL=url)
    assert code == ExitCode.DATABASE_UNAVAILABLE
    assert_one_line(lines, "password authentication failed", "DATABASE_URL")
    assert "salah-sandi" not in lines[0]


async def test_unwritable_data_folder(sandbox: BotApiSandbox, tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        # root writes anywhere: drop the capability that lets it, as an ordinary user runs
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv")
        drop = "-dac_override,-dac_read_search"
        prefix = ("setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}")
    try:
        code, lines = await start_and_fail(sandbox, tmp_path, prefix)
    finally:
        folder.chmod(0o755)
    assert code == ExitCode.DATA_FOLDER
    assert_one_line(lines, "cannot write the SQLite database", str(folder), "writable")


async def test_a_file_where_the_data_folder_should_be(sandbox: BotApiSandbox, tmp_path: Path):
    (tmp_path / "data").write_text("not a folder")
    code, lines = await start_and_fail(sandbox, tmp_path)
    assert code == ExitCode.DATA_FOLDER
    assert_one_line(lines, "cannot write the SQLite database", "File exists")


@pytest.mark.usefixtures("migrated_data")
async def test_webhook_port_in_use(sandbox: BotApiSandbox, tmp_path: Path):
    port = free_port()
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", port)
    try:
        code, lines = await start_and_fail(
            sandbox,
            tmp_path,
            WEBHOOK_URL="https://sinergi.kpu.test/telegram",
            WEBHOOK_PORT=str(port),
        )
    finally:
        server.close()
    assert code == ExitCode.WEBHOOK_PORT
    assert_one_line(lines, f"127.0.0.1:{port}", "WEBHOOK_PORT", after_info=True)


@pytest.mark.usefixtures("migrated_data")
async def test_ops_port_in_use_with_json_logs(sandbox: BotApiSandbox, tmp_path: Path):
    """The operations endpoints' port taken: one line naming OPS_PORT; the log lines before
    it are JSON objects (LOG_FORMAT=json), the bot token in none of them."""
    port = free_port()
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", port)
    try:
        code, lines = await start_and_fail(
            sandbox, tmp_path, OPS_PORT=str(port), LOG_FORMAT="json"
        )
    finally:
        server.close()
    assert code == ExitCode.WEBHOOK_PORT
    logged = [json.loads(line) for line in lines if line.startswith("{")]
    assert logged and all(record["level"] == "INFO" for record in logged)
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in logged)
    assert not any(sandbox.token in line for line in lines)
    assert_one_line(
        [line for line in lines if not line.startswith("{")],
        f"127.0.0.1:{port}",
        "OPS_PORT",
        "operations",
    )


@pytest.mark.usefixtures("migrated_data")
async def test_web_port_in_use(sandbox: BotApiSandbox, tmp_path: Path):
    """The web door's port taken: one line naming WEB_PORT, before any update is read."""
    port = free_port()
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", port)
    try:
        code, lines = await start_and_fail(
            sandbox, tmp_path, WEB_URL="https://sinergi.kpu.test", WEB_PORT=str(port)
        )
    finally:
        server.close()
    assert code == ExitCode.WEBHOOK_PORT
    assert_one_line(lines, f"127.0.0.1:{port}", "WEB_PORT", "web door", after_info=True)
