"""LOG_FORMAT=json: one JSON object per line, secrets redacted as in the text lines."""

from __future__ import annotations

import io
import json
import logging

from bot.logs import REDACTED, RedactSecrets, formatter

TOKEN = "123456:AAH-secret-part-of-the-token"


def logger_to(stream: io.StringIO, log_format: str) -> logging.Logger:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(log_format))
    handler.addFilter(RedactSecrets([TOKEN]))
    logger = logging.getLogger(f"sinergi.test.{log_format}")
    logger.propagate = False  # the test's ERROR catcher must not see the record below
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)
    return logger


def test_a_json_line_has_time_level_logger_message_and_the_traceback() -> None:
    stream = io.StringIO()
    log = logger_to(stream, "json")
    log.info("outbox row %d sent", 7)
    try:
        raise ValueError(f"https://api.telegram.org/bot{TOKEN}/getMe refused")
    except ValueError:
        log.exception("delivery failed for %s", TOKEN)

    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "INFO" and first["logger"] == "sinergi.test.json"
    assert first["message"] == "outbox row 7 sent"
    assert first["time"].endswith("+00:00") and "T" in first["time"]
    assert "exc_info" not in first
    assert second["level"] == "ERROR"
    assert second["message"] == f"delivery failed for {REDACTED}"
    assert "ValueError" in second["exc_info"] and "Traceback" in second["exc_info"]
    assert TOKEN not in stream.getvalue() and "secret-part" not in stream.getvalue()


def test_the_text_format_stays_one_plain_line() -> None:
    stream = io.StringIO()
    logger_to(stream, "text").warning("429 from Telegram: the sender pauses %d s", 3)
    line = stream.getvalue().strip()
    assert line.endswith("WARNING sinergi.test.text: 429 from Telegram: the sender pauses 3 s")
