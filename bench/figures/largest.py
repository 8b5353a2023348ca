"""The largest office (issue 13, item 1): 60,000 members and 10,000 past forums.

One database holds 60,000 approved members, 10,000 forums that took place 31 days to three
years ago (about half a million answers between them), five upcoming forums, and the forum
of yesterday with exactly 10,000 invitees (the KPU and the four core pillars), 70 % of
them answered and half of those who confirmed checked in. SQLite by default; with
`BENCH_DATABASE_URL=postgresql+asyncpg://…` that PostgreSQL database (its tables are
dropped and rebuilt: give the benchmark a database of its own).

Measured, each against its target:

1. start-up: `bot.app.running()` (initialize, post_init, polling, start) on this database,
   in the benchmark's process, median of several starts (< 3 s). Beside it, the start of
   the bot process below: from its spawn to its first getUpdates (imports included).
2. `/rekap` through the real Application, as the admin uses it: the command to the forum
   list, and the forum's button to the recap (chart photo, then the figures) of the
   10,000-invitee forum; medians (< 100 ms). Baseline: the bare PTB bot of
   `bench/baseline.py` answering a command, and a button (answer and edit), on the same
   sandbox in the same run.
3. the Daftar Hadir PDF of that forum: the export button to the document in the chat
   (< 5 s).
4. a broadcast: `/umumkan` to every member through the chat and the strict sandbox, which
   answers 429 like Telegram beyond 30 sends in any second. All 60,000 copies are queued;
   by default the bot is stopped (SIGTERM) once the first 3,000 (`--quick`: 1,000) were
   sent, since all 60,000 take 35 minutes at 29/s; `--long` waits for every copy and the
   delivery report. Sends/s ÷ Telegram's 30/s (>= 0.95), 429s (0), and nothing lost:
   every row marked sent reached its member exactly once, no copy reached a member whose
   row is not marked sent, no row before the last one sent was passed over (with `--long`:
   every row sent).
5. memory: the peak resident memory (VmHWM) of the bot process, which is
   `python main.py run` in a subprocess, through items 2 to 4 (< 250 MB). The benchmark's
   own process holds the sandbox with 60,000 chats and the generated data; it is not the
   bot and is reported apart.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.baseline import bare_bot
from bench.common import (
    Options,
    Row,
    bench_database_url,
    bot_settings,
    median,
    peak_rss_mb,
    rss_mb,
    sandbox_server,
    say,
)
from bench.data import ADMIN_ID, Dataset, generate
from bot import callback_data as cd
from bot.app import build_application, running
from sandbox import BotApiSandbox, SandboxMessage, SimUser

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 60_000
PAST_FORUMS = 10_000
ANSWERS_PER_PAST_FORUM = 50  # the mean; 0 to 100 per forum
UPCOMING_FORUMS = 6  # the 10,000-invitee forum of yesterday and five to come
INVITEES = 10_000
TELEGRAM_LIMIT = 30.0
BROADCAST_SHARE = 0.95
RECAP_MS = 100.0
PDF_SECONDS = 5.0
START_SECONDS = 3.0
RSS_MB = 250.0
TEXT = "Pengumuman kantor terbesar: rapat pleno dimajukan ke pukul 08.00 WIB."
#: Seconds between two timed steps in the admin's chat: the bot keeps Telegram's per-chat
#: budget (`CHAT_BURST`, 3 messages in any second), which would otherwise be measured.
PAUSE = 1.2
#: Seconds to wait for a reply that should take milliseconds (a failure, not a figure).
WAIT = 60.0
#: Seconds to wait for the progress message once 60,000 copies are being queued.
QUEUE_WAIT = 300.0


def slice_size(opts: Options) -> int | None:
    """Copies sent before the bot is stopped; None: all of them (`--long`)."""
    if opts.long:
        return None
    return 1_000 if opts.quick else 3_000


async def measure(opts: Options) -> list[Row]:
    url = bench_database_url()
    started = time.perf_counter()
    dataset = await generate(
        opts.work / "largest.db",
        members=MEMBERS,
        forums=UPCOMING_FORUMS,
        answered_share=0.7,
        checked_in_share=0.5,
        past_forums=PAST_FORUMS,
        answers_per_past_forum=ANSWERS_PER_PAST_FORUM,
        first_forum_invitees=INVITEES,
        first_forum_starts_in=-timedelta(days=1),
        url=url,
    )
    forum_id = min(dataset.forum_pillars)
    say(
        f"  generated {len(dataset.members) + 1:,} members, {len(dataset.past_forums):,} past "
        f"forums with {dataset.past_answers:,} answers, on "
        f"{'PostgreSQL' if url else 'SQLite'} in {time.perf_counter() - started:.0f} s"
    )
    rows: list[Row] = []
    async with sandbox_server() as sandbox:
        user_ids = [user_id for user_id, _, _, _ in dataset.members.values()]
        for user_id in [ADMIN_ID, *user_ids]:  # every member has a chat (as after /start)
            sandbox.open_chat(sandbox.user(user_id, f"Anggota{user_id}"))
        admin = sandbox.user(ADMIN_ID, "Ratna")
        baseline = await _baseline(sandbox, admin, opts.runs)
        starts = await _starts_in_process(sandbox, dataset, opts.startup_runs)
        bot = await BotProcess.spawn(sandbox, dataset)
        try:
            bot.phase = "recap"
            recap = await _recap(admin, forum_id, opts.runs)
            bot.phase = "pdf"
            pdf = await _pdf(admin, recap.pop("message"), forum_id, opts.size_runs)
            bot.phase = "broadcast"
            broadcast = await _broadcast(sandbox, dataset, admin, bot, slice_size(opts))
        finally:
            await bot.stop()
        broadcast.update(await _check_rows(sandbox, dataset, broadcast))
    rows.extend(_start_rows(starts, bot))
    rows.extend(_recap_rows(recap, baseline))
    rows.extend(_pdf_rows(pdf))
    rows.extend(_broadcast_rows(broadcast, opts))
    rows.extend(_memory_rows(bot))
    return rows


# ---------------------------------------------------------------------------- the baseline


async def _baseline(sandbox: BotApiSandbox, admin: SimUser, runs: int) -> dict[str, list[float]]:
    """The bare PTB bot on the same sandbox: `/rekap` to its one-line reply, and a button
    to its answer and edit (seconds, after one warm-up each)."""
    command, button = [], []
    async with bare_bot(sandbox):
        for index in range(runs + 1):
            await asyncio.sleep(PAUSE)
            started = time.perf_counter()
            await admin.send("/rekap")
            reply = await admin.next_message(timeout=WAIT)
            replied = time.perf_counter() - started
            if "Rekap" not in (reply.text or ""):
                raise AssertionError(f"not the baseline's reply: {reply!r}")
            sandbox_message = sandbox.put_bot_message(
                admin, "Rekap", {"inline_keyboard": [[{"text": "1", "callback_data": "r:1"}]]}
            )
            admin.unread()  # the message put there is not a reply
            started = time.perf_counter()
            await admin.press_data(sandbox_message, "r:1", timeout=WAIT)
            await admin.wait_edit(sandbox_message, timeout=WAIT)
            edited = time.perf_counter() - started
            if index:  # the first of each opens connections
                command.append(replied)
                button.append(edited)
    admin.unread()  # the baseline's messages are not the bot's
    return {"command": command, "button": button}


# ---------------------------------------------------------------------------- start-up


async def _starts_in_process(
    sandbox: BotApiSandbox, dataset: Dataset, runs: int
) -> list[dict[str, float]]:
    """`running()` entered and left `runs` times: seconds to ready, reminder jobs."""
    results = []
    for _ in range(runs):
        application = build_application(bot_settings(sandbox, dataset.url))
        started = time.perf_counter()
        async with running(application):
            seconds = time.perf_counter() - started
            assert application.job_queue is not None
            jobs = len(application.job_queue.jobs())
        results.append({"seconds": seconds, "jobs": jobs})
        say(f"  in-process start: {seconds:.2f} s to ready, {jobs} scheduled jobs")
    return results


class BotProcess:
    """`python main.py run` against the sandbox, its resident memory sampled every 0.1 s
    (`samples`: phase, MB) and its peak (VmHWM) read before it is stopped."""

    def __init__(self, process: asyncio.subprocess.Process, started: float) -> None:
        self.process = process
        self.started = started
        self.polled_after: float | None = None
        self.phase = "start"
        self.samples: list[tuple[str, float]] = []
        self.peak_mb: float | None = None
        self.lines: list[str] = []
        self._tasks = [
            asyncio.create_task(self._sample()),
            asyncio.create_task(self._collect()),
        ]

    @classmethod
    async def spawn(cls, sandbox: BotApiSandbox, dataset: Dataset) -> BotProcess:
        env = {
            **os.environ,
            "BOT_TOKEN": sandbox.token,
            "BOT_API_BASE_URL": sandbox.base_url,
            "BOT_API_BASE_FILE_URL": sandbox.base_file_url,
            "DATABASE_URL": dataset.url,
            "ADMIN_IDS": str(ADMIN_ID),
            "LOG_LEVEL": "WARNING",
        }
        mark = len(sandbox.requests)
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "main.py",
            "run",
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        bot = cls(process, started)
        async with asyncio.timeout(120):
            while bot.polled_after is None:
                for request in sandbox.requests[mark:]:
                    if request.method == "getUpdates":
                        bot.polled_after = request.at - started
                        break
                if process.returncode is not None:
                    raise RuntimeError(f"the bot exited with {process.returncode}")
                await asyncio.sleep(0.005)
        say(f"  bot process: {bot.polled_after:.2f} s from spawn to its first getUpdates")
        return bot

    async def _sample(self) -> None:
        while self.process.returncode is None:
            try:
                self.samples.append((self.phase, rss_mb(self.process.pid)))
            except (OSError, ValueError):
                return
            await asyncio.sleep(0.1)

    async def _collect(self) -> None:
        stream = self.process.stderr
        if stream is None:
            return
        while line := await stream.readline():
            self.lines.append(line.decode(errors="replace").rstrip())

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.peak_mb = peak_rss_mb(self.process.pid)
            self.process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(60):
            await self.process.wait()
        for task in self._tasks:
            await task
        if self.process.returncode != 0:
            say("\n".join(self.lines[-20:]))
            raise RuntimeError(f"the bot exited with {self.process.returncode}")

    def peak_by_phase(self) -> dict[str, float]:
        peaks: dict[str, float] = {}
        for phase, mb in self.samples:
            peaks[phase] = max(peaks.get(phase, 0.0), mb)
        return peaks


# ---------------------------------------------------------------------------- /rekap, PDF


async def _recap(admin: SimUser, forum_id: int, runs: int) -> dict[str, Any]:
    """`/rekap` to the forum list, and the forum's button to the recap's figures (which
    follow its chart); seconds, after one warm-up (the chart's fonts load on the first one)."""
    command, chosen = [], []
    message: SandboxMessage | None = None
    data = cd.with_id(cd.RECAP, forum_id)
    for index in range(runs + 1):
        await asyncio.sleep(PAUSE)
        started = time.perf_counter()
        await admin.send("/rekap")
        menu = await admin.next_message(timeout=WAIT)
        listed = time.perf_counter() - started
        if data not in [d for row in menu.buttons for _, d in row]:
            raise AssertionError(f"/rekap does not list forum {forum_id}: {menu.text}")
        started = time.perf_counter()
        await admin.press_data(menu, data, timeout=WAIT)
        chart = await admin.next_message(timeout=WAIT)
        message = await admin.next_message(timeout=WAIT)
        shown = time.perf_counter() - started
        if chart.photo is None or "Rekap:" not in (message.text or ""):
            raise AssertionError(f"not a recap: {chart!r} {message!r}")
        if index:
            command.append(listed)
            chosen.append(shown)
    say(
        f"  /rekap: {median(command) * 1000:.0f} ms to the list, "
        f"{median(chosen) * 1000:.0f} ms to the recap (medians of {runs})"
    )
    return {"command": command, "chosen": chosen, "message": message}


async def _pdf(admin: SimUser, recap: SandboxMessage, forum_id: int, runs: int) -> dict[str, Any]:
    """The Daftar Hadir PDF button under the recap to the document in the chat (seconds)."""
    times, sizes, captions = [], [], []
    data = cd.with_id_word(cd.EXPORT, forum_id, "pdf")
    for _ in range(runs):
        await asyncio.sleep(PAUSE)
        started = time.perf_counter()
        await admin.press_data(recap, data, timeout=WAIT)
        document = await admin.next_message(timeout=WAIT)
        times.append(time.perf_counter() - started)
        if document.document is None:
            raise AssertionError(f"no document: {document!r}")
        sizes.append(len(document.document["bytes"]))
        captions.append(document.caption or "")
    say(f"  Daftar Hadir PDF: {', '.join(f'{t:.2f}' for t in times)} s, {sizes[-1]:,} bytes")
    return {"seconds": times, "bytes": sizes, "caption": captions[-1]}


# ---------------------------------------------------------------------------- broadcast


async def _announce(admin: SimUser) -> tuple[SandboxMessage, float]:
    """/umumkan to everyone, now, confirmed; returns the progress message and the seconds
    from the confirming press to it (the copies are queued in between)."""
    await admin.send("/umumkan")
    await admin.next_message(timeout=WAIT)
    await admin.send(TEXT)
    offer = await admin.next_message(timeout=WAIT)
    await admin.press(offer, "Lewati", timeout=WAIT)
    audience = await admin.wait_edit(offer, timeout=WAIT)
    await admin.press(audience, "Semua anggota", timeout=WAIT)
    when = await admin.wait_edit(audience, timeout=WAIT)
    await admin.press(when, "Kirim sekarang", timeout=WAIT)
    preview = await admin.wait_edit(when, timeout=WAIT)
    started = time.perf_counter()
    await admin.press(preview, "Kirim", timeout=QUEUE_WAIT)
    progress = await admin.wait_edit(preview, timeout=QUEUE_WAIT)
    return progress, time.perf_counter() - started


def _copies(sandbox: BotApiSandbox, start: int) -> list[Any]:
    return [
        r
        for r in sandbox.requests[start:]
        if r.method == "sendMessage" and TEXT in str(r.params.get("text", ""))
    ]


async def _queued(dataset: Dataset) -> int:
    """Announcement copies in the outbox (read beside the running bot)."""
    engine = create_async_engine(dataset.url)
    try:
        async with engine.connect() as conn:
            found = await conn.execute(
                text("SELECT count(*) FROM outboxmessage WHERE kind = 'announcement'")
            )
            return int(found.scalar_one())
    finally:
        await engine.dispose()


async def _broadcast(
    sandbox: BotApiSandbox,
    dataset: Dataset,
    admin: SimUser,
    bot: BotProcess,
    count: int | None,
) -> dict[str, Any]:
    """The announcement to every member; waits for `count` answered copies (None: for all
    of them and the delivery report). The bot is stopped by the caller."""
    sandbox.strict_limits = True
    mark, flood_before = len(sandbox.requests), sandbox.count_429
    progress, queue_seconds = await _announce(admin)
    queued = await _queued(dataset)
    say(f"  {queued:,} copies queued in {queue_seconds:.1f} s: {(progress.text or '')[:90]!r}")
    target = queued if count is None else min(count, queued)
    seen = mark
    started = time.perf_counter()
    last_said = started
    # Sends answered 200 or 403: each is a request against Telegram's limit.
    times: list[float] = []
    async with asyncio.timeout(target / 20 + 120):  # 20/s would be far below the target
        while len(times) < target:
            batch = _copies(sandbox, seen)
            seen = len(sandbox.requests)
            times.extend(r.at for r in batch if r.status in (200, 403))
            if bot.process.returncode is not None:
                raise RuntimeError(f"the bot exited with {bot.process.returncode}")
            if time.perf_counter() - last_said > 30:
                last_said = time.perf_counter()
                say(f"  ... {len(times):,} of {target:,} sent")
            await asyncio.sleep(0.1)
    answered = len(times)
    report = None
    if count is None:
        report = await admin.next_message(timeout=WAIT)
        if "Laporan pengiriman" not in (report.text or ""):
            raise AssertionError(f"no delivery report: {report!r}")
    times = sorted(times)[:target]
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return {
        "slice": count,
        "queued": queued,
        "queue_seconds": queue_seconds,
        "answered_when_stopped": answered,
        "messages_per_second": rate,
        "send_seconds": times[-1] - times[0] if times else 0.0,
        "count_429": sandbox.count_429 - flood_before,
        "mark": mark,
        "delivery_report": None if report is None else (report.text or "")[:300],
    }


async def _check_rows(
    sandbox: BotApiSandbox, dataset: Dataset, broadcast: dict[str, Any]
) -> dict[str, Any]:
    """What the outbox says against what the sandbox received, once the bot has stopped."""
    engine = create_async_engine(dataset.url)
    try:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text(
                        "SELECT id, chat_id, status FROM outboxmessage "
                        "WHERE kind = 'announcement' ORDER BY id"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    copies = Counter(
        r.params.get("chat_id") for r in _copies(sandbox, broadcast["mark"]) if r.status == 200
    )
    statuses = Counter(status for _, _, status in rows)
    sent = [(row_id, chat) for row_id, chat, status in rows if status == "sent"]
    sent_chats = {chat for _, chat in sent}
    last_sent = max((row_id for row_id, _ in sent), default=0)
    return {
        "rows": len(rows),
        "statuses": dict(statuses),
        "sent_rows": len(sent),
        "sent_without_copy": sum(1 for chat in sent_chats if copies[chat] == 0),
        "copy_without_sent_row": sum(1 for chat in copies if chat not in sent_chats),
        "duplicated": sum(1 for n in copies.values() if n > 1),
        "passed_over": sum(
            1 for row_id, _, status in rows if row_id < last_sent and status != "sent"
        ),
        "not_sent": len(rows) - len(sent),
    }


# ---------------------------------------------------------------------------- rows


def _start_rows(starts: list[dict[str, float]], bot: BotProcess) -> list[Row]:
    seconds = [s["seconds"] for s in starts]
    value = median(seconds)
    spawn = bot.polled_after or float("nan")
    return [
        Row(
            f"Largest office: start-up, running() to ready ({MEMBERS:,} members, "
            f"{PAST_FORUMS:,} past forums)",
            value,
            "s",
            None,
            value / START_SECONDS,
            "< 3 s",
            value < START_SECONDS,
            seconds,
            {"jobs": [s["jobs"] for s in starts], "measured": "in the benchmark's process"},
            ratio_of="time ÷ 3 s target",
        ),
        Row(
            "Largest office: start-up, main.py run spawn to first getUpdates (imports included)",
            spawn,
            "s",
            None,
            spawn / START_SECONDS,
            "< 3 s",
            spawn < START_SECONDS,
            [spawn],
            ratio_of="time ÷ 3 s target",
        ),
    ]


def _recap_rows(recap: dict[str, Any], baseline: dict[str, list[float]]) -> list[Row]:
    rows = []
    for key, base, label in (
        ("command", "command", "/rekap to the forum list"),
        ("chosen", "button", f"/rekap forum pressed to the recap ({INVITEES:,} invitees)"),
    ):
        value = median(recap[key]) * 1000
        base_ms = median(baseline[base]) * 1000
        what = "its reply" if base == "command" else "its answer and edit"
        rows.append(
            Row(
                f"Largest office: {label}",
                value,
                "ms",
                base_ms,
                value / base_ms if base_ms else None,
                "< 100 ms",
                value < RECAP_MS,
                [t * 1000 for t in recap[key]],
                {"baseline": f"bare PTB bot's {base}: {what}"},
                ratio_of=f"bot ÷ bare PTB bot's {what}",
            )
        )
    return rows


def _pdf_rows(pdf: dict[str, Any]) -> list[Row]:
    value = median(pdf["seconds"])
    return [
        Row(
            f"Largest office: Daftar Hadir PDF, {INVITEES:,} invitees, button to document",
            value,
            "s",
            None,
            value / PDF_SECONDS,
            "< 5 s",
            value < PDF_SECONDS,
            pdf["seconds"],
            {"bytes": pdf["bytes"], "caption": pdf["caption"]},
            ratio_of="time ÷ 5 s target",
        )
    ]


def _broadcast_rows(result: dict[str, Any], opts: Options) -> list[Row]:
    count = result["slice"]
    which = (
        f"all {result['queued']:,}"
        if count is None
        else f"first {count:,} of {result['queued']:,} queued, then stopped"
    )
    rate = result["messages_per_second"]
    lost = result["sent_without_copy"] + result["copy_without_sent_row"] + result["passed_over"]
    if count is None:
        lost += result["not_sent"]
    ok = (
        rate / TELEGRAM_LIMIT >= BROADCAST_SHARE
        and result["count_429"] == 0
        and lost == 0
        and result["duplicated"] == 0
    )
    label = f"Largest office: broadcast ({which})"
    return [
        Row(
            f"{label}: sends/s",
            rate,
            "/s",
            TELEGRAM_LIMIT,
            rate / TELEGRAM_LIMIT,
            ">= 0.95 of limit, 0 x 429, 0 lost",
            ok,
            [rate],
            result,
            ratio_of="sends/s ÷ 30/s limit",
        ),
        Row(f"{label}: 429s received", result["count_429"], ""),
        Row(f"{label}: lost or repeated", lost + result["duplicated"], ""),
        Row(
            f"Largest office: /umumkan confirmed to {result['queued']:,} copies queued",
            result["queue_seconds"],
            "s",
        ),
    ]


def _memory_rows(bot: BotProcess) -> list[Row]:
    peak = bot.peak_mb if bot.peak_mb is not None else float("nan")
    by_phase = bot.peak_by_phase()
    return [
        Row(
            "Largest office: bot process peak RSS (VmHWM), start to broadcast",
            peak,
            "MB",
            None,
            peak / RSS_MB,
            "< 250 MB",
            peak < RSS_MB,
            [peak],
            {
                "sampled_peak_by_phase_mb": by_phase,
                "benchmark_process_rss_mb": rss_mb(),
                "measured": "python main.py run in a subprocess; the sandbox and the data "
                "generator are in the benchmark's process",
            },
            ratio_of="RSS ÷ 250 MB target",
        )
    ]
