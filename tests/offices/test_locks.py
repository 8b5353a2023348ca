"""The claims' connection: a worker notices at once when it is gone, and never waits on a
dead network before it stops its offices (the server may already have given their locks
to another worker)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.offices.locks import APPLICATION_PREFIX, OfficeLocks
from tests.offices.conftest import WorkerProcess, province, unexpected_errors
from tests.offices.test_takeover import answered
from tests.postgres import connect


class FreezingProxy:
    """A TCP relay to PostgreSQL that can stop forwarding while keeping its sockets open:
    the client sees a network that swallows packets (no reset, no FIN)."""

    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.CancelledError, OSError):
            await self._relay(reader, writer)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        await self._flowing.wait()  # a new connection (asyncpg's cancel request) gets nowhere
        upstream_reader, upstream_writer = await asyncio.open_connection(*self._target)
        self._writers.append(upstream_writer)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while data := await source.read(65536):
                    await self._flowing.wait()
                    sink.write(data)
                    await sink.drain()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    def freeze(self) -> None:
        self._flowing.clear()

    def thaw(self) -> None:
        self._flowing.set()

    async def stop(self) -> None:
        self.thaw()
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            self._server.close()


async def logged(worker: WorkerProcess, line: str, *, within: float) -> None:
    async with asyncio.timeout(within):
        while True:
            if line in worker.log():
                return
            await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def proxied(url: str) -> AsyncIterator[tuple[FreezingProxy, str]]:
    parsed = make_url(url)
    proxy = FreezingProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
    await proxy.start()
    try:
        yield proxy, parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    finally:
        await proxy.stop()


async def test_a_black_holed_lock_connection_is_given_up_within_the_check(
    province_url: str,
) -> None:
    async with proxied(province_url) as (proxy, url):
        locks = OfficeLocks(url)
        try:
            await locks.connect()
            assert await locks.try_lock(4242)
            proxy.freeze()
            started = time.monotonic()
            # The offices stop only after this returns: it must not wait for the network.
            async with asyncio.timeout(10):
                assert not await locks.alive(within=1.0)
            # SQLAlchemy gives the invalidated connection 2 s to close, then aborts it.
            assert time.monotonic() - started < 5
            assert not locks.connected and locks.held == set()
        finally:
            proxy.thaw()
            async with asyncio.timeout(10):
                await locks.close()


async def test_a_lock_connection_the_server_ends_is_noticed_at_once(province_url: str) -> None:
    locks = OfficeLocks(province_url)
    lost = asyncio.Event()
    try:
        await locks.connect(on_lost=lost.set)
        assert await locks.try_lock(4243)
        admin = await connect(province_url)
        try:
            # What an operator's pg_terminate_backend, a failover or idle_session_timeout
            # does: the locks are gone at once, so the worker must stop at once too.
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = $1",
                locks.name,
            )
        finally:
            await admin.close()
        async with asyncio.timeout(3):
            await lost.wait()
        assert not await locks.alive(within=1.0)
    finally:
        await locks.close()


async def test_a_worker_stops_its_offices_when_the_server_ends_its_lock_connection(
    province_url: str, tmp_path: Path
) -> None:
    async with province(province_url, tmp_path, ["kota-mojokerto"]) as state:
        # A poll far longer than the stop may take: only the notice can be that quick.
        worker = await state.start_worker(WORKER_POLL_SECONDS="10")
        await state.wait_for_holders(lambda held: len(held) == 1, 60)
        await answered(state.sandboxes["kota-mojokerto"], 6001, 20)
        admin = await connect(province_url)
        try:
            ended = await admin.fetchval(
                # This worker's lock connection only: other tests' workers may share the
                # server (on other databases).
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = $1",
                f"{APPLICATION_PREFIX}{socket.gethostname()}:{worker.pid}"[:63],
            )
        finally:
            await admin.close()
        assert ended == 1
        await logged(worker, "office kota-mojokerto: stopped", within=5)
        # It connects again and takes the office back.
        await state.wait_for_holders(lambda held: len(held) == 1, 30)
        await answered(state.sandboxes["kota-mojokerto"], 6002, 30)
        assert unexpected_errors(worker.log()) == [], worker.log()
