"""What every method that sends or edits a bot message shares: text formatting, replies,
the edit target, and telling listeners."""

from __future__ import annotations

import logging
import time
from typing import Any

from sandbox.core import Chat, SandboxCore
from sandbox.errors import (
    CANT_BE_EDITED,
    EDIT_NOT_FOUND,
    ENTITIES_UNPARSABLE,
    INLINE_MESSAGE_ID_INVALID,
    MESSAGE_ID_MISSING,
    RAW_TEXT_TOO_LONG,
    REPLY_NOT_FOUND,
    TEXT_EMPTY,
    UNSUPPORTED_PARSE_MODE,
    bad,
)
from sandbox.html_check import HtmlParseError, ParsedText, parse_html, strip_entities
from sandbox.link_previews import LinkPreview, link_preview, read_options
from sandbox.messages import SandboxMessage

logger = logging.getLogger(__name__)

#: Bytes of UTF-8 the Bot API reads as a text or caption before parsing its entities.
MAX_RAW_TEXT_BYTES = 1 << 15


class SendingBase(SandboxCore):
    """Helpers of the send and edit methods."""

    def _format(self, text: str, parse_mode: Any, entities: Any) -> tuple[ParsedText, str | None]:
        """Parses text per parse_mode; returns the trimmed text/entities and the raw HTML."""
        if len(text.encode("utf-8")) > MAX_RAW_TEXT_BYTES:
            raise bad(RAW_TEXT_TOO_LONG)
        mode = str(parse_mode or "").lower()
        if mode == "html":
            try:
                parsed = parse_html(text, strict_entities=self.strict_html_entities)
            except HtmlParseError as err:
                raise bad(ENTITIES_UNPARSABLE.format(reason=err)) from None
            return strip_entities(parsed.text, parsed.entities), text
        if mode in ("markdown", "markdownv2"):
            logger.warning("parse_mode %s is not validated by the sandbox", parse_mode)
            return ParsedText(text.strip(), []), None
        if mode and mode != "none":
            raise bad(UNSUPPORTED_PARSE_MODE)
        given = entities if isinstance(entities, list) else []
        return strip_entities(text, given), None

    def _message_text(self, params: dict[str, Any]) -> tuple[ParsedText, str | None, LinkPreview]:
        """``text`` with ``parse_mode``/``entities`` and ``link_preview_options`` of
        sendMessage and editMessageText, parsed (the text, its HTML, the link preview); the
        length is checked later, by the caller, as Telegram does."""
        options = read_options(params)
        text = params.get("text")
        if text is None or text == "":
            raise bad(TEXT_EMPTY)
        parsed, html = self._format(str(text), params.get("parse_mode"), params.get("entities"))
        if not parsed.text:
            raise bad(TEXT_EMPTY)
        return parsed, html, link_preview(options, parsed.text, parsed.entities)

    def _reply_to(self, chat: Chat, params: dict[str, Any]) -> int | None:
        reply_id = params.get("reply_to_message_id")
        allow = bool(params.get("allow_sending_without_reply"))
        reply_parameters = params.get("reply_parameters")
        if isinstance(reply_parameters, dict):
            reply_id = reply_parameters.get("message_id")
            allow = bool(reply_parameters.get("allow_sending_without_reply"))
        if not isinstance(reply_id, int) or reply_id <= 0:
            return None  # Telegram reads a missing or malformed id as "no reply"
        if chat.find(reply_id) is None:
            if allow:
                return None
            raise bad(REPLY_NOT_FOUND)
        return reply_id

    def _bot_sent(self, message: SandboxMessage, chat: Chat) -> dict[str, Any]:
        self._notify()
        self._emit(
            "bot_message",
            chat.chat_id,
            chat.user,
            message,
            message.text if message.text is not None else message.caption,
        )
        return self.message_json(message)

    def _message_to_edit(self, params: dict[str, Any]) -> tuple[Chat, SandboxMessage]:
        """The bot message an edit addresses (``chat_id`` + ``message_id``).

        Without both, Telegram takes the call as the edit of an inline message; the sandbox
        has none, so every ``inline_message_id`` is unknown.
        """
        message_id = params.get("message_id")
        message_id = message_id if isinstance(message_id, int) and message_id > 0 else 0
        if params.get("chat_id") in (None, "") and not message_id:
            if not params.get("inline_message_id"):
                raise bad(MESSAGE_ID_MISSING)
            raise bad(INLINE_MESSAGE_ID_INVALID)
        chat = self._target_chat(params)
        message = chat.find(message_id) if message_id else None
        if message is None:
            raise bad(EDIT_NOT_FOUND)
        if not message.from_bot:
            raise bad(CANT_BE_EDITED)
        return chat, message

    def _edited(self, chat: Chat, message: SandboxMessage) -> dict[str, Any]:
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
