"""Figure J: a member's press to the edited invitation while a broadcast runs.

One run: the real Application on a fresh copy of a 1,000-member database, against the
sandbox in strict mode (Telegram's flood limits answered with 429). `PRESSERS` of the members
have an invitation in their chat (as in `bench/presses.py`). Members press Hadir / Tidak
hadir `PRESS_RATE` times a second, open loop (a press is due every 1/`PRESS_RATE` seconds
whether or not the previous one is done; a member never has two presses in flight):

1. for `QUIET_SECONDS` with nothing else running: the baseline, in the same run;
2. then an announcement to every member is queued, and the presses go on until every member
   has been sent their copy.

A press's latency runs from the press to the later of the callback answer and the edit of the
invitation (the sandbox's clock of the edit). A press that is refused, or whose edit does not
come within `EDIT_WAIT`, counts as infinitely slow in the percentiles (losing presses must
not improve them) and is counted as failed. The broadcast's rate is sends to members answered
200 or 403 between the first and the last, as in `bench/figures/broadcast.py`.

Only interfaces the bot has had since the figure was written are used (`build_application`,
`running`, the settings' defaults, `announcements.create`, `Sender.wake`), so the figure
measures whatever send path the checkout has: it gives the before and the after of a change.
"""

from __future__ import annotations

import asyncio
import math
import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from bench import presses
from bench.common import (
    Options,
    Row,
    bot_settings,
    median,
    percentile,
    real_bot,
    sandbox_server,
    say,
)
from bench.data import ADMIN_ID, Dataset, generate
from bot import notices
from bot.services import announcements
from models import Member
from sandbox import BotApiSandbox

TZ = ZoneInfo("Asia/Jakarta")
MEMBERS = 1_000
#: Forums in the database: enough that every pillar is invited to some forum.
FORUMS = 20
PRESSERS = 50
PRESS_RATE = 5.0
QUIET_SECONDS = 10.0
WARM_UP = 5
#: How long after the press its edit may come before the press counts as failed.
EDIT_WAIT = 30.0
#: The longest a broadcast may take before the run is given up (1,000 at 30/s is ~34 s).
BROADCAST_TIMEOUT = 300.0
TELEGRAM_LIMIT = 30.0
TARGET_P95 = 1.0
TARGET_SHARE = 0.85
TEXT = "Pengumuman uji siaran saat anggota menjawab undangan: mohon hadir tepat waktu."


class _Pressing:
    """Presses at `PRESS_RATE` a second until stopped; records each press's start (monotonic
    clock, as the sandbox's request times) and latency (seconds, `inf` when it failed)."""

    def __init__(self, clock: presses.EditClock, pressers: list[presses.Presser]) -> None:
        self._clock = clock
        self._pressers = pressers
        self._busy: set[int] = set()
        self._next = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self.started: list[tuple[float, float]] = []  # (monotonic start, latency)
        self.skipped = 0

    async def run(self, stop: asyncio.Event, duration: float | None = None) -> None:
        """Press on schedule until `stop` is set (or `duration` seconds have passed), then
        wait for the presses in flight."""
        begin = time.monotonic()
        slot = 0
        while not stop.is_set():
            due = begin + slot / PRESS_RATE
            if duration is not None and due - begin >= duration:
                break
            wait = due - time.monotonic()
            if wait > 0:
                try:
                    async with asyncio.timeout(wait):
                        await stop.wait()
                    break
                except TimeoutError:
                    pass
            slot += 1
            presser = self._free_presser()
            if presser is None:
                self.skipped += 1  # every member is still waiting for their last press
                continue
            task = asyncio.create_task(self._press(presser))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if self._tasks:
            await asyncio.gather(*self._tasks)

    def _free_presser(self) -> presses.Presser | None:
        for _ in range(len(self._pressers)):
            index = self._next
            self._next = (self._next + 1) % len(self._pressers)
            if index not in self._busy:
                self._busy.add(index)
                return self._pressers[index]
        return None

    async def _press(self, presser: presses.Presser) -> None:
        index = self._pressers.index(presser)
        data = presser.next_data()
        edited = self._clock.expect(presser.message)
        at = time.monotonic()
        started = time.perf_counter()
        latency = math.inf
        try:
            async with asyncio.timeout(EDIT_WAIT):
                answer = await presser.user.press_data(presser.message, data, timeout=EDIT_WAIT)
                answered = time.perf_counter()
                if not answer.show_alert:  # a refusal or the error popup: no edit follows
                    latency = max(answered, await edited) - started
        except (TimeoutError, LookupError):
            pass
        finally:
            if latency == math.inf:
                presser.pressed -= 1  # the same answer again next time, so presses keep writing
                edited.cancel()
            self._busy.discard(index)
        self.started.append((at, latency))


