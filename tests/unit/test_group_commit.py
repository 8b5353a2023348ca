"""scheduler/group_commit.py: writes asked for together share a flush; errors and
cancellation reach exactly the callers concerned."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from scheduler.group_commit import GroupCommit


class Store:
    """A flush that records each batch and can be held open or made to fail."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.fail_next: Exception | None = None

    async def flush(self, items: Sequence[int]) -> list[int]:
        self.batches.append(list(items))
        await self.gate.wait()
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        return [item * 10 for item in items]


async def test_one_caller_at_a_time_writes_alone() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    assert await commit.submit(1) == 10
    assert await commit.submit(2) == 20
    assert store.batches == [[1], [2]]


async def test_callers_waiting_for_a_flush_share_the_next() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    store.gate.clear()
    first = asyncio.create_task(commit.submit(1))
    await asyncio.sleep(0)  # the first flush has started and is held
    others = [asyncio.create_task(commit.submit(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    store.gate.set()
    assert await first == 10
    assert await asyncio.gather(*others) == [20, 30, 40]
    assert store.batches == [[1], [2, 3, 4]]


async def test_a_batch_holds_at_most_the_limit() -> None:
    store = Store()
    commit = GroupCommit(store.flush, limit=2)
    results = await asyncio.gather(*(commit.submit(n) for n in range(5)))
    assert results == [0, 10, 20, 30, 40]
    assert [len(batch) for batch in store.batches] == [2, 2, 1]


async def test_a_failed_flush_fails_its_callers_only() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    store.gate.clear()
    store.fail_next = RuntimeError("database is locked")
    failing = [asyncio.create_task(commit.submit(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    later = asyncio.create_task(commit.submit(3))
    await asyncio.sleep(0)
    store.gate.set()
    for task in failing:
        with pytest.raises(RuntimeError, match="database is locked"):
            await task
    assert await later == 30  # the next flush is unaffected
    assert store.batches == [[1, 2], [3]]


async def test_a_cancelled_caller_leaves_the_others_their_results() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    store.gate.clear()
    gone = asyncio.create_task(commit.submit(1))
    stays = asyncio.create_task(commit.submit(2))
    await asyncio.sleep(0)
    gone.cancel()
    store.gate.set()
    assert await stays == 20
    with pytest.raises(asyncio.CancelledError):
        await gone
    await commit.close()
    assert store.batches == [[1, 2]]  # what was asked was written all the same


async def test_a_flush_cancelled_before_it_ran_cancels_its_callers() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    caller = asyncio.create_task(commit.submit(1))
    await asyncio.sleep(0)  # the flush task exists but has not run yet
    assert commit._task is not None
    commit._task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert store.batches == []
    assert await commit.submit(2) == 20


async def test_cancelling_the_flush_cancels_its_waiting_callers() -> None:
    store = Store()
    commit = GroupCommit(store.flush)
    store.gate.clear()
    callers = [asyncio.create_task(commit.submit(n)) for n in (1, 2)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)  # the flush of 1 and 2 has started and is held
    assert store.batches == [[1, 2]] and commit._task is not None
    commit._task.cancel()  # as when the event loop closes under it
    for caller in callers:
        with pytest.raises(asyncio.CancelledError):
            await caller
    store.gate.set()
    assert await commit.submit(3) == 30  # a new flush starts for the next caller
    assert store.batches == [[1, 2], [3]]
