"""Read dates the way Indonesian staff type them: one moment, or a start with its end.

:func:`parse_local_datetime` turns an admin's free-typed date and time, e.g.
``"Senin, 14 Okt 2024 pukul 09.00"``, ``"besok pagi jam 9"`` or ``"Senin depan jam 10"``, into
an aware UTC ``datetime``. :func:`parse_local_span` also takes a start with an end
(``"Senin 14 Desember 2026 jam 09.00–12.00 WIB"``) or an open end (``"... s.d. selesai"``);
:func:`parse_local_end` reads an end on its own, after a known start (``"12.00"``).

Conventions:

* Every ``datetime`` accepted or returned is timezone-aware; returned ones are in UTC.
  A naive ``datetime`` argument is a programming error and raises :class:`ValueError`
  (not :class:`DateInputError`, which is reserved for bad user input).
* Dates are always read day-month-year (Indonesian order); ISO ``YYYY-MM-DD`` is also accepted.
* A time of day is mandatory and must be explicit. Nothing is guessed: a text that is not one
  of the shapes below, or that can be read two ways, is refused with its reason.

One moment (case-insensitive; commas, parentheses, "tanggal"/"tgl", "hari" before a weekday,
and the markers "pukul"/"pkl"/"jam"/"at" are ignored) is:

* a day, one of
  - ``DD/MM/YYYY``, ``DD-MM-YYYY``, ``DD.MM.YYYY`` (also with a two-digit year = 20YY),
  - ``DD/MM``, ``DD-MM`` (no year: the next occurrence on or after today's date),
  - ``YYYY-MM-DD``,
  - ``DD <month name> [YYYY|YY]`` with Indonesian or English month names/abbreviations,
  - ``hari ini``, ``besok``, ``lusa``, ``kemarin``, ``kemarin lusa``, ``today``,
    ``tomorrow``, ``yesterday`` (``pagi ini``/``nanti malam`` and the like: today),
  - a weekday (Indonesian or English, full or abbreviated), alone or qualified, counted in
    calendar weeks that start on Monday (``today`` is the current local date):
    - ``Senin`` alone: the next Monday after today (1-6 days ahead). Said on a Monday it
      could be today or in a week: refused as ``"ambiguous_day"``.
    - ``Senin depan`` / ``next Monday``: the Monday of next week. Said on a Wednesday that
      is the coming Monday (5 days on); said on a Monday, a week on (never today). For a
      day still ahead in the current week (``Jumat depan`` said on a Wednesday: this
      Friday or next week's?) it is refused as ``"ambiguous_day"``.
    - ``Senin minggu depan`` / ``Senin pekan depan`` / ``Monday next week``: always the
      Monday of next week.
    - ``Senin ini`` / ``Senin minggu ini`` / ``this Monday``: this week's Monday, which may
      already be past (then refused as ``"past"``).
    - ``Senin lalu`` / ``last Monday``: the latest Monday before today;
      ``Senin minggu lalu`` / ``Monday last week``: last week's (both past).
    ``minggu`` is also the word for "week": ``Minggu depan`` alone does not say the day
    (``"no_day"``); write ``hari Minggu depan`` for next Sunday;
  - a weekday may also stand beside a day above; it must then be that day's weekday;
* exactly one time: ``H:MM``/``HH:MM``/``H.MM``/``HH.MM`` anywhere, ``jam 9``/``pukul 9``,
  or an hour before a part of the day (``9 pagi``);
* optionally one part of the day, which turns a 12-hour reading into the 24-hour clock:
  ``pagi`` 1-11 as is; ``siang`` 11-12 as is, 1-3 -> 13-15; ``sore`` 3-6 -> 15-18;
  ``malam`` 6-11 -> 18-23 (each also accepts its own 24-hour hours: ``15.00 sore``). An hour
  outside its part contradicts it (``jam 15 pagi``: ``"invalid"``); ``jam 12 malam``,
  ``jam 1 malam`` ... ``jam 5 malam`` and ``tengah malam`` do not say which day's midnight
  (``"ambiguous_hour"``);
* optionally one zone abbreviation ``WIB``/``WITA``/``WIT``, which overrides ``tz`` for this
  input (``"09.00 WITA"`` always means 01:00 UTC).

A span is a moment, one separator (``-``, en or em dash, ``s.d.``, ``s/d``, ``sampai``,
``sampai dengan``, ``hingga``, ``to``, ``until``, ``till``) and an end: a time on the start's
day (``09.00-12.00``, ``jam 9-12``, ``09.00 - 12.00 WIB``), a whole moment (another day), or
``selesai`` (``s.d. selesai``, ``sampai selesai``, ``to the end``: an open end). A zone typed
on one side only applies to both, and so do a day typed after the times only
(``jam 9-12 besok``) and an end's part of the day when the start's hour fits it
(``jam 7-9 malam``: 19.00-21.00). A weekday alone in the end counts from the start's day,
on or after it. ``"Senin, 14 Des 2026 - 09.00"`` (a dash between a day without a time and a
time without a day) is one moment, not a span.

Refusal reasons (:attr:`DateInputError.reason`), in the order they are checked (for a span:
the start's, then the end's; an unknown word in the date phrase is found with the day, so
after ``"no_day"``):

* ``"unparseable"`` - not one of the shapes above (garbage, empty, a lone number or month,
  two weekdays/zones/parts of day, unknown words, more than 100 characters, more than one
  range separator).
* ``"two_times"`` - two times in one moment (``14/10/2024 09:00 10:00``).
* ``"no_day"`` - a week without a day (``minggu depan 09:00``, ``next week 9:00``).
* ``"two_dates"`` - two days in one moment (``besok 14/10/2024 09:00``), or a qualified
  weekday and a date that disagree (``Senin depan 14/12/2026``).
* ``"invalid"`` - a calendar date that does not exist (``31/02/2025``, ``30/02``,
  ``1/13/2025``).
* ``"ambiguous_day"`` - a weekday that could mean two days (see above);
  :attr:`DateInputError.candidates` holds both.
* ``"ambiguous_hour"`` - midnight or the small hours with ``malam`` (see above).
* ``"invalid"`` - an hour > 23 or a minute > 59 (``25:00 besok``, ``14/10/2024 09:61``), or
  an hour its part of day contradicts (``jam 15 pagi``).
* ``"no_date"`` - a time without a day (``jam 9``, ``09.00 - 12.00 WIB``).
* ``"no_time"`` - a day without a time (``14/10/2024``, ``besok pagi``).
* ``"weekday_mismatch"`` - a weekday name that is not the date's weekday.
* ``"invalid"`` - a local time skipped by a DST change.
* ``"past"`` - a start earlier than ``now`` (unless ``allow_past``); an end only through
  ``parse_local_end``. :attr:`DateInputError.moment` holds what was read.
* ``"range"`` - a span where one moment is expected (``parse_local_datetime``,
  ``parse_local_end``).
* ``"end_before_start"`` - a span whose end is not after its start (``09.00-08.00``).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.dates import words as w
from bot.dates.errors import DateInputError, require_aware
from bot.dates.formatting import format_datetime
from bot.dates.scanning import Side, read

__all__ = [
    "DateSpan",
    "parse_local_datetime",
    "parse_local_end",
    "parse_local_span",
    "warm_up",
]

_A = re.ASCII
_NUMERIC_DMY: Final = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})", _A)
_NUMERIC_DM: Final = re.compile(r"(\d{1,2})([/-])(\d{1,2})", _A)
_ISO_YMD: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", _A)
_TEXTUAL: Final = re.compile(r"(\d{1,2}) ([a-z]+)(?: (\d{4}|\d{2}))?", _A)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A start with an optional end, as :func:`parse_local_span` reads them.

    Attributes:
        starts_at: aware UTC.
        ends_at: aware UTC, after ``starts_at``; ``None`` when no end was typed.
        open_end: true for an end typed as open (``"s.d. selesai"``); ``ends_at`` is then
            ``None``.
    """

    starts_at: datetime
    ends_at: datetime | None = None
    open_end: bool = False


