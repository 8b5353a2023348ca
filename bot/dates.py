"""Read dates the way Indonesian staff type them, show them the way they read them.

Parsing (:func:`parse_local_datetime`) turns an admin's free-typed date and time, e.g.
``"Senin, 14 Okt 2024 pukul 09.00"`` or ``"besok 14.30"``, into a timezone-aware UTC
``datetime``. Formatting (:func:`format_date`, :func:`format_time`, :func:`format_datetime`)
renders an aware datetime in a zone, in Indonesian (default) or English, via Babel.

Conventions:

* Every ``datetime`` accepted or returned is timezone-aware; returned ones are in UTC.
  A naive ``datetime`` argument is a programming error and raises :class:`ValueError`
  (not :class:`DateInputError`, which is reserved for bad user input).
* Dates are always read day-month-year (Indonesian order); ISO ``YYYY-MM-DD`` is also accepted.
* A time of day is mandatory and must be explicit (``09:00``, ``09.00``, ``9:00``, or a bare
  hour after ``jam``/``pukul``/``pkl``). Nothing is ever guessed: anything that is not one of
  the recognised shapes is refused.

Accepted shapes (case-insensitive; commas, parentheses, "tanggal"/"tgl", "hari" before a
weekday, and the markers "pukul"/"pkl"/"jam"/"at" are ignored):

* date part, exactly one of
  - ``DD/MM/YYYY``, ``DD-MM-YYYY``, ``DD.MM.YYYY`` (also with a two-digit year = 20YY),
  - ``DD/MM``, ``DD-MM`` (no year: the next occurrence on or after today's date),
  - ``YYYY-MM-DD``,
  - ``DD <month name> [YYYY|YY]`` with Indonesian or English month names/abbreviations,
  - ``hari ini``, ``besok``, ``lusa``, ``today``, ``tomorrow``;
* exactly one time: ``H:MM``/``HH:MM``/``H.MM``/``HH.MM`` anywhere, or ``jam 9``/``pukul 9``;
* optionally one weekday name (Indonesian or English, full or abbreviated) that must match
  the date;
* optionally one zone abbreviation ``WIB``/``WITA``/``WIT``, which overrides ``tz`` for this
  input (``"09.00 WITA"`` always means 01:00 UTC).

Refusal reasons (:attr:`DateInputError.reason`):

* ``"unparseable"`` - not one of the shapes above (garbage, empty, a lone number or month,
  a time without a date, two times/weekdays/zones, unknown words, more than 100 characters).
* ``"invalid"`` - the shape is right but a value is impossible: a calendar date that does not
  exist (``31/02/2025``, ``30/02``, ``1/13/2025``), an hour > 23 or minute > 59
  (``25:00 besok``, ``14/10/2024 09:61``), or a local time skipped by a DST change.
* ``"no_time"`` - a valid date but no time (``14/10/2024``).
* ``"weekday_mismatch"`` - a weekday name that is not the date's weekday.
* ``"past"`` - earlier than ``now`` (only when ``allow_past`` is false).

When several apply, the first in this order wins: unparseable, invalid date, no_time,
invalid time, weekday_mismatch, invalid (DST gap), past. So ``30/02`` (no time either) is
``"invalid"`` and ``"09:61"`` (no date) is ``"unparseable"``.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

import dateparser
from babel import dates as babel_dates
from dateparser.languages.loader import default_loader

__all__ = [
    "DateInputError",
    "DateInputReason",
    "format_date",
    "format_datetime",
    "format_time",
    "parse_local_datetime",
    "warm_up",
    "zone_abbreviation",
]

DateInputReason = Literal["unparseable", "past", "invalid", "no_time", "weekday_mismatch"]

_REASONS: Final[frozenset[str]] = frozenset(
    {"unparseable", "past", "invalid", "no_time", "weekday_mismatch"}
)


class DateInputError(ValueError):
    """User-typed date/time text that cannot be accepted.

    Attributes:
        reason: one of ``"unparseable"``, ``"past"``, ``"invalid"``, ``"no_time"``,
            ``"weekday_mismatch"`` (see the module docstring for exact meanings).
        text: the original, unmodified input text.
    """

    def __init__(self, reason: DateInputReason, text: str) -> None:
        if reason not in _REASONS:
            raise ValueError(f"unknown DateInputError reason: {reason!r}")
        super().__init__(f"{reason}: {text!r}")
        self.reason: DateInputReason = reason
        self.text: str = text


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

_MAX_INPUT_CHARS: Final = 100
_LANGUAGES: Final[list[str]] = ["id", "en"]
_BABEL_LOCALES: Final[tuple[str, ...]] = ("id", "en")

#: Explicit Indonesian zone abbreviations typed after a time; they override ``tz``.
_ZONE_BY_ABBREVIATION: Final[dict[str, str]] = {
    "wib": "Asia/Jakarta",
    "wita": "Asia/Makassar",
    "wit": "Asia/Jayapura",
}
_TIME_MARKERS: Final[frozenset[str]] = frozenset({"pukul", "pkl", "jam", "at", "@"})
_NOISE_WORDS: Final[frozenset[str]] = frozenset({"tanggal", "tgl"})
#: Relative day words -> the phrase handed to dateparser ("lusa" is unknown to dateparser).
_RELATIVE_PHRASES: Final[dict[str, str]] = {
    "hari ini": "hari ini",
    "besok": "besok",
    "lusa": "dalam 2 hari",
    "today": "today",
    "tomorrow": "tomorrow",
}

_A = re.ASCII
_TIME_TOKEN: Final = re.compile(r"(\d{1,2})[:.](\d{2})(wib|wita|wit)?", _A)
_BARE_HOUR: Final = re.compile(r"\d{1,2}", _A)
_NUMERIC_DMY: Final = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})", _A)
_NUMERIC_DM: Final = re.compile(r"(\d{1,2})([/-])(\d{1,2})", _A)
_ISO_YMD: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", _A)
_TEXTUAL: Final = re.compile(r"(\d{1,2}) ([a-z]+)(?: (\d{4}|\d{2}))?", _A)
_PUNCTUATION: Final = re.compile(r"[,;()]")
_APOSTROPHES: Final = re.compile(r"['’`]")
_DOT_AFTER_LETTER: Final = re.compile(r"(?<=[a-z])\.")


@dataclass(frozen=True, slots=True)
class _Pieces:
    """The normalised pieces of one input: what is left for dateparser plus extracted parts."""

    date_part: str
    hour: int | None
    minute: int | None
    weekday: int | None  # Monday == 0
    zone: ZoneInfo | None


_MONTH_KEYS: Final[tuple[str, ...]] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAY_KEYS: Final[tuple[str, ...]] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip


def _vocabulary_key(word: str) -> str:
    """How a month/weekday name is compared: lower case, no apostrophes, no trailing dot."""
    return _APOSTROPHES.sub("", word.lower()).rstrip(".")


def _dateparser_names(keys: tuple[str, ...]) -> dict[str, int]:
    """Names dateparser itself knows (id + en) for ``keys`` -> index into ``keys``."""
    names: dict[str, int] = {}
    for language in _LANGUAGES:
        info = default_loader.get_locale(language).info
        for index, key in enumerate(keys):
            for name in info.get(key, []):
                names[_vocabulary_key(name)] = index
    return names


@lru_cache(maxsize=1)
def _weekday_names() -> dict[str, int]:
    """Weekday names -> Monday-based index.

    Babel's wide and abbreviated names (id + en) plus dateparser's variants ("ahad", "tues");
    two-letter forms ("mo", "we") are left out so that ordinary words are not taken as days.
    """
    names = {
        key: index for key, index in _dateparser_names(_WEEKDAY_KEYS).items() if len(key) >= 3
    }
    for locale in _BABEL_LOCALES:
        for width in ("wide", "abbreviated"):
            for index, name in babel_dates.get_day_names(width, locale=locale).items():
                names[_vocabulary_key(name)] = index
    return names


@lru_cache(maxsize=1)
def _month_names() -> dict[str, int]:
    """Month names dateparser knows (id + en, full and abbreviated) -> month number 1-12.

    Used as a gate before dateparser reads ``DD <word> YYYY``: dateparser skips many filler
    words ("the", "yang", "a"), so "14 yang 2024" would otherwise quietly become 14 January.
    """
    return {key: index + 1 for key, index in _dateparser_names(_MONTH_KEYS).items()}


def _dateparser_settings(relative_base: datetime) -> dict[str, Any]:
    """dateparser settings: DMY order, naive local output, relative words against the base."""
    return {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": relative_base,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def _dateparser_date(text: str, relative_base: datetime) -> date | None:
    """Run dateparser on a pre-validated date phrase; return the calendar date or ``None``."""
    try:
        parsed = dateparser.parse(
            text, languages=_LANGUAGES, settings=_dateparser_settings(relative_base)
        )
    except (ValueError, OverflowError, TypeError, KeyError, IndexError):
        return None
    return None if parsed is None else parsed.date()


def _normalise(text: str) -> list[str]:
    """Lower-case, drop punctuation/apostrophes/abbreviation dots, split into tokens."""
    lowered = _APOSTROPHES.sub("", text.strip().lower())
    lowered = _DOT_AFTER_LETTER.sub("", _PUNCTUATION.sub(" ", lowered))
    return lowered.split()


def _split(text: str) -> _Pieces:
    """Extract time, weekday and zone tokens; raise ``unparseable`` on duplicates/garbage."""
    tokens = _normalise(text)
    weekday_names = _weekday_names()
    hour: int | None = None
    minute: int | None = None
    weekday: int | None = None
    zone: ZoneInfo | None = None
    rest: list[str] = []

    def set_time(h: str, m: str) -> None:
        nonlocal hour, minute
        if hour is not None:
            raise DateInputError("unparseable", text)
        hour, minute = int(h), int(m)

    def set_zone(abbreviation: str) -> None:
        nonlocal zone
        if zone is not None:
            raise DateInputError("unparseable", text)
        zone = ZoneInfo(_ZONE_BY_ABBREVIATION[abbreviation])

    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token in _TIME_MARKERS:
            if following is not None and _BARE_HOUR.fullmatch(following):
                set_time(following, "00")
                index += 1
        elif token in _ZONE_BY_ABBREVIATION:
            set_zone(token)
        elif token in _NOISE_WORDS or (token == "hari" and following in weekday_names):
            pass  # "tanggal 14 ...", "hari Senin, ..."
        elif token in weekday_names:
            if weekday is not None:
                raise DateInputError("unparseable", text)
            weekday = weekday_names[token]
        elif match := _TIME_TOKEN.fullmatch(token):
            set_time(match[1], match[2])
            if match[3]:
                set_zone(match[3])
        else:
            rest.append(token)
        index += 1
    return _Pieces(" ".join(rest), hour, minute, weekday, zone)


def _full_year(digits: str) -> int:
    """A typed year: four digits as is, two digits as 20YY."""
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _checked(parsed: date | None, day: int, month: int, year: int | None) -> date:
    """Return ``parsed`` if dateparser agreed with the typed numbers, else raise a sentinel.

    dateparser silently swaps day and month when the DMY reading is impossible (``1/13/2024``
    -> 13 January); such results are rejected here so that nothing is guessed.
    """
    if (
        parsed is None
        or parsed.day != day
        or parsed.month != month
        or (year is not None and parsed.year != year)
    ):
        raise _InvalidDate
    return parsed


class _InvalidDate(Exception):
    """Internal: the date part has a date shape but names an impossible calendar day."""


def _resolve_date(date_part: str, local_now: datetime, text: str) -> date:
    """Turn the date phrase into a calendar date (dateparser does the reading).

    Raises ``unparseable`` if the phrase has no recognised shape and ``invalid`` if it names
    an impossible day. A yearless date resolves to its next occurrence on or after the date
    of ``local_now``.
    """
    base = local_now.replace(tzinfo=None)
    try:
        if date_part in _RELATIVE_PHRASES:
            resolved = _dateparser_date(_RELATIVE_PHRASES[date_part], base)
            if resolved is None:  # pragma: no cover - dateparser knows these phrases
                raise DateInputError("unparseable", text)
            return resolved
        if match := _ISO_YMD.fullmatch(date_part):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
            return _checked(_dateparser_date(date_part, base), day, month, year)
        if match := _NUMERIC_DMY.fullmatch(date_part):
            day, month, year = int(match[1]), int(match[3]), _full_year(match[4])
            typed = f"{match[1]}{match[2]}{match[3]}{match[2]}{year:04d}"
            return _checked(_dateparser_date(typed, base), day, month, year)
        if match := _TEXTUAL.fullmatch(date_part):
            found_month = _month_names().get(match[2])
            if found_month is None:
                raise DateInputError("unparseable", text)
            day, month = int(match[1]), found_month
            if match[3] is not None:
                year = _full_year(match[3])
                typed = f"{match[1]} {match[2]} {year:04d}"
                return _checked(_dateparser_date(typed, base), day, month, year)
            return _yearless(date_part, " ", day, month, local_now)
        if match := _NUMERIC_DM.fullmatch(date_part):
            day, month = int(match[1]), int(match[3])
            return _yearless(date_part, match[2], day, month, local_now)
    except _InvalidDate:
        raise DateInputError("invalid", text) from None
    raise DateInputError("unparseable", text)


def _yearless(phrase: str, separator: str, day: int, month: int, local_now: datetime) -> date:
    """Resolve a day+month without a year to its next occurrence on or after today.

    "Today" is ``local_now``'s date, so today's date with an already-passed time stays this
    year (and is then refused as ``"past"``) rather than silently jumping a year ahead.
    ``phrase + separator + YYYY`` is what dateparser reads for each candidate year. Raises
    ``_InvalidDate`` if the day never exists (``30/02``).
    """
    base = local_now.replace(tzinfo=None)
    candidates = [local_now.year, local_now.year + 1]
    if day == 29 and month == 2:  # a leap day may be up to eight years away (2096 -> 2104)
        candidates = [local_now.year + offset for offset in range(9)]
    for year in candidates:
        try:
            resolved = _checked(
                _dateparser_date(f"{phrase}{separator}{year:04d}", base), day, month, year
            )
        except _InvalidDate:
            continue
        if resolved >= base.date():
            return resolved
    raise _InvalidDate


def _valid_time(hour: int | None, minute: int | None) -> bool:
    """Whether a typed hour/minute pair is a real 24-hour clock time."""
    return hour is not None and minute is not None and 0 <= hour <= 23 and 0 <= minute <= 59


def _require_aware(moment: datetime, name: str) -> None:
    """Raise ``ValueError`` for a naive datetime argument (a programming error)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {moment!r}")


