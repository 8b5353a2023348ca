"""Tests of the Bot API sandbox, partly driving a real python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import html
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from sandbox import (
    BotApiSandbox,
    HtmlParseError,
    SandboxEvent,
    SandboxMessage,
    SimUser,
    parse_html,
)

TOKEN = "123456:SANDBOX-TOKEN"


# ---------------------------------------------------------------------- the tiny test bot


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    await update.effective_message.reply_text(f"Echo: {html.escape(text)}")


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes ✅", callback_data="vote:yes"),
                InlineKeyboardButton("No", callback_data="vote:no"),
            ],
            [InlineKeyboardButton("Site", url="https://example.org")],
        ]
    )
    await update.effective_message.reply_text(
        f"<b>Welcome!</b> args={html.escape(repr(context.args))}", reply_markup=keyboard
    )


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(f"You chose {query.data}", show_alert=query.data == "vote:no")
    await query.edit_message_text(f"<b>Chosen:</b> {html.escape(query.data or '')}")


@pytest.fixture
async def sandbox() -> AsyncIterator[BotApiSandbox]:
    box = BotApiSandbox(token=TOKEN, bot_username="sinergi_bot", bot_name="Sinergi")
    await box.start()
    yield box
    await box.stop()


@pytest.fixture
async def app(sandbox: BotApiSandbox) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    application = (
        Application.builder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .build()
    )
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    application.add_handler(CallbackQueryHandler(_button))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def _known_user(sandbox: BotApiSandbox, user_id: int = 1001) -> SimUser:
    """A user who has opened the bot (so the bot may write to them), without bot replies."""
    user = sandbox.user(user_id, "Budi", "Santoso", username="budi")
    await user.send("hi")
    return user


# ---------------------------------------------------------------------- PTB round trips


async def test_echo(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = sandbox.user(1001, "Budi")
    await user.send("hello <world> & co")
    reply = await user.next_message()
    assert reply.from_bot
    assert reply.text == "Echo: hello <world> & co"
    assert reply.html == "Echo: hello &lt;world&gt; &amp; co"
    assert [m.from_bot for m in sandbox.messages(user.id)] == [False, True]
    assert sandbox.calls("getMe")
    assert sandbox.calls("sendMessage")[0].params["parse_mode"] == "HTML"
    await user.no_message(within=0.1)


async def test_start_deep_link_reaches_command_handler(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = sandbox.user(1002, "Sari", language_code="id")
    sent = await user.start("ref_42")
    assert sent.entities == [{"type": "bot_command", "offset": 0, "length": 6}]
    reply = await user.next_message()
    assert reply.text == "Welcome! args=['ref_42']"
    assert reply.entities == [{"type": "bold", "offset": 0, "length": 8}]
    assert reply.button_texts == ["Yes ✅", "No", "Site"]
    assert reply.buttons[1] == [("Site", None)]
    assert reply.callback_data_for("Yes") == "vote:yes"

    await user.send("/start@sinergi_bot")
    assert (await user.next_message()).text == "Welcome! args=[]"


async def test_button_press_round_trip(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    events: list[SandboxEvent] = []
    sandbox.add_listener(events.append)
    user = sandbox.user(1003, "Andi")
    await user.start()
    menu = await user.next_message()

    answer = await user.press(menu, "Yes")
    assert answer.text == "You chose vote:yes"
    assert answer.show_alert is False
    edited = await user.wait_edit(menu)
    assert edited is menu
    assert menu.text == "Chosen: vote:yes"
    assert menu.html == "<b>Chosen:</b> vote:yes"
    assert menu.reply_markup is None  # editMessageText without markup drops the keyboard
    assert menu.edit_date is not None
    assert menu.edit_count == 1

    kinds = [e.kind for e in events]
    assert kinds == [
        "user_message",
        "bot_message",
        "button_press",
        "callback_answer",
        "bot_edit",
    ]
    answer_event = events[3]
    assert answer_event.answer_text == "You chose vote:yes"
    assert answer_event.data == "vote:yes"
    assert answer_event.user is user

    # A forged press (modified client) still reaches the bot.
    forged = await user.press_data(menu, "vote:no")
    assert forged == type(answer)(text="You chose vote:no", show_alert=True, url=None)
    await user.wait_edit(menu)
    assert menu.text == "Chosen: vote:no"


async def test_press_errors(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = sandbox.user(1004, "Rina")
    await user.start()
    menu = await user.next_message()
    with pytest.raises(LookupError, match="No button matching"):
        await user.press(menu, "Maybe")
    with pytest.raises(LookupError, match="no callback_data"):
        await user.press(menu, "Site")


async def test_html_rejection(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    with pytest.raises(BadRequest) as info:
        await app.bot.send_message(user.id, "<foo>bar</foo>")
    assert info.value.message.lower() == (
        'can\'t parse entities: unsupported start tag "foo" at byte offset 0'
    )
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(user.id, "<b>unclosed")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(user.id, "1 < 2")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await app.bot.send_message(user.id, "Tom & Jerry")
    rejected = sandbox.calls("sendMessage")[-1]
    assert rejected.status == 400
    # Without parse_mode the same text is fine.
    ok = await app.bot.send_message(user.id, "1 < 2 & <foo>", parse_mode=None)
    assert ok.text == "1 < 2 & <foo>"


async def test_text_limits(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await app.bot.send_message(user.id, "a" * 4097)
    # 4096 characters after entity parsing are fine even though the HTML is longer.
    await app.bot.send_message(user.id, "<b>" + "a" * 4096 + "</b>")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await app.bot.send_message(user.id, "<b> </b>")
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await app.bot.send_document(user.id, b"data", filename="a.txt", caption="c" * 1025)


async def test_callback_data_limits(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await app.bot.send_message(user.id, "pick", reply_markup=too_long)
    at_limit = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32)]])
    await app.bot.send_message(user.id, "pick", reply_markup=at_limit)


async def test_chat_not_found_and_cannot_initiate(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await app.bot.send_message(987654, "hello")
    stranger = sandbox.user(2001, "Stranger")
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await app.bot.send_message(stranger.id, "hello")
    assert stranger.inbox == []


async def test_blocked_user(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    await user.next_message()  # the echo
    sandbox.block_bot(user.id)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(user.id, "still there?")
    assert sandbox.calls("sendMessage")[-1].status == 403


async def test_fail_next_retry_after(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    sandbox.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 3",
        chat_id=user.id,
        retry_after=3,
    )
    with pytest.raises(RetryAfter):
        await app.bot.send_message(user.id, "first")
    sent = await app.bot.send_message(user.id, "second")  # only the next call failed
    assert sent.text == "second"
    statuses = [r.status for r in sandbox.calls("sendMessage")]
    assert 429 in statuses


async def test_send_document_and_photo_captured(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    await user.next_message()
    payload = b"%PDF-1.4 fake report \x00\xff"
    sent = await app.bot.send_document(
        user.id, payload, filename="laporan.pdf", caption="<b>Laporan</b> harian"
    )
    assert sent.document is not None
    assert sent.document.file_name == "laporan.pdf"
    message = await user.next_message()
    assert message.document is not None
    assert message.document["bytes"] == payload
    assert message.document["file_name"] == "laporan.pdf"
    assert message.document["mime_type"] == "application/pdf"
    assert message.caption == "Laporan harian"
    assert message.caption_html == "<b>Laporan</b> harian"

    # getFile + download through base_file_url
    file = await app.bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == payload

    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000020000000308060000009a")
    photo = await app.bot.send_photo(user.id, png)
    assert photo.photo[-1].width == 2
    assert photo.photo[-1].height == 3
    assert (await user.next_message()).photo == png


async def test_edit_and_answer_errors(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    sent = await app.bot.send_message(user.id, "<i>same</i>")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_text("<i>same</i>", chat_id=user.id, message_id=sent.message_id)
    edited = await app.bot.edit_message_text(
        "<b>same</b>", chat_id=user.id, message_id=sent.message_id
    )
    assert not isinstance(edited, bool)
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await app.bot.edit_message_text("x", chat_id=user.id, message_id=9999)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await app.bot.answer_callback_query("123")

    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    await app.bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await app.bot.edit_message_reply_markup(user.id, sent.message_id, reply_markup=keyboard)
    assert await app.bot.delete_message(user.id, sent.message_id)
    assert all(m.message_id != sent.message_id for m in sandbox.messages(user.id))
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await app.bot.delete_message(user.id, sent.message_id)


async def test_other_methods_through_ptb(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = await _known_user(sandbox)
    assert app.bot.username == "sinergi_bot"
    await app.bot.set_my_commands([("start", "Mulai"), ("help", "Bantuan")])
    assert [c.command for c in await app.bot.get_my_commands()] == ["start", "help"]
    assert sandbox.commands() == [
        {"command": "start", "description": "Mulai"},
        {"command": "help", "description": "Bantuan"},
    ]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await app.bot.set_my_commands([("Bad-Command", "x")])
    await app.bot.delete_my_commands()
    assert await app.bot.get_my_commands() == ()
    chat = await app.bot.get_chat(user.id)
    assert chat.first_name == "Budi"
    assert chat.username == "budi"
    assert await app.bot.set_chat_menu_button()
    info = await app.bot.get_webhook_info()
    assert info.url == ""


async def test_user_document_download_and_group(
    sandbox: BotApiSandbox, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    user = sandbox.user(1010, "Dewi")
    sent = await user.send_document(b"hello file", "notes.txt", "text/plain")
    assert sent.file_id is not None
    file = await app.bot.get_file(sent.file_id)
    assert bytes(await file.download_as_bytearray()) == b"hello file"

    group = sandbox.group(-100500, "KPU Kota")
    await group.send(user, "halo semua")
    reply = await group.next_message()
    assert reply.chat_id == group.chat_id
    assert reply.text == "Echo: halo semua"
    assert user.inbox == []


# ---------------------------------------------------------------------- raw HTTP


async def test_raw_http_errors_and_encodings(
    sandbox: BotApiSandbox, http: httpx.AsyncClient
) -> None:
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{sandbox.base_url}123456:WRONG/getMe")
        assert wrong.status_code == 401
        assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    unknown = await http.post("fooBar")
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}

    me = await http.get("getMe")
    assert me.json()["result"]["username"] == "sinergi_bot"
    assert me.json()["result"]["is_bot"] is True

    user = await _known_user(sandbox)
    by_json = await http.post(
        "sendMessage",
        json={
            "chat_id": user.id,
            "text": "json",
            "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
        },
    )
    assert by_json.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"
    by_query = await http.get("sendMessage", params={"chat_id": str(user.id), "text": "query"})
    result = by_query.json()["result"]
    assert result["text"] == "query"
    assert result["from"]["id"] == 123456
    assert result["chat"] == {
        "id": user.id,
        "type": "private",
        "first_name": "Budi",
        "last_name": "Santoso",
        "username": "budi",
    }
    text_button = await http.post(
        "sendMessage",
        data={
            "chat_id": str(user.id),
            "text": "x",
            "reply_markup": json.dumps({"inline_keyboard": [[{"text": "only text"}]]}),
        },
    )
    assert text_button.status_code == 400
    assert "Text buttons are unallowed" in text_button.json()["description"]
    assert [m.text for m in user.inbox] == ["json", "query"]


async def test_long_poll_returns_promptly(sandbox: BotApiSandbox, http: httpx.AsyncClient) -> None:
    user = sandbox.user(1020, "Tono")
    started = time.monotonic()
    poll = asyncio.create_task(http.post("getUpdates", data={"timeout": "5"}, timeout=10))
    await asyncio.sleep(0.1)
    assert not poll.done()
    await user.send("wake up")
    response = await poll
    assert time.monotonic() - started < 1.0
    updates = response.json()["result"]
    assert [u["message"]["text"] for u in updates] == ["wake up"]
    update_id = updates[0]["update_id"]

    # Unconfirmed updates are delivered again; offset confirms them.
    again = await http.post("getUpdates", data={"timeout": "0"})
    assert [u["update_id"] for u in again.json()["result"]] == [update_id]
    confirmed = await http.post("getUpdates", data={"offset": str(update_id + 1)})
    assert confirmed.json()["result"] == []
    assert sandbox.pending_updates == []

    # An empty long poll waits for its timeout.
    started = time.monotonic()
    empty = await http.post("getUpdates", data={"timeout": "0.3", "offset": str(update_id + 1)})
    assert empty.json()["result"] == []
    assert 0.25 <= time.monotonic() - started < 1.0


async def test_stop_releases_long_poll() -> None:
    box = BotApiSandbox(token=TOKEN)
    await box.start()
    async with httpx.AsyncClient() as client:
        poll = asyncio.create_task(
            client.post(f"{box.base_url}{box.token}/getUpdates", data={"timeout": "30"})
        )
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await box.stop()
        response = await asyncio.wait_for(poll, 2)
        assert time.monotonic() - started < 1.5
        assert response.json() == {"ok": True, "result": []}


async def test_press_timeout_then_query_expired(
    sandbox: BotApiSandbox, http: httpx.AsyncClient
) -> None:
    user = await _known_user(sandbox)
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    await http.post("sendMessage", json={"chat_id": user.id, "text": "m", "reply_markup": markup})
    message = await user.next_message()
    with pytest.raises(TimeoutError, match="answerCallbackQuery"):
        await user.press(message, "Go", timeout=0.1)
    query_id = sandbox.pending_updates[-1]["callback_query"]["id"]
    late = await http.post("answerCallbackQuery", data={"callback_query_id": query_id})
    assert late.status_code == 400
    assert "query is too old" in late.json()["description"]


async def test_read_cursor_and_timeouts(sandbox: BotApiSandbox, http: httpx.AsyncClient) -> None:
    user = await _known_user(sandbox)
    for text in ("one", "two", "three"):
        await http.post("sendMessage", data={"chat_id": str(user.id), "text": text})
    assert (await user.next_message()).text == "one"
    assert [m.text for m in user.unread()] == ["two", "three"]
    assert user.unread() == []
    with pytest.raises(TimeoutError, match="three"):
        await user.next_message(timeout=0.05)
    await http.post("sendMessage", data={"chat_id": str(user.id), "text": "four"})
    with pytest.raises(AssertionError, match="four"):
        await user.no_message(within=0.05)
    assert isinstance(await user.next_message(), SandboxMessage)


# ---------------------------------------------------------------------- html_check


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("<b>bold</b> &amp; <i>it</i>", "bold & it"),
        ("<strong>a</strong><em>b</em><ins>c</ins><strike>d</strike><del>e</del>", "abcde"),
        ('<a href="https://kpu.go.id/?a=1&amp;b=2">link</a>', "link"),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy"),
        ('<pre><code class="language-python">x = 1 &lt; 2</code></pre>', "x = 1 < 2"),
        ("<blockquote expandable>q</blockquote>", "q"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&#65;&#x42;&quot;&gt;", 'AB">'),
        ("a > b", "a > b"),
    ],
)
def test_html_valid(source: str, text: str) -> None:
    assert parse_html(source).text == text


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("é < b", 'Unsupported start tag "" at byte offset 3'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("R&D", "Character '&' at byte offset 1"),
        ("&nbsp;", "Character '&' at byte offset 0"),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
def test_html_invalid(source: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as info:
        parse_html(source)
    assert str(info.value).startswith(error)


def test_html_lenient_ampersand() -> None:
    assert parse_html("R&D", strict_entities=False).text == "R&D"


def test_html_entities_utf16_offsets() -> None:
    parsed = parse_html("😀 <b>x</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 1}]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_html_escaped_text_round_trips(text: str) -> None:
    assert parse_html(html.escape(text)).text == text