# --------------------------------------------------------------------------------------------
# The day
# --------------------------------------------------------------------------------------------


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
    # dateparser and its regex tables cost about 0.1 s to import: paid by the first date
    # typed (or the warm-up after the start), not by the start-up (issue 13).
    import dateparser

    try:
        parsed = dateparser.parse(
            text, languages=w.LANGUAGES, settings=_dateparser_settings(relative_base)
        )
    except (ValueError, OverflowError, TypeError, KeyError, IndexError):
        return None
    return None if parsed is None else parsed.date()


def _full_year(digits: str) -> int:
    """A typed year: four digits as is, two digits as 20YY."""
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


class _InvalidDate(Exception):
    """Internal: the date part has a date shape but names an impossible calendar day."""


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


def _resolve_date(date_part: str, local_now: datetime, text: str) -> date:
    """Turn the date phrase into a calendar date (dateparser does the reading).

    Raises ``unparseable`` if the phrase has no recognised shape and ``invalid`` if it names
    an impossible day. A yearless date resolves to its next occurrence on or after the date
    of ``local_now``.
    """
    base = local_now.replace(tzinfo=None)
    try:
        if date_part in w.RELATIVE_PHRASES:
            resolved = _dateparser_date(w.RELATIVE_PHRASES[date_part], base)
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
            found_month = w.month_names().get(match[2])
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