def _member_sends(sandbox: BotApiSandbox, mark: int, members: set[int]) -> list[float]:
    """Arrival times of the announcement's sends to members that Telegram answered (200, or
    403 from a member who blocked the bot: a request too)."""
    return [
        r.at
        for r in sandbox.requests[mark:]
        if r.method == "sendMessage"
        and r.params.get("chat_id") in members
        and r.status in (200, 403)
        and TEXT in str(r.params.get("text", ""))
    ]


async def _broadcast_done(sandbox: BotApiSandbox, mark: int, members: set[int]) -> None:
    """Returns when every member has been answered their copy (polled every 0.1 s)."""
    while True:
        sent = {
            r.params.get("chat_id")
            for r in sandbox.requests[mark:]
            if r.method == "sendMessage"
            and r.status in (200, 403)
            and r.params.get("chat_id") in members
            and TEXT in str(r.params.get("text", ""))
        }
        if len(sent) >= len(members):
            return
        await asyncio.sleep(0.1)


def _stats(latencies: list[float]) -> dict[str, float]:
    return {
        "presses": len(latencies),
        "failed": sum(1 for x in latencies if x == math.inf),
        "p50_s": percentile(latencies, 0.5),
        "p95_s": percentile(latencies, 0.95),
        "max_s": max(latencies) if latencies else math.nan,
    }


async def _one(dataset: Dataset, planned: list[presses.PlannedPress], opts: Options) -> Any:
    run = dataset.copy_to(opts.work / "press-broadcast.db")
    async with (
        sandbox_server() as sandbox,
        real_bot(bot_settings(sandbox, run.url)) as app,
    ):
        data = app.bot_data
        assert data.sessions is not None and data.sender is not None
        pressers = presses.install(sandbox, planned)
        members = {user_id for user_id, _, _, _ in dataset.members.values()}
        for user_id in [ADMIN_ID, *members]:
            sandbox.open_chat(sandbox.user(user_id, f"Anggota{user_id}"))
        sandbox.strict_limits = True
        await presses.serial(sandbox, pressers, WARM_UP)
        flood_before = sandbox.count_429
        with presses.EditClock(sandbox) as clock:
            quiet = _Pressing(clock, pressers)
            await quiet.run(asyncio.Event(), duration=QUIET_SECONDS)
            loaded = _Pressing(clock, pressers)
            stop = asyncio.Event()
            mark = len(sandbox.requests)
            queued = time.monotonic()
            async with data.sessions() as session:
                admin = (
                    await session.exec(select(Member).where(Member.telegram_user_id == ADMIN_ID))
                ).one()
                broadcast = await announcements.create(
                    session, sender=admin, text=TEXT, pillar_ids=[], now=datetime.now(UTC)
                )
                await notices.announcements.copies(session, broadcast)
                await session.commit()
            data.sender.wake()
            pressing = asyncio.create_task(loaded.run(stop))
            finished = True
            try:
                async with asyncio.timeout(BROADCAST_TIMEOUT):
                    await _broadcast_done(sandbox, mark, members)
            except TimeoutError:
                finished = False
            stop.set()
            await pressing
        sends = _member_sends(sandbox, mark, members)
        rate = (len(sends) - 1) / (sends[-1] - sends[0]) if len(sends) > 1 else 0.0
        end = sends[-1] if sends else time.monotonic()
        # The presses made while the broadcast was running: from queueing to the last send.
        during = [latency for at, latency in loaded.started if queued <= at <= end]
        return {
            "members": len(members),
            "pressers": len(pressers),
            "press_rate": PRESS_RATE,
            "broadcast_finished": finished,
            "broadcast_sends": len(sends),
            "broadcast_per_second": rate,
            "broadcast_seconds": end - queued,
            "count_429": sandbox.count_429 - flood_before,
            "quiet": _stats([latency for _, latency in quiet.started]),
            "during": _stats(during),
            "presses_skipped": quiet.skipped + loaded.skipped,
        }


