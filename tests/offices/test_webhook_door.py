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
from tests.postgres import postgres_url


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


def door_on(port_engine: object = None) -> webhooks.Door:
    office = SimpleNamespace(slug="kota")
    return webhooks.Door(office, engine=port_engine, secret="s3cret")  # type: ignore[arg-type]


async def post_to(door: webhooks.Door, body: bytes) -> bytes:
    runner = web.AppRunner(webhooks.build({"kota": door}))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        return await raw_post(
            runner.addresses[0][1], b"X-Telegram-Bot-Api-Secret-Token: s3cret\r\n", body
        )
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": 7, "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",  # deeper than Python
        b'{"update_id": 7, "x": NaN}',  # Python's JSON reads it, JSON has no NaN
        b'{"update_id": 9223372036854775808}',  # past a BIGINT
    ],
)
async def test_a_body_telegram_never_sends_is_a_400_not_a_retry(
    body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    # 400, not 503 (retry later) nor 500 (a worker the proxy takes out of rotation).
    assert await post_to(door_on(), body) == b"HTTP/1.1 400 Bad Request"
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_an_update_not_stored_leaves_its_content_out_of_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = postgres_url()
    if url is None:
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    # A schema that does not exist: the INSERT fails with the update among its parameters.
    engine = schemas.office_engine(schemas.shared_engine(url, pool_size=1), "office_nowhere")
    update = b'{"update_id": 5, "message": {"from": {"first_name": "Siti Rahayu"}, '
    update += b'"contact": {"phone_number": "+6281234567890"}}}'
    try:
        with caplog.at_level(logging.DEBUG, logger="bot"):
            assert await post_to(door_on(engine), update) == b"HTTP/1.1 503 Service Unavailable"
    finally:
        await engine.dispose()
    said = [r.getMessage() for r in caplog.records if r.name.startswith("bot")]
    assert any("the update was not stored" in line for line in said), said
    assert not [line for line in said if "Siti" in line or "6281234567890" in line]
