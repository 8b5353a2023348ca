"""`python -m bench`: run the benchmark suite, print the machine and one table, write JSON.

Figures (`--only` takes these names, comma-separated): throughput, sizes, broadcast,
press_during_broadcast, reports, startup, largest, province (PostgreSQL only). Each
figure's value is the median of several runs; the baseline, where there is one, is measured
in the same invocation, and the "ratio is" column says what each ratio divides by what.
`--quick` measures less (a check in about six minutes); the full run takes about twenty
minutes on two cores. `--long` sends the largest office's announcement to all 60,000
members instead of the first 3,000 (35 minutes more).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.common import (
    LOG_REPEATS,
    Options,
    Row,
    bench_database_url,
    options,
    quiet_logs,
    say,
)
from bench.figures import (
    broadcast,
    largest,
    press_during_broadcast,
    province,
    reports,
    startup,
    throughput,
)

FIGURES = (
    "throughput",
    "sizes",
    "broadcast",
    "press_during_broadcast",
    "reports",
    "startup",
    "largest",
    "province",
)
DEFAULT_JSON = Path("bench-output/results.json")


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("python-telegram-bot", "SQLAlchemy", "aiosqlite"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "?"
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        # The largest office and the press figures (not their cost against size) run on this.
        "database": "PostgreSQL" if bench_database_url() else "SQLite",
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg()[0],
        "cpu_check_ms_at_start": cpu_check(),
        **versions,
    }


def cpu_check() -> float:
    """Milliseconds one core takes for `sum(range(10**7))`, median of 5: a fixed piece of pure
    Python, so that runs on other days (or on a host whose neighbours take the cores) can be
    told apart from changes in the code (docs/PERFORMANCE.md quotes it beside each run)."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        sum(range(10**7))
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def commit() -> str | None:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return found.stdout.strip() or None


def fmt(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    if unit == "/s":
        return f"{value:.1f}/s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:g}"


def table(rows: list[Row]) -> str:
    header = ("figure", "median", "baseline", "ratio", "ratio is", "target", "met?")
    lines = [
        (
            row.figure,
            fmt(row.value, row.unit),
            "" if row.baseline is None else fmt(row.baseline, row.unit),
            "" if row.ratio is None else f"{row.ratio:.2f}",
            row.ratio_of if row.ratio is not None else "",
            row.target,
            {True: "yes", False: "NO", None: ""}[row.met],
        )
        for row in rows
    ]
    widths = [max(len(str(c)) for c in column) for column in zip(header, *lines, strict=True)]
    out = []
    for index, cells in enumerate([header, *lines]):
        out.append(
            " | ".join(
                str(c).ljust(w) if i in (0, 4, 5) else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
        )
        if index == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


async def run_figures(opts: Options, chosen: list[str]) -> list[Row]:
    rows: list[Row] = []
    steps: dict[str, Callable[[], Awaitable[list[Row]]]] = {
        "throughput": lambda: throughput.measure(opts),
        "sizes": lambda: throughput.sizes(opts),
        "broadcast": lambda: broadcast.measure(opts),
        "press_during_broadcast": lambda: press_during_broadcast.measure(opts),
        "reports": lambda: reports.measure(opts),
        "startup": lambda: startup.measure(opts),
        "largest": lambda: largest.measure(opts),
        "province": lambda: province.measure(opts),
    }
    for name in FIGURES:
        if name not in chosen:
            continue
        say(f"[{name}]")
        started = time.perf_counter()
        rows.extend(await steps[name]())
        say(f"  ({time.perf_counter() - started:.0f} s)")
    return rows


def _finite(value: Any) -> Any:
    """NaN and infinity become null (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    root.add_argument("--quick", action="store_true", help="fewer runs and smaller counts")
    root.add_argument(
        "--long",
        action="store_true",
        help="largest office: broadcast to all 60,000 members (about 35 minutes more)",
    )
    root.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"results file (default {DEFAULT_JSON})"
    )
    root.add_argument(
        "--only",
        default=",".join(FIGURES),
        help=f"comma-separated figures out of {', '.join(FIGURES)} (default: all)",
    )
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(FIGURES))
    if unknown:
        parser().error(f"unknown figure(s): {', '.join(unknown)}")
    quiet_logs()
    info = machine()
    say(
        f"Machine: {info['cores']} cores ({info['cpu']}), Python {info['python']}, "
        f"SQLite {info['sqlite']}, PTB {info['python-telegram-bot']}, "
        f"SQLAlchemy {info['SQLAlchemy']}; "
        f"the largest office and the presses on {info['database']}"
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sinergi-bench-") as work:
        opts = options(quick=args.quick, work=Path(work), long=args.long)
        say(f"Mode: {'quick' if opts.quick else 'full'}, {opts.runs} runs per figure")
        rows = asyncio.run(run_figures(opts, chosen))
    duration = time.perf_counter() - started
    info["load_average_at_end"] = os.getloadavg()[0]
    info["cpu_check_ms_at_end"] = cpu_check()
    say()
    say(
        f"Machine: {info['cores']} cores ({info['cpu']}), Python {info['python']}, "
        f"SQLite {info['sqlite']}, the largest office and the presses on {info['database']}; "
        f"load average {info['load_average_at_start']:.1f} at start, "
        f"{info['load_average_at_end']:.1f} at end (other processes share the cores); "
        f"CPU check (`sum(range(10**7))`, one core) {info['cpu_check_ms_at_start']:.0f} ms at "
        f"start, {info['cpu_check_ms_at_end']:.0f} ms at end"
    )
    say(table(rows))
    say(f"\n{len(rows)} rows in {duration:.0f} s")
    if LOG_REPEATS.counts:
        say("Warnings and errors logged during the run (count, first line):")
        for key, count in LOG_REPEATS.counts.most_common():
            say(f"  {count:5d} x {key.splitlines()[0][:200]}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": info,
        "commit": commit(),
        "mode": ("quick" if opts.quick else "full") + (" long" if opts.long else ""),
        "figures": chosen,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_seconds": round(duration, 1),
        "rows": [asdict(row) for row in rows],
        "logged": dict(LOG_REPEATS.counts.most_common()),
    }
    args.json.write_text(json.dumps(_finite(payload), indent=2, default=str) + "\n")
    say(f"Results written to {args.json}")
    return 0