async def measure(opts: Options) -> list[Row]:
    dataset = await generate(
        opts.work / f"press-broadcast-{MEMBERS}.db",
        members=MEMBERS,
        forums=FORUMS,
        answered_share=0,
    )
    planned = await presses.plan(dataset, users=PRESSERS, tz=TZ)
    repeats = 1 if opts.quick else opts.size_runs
    runs = []
    for number in range(repeats):
        result = await _one(dataset, planned, opts)
        runs.append(result)
        say(
            f"  run {number + 1}/{repeats}: press p95 {result['during']['p95_s']:.2f} s during "
            f"the broadcast ({result['during']['presses']} presses, "
            f"{result['during']['failed']} failed), {result['quiet']['p95_s']:.2f} s without; "
            f"broadcast {result['broadcast_per_second']:.1f} sends/s, "
            f"{result['count_429']} x 429"
            + ("" if result["broadcast_finished"] else ", broadcast NOT finished")
        )
    p95 = median([r["during"]["p95_s"] for r in runs])
    p50 = median([r["during"]["p50_s"] for r in runs])
    quiet_p95 = median([r["quiet"]["p95_s"] for r in runs])
    rate = median([r["broadcast_per_second"] for r in runs])
    failed = sum(r["during"]["failed"] + r["quiet"]["failed"] for r in runs)
    flood = max(r["count_429"] for r in runs)
    finished = all(r["broadcast_finished"] for r in runs)
    label = f"Press during a {MEMBERS:,}-member broadcast, {PRESS_RATE:g} presses/s"
    slowdown = p95 / quiet_p95 if quiet_p95 > 0 and math.isfinite(quiet_p95) else None
    return [
        Row(
            f"{label}: press to edit p95",
            p95,
            "s",
            quiet_p95,
            p95 / TARGET_P95,
            f"<= {TARGET_P95:g} s",
            p95 <= TARGET_P95,
            [r["during"]["p95_s"] for r in runs],
            {"runs": runs},
            ratio_of=f"p95 ÷ {TARGET_P95:g} s target",
        ),
        Row(
            f"{label}: p95 ÷ p95 with no broadcast",
            slowdown,
            "x",
            None,
            slowdown,
            ratio_of="p95 ÷ p95 with no broadcast, same run",
        ),
        Row(f"{label}: press to edit p50", p50, "s", runs=[r["during"]["p50_s"] for r in runs]),
        Row(
            f"{label}: broadcast sends/s",
            rate,
            "/s",
            TELEGRAM_LIMIT,
            rate / TELEGRAM_LIMIT,
            f">= {TARGET_SHARE:g} of limit, all sent",
            rate / TELEGRAM_LIMIT >= TARGET_SHARE and finished,
            [r["broadcast_per_second"] for r in runs],
            ratio_of="sends/s ÷ 30/s limit",
        ),
        Row(
            f"{label}: presses failed (all runs)",
            failed,
            "",
            None,
            None,
            "0",
            failed == 0,
        ),
        Row(f"{label}: 429s received (most in a run)", flood, ""),
    ]
