"""Update throughput and latency of RSVP presses, against the bare PTB baseline and by size.

Each run starts from a fresh copy of the generated database, a fresh sandbox and a fresh
Application, warms up with a few presses, then measures:

* latency with one press in flight (`presses.serial`): the cost of one update;
* throughput with every planned member pressing at once (`presses.concurrent`);
* the SQL statements of each warm-up press (`presses.StatementCounter`): the target is
  every press at most `PRESS_STATEMENTS`.

The bot's database is SQLite, or with `BENCH_DATABASE_URL=postgresql+asyncpg://…` that
PostgreSQL database, generated again from the same seed for each run (the cost-against-size
figure stays on SQLite). The baseline bot runs the same presses on its own fresh sandbox in
the same run, once with the bot's PTB settings (AIORateLimiter on) and once bare (no rate
limiter), for reference.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bench import presses
from bench.baseline import bare_bot, update_processor
from bench.common import (
    Options,
    Row,
    bench_database_url,
    bot_settings,
    median,
    real_bot,
    rss_mb,
    sandbox_server,
    say,
)
from bench.data import Dataset, generate

TZ = ZoneInfo("Asia/Jakarta")
FORUMS = 200
WARM_UP = 10
#: Members pressing at once in the cost-against-size figure (the smallest size has 100).
SIZE_USERS = 100
#: Most SQL statements a press may cost (issue 13; BEGIN and COMMIT are not counted).
PRESS_STATEMENTS = 5
#: Most the one-in-flight p50 may be, in multiples of the bare PTB bot's in one run (issue 13).
PRESS_RATIO = 1.5


@dataclass
class Series:
    """Per-run results of one configuration."""

    rate: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    loaded_p50: list[float] = field(default_factory=list)
    loaded_p99: list[float] = field(default_factory=list)
    failures: int = 0
    statements: list[int] = field(default_factory=list)

    def add(self, serial: presses.PressStats, loaded: presses.PressStats) -> None:
        self.statements.extend(serial.statements)
        self.rate.append(loaded.rate)
        self.p50.append(serial.p50 * 1000)
        self.p99.append(serial.p99 * 1000)
        self.loaded_p50.append(loaded.p50 * 1000)
        self.loaded_p99.append(loaded.p99 * 1000)
        self.failures += serial.failures + loaded.failures

    def summary(self) -> dict[str, float]:
        return {
            "presses_per_second": median(self.rate),
            "p50_ms": median(self.p50),
            "p99_ms": median(self.p99),
            "loaded_p50_ms": median(self.loaded_p50),
            "loaded_p99_ms": median(self.loaded_p99),
            "failures": self.failures,
            "statements_per_press": median(self.statements),
            "statements_per_press_max": max(self.statements, default=0),
        }


async def _bot_run(
    dataset: Dataset,
    planned: list[presses.PlannedPress],
    opts: Options,
    users: int,
    per_user: int | None = None,
) -> tuple[presses.PressStats, presses.PressStats]:
    run = await _fresh_copy(dataset, opts)
    async with sandbox_server() as sandbox, real_bot(bot_settings(sandbox, run.url)) as bot:
        pressers = presses.install(sandbox, planned)
        # Statements are counted in the warm-up: waiting for each press's session to close
        # would change what the measured presses time.
        with presses.StatementCounter(bot) as counter:
            await presses.serial(sandbox, pressers, WARM_UP)
            async with asyncio.timeout(presses.EDIT_TIMEOUT):
                await counter.handled()
        serial = await presses.serial(sandbox, pressers, opts.serial_presses)
        serial.statements = counter.counts
        loaded = await presses.concurrent(
            sandbox, pressers[:users], per_user or opts.presses_per_user
        )
    return serial, loaded


async def _baseline_run(
    planned: list[presses.PlannedPress], opts: Options, users: int, *, rate_limiter: bool
) -> tuple[presses.PressStats, presses.PressStats]:
    async with sandbox_server() as sandbox, bare_bot(sandbox, rate_limiter=rate_limiter):
        pressers = presses.install(sandbox, planned)
        await presses.serial(sandbox, pressers, WARM_UP)
        serial = await presses.serial(sandbox, pressers, opts.serial_presses)
        loaded = await presses.concurrent(sandbox, pressers[:users], opts.presses_per_user)
    return serial, loaded


async def dataset_for(members: int, opts: Options, url: str | None = None) -> Dataset:
    """`members` members and `FORUMS` forums in a file of `opts.work`, or at `url`."""
    return await generate(
        opts.work / f"members-{members}.db", members=members, forums=FORUMS, url=url
    )


async def _fresh_copy(dataset: Dataset, opts: Options) -> Dataset:
    """The dataset as generated, for one run to write into: the file copied, or the
    PostgreSQL database generated again (same seed, so the same ids and planned presses)."""
    if dataset.database_url is None:
        return dataset.copy_to(opts.work / "run.db")
    return await dataset_for(len(dataset.members), opts, dataset.database_url)


async def measure(opts: Options) -> list[Row]:
    """The throughput figure at the largest size (10,000 members)."""
    members = max(opts.sizes)
    url = bench_database_url()
    dataset = await dataset_for(members, opts, url)
    planned = await presses.plan(dataset, users=opts.press_users, tz=TZ)
    bot, baseline, bare = Series(), Series(), Series()
    for index in range(opts.runs):
        bot.add(*await _bot_run(dataset, planned, opts, opts.press_users))
        baseline.add(*await _baseline_run(planned, opts, opts.press_users, rate_limiter=True))
        bare.add(*await _baseline_run(planned, opts, opts.press_users, rate_limiter=False))
        say(
            f"  run {index + 1}/{opts.runs}: bot {bot.rate[-1]:.1f}/s p50 {bot.p50[-1]:.1f} ms;"
            f" baseline {baseline.rate[-1]:.1f}/s p50 {baseline.p50[-1]:.1f} ms;"
            f" bare {bare.rate[-1]:.1f}/s; failed so far: bot {bot.failures}"
        )
    detail = {
        "members": members,
        "forums": FORUMS,
        "database": "PostgreSQL" if url else "SQLite",
        "concurrent_members": opts.press_users,
        "presses_per_member": opts.presses_per_user,
        "serial_presses": opts.serial_presses,
        "bot": bot.summary(),
        "baseline": baseline.summary(),
        "baseline_without_rate_limiter": bare.summary(),
        "bench_process_rss_mb_after": rss_mb(),
        "baseline_update_processor": repr(update_processor()),
    }
    rate, base_rate = median(bot.rate), median(baseline.rate)
    ratio = rate / base_rate if base_rate else None
    rows = [
        Row(
            f"RSVP presses/s, {members:,} members, {opts.press_users} at once",
            rate,
            "/s",
            base_rate,
            ratio,
            "ratio >= 0.7",
            None if ratio is None else ratio >= 0.7,
            bot.rate,
            detail,
            ratio_of="bot ÷ baseline presses/s",
        ),
        _latency_row(
            "RSVP latency p50, one in flight", bot.p50, baseline.p50, most_ratio=PRESS_RATIO
        ),
        _latency_row("RSVP latency p99, one in flight", bot.p99, baseline.p99),
        _latency_row(
            f"RSVP latency p50, {opts.press_users} at once", bot.loaded_p50, baseline.loaded_p50
        ),
        Row(
            "RSVP presses failed (errors, refusals, no edit)",
            bot.failures,
            "",
            baseline.failures,
            None,
            "0",
            bot.failures == 0,
        ),
        Row(
            "RSVP press: SQL statements per press (median; warm-up presses)",
            median(bot.statements),
            "",
            None,
            None,
            f"<= {PRESS_STATEMENTS}",
            bool(bot.statements) and max(bot.statements) <= PRESS_STATEMENTS,
            [float(count) for count in bot.statements],
            {"max": max(bot.statements, default=0), "presses": len(bot.statements)},
        ),
        Row(
            "RSVP presses/s, bare PTB without rate limiter",
            median(bare.rate),
            "/s",
            runs=bare.rate,
        ),
    ]
    return rows


def _latency_row(
    name: str, bot: list[float], baseline: list[float], *, most_ratio: float | None = None
) -> Row:
    """Milliseconds; with `most_ratio`, the target is the bot's median at most that multiple
    of the baseline's."""
    value, base = median(bot), median(baseline)
    ratio = value / base if base else None
    return Row(
        name,
        value,
        "ms",
        base,
        ratio,
        f"ratio <= {most_ratio}" if most_ratio is not None else "",
        (ratio is not None and ratio <= most_ratio) if most_ratio is not None else None,
        runs=bot,
        ratio_of="bot ÷ baseline",
    )


