"""Telegram's error texts, as the Bot API sends them in ``description``.

Sources: tdlib/telegram-bot-api ``telegram-bot-api/Client.cpp`` (texts of its own, and
``fail_query_with_error``, which prefixes tdlib's messages with "Bad Request: " or
"Forbidden: " and lower-cases their first letter unless the second is a capital or ``_``)
and tdlib/td ``td/telegram/*.cpp`` for the messages it passes on. Texts in capitals
(``BUTTON_DATA_INVALID``) come from Telegram's servers unchanged.
"""

from __future__ import annotations

from sandbox.messages import TelegramErrorReply

# ---- the chat
CHAT_ID_EMPTY = "Bad Request: chat_id is empty"
CHAT_ID_MISSING = "Bad Request: chat identifier is not specified"
CHAT_NOT_FOUND = "Bad Request: chat not found"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
DEACTIVATED = "Forbidden: user is deactivated"
GROUP_MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
BOT_KICKED = "Forbidden: bot was kicked from the group chat"
BOT_LEFT = "Forbidden: bot is not a member of the group chat"
BOT_KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
BOT_LEFT_SUPERGROUP = "Forbidden: bot is not a member of the supergroup chat"

# ---- text and entities
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
#: The text as sent (before entities are parsed) is over 32 KiB.
RAW_TEXT_TOO_LONG = "Bad Request: text is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
ENTITIES_UNPARSABLE = "Bad Request: can't parse entities: {reason}"
UNSUPPORTED_PARSE_MODE = "Bad Request: unsupported parse_mode"
LINK_PREVIEW_UNPARSABLE = "Bad Request: can't parse link preview options JSON object"
LINK_PREVIEW_NOT_OBJECT = "Bad Request: object expected as link preview options"
#: A LinkPreviewOptions field of the wrong type ({type}: Boolean or String).
LINK_PREVIEW_FIELD = 'Bad Request: field "{field}" must be of type {type}'

# ---- reply markup
MARKUP_UNPARSABLE = "Bad Request: can't parse reply keyboard markup JSON object"
MARKUP_NOT_OBJECT = "Bad Request: object expected as reply markup"
INLINE_KEYBOARD_NOT_ARRAY = 'Bad Request: field "inline_keyboard" must be of type Array'
INLINE_KEYBOARD_ROWS = (
    'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
)
INLINE_KEYBOARD_EXPECTED = "Bad Request: inline keyboard expected"
BUTTON_UNPARSABLE = "Bad Request: can't parse inline keyboard button: {reason}"
BUTTON_NOT_OBJECT = "InlineKeyboardButton must be an Object"
TEXT_BUTTONS_UNALLOWED = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)
BUTTON_URL_INVALID = "Bad Request: inline keyboard button URL '{url}' is invalid: {reason}"
BUTTON_TYPE_INVALID = "Bad Request: BUTTON_TYPE_INVALID"
WEB_APP_URL_INVALID = (
    "Bad Request: inline keyboard button Web App URL '{url}' is invalid: {reason}"
)
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
#: tdlib's JSON field errors (they follow a prefix such as "can't parse BotCommand: ").
FIELD_MISSING = 'Can\'t find field "{field}"'
FIELD_NOT_STRING = 'Field "{field}" must be of type String'

# ---- replies, edits, deletions
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
REPLY_PARAMETERS_UNPARSABLE = "Bad Request: can't parse reply parameters JSON object"
MESSAGE_ID_MISSING = "Bad Request: message identifier is not specified"
INLINE_MESSAGE_ID_INVALID = "Bad Request: invalid inline message identifier specified"
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
CANT_BE_EDITED = "Bad Request: message can't be edited"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
NO_CAPTION_TO_EDIT = "Bad Request: there is no caption in the message to edit"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
CHAT_ACTION_WRONG = "Bad Request: wrong parameter action in request"

# ---- files
NO_FILE_IN_REQUEST = "Bad Request: there is no {field} in the request"
FILE_EMPTY = "Bad Request: file must be non-empty"
#: sendPhoto: "width and height must not exceed 10000 in total", their "ratio must be at most 20".
PHOTO_INVALID_DIMENSIONS = "Bad Request: PHOTO_INVALID_DIMENSIONS"
WRONG_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"
#: A file_id that is not even base64url (tdlib ``FileManager::from_persistent_id``).
FILE_ID_UNDECODABLE = "Bad Request: wrong remote file identifier specified: {reason}"
FILE_URL_INVALID = "Bad Request: invalid file HTTP URL specified: {reason}"
#: A file_id of another kind of file (tdlib's type names: Photo, Document, Sticker).
FILE_TYPE_MISMATCH = "Bad Request: can't use file of type {given} as {wanted}"
INVALID_FILE_ID = "Bad Request: invalid file_id"

# ---- locations and venues
LATITUDE_EMPTY = "Bad Request: latitude is empty"
LONGITUDE_EMPTY = "Bad Request: longitude is empty"
LOCATION_INVALID = "Bad Request: invalid location specified"
VENUE_LOCATION_INVALID = "Bad Request: wrong venue location specified"
LIVE_PERIOD_INVALID = "Bad Request: wrong live location period specified"
HEADING_INVALID = "Bad Request: wrong live location heading specified"
PROXIMITY_RADIUS_INVALID = "Bad Request: wrong live location proximity alert radius specified"

# ---- callback queries
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
ANSWER_TOO_LONG = "Bad Request: MESSAGE_TOO_LONG"
URL_INVALID = "Bad Request: URL_INVALID"

# ---- updates and webhooks
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_URL_INVALID = "Bad Request: invalid webhook URL specified"
WEBHOOK_NOT_HTTPS = "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
WEBHOOK_PORT = "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
SECRET_TOO_LONG = "Bad Request: secret token is too long"
SECRET_CHARACTERS = "Bad Request: secret token contains unallowed characters"

# ---- bot settings
COMMANDS_UNPARSABLE = "Bad Request: can't parse commands JSON object"
COMMANDS_NOT_ARRAY = "Bad Request: expected an Array of BotCommand"
COMMAND_UNPARSABLE = "Bad Request: can't parse BotCommand: {reason}"
COMMAND_EMPTY = "Bad Request: command must be non-empty"
COMMAND_TOO_LONG = "Bad Request: command length must not exceed 32"
COMMAND_DESCRIPTION_EMPTY = "Bad Request: command description must be non-empty"
COMMAND_DESCRIPTION_TOO_LONG = "Bad Request: command description length must not exceed 256"
COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
COMMANDS_TOO_MUCH = "Bad Request: BOT_COMMANDS_TOO_MUCH"
SCOPE_UNPARSABLE = "Bad Request: can't parse BotCommandScope JSON object"
MENU_BUTTON_UNPARSABLE = "Bad Request: can't parse menu button JSON object"
MENU_BUTTON_INVALID = "Bad Request: can't parse menu button: {reason}"
MENU_WEB_APP_URL_INVALID = "Bad Request: menu button web app URL '{url}' is invalid: {reason}"

# ---- the request itself (tdlib/td tdnet/td/net/HttpReader.cpp)
JSON_OBJECT_EXPECTED = "Bad Request: JSON object expected"
JSON_BROKEN = "Bad Request: expected next field or object end"


def bad(description: str) -> TelegramErrorReply:
    """A 400 Bad Request answer with ``description``."""
    return TelegramErrorReply(400, description)
