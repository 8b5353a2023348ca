"""What every method that sends or edits a bot message shares: text formatting, replies,
the edit target, and telling listeners."""

from __future__ import annotations

import logging
import time
from typing import Any

from sandbox.core import Chat, SandboxCore
from sandbox.errors import EDIT_NOT_FOUND, bad
from sandbox.html_check import HtmlParseError, ParsedText, parse_html, strip_entities
from sandbox.messages import SandboxMessage

logger = logging.getLogger(__name__)


class SendingBase(SandboxCore):
    """Helpers of the send and edit methods."""

    def _format(self, text: str, parse_mode: Any, entities: Any) -> tuple[ParsedText, str | None]:
        """Parses text per parse_mode; returns the trimmed text/entities and the raw HTML."""
        mode = str(parse_mode or "").lower()
        if mode == "html":
            try:
                parsed = parse_html(text, strict_entities=self.strict_html_entities)
            except HtmlParseError as err:
                raise bad(f"Bad Request: can't parse entities: {err}") from None
            return strip_entities(parsed.text, parsed.entities), text
        if mode in ("markdown", "markdownv2"):
            logger.warning("parse_mode %s is not validated by the sandbox", parse_mode)
            return ParsedText(text.strip(), []), None
        if mode:
            raise bad("Bad Request: unsupported parse_mode")
        given = entities if isinstance(entities, list) else []
        return strip_entities(text, given), None

    def _reply_to(self, chat: Chat, params: dict[str, Any]) -> int | None:
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
            raise bad("Bad Request: message to be replied not found")
        return int(reply_id)

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
        if params.get("inline_message_id"):
            raise bad(EDIT_NOT_FOUND)
        chat = self._target_chat(params)
        message_id = params.get("message_id")
        if message_id is None:
            raise bad("Bad Request: message identifier is not specified")
        message = chat.find(int(message_id))
        if message is None:
            raise bad(EDIT_NOT_FOUND)
        if not message.from_bot:
            raise bad("Bad Request: message can't be edited")
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