def parse_local_datetime(
    text: str, *, now: datetime, tz: ZoneInfo, allow_past: bool = False
) -> datetime:
    """Parse an admin's typed date and time, read in zone ``tz``, into an aware UTC datetime.

    Args:
        text: free text as typed, e.g. ``"14/10/2024 09:00"``, ``"Senin, 14 Okt 2024 9:00"``,
            ``"14 Oktober 2024 pukul 09.00 WIB"``, ``"besok 14.30"``, ``"lusa jam 10"``
            (see the module docstring for every accepted shape).
        now: the current instant, timezone-aware (any zone; UTC expected). Relative words
            ("besok") count from ``now`` as seen in the effective zone, yearless dates take the
            next occurrence on or after its date, and the past check compares against it.
        tz: the zone the admin's wall-clock time is in. A typed ``WIB``/``WITA``/``WIT``
            overrides it for this input.
        allow_past: when false (default), a moment strictly earlier than ``now`` is refused.

    Returns:
        A timezone-aware ``datetime`` in UTC with second and microsecond 0. On an ambiguous
        local time (DST fall-back) the earlier instant (``fold=0``) is chosen.

    Raises:
        DateInputError: ``reason`` is ``"unparseable"``, ``"invalid"``, ``"no_time"``,
            ``"weekday_mismatch"`` or ``"past"`` (precedence: see the module docstring).
        ValueError: ``now`` is naive (a programming error, not a DateInputError).
    """
    _require_aware(now, "now")
    if not text or len(text) > _MAX_INPUT_CHARS:
        raise DateInputError("unparseable", text)
    pieces = _split(text)
    if not pieces.date_part:
        raise DateInputError("unparseable", text)
    zone = pieces.zone or tz
    try:
        local_now = now.astimezone(zone)
    except OverflowError:
        raise DateInputError("invalid", text) from None
    day = _resolve_date(pieces.date_part, local_now, text)
    if pieces.hour is None or pieces.minute is None:
        raise DateInputError("no_time", text)
    if not _valid_time(pieces.hour, pieces.minute):
        raise DateInputError("invalid", text)
    if pieces.weekday is not None and pieces.weekday != day.weekday():
        raise DateInputError("weekday_mismatch", text)
    local = datetime.combine(day, time(pieces.hour, pieces.minute), tzinfo=zone)
    try:
        result = local.astimezone(UTC)
        round_trip = result.astimezone(zone)
    except OverflowError:
        raise DateInputError("invalid", text) from None
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DateInputError("invalid", text)  # wall time skipped by a DST change
    if not allow_past and result < now:
        raise DateInputError("past", text)
    return result


