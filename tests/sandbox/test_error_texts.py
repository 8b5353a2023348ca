"""The sandbox answers with Telegram's own error texts (sandbox/errors.py names the sources).

Calls PTB can make go through a real telegram.Bot; malformed input PTB would never send goes
as raw HTTP. Each check reads the exact description the sandbox answered.
"""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
import pytest
from PIL import Image
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, MenuButtonWebApp, WebAppInfo
from telegram.error import BadRequest, Forbidden

from sandbox import BotApiSandbox, parse_html
from sandbox.html_check import HtmlParseError
from tests.sandbox.conftest import opened


async def _refused(sandbox: BotApiSandbox, method: str, call: Any) -> str:
    """Awaits ``call`` (a PTB coroutine), which must fail; returns the answered description."""
    with pytest.raises((BadRequest, Forbidden)):
        await call
    description = sandbox.calls(method)[-1].description
    assert description is not None
    return description


async def _raw(http: httpx.AsyncClient, method: str, **data: Any) -> str:
    answer = await http.post(method, data={k: str(v) for k, v in data.items()})
    assert answer.status_code == 400, answer.text
    return str(answer.json()["description"])


def _markup(*buttons: dict[str, Any]) -> str:
    return json.dumps({"inline_keyboard": [list(buttons)]})


async def test_inline_buttons(sandbox: BotApiSandbox, bot: Bot, http: httpx.AsyncClient) -> None:
    user = await opened(sandbox, 4001)

    def keyboard(**button: Any) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Buka", **button)]])

    assert (
        await _refused(
            sandbox,
            "sendMessage",
            bot.send_message(user.id, "x", reply_markup=keyboard(url="https://localhost")),
        )
        == "Bad Request: inline keyboard button URL 'https://localhost' is invalid: Wrong HTTP URL"
    )
    assert await _refused(
        sandbox,
        "sendMessage",
        bot.send_message(user.id, "x", reply_markup=keyboard(url="ftp://kpu.go.id")),
    ) == (
        "Bad Request: inline keyboard button URL 'ftp://kpu.go.id' is invalid: "
        "Unsupported URL protocol"
    )
    # Telegram takes a URL without a scheme as http://; a URL wins over callback_data.
    await bot.send_message(user.id, "x", reply_markup=keyboard(url="kpu.go.id"))
    assert await _raw(
        http,
        "sendMessage",
        chat_id=user.id,
        text="x",
        reply_markup=_markup({"text": "A", "callback_data": ""}),
    ) == (
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard"
    )
    assert (
        await _raw(
            http,
            "sendMessage",
            chat_id=user.id,
            text="x",
            reply_markup=_markup({"callback_data": "a"}),
        )
        == "Bad Request: can't parse inline keyboard button: Can't find field \"text\""
    )
    assert await _raw(
        http,
        "sendMessage",
        chat_id=user.id,
        text="x",
        reply_markup=_markup({"text": "A", "callback_data": ["a"]}),
    ) == (
        'Bad Request: can\'t parse inline keyboard button: Field "callback_data" must be of '
        "type String"
    )
    assert await _raw(http, "sendMessage", chat_id=user.id, text="x", reply_markup="5") == (
        "Bad Request: object expected as reply markup"
    )
    assert await _raw(http, "sendMessage", chat_id=user.id, text="x", reply_markup="{nope") == (
        "Bad Request: can't parse reply keyboard markup JSON object"
    )
    assert (
        await _raw(
            http, "sendMessage", chat_id=user.id, text="x", reply_markup='{"inline_keyboard": 1}'
        )
        == 'Bad Request: field "inline_keyboard" must be of type Array'
    )
    assert await _raw(
        http, "sendMessage", chat_id=user.id, text="x", reply_markup='{"inline_keyboard": [1]}'
    ) == (
        'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array '
        "of Arrays"
    )
    assert [m.text for m in user.inbox] == ["x"]


async def test_edits_and_deletions(
    sandbox: BotApiSandbox, bot: Bot, http: httpx.AsyncClient
) -> None:
    user = await opened(sandbox, 4002)
    sent = await bot.send_message(user.id, "awal")
    assert await _raw(http, "editMessageText", text="baru") == (
        "Bad Request: message identifier is not specified"
    )
    assert await _raw(http, "editMessageText", text="baru", inline_message_id="AAAA") == (
        "Bad Request: invalid inline message identifier specified"
    )
    assert await _raw(http, "editMessageText", chat_id=user.id, text="baru") == (
        "Bad Request: message to edit not found"
    )
    # The text is read before the message is looked for, as Telegram does.
    assert await _raw(http, "editMessageText", chat_id=user.id, message_id=999, text="") == (
        "Bad Request: message text is empty"
    )
    assert await _raw(http, "deleteMessage", message_id=sent.message_id) == (
        "Bad Request: chat identifier is not specified"
    )
    assert await _raw(http, "deleteMessage", chat_id=user.id) == (
        "Bad Request: message identifier is not specified"
    )
    assert await _raw(http, "deleteMessage", chat_id=user.id, message_id="abc") == (
        "Bad Request: message identifier is not specified"
    )
    assert [m.text for m in user.inbox] == ["awal"]


