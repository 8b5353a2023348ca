"""Decoding of a Bot API call's parameters: query string, form fields, multipart files, JSON.

Form values arrive as strings; they are turned into the types Telegram would parse them as.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from sandbox.errors import (
    COMMANDS_UNPARSABLE,
    JSON_BROKEN,
    JSON_OBJECT_EXPECTED,
    LINK_PREVIEW_UNPARSABLE,
    MARKUP_UNPARSABLE,
    MENU_BUTTON_UNPARSABLE,
    REPLY_PARAMETERS_UNPARSABLE,
    SCOPE_UNPARSABLE,
    bad,
)

_INT_KEYS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "from_chat_id",
        "reply_to_message_id",
        "user_id",
        "cache_time",
        "message_thread_id",
        "max_connections",
        "live_period",
        "heading",
        "proximity_alert_radius",
    }
)
_FLOAT_KEYS = frozenset({"timeout"})
_BOOL_KEYS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "allow_paid_broadcast",
    }
)
#: What Telegram answers when a JSON-encoded parameter does not parse; None: it is ignored
#: (tdlib logs it and goes on as if the parameter were absent).
_JSON_KEYS: dict[str, str | None] = {
    "reply_markup": MARKUP_UNPARSABLE,
    "entities": None,
    "caption_entities": None,
    "allowed_updates": None,
    "commands": COMMANDS_UNPARSABLE,
    "scope": SCOPE_UNPARSABLE,
    "menu_button": MENU_BUTTON_UNPARSABLE,
    "link_preview_options": LINK_PREVIEW_UNPARSABLE,
    "reply_parameters": REPLY_PARAMETERS_UNPARSABLE,
}
_LEADING_INTEGER = re.compile(r"-?[0-9]*")
_LEADING_NUMBER = re.compile(r"\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def coerce(key: str, value: Any) -> Any:
    """Turns form strings into the values Telegram reads from them: a number that does not
    parse is 0 (tdlib ``to_integer``/``to_double`` read the leading digits), a boolean is
    ``true``, ``yes`` or ``1``."""
    if key in _JSON_KEYS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            error = _JSON_KEYS[key]
            if error is None:
                return None
            raise bad(error) from None
    if key in _INT_KEYS and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            if key == "chat_id":
                return value  # "@channelusername" and the like: resolved (and rejected) later
            digits = _LEADING_INTEGER.match(value)
            return int(digits.group()) if digits and digits.group().lstrip("-") else 0
    if key in _FLOAT_KEYS and isinstance(value, str):
        return to_double(value)
    if key in _BOOL_KEYS and isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return value


def to_double(value: Any) -> float:
    """A number parameter as tdlib's ``to_double`` reads it: the leading number of a string,
    0.0 when there is none."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    number = _LEADING_NUMBER.match(str(value))
    return float(number.group()) if number else 0.0


async def read_params(request: web.Request) -> dict[str, Any]:
    """Collects query string, urlencoded/multipart form fields and JSON body parameters."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, dict[str, Any]] = {}
    if request.body_exists:
        if request.content_type == "application/json":
            text = await request.text()
            if not text.lstrip().startswith("{"):
                raise bad(JSON_OBJECT_EXPECTED)
            try:
                body = json.loads(text)
            except ValueError:
                # tdlib's streaming parser names the spot where it stopped; this is its text
                # for the commonest break, a missing comma or brace.
                raise bad(JSON_BROKEN) from None
            raw.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = {
                        "file_name": value.filename,
                        "mime_type": value.content_type,
                        "bytes": value.file.read(),
                    }
                else:
                    raw[key] = value
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = files.pop(value[len("attach://") :], None)
        else:
            params[key] = coerce(key, value)
    for key, file in files.items():
        params.setdefault(key, file)
    return params
