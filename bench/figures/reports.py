"""Reports: the recap, the Daftar Hadir (PDF, XLSX) and the Berkas SPJ of a forum with 200 and
2,000 invitees.

Time per report (from the session query to the rendered bytes) and SQL statements, counted
with SQLAlchemy's `before_cursor_execute` event. The rendering is timed in the event loop's
thread here (the bot renders in a worker thread, which costs the same CPU).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.common import Options, Row, median, say
from bench.data import Dataset, generate
from bot.db import create_engine, create_session_maker
from bot.exports.pdf import render_pdf
from bot.exports.spj import render_spj
from bot.exports.xlsx import render_xlsx
from bot.services import office, reports, spj
from bot.services.exports import attendance_sheet
from bot.settings import Settings
from models import Forum, OfficeProfile, Signatory

TZ = ZoneInfo("Asia/Jakarta")
SIZES = (200, 2_000)
LIMIT_MS = 2_000.0
PHOTOS = 20  # issue 11: the bundle of a forum with 2,000 invitees and 20 photos

Report = Callable[[AsyncSession, Forum], Awaitable[object]]
DURATION = Settings.model_fields["forum_default_duration"].default
OFFICE = OfficeProfile(name="KOMISI PEMILIHAN UMUM KOTA MOJOKERTO", city="Mojokerto")
SIGNER = Signatory(kind="daftar_hadir", position="Ketua", name="Ketua KPU", nip="")


async def _recap(session: AsyncSession, forum: Forum) -> object:
    return await reports.recap(session, forum)


async def _pdf(session: AsyncSession, forum: Forum) -> object:
    sheet = await attendance_sheet(
        session, forum, now=datetime.now(UTC), default_duration=DURATION
    )
    return render_pdf(sheet, office=OFFICE, signatory=SIGNER, tz=TZ, lang="id")


async def _spj(session: AsyncSession, forum: Forum) -> object:
    data = await spj.gather(
        session, forum, now=datetime.now(UTC), tz=TZ, default_duration=DURATION, actor_user_id=0
    )
    return render_spj(data, tz=TZ, lang="id")


async def _xlsx(session: AsyncSession, forum: Forum) -> object:
    sheet = await attendance_sheet(
        session, forum, now=datetime.now(UTC), default_duration=DURATION
    )
    return render_xlsx(sheet, office=OFFICE, tz=TZ, lang="id")


# Each report with its target in milliseconds (issue 11: the whole bundle under 5 s).
REPORTS: dict[str, tuple[Report, float]] = {
    "Recap": (_recap, LIMIT_MS),
    "Daftar Hadir PDF": (_pdf, LIMIT_MS),
    "Daftar Hadir XLSX": (_xlsx, LIMIT_MS),
    f"Berkas SPJ (PDF + ZIP, {PHOTOS} photos)": (_spj, 5_000.0),
}


async def _papers(dataset: Dataset) -> None:
    """The office profile the bot writes at its first start (the SPJ's kop)."""
    engine = create_engine(dataset.url)
    try:
        async with create_session_maker(engine)() as session:
            await office.ensure_profile(
                session,
                office.OfficeDefaults(
                    name="KOMISI PEMILIHAN UMUM KOTA MOJOKERTO", city="Mojokerto"
                ),
            )
            await session.commit()
    finally:
        await engine.dispose()


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
    for dataset in datasets.values():
        await _papers(dataset)
    small, large = SIZES
    rows = []
    for name, (report, limit) in REPORTS.items():
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
                seconds / limit,
                f"< {limit / 1000:.0f} s",
                seconds < limit,
                [t * 1000 for t in results[large][0]],
                {"baseline": f"time at {small:,} invitees", "statements": counts},
                ratio_of=f"time ÷ {limit / 1000:.0f} s target",
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
                ratio_of=f"at {large:,} ÷ at {small:,}",
            )
        )
    return rows