async def test_text_and_form_values(
    sandbox: BotApiSandbox, bot: Bot, http: httpx.AsyncClient
) -> None:
    user = await opened(sandbox, 4003)
    assert await _raw(http, "sendMessage", chat_id=user.id, text="a" * 32769) == (
        "Bad Request: text is too long"
    )
    assert await _raw(http, "sendMessage", chat_id=user.id, text="x", parse_mode="bbcode") == (
        "Bad Request: unsupported parse_mode"
    )
    # Telegram ignores entities that are not JSON and reads a number that is not one as 0.
    answer = await http.post(
        "sendMessage",
        data={
            "chat_id": str(user.id),
            "text": "halo",
            "entities": "{",
            "reply_to_message_id": "x",
        },
    )
    assert answer.json()["ok"] is True
    assert "reply_to_message" not in answer.json()["result"]
    assert (
        await _refused(sandbox, "sendChatAction", bot.send_chat_action(user.id, "dancing"))
        == "Bad Request: wrong parameter action in request"
    )
    assert await bot.send_chat_action(user.id, "TYPING")
    not_json = await http.post(
        "sendMessage", content="[1]", headers={"Content-Type": "application/json"}
    )
    assert not_json.json()["description"] == "Bad Request: JSON object expected"
    broken = await http.post(
        "sendMessage", content='{"chat_id": 1', headers={"Content-Type": "application/json"}
    )
    assert broken.json()["description"] == "Bad Request: expected next field or object end"


async def test_files(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 4004)
    assert await _refused(
        sandbox, "sendPhoto", bot.send_photo(user.id, "SANDBOX-PHOTO-999999")
    ) == ("Bad Request: wrong file identifier/HTTP URL specified")
    assert await _refused(sandbox, "sendDocument", bot.send_document(user.id, "no such id!")) == (
        "Bad Request: wrong remote file identifier specified: Wrong character in the string"
    )
    assert await _refused(sandbox, "sendDocument", bot.send_document(user.id, "ABCDE")) == (
        "Bad Request: wrong remote file identifier specified: Wrong string length"
    )
    assert (
        await _refused(
            sandbox, "sendDocument", bot.send_document(user.id, "https://kpu.go.id:99999/a.pdf")
        )
        == "Bad Request: invalid file HTTP URL specified: Wrong port number specified in the URL"
    )
    assert await _refused(
        sandbox, "sendDocument", bot.send_document(user.id, b"", filename="a.txt")
    ) == ("Bad Request: file must be non-empty")
    # "width and height must not exceed 10000 in total"; "ratio must be at most 20".
    for width, height in ((5000, 5001), (21, 1), (1, 2100)):
        assert await _refused(
            sandbox, "sendPhoto", bot.send_photo(user.id, png_of(width, height))
        ) == ("Bad Request: PHOTO_INVALID_DIMENSIONS")
    assert user.inbox == []
    await bot.send_photo(user.id, png_of(5000, 5000))
    await bot.send_photo(user.id, png_of(20, 1))
    assert len(user.inbox) == 2


