"""What every figure shares: the run's options, result rows, statistics and the bot's set-up."""

from __future__ import annotations

import contextlib
import logging
import os
import statistics
import sys
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.data import ADMIN_ID
from bot.app import build_application, running
from bot.context import SinergiApplication
from bot.settings import Settings
from sandbox import BotApiSandbox

TOKEN = "123456:SANDBOX-TOKEN"


@dataclass(frozen=True)
class Options:
    """How much to measure.

    `runs`: repetitions of the throughput figure (bot and baselines); `size_runs`: of the
    cost-against-size and reports figures; `press_users` members press at once,
    `presses_per_user` times each, after `serial_presses` presses one at a time;
    `broadcast_members` get the announcement; `startup_runs` starts of `main.py run`;
    `long`: the largest office's broadcast goes to all 60,000 members (35 minutes).
    """

    quick: bool
    runs: int
    size_runs: int
    work: Path
    press_users: int
    presses_per_user: int
    serial_presses: int
    sizes: tuple[int, ...]
    broadcast_members: int
    startup_runs: int
    long: bool = False


def options(*, quick: bool, work: Path, long: bool = False) -> Options:
    if quick:
        return Options(True, 3, 2, work, 40, 2, 20, (100, 1_000, 10_000), 150, 2, long)
    return Options(False, 5, 3, work, 200, 2, 60, (100, 1_000, 10_000), 1_000, 3, long)


@dataclass
class Row:
    """One line of the table.

    `ratio` is what the target is about, and `ratio_of` says what it divides by what (e.g.
    "bot ÷ baseline", "sends/s ÷ 30/s limit", "time ÷ 2 s target"): the ratio means one
    thing per row, and the table says which. `met` is None when the figure has no target or
    could not be measured.
    """

    figure: str
    value: float | None
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    runs: list[float] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)
    ratio_of: str = ""


def bench_database_url() -> str | None:
    """`BENCH_DATABASE_URL` when it is a PostgreSQL URL for asyncpg, else None (SQLite).

    The largest office and the press figures run on it; its tables are dropped and
    rebuilt, so it must be a database of the benchmark's own."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    return url if url.startswith("postgresql+asyncpg://") else None


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of `values`."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def say(text: str = "") -> None:
    """Progress and results go to stdout (flushed: a long figure shows where it is)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (VmRSS), in MB (MiB)."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory of a process so far (VmHWM, the kernel's high-water mark), in
    MB (MiB)."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bot_settings(sandbox: BotApiSandbox, database_url: str, **extra: Any) -> Settings:
    """The settings the tests use (`tests/conftest.py`), on the given database."""
    values: dict[str, Any] = {"_env_file": None}  # never an operator's .env
    return Settings(
        **values,
        bot_token=sandbox.token,
        database_url=database_url,
        bot_api_base_url=sandbox.base_url,
        bot_api_base_file_url=sandbox.base_file_url,
        admin_ids=(ADMIN_ID,),
        **extra,
    )


@contextlib.asynccontextmanager
async def sandbox_server(**kwargs: Any) -> AsyncIterator[BotApiSandbox]:
    server = BotApiSandbox(token=TOKEN, bot_username="sinergi_bot", **kwargs)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@contextlib.asynccontextmanager
async def real_bot(settings: Settings) -> AsyncIterator[SinergiApplication]:
    """The real Application, as the tests run it (`bot.app.running`)."""
    application = build_application(settings)
    async with running(application):
        yield application


class RepeatFilter(logging.Filter):
    """Shows each distinct warning or error once (with its traceback) and counts them all.

    Under load the bot may log the same error hundreds of times; the count goes into the
    results, the first traceback to the console.
    """

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        cause = ""
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            # The first line only: SQLAlchemy appends the statement's parameters.
            cause = f": {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        key = f"{record.levelname} {record.name}: {record.getMessage()}{cause}"[:300]
        self.counts[key] += 1
        return self.counts[key] == 1


LOG_REPEATS = RepeatFilter()


def quiet_logs() -> None:
    """Only warnings, each distinct one once: the sandbox logs every refused call at INFO."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(LOG_REPEATS)
    for name in ("httpx", "apscheduler", "telegram", "sandbox"):
        logging.getLogger(name).setLevel(logging.WARNING)
