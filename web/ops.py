"""The operations endpoints: `/healthz`, `/readyz` and `/metrics` (docs/OPERATIONS.md).

Served on OPS_LISTEN:OPS_PORT (loopback by default), an aiohttp server of their own that
`bot.app.post_init` starts when OPS_PORT is set; never on the web door, whose port the
reverse proxy publishes. No authentication, so nothing here names a person: the answers
are fixed words, counts and the office's name.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from sqlmodel import select

from bot.context import SinergiApplication
from bot.metrics import Metrics
from bot.services import outbox
from models import OutboxMessage

log = logging.getLogger(__name__)

#: Seconds the database gets to answer `/readyz`'s query and `/metrics`' counts.
DATABASE_TIMEOUT = 2.0
T = TypeVar("T")


class SingleFlight(Generic[T]):
    """Runs `query` in a task of its own, at most one at a time, and waits a bounded time.

    A query that outlives its timeout keeps running (cancelling a database call half-way
    can leave its connection unusable, and the wait for the rollback would outlast the
    timeout); the next caller waits for that same query instead of piling another
    connection onto a database that does not answer.
    """

    def __init__(self, query: Callable[[], Coroutine[Any, Any, T]], name: str) -> None:
        self._query = query
        self._name = name
        self._task: asyncio.Task[T] | None = None

    async def run(self, within: float) -> T:
        """The query's result.

        Raises:
            TimeoutError: it did not finish within `within` seconds.
            Exception: whatever the query raised.
        """
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._query(), name=self._name)
            self._task.add_done_callback(_retrieved)
        return await asyncio.wait_for(asyncio.shield(self._task), within)

    def cancel(self) -> None:
        """Cancel a query still running (the server is closing)."""
        if self._task is not None:
            self._task.cancel()


def _retrieved(task: asyncio.Task[T]) -> None:
    # The caller may have stopped waiting: its error must not come back as asyncio's
    # "exception was never retrieved" (logged at ERROR when the task is collected).
    if not task.cancelled():
        task.exception()


class Target(Protocol):
    """What the endpoints look at: one bot (`Ops`), or a worker's offices (bot/offices/)."""

    @property
    def registry(self) -> Metrics | None:
        """The metrics served at `/metrics` (None: there are none)."""

    async def unready(self) -> str | None:
        """Why it is not ready to work (None: it is); a short sentence, no details."""

    async def count(self) -> None:
        """Set the gauges counted at scrape time (the outbox depth)."""

    def cancel(self) -> None:
        """Cancel the queries still running (the server is closing)."""


@dataclass
class Ops:
    """One bot as the endpoints see it, and its one query of each kind in flight."""

    application: SinergiApplication
    probe: SingleFlight[None] = field(init=False)
    depth: SingleFlight[dict[str, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.probe = SingleFlight(self._probe, "ops-database-probe")
        self.depth = SingleFlight(self._depth, "ops-outbox-depth")

    async def _probe(self) -> None:
        sessions = self.application.bot_data.sessions
        assert sessions is not None
        async with sessions() as session:
            # A table, not `SELECT 1`: SQLite answers that without opening the file.
            await session.exec(select(OutboxMessage.id).limit(1))

    async def _depth(self) -> dict[str, int]:
        sessions = self.application.bot_data.sessions
        assert sessions is not None
        async with sessions() as session:
            return await outbox.depth(session)

    async def unready(self) -> str | None:
        """Why the bot is not ready to work (None: it is); a short sentence, no details."""
        data = self.application.bot_data
        if not self.application.running or data.sessions is None:
            return "the bot is not running"
        if data.sender is None or not data.sender.running:
            return "the outbox sender is not running"
        try:
            await self.probe.run(DATABASE_TIMEOUT)
        except TimeoutError:
            return f"the database did not answer within {DATABASE_TIMEOUT:g} s"
        except Exception as exc:
            log.warning("readiness: the database check failed: %s", type(exc).__name__)
            return "the database check failed"
        return None

    @property
    def registry(self) -> Metrics | None:
        office = self.application.bot_data.metrics
        return office.metrics if office is not None else None

    async def count(self) -> None:
        office = self.application.bot_data.metrics
        if office is None or self.application.bot_data.sessions is None:
            return
        try:
            office.set_outbox_depth(await self.depth.run(DATABASE_TIMEOUT))
        except Exception as exc:  # the other metrics still tell something
            log.warning("metrics: the outbox could not be counted: %s", type(exc).__name__)

    def cancel(self) -> None:
        """Cancel the queries still running (the server is closing)."""
        self.probe.cancel()
        self.depth.cancel()


OPS = web.AppKey("ops", Target)


async def healthz(request: web.Request) -> web.StreamResponse:
    """`/healthz`: 200 `ok` whenever the event loop gets to answer."""
    return web.Response(text="ok")


async def readyz(request: web.Request) -> web.StreamResponse:
    """`/readyz`: 200 `{"ready": true}`, or 503 `{"ready": false, "reason": ...}`."""
    reason = await request.app[OPS].unready()
    if reason is not None:
        return web.json_response({"ready": False, "reason": reason}, status=503)
    return web.json_response({"ready": True})


async def metrics(request: web.Request) -> web.StreamResponse:
    """`/metrics`: the registry in Prometheus' text format, the outbox counted just now."""
    target = request.app[OPS]
    registry = target.registry
    if registry is None:
        raise web.HTTPNotFound()
    await target.count()
    return web.Response(body=registry.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})


async def no_store(request: web.Request, response: web.StreamResponse) -> None:
    """Probes and scrapes want the answer of now, never a cached one."""
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")


def build(target: Target) -> web.Application:
    """The aiohttp application of the operations endpoints for `target`."""
    app = web.Application(client_max_size=1024)
    app[OPS] = target
    app.on_response_prepare.append(no_store)
    app.cleanup_ctx.append(_cancel_queries)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def _cancel_queries(app: web.Application) -> AsyncIterator[None]:
    yield
    app[OPS].cancel()
