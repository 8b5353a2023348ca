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
