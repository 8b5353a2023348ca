"""The users' side that tests drive: simulated users, what they send, and their account
states (blocked the bot, deleted the account)."""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Any, cast

from sandbox.api.sending import SendingBase
from sandbox.link_previews import link_preview
from sandbox.messages import SandboxMessage
from sandbox.users import SimUser

if TYPE_CHECKING:
    from sandbox.server import BotApiSandbox

logger = logging.getLogger(__name__)


class SimulationMixin(SendingBase):
    """Simulated users and the messages and edits they make."""

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
        # The mixins exist only as parts of BotApiSandbox, which the user talks to.
        sandbox = cast("BotApiSandbox", self)
        user = SimUser(sandbox, user_id, first_name, last_name, username, language_code)
        self._users[user_id] = user
        return user

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
        options, preview_url = link_preview({}, parsed.text, parsed.entities)
        return self._new_message(
            self._private_chat(user),
            from_bot=True,
            text=parsed.text,
            html=rendered,
            entities=parsed.entities or None,
            reply_markup=reply_markup,
            link_preview_options=options,
            link_preview_url=preview_url,
        )

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
        location: dict[str, Any] | None = None,
        venue: dict[str, Any] | None = None,
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
            location=location,
            venue=venue,
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


def _command_entities(text: str | None) -> list[dict[str, Any]] | None:
    """The ``bot_command`` entity real clients add for a leading ``/command``."""
    if text is None:
        return None
    match = re.match(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![^\s])", text)
    if match is None:
        return None
    return [{"type": "bot_command", "offset": 0, "length": len(match.group())}]
