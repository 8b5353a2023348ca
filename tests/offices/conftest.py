"""A province on this machine: N `main.py worker` processes, one sandbox per office.

Each office's file in OFFICES_DIR points BOT_API_BASE_URL at a sandbox of its own (a
sandbox serves one bot token), so which worker runs an office shows in which process
answers its users. PostgreSQL only: the tests skip on SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.instance import HELD_LOCKS, held_key, lock_key
from bot.offices import schemas
from bot.offices.locks import APPLICATION_PREFIX
from bot.offices.registry import schema_of
from sandbox import BotApiSandbox
from tests.conftest import ADMIN_ID
from tests.postgres import connect, empty_database, postgres_url

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class WorkerProcess:
    process: asyncio.subprocess.Process
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class Province:
    """The offices (slug -> sandbox), their folder, the database and the workers started."""

    url: str
    folder: Path
    sandboxes: dict[str, BotApiSandbox]
    workers: list[WorkerProcess] = field(default_factory=list)
    _logs: Path = Path()

    def bot_id(self, slug: str) -> int:
        return int(self.sandboxes[slug].token.split(":")[0])

    async def start_worker(self, **env: str) -> WorkerProcess:
        """`python main.py worker` as an operator starts it (`env` adds variables)."""
        index = len(self.workers)
        log_path = self._logs / f"worker-{index}.log"
        handle = log_path.open("wb")
        environment = {
            **{
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("WEBHOOK_", "OPS_", "BOT_", "DATABASE_"))
            },
            "DATABASE_URL": self.url,
            "OFFICES_DIR": str(self.folder),
            "WORKER_POLL_SECONDS": "2",
            "LOG_LEVEL": "INFO",
            **env,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "main.py",
            "worker",
            cwd=ROOT,
            env=environment,
            stdout=handle,
            stderr=handle,
        )
        handle.close()
        worker = WorkerProcess(process, log_path)
        self.workers.append(worker)
        return worker

    async def holders(self) -> dict[str, int]:
        """slug -> OS pid of the worker holding the office's lock now (from pg_locks)."""
        connection = await connect(self.url)
        try:
            rows = await connection.fetch(HELD_LOCKS)
        finally:
            await connection.close()
        held: dict[int, int] = {}
        for row in rows:
            name = str(row["application_name"] or "")
            if name.startswith(APPLICATION_PREFIX):
                held[held_key(row["high"], row["low"])] = int(name.rsplit(":", 1)[1])
        by_key = {lock_key(self.bot_id(slug)): slug for slug in self.sandboxes}
        return {by_key[key]: pid for key, pid in held.items() if key in by_key}

    async def wait_for_holders(self, predicate: object, within: float) -> dict[str, int]:
        """Poll `holders()` until `predicate(holders)` is true."""
        assert callable(predicate)
        async with asyncio.timeout(within):
            while True:
                current = await self.holders()
                if predicate(current):
                    return current
                await asyncio.sleep(0.2)

    async def stop(self, worker: WorkerProcess, sig: signal.Signals = signal.SIGTERM) -> int:
        if worker.process.returncode is None:
            worker.process.send_signal(sig)
        async with asyncio.timeout(60):
            return await worker.process.wait()


def office_file(sandbox: BotApiSandbox, name: str, **extra: str) -> str:
    lines = {
        "BOT_TOKEN": sandbox.token,
        "BOT_API_BASE_URL": sandbox.base_url,
        "BOT_API_BASE_FILE_URL": sandbox.base_file_url,
        "ADMIN_IDS": str(ADMIN_ID),
        "OFFICE_NAME": name,
        **extra,
    }
    return "".join(f"{key}={value}\n" for key, value in lines.items())


def unexpected_errors(text: str) -> list[str]:
    """The log's lines at ERROR or CRITICAL, and tracebacks."""
    return [
        line
        for line in text.splitlines()
        if re.search(r" (ERROR|CRITICAL) ", line) or line.startswith("Traceback")
    ]


@pytest.fixture
async def province_url() -> AsyncIterator[str]:
    """The PostgreSQL test database with no office schema, before the test and after it
    (the other tests share the database)."""
    url = postgres_url()
    if url is None:
        pytest.skip("the multi-office worker runs on PostgreSQL only (set TEST_DATABASE_URL)")
    await empty_database(url)
    await drop_office_schemas(url)
    yield url
    await drop_office_schemas(url)


async def drop_office_schemas(url: str) -> None:
    connection = await connect(url)
    try:
        names = await connection.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'office\\_%'"
        )
        for row in names:
            await connection.execute(f'DROP SCHEMA "{row["nspname"]}" CASCADE')
    finally:
        await connection.close()


def make_sandbox(index: int) -> BotApiSandbox:
    return BotApiSandbox(
        token=f"{700_001 + index}:SANDBOX-OFFICE-{index}",
        bot_username=f"sinergi_office{index}_bot",
        strict_limits=True,
    )


@contextlib.asynccontextmanager
async def province(
    url: str, tmp_path: Path, slugs: list[str], **office_extra: str
) -> AsyncIterator[Province]:
    """Sandboxes and office files for `slugs`; at the end every worker still running is
    stopped with SIGTERM and must exit 0 with no ERROR in its log."""
    folder = tmp_path / "offices"
    folder.mkdir()
    logs = tmp_path / "logs"
    logs.mkdir()
    sandboxes = {slug: make_sandbox(index) for index, slug in enumerate(slugs)}
    for slug, sandbox in sandboxes.items():
        await sandbox.start()
        name = f"KPU {slug.replace('-', ' ').title()}"
        (folder / f"{slug}.env").write_text(office_file(sandbox, name, **office_extra))
    state = Province(url, folder, sandboxes, _logs=logs)
    try:
        yield state
        for worker in state.workers:
            if worker.process.returncode is None:
                code = await state.stop(worker)
                assert code == 0, worker.log()
    finally:
        for worker in state.workers:
            if worker.process.returncode is None:
                worker.process.kill()
                await worker.process.wait()
        for sandbox in sandboxes.values():
            await sandbox.stop()


def office_engine(shared: AsyncEngine, slug: str) -> AsyncEngine:
    return schemas.office_engine(shared, schema_of(slug))
