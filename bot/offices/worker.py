"""`main.py worker`: one of N processes sharing the offices of OFFICES_DIR (docs/PROVINCE.md).

Every `POLL` seconds a worker checks its lock connection, counts the live workers, and
moves towards its fair share, ceil(offices / workers): it stops offices beyond it (each
one gracefully, then gives its lock up) and takes free ones up to it (a lock it wins, then
the office's bot). A worker that dies loses every lock with its connection, and the others
take its offices at their next poll: within `POLL` seconds plus the start of a bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import time
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from sqlalchemy.exc import SQLAlchemyError
from telegram.error import TelegramError

from bot.instance import lock_key
from bot.metrics import Metrics
from bot.offices import schemas, webhooks
from bot.offices.hosting import HostedOffice
from bot.offices.locks import OfficeLocks
from bot.offices.registry import Office
from bot.offices.schemas import NewerSchema
from bot.settings import ProcessSettings
from bot.startup import StartupFailure, explain
from web import ops

log = logging.getLogger(__name__)

#: Seconds the lock connection gets to answer its liveness check.
ALIVE_TIMEOUT = 5.0
#: Seconds a starting worker waits for the others starting with it.
SETTLE = 2.0
#: An office that failed to start is tried again after this many seconds, doubling.
RETRY_FIRST, RETRY_CAP = 30.0, 600.0


class WorkerSettings(ProcessSettings):
    """The worker's own settings (its environment or `.env`); each office's are its file's.

    WEBHOOK_URL is the public https:// base: office `<slug>` gets its updates at
    `<WEBHOOK_URL>/telegram/<slug>`, served by every worker on WEBHOOK_LISTEN:WEBHOOK_PORT.
    Empty: every office polls.
    """

    database_url: str = ""
    offices_dir: Path = Path("offices")
    # Seconds between two looks at the locks and the other workers; a dead worker's
    # offices are taken over within about this long.
    worker_poll_seconds: float = Field(default=5.0, ge=0.5, le=10)
    # Connections of the pool all hosted offices share (as many again under a burst).
    worker_pool_size: int = Field(default=10, ge=2, le=100)

    @field_validator("webhook_url")
    @classmethod
    def _origin(cls, value: str) -> str:
        # The door serves /telegram/<slug> and the proxy forwards that path as it is.
        if urlsplit(value).path.rstrip("/"):
            raise ValueError(
                f"{value!r} has a path: give the public base alone, e.g. "
                "https://sinergi.kpu.go.id (each office is at /telegram/<slug> under it)"
            )
        return value

    # The name of Settings' own check on purpose: it replaces it, whose hint (SQLite or
    # PostgreSQL) is wrong for a worker left without DATABASE_URL.
    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith("postgresql+asyncpg://"):
            raise ValueError(
                "the worker needs PostgreSQL: set DATABASE_URL=postgresql+asyncpg://user:pass@host/db"
            )
        return value


class Worker:
    """Shares `offices` with the other workers on the same database.

    Args:
        settings: The worker's settings.
        offices: The offices of OFFICES_DIR (bot/offices/registry.py).
        metrics: The registry every hosted office counts in (served at `/metrics`).
    """

    def __init__(
        self, settings: WorkerSettings, offices: list[Office], metrics: Metrics | None = None
    ) -> None:
        self.settings = settings
        self.offices = offices
        self.metrics = metrics or Metrics()
        self.engine = schemas.shared_engine(
            settings.database_url, pool_size=settings.worker_pool_size
        )
        self.locks = OfficeLocks(settings.database_url)
        self.hosted: dict[str, HostedOffice] = {}
        self.doors = {
            office.slug: webhooks.Door(
                office,
                schemas.office_engine(self.engine, office.schema),
                webhooks.webhook_secret(office, settings.webhook_secret),
            )
            for office in offices
        }
        self._retry: dict[str, tuple[float, float]] = {}  # slug -> (monotonic time, delay)
        self._stop_requests: set[str] = set()
        self._stopping = asyncio.Event()
        self._tick = asyncio.Event()
        # Workers start their round of the offices at different places, so that starting
        # together they do not all race for the same first office.
        self._offset = int.from_bytes(hashlib.blake2b(self.locks.name.encode()).digest()[:4])

    def stop(self) -> None:
        """Ask `run` to stop every office and return (SIGTERM, SIGINT)."""
        self._stopping.set()
        self._tick.set()

    @property
    def ready(self) -> str | None:
        """Why the worker is not ready (None: it is): its claims' connection is down."""
        return None if self.locks.connected else "the worker has no connection to the database"

    async def run(self) -> None:
        """Serve until `stop`: share the offices out, and on the way out stop those held."""
        try:
            await self._settle()
            while not self._stopping.is_set():
                # Cleared before the look: a tick during it (a lost lock connection, a
                # 409) brings the next look at once instead of a poll later.
                self._tick.clear()
                await self.balance()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._tick.wait(), self.settings.worker_poll_seconds)
        finally:
            await asyncio.gather(*(self._release(slug) for slug in list(self.hosted)))
            await self.close()

    async def close(self) -> None:
        """Close the claims' connection and the shared pool (after every office stopped)."""
        await self.locks.close()
        await self.engine.dispose()

    async def _settle(self) -> None:
        # Workers started together see each other before taking offices: without this the
        # first one up would take every office and hand most back a poll later.
        try:
            await self.locks.connect(self._notified, self._lost)
        except (SQLAlchemyError, OSError) as exc:
            log.warning("cannot reach the database for the offices' locks (retrying): %s", exc)
            return
        log.info("worker %s connected; %d offices", self.locks.name, len(self.offices))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                self._stopping.wait(), min(SETTLE, self.settings.worker_poll_seconds)
            )

    async def balance(self) -> None:
        """One look: the lock connection, the offices asked to stop, the fair share."""
        if not await self.locks.alive(within=ALIVE_TIMEOUT):
            await self._release_all()
            try:
                await self.locks.connect(self._notified, self._lost)
            except (SQLAlchemyError, OSError) as exc:
                log.warning("cannot reach the database for the offices' locks (retrying): %s", exc)
                return
            log.info("worker %s connected; %d offices", self.locks.name, len(self.offices))
        for slug, hosted in list(self.hosted.items()):
            trouble = hosted.trouble if hosted.application is not None else None
            if trouble is not None and slug not in self._stop_requests:
                log.error("office %s: %s; it starts again after a pause", slug, trouble)
                self._stop_requests.add(slug)
        for slug in sorted(self._stop_requests):
            self._stop_requests.discard(slug)
            await self._release(slug)
            self._back_off(slug)
        try:
            workers = await self.locks.live_workers()
        except (SQLAlchemyError, OSError) as exc:
            await self._lock_connection_broke(exc)
            return
        count = len(self.offices)
        share = math.ceil(count / workers)
        # The most recently taken go first: the others keep their warm offices.
        for slug in list(self.hosted)[share:][::-1]:
            log.info("office %s: handed back (%d workers share %d offices)", slug, workers, count)
            await self._release(slug)
        wanted: list[Office] = []
        now = time.monotonic()
        for index in range(count):
            office = self.offices[(self._offset + index) % count]
            if len(self.hosted) + len(wanted) >= share:
                break
            if office.slug in self.hosted or self._retry.get(office.slug, (0.0, 0.0))[0] > now:
                continue
            try:
                taken = await self.locks.try_lock(lock_key(office.bot_id))
            except (SQLAlchemyError, OSError) as exc:
                # The locks `wanted` holds went with the connection: start none of them.
                await self._lock_connection_broke(exc)
                return
            if taken:
                wanted.append(office)
        await asyncio.gather(*(self._take(office) for office in wanted))

    async def _take(self, office: Office) -> None:
        hosted = HostedOffice(
            office,
            self.engine,
            self.metrics,
            webhook_base=self.settings.webhook_url.rstrip("/"),
            secret=self.doors[office.slug].secret,
            on_stop_request=self._stop_requested,
        )
        self.hosted[office.slug] = hosted
        started = time.monotonic()
        try:
            await hosted.start()
        except (TelegramError, SQLAlchemyError, OSError, StartupFailure, NewerSchema) as exc:
            failure = exc if isinstance(exc, StartupFailure | NewerSchema) else None
            failure = failure or explain(exc, office.settings)
            reason = str(failure) if failure is not None else f"{type(exc).__name__}: {exc}"
            # bot/startup.py speaks to a single office, whose token is in .env.
            reason = reason.replace("into .env", f"into {office.slug}.env")
            delay = self._back_off(office.slug)
            # A schema a newer worker migrated is a rolling upgrade under way, not a fault.
            log.log(
                logging.WARNING if isinstance(exc, NewerSchema) else logging.ERROR,
                "office %s cannot start (next try in %.0f s): %s",
                office.slug,
                delay,
                reason,
            )
            self.hosted.pop(office.slug, None)
            with contextlib.suppress(SQLAlchemyError, OSError):  # a lost connection: no lock
                await self.locks.unlock(lock_key(office.bot_id))
            return
        self._retry.pop(office.slug, None)
        log.info("office %s: taken in %.2f s", office.slug, time.monotonic() - started)

    async def _release_all(self) -> None:
        # Every lock went with the connection: another worker may start these offices at
        # its next poll, so they all stop at once (one after another, the last of many
        # would still run, its sender sending, long after that).
        await asyncio.gather(*(self._release(slug) for slug in list(self.hosted)))

    async def _lock_connection_broke(self, exc: BaseException) -> None:
        """The lock connection failed in the middle of a look (it passed `alive` just
        before): as when `alive` fails, every office stops; the next look connects again."""
        log.warning("the offices' lock connection broke (%s): every office stops", exc)
        await self.locks.drop()
        await self._release_all()

    async def _release(self, slug: str) -> None:
        hosted = self.hosted.pop(slug, None)
        if hosted is None:
            return
        try:
            await hosted.stop()
        finally:
            self.metrics.handed_over(slug)
            with contextlib.suppress(SQLAlchemyError, OSError):
                await self.locks.unlock(lock_key(hosted.office.bot_id))

    def _back_off(self, slug: str) -> float:
        delay = min(RETRY_CAP, self._retry.get(slug, (0.0, RETRY_FIRST / 2))[1] * 2)
        self._retry[slug] = (time.monotonic() + delay, delay)
        return delay

    def _stop_requested(self, hosted: HostedOffice, reason: str) -> None:
        log.warning("office %s stops: %s", hosted.office.slug, reason)
        self._stop_requests.add(hosted.office.slug)
        self._tick.set()

    def _lost(self) -> None:
        # The server dropped every lock with the connection: look now, not at the next poll,
        # so the offices stop before another worker starts them.
        log.warning("the offices' lock connection was closed by the server: every office stops")
        self._tick.set()

    def _notified(self, channel: str, slug: str) -> None:
        hosted = self.hosted.get(slug)
        if hosted is not None and hosted.relay is not None:
            hosted.relay.wake()


class WorkerOps:
    """The worker as the operations endpoints see it (web/ops.py's `Target`): ready while
    its claims' connection stands; `/metrics` counts the outbox of every hosted office."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self._offices: dict[int, ops.Ops] = {}

    @property
    def registry(self) -> Metrics:
        return self.worker.metrics

    async def unready(self) -> str | None:
        return self.worker.ready

    async def count(self) -> None:
        running = {
            id(hosted.application): hosted.application
            for hosted in self.worker.hosted.values()
            if hosted.application is not None
        }
        for gone in self._offices.keys() - running.keys():
            self._offices.pop(gone).cancel()
        for key, application in running.items():
            self._offices.setdefault(key, ops.Ops(application))
        await asyncio.gather(*(office.count() for office in self._offices.values()))

    def cancel(self) -> None:
        for office in self._offices.values():
            office.cancel()