async def sizes(opts: Options) -> list[Row]:
    """Cost against size: the same presses at each size, the sizes taken in turn in every
    run (so that a change in the machine's load hits them alike).

    Only the bot is measured, `SIZE_USERS` members at once pressing once each, after the
    one-at-a-time presses that give the p50 of the target; `Options.size_runs` runs.
    """
    datasets = {members: await dataset_for(members, opts) for members in sorted(opts.sizes)}
    plans = {
        members: await presses.plan(dataset, users=opts.press_users, tz=TZ)
        for members, dataset in datasets.items()
    }
    series = {members: Series() for members in datasets}
    for index in range(opts.size_runs):
        for members, dataset in datasets.items():
            series[members].add(*await _bot_run(dataset, plans[members], opts, SIZE_USERS, 1))
        say(
            f"  run {index + 1}/{opts.size_runs}: "
            + "; ".join(
                f"{members:,} members p50 {s.p50[-1]:.1f} ms {s.rate[-1]:.1f}/s"
                for members, s in series.items()
            )
        )
    smallest, largest_size = min(opts.sizes), max(opts.sizes)
    rows = []
    for members, s in sorted(series.items()):
        rows.append(Row(f"RSVP p50 at {members:,} members", median(s.p50), "ms", runs=s.p50))
        rows.append(
            Row(f"RSVP presses/s at {members:,} members", median(s.rate), "/s", runs=s.rate)
        )
    base = median(series[smallest].p50)
    ratio = median(series[largest_size].p50) / base if base else None
    rows.append(
        Row(
            f"RSVP p50 at {largest_size:,} / at {smallest:,} members",
            ratio,
            "x",
            None,
            ratio,
            "<= 1.3",
            None if ratio is None else ratio <= 1.3,
            detail={f"{m} members": series[m].summary() for m in sorted(series)},
            ratio_of=f"p50 at {largest_size:,} ÷ p50 at {smallest:,}",
        )
    )
    return rows
