"""Reply markup as Telegram checks it: inline keyboards, their buttons, what a Message shows.

The order of the checks is tdlib/telegram-bot-api's (``Client::get_inline_keyboard_button``):
a non-empty ``url`` makes a URL button, else a non-empty ``callback_data`` a callback button,
else one of the other button kinds must be present.
"""

from __future__ import annotations

from typing import Any

from sandbox.errors import (
    BUTTON_DATA_INVALID,
    BUTTON_NOT_OBJECT,
    BUTTON_TYPE_INVALID,
    BUTTON_UNPARSABLE,
    BUTTON_URL_INVALID,
    FIELD_MISSING,
    FIELD_NOT_STRING,
    INLINE_KEYBOARD_EXPECTED,
    INLINE_KEYBOARD_NOT_ARRAY,
    INLINE_KEYBOARD_ROWS,
    MARKUP_NOT_OBJECT,
    TEXT_BUTTONS_UNALLOWED,
    WEB_APP_URL_INVALID,
    bad,
)
from sandbox.links import UrlError, check_link

MAX_CALLBACK_DATA_BYTES = 64

#: Button kinds other than url and callback_data (their contents are not checked here).
_OTHER_ACTIONS = frozenset(
    {
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)


def inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The markup if it is a non-empty inline keyboard, else None (what Message shows)."""
    if markup and markup.get("inline_keyboard"):
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None


def check_markup(raw: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """The ``reply_markup`` of a call, validated like Telegram (None when absent)."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, dict):
        raise bad(MARKUP_NOT_OBJECT)
    if "inline_keyboard" not in raw:
        if inline_only:
            raise bad(INLINE_KEYBOARD_EXPECTED)
        return raw
    rows = raw["inline_keyboard"]
    if not isinstance(rows, list):
        raise bad(INLINE_KEYBOARD_NOT_ARRAY)
    if not all(isinstance(row, list) for row in rows):
        raise bad(INLINE_KEYBOARD_ROWS)
    for row in rows:
        for button in row:
            _check_button(button)
    return raw


def _string_field(button: dict[str, Any], name: str, *, required: bool = False) -> str:
    """tdlib's string field: a number is taken as its text, anything else is refused."""
    value = button.get(name)
    if value is None and name not in button:
        if required:
            raise bad(BUTTON_UNPARSABLE.format(reason=FIELD_MISSING.format(field=name)))
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise bad(BUTTON_UNPARSABLE.format(reason=FIELD_NOT_STRING.format(field=name)))
    return str(value)


def _check_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad(BUTTON_UNPARSABLE.format(reason=BUTTON_NOT_OBJECT))
    _string_field(button, "text", required=True)
    url = _string_field(button, "url")
    if url:
        try:
            check_link(url)
        except UrlError as err:
            raise bad(BUTTON_URL_INVALID.format(url=url, reason=err)) from None
        return
    data = _string_field(button, "callback_data")
    if data:
        # Telegram's servers refuse more than 64 bytes (tdlib passes any length on).
        if len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad(BUTTON_DATA_INVALID)
        return
    if "web_app" in button:
        _check_web_app(button["web_app"])
        return
    if not _OTHER_ACTIONS & button.keys():
        raise bad(TEXT_BUTTONS_UNALLOWED)


def _check_web_app(web_app: Any) -> None:
    """A web_app button opens only an https:// page (Bot API, InlineKeyboardButton)."""
    if not isinstance(web_app, dict):
        raise bad(BUTTON_UNPARSABLE.format(reason='Field "web_app" must be of type Object'))
    url = _string_field(web_app, "url", required=True)
    reason = web_app_url_problem(url)
    if reason is not None:
        raise bad(WEB_APP_URL_INVALID.format(url=url, reason=reason))


def web_app_url_problem(url: str) -> str | None:
    """Why Telegram refuses ``url`` for a Mini App (None: it does not). tdlib reads a URL
    without a scheme as http://, so that too is "Only HTTPS links are allowed"."""
    if not url.lower().startswith("https://"):
        return "Only HTTPS links are allowed"
    try:
        check_link(url)
    except UrlError as err:
        return str(err)
    return None


def check_web_app_chat(markup: dict[str, Any] | None, chat_id: int) -> None:
    """Telegram opens Mini Apps from inline buttons only in private chats with the bot: a
    web_app button sent to a group or channel is refused (``BUTTON_TYPE_INVALID``)."""
    if chat_id > 0 or not markup:
        return
    for row in markup.get("inline_keyboard") or ():
        for button in row:
            if isinstance(button, dict) and "web_app" in button:
                raise bad(BUTTON_TYPE_INVALID)
