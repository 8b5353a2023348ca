"""One running instance per bot, enforced through the database (SPEC section 10).

Telegram tells a second poller apart (409 Conflict) but not a second webhook: the second
one's setWebhook silently takes the updates away from the first. So each instance takes a
lock in the database before it talks to Telegram for updates, and a second one stops:

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a key derived from
  the bot id, held by a dedicated connection for the life of the process; the server drops
  it when that connection ends, so a crashed instance never leaves it behind.
- SQLite: a row in `instancelease` (models/instance.py) renewed every `RENEW_SECONDS`; a
  lease whose `expires_at` has passed, or whose holder on this host is no longer alive, is
  taken over.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import secrets
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.startup import ExitCode, StartupFailure
from models.base import utcnow
from models.instance import InstanceLease

log = logging.getLogger(__name__)

LEASE_SECONDS = 20.0
RENEW_SECONDS = 5.0

_lease = InstanceLease.__table__  # type: ignore[attr-defined]


class AnotherInstanceRunning(StartupFailure):
    """Another process runs this bot on this database; `holder` is its `host:pid`."""

    def __init__(self, holder: str, since: datetime | None) -> None:
        when = f" since {since:%Y-%m-%d %H:%M:%S} UTC" if since is not None else ""
        super().__init__(
            ExitCode.ANOTHER_INSTANCE,
            f"another instance of this bot is running ({holder}{when}); stopping: "
            "run exactly one instance per bot token",
        )
        self.holder = holder


def this_process() -> str:
    """`host:pid:nonce`: the nonce tells two Applications of one process apart (tests)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _shown(holder: str) -> str:
    return holder.rsplit(":", 1)[0] if holder.count(":") >= 2 else holder


