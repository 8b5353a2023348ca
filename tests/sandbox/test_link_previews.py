"""link_preview_options on sendMessage and editMessageText: accepted, echoed in the Message as
Telegram does, and recorded as whether a preview is shown."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode

from sandbox import BotApiSandbox
from tests.sandbox.conftest import opened

pytestmark = pytest.mark.lenient_limits

INVITATION = "Undangan forum: https://kpu-mojokerto.go.id/forum/1."


async def test_a_link_gets_a_preview_unless_disabled(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 5001)
    shown = await bot.send_message(user.id, INVITATION)
    assert shown.link_preview_options is None  # defaults are not echoed
    stored = user.inbox[-1]
    assert stored.shows_link_preview
    assert stored.link_preview_url == "https://kpu-mojokerto.go.id/forum/1"

    off = await bot.send_message(
        user.id, INVITATION, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )
    assert off.link_preview_options == LinkPreviewOptions(is_disabled=True)
    assert not user.inbox[-1].shows_link_preview
    assert user.inbox[-1].link_preview_options == {"is_disabled": True}


async def test_ptbs_disable_web_page_preview_becomes_link_preview_options(
    sandbox: BotApiSandbox, bot: Bot, http: httpx.AsyncClient
) -> None:
    user = await opened(sandbox, 5002)
    await bot.send_message(user.id, INVITATION, disable_web_page_preview=True)
    assert sandbox.calls("sendMessage")[-1].params["link_preview_options"] == {"is_disabled": True}
    assert not user.inbox[-1].shows_link_preview
    # The Bot API still reads the parameter Bot API 7.0 replaced, when the options are absent.
    legacy = await http.post(
        "sendMessage",
        data={"chat_id": str(user.id), "text": INVITATION, "disable_web_page_preview": "true"},
    )
    assert legacy.json()["result"]["link_preview_options"] == {"is_disabled": True}
    assert not user.inbox[-1].shows_link_preview


async def test_without_a_link_there_is_nothing_to_disable(
    sandbox: BotApiSandbox, bot: Bot
) -> None:
    user = await opened(sandbox, 5003)
    sent = await bot.send_message(
        user.id, "Forum besok jam 09.00", link_preview_options=LinkPreviewOptions(is_disabled=True)
    )
    assert sent.link_preview_options is None
    assert not user.inbox[-1].shows_link_preview
    assert user.inbox[-1].link_preview_options is None


async def test_the_first_link_or_the_given_url(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 5004)
    await bot.send_message(
        user.id,
        '<a href="tg://resolve?domain=kpu">kanal</a> <a href="https://a.go.id/x">a</a> '
        "https://b.go.id/y",
        parse_mode=ParseMode.HTML,
    )
    assert user.inbox[-1].link_preview_url == "https://a.go.id/x"
    options = LinkPreviewOptions(url="https://kpu.go.id/jadwal", prefer_small_media=True)
    sent = await bot.send_message(user.id, "Jadwal terbaru", link_preview_options=options)
    assert sent.link_preview_options == options
    assert user.inbox[-1].link_preview_url == "https://kpu.go.id/jadwal"


async def test_an_edit_sets_the_preview_anew(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 5005)
    sent = await bot.send_message(user.id, INVITATION)
    await bot.edit_message_text(
        INVITATION + " (diubah)",
        chat_id=user.id,
        message_id=sent.message_id,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert not user.inbox[-1].shows_link_preview
    await bot.edit_message_text(INVITATION, chat_id=user.id, message_id=sent.message_id)
    assert user.inbox[-1].shows_link_preview


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ("{", "Bad Request: can't parse link preview options JSON object"),
        ("5", "Bad Request: object expected as link preview options"),
        ('{"is_disabled": "yes"}', 'Bad Request: field "is_disabled" must be of type Boolean'),
        ('{"url": ["x"]}', 'Bad Request: field "url" must be of type String'),
    ],
)
async def test_malformed_options(
    sandbox: BotApiSandbox, http: httpx.AsyncClient, options: str, error: str
) -> None:
    user = await opened(sandbox, 5006)
    for method, extra in (("sendMessage", {}), ("editMessageText", {"message_id": "1"})):
        answer = await http.post(
            method,
            data={"chat_id": str(user.id), "text": "x", "link_preview_options": options, **extra},
        )
        assert answer.json()["description"] == error
    assert user.inbox == []
