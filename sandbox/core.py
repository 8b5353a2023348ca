"""The sandbox's state: chats and their messages, files, the update queue, listeners.

:class:`SandboxCore` is the base of every Bot API area mixin (``sandbox/api/``) and of
:class:`~sandbox.server.BotApiSandbox`, which puts them together.
"""

# The public API takes plain ``timeout`` seconds on purpose (simple to call from tests).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import logging
import re
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import web

from sandbox.errors import (
    BLOCKED,
    CANT_INITIATE,
    CHAT_ID_EMPTY,
    CHAT_NOT_FOUND,
    DEACTIVATED,
    GROUP_MIGRATED,
    bad,
)
from sandbox.markup import inline_markup
from sandbox.messages import (
    CallbackAnswer,
    EventKind,
    RecordedRequest,
    SandboxEvent,
    SandboxMessage,
    TelegramErrorReply,
)
from sandbox.webhook import WebhookDelivery

if TYPE_CHECKING:
    from sandbox.faults import FailRule
    from sandbox.users import SimGroup, SimUser

logger = logging.getLogger(__name__)

Listener = Callable[[SandboxEvent], None]
_T = TypeVar("_T")

TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")


@dataclass
class Chat:
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
class StoredFile:
    """A file Telegram holds; ``kind`` is ``"doc"``, ``"photo"`` or ``"sticker"``."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_name: str | None
    mime_type: str | None
    file_path: str
    kind: str


@dataclass
class PendingQuery:
    query_id: str
    user: SimUser
    message: SandboxMessage
    data: str | None
    future: asyncio.Future[CallbackAnswer]


@dataclass(frozen=True)
class Send:
    """One accepted (executed) message send, for the flood limits and rate statistics."""

    at: float
    chat_id: int | None
    method: str


class SandboxCore:
    """The state of all simulated chats; the constructor's arguments are described on
    :class:`~sandbox.server.BotApiSandbox`."""

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
        if not TOKEN_RE.fullmatch(token):
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
        self._chats: dict[int, Chat] = {}
        self._blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._queries: dict[str, PendingQuery] = {}
        self._next_query_id = 1
        self._files: dict[str, StoredFile] = {}
        self._fail_rules: list[FailRule] = []
        self._deactivated: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._removed_from: dict[int, str] = {}  # group chat id -> the 403 text for sends there
        self._sends: list[Send] = []
        self._window_sends: deque[Send] = deque()
        self._chat_sends: dict[int, deque[Send]] = {}
        self._flood_until: dict[int | None, float] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._menu_buttons: dict[int | None, dict[str, Any]] = {}
        # Public https:// prefixes of Mini Apps and where they are served here (web_proxy).
        self._web_routes: dict[str, str] = {}

    # ------------------------------------------------------------------ public test API

    def add_listener(self, callback: Listener) -> None:
        """Registers ``callback(event)``, called synchronously for every sandbox event."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Listener) -> None:
        """Unregisters a listener added with :meth:`add_listener`."""
        self._listeners.remove(callback)

    def messages(self, chat_id: int) -> list[SandboxMessage]:
        """All (non-deleted) messages of a chat, both directions, in order."""
        chat = self._chats.get(chat_id)
        return list(chat.messages) if chat else []

    def calls(self, method: str) -> list[RecordedRequest]:
        """The recorded requests of one Bot API method (case-insensitive)."""
        return [r for r in self.requests if r.method.lower() == method.lower()]

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

    # ------------------------------------------------------------------ state

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

    def _private_chat(self, user: SimUser) -> Chat:
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
            chat = Chat(user.id, info, user=user)
            self._chats[user.id] = chat
        return chat

    def _new_message(self, chat: Chat, *, from_bot: bool, **fields: Any) -> SandboxMessage:
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

    def _store_file(
        self, data: bytes, file_name: str | None, mime_type: str | None, kind: str
    ) -> StoredFile:
        number = len(self._files) + 1
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        folder = {"doc": "documents", "photo": "photos", "sticker": "stickers"}[kind]
        stored = StoredFile(
            file_id=f"SANDBOX-{kind.upper()}-{number:06d}",
            file_unique_id=f"U{kind}{number:06d}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"{folder}/file_{number}{suffix}",
            kind=kind,
        )
        self._files[stored.file_id] = stored
        return stored

    def _target_chat(self, params: dict[str, Any]) -> Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad(CHAT_ID_EMPTY)
        if not isinstance(chat_id, int):
            raise bad(CHAT_NOT_FOUND)
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
            raise bad(CHAT_NOT_FOUND)
        return chat

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
            if message.link_preview_options:
                result["link_preview_options"] = message.link_preview_options
        if message.document is not None:
            doc = message.document
            result["document"] = {
                "file_id": doc["file_id"],
                "file_unique_id": self._files[doc["file_id"]].file_unique_id,
                "file_size": doc["file_size"],
                **{k: doc[k] for k in ("file_name", "mime_type") if doc.get(k)},
            }
        if message.photo is not None and message.file_id is not None:
            width, height = image_size(message.photo)
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
        # A venue message carries its location too, for clients that know only locations.
        if message.location is not None:
            result["location"] = message.location
        if message.venue is not None:
            result["venue"] = message.venue
        if message.caption is not None:
            result["caption"] = message.caption
            if message.caption_entities:
                result["caption_entities"] = message.caption_entities
        if message.reply_to_message_id is not None and not nested:
            replied = chat.find(message.reply_to_message_id)
            if replied is not None:
                result["reply_to_message"] = self.message_json(replied, nested=True)
        markup = inline_markup(message.reply_markup)
        if markup is not None:
            result["reply_markup"] = markup
        for key, value in message.extra.items():
            result.setdefault(key, value)
        return result


def image_size(data: bytes) -> tuple[int, int]:
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
