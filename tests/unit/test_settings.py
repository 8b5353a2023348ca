"""Tests for bot.settings: defaults, parsing of list settings, and readable errors."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.settings import Settings, SettingsError, load_settings, parse_duration

ENV_NAMES = (
    "BOT_TOKEN",
    "DATABASE_URL",
    "TIMEZONE",
    "ADMIN_IDS",
    "DEFAULT_LANGUAGE",
    "REMINDER_OFFSETS",
    "WEBHOOK_URL",
    "WEBHOOK_PORT",
    "WEBHOOK_LISTEN",
    "WEBHOOK_SECRET",
    "SEND_RATE_PER_SECOND",
    "INVITE_TTL_DAYS",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "OPS_PORT",
    "OPS_LISTEN",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting leaks in from the developer's shell."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def load(**overrides: object) -> Settings:
    return load_settings(_env_file=None, **overrides)


def test_defaults() -> None:
    settings = load()
    assert settings.bot_token == ""
    assert settings.database_url == "sqlite+aiosqlite:///data/sinergi.db"
    assert settings.timezone == "Asia/Jakarta"
    assert settings.tz == ZoneInfo("Asia/Jakarta")
    assert settings.admin_ids == ()
    assert settings.default_language == "id"
    assert settings.reminder_offsets == (86400, 7200)
    assert settings.webhook_url == ""
    assert settings.webhook_port == 8443
    assert settings.send_rate_per_second == 29.0
    assert settings.invite_ttl_days == 30
    assert settings.log_level == "INFO"


def test_admin_ids_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "1, 2")
    assert load().admin_ids == (1, 2)


def test_admin_ids_tolerates_empty_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", " 42 ,, 7 ,")
    assert load().admin_ids == (42, 7)


def test_reminder_offsets_sorted_descending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMINDER_OFFSETS", "2h,1d")
    assert load().reminder_offsets == (86400, 7200)


def test_reminder_offsets_deduplicated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMINDER_OFFSETS", "30m, 1800, 90s, 1d")
    assert load().reminder_offsets == (86400, 1800, 90)


def test_timezone_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMEZONE", "Asia/Makassar")
    settings = load()
    assert settings.timezone == "Asia/Makassar"
    assert settings.tz == ZoneInfo("Asia/Makassar")


def test_overrides_beat_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "1")
    assert load(admin_ids=(5, 6)).admin_ids == (5, 6)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), (" 2H ", 7200)],
)
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1w", "-1h", "1.5h", "h"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("env", "value"),
    [
        ("TIMEZONE", "Mars/Olympus_Mons"),
        ("TIMEZONE", "WIB"),
        ("ADMIN_IDS", "x"),
        ("ADMIN_IDS", "1, two"),
        ("REMINDER_OFFSETS", "0s"),
        ("REMINDER_OFFSETS", "abc"),
        ("REMINDER_OFFSETS", "1d,0"),
        ("REMINDER_OFFSETS", " , "),
        ("DATABASE_URL", "sqlite:///data/sinergi.db"),
        ("DATABASE_URL", "postgresql://kpu@localhost/sinergi"),
        ("DATABASE_URL", "postgresql+psycopg2://kpu@localhost/sinergi"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("WEBHOOK_PORT", "70000"),
        ("SEND_RATE_PER_SECOND", "31"),
        ("LOG_LEVEL", "TRACE"),
        ("LOG_FORMAT", "xml"),
        ("OPS_PORT", "70000"),
        ("OPS_PORT", "metrics"),
    ],
)
def test_bad_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError) as info:
        load()
    message = str(info.value)
    assert env in message
    assert message.startswith(f"setting {env} is invalid: ")
    assert "\n" not in message
    assert info.value.__cause__ is None  # `from None`: no pydantic traceback chained
    assert info.value.__suppress_context__


def test_bad_setting_from_override_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="TIMEZONE"):
        load(timezone="Nowhere/Land")


def test_async_drivers_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://kpu@localhost/sinergi")
    assert load().database_url == "postgresql+asyncpg://kpu@localhost/sinergi"


def test_env_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("ADMIN_IDS=11,12\nREMINDER_OFFSETS=3h\nTIMEZONE=Asia/Jayapura\n")
    settings = load_settings(_env_file=env_file)
    assert settings.admin_ids == (11, 12)
    assert settings.reminder_offsets == (10800,)
    assert settings.timezone == "Asia/Jayapura"


def test_env_file_error_names_the_variable(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("REMINDER_OFFSETS=soon\n")
    with pytest.raises(SettingsError, match="REMINDER_OFFSETS"):
        load_settings(_env_file=env_file)


@pytest.mark.parametrize(
    ("given", "level"), [("debug", "DEBUG"), ("Info", "INFO"), (" warning ", "WARNING")]
)
def test_log_level_in_any_case(monkeypatch: pytest.MonkeyPatch, given: str, level: str) -> None:
    monkeypatch.setenv("LOG_LEVEL", given)
    assert load().log_level == level


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEBHOOK_URL", "http://bot.example.go.id/telegram"),
        ("WEBHOOK_URL", "bot.example.go.id/telegram"),
        ("WEBHOOK_SECRET", "rahasia kantor!"),
        ("BOT_TOKEN", "bukan-token"),
    ],
)
def test_webhook_and_token_settings_are_checked(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load()


def test_webhook_listens_on_the_loopback_by_default() -> None:
    assert load().webhook_listen == "127.0.0.1"


def test_the_web_door_opens_only_with_its_own_url() -> None:
    webhook = load_settings(_env_file=None, webhook_url="https://bot.kpu.go.id/telegram")
    assert webhook.public_web_url == ""  # a webhook alone opens no new port
    web = load_settings(_env_file=None, web_url="https://bot.kpu.go.id/")
    assert web.public_web_url == "https://bot.kpu.go.id"
    with pytest.raises(SettingsError, match="WEB_URL"):
        load_settings(_env_file=None, web_url="http://bot.kpu.go.id")


def test_the_operations_endpoints_listen_only_when_asked_and_on_the_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = load()
    assert settings.ops_port is None and settings.ops_listen == "127.0.0.1"
    monkeypatch.setenv("OPS_PORT", "")  # as .env.example writes it
    assert load().ops_port is None
    monkeypatch.setenv("OPS_PORT", "9464")
    assert load().ops_port == 9464


@pytest.mark.parametrize(("given", "log_format"), [(" JSON ", "json"), ("Text", "text")])
def test_log_format_in_any_case(
    monkeypatch: pytest.MonkeyPatch, given: str, log_format: str
) -> None:
    assert load().log_format == "text"
    monkeypatch.setenv("LOG_FORMAT", given)
    assert load().log_format == log_format
