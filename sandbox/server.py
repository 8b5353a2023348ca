"""A local stand-in for the Telegram Bot API server (``https://api.telegram.org``).

:class:`BotApiSandbox` is an aiohttp server on 127.0.0.1 that speaks enough of the Bot API
for python-telegram-bot to run a bot against it (``ApplicationBuilder().base_url(...)``),
keeps the state of the simulated chats and lets tests drive simulated users
(:mod:`sandbox.users`). Rejections use Telegram's exact error texts.

For reliability tests it can enforce Telegram's flood limits (``strict_limits``) and inject
faults (:meth:`BotApiSandbox.fail_next` with errors, slow answers and dropped connections;
:meth:`~BotApiSandbox.deactivate`; :meth:`~BotApiSandbox.migrate_group`;
:meth:`~BotApiSandbox.add_bot_to_group` and :meth:`~BotApiSandbox.remove_bot_from_group` give
the bot's ``my_chat_member`` updates).
"""

# The public API takes plain ``timeout`` seconds on purpose (simple to call from tests).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import json
import logging
import math
import mimetypes
import re
import struct
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

from aiohttp import web

from sandbox.html_check import HtmlParseError, ParsedText, parse_html, strip_entities
from sandbox.messages import (
    CallbackAnswer,
    EventKind,
    RecordedRequest,
    SandboxEvent,
    SandboxMessage,
    TelegramErrorReply,
)
from sandbox.users import SimGroup, SimUser
from sandbox.webhook import WebhookDelivery

__all__ = ["BotApiSandbox"]

logger = logging.getLogger(__name__)

Listener = Callable[[SandboxEvent], None]
MethodImpl = Callable[[dict[str, Any]], Awaitable[Any]]
_T = TypeVar("_T")

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200

_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_INT_KEYS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "from_chat_id",
        "reply_to_message_id",
        "user_id",
        "cache_time",
        "message_thread_id",
        "max_connections",
    }
)
_FLOAT_KEYS = frozenset({"timeout"})
_BOOL_KEYS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "allow_paid_broadcast",
    }
)
_JSON_KEYS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "menu_button",
        "link_preview_options",
        "reply_parameters",
    }
)
_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)

# Telegram's error texts.
CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
TEXT_BUTTONS_UNALLOWED = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)
MARKUP_UNPARSABLE = "Bad Request: can't parse reply keyboard markup JSON object"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
DEACTIVATED = "Forbidden: user is deactivated"
GROUP_MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
BOT_KICKED = "Forbidden: bot was kicked from the group chat"
BOT_LEFT = "Forbidden: bot is not a member of the group chat"
URL_INVALID = "Bad Request: URL_INVALID"

#: Methods that send a new message: in strict mode they count against the overall limit
#: (Telegram's "30 messages per second" for notifications) and against the chat's.
FLOOD_LIMITED_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto"})
#: Methods that change a message in place: Telegram counts them against the chat's limit
#: (rapid edits of one chat earn 429s too), not against the overall one. Deletions,
#: callback answers and sendChatAction count nowhere.
CHAT_LIMITED_METHODS = FLOOD_LIMITED_METHODS | frozenset(
    {"editmessagetext", "editmessagecaption", "editmessagereplymarkup"}
)

#: Who Telegram shows as the sender of group service messages when no user is given.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


def _bad(description: str) -> TelegramErrorReply:
    return TelegramErrorReply(400, description)


@dataclass
class _Chat:
    chat_id: int
    info: dict[str, Any]
    messages: list[SandboxMessage] = field(default_factory=list)
    next_message_id: int = 1
    user: SimUser | None = None

    def find(self, message_id: int) -> SandboxMessage | None:
        for message in self.messages:
            if message.message_id == message_id:
                return message
        return None


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    file_path: str


@dataclass
class _PendingQuery:
    query_id: str
    user: SimUser
    message: SandboxMessage
    data: str | None
    future: asyncio.Future[CallbackAnswer]


@dataclass
class _FailRule:
    method: str
    error_code: int | None
    description: str | None
    chat_id: int | None
    parameters: dict[str, Any] | None
    times: int
    delay: float = 0.0
    deliver: bool = False
    drop_connection: bool = False

    @property
    def label(self) -> str:
        parts = []
        if self.error_code is not None:
            parts.append("error")
        if self.delay > 0:
            parts.append("delay")
        if self.drop_connection:
            parts.append("drop")
        return "+".join(parts)


class _ConnectionDropped(Exception):
    """Internal: the call ends by closing the connection without an answer."""


@dataclass
class _CallState:
    """Internal: what happened to one call (for :class:`RecordedRequest`)."""

    delivered: bool = False


@dataclass(frozen=True)
class _Send:
    """One accepted (executed) message send, for the flood limits and rate statistics."""

    at: float
    chat_id: int | None
    method: str


