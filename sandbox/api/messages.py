"""Text messages: sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage,
sendChatAction."""

from __future__ import annotations

from typing import Any

from sandbox.api.sending import SendingBase
from sandbox.errors import DELETE_NOT_FOUND, NOT_MODIFIED, TEXT_EMPTY, TEXT_TOO_LONG, bad
from sandbox.markup import check_markup, inline_markup

MAX_TEXT_LENGTH = 4096


class MessagesMixin(SendingBase):
    """Sending, editing and deleting the bot's text messages."""

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendMessage."""
        chat = self._target_chat(params)
        text = params.get("text")
        if text is None or text == "":
            raise bad(TEXT_EMPTY)
        parsed, html = self._format(str(text), params.get("parse_mode"), params.get("entities"))
        if not parsed.text:
            raise bad(TEXT_EMPTY)
        if len(parsed.text) > MAX_TEXT_LENGTH:
            raise bad(TEXT_TOO_LONG)
        markup = check_markup(params.get("reply_markup"))
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

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        """sendChatAction."""
        self._target_chat(params)
        return True

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageText (an absent reply_markup removes the inline keyboard, as on Telegram)."""
        chat, message = self._message_to_edit(params)
        if message.text is None:
            raise bad("Bad Request: there is no text in the message to edit")
        text = params.get("text")
        if text is None or text == "":
            raise bad(TEXT_EMPTY)
        parsed, html = self._format(str(text), params.get("parse_mode"), params.get("entities"))
        if not parsed.text:
            raise bad(TEXT_EMPTY)
        if len(parsed.text) > MAX_TEXT_LENGTH:
            raise bad(TEXT_TOO_LONG)
        markup = check_markup(params.get("reply_markup"), inline_only=True)
        if (
            parsed.text == message.text
            and (parsed.entities or None) == message.entities
            and inline_markup(markup) == inline_markup(message.reply_markup)
        ):
            raise bad(NOT_MODIFIED)
        message.text = parsed.text
        message.html = html
        message.entities = parsed.entities or None
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageReplyMarkup (an absent reply_markup removes the keyboard)."""
        chat, message = self._message_to_edit(params)
        markup = check_markup(params.get("reply_markup"), inline_only=True)
        if inline_markup(markup) == inline_markup(message.reply_markup):
            raise bad(NOT_MODIFIED)
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        """deleteMessage."""
        chat = self._target_chat(params)
        message_id = params.get("message_id")
        message = chat.find(int(message_id)) if message_id is not None else None
        if message is None:
            raise bad(DELETE_NOT_FOUND)
        chat.messages.remove(message)
        message.deleted = True
        self._notify()
        self._emit("bot_delete", chat.chat_id, chat.user, message, message.text)
        return True
