"""Chats: getChat, groups and channels, the bot joining and leaving, migration to a
supergroup."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, cast

from sandbox.core import Chat, SandboxCore
from sandbox.errors import (
    BOT_KICKED,
    BOT_KICKED_SUPERGROUP,
    BOT_LEFT,
    BOT_LEFT_SUPERGROUP,
    CHAT_NOT_FOUND,
    bad,
)
from sandbox.messages import SandboxMessage
from sandbox.users import SimGroup, SimUser

if TYPE_CHECKING:
    from sandbox.server import BotApiSandbox

logger = logging.getLogger(__name__)

#: Who Telegram shows as the sender of group service messages when no user is given.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


class ChatsMixin(SandboxCore):
    """Group and channel chats and the bot's membership in them."""

    def group(self, chat_id: int, title: str) -> SimGroup:
        """Creates (or returns) a simulated group (negative ``chat_id``) the bot is a member of.

        The id of a group moved by :meth:`migrate_group` returns the (moved) group.
        """
        existing = self._groups.get(self._migrated.get(chat_id, chat_id))
        if existing is not None:
            return existing
        if chat_id >= 0:
            raise ValueError("Group chat ids are negative")
        # The mixins exist only as parts of BotApiSandbox, which the group talks to.
        group = SimGroup(cast("BotApiSandbox", self), chat_id, title)
        self._groups[chat_id] = group
        self._chats[chat_id] = Chat(chat_id, {"id": chat_id, "type": "group", "title": title})
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
        chat" (or "bot is not a member of the group chat"; "supergroup chat" in a supergroup).

        Raises:
            ValueError: Not a group the bot is a member of.
        """
        chat_id = self._migrated.get(chat_id, chat_id)
        if chat_id not in self._groups or chat_id in self._removed_from:
            raise ValueError(f"The bot is not a member of group {chat_id}")
        if self._chats[chat_id].info.get("type") == "supergroup":
            self._removed_from[chat_id] = BOT_KICKED_SUPERGROUP if kicked else BOT_LEFT_SUPERGROUP
        else:
            self._removed_from[chat_id] = BOT_KICKED if kicked else BOT_LEFT
        self._enqueue(
            "my_chat_member",
            self._membership(self._chats[chat_id], by, "member", "kicked" if kicked else "left"),
        )

    def _membership(self, chat: Chat, by: SimUser | None, old: str, new: str) -> dict[str, Any]:
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
        new_chat = Chat(
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
            chat = Chat(chat_id, {"id": chat_id, "type": "channel", "title": title})
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

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        """getChat (a ``ChatFullInfo``)."""
        chat_id = params.get("chat_id")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad(CHAT_NOT_FOUND)
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
