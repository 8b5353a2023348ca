"""Why a typed date is refused (:class:`DateInputError`), and the check for naive datetimes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final, Literal, get_args

__all__ = ["REASONS", "DateInputError", "DateInputReason", "require_aware"]

DateInputReason = Literal[
    "unparseable",
    "two_times",
    "no_day",
    "two_dates",
    "invalid",
    "ambiguous_day",
    "ambiguous_hour",
    "no_date",
    "no_time",
    "weekday_mismatch",
    "range",
    "end_before_start",
    "past",
]

#: Every reason, in the order in which they are checked (see `bot.dates.parsing`).
REASONS: Final[tuple[DateInputReason, ...]] = get_args(DateInputReason)


class DateInputError(ValueError):
    """User-typed date/time text that cannot be accepted.

    Attributes:
        reason: one of :data:`REASONS` (the module docstring of `bot.dates.parsing` gives
            each one's meaning and the order in which they are checked).
        text: the original, unmodified input text.
        moment: for ``"past"``, what the text was read as (aware UTC), so the refusal can
            show it; ``None`` otherwise.
        candidates: for ``"ambiguous_day"``, the two calendar days the text could mean
            (earlier first); empty otherwise.
    """

    def __init__(
        self,
        reason: DateInputReason,
        text: str,
        *,
        moment: datetime | None = None,
        candidates: tuple[date, ...] = (),
    ) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown DateInputError reason: {reason!r}")
        super().__init__(f"{reason}: {text!r}")
        self.reason: DateInputReason = reason
        self.text: str = text
        self.moment: datetime | None = moment
        self.candidates: tuple[date, ...] = candidates


def require_aware(moment: datetime, name: str) -> None:
    """Raise ``ValueError`` for a naive datetime argument (a programming error)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {moment!r}")
