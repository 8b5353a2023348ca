"""Group commit: what many tasks ask to write, written together in one statement."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class GroupCommit(Generic[Item, Result]):
    """`submit(item)` waits for `flush(items)`, which gets every item submitted while the
    previous flush ran (at most `limit` at a time) and returns one result per item, in order.

    One flush runs at a time. With one caller at a time each flush holds one item, so
    nothing waits longer than a write of its own would; when many callers write at once
    (the outbox's deliveries in a busy worker) their writes share one statement and one
    round trip. A flush that raises raises the same error in each of its callers.
    """

    def __init__(
        self, flush: Callable[[Sequence[Item]], Awaitable[Sequence[Result]]], *, limit: int = 500
    ) -> None:
        self._flush = flush
        self._limit = limit
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """Wait until `item` is written; return its result (or raise its flush's error)."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="group_commit")
            self._task.add_done_callback(self._ended)
        return await future

    async def close(self) -> None:
        """Wait for the flush under way, if any (its callers may have been cancelled)."""
        if self._task is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while self._waiting:
            batch = self._waiting[: self._limit]
            del self._waiting[: self._limit]
            try:
                results = await self._flush([item for item, _ in batch])
            except asyncio.CancelledError:
                for _, future in batch:
                    future.cancel()
                raise
            except Exception as error:
                for _, future in batch:
                    if not future.done():  # a caller cancelled meanwhile wants nothing
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)

    def _ended(self, task: asyncio.Task[None]) -> None:
        if task is not self._task:
            return  # a newer flush has taken over the callers waiting
        self._task = None
        if task.cancelled():
            # Cancelled (the loop closing), perhaps before it ever ran: the callers still
            # waiting are told so.
            for _, future in self._waiting:
                future.cancel()
            self._waiting.clear()
