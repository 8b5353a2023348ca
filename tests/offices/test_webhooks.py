"""Webhooks at `/telegram/<office>` reach the worker holding the office, whichever worker
the reverse proxy hands them to (issue 13 item 4)."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.offices import schemas
from models import InboundUpdate
from tests.offices.conftest import office_engine, province, unexpected_errors
from tests.offices.test_takeover import answered
from tests.reliability.test_webhook import free_port

PUBLIC = "https://sinergi.kpu.test"
SLUGS = ["kota-mojokerto", "kab-jombang"]


async def test_an_update_posted_to_the_other_worker_reaches_the_holder(
    province_url: str, tmp_path: Path
) -> None:
    async with province(province_url, tmp_path, SLUGS) as state:
        ports = [free_port(), free_port()]
        workers = [
            await state.start_worker(WEBHOOK_URL=PUBLIC, WEBHOOK_PORT=str(port)) for port in ports
        ]
        holders = await state.wait_for_holders(
            lambda held: len(held) == 2 and len(set(held.values())) == 2, 60
        )
        port_of = {worker.pid: port for worker, port in zip(workers, ports, strict=True)}
        for slug, sandbox in state.sandboxes.items():
            await sandbox.wait_until(
                lambda sandbox=sandbox: sandbox.webhook_url, 30, lambda: "no setWebhook"
            )
            assert sandbox.webhook_url == f"{PUBLIC}/telegram/{slug}"
            # The proxy hands this office's updates to the worker that does not run it.
            other = next(port for pid, port in port_of.items() if pid != holders[slug])
            sandbox.webhook.proxy(PUBLIC, f"http://127.0.0.1:{other}")
        for sandbox in state.sandboxes.values():
            await answered(sandbox, 5001, 20)

        async with httpx.AsyncClient() as client:
            door = f"http://127.0.0.1:{ports[0]}/telegram"
            update = {"update_id": 77, "message": {"message_id": 1, "date": 0, "text": "x"}}
            forged = await client.post(f"{door}/kota-mojokerto", json=update)
            assert forged.status_code == 403
            wrong = await client.post(
                f"{door}/kota-mojokerto",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "guessed"},
            )
            assert wrong.status_code == 403
            # An office it does not serve gets the same answer: the door names no office.
            assert (await client.post(f"{door}/nowhere", json=update)).status_code == 403
        # One line for the first refusal; the next within a minute is only counted.
        log = workers[0].log()
        assert log.count("webhook of office kota-mojokerto: 1 POST(s) without its secret") == 1
        assert log.count("without its secret refused") == 2  # and one for "nowhere"
        shared = schemas.shared_engine(province_url, pool_size=1)
        try:
            async with AsyncSession(office_engine(shared, "kota-mojokerto")) as session:
                stored = (
                    await session.exec(select(func.count()).select_from(InboundUpdate))
                ).one()
            assert stored == 0  # nothing forged was stored; the real ones were handed on
        finally:
            await shared.dispose()

        # The holder of Mojokerto dies: the other worker sets the webhook again and serves it.
        killed = next(w for w in workers if w.pid == holders["kota-mojokerto"])
        survivor = next(w for w in workers if w is not killed)
        killed.process.send_signal(signal.SIGKILL)
        await killed.process.wait()
        sandbox = state.sandboxes["kota-mojokerto"]
        sandbox.webhook.proxy(PUBLIC, f"http://127.0.0.1:{port_of[survivor.pid]}")
        await answered(sandbox, 5002, 30)
        log = survivor.log()
        assert unexpected_errors(log) == [], log
