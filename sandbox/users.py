"""Simulated Telegram users and groups that tests (and demos) drive.

A :class:`SimUser` talks to the bot in its private chat (``chat_id == user id``): it sends
messages (``message`` updates), presses inline buttons (``callback_query`` updates that wait for
answerCallbackQuery) and reads what the bot sent with a per-user read cursor.
"""

# The public API takes plain ``timeout`` seconds on purpose (simple to call from tests).
# ruff: noqa: ASYNC109

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sandbox.messages import CallbackAnswer, SandboxMessage

if TYPE_CHECKING:
    from sandbox.server import BotApiSandbox

__all__ = ["ChatView", "SimGroup", "SimUser"]

_DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")

#: A tiny valid PNG (1x1), the default picture of :meth:`SimUser.send_photo`.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


class ChatView:
    """Reading side of one chat: the bot messages, a read cursor and edit tracking.

    "Read" is a cursor over message ids: :meth:`next_message` and :meth:`unread` hand out bot
    messages newer than the last one read, in order. For :meth:`wait_edit` the view remembers
    which edit of a message it last saw (when it read or pressed it).
    """

    def __init__(self, sandbox: BotApiSandbox, chat_id: int) -> None:
        self._sandbox = sandbox
        self.chat_id = chat_id
        self._last_read_id = 0
        self._seen_edits: dict[int, int] = {}

    @property
    def inbox(self) -> list[SandboxMessage]:
        """All (non-deleted) bot messages in this chat, in order."""
        return [m for m in self._sandbox.messages(self.chat_id) if m.from_bot]

    def _unread(self) -> list[SandboxMessage]:
        return [m for m in self.inbox if m.message_id > self._last_read_id]

    def _mark_read(self, message: SandboxMessage) -> None:
        self._last_read_id = max(self._last_read_id, message.message_id)
        self._seen_edits[message.message_id] = message.edit_count

    def unread(self) -> list[SandboxMessage]:
        """Bot messages not read yet; marks them read."""
        messages = self._unread()
        for message in messages:
            self._mark_read(message)
        return messages

    def transcript(self) -> str:
        """A readable listing of the chat, for assertion messages."""
        lines = [repr(m) for m in self._sandbox.messages(self.chat_id)]
        return "\n".join(lines) if lines else "(the chat is empty)"

    async def next_message(self, timeout: float = 5.0) -> SandboxMessage:
        """The next unread bot message, waiting up to ``timeout`` seconds for it.

        Raises:
            TimeoutError: No unread bot message came; the text lists the chat.
        """

        def first_unread() -> SandboxMessage | None:
            pending = self._unread()
            return pending[0] if pending else None

        message = await self._sandbox.wait_until(
            first_unread,
            timeout,
            lambda: (
                f"No new bot message in chat {self.chat_id} within {timeout}s "
                f"(last read #{self._last_read_id}). The chat holds:\n{self.transcript()}"
            ),
        )
        self._mark_read(message)
        return message

    async def wait_edit(
        self,
        message: SandboxMessage,
        timeout: float = 5.0,
        *,
        until: Callable[[SandboxMessage], bool] | None = None,
    ) -> SandboxMessage:
        """Waits until the bot edited ``message`` since this view last saw it; returns it.

        The baseline is the edit count seen when the message was read (next_message/unread) or
        pressed; for a message never seen, any edit counts. With ``until``, edits are waited
        for until one leaves the message satisfying it (a message edited twice in a row, such
        as a decision shown at once and then a batched refresh, is seen in its final state).

        Raises:
            TimeoutError: The message was not edited in time.
        """
        baseline = self._seen_edits.get(message.message_id, 0)

        def edited() -> SandboxMessage | None:
            if message.edit_count <= baseline:
                return None
            return message if until is None or until(message) else None

        result = await self._sandbox.wait_until(
            edited,
            timeout,
            lambda: (
                f"The bot did not edit {message!r} within {timeout}s "
                f"(edit count {message.edit_count}). The chat holds:\n{self.transcript()}"
            ),
        )
        self._seen_edits[message.message_id] = result.edit_count
        return result

    async def no_message(self, within: float = 0.5) -> None:
        """Asserts that no unread bot message is present or arrives within ``within`` seconds.

        Raises:
            AssertionError: Listing the unexpected messages (they stay unread).
        """
        try:
            await self._sandbox.wait_until(
                lambda: self._unread() or None, within, lambda: "no message"
            )
        except TimeoutError:
            return
        raise AssertionError(
            f"Unexpected bot message(s) in chat {self.chat_id}: {self._unread()!r}"
        )

    async def _press(
        self, user: SimUser, message: SandboxMessage, data: str, timeout: float
    ) -> CallbackAnswer:
        self._seen_edits[message.message_id] = message.edit_count
        return await self._sandbox._press(user, message, data, timeout)


