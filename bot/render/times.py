"""Times as users read them ("Senin, 14 Desember 2026, pukul 09.00-12.00 WIB"), the read-back
of a typed date, the refusals with examples, and reminder offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dates import (
    DateInputError,
    DateInputReason,
    format_clock,
    format_date,
    format_day,
    format_time,
    format_weekday,
    parse_local_span,
    zone_abbreviation,
)
from bot.i18n import Html, t
from models import Forum


def moment(value: datetime, lang: str, tz: ZoneInfo) -> Html:
    """One moment as users read it: "Senin, 14 Oktober 2024, pukul 09.00 WIB"."""
    return t(
        lang,
        "date-moment",
        date=format_date(value, tz=tz, lang=lang),
        time=format_time(value, tz=tz, lang=lang),
    )


def when(forum: Forum, lang: str, tz: ZoneInfo) -> Html:
    """A forum's time (`span` of its start and end; no end reads "s.d. selesai")."""
    return span(lang, tz, forum.starts_at, forum.ends_at, open_end=forum.ends_at is None)


def time_until(start: datetime, now: datetime, lang: str) -> Html:
    """How far away a forum is, as staff say it: "H-1", "2 jam lagi", "15 menit lagi"."""
    seconds = max(0.0, (start - now).total_seconds())
    if seconds >= 20 * 3600:
        return t(lang, "until-days", days=max(1, round(seconds / 86400)))
    if seconds >= 3600:
        return t(lang, "until-hours", hours=round(seconds / 3600))
    return t(lang, "until-minutes", minutes=max(1, round(seconds / 60)))


def _example_day(now: datetime, tz: ZoneInfo) -> datetime:
    """The day examples are shown for: a week ahead, so never in the past."""
    return (now + timedelta(days=7)).astimezone(tz)


def date_examples(now: datetime, tz: ZoneInfo) -> str:
    """The accepted date forms, shown for a day a week ahead (never an example in the past)."""
    day = _example_day(now, tz)
    long_form = format_date(day, tz=tz, lang="id")  # "Minggu, 6 Desember 2026"
    return " · ".join(
        [
            f"{day:%d/%m/%Y} 09:00",
            f"{day:%d-%m-%Y} 09.00",
            f"{long_form.split(', ', 1)[1]} pukul 09.00",
            f"{long_form} 9:00",
            "besok 09:00",
            "besok jam 9 pagi",
            "Senin depan pukul 10.00",
        ]
    )


def range_examples(now: datetime, tz: ZoneInfo) -> str:
    """A start typed with its end, and with an open end, for a day a week ahead."""
    long_form = format_date(_example_day(now, tz), tz=tz, lang="id")
    return f"{long_form} pukul 09.00–12.00 · {long_form} pukul 09.00 s.d. selesai"


def span(
    lang: str, tz: ZoneInfo, start: datetime, end: datetime | None, *, open_end: bool = False
) -> Html:
    """A start with its end as staff write it: "Senin, 14 Desember 2026, pukul 09.00–12.00
    WIB", "... pukul 09.00 WIB s.d. selesai", or both dates when the end is another day."""
    date = format_date(start, tz=tz, lang=lang)
    if open_end:
        return t(lang, "date-open-end", date=date, time=format_time(start, tz=tz, lang=lang))
    if end is None:
        return moment(start, lang, tz)
    if end.astimezone(tz).date() != start.astimezone(tz).date():
        return t(lang, "date-days", start=moment(start, lang, tz), end=moment(end, lang, tz))
    same_zone = zone_abbreviation(tz, start) == zone_abbreviation(tz, end)
    return t(
        lang,
        "date-range",
        date=date,
        start=(format_clock if same_zone else format_time)(start, tz=tz, lang=lang),
        end=format_time(end, tz=tz, lang=lang),
    )


