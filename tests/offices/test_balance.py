"""One look of a worker (`Worker.balance`) when the lock connection fails in its middle:
the worker carries on (the next look connects again) instead of ending every office."""

from __future__ import annotations

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
