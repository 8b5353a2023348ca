"""Text messages: sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage,
sendChatAction."""

from __future__ import annotations

from typing import Any

from sandbox.api.sending import SendingBase
from sandbox.errors import (
    CHAT_ACTION_WRONG,
    CHAT_ID_MISSING,
    DELETE_NOT_FOUND,
    MESSAGE_ID_MISSING,
    NO_TEXT_TO_EDIT,
    NOT_MODIFIED,
    TEXT_TOO_LONG,
    bad,
)
from sandbox.markup import check_markup, check_web_app_chat, inline_markup

MAX_TEXT_LENGTH = 4096

#: sendChatAction's actions (tdlib/telegram-bot-api ``Client::get_chat_action``).
CHAT_ACTIONS = frozenset(
    {
        "cancel",
        "typing",
        "record_video",
        "upload_video",
        "record_audio",
        "record_voice",
        "upload_audio",
        "upload_voice",
        "upload_photo",
        "upload_document",
        "choose_sticker",
        "pick_up_location",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


class MessagesMixin(SendingBase):
    """Sending, editing and deleting the bot's text messages."""

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendMessage."""
        parsed, html, (preview_options, preview_url) = self._message_text(params)
        markup = check_markup(params.get("reply_markup"))
        chat = self._target_chat(params)
        check_web_app_chat(markup, params["chat_id"])
        reply_to = self._reply_to(chat, params)
        if len(parsed.text) > MAX_TEXT_LENGTH:
            raise bad(TEXT_TOO_LONG)
        message = self._new_message(
            chat,
            from_bot=True,
            text=parsed.text,
            html=html,
            entities=parsed.entities or None,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            link_preview_options=preview_options,
            link_preview_url=preview_url,
        )
        return self._bot_sent(message, chat)

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        """sendChatAction."""
        if str(params.get("action") or "").lower() not in CHAT_ACTIONS:
            raise bad(CHAT_ACTION_WRONG)
        self._target_chat(params)
        return True

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageText (an absent reply_markup removes the inline keyboard, as on Telegram)."""
        parsed, html, (preview_options, preview_url) = self._message_text(params)
        markup = check_markup(params.get("reply_markup"), inline_only=True)
        chat, message = self._message_to_edit(params)
        check_web_app_chat(markup, message.chat_id)
        if message.text is None:
            raise bad(NO_TEXT_TO_EDIT)
        if len(parsed.text) > MAX_TEXT_LENGTH:
            raise bad(TEXT_TOO_LONG)
        if (
            parsed.text == message.text
            and (parsed.entities or None) == message.entities
            and inline_markup(markup) == inline_markup(message.reply_markup)
        ):
            raise bad(NOT_MODIFIED)
        message.text = parsed.text
        message.html = html
        message.entities = parsed.entities or None
        message.link_preview_options = preview_options
        message.link_preview_url = preview_url
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        """editMessageReplyMarkup (an absent reply_markup removes the keyboard)."""
        markup = check_markup(params.get("reply_markup"), inline_only=True)
        chat, message = self._message_to_edit(params)
        check_web_app_chat(markup, message.chat_id)
        if inline_markup(markup) == inline_markup(message.reply_markup):
            raise bad(NOT_MODIFIED)
        message.reply_markup = markup
        return self._edited(chat, message)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        """deleteMessage."""
        if params.get("chat_id") in (None, ""):
            raise bad(CHAT_ID_MISSING)
        message_id = params.get("message_id")
        if not isinstance(message_id, int) or message_id <= 0:
            raise bad(MESSAGE_ID_MISSING)
        chat = self._target_chat(params)
        message = chat.find(message_id)
        if message is None:
            raise bad(DELETE_NOT_FOUND)
        chat.messages.remove(message)
        message.deleted = True
        self._notify()
        self._emit("bot_delete", chat.chat_id, chat.user, message, message.text)
        return True
