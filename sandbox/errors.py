"""Telegram's error texts, as the Bot API sends them in ``description``."""

from __future__ import annotations

from sandbox.messages import TelegramErrorReply

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


def bad(description: str) -> TelegramErrorReply:
    """A 400 Bad Request answer with ``description``."""
    return TelegramErrorReply(400, description)
