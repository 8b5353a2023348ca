"""Read dates the way Indonesian staff type them, show them the way they read them.

* `bot.dates.parsing`: :func:`parse_local_datetime` (one moment), :func:`parse_local_span`
  (a start with an optional or open end), :func:`parse_local_end` (an end after a known
  start); the accepted shapes, the decisions about relative weekdays and parts of the day,
  and every refusal reason are in that module's docstring.
* `bot.dates.errors`: :class:`DateInputError` and its reasons.
* `bot.dates.formatting`: Babel formatting of aware datetimes in Indonesian or English.
* `bot.dates.words`: the vocabulary (month and weekday names from dateparser and Babel) and
  the tokenizer.
"""

from bot.dates.errors import REASONS, DateInputError, DateInputReason
from bot.dates.formatting import (
    format_clock,
    format_date,
    format_datetime,
    format_day,
    format_time,
    format_weekday,
    zone_abbreviation,
)
from bot.dates.parsing import (
    DateSpan,
    parse_local_datetime,
    parse_local_end,
    parse_local_span,
    warm_up,
)

__all__ = [
    "REASONS",
    "DateInputError",
    "DateInputReason",
    "DateSpan",
    "format_clock",
    "format_date",
    "format_datetime",
    "format_day",
    "format_time",
    "format_weekday",
    "parse_local_datetime",
    "parse_local_end",
    "parse_local_span",
    "warm_up",
    "zone_abbreviation",
]
