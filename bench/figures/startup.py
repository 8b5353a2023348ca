"""Start-up: `python main.py run` on a database with 1,000 upcoming forums and 10,000 members.

Measured from just before the process is spawned to the arrival of its first getUpdates at
the sandbox (`RecordedRequest.at`; both sides use the system's monotonic clock). PTB polls
only after `post_init`, so by then every reminder job is scheduled: the count comes from the
bot's own log line ("scheduled N reminder jobs for M forums") and is checked against the
forums. An update is waiting before the start, so the first getUpdates returns at once.

Resident memory (VmRSS of the bot process) is read right after that first getUpdates and,
on the last start, again after the RSVP press workload of the throughput figure has run
against the process.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench import presses
from bench.common import Options, Row, median, rss_mb, sandbox_server, say
from bench.data import ADMIN_ID, Dataset, generate
from bot.settings import Settings
from sandbox import BotApiSandbox

ROOT = Path(__file__).resolve().parents[2]
FORUMS = 1_000
MEMBERS = 10_000
LIMIT_SECONDS = 3.0
LIMIT_MB = 200.0
JOBS_LINE = re.compile(r"scheduled (\d+) reminder jobs for (\d+) forums")


async def _spawn(sandbox: BotApiSandbox, dataset: Dataset) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": sandbox.token,
        "BOT_API_BASE_URL": sandbox.base_url,
        "BOT_API_BASE_FILE_URL": sandbox.base_file_url,
        "DATABASE_URL": dataset.url,
        "ADMIN_IDS": str(ADMIN_ID),
        "LOG_LEVEL": "INFO",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "main.py",
        "run",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def _collect(
    stream: asyncio.StreamReader | None, lines: list[str], arrived: list[float]
) -> None:
    if stream is None:
        return
    while line := await stream.readline():
        arrived.append(time.monotonic())
        lines.append(line.decode(errors="replace").rstrip())


def _condensed(lines: list[str], arrived: list[float], started: float) -> list[str]:
    """The bot's log up to the jobs line, runs of one message (after the timestamp) merged,
    each with the seconds since the spawn when it reached the benchmark."""
    out: list[tuple[float, str, int]] = []
    for when, line in zip(arrived, lines, strict=False):
        message = line.split(" ", 2)[-1][:160]
        if out and out[-1][1] == message:
            out[-1] = (out[-1][0], message, out[-1][2] + 1)
        else:
            out.append((when - started, message, 1))
    return [f"{at:6.2f} s  {message}" + (f"  (x{n})" if n > 1 else "") for at, message, n in out]


async def _first_poll(sandbox: BotApiSandbox, process: asyncio.subprocess.Process) -> float:
    """`RecordedRequest.at` of the first getUpdates (monotonic seconds)."""
    async with asyncio.timeout(120):
        while True:
            for request in sandbox.requests:
                if request.method == "getUpdates":
                    return request.at
            if process.returncode is not None:
                raise RuntimeError(f"the bot exited with {process.returncode} before polling")
            await asyncio.sleep(0.005)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
    async with asyncio.timeout(60):
        await process.wait()


async def _start_once(dataset: Dataset, opts: Options, *, then_press: bool) -> dict[str, Any]:
    run = dataset.copy_to(opts.work / "startup.db")
    async with sandbox_server() as sandbox:
        await sandbox.user(ADMIN_ID, "Ratna").send("/bantuan")  # waiting when polling starts
        lines: list[str] = []
        arrived: list[float] = []
        started = time.monotonic()
        process = await _spawn(sandbox, run)
        reader = asyncio.create_task(_collect(process.stderr, lines, arrived))
        try:
            polled = await _first_poll(sandbox, process)
            result: dict[str, Any] = {
                "seconds": polled - started,
                "rss_mb_after_start": rss_mb(process.pid),
            }
            await asyncio.sleep(0.2)  # the log line is flushed before polling; let it arrive
            at = next((i for i, line in enumerate(lines) if JOBS_LINE.search(line)), None)
            found = JOBS_LINE.search(lines[at]) if at is not None else None
            result["jobs"] = int(found.group(1)) if found else None
            result["forums_scheduled"] = int(found.group(2)) if found else None
            # Where the time goes: the first log line comes after the imports and migration
            # (Alembic logs), the jobs line after the reminders are scheduled.
            result["first_log_line_s"] = arrived[0] - started if arrived else None
            result["jobs_logged_s"] = arrived[at] - started if at is not None else None
            upto = None if at is None else at + 1
            result["log"] = _condensed(lines[:upto], arrived, started)
            if then_press:
                tz = ZoneInfo(Settings.model_fields["timezone"].default)
                planned = await presses.plan(run, users=opts.press_users, tz=tz)
                pressers = presses.install(sandbox, planned)
                await presses.serial(sandbox, pressers, opts.serial_presses)
                loaded = await presses.concurrent(sandbox, pressers, opts.presses_per_user)
                result["presses_per_second_in_process"] = loaded.rate
                result["rss_mb_after_presses"] = rss_mb(process.pid)
        finally:
            await _stop(process)
            await reader
        if process.returncode != 0:
            say("\n".join(lines[-20:]))
            raise RuntimeError(f"the bot exited with {process.returncode}")
        return result


async def measure(opts: Options) -> list[Row]:
    dataset = await generate(
        opts.work / "startup.db.template", members=MEMBERS, forums=FORUMS, answered_share=0.02
    )
    offsets = Settings.model_fields["reminder_offsets"].default
    expected_jobs = len(offsets) * FORUMS
    results = []
    for index in range(opts.startup_runs):
        last = index == opts.startup_runs - 1
        result = await _start_once(dataset, opts, then_press=last)
        say(
            f"  start {index + 1}: {result['seconds']:.2f} s to polling, "
            f"{result['rss_mb_after_start']:.0f} MB, {result['jobs']} reminder jobs"
        )
        results.append(result)
    seconds = [float(r["seconds"] or 0) for r in results]
    rss_start = [float(r["rss_mb_after_start"] or 0) for r in results]
    jobs_ok = all(r["jobs"] == expected_jobs for r in results)
    after = float(results[-1].get("rss_mb_after_presses") or 0)
    detail = {"expected_jobs": expected_jobs, "runs": results, "jobs_ok": jobs_ok}
    value = median(seconds)
    return [
        Row(
            f"Start-up to polling, {FORUMS:,} forums ({expected_jobs:,} jobs)",
            value,
            "s",
            None,
            value / LIMIT_SECONDS,
            "< 3 s, all jobs",
            value < LIMIT_SECONDS and jobs_ok,
            seconds,
            detail,
            ratio_of="time ÷ 3 s target",
        ),
        Row(
            "RSS after start",
            median(rss_start),
            "MB",
            None,
            median(rss_start) / LIMIT_MB,
            "< 200 MB",
            median(rss_start) < LIMIT_MB,
            rss_start,
            ratio_of="RSS ÷ 200 MB target",
        ),
        Row(
            f"RSS after {MEMBERS:,}-member press run",
            after,
            "MB",
            None,
            after / LIMIT_MB,
            "< 200 MB",
            after < LIMIT_MB,
            [after],
            {"presses_per_second_in_process": results[-1].get("presses_per_second_in_process")},
            ratio_of="RSS ÷ 200 MB target",
        ),
    ]