class InstanceGuard:
    """Holds this process's claim on the bot; `acquire` first, `release` at the end.

    Args:
        engine: The bot's engine (its database is where the claim lives).
        bot_id: The bot's Telegram user id (getMe); one claim per bot.
        on_lost: Called once if the claim is lost while running (the lease was taken
            over after this process stalled past its expiry, or the lock's connection
            broke and another instance took it).
    """

    #: Whether the claim lives in a table (so migrations must run first).
    needs_schema = False

    def __init__(self, engine: AsyncEngine, bot_id: int, on_lost: Callable[[str], None]) -> None:
        self.engine = engine
        self.bot_id = bot_id
        self.holder = this_process()
        self._on_lost = on_lost
        self._task: asyncio.Task[None] | None = None
        self._held = False

    async def acquire(self) -> None:
        """Take the claim and start keeping it.

        Raises:
            AnotherInstanceRunning: another live process holds it.
            SQLAlchemyError, OSError: the database cannot be used.
        """
        await self._take()
        self._held = True
        self._task = asyncio.create_task(self._keep(), name="instance-guard")

    async def release(self) -> None:
        """Give the claim up (idempotent; called at stop and at shutdown)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._held:
            self._held = False
            try:
                await self._give_up()
            except (SQLAlchemyError, OSError) as exc:  # the claim expires by itself
                log.warning("could not release the instance claim: %s", exc)

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            try:
                kept = await self._renew()
            except (SQLAlchemyError, OSError) as exc:
                log.warning("could not renew the instance claim (retrying): %s", exc)
                continue
            if not kept:
                self._held = False
                self._on_lost(
                    "this instance lost its claim on the bot to another instance; stopping: "
                    "run exactly one instance per bot token"
                )
                return

    async def _take(self) -> None:
        raise NotImplementedError

    async def _renew(self) -> bool:
        raise NotImplementedError

    async def _give_up(self) -> None:
        raise NotImplementedError


class SqliteLease(InstanceGuard):
    """The claim as an `instancelease` row with an expiry, renewed while running."""

    needs_schema = True

    @property
    def name(self) -> str:
        return f"bot:{self.bot_id}"

    async def _take(self) -> None:
        now = utcnow()
        async with self.engine.begin() as connection:
            current = (
                await connection.execute(select(_lease).where(_lease.c.name == self.name))
            ).first()
        takeover = [_lease.c.expires_at < now]
        if current is not None and _dead_on_this_host(current.holder):
            takeover.append(_lease.c.holder == current.holder)
        statement = sqlite_insert(_lease).values(
            name=self.name,
            holder=self.holder,
            acquired_at=now,
            renewed_at=now,
            expires_at=now + timedelta(seconds=LEASE_SECONDS),
        )
        # One statement, so two instances starting at once cannot both win.
        statement = statement.on_conflict_do_update(
            index_elements=[_lease.c.name],
            set_={
                column: statement.excluded[column]
                for column in ("holder", "acquired_at", "renewed_at", "expires_at")
            },
            where=or_(*takeover),
        )
        async with self.engine.begin() as connection:
            await connection.execute(statement)
            row = (
                await connection.execute(select(_lease).where(_lease.c.name == self.name))
            ).one()
        if row.holder != self.holder:
            raise AnotherInstanceRunning(_shown(row.holder), row.acquired_at)

    async def _renew(self) -> bool:
        now = utcnow()
        async with self.engine.begin() as connection:
            result = await connection.execute(
                update(_lease)
                .where(_lease.c.name == self.name, _lease.c.holder == self.holder)
                .values(renewed_at=now, expires_at=now + timedelta(seconds=LEASE_SECONDS))
            )
        return bool(result.rowcount)

    async def _give_up(self) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(
                delete(_lease).where(_lease.c.name == self.name, _lease.c.holder == self.holder)
            )


class PostgresLock(InstanceGuard):
    """The claim as a session advisory lock held by a dedicated connection."""

    _connection: AsyncConnection | None = None
    _own_engine: AsyncEngine | None = None

    @property
    def key(self) -> int:
        """The bot's lock key (`lock_key`)."""
        return lock_key(self.bot_id)

    async def _take(self) -> None:
        if self._own_engine is None:
            # Not the pool's: closing a pooled connection would keep its session, and the lock.
            self._own_engine = create_async_engine(self.engine.url, poolclass=NullPool)
        connection = await self._own_engine.connect()
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(
                text("SELECT set_config('application_name', :name, false)"),
                {"name": f"sinergi {_shown(self.holder)}"[:63]},
            )
            taken = (
                await connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
                )
            ).scalar_one()
            if not taken:
                holder, since = await self._holder(connection)
                raise AnotherInstanceRunning(holder, since)
        except BaseException:
            await connection.close()
            raise
        self._connection = connection

    async def _holder(self, connection: AsyncConnection) -> tuple[str, datetime | None]:
        rows = (await connection.execute(text(HELD_LOCKS))).all()
        row = next((r for r in rows if held_key(r.high, r.low) == self.key), None)
        if row is None:
            return "holder unknown", None
        name = str(row.application_name or "").removeprefix("sinergi ").strip()
        return name or f"a connection from {row.client_addr or 'this host'}", row.backend_start

    async def _renew(self) -> bool:
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except (SQLAlchemyError, OSError) as exc:
                log.warning("the instance lock's connection broke (%s); taking it again", exc)
                with contextlib.suppress(SQLAlchemyError, OSError):
                    await self._connection.close()
                self._connection = None
        try:
            await self._take()  # the server released the lock with the connection
        except AnotherInstanceRunning:
            return False
        return True

    async def _give_up(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.close()  # ends the session, and with it the lock
        if self._own_engine is not None:
            await self._own_engine.dispose()
            self._own_engine = None


def lock_key(bot_id: int) -> int:
    """A signed 64-bit advisory lock key from a bot id (other applications use other keys).

    The one key of a bot for `main.py run` and `main.py worker` alike, so a single-office
    process and a worker never run the same bot at once on one database.
    """
    digest = hashlib.blake2b(f"sinergi:{bot_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


#: Every granted session advisory lock in the current database (PostgreSQL), with the session
#: holding it: high, low (the key's halves, for `held_key`), application_name, client_addr,
#: backend_start. No parameters, so SQLAlchemy's `text` and asyncpg take it alike.
HELD_LOCKS = (
    "SELECT l.classid::bigint AS high, l.objid::bigint AS low, "
    "a.application_name, a.client_addr, a.backend_start "
    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


def held_key(high: int, low: int) -> int:
    """The signed 64-bit key (as `lock_key` gives it) of a `HELD_LOCKS` row: pg_locks shows
    a bigint key as classid (its high 32 bits) and objid (its low 32 bits)."""
    key = (int(high) << 32) | int(low)
    return key - (1 << 64) if key >= 1 << 63 else key


def instance_guard(
    engine: AsyncEngine, bot_id: int, on_lost: Callable[[str], None]
) -> InstanceGuard:
    """The guard for the engine's database: an advisory lock on PostgreSQL, else a lease."""
    if engine.dialect.name == "postgresql":
        return PostgresLock(engine, bot_id, on_lost)
    return SqliteLease(engine, bot_id, on_lost)


def _dead_on_this_host(holder: str) -> bool:
    """True when the holder ran on this host and its process is gone (a crash, SIGKILL)."""
    parts = holder.split(":")
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False  # another Application of this very process: alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, run by another user
    return False
