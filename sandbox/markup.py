"""Reply markup as Telegram checks it: inline keyboards, their buttons, what a Message shows."""

from __future__ import annotations

import re
from typing import Any

from sandbox.errors import BUTTON_DATA_INVALID, MARKUP_UNPARSABLE, TEXT_BUTTONS_UNALLOWED, bad

MAX_CALLBACK_DATA_BYTES = 64

_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
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
        raise bad(MARKUP_UNPARSABLE)
    if "inline_keyboard" not in raw:
        if inline_only:
            raise bad("Bad Request: inline keyboard expected")
        return raw
    rows = raw["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad(
            "Bad Request: can't parse inline keyboard button: "
            'Field "inline_keyboard" must be of type Array'
        )
    for row in rows:
        for button in row:
            _check_button(button)
    return raw


def _check_button(button: Any) -> None:
    prefix = "Bad Request: can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise bad(prefix + 'Field "text" must be of type String')
    if not _BUTTON_ACTIONS & button.keys():
        raise bad(TEXT_BUTTONS_UNALLOWED)
    if "callback_data" in button:
        data = button["callback_data"]
        if (
            not isinstance(data, str)
            or not data
            or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES
        ):
            raise bad(BUTTON_DATA_INVALID)
    if "url" in button:
        url = button["url"]
        valid = isinstance(url, str) and (
            re.match(r"https?://[^\s/?#]+\.[^\s/?#]+", url) is not None or url.startswith("tg://")
        )
        if not valid:
            raise bad(
                f"Bad Request: inline keyboard button URL '{url}' is invalid: Wrong HTTP URL"
            )