def _typed_date(tokens: tuple[str, ...], local_now: datetime, text: str) -> date:
    """The day named by the date phrase; ``two_dates`` when it is two phrases that each name
    a day ("besok lusa", "14/10/2024 15/10/2024")."""
    try:
        return _resolve_date(" ".join(tokens), local_now, text)
    except DateInputError as error:
        if error.reason != "unparseable":
            raise
        for cut in range(1, len(tokens)):
            try:
                _resolve_date(" ".join(tokens[:cut]), local_now, text)
                _resolve_date(" ".join(tokens[cut:]), local_now, text)
            except DateInputError:
                continue
            raise DateInputError("two_dates", text) from None
        raise


def _relative_weekday(today: date, side: Side, text: str) -> date:
    """A qualified weekday ("Senin depan", "Senin ini", "Senin minggu depan", "Senin lalu")
    in weeks that start on Monday (see the module docstring)."""
    assert side.weekday is not None
    weekday, current = side.weekday, today.weekday()
    monday = today - timedelta(days=current)
    if side.week_offset is not None:
        return monday + timedelta(days=7 * side.week_offset + weekday)
    if side.qualifier == "this":
        return monday + timedelta(days=weekday)
    if side.qualifier == "next":
        if weekday > current:  # still ahead this week: this one or next week's?
            options = (monday + timedelta(days=weekday), monday + timedelta(days=7 + weekday))
            raise DateInputError("ambiguous_day", text, candidates=options)
        return monday + timedelta(days=7 + weekday)
    return today - timedelta(days=(current - weekday) % 7 or 7)  # "lalu"


