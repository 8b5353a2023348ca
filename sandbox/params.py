"""Decoding of a Bot API call's parameters: query string, form fields, multipart files, JSON.

Form values arrive as strings; they are turned into the types Telegram would parse them as.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from sandbox.errors import MARKUP_UNPARSABLE, bad

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
_JSON_KEYS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "menu_button",
        "link_preview_options",
        "reply_parameters",
    }
)


def coerce(key: str, value: Any) -> Any:
    """Turns form strings into the types Telegram would parse them as."""
    if key in _JSON_KEYS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            if key == "reply_markup":
                raise bad(MARKUP_UNPARSABLE) from None
            raise bad(f"Bad Request: can't parse {key} JSON object") from None
    if key in _INT_KEYS and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            if key == "chat_id":
                return value  # "@channelusername" and the like: resolved (and rejected) later
            raise bad(f"Bad Request: wrong parameter {key} specified") from None
    if key in _FLOAT_KEYS and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            raise bad(f"Bad Request: wrong parameter {key} specified") from None
    if key in _BOOL_KEYS and isinstance(value, str):
        return value.lower() in ("true", "1")
    return value


async def read_params(request: web.Request) -> dict[str, Any]:
    """Collects query string, urlencoded/multipart form fields and JSON body parameters."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, dict[str, Any]] = {}
    if request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad("Bad Request: can't parse JSON encoded request") from None
            if isinstance(body, dict):
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
