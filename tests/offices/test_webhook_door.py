"""The webhook door against what anyone on the internet can send it, no database needed:
whatever the bytes, a POST without the office's secret is a 403 and a warning, never a
500 with a traceback at ERROR."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest
from aiohttp import web

from bot.offices import schemas, webhooks


async def raw_post(port: int, head: bytes, body: bytes = b"{}") -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            b"POST /telegram/kota HTTP/1.1\r\nHost: sinergi\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n".encode()
            + head
            + b"\r\n"
            + body
        )
        await writer.drain()
        return (await reader.read()).split(b"\r\n", 1)[0]
    finally:
        writer.close()


@pytest.mark.parametrize(
    "header",
    [
        b"X-Telegram-Bot-Api-Secret-Token: \xff\xfe\r\n",  # not UTF-8
        b"X-Telegram-Bot-Api-Secret-Token: s3cr\xc3\xa9t\r\n",  # UTF-8, not ASCII
        b"X-Telegram-Bot-Api-Secret-Token: s3cre\r\n",  # a prefix of it
        b"",
    ],
)
async def test_a_post_without_the_secret_is_refused_whatever_its_bytes(
    header: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    office = SimpleNamespace(slug="kota")
    door = webhooks.Door(office, engine=None, secret="s3cret")  # type: ignore[arg-type]
    runner = web.AppRunner(webhooks.build({"kota": door}))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        status = await raw_post(port, header)
    finally:
        await runner.cleanup()
    assert status == b"HTTP/1.1 403 Forbidden"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_database_that_refuses_connections_is_a_503_telegram_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    office = SimpleNamespace(slug="kota")
    # Nothing listens there: asyncpg's ConnectionRefusedError, which SQLAlchemy passes on raw.
    engine = schemas.office_engine(
        schemas.shared_engine("postgresql+asyncpg://sinergi:x@127.0.0.1:9/none", pool_size=2),
        "office_kota",
    )
    door = webhooks.Door(office, engine=engine, secret="s3cret")  # type: ignore[arg-type]
    runner = web.AppRunner(webhooks.build({"kota": door}))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        status = await raw_post(
            port, b"X-Telegram-Bot-Api-Secret-Token: s3cret\r\n", b'{"update_id": 1}'
        )
    finally:
        await runner.cleanup()
        await engine.dispose()
    assert status == b"HTTP/1.1 503 Service Unavailable"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
