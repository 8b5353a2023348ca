"""Strict Telegram mode (flood limits), fault injection and the rarer update kinds."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from sandbox import BotApiSandbox, SandboxEvent, SimUser
from sandbox.users import TINY_PNG

TOKEN = "123456:SANDBOX-TOKEN"
AnyApp = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    box = BotApiSandbox(token=TOKEN, strict_limits=True)
    await box.start()
    yield box
    await box.stop()


@pytest.fixture
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    """A bare PTB Bot (no polling, no rate limiter), so only the test sends messages."""
    request = HTTPXRequest(connection_pool_size=64)
    async with Bot(
        sandbox.token,
        base_url=sandbox.base_url,
        base_file_url=sandbox.base_file_url,
        request=request,
    ) as the_bot:
        yield the_bot


async def _known(sandbox: BotApiSandbox, user_id: int) -> SimUser:
    user = sandbox.user(user_id, f"User{user_id}")
    await user.send("hi")
    return user


def _seconds(value: int | dtm.timedelta) -> int:
    return int(value.total_seconds()) if isinstance(value, dtm.timedelta) else value


async def _eventually(predicate: Callable[[], bool], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


# ---------------------------------------------------------------------- flood limits


async def test_overall_limit_30_per_second(
    sandbox: BotApiSandbox, bot: Bot, http: httpx.AsyncClient
) -> None:
    users = [await _known(sandbox, 3000 + i) for i in range(32)]
    events: list[SandboxEvent] = []
    sandbox.add_listener(events.append)

    first = await asyncio.gather(*(bot.send_message(u.id, "burst") for u in users[:30]))
    assert len(first) == 30
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(users[30].id, "one too many")
    retry_after = _seconds(info.value.retry_after)
    assert 1 <= retry_after <= 1  # the window is 1 s

    # Telegram's exact shape; the whole bot is in flood wait, any chat.
    raw = await http.post("sendMessage", data={"chat_id": str(users[31].id), "text": "x"})
    assert raw.status_code == 429
    body = raw.json()
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {body['parameters']['retry_after']}",
        "parameters": {"retry_after": body["parameters"]["retry_after"]},
    }
    assert 1 <= body["parameters"]["retry_after"] <= retry_after
    assert sandbox.count_429 == 2
    assert [r.status for r in sandbox.calls("sendMessage")[-2:]] == [429, 429]
    assert [e.kind for e in events].count("flood_wait") == 2
    assert users[30].inbox == []

    # Non-send methods are not limited.
    await bot.send_chat_action(users[0].id, "typing")
    await bot.edit_message_text("edited", chat_id=users[0].id, message_id=first[0].message_id)

    await asyncio.sleep(retry_after)
    sent = await bot.send_message(users[30].id, "after waiting")
    assert sent.text == "after waiting"
    assert sandbox.max_sends_in_window(1.0) == 30
    assert sandbox.max_sends_in_window(1.0, chat_id=users[30].id) == 1


async def test_private_chat_limit(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await _known(sandbox, 4001)
    other = await _known(sandbox, 4002)
    for i in range(3):  # a short burst is tolerated
        await bot.send_message(user.id, f"m{i}")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(user.id, "m3")
    retry_after = _seconds(info.value.retry_after)
    assert retry_after == 1
    await bot.send_message(other.id, "another chat is fine")
    with pytest.raises(RetryAfter):
        await bot.send_photo(user.id, TINY_PNG)  # every send method counts
    await asyncio.sleep(retry_after)
    await bot.send_message(user.id, "m4")
    assert [m.text for m in user.inbox] == ["m0", "m1", "m2", "m4"]
    assert sandbox.count_429 == 2
    assert sandbox.max_sends_in_window(1.0, chat_id=user.id) == 3


async def test_group_limit_and_flood_wait_punishment(sandbox: BotApiSandbox, bot: Bot) -> None:
    # Telegram: 20 per 60 s. A second here: the 20 sends fit in it however loaded the
    # machine, and the 21st is told to wait ceil(what is left of it) = 1 s.
    sandbox.group_window = 1.0
    group = sandbox.group(-5001, "KPU Kota")
    for i in range(20):
        await bot.send_message(group.chat_id, f"g{i}")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(group.chat_id, "g20")
    assert _seconds(info.value.retry_after) == 1  # whole seconds, at least 1

    # With the window free again (shrunk to nothing), ignoring retry_after keeps the wait.
    sandbox.group_window = 0.001
    with pytest.raises(RetryAfter) as again:
        await bot.send_message(group.chat_id, "too early")
    assert _seconds(again.value.retry_after) == 1
    await asyncio.sleep(1.05)
    await bot.send_message(group.chat_id, "g21")
    assert len(group.inbox) == 21
    assert sandbox.count_429 == 2


async def test_limits_off_by_default_and_rate_helpers() -> None:
    box = BotApiSandbox(token=TOKEN)
    await box.start()
    try:
        assert box.strict_limits is False
        user = box.user(4101, "Budi")
        await user.send("hi")
        async with httpx.AsyncClient(base_url=f"{box.base_url}{box.token}/") as client:
            for i in range(5):
                ok = await client.post("sendMessage", data={"chat_id": "4101", "text": f"{i}"})
                assert ok.status_code == 200
            assert box.count_429 == 0
            assert box.max_sends_in_window(1.0) == 5
            assert box.sent_rate() > 5

            box.strict_limits = True  # switched on later
            rejected = await client.post("sendMessage", data={"chat_id": "4101", "text": "x"})
            assert rejected.status_code == 429
            assert box.count_429 == 1
    finally:
        await box.stop()


async def test_sent_rate_measures_pacing(sandbox: BotApiSandbox, bot: Bot) -> None:
    assert sandbox.sent_rate() == 0.0
    users = [await _known(sandbox, 4200 + i) for i in range(5)]
    for user in users:
        await bot.send_message(user.id, "paced")
        await asyncio.sleep(0.05)
    rate = sandbox.sent_rate("sendMessage")
    assert 5 < rate <= 21
    assert sandbox.sent_rate("sendPhoto") == 0.0
    assert sandbox.max_sends_in_window(0.01) == 1


# ---------------------------------------------------------------------- fault injection


async def test_delay_past_read_timeout_still_delivers(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await _known(sandbox, 5001)
    sandbox.fail_next("sendMessage", delay=0.5, chat_id=user.id)
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "report", read_timeout=0.1)
    assert [m.text for m in user.inbox] == ["report"]  # delivered despite the timeout
    await bot.send_message(user.id, "report")  # the naive retry duplicates it
    assert [m.text for m in user.inbox] == ["report", "report"]
    await _eventually(lambda: any(r.fault == "delay" for r in sandbox.requests))
    slow = next(r for r in sandbox.requests if r.fault == "delay")
    assert (slow.status, slow.delivered, slow.client_gone) == (200, True, True)


async def test_delay_without_delivery(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await _known(sandbox, 5002)
    sandbox.fail_next("sendMessage", delay=0.3, deliver=False)
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "lost", read_timeout=0.05)
    await _eventually(lambda: any(r.fault == "delay" for r in sandbox.requests))
    assert user.inbox == []
    assert sandbox.calls("sendMessage")[-1].delivered is False

    # A patient client gets the normal answer after the delay.
    sandbox.fail_next("sendMessage", delay=0.2, deliver=False)
    started = time.monotonic()
    sent = await bot.send_message(user.id, "slow but fine")
    assert time.monotonic() - started >= 0.2
    assert sent.text == "slow but fine"


async def test_delayed_error(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await _known(sandbox, 5003)
    sandbox.fail_next(
        "sendMessage", error_code=502, description="Bad Gateway", delay=0.1, deliver=True
    )
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(user.id, "maybe")
    assert [m.text for m in user.inbox] == ["maybe"]  # the server sent it anyway
    recorded = sandbox.calls("sendMessage")[-1]
    assert (recorded.status, recorded.delivered, recorded.fault) == (502, True, "error+delay")


async def test_drop_connection(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await _known(sandbox, 5004)
    sandbox.fail_next("sendMessage", drop_connection=True)
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "dropped but delivered")
    assert [m.text for m in user.inbox] == ["dropped but delivered"]
    recorded = sandbox.calls("sendMessage")[-1]
    assert (recorded.status, recorded.delivered, recorded.fault) == (0, True, "drop")

    sandbox.fail_next("sendMessage", drop_connection=True, deliver=False)
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "never arrives")
    assert [m.text for m in user.inbox] == ["dropped but delivered"]
    assert sandbox.calls("sendMessage")[-1].delivered is False
    # The connection pool recovers.
    assert (await bot.send_message(user.id, "fine")).text == "fine"


async def test_a_client_hanging_up_mid_request_is_no_sandbox_error(sandbox: BotApiSandbox) -> None:
    # A bot stopping cancels its long poll while the body is on its way; the sandbox must not
    # log that as its own failure (the suite fails on any ERROR line).
    host, port = sandbox.root_url.removeprefix("http://").split(":")
    _reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        f"POST /bot{sandbox.token}/getUpdates HTTP/1.1\r\nHost: {host}\r\n"
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"timeout"'.encode()
    )
    await writer.drain()
    await asyncio.sleep(0.05)  # the handler is reading the body
    writer.close()
    await writer.wait_closed()
    await asyncio.sleep(0.1)
    assert not sandbox.calls("getUpdates")


def test_fail_next_validation(sandbox: BotApiSandbox) -> None:
    with pytest.raises(ValueError):
        sandbox.fail_next("sendMessage")
    with pytest.raises(ValueError):
        sandbox.fail_next("sendMessage", error_code=400)
    with pytest.raises(ValueError):
        sandbox.fail_next("sendMessage", error_code=500, description="x", drop_connection=True)


async def test_deactivate(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await _known(sandbox, 5101)
    sandbox.deactivate(user.id)
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(user.id, "hello?")
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_document(user.id, b"x", filename="a.txt")
    assert sandbox.calls("sendMessage")[-1].status == 403
    stranger = sandbox.user(5102, "Never wrote")
    stranger.deactivate()
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(stranger.id, "hello?")
    sandbox.reactivate(user.id)
    await bot.send_message(user.id, "back")


async def test_migrate_group(sandbox: BotApiSandbox, bot: Bot) -> None:
    member = sandbox.user(5201, "Sari")
    group = sandbox.group(-5200, "Pilar")
    await group.send(member, "halo")
    await bot.send_message(group.chat_id, "before")
    assert [m.text for m in group.unread()] == ["before"]

    moved = sandbox.migrate_group(-5200, -1005200, by=member)
    assert moved is group
    assert group.chat_id == -1005200
    assert sandbox.group(-5200, "Pilar") is group
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(-5200, "old id")
    assert info.value.new_chat_id == -1005200
    recorded = sandbox.calls("sendMessage")[-1]
    assert recorded.status == 400
    sent = await bot.send_message(-1005200, "new id")
    assert sent.chat.type == "supergroup"
    assert (await group.next_message()).text == "new id"
    assert [m.text for m in sandbox.messages(-5200) if m.from_bot] == ["before"]

    service = [u["message"] for u in sandbox.pending_updates if "message" in u][-2:]
    assert service[0]["chat"]["id"] == -5200
    assert service[0]["migrate_to_chat_id"] == -1005200
    assert service[0]["from"]["id"] == member.id
    assert service[1]["chat"] == {"id": -1005200, "type": "supergroup", "title": "Pilar"}
    assert service[1]["migrate_from_chat_id"] == -5200

    with pytest.raises(ValueError):
        sandbox.migrate_group(-5200, -1009999)


# ---------------------------------------------------------------------- update kinds via PTB


@pytest.fixture
async def app(sandbox: BotApiSandbox) -> AsyncIterator[AnyApp]:
    sandbox.strict_limits = False
    application = (
        Application.builder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .build()
    )
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_more_update_kinds_reach_ptb(sandbox: BotApiSandbox, app: AnyApp) -> None:
    seen: list[Update] = []
    errors: list[object] = []

    async def collect(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update)

    async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.edited_message is not None
        await update.edited_message.reply_text(f"edited: {update.edited_message.text}")

    async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        file = await message.photo[-1].get_file()
        data = bytes(await file.download_as_bytearray())
        size = f"{message.photo[-1].width}x{message.photo[-1].height}"
        await message.reply_text(f"photo {size} {len(data)}B {message.caption}")

    async def on_sticker(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.sticker is not None
        await message.reply_text(f"sticker {message.sticker.emoji}")

    async def on_channel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        post = update.channel_post
        assert post is not None and post.from_user is None and post.sender_chat is not None
        await context.bot.send_message(post.chat.id, f"seen {post.text}")

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        await message.reply_text(f"echo {message.text}")

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    app.add_handler(TypeHandler(Update, collect), group=-1)
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edit))
    app.add_handler(MessageHandler(filters.PHOTO, on_photo))
    app.add_handler(MessageHandler(filters.Sticker.ALL, on_sticker))
    app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST, on_channel))
    app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, on_text))
    app.add_error_handler(on_error)

    user = sandbox.user(6001, "Dewi")
    original = await user.send("jam 9")
    assert (await user.next_message()).text == "echo jam 9"
    edited = await user.edit(original, "jam 10")
    assert edited is original and original.text == "jam 10" and original.edit_date is not None
    assert (await user.next_message()).text == "edited: jam 10"

    photo = await user.send_photo(caption="poster")
    assert photo.photo == TINY_PNG
    assert (await user.next_message()).text == f"photo 1x1 {len(TINY_PNG)}B poster"

    sticker = await user.send_sticker("🎉")
    assert sticker.sticker is not None and sticker.sticker["emoji"] == "🎉"
    assert (await user.next_message()).text == "sticker 🎉"

    group = sandbox.group(-6000, "Forum")
    await user.send("di grup", group=group)
    assert (await group.next_message()).text == "echo di grup"

    post = sandbox.channel_post(-1006000, "pengumuman")
    assert post.from_user is None
    await _eventually(lambda: any(m.from_bot for m in sandbox.messages(-1006000)))
    assert [m.text for m in sandbox.messages(-1006000)] == ["pengumuman", "seen pengumuman"]

    update_id = sandbox.raw_update({"some_future_field": {"answer": 42}})
    await _eventually(lambda: any(u.update_id == update_id for u in seen))
    unknown = next(u for u in seen if u.update_id == update_id)
    assert unknown.api_kwargs == {"some_future_field": {"answer": 42}}
    assert unknown.effective_message is None

    sandbox.migrate_group(-6000, -1006001)
    await _eventually(
        lambda: (
            [
                (u.message.migrate_to_chat_id, u.message.migrate_from_chat_id)
                for u in seen
                if u.message and u.message.chat.id in (-6000, -1006001) and not u.message.text
            ]
            == [(-1006001, None), (None, -6000)]
        )
    )
    await user.send("setelah migrasi", group=group)
    assert (await group.next_message()).text == "echo setelah migrasi"

    await asyncio.sleep(0.05)
    assert errors == []
    assert sandbox.pending_updates == [] or all(
        u["update_id"] > update_id for u in sandbox.pending_updates
    )


async def test_user_edit_errors(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await _known(sandbox, 6101)
    other = sandbox.user(6102, "Other")
    sent = await bot.send_message(user.id, "from the bot")
    bot_message = user.inbox[-1]
    assert bot_message.message_id == sent.message_id
    with pytest.raises(LookupError):
        await user.edit(bot_message, "hack")
    mine = await user.send("mine")
    with pytest.raises(LookupError):
        await other.edit(mine, "theirs")
    with pytest.raises(ValueError):
        await user.edit(mine, "mine")
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", chat_id=user.id, message_id=mine.message_id)
    assert sandbox.sent_rate() == 0.0  # a single send has no rate