def _bare_weekday(today: date, weekday: int, text: str) -> date:
    """A weekday alone: the next one after today; today's own weekday is refused."""
    if weekday == today.weekday():
        options = (today, today + timedelta(days=7))
        raise DateInputError("ambiguous_day", text, candidates=options)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _resolve_day(
    side: Side, local_now: datetime, text: str, base: date | None
) -> tuple[date | None, bool]:
    """The day a side names (``None``: none named) and whether its weekday must still be
    checked against it. ``base`` stands in for a missing day (an end on its start's day)
    and counts a bare weekday from itself, on or after."""
    explicit = _typed_date(side.date_tokens, local_now, text) if side.date_tokens else None
    if side.weekday is None:
        return (explicit if explicit is not None else base), False
    if side.qualifier is None and side.week_offset is None:
        if explicit is not None:
            return explicit, True
        if base is not None:
            return base + timedelta(days=(side.weekday - base.weekday()) % 7), False
        return _bare_weekday(local_now.date(), side.weekday, text), False
    try:
        relative: date | None = _relative_weekday(local_now.date(), side, text)
    except DateInputError as error:
        if explicit is None or explicit not in error.candidates:
            raise
        relative = explicit  # "Jumat depan, 11/12/2026": the date says which one
    if explicit is None:
        return relative, False
    if explicit.weekday() != side.weekday:
        return explicit, True
    if relative != explicit:
        raise DateInputError("two_dates", text)
    return explicit, False


def _clock(side: Side, text: str) -> time | None:
    """The 24-hour time a side names (``None``: none), its part of day applied."""
    if side.part == w.MIDNIGHT:
        raise DateInputError("ambiguous_hour", text)
    if side.hour is None or side.minute is None:
        return None
    hour = side.hour
    if side.part is not None:
        if side.part == "malam" and hour in w.AMBIGUOUS_NIGHT_HOURS:
            raise DateInputError("ambiguous_hour", text)
        mapped = w.PART_HOURS[side.part].get(hour)
        if mapped is None:
            raise DateInputError("invalid", text)
        hour = mapped
    if not (0 <= hour <= 23 and 0 <= side.minute <= 59):
        raise DateInputError("invalid", text)
    return time(hour, side.minute)


def _moment(
    side: Side, *, zone: ZoneInfo, now: datetime, text: str, base: date | None = None
) -> datetime:
    """The aware UTC instant a side names in ``zone`` (no past check)."""
    try:
        local_now = now.astimezone(zone)
        if side.week_offset is not None and side.weekday is None:
            raise DateInputError("no_day", text)
        day, check_weekday = _resolve_day(side, local_now, text, base)
    except OverflowError:
        raise DateInputError("invalid", text) from None
    clock = _clock(side, text)
    if day is None:
        raise DateInputError("unparseable" if clock is None else "no_date", text)
    if clock is None:
        raise DateInputError("no_time", text)
    if check_weekday and side.weekday != day.weekday():
        raise DateInputError("weekday_mismatch", text)
    local = datetime.combine(day, clock, tzinfo=zone)
    try:
        result = local.astimezone(UTC)
        round_trip = result.astimezone(zone)
    except OverflowError:
        raise DateInputError("invalid", text) from None
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DateInputError("invalid", text)  # wall time skipped by a DST change
    return result


def _parse(text: str, *, now: datetime, tz: ZoneInfo, allow_past: bool, single: bool) -> DateSpan:
    require_aware(now, "now")
    typed = read(text)
    start_zone = typed.start.zone or (typed.end.zone if typed.end else None) or tz
    starts_at = _moment(typed.start, zone=start_zone, now=now, text=text)
    if not allow_past and starts_at < now:
        raise DateInputError("past", text, moment=starts_at)
    if single and typed.is_span:
        raise DateInputError("range", text)
    if typed.end is None:
        return DateSpan(starts_at, None, typed.open_end)
    end_zone = typed.end.zone or start_zone
    base = starts_at.astimezone(end_zone).date()
    ends_at = _moment(typed.end, zone=end_zone, now=now, text=text, base=base)
    if ends_at <= starts_at:
        raise DateInputError("end_before_start", text)
    return DateSpan(starts_at, ends_at)