async def warm_up() -> None:
    """Pre-load dateparser's language data and Babel's locale data off the event loop.

    dateparser loads its Indonesian/English data lazily, so the first parse takes a few hundred
    milliseconds; call this once during bot start-up. Never raises for parse reasons.
    """

    def _warm() -> None:
        now = datetime(2024, 10, 1, 1, 0, tzinfo=UTC)
        jakarta = ZoneInfo("Asia/Jakarta")
        for sample in ("Senin, 14 Oktober 2024 pukul 09.00", "14 Oct 2024 09:00", "besok 9:00"):
            parse_local_datetime(sample, now=now, tz=jakarta)
        for lang in _BABEL_LOCALES:
            format_datetime(now, tz=jakarta, lang=lang)

    await asyncio.to_thread(_warm)


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------

#: Jakarta-style zones by IANA key; the Indonesian abbreviations are not in tzdata.
_INDONESIAN_ZONES: Final[dict[str, str]] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}


def _locale(lang: str) -> str:
    """Babel locale for a UI language: ``"en"`` (any case) -> ``"en"``, else ``"id"``."""
    return "en" if lang.strip().lower() == "en" else "id"


def zone_abbreviation(tz: ZoneInfo, moment: datetime) -> str:
    """Short zone name for ``tz`` at the aware instant ``moment``.

    Indonesian zones give ``"WIB"`` (Asia/Jakarta, Asia/Pontianak), ``"WITA"`` (Asia/Makassar)
    or ``"WIT"`` (Asia/Jayapura); any other zone gives tzdata's ``tzname()`` at that instant,
    which follows DST (``"CET"``/``"CEST"``, ``"UTC"``, or a numeric one such as ``"+07"``).

    Raises:
        ValueError: ``moment`` is naive.
    """
    _require_aware(moment, "moment")
    known = _INDONESIAN_ZONES.get(tz.key)
    if known is not None:
        return known
    return moment.astimezone(tz).tzname() or str(tz)


