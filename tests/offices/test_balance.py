"""One look of a worker (`Worker.balance`) when the lock connection fails in its middle:
the worker carries on (the next look connects again) instead of ending every office."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from sqlalchemy.exc import OperationalError

from bot.offices.worker import Worker, WorkerSettings


def broken(*_: object) -> None:
    raise OperationalError("SELECT count(*) FROM pg_stat_activity", {}, ConnectionResetError())


async def test_a_lock_connection_lost_after_its_check_ends_the_look_not_the_worker(
    province_url: str,
) -> None:
    worker = Worker(WorkerSettings(database_url=province_url), [])
    try:
        await worker.locks.connect()

        async def failing(*_: object) -> int:
            broken()
            return 0

        worker.locks.live_workers = failing  # type: ignore[method-assign]
        await worker.balance()  # the connection broke just after `alive` answered
        assert not worker.locks.connected
    finally:
        await worker.close()


class SlowToStop:
    """A hosted office whose bot takes a second to stop (its sender's messages in flight)."""

    def __init__(self, bot_id: int) -> None:
        self.office = SimpleNamespace(bot_id=bot_id)
        self.stopped_at: float | None = None

    async def stop(self) -> None:
        await asyncio.sleep(1.0)
        self.stopped_at = time.monotonic()


async def test_offices_whose_locks_are_gone_stop_together_not_one_after_another(
    province_url: str,
) -> None:
    worker = Worker(WorkerSettings(database_url=province_url), [])
    try:
        offices = {f"office-{n}": SlowToStop(700_100 + n) for n in range(4)}
        worker.hosted.update(offices)  # type: ignore[arg-type]
        started = time.monotonic()
        # The lock connection is gone: another worker may start these at its next poll
        # (5 s), so the last of them must not wait for the others to stop first.
        await worker._release_all()
        assert worker.hosted == {}
        last = max(office.stopped_at or 0.0 for office in offices.values())
        assert last - started < 2.0
    finally:
        await worker.close()
