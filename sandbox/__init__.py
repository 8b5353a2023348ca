"""A local stand-in for the Telegram Bot API server, with simulated users, for tests and demos.

Example:
    sandbox = BotApiSandbox(token="123456:SANDBOX-TOKEN", bot_username="sinergi_bot")
    await sandbox.start()
    app = (
        ApplicationBuilder().token(sandbox.token)
        .base_url(sandbox.base_url).base_file_url(sandbox.base_file_url).build()
    )
    user = sandbox.user(1001, "Budi")
    await user.start()
    reply = await user.next_message()

Reliability testing: ``BotApiSandbox(strict_limits=True)`` answers sends beyond Telegram's flood
limits with 429 (``count_429``, ``sent_rate()``, ``max_sends_in_window()`` report what the bot
kept); ``fail_next(..., delay=..., deliver=..., drop_connection=...)``, ``deactivate()`` and
``migrate_group()`` inject faults; ``SimUser.edit/send_photo/send_sticker``,
``channel_post()`` and ``raw_update()`` produce the rarer update kinds.
"""

from sandbox.html_check import HtmlParseError, ParsedText, parse_html
from sandbox.messages import (
    CallbackAnswer,
    EventKind,
    RecordedRequest,
    SandboxEvent,
    SandboxMessage,
    TelegramErrorReply,
)
from sandbox.server import BotApiSandbox
from sandbox.users import ChatView, SimGroup, SimUser

__all__ = [
    "BotApiSandbox",
    "CallbackAnswer",
    "ChatView",
    "EventKind",
    "HtmlParseError",
    "ParsedText",
    "RecordedRequest",
    "SandboxEvent",
    "SandboxMessage",
    "SimGroup",
    "SimUser",
    "TelegramErrorReply",
    "parse_html",
]
