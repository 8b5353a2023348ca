"""Who is asking: the Mini App's initData, validated with `telegram-webapp-auth`.

Telegram signs the initData it gives a Mini App with a key derived from the bot token
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app); the page
sends it back in `Authorization: tma <initData>` on every request, as Telegram's Mini Apps
documentation suggests. A forged hash, a missing user or an `auth_date` older than
WEB_INIT_DATA_MAX_AGE is refused before any view runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from telegram_webapp_auth.auth import TelegramAuthenticator, generate_secret_key
from telegram_webapp_auth.errors import ExpiredInitDataError, InvalidInitDataError

SCHEME = "tma "
# Telegram's user ids fit in 52 bits (Bot API: "at most 52 significant bits").
MAX_USER_ID = 2**52
CLOCK_SKEW = 60


class Refused(Exception):
    """The request's initData does not prove a Telegram user; `key` names the catalog text
    (`web-auth-missing`, `web-auth-invalid`, `web-auth-expired`)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class TelegramUser:
    """The user Telegram vouches for: their id and the language their app is in."""

    id: int
    language_code: str | None


class InitDataCheck:
    """Checks initData against one bot token.

    Args:
        bot_token: The bot's token (its HMAC key, never sent anywhere).
        max_age: Seconds an initData stays valid after its `auth_date`.
    """

    def __init__(self, bot_token: str, max_age: int) -> None:
        self._check = TelegramAuthenticator(generate_secret_key(bot_token))
        self._max_age = timedelta(seconds=max_age)

    def user(self, header: str | None) -> TelegramUser:
        """The user of an `Authorization` header's initData.

        Raises:
            Refused: no initData, a bad signature or shape, no user in it, or too old.
        """
        if not header or not header.startswith(SCHEME) or len(header) > 8192:
            raise Refused("web-auth-missing")
        try:
            data = self._check.validate(header[len(SCHEME) :], expr_in=self._max_age)
        except ExpiredInitDataError:
            raise Refused("web-auth-expired") from None
        except (InvalidInitDataError, ValueError):
            raise Refused("web-auth-invalid") from None
        user = data.user
        if user is None or not isinstance(user.id, int) or not 0 < user.id < MAX_USER_ID:
            raise Refused("web-auth-invalid")
        # Telegram signs the moment it opens the Mini App: a later one is not Telegram's.
        if data.auth_date > time.time() + CLOCK_SKEW:
            raise Refused("web-auth-invalid")
        return TelegramUser(id=user.id, language_code=user.language_code)
