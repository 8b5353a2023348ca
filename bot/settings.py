"""Settings read from the environment or a `.env` file (pydantic-settings)."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """Return seconds for `90`, `90s`, `15m`, `2h` or `1d`.

    Raises:
        ValueError: when the text is not such a duration.
    """
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration such as 1d, 2h, 15m or 90s")
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


class ProcessSettings(BaseSettings):
    """What every process reads, whatever it runs: its database, ports and logs."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///data/sinergi.db"
    webhook_url: str = ""
    # Behind the reverse proxy that terminates TLS (SPEC section 10).
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: str = ""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # text: one readable line per record; json: one JSON object per line (bot/logs.py).
    log_format: Literal["text", "json"] = "text"
    # The operations endpoints (/healthz, /readyz, /metrics; docs/OPERATIONS.md) on a port
    # of their own, never the web door's (the proxy publishes that one). Unset: nothing
    # listens. 0: any free port (tests). Loopback by default: metrics are for the operator.
    ops_listen: str = "127.0.0.1"
    ops_port: int | None = Field(default=None, ge=0, le=65535)

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use an async driver: sqlite+aiosqlite:/// or postgresql+asyncpg://")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https://[^/\s?#]+(/\S*)?", value):
            raise ValueError(f"{value!r} is not an https:// URL (Telegram requires HTTPS)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token(cls, value: str) -> str:
        # setWebhook's secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("use 1 to 256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("ops_port", mode="before")
    @classmethod
    def _unset_port(cls, value: object) -> object:
        # `OPS_PORT=` in .env (as .env.example writes it) means off, like leaving it out.
        return None if isinstance(value, str) and not value.strip() else value


class Settings(ProcessSettings):
    """Everything the bot reads from its environment; see `.env.example` for meanings."""

    bot_token: str = ""
    timezone: str = "Asia/Jakarta"
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    default_language: Literal["id", "en"] = "id"
    reminder_offsets: Annotated[tuple[int, ...], NoDecode] = (86400, 7200)
    bot_api_base_url: str = "https://api.telegram.org/bot"
    bot_api_base_file_url: str = "https://api.telegram.org/file/bot"
    # The web door (issue 12): the dashboard Mini App and the venue kiosk. WEB_URL is the
    # public https:// base Telegram opens (empty: no web door); the pages are served on
    # WEB_LISTEN:WEB_PORT behind the reverse proxy, beside the webhook's port.
    web_url: str = ""
    web_listen: str = "127.0.0.1"
    # 0: any free port (tests).
    web_port: int = Field(default=8080, ge=0, le=65535)
    # How old a Mini App's initData may be before its requests are refused; seconds.
    web_init_data_max_age: int = Field(default=24 * 3600, ge=60, le=7 * 86400)
    office_name: str = "KPU Kota Mojokerto"
    # The letterhead at the first start (issue 11); admins keep it in the bot afterwards.
    office_full_name: str = Field(default="", max_length=200)
    office_address: str = Field(default="", max_length=300)
    office_phone: str = Field(default="", max_length=60)
    office_email: str = Field(default="", max_length=120)
    office_website: str = Field(default="", max_length=120)
    office_city: str = Field(default="", max_length=60)
    office_logo: Path | None = None
    office_signatory_position: str = Field(default="", max_length=150)
    office_signatory_name: str = Field(default="", max_length=150)
    office_signatory_nip: str = Field(default="", max_length=30)
    # The sender's pace. 29: its leaky bucket loses about 0.5/s to the event loop's late
    # wake-ups, and the budget (bot/ratelimit.py) holds any second to 29 calls whatever
    # this says, so 29 here keeps 28.5-29/s on loopback without a 429 (docs/PERFORMANCE.md).
    send_rate_per_second: float = Field(default=29.0, gt=0, le=30)
    send_max_attempts: int = Field(default=5, ge=1, le=20)
    send_retry_base_seconds: float = Field(default=2.0, gt=0, le=600)
    # Requests in flight at once: with Telegram ~0.1-0.2 s away, one at a time cannot keep
    # the pace; a crash can repeat at most this many messages (scheduler/outbox.py).
    send_concurrency: int = Field(default=6, ge=1, le=32)
    # Messages and edits to one private chat in any second (bot/ratelimit.py): Telegram
    # asks for about one a second and tolerates short bursts; a long run is spread out.
    chat_burst: int = Field(default=3, ge=1, le=30)
    send_claim_lease_seconds: float = Field(default=120.0, gt=0, le=3600)
    invite_ttl_days: int = Field(default=30, ge=1)
    # Check-in opens this long before the start (SPEC section 4, attendance); seconds.
    checkin_opens_before: int = Field(default=3600, ge=0, le=7 * 86400)
    # How long a forum with no end time is taken to last (check-in window, .ics); seconds.
    forum_default_duration: int = Field(default=3 * 3600, ge=60, le=7 * 86400)
    # Updates handled at once; one user's always one after the other (bot/updates.py).
    concurrent_updates: int = Field(default=32, ge=1, le=256)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            return tuple(int(part) for part in parts)
        return value

    @field_validator("reminder_offsets", mode="before")
    @classmethod
    def _split_offsets(cls, value: object) -> object:
        if isinstance(value, str):
            offsets = [parse_duration(part) for part in value.split(",") if part.strip()]
            if not offsets or any(offset <= 0 for offset in offsets):
                raise ValueError("give at least one positive duration, e.g. 1d,2h")
            return tuple(sorted(set(offsets), reverse=True))
        return value

    @field_validator(
        "checkin_opens_before", "forum_default_duration", "web_init_data_max_age", mode="before"
    )
    @classmethod
    def _duration(cls, value: object) -> object:
        return parse_duration(value.strip()) if isinstance(value, str) else value

    @field_validator("office_logo", mode="before")
    @classmethod
    def _logo_file(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if value is not None and not Path(str(value)).is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Jakarta)") from exc
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: str) -> str:
        # @BotFather's tokens are `<bot id>:<secret>`; Telegram answers others 404 Not Found,
        # which would look like a wrong BOT_API_BASE_URL. The value is never echoed.
        value = value.strip()
        if value and not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", value):
            raise ValueError("not a token from @BotFather (digits, a colon, then the secret)")
        return value

    @field_validator("web_url")
    @classmethod
    def _https_web_url(cls, value: str) -> str:
        return cls._https_url(value)

    @cached_property
    def tz(self) -> ZoneInfo:
        """The configured zone, used only to read and show times."""
        return ZoneInfo(self.timezone)

    @property
    def public_web_url(self) -> str:
        """The web door's public base URL (WEB_URL) without a trailing slash; "" when there
        is none. Never derived from WEBHOOK_URL: opening a port must be the operator's act
        (an upgrade must not start listening on WEB_PORT by itself)."""
        return self.web_url.rstrip("/")

    @property
    def calendar_alarm_before(self) -> int:
        """Seconds before a forum's start that its `.ics` alarm rings: the last reminder's."""
        return min(self.reminder_offsets, default=7200)


AnySettings = TypeVar("AnySettings", bound=ProcessSettings)


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


def load_settings(**overrides: Any) -> Settings:
    """Read the bot's settings, turning validation errors into one readable line.

    Raises:
        SettingsError: naming the first bad setting by its environment name.
    """
    return load(Settings, **overrides)


def load(kind: type[AnySettings], **overrides: Any) -> AnySettings:
    """Read settings of `kind` (the bot's or a worker's), as `load_settings` does.

    Raises:
        SettingsError: naming the first bad setting by its environment name.
    """
    try:
        return kind(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "?"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"setting {name} is invalid: {message}") from None
