"""bot/transport.py: PTB's calls over aiohttp reach the sandbox as PTB's own client sends
them, and its failures become PTB's errors."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.app import tls
from bot.transport import AiohttpRequest
from sandbox import BotApiSandbox
from tests.sandbox.conftest import opened


@pytest.fixture
async def aio_bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    async with Bot(
        sandbox.token,
        base_url=sandbox.base_url,
        base_file_url=sandbox.base_file_url,
        request=AiohttpRequest(ssl_context=tls()),
    ) as the_bot:
        yield the_bot


async def test_message_and_its_answer(sandbox: BotApiSandbox, aio_bot: Bot) -> None:
    user = await opened(sandbox, 7001)
    sent = await aio_bot.send_message(
        user.id, "Rapat <b>pleno</b> &amp; evaluasi", parse_mode="HTML"
    )
    assert sent.text == "Rapat pleno & evaluasi"
    [message] = sandbox.messages(user.id)
    assert message.text == "Rapat pleno & evaluasi"
    assert message.message_id == sent.message_id


async def test_upload_is_multipart_with_its_name_and_bytes(
    sandbox: BotApiSandbox, aio_bot: Bot
) -> None:
    user = await opened(sandbox, 7002)
    content = bytes(range(256)) * 40  # not UTF-8: the body must stay bytes
    sent = await aio_bot.send_document(
        user.id, InputFile(content, filename="Daftar-Hadir.pdf"), caption="Daftar hadir"
    )
    assert sent.document is not None and sent.document.file_name == "Daftar-Hadir.pdf"
    [message] = sandbox.messages(user.id)
    assert message.document is not None
    assert message.document["file_name"] == "Daftar-Hadir.pdf"
    assert message.document["bytes"] == content
    assert message.caption == "Daftar hadir"


async def test_telegram_errors_come_through(sandbox: BotApiSandbox, aio_bot: Bot) -> None:
    user = await opened(sandbox, 7003)
    with pytest.raises(BadRequest, match=r"^Message text is empty$"):
        await aio_bot.send_message(user.id, "")
    assert sandbox.messages(user.id) == []


async def test_a_slow_answer_is_timed_out(sandbox: BotApiSandbox, aio_bot: Bot) -> None:
    user = await opened(sandbox, 7004)
    sandbox.fail_next("sendMessage", delay=1.0, deliver=False)
    with pytest.raises(TimedOut):
        await aio_bot.send_message(user.id, "halo", read_timeout=0.2)


async def test_a_dropped_connection_is_a_network_error(
    sandbox: BotApiSandbox, aio_bot: Bot
) -> None:
    user = await opened(sandbox, 7005)
    sandbox.fail_next("sendMessage", drop_connection=True, deliver=False)
    with pytest.raises(NetworkError, match=r"^aiohttp\.") as caught:
        await aio_bot.send_message(user.id, "halo")
    assert not isinstance(caught.value, TimedOut)
    assert sandbox.messages(user.id) == []


async def test_nobody_listening_is_a_network_error() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    request = AiohttpRequest(ssl_context=tls())
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match=r"^aiohttp\.ClientConnectorError"):
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()


async def test_only_between_initialize_and_shutdown() -> None:
    request = AiohttpRequest(ssl_context=tls())
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")
    await request.initialize()
    await request.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/bot1:x/getMe", "POST")
    await request.initialize()  # PTB may initialize a bot again after its shutdown
    await request.shutdown()
