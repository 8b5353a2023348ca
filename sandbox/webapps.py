"""Mini Apps as a Telegram client opens them: the web_app URL with signed initData.

Telegram's client appends `#tgWebAppData=<initData>&tgWebAppVersion=…&tgWebAppPlatform=…
&tgWebAppThemeParams=…` to the Mini App's URL. initData is a query string (`user` as JSON,
`auth_date`, `query_id`, `signature`, `hash`) whose `hash` is the HMAC-SHA256 of the sorted
`key=value` lines under the key HMAC-SHA256("WebAppData", bot token)
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app). This
module signs as Telegram does, written from the documentation alone, so the bot's validator
(a library) is checked against an independent implementation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any
from urllib.parse import quote, urlencode

#: A light theme as Telegram's Android client sends it (`ThemeParams`).
THEME = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
}
VERSION = "9.1"


def init_data(
    bot_token: str,
    user: dict[str, Any],
    *,
    auth_date: int | None = None,
    query_id: str | None = None,
) -> str:
    """The initData Telegram gives a Mini App opened by `user` (a `WebAppUser` dict).

    `auth_date` is Unix seconds (default: now). The Ed25519 `signature` for third parties
    is Telegram's own key's, which nobody else has: a random one of the right shape stands
    in (the bot checks `hash`, as the documentation says for a bot's own Mini App).
    """
    fields = {
        "query_id": query_id or "AAH" + secrets.token_urlsafe(12),
        "user": json.dumps(user, ensure_ascii=False, separators=(",", ":")),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        "signature": base64.urlsafe_b64encode(secrets.token_bytes(64)).decode().rstrip("="),
    }
    check = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields, quote_via=quote)


def fragment(data: str, *, theme: dict[str, str] | None = None) -> str:
    """The `#…` Telegram appends to a Mini App's URL."""
    return "#" + urlencode(
        {
            "tgWebAppData": data,
            "tgWebAppVersion": VERSION,
            "tgWebAppPlatform": "android",
            "tgWebAppThemeParams": json.dumps(theme or THEME, separators=(",", ":")),
        },
        quote_via=quote,
    )