def read_back(
    lang: str,
    tz: ZoneInfo,
    start: datetime,
    end: datetime | None = None,
    *,
    open_end: bool = False,
) -> Html:
    """What a typed date was understood as, shown right after it is typed:
    "Dibaca: Senin, 14 Desember 2026, pukul 09.00 WIB" (see `span` for an end)."""
    return t(lang, "date-read", when=span(lang, tz, start, end, open_end=open_end))


_DATE_ERROR_KEYS: dict[DateInputReason, str] = {
    "unparseable": "error-date-unparseable",
    "two_times": "error-date-two-times",
    "no_day": "error-date-no-day",
    "two_dates": "error-date-two-dates",
    "invalid": "error-date-invalid",
    "ambiguous_day": "error-date-ambiguous-day",
    "ambiguous_hour": "error-date-ambiguous-hour",
    "no_date": "error-date-no-date",
    "no_time": "error-date-no-time",
    "weekday_mismatch": "error-date-weekday-mismatch",
    "range": "error-date-range",
    "end_before_start": "error-date-end-before-start",
    "past": "error-date-past-when",
}


def _with_a_time(text: str, now: datetime, tz: ZoneInfo) -> str:
    """A day typed without a time, with one that fits it: "besok 09:00", "nanti sore 15.00"
    (a morning hour would contradict "sore")."""
    for clock, hour in (("09:00", 9), ("15.00", 15), ("19.00", 19)):
        try:
            read = parse_local_span(f"{text} {clock}", now=now, tz=tz, allow_past=True)
        except DateInputError:
            continue
        if read.starts_at.astimezone(tz).hour == hour:  # "malam 09:00" would be 21.00
            return f"{text} {clock}"
    return f"{text} 09:00"


def date_error(lang: str, error: DateInputError, now: datetime, tz: ZoneInfo) -> Html:
    """Why a typed date is refused, quoting it, with examples for a day a week after `now`."""
    day = _example_day(now, tz)
    values: dict[str, str] = {"text": error.text, "examples": date_examples(now, tz)}
    if error.reason in ("two_times", "end_before_start"):
        values["range"] = f"{day:%d/%m/%Y} 09.00–12.00"
        values["overnight"] = f"{day:%d/%m/%Y} 20.00 s.d. {day + timedelta(days=1):%d/%m/%Y} 01.00"
    elif error.reason == "ambiguous_day":
        first, second = error.candidates
        values |= {
            "first": format_day(first, lang=lang),
            "second": format_day(second, lang=lang),
            "weekday": format_weekday(first, lang=lang),
            "example": f"{second:%d/%m/%Y} 09.00",
        }
    elif error.reason == "no_time":
        values["example"] = _with_a_time(error.text, now, tz)
    elif error.reason == "ambiguous_hour":
        values["late"] = f"{day:%d/%m/%Y} 23.00"
        values["early"] = f"{day + timedelta(days=1):%d/%m/%Y} 00.30"
    elif error.reason == "past":
        assert error.moment is not None  # the parser always says what was read
        values["when"] = moment(error.moment, lang, tz)
    return t(lang, _DATE_ERROR_KEYS[error.reason], **values)


def offset_label(lang: str, seconds: int) -> Html:
    """A reminder offset as staff say it: "H-1", "2 jam", "30 menit" (or "45 detik")."""
    for size, key, name in ((86400, "offset-days", "days"), (3600, "offset-hours", "hours")):
        if seconds % size == 0:
            return t(lang, key, **{name: seconds // size})
    if seconds % 60 == 0:
        return t(lang, "offset-minutes", minutes=seconds // 60)
    return t(lang, "offset-seconds", seconds=seconds)


def offset_labels(lang: str, offsets: Sequence[int]) -> dict[int, str]:
    """Each offset (seconds) with its label, in the given order (for toggle buttons)."""
    return {offset: offset_label(lang, offset) for offset in offsets}


def offsets_label(lang: str, offsets: Sequence[int]) -> Html:
    """ "H-1, 2 jam" (largest first), or "tanpa pengingat"."""
    if not offsets:
        return t(lang, "offsets-none")
    return Html(", ".join(offset_label(lang, o) for o in sorted(offsets, reverse=True)))