class SimUser(ChatView):
    """A simulated Telegram user with a private chat with the bot (``chat_id == id``).

    Create it with :meth:`BotApiSandbox.user`. Until it sends something, the bot cannot
    message it (403 "bot can't initiate conversation with a user"), like on Telegram.
    """

    def __init__(
        self,
        sandbox: BotApiSandbox,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "id",
    ) -> None:
        super().__init__(sandbox, user_id)
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code

    def __repr__(self) -> str:
        return f"<SimUser {self.id} {self.first_name!r}>"

    def to_dict(self) -> dict[str, Any]:
        """The user as a Telegram ``User`` object."""
        result: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            result["last_name"] = self.last_name
        if self.username:
            result["username"] = self.username
        if self.language_code:
            result["language_code"] = self.language_code
        return result

    def _chat_id(self, group: SimGroup | None) -> int:
        return self.id if group is None else group.chat_id

    async def send(
        self,
        text: str,
        *,
        reply_to: SandboxMessage | None = None,
        group: SimGroup | None = None,
    ) -> SandboxMessage:
        """Sends a text message to the bot (a ``message`` update), in the private chat or, with
        ``group``, in that group (same as ``group.send(user, text)``).

        A leading ``/command`` (or ``/command@bot``) gets a ``bot_command`` entity, as real
        clients add it. Sending in the private chat also "unblocks" the bot, like pressing
        Restart does.
        """
        if not text:
            raise ValueError("Telegram clients cannot send an empty message")
        return self._sandbox._user_message(
            self, self._chat_id(group), text=text, reply_to=reply_to
        )

    async def edit(self, message: SandboxMessage, new_text: str) -> SandboxMessage:
        """Edits a text message this user sent (an ``edited_message`` update); returns it,
        changed in place.

        Raises:
            LookupError: Not this user's (text) message, or it was deleted.
            ValueError: Empty or unchanged text.
        """
        return self._sandbox._user_edit(self, message, new_text)

    async def send_photo(
        self,
        data: bytes | None = None,
        caption: str | None = None,
        *,
        group: SimGroup | None = None,
    ) -> SandboxMessage:
        """Sends a picture (a ``message`` update with ``photo`` sizes); ``data`` defaults to a
        1x1 PNG. The bot can fetch it with getFile."""
        photo = TINY_PNG if data is None else data
        if not photo:
            raise ValueError("A photo needs some bytes")
        return self._sandbox._user_message(
            self, self._chat_id(group), photo=photo, caption=caption
        )

    async def send_sticker(
        self,
        emoji: str = "👍",
        *,
        set_name: str | None = "SandboxStickers",
        group: SimGroup | None = None,
    ) -> SandboxMessage:
        """Sends a (static, 512x512) sticker (a ``message`` update with ``sticker``)."""
        sticker: dict[str, Any] = {
            "bytes": b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        if set_name:
            sticker["set_name"] = set_name
        return self._sandbox._user_message(self, self._chat_id(group), sticker=sticker)

    async def send_location(
        self,
        latitude: float,
        longitude: float,
        *,
        venue: tuple[str, str] | None = None,
        group: SimGroup | None = None,
    ) -> SandboxMessage:
        """Shares a place (📎 → Location): a ``message`` update with ``location``, or with
        ``venue`` (title, address) a venue message, which carries the location too.

        Raises:
            ValueError: A point off the Earth (clients cannot send one).
        """
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(f"({latitude}, {longitude}) is not a point on the Earth")
        location = {"latitude": latitude, "longitude": longitude}
        place = None
        if venue is not None:
            place = {"location": dict(location), "title": venue[0], "address": venue[1]}
        return self._sandbox._user_message(
            self, self._chat_id(group), location=location, venue=place
        )

    async def start(self, payload: str | None = None) -> SandboxMessage:
        """Sends ``/start`` or ``/start <payload>`` (opening ``t.me/<bot>?start=<payload>``)."""
        if payload is None:
            return await self.send("/start")
        if not _DEEP_LINK_PAYLOAD.fullmatch(payload):
            raise ValueError(
                f"Invalid deep-link payload {payload!r}: Telegram allows 1-64 characters "
                "A-Z, a-z, 0-9, _ and -"
            )
        return await self.send(f"/start {payload}")

    async def send_document(
        self,
        data: bytes,
        file_name: str,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        *,
        group: SimGroup | None = None,
    ) -> SandboxMessage:
        """Sends a file; the bot can fetch it with getFile and the file URL."""
        document = {"file_name": file_name, "mime_type": mime_type, "bytes": data}
        return self._sandbox._user_message(
            self, self._chat_id(group), document=document, caption=caption
        )

    async def press(
        self, message: SandboxMessage, button: str, *, timeout: float = 5.0
    ) -> CallbackAnswer:
        """Presses the inline button whose text equals (preferred) or contains ``button``.

        Sends a ``callback_query`` update with the button's callback_data and waits until the
        bot calls answerCallbackQuery for it.

        Raises:
            LookupError: No such button, several match, or it is not a callback button.
            TimeoutError: The bot did not answer the query within ``timeout`` seconds.
        """
        data = message.callback_data_for(button)
        return await self._press(self, message, data, timeout)

    async def press_data(
        self, message: SandboxMessage, data: str, *, timeout: float = 5.0
    ) -> CallbackAnswer:
        """Presses with arbitrary callback_data (what a modified client could send)."""
        return await self._press(self, message, data, timeout)

    def block_bot(self) -> None:
        """This user blocks the bot (sends to them fail with 403)."""
        self._sandbox.block_bot(self.id)

    def deactivate(self) -> None:
        """This user deletes their account (sends to them fail with 403 "user is
        deactivated"); see :meth:`BotApiSandbox.deactivate`."""
        self._sandbox.deactivate(self.id)


class SimGroup(ChatView):
    """A simulated basic group the bot is a member of (negative ``chat_id``).

    Create it with :meth:`BotApiSandbox.group` (the bot is silently a member already) or
    :meth:`BotApiSandbox.add_bot_to_group` (the bot gets the ``my_chat_member`` update of being
    added); members are :class:`SimUser` objects. After
    :meth:`BotApiSandbox.migrate_group` it stands for the new supergroup (``chat_id`` changes).
    """

    def __init__(self, sandbox: BotApiSandbox, chat_id: int, title: str) -> None:
        super().__init__(sandbox, chat_id)
        self.title = title

    def __repr__(self) -> str:
        return f"<SimGroup {self.chat_id} {self.title!r}>"

    def _moved_to(self, chat_id: int) -> None:
        """Follows a migration to a supergroup: a new chat with its own message ids."""
        self.chat_id = chat_id
        self._last_read_id = 0
        self._seen_edits.clear()

    async def send(
        self, user: SimUser, text: str, *, reply_to: SandboxMessage | None = None
    ) -> SandboxMessage:
        """``user`` writes ``text`` in the group."""
        if not text:
            raise ValueError("Telegram clients cannot send an empty message")
        return self._sandbox._user_message(user, self.chat_id, text=text, reply_to=reply_to)

    async def press(
        self, user: SimUser, message: SandboxMessage, button: str, *, timeout: float = 5.0
    ) -> CallbackAnswer:
        """``user`` presses an inline button of a bot message in the group."""
        data = message.callback_data_for(button)
        return await self._press(user, message, data, timeout)

    async def press_data(
        self, user: SimUser, message: SandboxMessage, data: str, *, timeout: float = 5.0
    ) -> CallbackAnswer:
        """``user`` presses with arbitrary callback_data on a bot message in the group (what a
        modified client could send)."""
        return await self._press(user, message, data, timeout)