class BotApiSandbox:
    """The fake Bot API server and the state of all simulated chats.

    Args:
        token: The bot token the bot must use (``<bot id>:<secret>``).
        bot_username: The bot's username (without ``@``), returned by getMe.
        bot_name: The bot's first name.
        strict_html_entities: Reject a bare ``&`` in HTML text (the documented rule) instead
            of tolerating it like the production server.
        host: Interface to bind.
        strict_limits: Enforce Telegram's flood limits: new messages
            (:data:`FLOOD_LIMITED_METHODS`: sendMessage, sendDocument, sendPhoto) count
            overall and per chat, edits (:data:`CHAT_LIMITED_METHODS`) per chat only;
            deletions, callback answers and chat actions do not count. Excess calls are
            answered ``429 Too Many Requests: retry after N`` with ``parameters.retry_after``;
            until those N seconds have passed every further call in the same scope (the bot
            overall, or that chat) gets 429 too. Can be switched later via the attribute.
        overall_limit: Sends allowed in any ``overall_window`` seconds, all chats together.
        overall_window: Seconds of the overall sliding window (Telegram: 30 per second).
        chat_limit: Sends and edits allowed to one private chat (positive id) in any
            ``chat_window`` (Telegram: about 1 per second, short bursts tolerated; a burst of
            more than 3 at once is refused here).
        chat_window: Seconds of the per-private-chat window.
        group_limit: Sends and edits allowed to one group/supergroup/channel (negative id) in any
            ``group_window`` (Telegram: 20 per minute).
        group_window: Seconds of the per-group window (shorten it in tests).

    Attributes:
        round_trip: Seconds every Bot API call takes, like the network between a bot and
            Telegram (half before the call is executed, half after); 0 on loopback.
    """

    def __init__(
        self,
        token: str = "123456:SANDBOX-TOKEN",
        bot_username: str = "sinergi_bot",
        bot_name: str = "Sinergi",
        *,
        strict_html_entities: bool = True,
        host: str = "127.0.0.1",
        strict_limits: bool = False,
        overall_limit: int = 30,
        overall_window: float = 1.0,
        chat_limit: int = 3,
        chat_window: float = 1.0,
        group_limit: int = 20,
        group_window: float = 60.0,
    ) -> None:
        if not _TOKEN_RE.fullmatch(token):
            raise ValueError(f"Malformed bot token {token!r}")
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.strict_html_entities = strict_html_entities
        self.host = host
        self.requests: list[RecordedRequest] = []
        self.webhook_url: str | None = None
        #: Telegram's side of a webhook: POSTs the updates once setWebhook was called.
        self.webhook = WebhookDelivery(self)
        self.strict_limits = strict_limits
        self.round_trip = 0.0
        self.overall_limit = overall_limit
        self.overall_window = overall_window
        self.chat_limit = chat_limit
        self.chat_window = chat_window
        self.group_limit = group_limit
        self.group_window = group_window
        #: How many requests were answered with HTTP 429 (flood limits and injected 429s).
        self.count_429 = 0

        self._port: int | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._changed = asyncio.Event()
        self._listeners: list[Listener] = []
        self._users: dict[int, SimUser] = {}
        self._groups: dict[int, SimGroup] = {}
        self._chats: dict[int, _Chat] = {}
        self._blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._queries: dict[str, _PendingQuery] = {}
        self._next_query_id = 1
        self._files: dict[str, _StoredFile] = {}
        self._fail_rules: list[_FailRule] = []
        self._deactivated: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._removed_from: dict[int, str] = {}  # group chat id -> the 403 text for sends there
        self._sends: list[_Send] = []
        self._window_sends: deque[_Send] = deque()
        self._chat_sends: dict[int, deque[_Send]] = {}
        self._flood_until: dict[int | None, float] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._menu_buttons: dict[int | None, dict[str, Any]] = {}
        self._methods: dict[str, MethodImpl] = {
            "getme": self._get_me,
            "logout": self._log_out,
            "close": self._log_out,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setchatmenubutton": self._set_chat_menu_button,
            "getchatmenubutton": self._get_chat_menu_button,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "editmessagecaption": self._edit_message_caption,
            "answercallbackquery": self._answer_callback_query,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendchataction": self._send_chat_action,
            "deletemessage": self._delete_message,
            "getchat": self._get_chat,
            "getfile": self._get_file,
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Starts the HTTP server on ``host`` and a random free port."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        self._closing = False
        self._changed = asyncio.Event()  # bound to the loop that runs this server
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        address = self._runner.addresses[0]
        self._port = int(address[1])
        logger.info("Bot API sandbox listening on %s", self.root_url)

    async def stop(self) -> None:
        """Releases waiting getUpdates long polls and stops the HTTP server."""
        self._closing = True
        await self.webhook.stop()
        self._notify()
        for pending in list(self._queries.values()):
            if not pending.future.done():
                pending.future.cancel()
        self._queries.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        logger.info("Bot API sandbox stopped")

    async def __aenter__(self) -> BotApiSandbox:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The bound TCP port (after :meth:`start`)."""
        if self._port is None:
            raise RuntimeError("BotApiSandbox is not started")
        return self._port

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.root_url}/file/bot"

    # ------------------------------------------------------------------ public test API

    def add_listener(self, callback: Listener) -> None:
        """Registers ``callback(event)``, called synchronously for every sandbox event."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Listener) -> None:
        """Unregisters a listener added with :meth:`add_listener`."""
        self._listeners.remove(callback)

    def user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "id",
    ) -> SimUser:
        """Creates (or returns the existing) simulated user with a private chat with the bot."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        if user_id <= 0:
            raise ValueError("User ids are positive")
        user = SimUser(self, user_id, first_name, last_name, username, language_code)
        self._users[user_id] = user
        return user

    def group(self, chat_id: int, title: str) -> SimGroup:
        """Creates (or returns) a simulated group (negative ``chat_id``) the bot is a member of.

        The id of a group moved by :meth:`migrate_group` returns the (moved) group.
        """
        existing = self._groups.get(self._migrated.get(chat_id, chat_id))
        if existing is not None:
            return existing
        if chat_id >= 0:
            raise ValueError("Group chat ids are negative")
        group = SimGroup(self, chat_id, title)
        self._groups[chat_id] = group
        self._chats[chat_id] = _Chat(chat_id, {"id": chat_id, "type": "group", "title": title})
        return group

    def add_bot_to_group(
        self, chat_id: int, title: str, *, by: SimUser, supergroup: bool = False
    ) -> SimGroup:
        """``by`` adds the bot to the group ``chat_id`` (created if new, or re-added after
        :meth:`remove_bot_from_group`).

        Like Telegram, the bot gets a ``my_chat_member`` update (``left`` -> ``member``) and a
        ``new_chat_members`` service message in the group.

        Args:
            chat_id: The group's id (negative).
            title: Its title (for a new group).
            by: The member who added the bot.
            supergroup: Create the chat as a supergroup rather than a basic group.

        Returns:
            The group.

        Raises:
            ValueError: The bot is already a member there.
        """
        known = self._migrated.get(chat_id, chat_id)
        if known in self._groups and known not in self._removed_from:
            raise ValueError(f"The bot is already a member of {known}")
        is_new = known not in self._groups
        group = self.group(chat_id, title)
        if supergroup and is_new:
            self._chats[group.chat_id].info["type"] = "supergroup"
        self._removed_from.pop(group.chat_id, None)
        chat = self._chats[group.chat_id]
        self._enqueue("my_chat_member", self._membership(chat, by, "left", "member"))
        message = self._new_message(
            chat,
            from_bot=False,
            from_user=by.to_dict(),
            extra={"new_chat_members": [self.bot_user], "new_chat_member": self.bot_user},
        )
        self._enqueue("message", self.message_json(message))
        return group

    def remove_bot_from_group(
        self, chat_id: int, *, by: SimUser | None = None, kicked: bool = True
    ) -> None:
        """The bot is removed from the group ``chat_id`` (``kicked`` by ``by``) or leaves it.

        The bot gets a ``my_chat_member`` update (``member`` -> ``kicked`` or ``left``); from
        then on every method addressing the group fails with 403 "bot was kicked from the group
        chat" (or "bot is not a member of the group chat").

        Raises:
            ValueError: Not a group the bot is a member of.
        """
        chat_id = self._migrated.get(chat_id, chat_id)
        if chat_id not in self._groups or chat_id in self._removed_from:
            raise ValueError(f"The bot is not a member of group {chat_id}")
        self._removed_from[chat_id] = BOT_KICKED if kicked else BOT_LEFT
        self._enqueue(
            "my_chat_member",
            self._membership(self._chats[chat_id], by, "member", "kicked" if kicked else "left"),
        )

    def _membership(self, chat: _Chat, by: SimUser | None, old: str, new: str) -> dict[str, Any]:
        """A ``ChatMemberUpdated`` of the bot itself."""

        def member(status: str) -> dict[str, Any]:
            result: dict[str, Any] = {"status": status, "user": self.bot_user}
            if status == "kicked":
                result["until_date"] = 0
            return result

        return {
            "chat": chat.info,
            "from": by.to_dict() if by is not None else GROUP_ANONYMOUS_BOT,
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }

    def block_bot(self, user_id: int) -> None:
        """Makes sends to ``user_id`` fail with 403 "bot was blocked by the user"."""
        self._blocked.add(user_id)

    def unblock_bot(self, user_id: int) -> None:
        """Undoes :meth:`block_bot`."""
        self._blocked.discard(user_id)

    def deactivate(self, user_id: int) -> None:
        """The account of ``user_id`` is deleted: every send to it (and every other method
        addressing that chat) fails with 403 "Forbidden: user is deactivated"."""
        self._deactivated.add(user_id)

    def reactivate(self, user_id: int) -> None:
        """Undoes :meth:`deactivate`."""
        self._deactivated.discard(user_id)

    def fail_next(
        self,
        method: str,
        *,
        error_code: int | None = None,
        description: str | None = None,
        chat_id: int | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        delay: float = 0.0,
        deliver: bool | None = None,
        drop_connection: bool = False,
    ) -> None:
        """Injects a fault into the next ``times`` calls of ``method`` (optionally only those
        for ``chat_id``).

        * ``error_code`` + ``description``: answer that error. By default the call is not
          executed (nothing is sent); with ``deliver=True`` it is executed first (the message
          is stored) and the error is answered anyway.
        * ``delay``: hold the answer that many seconds (answering normally or with the error).
          With ``deliver`` (the default without an error) the message is stored at once, so a
          client that times out and retries creates a duplicate; with ``deliver=False`` the
          call is executed only after the delay, and only if the client is still waiting.
        * ``drop_connection``: close the TCP connection without any HTTP answer (the client
          sees a network error), after executing the call if ``deliver`` (the default).

        Faulty calls are always recorded in :attr:`requests` (``fault``, ``delivered``,
        ``client_gone``; ``status`` 0 for a dropped connection).

        Args:
            method: Bot API method name (case-insensitive), e.g. ``"sendMessage"``.
            error_code: HTTP status and ``error_code``, e.g. 429 (needs ``description``).
            description: Error description, e.g. ``"Too Many Requests: retry after 5"``.
            chat_id: Only calls with this chat_id match.
            retry_after: Adds ``parameters.retry_after``.
            migrate_to_chat_id: Adds ``parameters.migrate_to_chat_id``.
            times: How many matching calls are affected.
            delay: Seconds to hold the answer (or the drop).
            deliver: Whether the call is executed; default: True unless ``error_code``.
            drop_connection: Close the connection instead of answering.

        Raises:
            ValueError: Nothing to inject, an error without description, or an error combined
                with ``drop_connection``.
        """
        if (error_code is None) != (description is None):
            raise ValueError("error_code and description go together")
        if error_code is not None and drop_connection:
            raise ValueError("A dropped connection carries no error; pass only one of them")
        if error_code is None and delay <= 0 and not drop_connection:
            raise ValueError("fail_next needs error_code/description, delay or drop_connection")
        if delay < 0 or times < 1:
            raise ValueError("delay must be >= 0 and times >= 1")
        parameters: dict[str, Any] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        self._fail_rules.append(
            _FailRule(
                method.lower(),
                error_code,
                description,
                chat_id,
                parameters or None,
                times,
                delay=delay,
                deliver=(error_code is None) if deliver is None else deliver,
                drop_connection=drop_connection,
            )
        )

    def migrate_group(
        self, old_chat_id: int, new_chat_id: int, *, by: SimUser | None = None
    ) -> SimGroup:
        """Upgrades the basic group ``old_chat_id`` to the supergroup ``new_chat_id``.

        Like Telegram: the bot gets a service message in the old group
        (``migrate_to_chat_id``) and one in the new supergroup (``migrate_from_chat_id``);
        afterwards every method addressing the old id fails with 400 "group chat was upgraded
        to a supergroup chat" and ``parameters.migrate_to_chat_id`` (PTB raises
        ``ChatMigrated``). The :class:`SimGroup` follows to the new id (its read cursor starts
        over in the new chat); the old chat's messages stay readable via
        ``messages(old_chat_id)``.

        Args:
            old_chat_id: A group created with :meth:`group`.
            new_chat_id: The supergroup id (negative, e.g. ``-100...``), not in use yet.
            by: The member who upgraded (default: shown as GroupAnonymousBot).

        Returns:
            The moved group.
        """
        group = self._groups.get(old_chat_id)
        if group is None or old_chat_id in self._migrated:
            raise ValueError(f"{old_chat_id} is not an active sandbox group")
        if new_chat_id >= 0 or new_chat_id in self._chats or new_chat_id in self._migrated:
            raise ValueError(f"{new_chat_id} is not a free (negative) chat id")
        old_chat = self._chats[old_chat_id]
        new_chat = _Chat(
            new_chat_id, {"id": new_chat_id, "type": "supergroup", "title": group.title}
        )
        self._chats[new_chat_id] = new_chat
        self._migrated[old_chat_id] = new_chat_id
        del self._groups[old_chat_id]
        self._groups[new_chat_id] = group
        group._moved_to(new_chat_id)

        sender = by.to_dict() if by is not None else GROUP_ANONYMOUS_BOT
        old_extra: dict[str, Any] = {"migrate_to_chat_id": new_chat_id}
        new_extra: dict[str, Any] = {"migrate_from_chat_id": old_chat_id}
        if by is None:
            old_extra["sender_chat"] = old_chat.info
            new_extra["sender_chat"] = new_chat.info
        for chat, extra in ((old_chat, old_extra), (new_chat, new_extra)):
            message = self._new_message(chat, from_bot=False, from_user=sender, extra=extra)
            self._enqueue("message", self.message_json(message))
        logger.info("Group %s migrated to supergroup %s", old_chat_id, new_chat_id)
        return group

    def channel_post(
        self, chat_id: int, text: str, *, title: str = "Sandbox Channel"
    ) -> SandboxMessage:
        """Posts ``text`` in the channel ``chat_id`` (negative; created on first use): a
        ``channel_post`` update whose message has ``sender_chat`` and no ``from``."""
        if not text:
            raise ValueError("Telegram clients cannot send an empty message")
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id >= 0:
                raise ValueError("Channel chat ids are negative")
            chat = _Chat(chat_id, {"id": chat_id, "type": "channel", "title": title})
            self._chats[chat_id] = chat
        elif chat.info.get("type") != "channel":
            raise ValueError(f"Chat {chat_id} is not a channel")
        message = self._new_message(
            chat, from_bot=False, text=text, extra={"sender_chat": chat.info}
        )
        self._enqueue("channel_post", self.message_json(message))
        self._notify()
        self._emit("channel_post", chat_id, None, message, text)
        return message

    def open_chat(self, user: SimUser) -> None:
        """Open ``user``'s private chat with the bot as if they had pressed Start earlier,
        without sending the bot an update (for seeding thousands of members quickly)."""
        self._private_chat(user)

    def put_bot_message(
        self, user: SimUser, html: str, reply_markup: dict[str, Any] | None = None
    ) -> SandboxMessage:
        """A message in ``user``'s chat as if the bot had sent it earlier (``parse_mode``
        HTML), e.g. an invitation from before the test started; no update, no request."""
        parsed, rendered = self._format(html, "HTML", None)
        return self._new_message(
            self._private_chat(user),
            from_bot=True,
            text=parsed.text,
            html=rendered,
            entities=parsed.entities or None,
            reply_markup=reply_markup,
        )

    def raw_update(self, payload: dict[str, Any]) -> int:
        """Enqueues an arbitrary update dict as it is (e.g. a kind of update PTB does not know)
        for the next getUpdates; ``allowed_updates`` is not applied.

        Args:
            payload: The update; without ``update_id`` the next free id is added.

        Returns:
            The update's ``update_id``.
        """
        update = dict(payload)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        update_id = int(update["update_id"])
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._updates.append(update)
        self._notify()
        return update_id

    # ---- flood statistics

    def sent_rate(self, method: str | None = "sendMessage") -> float:
        """Accepted sends per second between the first and the last accepted send
        (``(n - 1) / (last - first)``); 0.0 with fewer than two sends, ``inf`` if they all
        happened at the same instant.

        Args:
            method: Only this method (case-insensitive); None: all flood-limited methods.
        """
        times = [
            s.at
            for s in self._sends
            if (
                s.method in FLOOD_LIMITED_METHODS if method is None else s.method == method.lower()
            )
        ]
        if len(times) < 2:
            return 0.0
        span = times[-1] - times[0]
        return (len(times) - 1) / span if span > 0 else math.inf

    def max_sends_in_window(
        self, window: float = 1.0, chat_id: int | None = None, method: str | None = None
    ) -> int:
        """The most accepted sends (sendMessage, sendDocument, sendPhoto) that fell within any
        ``window`` seconds (half-open, like the strict limits), optionally for one chat or one
        method only. Counted whether or not :attr:`strict_limits` is on."""
        times = [
            s.at
            for s in self._sends
            if (chat_id is None or s.chat_id == chat_id)
            and (
                s.method in FLOOD_LIMITED_METHODS if method is None else s.method == method.lower()
            )
        ]
        best = 0
        start = 0
        for end, at in enumerate(times):
            while times[start] <= at - window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def messages(self, chat_id: int) -> list[SandboxMessage]:
        """All (non-deleted) messages of a chat, both directions, in order."""
        chat = self._chats.get(chat_id)
        return list(chat.messages) if chat else []

    def calls(self, method: str) -> list[RecordedRequest]:
        """The recorded requests of one Bot API method (case-insensitive)."""
        return [r for r in self.requests if r.method.lower() == method.lower()]

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The commands set with setMyCommands for that scope and language."""
        return list(self._commands.get(self._commands_key(scope, language_code), []))

    def menu_button(self, chat_id: int | None = None) -> dict[str, Any] | None:
        """The menu button set with setChatMenuButton for ``chat_id`` (None: the default)."""
        return self._menu_buttons.get(chat_id)

    def confirm_update(self, update_id: int) -> None:
        """The bot received the update (its webhook answered 2XX): it is not sent again."""
        self._updates = [u for u in self._updates if u["update_id"] != update_id]
        self._notify()

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot through getUpdates' ``offset``."""
        return list(self._updates)

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as a Telegram ``User`` object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    async def wait_until(
        self, predicate: Callable[[], _T | None], timeout: float, describe: Callable[[], str]
    ) -> _T:
        """Waits (without polling) until ``predicate()`` returns something not None.

        Raises:
            TimeoutError: With ``describe()`` as message.
        """
        try:
            async with asyncio.timeout(timeout):
                while True:
                    event = self._changed
                    result = predicate()
                    if result is not None:
                        return result
                    await event.wait()
        except TimeoutError:
            raise TimeoutError(describe()) from None

    # ------------------------------------------------------------------ simulated side

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _emit(
        self,
        kind: EventKind,
        chat_id: int,
        user: SimUser | None,
        message: SandboxMessage | None,
        text: str | None,
        **extra: Any,
    ) -> None:
        event = SandboxEvent(kind, chat_id, user, message, text, **extra)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                logger.exception("Sandbox listener %r failed", listener)

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> None:
        if self._allowed_updates is not None and kind not in self._allowed_updates:
            logger.info("Dropping %s update: not in allowed_updates", kind)
            return
        self._updates.append({"update_id": self._next_update_id, kind: payload})
        self._next_update_id += 1
        self._notify()

    def _private_chat(self, user: SimUser) -> _Chat:
        chat = self._chats.get(user.id)
        if chat is None:
            info: dict[str, Any] = {
                "id": user.id,
                "type": "private",
                "first_name": user.first_name,
            }
            if user.last_name:
                info["last_name"] = user.last_name
            if user.username:
                info["username"] = user.username
            chat = _Chat(user.id, info, user=user)
            self._chats[user.id] = chat
        return chat

    def _new_message(self, chat: _Chat, *, from_bot: bool, **fields: Any) -> SandboxMessage:
        message = SandboxMessage(
            message_id=chat.next_message_id,
            chat_id=chat.chat_id,
            from_bot=from_bot,
            date=int(time.time()),
            **fields,
        )
        chat.next_message_id += 1
        chat.messages.append(message)
        return message

    def _user_message(
        self,
        user: SimUser,
        chat_id: int,
        *,
        text: str | None = None,
        document: dict[str, Any] | None = None,
        caption: str | None = None,
        reply_to: SandboxMessage | None = None,
        photo: bytes | None = None,
        sticker: dict[str, Any] | None = None,
    ) -> SandboxMessage:
        """Stores a message from a simulated user and enqueues its ``message`` update."""
        if chat_id == user.id:
            chat = self._private_chat(user)
            if user.id in self._blocked:
                logger.info("User %s restarts the bot: unblocking", user.id)
                self._blocked.discard(user.id)
        else:
            chat = self._chats[chat_id]
        file_id = None
        if document is not None:
            stored = self._store_file(
                document["bytes"], document.get("file_name"), document.get("mime_type"), "doc"
            )
            file_id = stored.file_id
            document = {**document, "file_id": file_id, "file_size": len(stored.data)}
        if photo is not None:
            file_id = self._store_file(photo, "photo.jpg", "image/jpeg", "photo").file_id
        if sticker is not None:
            stored = self._store_file(
                sticker.pop("bytes"), "sticker.webp", "image/webp", "sticker"
            )
            file_id = stored.file_id
            sticker = {
                "file_id": file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data),
                **sticker,
            }
        message = self._new_message(
            chat,
            from_bot=False,
            text=text,
            entities=_command_entities(text),
            document=document,
            photo=photo,
            sticker=sticker,
            caption=caption,
            from_user=user.to_dict(),
            reply_to_message_id=reply_to.message_id if reply_to else None,
            file_id=file_id,
        )
        self._enqueue("message", self.message_json(message))
        self._emit("user_message", chat_id, user, message, text if text is not None else caption)
        return message

    def _user_edit(self, user: SimUser, message: SandboxMessage, text: str) -> SandboxMessage:
        """Edits a text message of a simulated user and enqueues an ``edited_message`` update."""
        if message.from_bot or (message.from_user or {}).get("id") != user.id:
            raise LookupError(f"{user!r} can only edit their own messages, not {message!r}")
        if message.deleted or message.chat_id in self._migrated:
            raise LookupError(f"{message!r} is gone")
        if message.text is None:
            raise LookupError(f"{message!r} has no text to edit")
        if not text:
            raise ValueError("Telegram clients cannot send an empty message")
        if text == message.text:
            raise ValueError("The new text equals the current one: Telegram sends no update")
        message.text = text
        message.entities = _command_entities(text)
        message.edit_date = int(time.time())
        message.edit_count += 1
        self._enqueue("edited_message", self.message_json(message))
        self._emit("user_edit", message.chat_id, user, message, text)
        return message

    async def _press(
        self, user: SimUser, message: SandboxMessage, data: str, timeout: float
    ) -> CallbackAnswer:
        """Enqueues a ``callback_query`` update and waits for answerCallbackQuery."""
        if message.deleted:
            raise LookupError(f"Message {message.message_id} was deleted")
        if not message.from_bot:
            raise LookupError("Only bot messages carry inline buttons")
        query_id = str(4_000_000_000_000 + self._next_query_id)
        self._next_query_id += 1
        future: asyncio.Future[CallbackAnswer] = asyncio.get_running_loop().create_future()
        self._queries[query_id] = _PendingQuery(query_id, user, message, data, future)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": self.message_json(message),
            "chat_instance": str(abs(message.chat_id) * 7919 + 1234567),
            "data": data,
        }
        self._enqueue("callback_query", query)
        self._emit("button_press", message.chat_id, user, message, None, data=data)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            self._queries.pop(query_id, None)
            raise TimeoutError(
                f"The bot did not call answerCallbackQuery within {timeout}s for the press of "
                f"{data!r} on {message!r}"
            ) from None

    # ------------------------------------------------------------------ JSON builders

    def message_json(self, message: SandboxMessage, *, nested: bool = False) -> dict[str, Any]:
        """The Telegram ``Message`` object for a sandbox message."""
        chat = self._chats[message.chat_id]
        result: dict[str, Any] = {"message_id": message.message_id}
        if message.from_bot:
            result["from"] = self.bot_user
        elif message.from_user is not None:  # channel posts have no sender user
            result["from"] = message.from_user
        result["chat"] = chat.info
        result["date"] = message.date
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        if message.text is not None:
            result["text"] = message.text
            if message.entities:
                result["entities"] = message.entities
        if message.document is not None:
            doc = message.document
            result["document"] = {
                "file_id": doc["file_id"],
                "file_unique_id": self._files[doc["file_id"]].file_unique_id,
                "file_size": doc["file_size"],
                **{k: doc[k] for k in ("file_name", "mime_type") if doc.get(k)},
            }
        if message.photo is not None and message.file_id is not None:
            width, height = _image_size(message.photo)
            result["photo"] = [
                {
                    "file_id": message.file_id,
                    "file_unique_id": self._files[message.file_id].file_unique_id,
                    "width": width,
                    "height": height,
                    "file_size": len(message.photo),
                }
            ]
        if message.sticker is not None:
            result["sticker"] = message.sticker
        if message.caption is not None:
            result["caption"] = message.caption
            if message.caption_entities:
                result["caption_entities"] = message.caption_entities
        if message.reply_to_message_id is not None and not nested:
            replied = chat.find(message.reply_to_message_id)
            if replied is not None:
                result["reply_to_message"] = self.message_json(replied, nested=True)
        markup = _inline_markup(message.reply_markup)
        if markup is not None:
            result["reply_markup"] = markup
        for key, value in message.extra.items():
            result.setdefault(key, value)
        return result

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_method(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        started = time.monotonic()
        params: dict[str, Any] = {}
        rule: _FailRule | None = None
        state = _CallState()
        try:
            if not _TOKEN_RE.fullmatch(token):
                raise TelegramErrorReply(404, "Not Found")
            if token != self.token:
                raise TelegramErrorReply(401, "Unauthorized")
            params = await _read_params(request)
            impl = self._methods.get(method.lower())
            if impl is None:
                raise TelegramErrorReply(404, "Not Found")
            if self.round_trip > 0 and method.lower() != "getupdates":
                await asyncio.sleep(self.round_trip / 2)  # the request on its way
            self._check_flood_limits(method, params)
            rule = self._take_fail_rule(method, params)
            if rule is None:
                result = await self._execute(impl, method, params, state)
            else:
                result = await self._execute_faulty(rule, impl, method, params, request, state)
            status, body = 200, {"ok": True, "result": result}
        except TelegramErrorReply as err:
            status, body = err.error_code, err.to_json()
        except _ConnectionDropped:
            delivered = state.delivered
            if request.transport is not None:
                request.transport.close()
            self.requests.append(
                RecordedRequest(
                    method, params, started, 0, delivered, rule.label if rule else None
                )
            )
            logger.info("%s -> connection dropped (delivered: %s)", method, delivered)
            return web.Response(status=500)  # never written: the transport is closed
        except Exception as exc:
            logger.exception("Sandbox failed handling %s", method)
            status = 500
            body = {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc}"}
        if self.round_trip > 0 and method.lower() != "getupdates":
            await asyncio.sleep(self.round_trip / 2)  # the answer on its way back
        if status == 429:
            self.count_429 += 1
        fault = rule.label if rule is not None else None
        client_gone = request.transport is None or request.transport.is_closing()
        if client_gone and fault is None:
            # The bot gave up on this request (e.g. a long poll cancelled when the updater
            # stopped): nobody reads the answer, so it is not recorded.
            logger.debug("%s abandoned by the client (would answer %s)", method, status)
            return web.json_response(body, status=status)
        self.requests.append(
            RecordedRequest(method, params, started, status, state.delivered, fault, client_gone)
        )
        if status != 200:
            logger.info("%s -> %s %s", method, status, body.get("description"))
        return web.json_response(body, status=status)

    async def _execute(
        self, impl: MethodImpl, method: str, params: dict[str, Any], state: _CallState
    ) -> Any:
        """Runs a method implementation; logs accepted sends for the flood limits."""
        result = await impl(params)
        state.delivered = True
        name = method.lower()
        if name in CHAT_LIMITED_METHODS:
            chat_id = params.get("chat_id")
            send = _Send(time.monotonic(), chat_id if isinstance(chat_id, int) else None, name)
            self._sends.append(send)
            if name in FLOOD_LIMITED_METHODS:
                self._window_sends.append(send)
            if send.chat_id is not None:
                self._chat_sends.setdefault(send.chat_id, deque()).append(send)
        return result

    async def _execute_faulty(
        self,
        rule: _FailRule,
        impl: MethodImpl,
        method: str,
        params: dict[str, Any],
        request: web.Request,
        state: _CallState,
    ) -> Any:
        """Executes a call hit by a ``fail_next`` rule (``state.delivered`` tells whether the
        method ran); raises the injected error or :class:`_ConnectionDropped`."""
        result: Any = None
        outcome: TelegramErrorReply | None = None
        if rule.deliver:
            try:
                result = await self._execute(impl, method, params, state)
            except TelegramErrorReply as err:
                outcome = err
        if rule.delay > 0:
            await asyncio.sleep(rule.delay)
        if rule.drop_connection:
            raise _ConnectionDropped()
        if rule.error_code is not None and rule.description is not None:
            raise TelegramErrorReply(rule.error_code, rule.description, rule.parameters)
        if outcome is not None:
            raise outcome
        if not rule.deliver:
            if request.transport is None or request.transport.is_closing():
                return None  # the client gave up before the slow server got to it
            result = await self._execute(impl, method, params, state)
        return result

    def _take_fail_rule(self, method: str, params: dict[str, Any]) -> _FailRule | None:
        """The first ``fail_next`` rule matching this call (used up after ``times`` calls)."""
        for rule in self._fail_rules:
            if rule.method != method.lower():
                continue
            if rule.chat_id is not None and params.get("chat_id") != rule.chat_id:
                continue
            rule.times -= 1
            if rule.times <= 0:
                self._fail_rules.remove(rule)
            return rule
        return None

    def _check_flood_limits(self, method: str, params: dict[str, Any]) -> None:
        """In strict mode, answers 429 to a send beyond Telegram's flood limits."""
        name = method.lower()
        if not self.strict_limits or name not in CHAT_LIMITED_METHODS:
            return
        now = time.monotonic()
        chat_id = params.get("chat_id")
        scopes: list[tuple[int | None, deque[_Send], int, float]] = []
        if name in FLOOD_LIMITED_METHODS:
            scopes.append((None, self._window_sends, self.overall_limit, self.overall_window))
        if isinstance(chat_id, int):
            sends = self._chat_sends.setdefault(chat_id, deque())
            if chat_id < 0:
                scopes.append((chat_id, sends, self.group_limit, self.group_window))
            else:
                scopes.append((chat_id, sends, self.chat_limit, self.chat_window))
        # Still punished for an earlier excess: 429 until its retry_after has passed.
        for scope, _, _, _ in scopes:
            until = self._flood_until.get(scope)
            if until is not None and until > now:
                self._flood_wait(scope, chat_id, until - now)
        for scope, sends, limit, window in scopes:
            while sends and sends[0].at <= now - window:
                sends.popleft()
            if len(sends) >= limit:
                # The window frees a place when the oldest of the last ``limit`` sends leaves.
                wait = sends[len(sends) - limit].at + window - now if limit > 0 else window
                self._flood_wait(scope, chat_id, wait, start=now)

    def _flood_wait(
        self, scope: int | None, chat_id: Any, wait: float, *, start: float | None = None
    ) -> NoReturn:
        """Raises the 429 reply; with ``start``, a new flood wait begins for ``scope``."""
        retry_after = max(1, math.ceil(wait))
        if start is not None:
            self._flood_until[scope] = start + retry_after
            logger.info(
                "Flood limit of %s exceeded: retry after %s",
                "the bot" if scope is None else f"chat {scope}",
                retry_after,
            )
        description = f"Too Many Requests: retry after {retry_after}"
        self._emit(
            "flood_wait",
            chat_id if isinstance(chat_id, int) else 0,
            None,
            None,
            description,
        )
        raise TelegramErrorReply(429, description, {"retry_after": retry_after})

    async def _handle_file(self, request: web.Request) -> web.Response:
        """Serves ``/file/bot<token>/<file_path>`` downloads (files from getFile)."""
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        path = request.match_info["path"]
        for stored in self._files.values():
            if stored.file_path == path:
                return web.Response(
                    body=stored.data, content_type=stored.mime_type or "application/octet-stream"
                )
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )

    # ------------------------------------------------------------------ helpers

    def _target_chat(self, params: dict[str, Any]) -> _Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad("Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            raise _bad(CHAT_NOT_FOUND)
        if chat_id in self._migrated:
            raise TelegramErrorReply(
                400, GROUP_MIGRATED, {"migrate_to_chat_id": self._migrated[chat_id]}
            )
        if chat_id in self._deactivated:
            raise TelegramErrorReply(403, DEACTIVATED)
        if chat_id in self._removed_from:
            raise TelegramErrorReply(403, self._removed_from[chat_id])
        if chat_id in self._blocked:
            raise TelegramErrorReply(403, BLOCKED)
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id in self._users:
                raise TelegramErrorReply(403, CANT_INITIATE)
            raise _bad(CHAT_NOT_FOUND)
        return chat

    def _format(self, text: str, parse_mode: Any, entities: Any) -> tuple[ParsedText, str | None]:
        """Parses text per parse_mode; returns the trimmed text/entities and the raw HTML."""
        mode = str(parse_mode or "").lower()
        if mode == "html":
            try:
                parsed = parse_html(text, strict_entities=self.strict_html_entities)
            except HtmlParseError as err:
                raise _bad(f"Bad Request: can't parse entities: {err}") from None
            return strip_entities(parsed.text, parsed.entities), text
        if mode in ("markdown", "markdownv2"):
            logger.warning("parse_mode %s is not validated by the sandbox", parse_mode)
            return ParsedText(text.strip(), []), None
        if mode:
            raise _bad("Bad Request: unsupported parse_mode")
        given = entities if isinstance(entities, list) else []
        return strip_entities(text, given), None

    def _check_markup(self, raw: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
        if raw is None or raw == "":
            return None
        if not isinstance(raw, dict):
            raise _bad(MARKUP_UNPARSABLE)
        if "inline_keyboard" not in raw:
            if inline_only:
                raise _bad("Bad Request: inline keyboard expected")
            return raw
        rows = raw["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad(
                "Bad Request: can't parse inline keyboard button: "
                'Field "inline_keyboard" must be of type Array'
            )
        for row in rows:
            for button in row:
                _check_button(button)
        return raw

    def _reply_to(self, chat: _Chat, params: dict[str, Any]) -> int | None:
        reply_id = params.get("reply_to_message_id")
        allow = bool(params.get("allow_sending_without_reply"))
        reply_parameters = params.get("reply_parameters")
        if isinstance(reply_parameters, dict):
            reply_id = reply_parameters.get("message_id")
            allow = bool(reply_parameters.get("allow_sending_without_reply"))
        if reply_id is None:
            return None
        if chat.find(int(reply_id)) is None:
            if allow:
                return None
            raise _bad("Bad Request: message to be replied not found")
        return int(reply_id)

    def _store_file(
        self, data: bytes, file_name: str | None, mime_type: str | None, kind: str
    ) -> _StoredFile:
        number = len(self._files) + 1
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        folder = {"doc": "documents", "photo": "photos", "sticker": "stickers"}[kind]
        stored = _StoredFile(
            file_id=f"SANDBOX-{kind.upper()}-{number:06d}",
            file_unique_id=f"U{kind}{number:06d}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"{folder}/file_{number}{suffix}",
        )
        self._files[stored.file_id] = stored
        return stored

    def _input_file(self, value: Any, field_name: str) -> _StoredFile | None:
        """Resolves an uploaded part, a known file_id or an URL (None) of sendDocument & co."""
        if value is None or value == "":
            raise _bad(f"Bad Request: there is no {field_name} in the request")
        if isinstance(value, dict):
            data = value["bytes"]
            if not data:
                raise _bad("Bad Request: file must be non-empty")
            name = value.get("file_name")
            mime = value.get("mime_type")
            if not mime or mime == "application/octet-stream":
                mime = (mimetypes.guess_type(name)[0] if name else None) or mime
            kind = "photo" if field_name == "photo" else "doc"
            return self._store_file(data, name, mime, kind)
        if isinstance(value, str):
            if value in self._files:
                return self._files[value]
            if value.startswith(("http://", "https://")):
                return None
        raise _bad("Bad Request: wrong file identifier/HTTP URL specified")

    def _caption(self, params: dict[str, Any]) -> tuple[ParsedText | None, str | None]:
        caption = params.get("caption")
        if caption is None or caption == "":
            return None, None
        parsed, html = self._format(
            str(caption), params.get("parse_mode"), params.get("caption_entities")
        )
        if len(parsed.text) > MAX_CAPTION_LENGTH:
            raise _bad(CAPTION_TOO_LONG)
        return parsed, html

    def _bot_sent(self, message: SandboxMessage, chat: _Chat) -> dict[str, Any]:
        self._notify()
        self._emit(
            "bot_message",
            chat.chat_id,
            chat.user,
            message,
            message.text if message.text is not None else message.caption,
        )
        return self.message_json(message)

    def _message_to_edit(self, params: dict[str, Any]) -> tuple[_Chat, SandboxMessage]:
        if params.get("inline_message_id"):
            raise _bad(EDIT_NOT_FOUND)
        chat = self._target_chat(params)
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad("Bad Request: message identifier is not specified")
        message = chat.find(int(message_id))
        if message is None:
            raise _bad(EDIT_NOT_FOUND)
        if not message.from_bot:
            raise _bad("Bad Request: message can't be edited")
        return chat, message

    def _edited(self, chat: _Chat, message: SandboxMessage) -> dict[str, Any]:
        message.edit_date = int(time.time())
        message.edit_count += 1
        self._notify()
        self._emit(
            "bot_edit",
            chat.chat_id,
            chat.user,
            message,
            message.text if message.text is not None else message.caption,
        )
        return self.message_json(message)

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_dict = scope if isinstance(scope, dict) else {"type": "default"}
        return json.dumps(scope_dict, sort_keys=True), str(language_code or "")

    # ------------------------------------------------------------------ Bot API methods

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        """getMe."""
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _log_out(self, params: dict[str, Any]) -> bool:
        """logOut and close."""
        return True

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """getUpdates, with offset confirmation, limit, allowed_updates and long polling."""
        if self.webhook_url:
            raise TelegramErrorReply(409, WEBHOOK_ACTIVE)
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        if isinstance(offset, int) and offset != 0:
            if offset < 0:
                self._updates = self._updates[offset:]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # terminates an older concurrent long poll
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._updates and not self._closing and generation == self._poll_generation:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                break
        if generation != self._poll_generation:
            raise TelegramErrorReply(409, POLL_CONFLICT)
        if self._closing:
            return []
        return self._updates[:limit]

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        """deleteWebhook (optionally dropping pending updates); deliveries stop."""
        self.webhook_url = None
        await self.webhook.stop()
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        """setWebhook: updates are POSTed to the URL (sandbox/webhook.py); getUpdates 409s.

        An empty URL removes the webhook, as deleteWebhook does.
        """
        url = params.get("url") or None
        if url is not None and not str(url).startswith("https://"):
            raise _bad("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = url
        if url is None:
            await self.webhook.stop()
        else:
            secret = params.get("secret_token")
            self.webhook.start(str(url), str(secret) if secret else None)
        self._notify()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        """getWebhookInfo."""
        info: dict[str, Any] = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
            **self.webhook.info(),
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = self._allowed_updates
        return info

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        """setMyCommands (validated like Telegram)."""
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad("Bad Request: can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("Bad Request: too many commands specified")
        clean: list[dict[str, Any]] = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad("Bad Request: can't parse commands JSON object")
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not _COMMAND_RE.fullmatch(name):
                raise _bad("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise _bad("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name, "description": description})
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        if clean:
            self._commands[key] = clean
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """getMyCommands."""
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        return list(self._commands.get(key, []))

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        """deleteMyCommands."""
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    async def _set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        """setChatMenuButton."""
        chat_id = params.get("chat_id")
        if chat_id is not None:
            self._target_chat(params)
        button = params.get("menu_button")
        if button is None:
            button = {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise _bad("Bad Request: can't parse menu button JSON object")
        self._menu_buttons[chat_id] = button
        return True

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        """getChatMenuButton."""
        chat_id = params.get("chat_id")
        button = self._menu_buttons.get(chat_id) or self._menu_buttons.get(None)
        if button is None or button.get("type") == "default":
            return {"type": "commands"}
        return button

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendMessage."""
        chat = self._target_chat(params)
        text = params.get("text")
        if text is None or text == "":
            raise _bad(TEXT_EMPTY)
        parsed, html = self._format(str(text), params.get("parse_mode"), params.get("entities"))
        if not parsed.text:
            raise _bad(TEXT_EMPTY)
        if len(parsed.text) > MAX_TEXT_LENGTH:
            raise _bad(TEXT_TOO_LONG)
        markup = self._check_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat, params)
        message = self._new_message(
            chat,
            from_bot=True,
            text=parsed.text,
            html=html,
            entities=parsed.entities or None,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )
        return self._bot_sent(message, chat)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendDocument (multipart upload, known file_id or URL)."""
        return await self._send_file(params, "document")

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendPhoto (multipart upload or known file_id)."""
        return await self._send_file(params, "photo")

    async def _send_file(self, params: dict[str, Any], field_name: str) -> dict[str, Any]:
        chat = self._target_chat(params)
        stored = self._input_file(params.get(field_name), field_name)
        if stored is None:
            url = str(params.get(field_name))
            stored = self._store_file(b"", url.rsplit("/", 1)[-1] or None, None, "doc")
            stored.data = b""
        caption, caption_html = self._caption(params)
        markup = self._check_markup(params.get("reply_markup"))
        reply_to = self._reply_to(chat, params)
        fields: dict[str, Any] = {
            "reply_markup": markup,
            "reply_to_message_id": reply_to,
            "file_id": stored.file_id,
            "caption": caption.text if caption else None,
            "caption_entities": (caption.entities or None) if caption else None,
            "caption_html": caption_html,
        }
        if field_name == "photo":
            fields["photo"] = stored.data
        else:
            fields["document"] = {
                "file_name": stored.file_name,
                "mime_type": stored.mime_type,
                "bytes": stored.data,
                "file_id": stored.file_id,
                "file_size": len(stored.data),
            }
        message = self._new_message(chat, from_bot=True, **fields)
        return self._bot_sent(message, chat)

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        """sendChatAction."""
        self._target_chat(params)
        return True

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageText (an absent reply_markup removes the inline keyboard, as on Telegram)."""
        chat, message = self._message_to_edit(params)
        if message.text is None:
            raise _bad("Bad Request: there is no text in the message to edit")
        text = params.get("text")
        if text is None or text == "":
            raise _bad(TEXT_EMPTY)
        parsed, html = self._format(str(text), params.get("parse_mode"), params.get("entities"))
        if not parsed.text:
            raise _bad(TEXT_EMPTY)
        if len(parsed.text) > MAX_TEXT_LENGTH:
            raise _bad(TEXT_TOO_LONG)
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        if (
            parsed.text == message.text
            and (parsed.entities or None) == message.entities
            and _inline_markup(markup) == _inline_markup(message.reply_markup)
        ):
            raise _bad(NOT_MODIFIED)
        message.text = parsed.text
        message.html = html
        message.entities = parsed.entities or None
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _edit_message_caption(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageCaption."""
        chat, message = self._message_to_edit(params)
        if message.text is not None:
            raise _bad("Bad Request: there is no caption in the message to edit")
        caption, caption_html = self._caption(params)
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        new_text = caption.text if caption else None
        new_entities = (caption.entities or None) if caption else None
        if (
            new_text == message.caption
            and new_entities == message.caption_entities
            and _inline_markup(markup) == _inline_markup(message.reply_markup)
        ):
            raise _bad(NOT_MODIFIED)
        message.caption = new_text
        message.caption_entities = new_entities
        message.caption_html = caption_html
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageReplyMarkup (an absent reply_markup removes the keyboard)."""
        chat, message = self._message_to_edit(params)
        markup = self._check_markup(params.get("reply_markup"), inline_only=True)
        if _inline_markup(markup) == _inline_markup(message.reply_markup):
            raise _bad(NOT_MODIFIED)
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        """answerCallbackQuery; resolves the waiting :meth:`SimUser.press`."""
        query_id = str(params.get("callback_query_id") or "")
        pending = self._queries.pop(query_id, None)
        if pending is None:
            raise _bad(QUERY_INVALID)
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            self._queries[query_id] = pending
            raise _bad("Bad Request: MESSAGE_TOO_LONG")
        url = params.get("url")
        # Telegram opens only the bot's own deep links (or a game) from a callback answer.
        if url and not re.fullmatch(
            rf"https?://t\.me/{re.escape(self.bot_username)}\?start=[A-Za-z0-9_-]{{1,64}}",
            str(url),
        ):
            self._queries[query_id] = pending
            raise _bad(URL_INVALID)
        answer = CallbackAnswer(
            text=str(text) if text not in (None, "") else None,
            show_alert=bool(params.get("show_alert")),
            url=params.get("url") or None,
        )
        if not pending.future.done():
            pending.future.set_result(answer)
        self._notify()
        self._emit(
            "callback_answer",
            pending.message.chat_id,
            pending.user,
            pending.message,
            answer.text,
            data=pending.data,
            show_alert=answer.show_alert,
            url=answer.url,
        )
        return True

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        """deleteMessage."""
        chat = self._target_chat(params)
        message_id = params.get("message_id")
        message = chat.find(int(message_id)) if message_id is not None else None
        if message is None:
            raise _bad(DELETE_NOT_FOUND)
        chat.messages.remove(message)
        message.deleted = True
        self._notify()
        self._emit("bot_delete", chat.chat_id, chat.user, message, message.text)
        return True

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        """getChat (a ``ChatFullInfo``)."""
        chat_id = params.get("chat_id")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise _bad(CHAT_NOT_FOUND)
        return {
            **chat.info,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        """getFile; the file is then served under :attr:`base_file_url`."""
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise _bad("Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


# ---------------------------------------------------------------------- module helpers


def _command_entities(text: str | None) -> list[dict[str, Any]] | None:
    """The ``bot_command`` entity real clients add for a leading ``/command``."""
    if text is None:
        return None
    match = re.match(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![^\s])", text)
    if match is None:
        return None
    return [{"type": "bot_command", "offset": 0, "length": len(match.group())}]


def _inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The markup if it is a non-empty inline keyboard, else None (what Message shows)."""
    if markup and markup.get("inline_keyboard"):
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None


def _check_button(button: Any) -> None:
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise _bad(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise _bad(prefix + 'Field "text" must be of type String')
    if not _BUTTON_ACTIONS & button.keys():
        raise _bad(TEXT_BUTTONS_UNALLOWED)
    if "callback_data" in button:
        data = button["callback_data"]
        if (
            not isinstance(data, str)
            or not data
            or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES
        ):
            raise _bad(BUTTON_DATA_INVALID)
    if "url" in button:
        url = button["url"]
        valid = isinstance(url, str) and (
            re.match(r"https?://[^\s/?#]+\.[^\s/?#]+", url) is not None or url.startswith("tg://")
        )
        if not valid:
            raise _bad(
                f"Bad Request: inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
            )


def _coerce(key: str, value: Any) -> Any:
    """Turns form strings into the types Telegram would parse them as."""
    if key in _JSON_KEYS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            if key == "reply_markup":
                raise _bad(MARKUP_UNPARSABLE) from None
            raise _bad(f"Bad Request: can't parse {key} JSON object") from None
    if key in _INT_KEYS and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            if key == "chat_id":
                return value  # "@channelusername" and the like: resolved (and rejected) later
            raise _bad(f"Bad Request: wrong parameter {key} specified") from None
    if key in _FLOAT_KEYS and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            raise _bad(f"Bad Request: wrong parameter {key} specified") from None
    if key in _BOOL_KEYS and isinstance(value, str):
        return value.lower() in ("true", "1")
    return value


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Collects query string, urlencoded/multipart form fields and JSON body parameters."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, dict[str, Any]] = {}
    if request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad("Bad Request: can't parse JSON encoded request") from None
            if isinstance(body, dict):
                raw.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = {
                        "file_name": value.filename,
                        "mime_type": value.content_type,
                        "bytes": value.file.read(),
                    }
                else:
                    raw[key] = value
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = files.pop(value[len("attach://") :], None)
        else:
            params[key] = _coerce(key, value)
    for key, file in files.items():
        params.setdefault(key, file)
    return params


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (1x1 if unknown)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                break
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + length
    return 1, 1
