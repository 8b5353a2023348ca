"""Reports: the recap and the Daftar Hadir (PDF, XLSX) of a forum with 200 and 2,000 invitees.

Time per report (from the session query to the rendered bytes) and SQL statements, counted
with SQLAlchemy's `before_cursor_execute` event. The exports (`attendance_sheet` in
`bot.services.exports`, `render_pdf` and `render_xlsx` in `bot.exports`) are imported lazily:
while they do not exist their rows say "n/a".
"""

from __future__ import annotations

import importlib
import inspect
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.common import Options, Row, median, say
from bench.data import Dataset, generate
from bot.db import create_engine, create_session_maker
from bot.services import reports
from bot.settings import Settings
from models import Forum

TZ = ZoneInfo("Asia/Jakarta")
SIZES = (200, 2_000)
LIMIT_MS = 2_000.0

Report = Callable[[AsyncSession, Forum], Awaitable[object]]
KEYWORDS: dict[str, Any] = {
    "office_name": "KPU Kota Mojokerto",
    "tz": TZ,
    "lang": "id",
    "default_duration": Settings.model_fields["forum_default_duration"].default,
}


def _exports_function(name: str) -> Callable[..., Any] | None:
    """`name` from the exports modules, wherever it landed; None while they do not exist."""
    for module_name in (
        "bot.services.exports",
        "bot.exports",
        "bot.exports.pdf",
        "bot.exports.xlsx",
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found: object = getattr(module, name, None)
        if callable(found):
            return found
    return None


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def _options(function: Callable[..., Any]) -> dict[str, Any]:
    """The keyword arguments out of `KEYWORDS` that `function` takes (signatures may grow)."""
    accepted = inspect.signature(function).parameters
    return {name: value for name, value in KEYWORDS.items() if name in accepted}


def _reports() -> dict[str, Report | None]:
    sheet = _exports_function("attendance_sheet")
    pdf = _exports_function("render_pdf")
    xlsx = _exports_function("render_xlsx")

    async def recap(session: AsyncSession, forum: Forum) -> object:
        return await reports.recap(session, forum)

    async def daftar_hadir_pdf(session: AsyncSession, forum: Forum) -> object:
        assert sheet is not None and pdf is not None
        rows = await _maybe_await(sheet(session, forum, now=datetime.now(UTC), **_options(sheet)))
        return await _maybe_await(pdf(rows, **_options(pdf)))

    async def daftar_hadir_xlsx(session: AsyncSession, forum: Forum) -> object:
        assert sheet is not None and xlsx is not None
        rows = await _maybe_await(sheet(session, forum, now=datetime.now(UTC), **_options(sheet)))
        return await _maybe_await(xlsx(rows, **_options(xlsx)))

    return {
        "Recap": recap,
        "Daftar Hadir PDF": daftar_hadir_pdf if sheet and pdf else None,
        "Daftar Hadir XLSX": daftar_hadir_xlsx if sheet and xlsx else None,
    }


async def _time(dataset: Dataset, report: Report, runs: int) -> tuple[list[float], list[int]]:
    """Seconds and statement counts of `runs` calls, each in a new session."""
    engine = create_engine(dataset.url)
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    sessions = create_session_maker(engine)
    times, counts = [], []
    try:
        forum_id = min(dataset.forum_pillars)
        for _ in range(runs + 1):  # the first call opens the connection: not counted
            async with sessions() as session:
                forum = await session.get(Forum, forum_id)
                assert forum is not None
                statements = 0
                started = time.perf_counter()
                await report(session, forum)
                times.append(time.perf_counter() - started)
                counts.append(statements)
    finally:
        await engine.dispose()
    return times[1:], counts[1:]


async def measure(opts: Options) -> list[Row]:
    datasets = {
        size: await generate(
            opts.work / f"reports-{size}.db",
            members=size,
            forums=3,
            answered_share=0.7,
            all_pillars_first=True,
            checked_in_share=0.5,
        )
        for size in SIZES
    }
    small, large = SIZES
    rows = []
    for name, report in _reports().items():
        if report is None:
            say(f"  {name}: n/a (the exports module does not exist yet)")
            rows.append(Row(f"{name}, {large:,} invitees", None, "ms", target="< 2 s"))
            rows.append(Row(f"{name}: SQL statements", None, "", target="constant"))
            continue
        results = {size: await _time(datasets[size], report, opts.size_runs) for size in SIZES}
        seconds = median(results[large][0]) * 1000
        counts = {size: max(results[size][1]) for size in SIZES}
        say(
            f"  {name}: {seconds:.0f} ms at {large:,}, statements "
            f"{counts[small]} at {small:,} / {counts[large]} at {large:,}"
        )
        rows.append(
            Row(
                f"{name}, {large:,} (baseline {small:,}) invitees",
                seconds,
                "ms",
                median(results[small][0]) * 1000,
                seconds / LIMIT_MS,
                "< 2 s",
                seconds < LIMIT_MS,
                [t * 1000 for t in results[large][0]],
                {"baseline": f"time at {small:,} invitees", "statements": counts},
            )
        )
        rows.append(
            Row(
                f"{name}: SQL statements, {large:,} (baseline {small:,}) invitees",
                counts[large],
                "",
                counts[small],
                counts[large] / counts[small] if counts[small] else None,
                "constant",
                counts[large] == counts[small],
            )
        )
    return rows