def png_of(width: int, height: int) -> bytes:
    """A PNG of that size (one colour: small however large)."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    return out.getvalue()


async def test_commands_and_menu_button(
    sandbox: BotApiSandbox, bot: Bot, http: httpx.AsyncClient
) -> None:
    # tdlib trims and drops a leading slash before Telegram checks the command.
    await bot.set_my_commands([(" /daftar ", " Daftar ")])
    assert sandbox.commands() == [{"command": "daftar", "description": "Daftar"}]
    cases = [
        ([("/", "x")], "Bad Request: command must be non-empty"),
        ([("a" * 33, "x")], "Bad Request: command length must not exceed 32"),
        ([("a", " ")], "Bad Request: command description must be non-empty"),
        ([("a", "d" * 257)], "Bad Request: command description length must not exceed 256"),
        ([("Daftar", "x")], "Bad Request: BOT_COMMAND_INVALID"),
        ([(f"c{i}", "x") for i in range(101)], "Bad Request: BOT_COMMANDS_TOO_MUCH"),
    ]
    for commands, text in cases:
        assert await _refused(sandbox, "setMyCommands", bot.set_my_commands(commands)) == text
    assert await _raw(http, "setMyCommands", commands='{"command": "a"}') == (
        "Bad Request: expected an Array of BotCommand"
    )
    assert await _raw(http, "setMyCommands", commands='[{"command": "a"}]') == (
        "Bad Request: can't parse BotCommand: Can't find field \"description\""
    )
    assert await _raw(http, "setMyCommands", commands="[", scope="{}") == (
        "Bad Request: can't parse commands JSON object"
    )
    assert await _raw(http, "setMyCommands", commands="[]", scope="{") == (
        "Bad Request: can't parse BotCommandScope JSON object"
    )
    assert sandbox.commands() == [{"command": "daftar", "description": "Daftar"}]
    assert await _raw(http, "setChatMenuButton", menu_button='{"type": "menu"}') == (
        "Bad Request: can't parse menu button: MenuButton has unsupported type"
    )
    assert await _raw(http, "setChatMenuButton", menu_button='{"type": "web_app"}') == (
        "Bad Request: can't parse menu button: Can't find field \"text\""
    )
    assert await _raw(http, "setChatMenuButton", menu_button="{") == (
        "Bad Request: can't parse menu button JSON object"
    )


async def test_webhook_urls(sandbox: BotApiSandbox, bot: Bot) -> None:
    cases = [
        (
            "http://bot.kpu.test/hook",
            "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
        ),
        (
            "https://bot.kpu.test:8080/hook",
            "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        ),
        ("https://bot.kpu.test:0/hook", "Bad Request: invalid webhook URL specified"),
    ]
    for url, text in cases:
        assert await _refused(sandbox, "setWebhook", bot.set_webhook(url)) == text
    assert (
        await _refused(
            sandbox, "setWebhook", bot.set_webhook("https://bot.kpu.test", secret_token="a b")
        )
        == "Bad Request: secret token contains unallowed characters"
    )
    assert (
        await _refused(
            sandbox, "setWebhook", bot.set_webhook("https://bot.kpu.test", secret_token="s" * 257)
        )
        == "Bad Request: secret token is too long"
    )
    assert (await bot.get_webhook_info()).url == ""
    # Without a scheme Telegram assumes https://.
    assert await bot.set_webhook("bot.kpu.test:8443/hook")
    assert (await bot.get_webhook_info()).url == "bot.kpu.test:8443/hook"
    assert await bot.delete_webhook()


async def test_removed_from_a_supergroup(sandbox: BotApiSandbox, bot: Bot) -> None:
    admin = sandbox.user(4005, "Eko")
    group = sandbox.add_bot_to_group(-1004005, "Pilar", by=admin, supergroup=True)
    sandbox.remove_bot_from_group(group.chat_id, by=admin)
    assert await _refused(sandbox, "sendMessage", bot.send_message(group.chat_id, "x")) == (
        "Forbidden: bot was kicked from the supergroup chat"
    )


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ('<a href="https://kpu.go.id', "Unclosed start tag at byte offset 0"),
        ("<a href=", 'Unclosed start tag "a" at byte offset 0'),
        ("<a href=x", "Unexpected end of name token at byte offset 8"),
        ("<b />x</b>", 'Empty attribute name in the tag "b" at byte offset 0'),
        ('<tg-emoji emoji-id="abc">👍</tg-emoji>', "Invalid custom emoji identifier specified"),
    ],
)
def test_html_errors(source: str, error: str) -> None:
    with pytest.raises(HtmlParseError) as info:
        parse_html(source)
    assert str(info.value) == error


def test_html_attributes_and_links() -> None:
    # An attribute without a value is skipped; attribute names are case-sensitive.
    assert parse_html('<a href="https://kpu.go.id" title>x</a>').entities == [
        {"type": "text_link", "offset": 0, "length": 1, "url": "https://kpu.go.id"}
    ]
    # Without href the text is the link; a link Telegram refuses gives no entity.
    assert parse_html("<a>https://kpu.go.id</a>").entities[0]["url"] == "https://kpu.go.id"
    assert parse_html('<a HREF="https://kpu.go.id">kpu</a>').entities == []


async def test_web_app_buttons(sandbox: BotApiSandbox, bot: Bot) -> None:
    """A Mini App opens only over https://, and only from a private chat's buttons."""
    user = await opened(sandbox, 4002)

    def opening(url: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("Dasbor", web_app=WebAppInfo(url))]])

    assert await _refused(
        sandbox,
        "sendMessage",
        bot.send_message(user.id, "x", reply_markup=opening("http://kpu.go.id/app")),
    ) == (
        "Bad Request: inline keyboard button Web App URL 'http://kpu.go.id/app' is invalid: "
        "Only HTTPS links are allowed"
    )
    # tdlib reads a URL without a scheme as http://.
    assert await _refused(
        sandbox, "sendMessage", bot.send_message(user.id, "x", reply_markup=opening("kpu.go.id"))
    ) == (
        "Bad Request: inline keyboard button Web App URL 'kpu.go.id' is invalid: "
        "Only HTTPS links are allowed"
    )
    assert (
        await _refused(
            sandbox,
            "setChatMenuButton",
            bot.set_chat_menu_button(
                menu_button=MenuButtonWebApp("Dasbor", WebAppInfo("http://kpu.go.id/app"))
            ),
        )
        == "Bad Request: menu button web app URL 'http://kpu.go.id/app' is invalid: "
        "Only HTTPS links are allowed"
    )
    sent = await bot.send_message(user.id, "x", reply_markup=opening("https://kpu.go.id/app"))
    assert sent.reply_markup is not None
    sandbox.group(-100123, "Koordinasi")
    assert (
        await _refused(
            sandbox,
            "sendMessage",
            bot.send_message(-100123, "x", reply_markup=opening("https://kpu.go.id/app")),
        )
        == "Bad Request: BUTTON_TYPE_INVALID"
    )
