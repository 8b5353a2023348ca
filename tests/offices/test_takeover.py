"""Many workers share the offices; a killed worker's offices move within 30 s (issue 13 item 4)."""

from __future__ import annotations

import asyncio
import re
import signal
import time
from collections import Counter
from pathlib import Path

import httpx

from sandbox import BotApiSandbox
from tests.offices.conftest import Province, province, unexpected_errors
from tests.reliability.test_webhook import free_port

SLUGS = ["kota-mojokerto", "kab-mojokerto", "kota-surabaya", "kab-sidoarjo"]


async def answered(sandbox: BotApiSandbox, user_id: int, within: float) -> float:
    """Seconds until the office's bot answers /bantuan from `user_id`."""
    started = time.monotonic()
    user = sandbox.user(user_id, "Warga")
    await user.send("/bantuan")
    reply = await user.next_message(timeout=within)
    assert reply.from_bot and reply.text
    return time.monotonic() - started


async def all_answer(state: Province, user_id: int, within: float) -> None:
    await asyncio.gather(
        *(answered(sandbox, user_id, within) for sandbox in state.sandboxes.values())
    )


async def test_two_workers_share_four_offices_and_one_takes_over_a_killed_ones(
    province_url: str, tmp_path: Path
) -> None:
    async with province(province_url, tmp_path, SLUGS) as state:
        ops_port = free_port()
        first = await state.start_worker()
        second = await state.start_worker(OPS_PORT=str(ops_port))
        holders = await state.wait_for_holders(
            lambda held: len(held) == 4 and len(set(held.values())) == 2, 60
        )
        assert Counter(holders.values()) == {first.pid: 2, second.pid: 2}
        await all_answer(state, 3001, 30)
        ops = f"http://127.0.0.1:{ops_port}"
        async with httpx.AsyncClient() as client:
            assert (await client.get(f"{ops}/readyz")).json() == {"ready": True}
            metrics = (await client.get(f"{ops}/metrics")).text
        hosted = {slug for slug, pid in holders.items() if pid == second.pid}
        assert offices_in(metrics, "sinergi_outbox_messages") == hosted

        first.process.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        await first.process.wait()
        moved = [slug for slug, pid in holders.items() if pid == first.pid]
        # Each of the killed worker's offices answers again, from the other worker.
        waits = await asyncio.gather(
            *(answered(state.sandboxes[slug], 3002, 30) for slug in moved)
        )
        took = time.monotonic() - killed_at
        assert took < 30, f"took {took:.1f} s"
        assert max(waits) < 30
        after = await state.holders()
        assert after == dict.fromkeys(SLUGS, second.pid)
        # The other offices never stopped: nobody there waited.
        await all_answer(state, 3003, 10)
        async with httpx.AsyncClient() as client:
            metrics = (await client.get(f"{ops}/metrics")).text
        assert offices_in(metrics, "sinergi_outbox_messages") == set(SLUGS)
        assert offices_in(metrics, "sinergi_updates_handled_total") == set(SLUGS)
        assert unexpected_errors(second.log()) == [], second.log()
        assert "taken in" in second.log()


def offices_in(metrics: str, name: str) -> set[str]:
    """The `office` labels of one metric's samples in a Prometheus exposition."""
    return set(re.findall(rf'^{name}{{office="([^"]+)"', metrics, re.MULTILINE))


async def test_a_third_worker_gets_its_share_and_nothing_runs_twice(
    province_url: str, tmp_path: Path
) -> None:
    async with province(province_url, tmp_path, SLUGS) as state:
        first = await state.start_worker()
        await state.wait_for_holders(lambda held: len(held) == 4, 60)
        second = await state.start_worker()
        holders = await state.wait_for_holders(
            lambda held: len(held) == 4 and len(set(held.values())) == 2, 60
        )
        assert Counter(holders.values()) == {first.pid: 2, second.pid: 2}
        await all_answer(state, 3101, 30)
        # Each office answered exactly once: no two processes polled one bot.
        for sandbox in state.sandboxes.values():
            replies = [m for m in sandbox.messages(3101) if m.from_bot]
            assert len(replies) == 1
        assert "handed back" in first.log()
        for worker in (first, second):
            assert unexpected_errors(worker.log()) == [], worker.log()
