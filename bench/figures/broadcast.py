"""Broadcast: one announcement to every member through the strict sandbox.

The sandbox enforces Telegram's flood limits (30 sends per second overall, per-chat limits)
and answers 429 beyond them. The bot runs with its default settings (the send rate an
operator gets without configuring it). Measured: accepted sends per second between the first
and the last send to a member, 429s received, wall time from queueing to the sender being
idle, and members who got no copy (lost) or more than one.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from bench.common import Options, Row, bot_settings, median, real_bot, sandbox_server, say
from bench.data import ADMIN_ID, Dataset, generate
from bot import notices
from bot.services import announcements
from models import Member, OutboxMessage, OutboxStatus
from sandbox import BotApiSandbox

TELEGRAM_LIMIT = 30.0
# A bot in Indonesia to Telegram's servers: about 150 ms there and back.
ROUND_TRIP = 0.15
TEXT = "Pengumuman uji siaran: rapat koordinasi dimajukan ke pukul 08.00 WIB."


async def _one(
    dataset: Dataset,
    opts: Options,
    blocked_share: float,
    *,
    round_trip: float = 0.0,
    **settings: Any,
) -> dict[str, float]:
    run = dataset.copy_to(opts.work / "broadcast.db")
    async with (
        sandbox_server() as sandbox,
        real_bot(bot_settings(sandbox, run.url, **settings)) as app,
    ):
        sandbox.round_trip = round_trip
        data = app.bot_data
        assert data.sessions is not None and data.sender is not None
        user_ids = [user_id for user_id, _, _, _ in dataset.members.values()]
        _open_chats(sandbox, [ADMIN_ID, *user_ids])
        blocked = set(random.Random(3).sample(user_ids, int(len(user_ids) * blocked_share)))
        for user_id in blocked:
            sandbox.block_bot(user_id)
        sandbox.strict_limits = True
        mark, flood_before = len(sandbox.requests), sandbox.count_429
        started = time.perf_counter()
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
        async with asyncio.timeout(600):
            await data.sender.wait_idle()
        wall = time.perf_counter() - started
        members = set(user_ids)
        sends = [
            r
            for r in sandbox.requests[mark:]
            if r.method == "sendMessage" and r.params.get("chat_id") in members
        ]
        # Against the limit count every send Telegram answered: a 403 from a member who
        # blocked the bot is a request too. Delivered messages are reported beside it.
        answered = [r.at for r in sends if r.status in (200, 403)]
        accepted = [r.at for r in sends if r.status == 200]
        rate = _per_second(answered)
        got = {
            user_id: sum(
                1 for m in sandbox.messages(user_id) if m.from_bot and TEXT in (m.text or "")
            )
            for user_id in members - blocked
        }
        async with data.sessions() as session:
            rows = (await session.exec(select(OutboxMessage))).all()
        return {
            "members": len(members),
            "blocked": len(blocked),
            "messages_per_second": rate,
            "delivered_per_second": _per_second(accepted),
            "send_rate_setting": data.settings.send_rate_per_second if data.settings else 0,
            "count_429": sandbox.count_429 - flood_before,
            "wall_seconds": wall,
            "lost": sum(1 for n in got.values() if n == 0),
            "duplicated": sum(1 for n in got.values() if n > 1),
            "rows_blocked": sum(1 for r in rows if r.status == OutboxStatus.BLOCKED),
        }


def _per_second(times: list[float]) -> float:
    """Events per second between the first and the last of `times`."""
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


def _open_chats(sandbox: BotApiSandbox, user_ids: list[int]) -> None:
    """Every member has a private chat with the bot (as after /start), without the updates."""
    for user_id in user_ids:
        sandbox.open_chat(sandbox.user(user_id, f"Anggota{user_id}"))


async def measure(opts: Options) -> list[Row]:
    dataset = await generate(
        opts.work / f"broadcast-{opts.broadcast_members}.db",
        members=opts.broadcast_members,
        forums=1,
        answered_share=0,
    )
    rows = []
    for share in (0.0, 0.05):
        runs = []
        repeats = 1 if opts.quick else opts.size_runs  # --quick stays under two minutes
        for number in range(repeats):
            result = await _one(dataset, opts, share)
            runs.append(result)
            say(
                f"  run {number + 1}/{repeats}, {share:.0%} blocked: "
                f"{result['messages_per_second']:.1f} sends/s "
                f"({result['delivered_per_second']:.1f} delivered/s), "
                f"{result['count_429']} x 429, {result['wall_seconds']:.1f} s, "
                f"lost {result['lost']}"
            )
        result = {
            **runs[0],
            "messages_per_second": median([r["messages_per_second"] for r in runs]),
            "delivered_per_second": median([r["delivered_per_second"] for r in runs]),
            "wall_seconds": median([r["wall_seconds"] for r in runs]),
            "count_429": max(r["count_429"] for r in runs),
            "lost": max(r["lost"] for r in runs),
            "duplicated": max(r["duplicated"] for r in runs),
        }
        label = f"Broadcast to {result['members']:,}" + (f", {share:.0%} blocked" if share else "")
        rate = result["messages_per_second"]
        ok = (
            rate / TELEGRAM_LIMIT >= 0.9
            and result["count_429"] == 0
            and result["lost"] == 0
            and result["duplicated"] == 0
            and all(r["rows_blocked"] == r["blocked"] for r in runs)
        )
        rows.append(
            Row(
                f"{label}: sends/s (delivered or refused 403)",
                rate,
                "/s",
                TELEGRAM_LIMIT,
                rate / TELEGRAM_LIMIT,
                ">= 0.9 of limit, 0 x 429, 0 lost",
                ok,
                [r["messages_per_second"] for r in runs],
                result,
                ratio_of="sends/s ÷ 30/s limit",
            )
        )
        rows.append(Row(f"{label}: delivered/s", result["delivered_per_second"], "/s"))
        rows.append(Row(f"{label}: 429s received (most in a run)", result["count_429"], ""))
        rows.append(Row(f"{label}: lost (most in a run)", result["lost"], ""))
        rows.append(Row(f"{label}: wall time", result["wall_seconds"], "s"))
    rows.extend(await _over_a_network(opts))
    return rows


async def _over_a_network(opts: Options) -> list[Row]:
    """The sender when every Bot API call takes a round trip (Telegram is not on loopback):
    the default concurrency against one request at a time (the baseline)."""
    members = 150
    dataset = await generate(
        opts.work / f"broadcast-{members}.db", members=members, forums=1, answered_share=0
    )
    ms = int(ROUND_TRIP * 1000)
    serial = await _one(dataset, opts, 0.0, round_trip=ROUND_TRIP, send_concurrency=1)
    default = await _one(dataset, opts, 0.0, round_trip=ROUND_TRIP)
    for name, result in (("one at a time", serial), ("default concurrency", default)):
        say(
            f"  {ms} ms round trip, {name}: {result['messages_per_second']:.1f} sends/s, "
            f"{result['count_429']} x 429, lost {result['lost']}"
        )
    rate = default["messages_per_second"]
    return [
        Row(
            f"Broadcast to {members}, {ms} ms round trip: sends/s (baseline: one at a time)",
            rate,
            "/s",
            serial["messages_per_second"],
            rate / TELEGRAM_LIMIT,
            ">= 0.9 of limit, 0 x 429, 0 lost",
            rate / TELEGRAM_LIMIT >= 0.9 and default["count_429"] == 0 and default["lost"] == 0,
            [rate],
            {"serial": serial, "default": default},
            ratio_of="sends/s ÷ 30/s limit (not ÷ baseline)",
        )
    ]