def parse_local_datetime(
    text: str, *, now: datetime, tz: ZoneInfo, allow_past: bool = False
) -> datetime:
    """Parse an admin's typed date and time, read in zone ``tz``, into an aware UTC datetime.

    Args:
        text: free text as typed, e.g. ``"14/10/2024 09:00"``, ``"Senin, 14 Okt 2024 9:00"``,
            ``"14 Oktober 2024 pukul 09.00 WIB"``, ``"besok pagi jam 9"``,
            ``"Senin depan jam 10"`` (see the module docstring for every accepted shape).
        now: the current instant, timezone-aware (any zone; UTC expected). Relative words
            ("besok", "Senin depan") count from ``now`` as seen in the effective zone,
            yearless dates take the next occurrence on or after its date, and the past check
            compares against it.
        tz: the zone the admin's wall-clock time is in. A typed ``WIB``/``WITA``/``WIT``
            overrides it for this input.
        allow_past: when false (default), a moment strictly earlier than ``now`` is refused.

    Returns:
        A timezone-aware ``datetime`` in UTC with second and microsecond 0. On an ambiguous
        local time (DST fall-back) the earlier instant (``fold=0``) is chosen.

    Raises:
        DateInputError: any reason of the module docstring but ``"end_before_start"``; a
            span (``"09.00-12.00"``, ``"s.d. selesai"``) is ``"range"``: this is one moment.
        ValueError: ``now`` is naive (a programming error, not a DateInputError).
    """
    return _parse(text, now=now, tz=tz, allow_past=allow_past, single=True).starts_at


def parse_local_span(
    text: str, *, now: datetime, tz: ZoneInfo, allow_past: bool = False
) -> DateSpan:
    """Parse a typed start with an optional end: ``"Senin 14 Desember 2026 jam 09.00–12.00
    WIB"``, ``"besok 09.00 s.d. 15.30"``, ``"Senin depan jam 10 s.d. selesai"``, or one moment.

    Args and the start's reading: as :func:`parse_local_datetime` (``allow_past`` is about
    the start). The end is a time on the start's day (in the start's zone unless it names
    its own), a whole moment, or ``selesai`` (an open end).

    Returns:
        A :class:`DateSpan`: ``ends_at`` is set and after ``starts_at`` for an end, ``None``
        for an open end (``open_end`` true) or when no end was typed.

    Raises:
        DateInputError: any reason of the module docstring but ``"range"``;
            ``"end_before_start"`` when the end is not after the start.
        ValueError: ``now`` is naive.
    """
    return _parse(text, now=now, tz=tz, allow_past=allow_past, single=False)


def parse_local_end(
    text: str, *, start: datetime, now: datetime, tz: ZoneInfo, allow_past: bool = False
) -> datetime:
    """Parse an end typed after its start is known: a time on the start's local day
    (``"12.00"``, ``"pukul 13.30"``, ``"jam 1 siang"``, ``"12"``, ``"sampai 12.00"``) or a whole
    moment (``"15/10/2024 12:00"``, ``"Selasa 12.00"``: the first Tuesday on or after the
    start's day).

    Args:
        text: as typed; a leading range separator ("s.d.", "sampai", "-") is ignored.
        start: the start, aware; its day (in the effective zone) is the end's when none is typed.
        now, tz, allow_past: as :func:`parse_local_datetime`.

    Returns:
        An aware UTC datetime. Whether it is after ``start`` is left to the caller (the
        services check it: ``forums.check_end``, ``changes.plan_edit``).

    Raises:
        DateInputError: as :func:`parse_local_datetime` (``"range"`` for a span).
        ValueError: ``start`` or ``now`` is naive.
    """
    require_aware(start, "start")
    require_aware(now, "now")
    typed = read(text, lead=True)
    if typed.is_span:
        raise DateInputError("range", text)
    zone = typed.start.zone or tz
    base = start.astimezone(zone).date()
    ends_at = _moment(typed.start, zone=zone, now=now, text=text, base=base)
    if not allow_past and ends_at < now:
        raise DateInputError("past", text, moment=ends_at)
    return ends_at


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
        parse_local_span("besok jam 9 pagi - 12.00 WIB", now=now, tz=jakarta)
        for lang in w.BABEL_LOCALES:
            format_datetime(now, tz=jakarta, lang=lang)

    await asyncio.to_thread(_warm)
