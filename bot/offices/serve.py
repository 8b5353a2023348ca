"""The worker process: its doors (webhooks, operations) around `Worker.run`."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.offices import webhooks
from bot.offices.registry import Office
from bot.offices.worker import Worker, WorkerOps, WorkerSettings
from bot.startup import ExitCode
from web import ops
from web.server import WebServer

log = logging.getLogger(__name__)


async def serve(settings: WorkerSettings, offices: list[Office]) -> int:
    """Run a worker until SIGTERM or SIGINT; the exit code (bot/startup.py's ExitCode).

    The webhooks' door listens on WEBHOOK_LISTEN:WEBHOOK_PORT when WEBHOOK_URL is set, the
    operations endpoints on OPS_LISTEN:OPS_PORT when OPS_PORT is set; a port that cannot
    be bound ends the worker before it takes any office.
    """
    worker = Worker(settings, offices)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop)
    servers: list[WebServer] = []
    if settings.webhook_url:
        servers.append(
            WebServer(
                webhooks.build(worker.doors),
                settings.webhook_listen,
                settings.webhook_port,
                name="offices' webhooks",
            )
        )
    if settings.ops_port is not None:
        servers.append(
            WebServer(
                ops.build(WorkerOps(worker)),
                settings.ops_listen,
                settings.ops_port,
                name="operations",
            )
        )
    try:
        for server in servers:
            try:
                await server.start()
            except OSError as exc:
                log.critical("cannot listen on %s (%s)", server.address, exc.strerror or exc)
                await worker.close()
                return ExitCode.WEBHOOK_PORT
        await worker.run()
    finally:
        for server in servers:
            await server.stop()
    return ExitCode.OK
