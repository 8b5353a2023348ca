"""Logging set-up for `main.py run`: text or JSON lines, secrets redacted from every line,
noisy loggers quieted."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterable

from pythonjsonlogger.json import JsonFormatter

REDACTED = "[REDACTED]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Replace each secret in a record's message, traceback and stack text with [REDACTED].

    Installed on the root handler, so it sees the records of every logger (a filter on a
    logger only sees that logger's own records). It covers the bot token as a whole, its
    secret part alone (after the colon, as in `/bot123:ABC/getMe` once split) and their
    URL-encoded forms, and the webhook secret. Secrets shorter than 8 characters are ignored:
    replacing them would garble ordinary words.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        needles: set[str] = set()
        for secret in secrets:
            parts = [secret]
            if ":" in secret:
                parts.append(secret.split(":", 1)[1])
            for part in parts:
                if len(part) >= 8:
                    needles.update({part, urllib.parse.quote(part, safe="")})
        # Longest first, so the whole token goes before its secret part.
        self._needles = sorted(needles, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        for needle in self._needles:
            text = text.replace(needle, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._needles:
            return True
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # Formatter.format uses exc_text when it is set: format the traceback here,
            # where it can be redacted (an exception's text may hold a request URL).
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class QuietStartFailure(logging.Filter):
    """Until the start-up getMe succeeded, drop PTB's tracebacks about it.

    PTB's retry loop logs a failed getMe with its traceback and raises it (and its request
    layer logs a non-JSON answer, such as a web page from a wrong BOT_API_BASE_URL). The
    exception reaches `main.py run`, which prints one line naming the cause and exits with
    its code (bot/startup.py), so the tracebacks would only bury that line. After start-up
    (bot/app.py's post_init calls `started()`) nothing is dropped.
    """

    starting = True

    def filter(self, record: logging.LogRecord) -> bool:
        if not QuietStartFailure.starting or not record.name.startswith("telegram"):
            return True
        message = record.getMessage()
        return not (
            message.startswith("Network Retry Loop (Bootstrap Initialize")
            or message.startswith("Can not load invalid JSON data")
        )


def started() -> None:
    """The bot reached Telegram: from now on PTB's errors are logged as they come."""
    QuietStartFailure.starting = False


class JsonLines(JsonFormatter):
    """One JSON object per record: `time` (ISO 8601, UTC), `level`, `logger`, `message`, and
    `exc_info` (the traceback as text) and `stack_info` when the record has them.

    The traceback is the one `RedactSecrets` formatted and redacted (`exc_text`): the
    library would otherwise format `exc_info` again, secrets and all.
    """

    def __init__(self) -> None:
        super().__init__(
            "{levelname}{name}{message}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_text:
            # A copy: the other handlers (and tests) still see the exception itself.
            record = logging.makeLogRecord(record.__dict__)
            record.exc_info = None
        return super().format(record)


def formatter(log_format: str) -> logging.Formatter:
    """The formatter of `LOG_FORMAT`: `text` (one readable line) or `json` (`JsonLines`)."""
    return JsonLines() if log_format == "json" else logging.Formatter(LOG_FORMAT)


def setup_logging(level: str, secrets: Iterable[str], log_format: str = "text") -> RedactSecrets:
    """Log to stderr at `level` (DEBUG, INFO, WARNING or ERROR) with `secrets` redacted, as
    text lines or JSON objects (`log_format`: `text` or `json`).

    Returns the redacting filter, for text printed outside logging.
    """
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)
    redact = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter(log_format))
        handler.addFilter(QuietStartFailure())
        handler.addFilter(redact)
    # One line per HTTP request at INFO: every getUpdates long poll and every send.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # One INFO line per scheduled job: 2,000 lines and most of a second for 1,000 forums.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Seven "setup plugin" lines and two about the dialect at every start; bot/db.py logs a
    # line of its own when a migration is applied.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return redact
