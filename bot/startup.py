"""Start-up failures `main.py run` reports in one line, each with its own exit code."""

from __future__ import annotations

import enum
import errno
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut

from bot.settings import Settings


class ExitCode(enum.IntEnum):
    """`main.py run`'s exit codes (listed in the README)."""

    OK = 0
    UNEXPECTED = 1  # a bug: Python's traceback is printed
    SETTINGS = 2
    ANOTHER_INSTANCE = 3
    TELEGRAM_UNREACHABLE = 4
    TOKEN_REJECTED = 5
    DATABASE_UNAVAILABLE = 6
    DATA_FOLDER = 7
    WEBHOOK_PORT = 8  # or the web door's WEB_PORT, or OPS_PORT


class StartupFailure(Exception):
    """The bot cannot start; `str()` is one line saying what is wrong and what to do."""

    def __init__(self, code: ExitCode, line: str) -> None:
        super().__init__(line)
        self.code = code


def explain(exc: BaseException, settings: Settings) -> StartupFailure | None:
    """The one-line report for an exception that stopped the start, or None for a bug.

    Telegram errors come from the start-up getMe (and setWebhook, setMyCommands);
    database errors from migrations and the instance lock; an OSError "address in use"
    from binding the webhook port.
    """
    if isinstance(exc, StartupFailure):
        return exc
    if isinstance(exc, InvalidToken):
        # Bot.initialize re-raises getMe's error with the token in its text: use the cause.
        answer = exc.__cause__ if isinstance(exc.__cause__, InvalidToken) else exc
        if answer.message.startswith("Unauthorized"):
            return StartupFailure(
                ExitCode.TOKEN_REJECTED,
                "the Bot API rejected BOT_TOKEN (401 Unauthorized): copy the token again "
                "from @BotFather (/mybots, API Token) into .env",
            )
        # 404, or a page that is not the Bot API's: the token's shape was checked by the
        # settings, so the address is wrong.
        return StartupFailure(
            ExitCode.TELEGRAM_UNREACHABLE,
            f"the Bot API at {_api_host(settings)} answered {answer.message.split('.')[0]!r} "
            "to getMe: check BOT_API_BASE_URL (https://api.telegram.org/bot unless you run "
            "your own Bot API server)",
        )
    if isinstance(exc, NetworkError | TimedOut):
        return StartupFailure(
            ExitCode.TELEGRAM_UNREACHABLE,
            f"cannot reach the Bot API at {_api_host(settings)} ({exc.message}): check the "
            "network, a proxy or firewall, and BOT_API_BASE_URL",
        )
    if isinstance(exc, TelegramError):
        return StartupFailure(
            ExitCode.TELEGRAM_UNREACHABLE,
            f"the Bot API at {_api_host(settings)} answered {exc.message!r}: check "
            "BOT_API_BASE_URL (https://api.telegram.org/bot unless you run your own server)",
        )
    if isinstance(exc, OSError) and exc.errno == errno.EADDRINUSE:
        return StartupFailure(
            ExitCode.WEBHOOK_PORT,
            f"cannot listen on {settings.webhook_listen}:{settings.webhook_port} for the "
            "webhook: the port is in use; stop what uses it or change WEBHOOK_PORT",
        )
    return None


def database_failure(exc: BaseException, database_url: str) -> StartupFailure | None:
    """The one-line report for an error opening or migrating the database, or None."""
    if not isinstance(exc, OSError | SQLAlchemyError):
        return None
    url = make_url(database_url)
    reason = _reason(exc)
    if url.get_backend_name() == "sqlite":
        return StartupFailure(
            ExitCode.DATA_FOLDER,
            f"cannot write the SQLite database {url.database} ({reason}): make its folder "
            "writable for this user, or point DATABASE_URL elsewhere",
        )
    where = f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    return StartupFailure(
        ExitCode.DATABASE_UNAVAILABLE,
        f"cannot use the database at {where} ({reason}): check that the server runs and "
        "accepts connections, and the user, password and database name in DATABASE_URL",
    )


def _reason(exc: BaseException) -> str:
    """The innermost error's text on one line, without SQLAlchemy's boilerplate."""
    inner = exc
    nested = getattr(inner, "orig", None)  # SQLAlchemy wraps the driver's error
    while isinstance(nested, BaseException):
        inner, nested = nested, getattr(nested, "orig", None)
    lines = str(inner).strip().splitlines()
    return lines[0] if lines else type(inner).__name__


def _api_host(settings: Settings) -> str:
    """scheme://host[:port] of BOT_API_BASE_URL: never its path, where a token could sit."""
    parts = urlsplit(settings.bot_api_base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "BOT_API_BASE_URL"