def format_date(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """Weekday and date of the aware ``moment`` as seen in ``tz``.

    ``lang`` ``"id"`` -> ``"Senin, 14 Oktober 2024"``; ``"en"`` -> ``"Monday, 14 October 2024"``
    (any other ``lang`` is treated as ``"id"``).

    Raises:
        ValueError: ``moment`` is naive.
    """
    _require_aware(moment, "moment")
    local = moment.astimezone(tz)
    return babel_dates.format_date(local.date(), "EEEE, d MMMM y", locale=_locale(lang))


def format_time(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """24-hour wall-clock time of the aware ``moment`` in ``tz`` plus the zone abbreviation.

    ``lang`` ``"id"`` -> ``"09.00 WIB"``; ``"en"`` -> ``"09:00 WIB"`` (separator from Babel).

    Raises:
        ValueError: ``moment`` is naive.
    """
    _require_aware(moment, "moment")
    local = moment.astimezone(tz)
    clock = babel_dates.format_skeleton("Hm", local.time(), locale=_locale(lang))
    return f"{clock} {zone_abbreviation(tz, moment)}"


def format_datetime(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """Date and time of the aware ``moment`` in ``tz``.

    ``lang`` ``"id"`` -> ``"Senin, 14 Oktober 2024, 09.00 WIB"``;
    ``"en"`` -> ``"Monday, 14 October 2024, 09:00 WIB"``.

    Raises:
        ValueError: ``moment`` is naive.
    """
    return f"{format_date(moment, tz=tz, lang=lang)}, {format_time(moment, tz=tz, lang=lang)}"
