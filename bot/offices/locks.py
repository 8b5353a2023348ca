"""The worker's claims on its offices: session advisory locks on one connection.

Each office's bot runs in exactly one process: the one holding the advisory lock on its
bot's key (`bot.instance.lock_key`, the same key `main.py run` takes). The worker holds
all its locks on one dedicated connection, so PostgreSQL itself ends every claim of a
worker at once when that worker dies: its backend sees the socket close (a killed
process) or, for a machine that vanished, TCP keepalives fail within about 25 seconds.
The connection's `application_name` marks it as a worker's, which is how the workers
count each other (`live_workers`) to share the offices fairly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

APPLICATION_PREFIX = "sinergi worker "
#: The server's keepalive on the claims' connection: idle seconds, interval, probes.
KEEPALIVE = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}


def worker_name() -> str:
    """`host:pid` of this process, as it appears in pg_stat_activity."""
    return f"{socket.gethostname()}:{os.getpid()}"


class OfficeLocks:
    """One AUTOCOMMIT connection holding this worker's advisory locks.

    Args:
        database_url: The worker's postgresql+asyncpg URL.
    """

    def __init__(self, database_url: str) -> None:
        self.name = (APPLICATION_PREFIX + worker_name())[:63]
        self._engine: AsyncEngine = create_async_engine(
            database_url,
            poolclass=NullPool,  # a pooled connection kept open would keep its locks
            connect_args={"server_settings": {"application_name": self.name, **KEEPALIVE}},
        )
        self._connection: AsyncConnection | None = None
        self.held: set[int] = set()

    @property
    def connected(self) -> bool:
        return self._connection is not None

    async def connect(
        self,
        on_notify: Callable[[str, str], None] | None = None,
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        """Open the connection (no locks held yet); `on_notify(channel, payload)` receives
        NOTIFY on `INBOUND_CHANNEL` (bot/offices/webhooks.py) when given; `on_lost()` is
        called as soon as the connection ends other than by `drop` (the server ended it or
        the socket closed): every lock is gone then, and another worker may take the
        offices at its next poll, so the caller must not wait for its own next look.

        Raises:
            SQLAlchemyError, OSError: the database cannot be reached.
        """
        connection = await self._engine.connect()
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        if on_notify is not None:
            from bot.offices.webhooks import INBOUND_CHANNEL

            await driver.add_listener(
                INBOUND_CHANNEL, lambda _c, _pid, channel, payload: on_notify(channel, payload)
            )
        if on_lost is not None:

            def lost(_connection: object) -> None:
                if self._connection is connection:  # not our own drop()
                    on_lost()

            driver.add_termination_listener(lost)
        self._connection = connection
        self.held.clear()

    async def alive(self, within: float) -> bool:
        """Whether the connection (and so every lock on it) still stands; it gets
        `within` seconds to answer."""
        if self._connection is None:
            return False
        try:
            async with asyncio.timeout(within):
                await self._connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            log.warning("the offices' lock connection broke (%s): every office stops", exc)
            await self.drop()
            return False
        return True

    async def try_lock(self, key: int) -> bool:
        """Take the lock on `key` if no session holds it."""
        assert self._connection is not None
        taken = bool(
            (
                await self._connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": key}
                )
            ).scalar_one()
        )
        if taken:
            self.held.add(key)
        return taken

    async def unlock(self, key: int) -> None:
        """Give the lock on `key` up (after its office has stopped)."""
        if self._connection is None or key not in self.held:
            return
        await self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        self.held.discard(key)

    async def live_workers(self) -> int:
        """Workers connected to this database now, this one included (at least 1)."""
        assert self._connection is not None
        count = (
            await self._connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name LIKE :prefix"
                ),
                {"prefix": APPLICATION_PREFIX + "%"},
            )
        ).scalar_one()
        return max(1, int(count))

    async def drop(self) -> None:
        """Close the connection: the server releases every lock on it."""
        connection, self._connection = self._connection, None
        self.held.clear()
        if connection is not None:
            with contextlib.suppress(SQLAlchemyError, OSError):
                await connection.close()

    async def close(self) -> None:
        await self.drop()
        await self._engine.dispose()
