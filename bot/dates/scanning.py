"""Typed text -> the pieces of its moments: the start and, for a span, the end.

`tokens` (in `bot.dates.words`) normalises the text; `read` finds the range separator and
scans each side into a `Side` (time, part of day, weekday with its qualifier, week, zone and
the date phrase left for dateparser). Nothing here resolves a day: `bot.dates.parsing` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from bot.dates import words as w
from bot.dates.errors import DateInputError

__all__ = ["Side", "Typed", "read"]


@dataclass(frozen=True, slots=True)
class Side:
    """The pieces of one typed moment: what is left for dateparser plus extracted parts."""

    date_tokens: tuple[str, ...]
    hour: int | None
    minute: int | None
    part: str | None  # a key of PART_HOURS, or MIDNIGHT
    weekday: int | None  # Monday == 0
    qualifier: str | None  # "next", "this", "last" (a weekday's)
    week_offset: int | None  # "minggu depan" 1, "minggu ini" 0, "minggu lalu" -1
    zone: ZoneInfo | None

    @property
    def names_day(self) -> bool:
        return bool(self.date_tokens) or self.weekday is not None or self.week_offset is not None


class _Scanner:
    """Collects the pieces of one moment, refusing a piece typed twice."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.rest: list[str] = []
        self.hour: int | None = None
        self.minute: int | None = None
        self.part: str | None = None
        self.weekday: int | None = None
        self.qualifier: str | None = None
        self.week_offset: int | None = None
        self.zone: ZoneInfo | None = None

    def unparseable(self) -> DateInputError:
        return DateInputError("unparseable", self.text)

    def time(self, hour: str, minute: str) -> None:
        if self.hour is not None:
            raise DateInputError("two_times", self.text)
        self.hour, self.minute = int(hour), int(minute)

    def set_zone(self, abbreviation: str) -> None:
        if self.zone is not None:
            raise self.unparseable()
        self.zone = ZoneInfo(w.ZONE_BY_ABBREVIATION[abbreviation])

    def set_part(self, part: str) -> None:
        if self.part is not None:
            raise self.unparseable()
        self.part = part

    def set_weekday(self, weekday: int) -> None:
        if self.weekday is not None:
            raise self.unparseable()
        self.weekday = weekday

    def set_qualifier(self, qualifier: str) -> None:
        if self.qualifier is not None:
            raise self.unparseable()
        self.qualifier = qualifier

    def set_week(self, offset: int) -> None:
        if self.week_offset is not None:
            raise self.unparseable()
        self.week_offset = offset

    def side(self) -> Side:
        if self.qualifier is not None and self.week_offset is not None:
            raise self.unparseable()  # "Senin depan minggu depan"
        return Side(
            tuple(self.rest),
            self.hour,
            self.minute,
            self.part,
            self.weekday,
            self.qualifier,
            self.week_offset,
            self.zone,
        )


def _scan(words: Sequence[str], text: str) -> Side:
    """Extract time, part of day, weekday, week and zone; the rest is the date phrase."""
    names = w.weekday_names()
    scan = _Scanner(text)
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        previous = words[index - 1] if index else None
        step = 1
        # "minggu depan" is a week; "hari Minggu depan" is a day.
        if word in ("minggu", "pekan") and following in w.QUALIFIER_AFTER and previous != "hari":
            scan.set_week(w.WEEK_OFFSETS[following])
            step = 2
        elif word in w.QUALIFIER_BEFORE and following == "week":
            scan.set_week(w.WEEK_OFFSETS[word])
            step = 2
        elif word in w.QUALIFIER_BEFORE and following in names:
            scan.set_qualifier(w.QUALIFIER_BEFORE[word])
        elif word in w.TIME_MARKERS:
            if following is not None and w.BARE_HOUR.fullmatch(following):
                scan.time(following, "00")
                step = 2
        elif word in w.ZONE_BY_ABBREVIATION:
            scan.set_zone(word)
        elif word == "tengah" and following == "malam":
            scan.set_part(w.MIDNIGHT)
            step = 2
        elif word in w.PART_HOURS:
            scan.set_part(word)
            if following == "ini":  # "malam ini": tonight
                scan.rest.extend(("hari", "ini"))
                step = 2
        elif word == "nanti" and following in w.PART_HOURS:  # "nanti sore": this afternoon
            scan.rest.extend(("hari", "ini"))
        elif word in w.NOISE_WORDS or (word == "hari" and following in names):
            pass  # "tanggal 14 ...", "hari Senin, ..."
        elif word in names:
            scan.set_weekday(names[word])
            if following in w.QUALIFIER_AFTER:
                scan.set_qualifier(w.QUALIFIER_AFTER[following])
                step = 2
        elif w.BARE_HOUR.fullmatch(word) and following in (*w.PART_HOURS, "tengah"):
            scan.time(word, "00")  # "9 pagi"
        elif match := w.TIME_TOKEN.fullmatch(word):
            scan.time(match[1], match[2])
            if match[3]:
                scan.set_zone(match[3])
        else:
            scan.rest.append(word)
        index += step
    return scan.side()


@dataclass(frozen=True, slots=True)
class Typed:
    """What a text holds: a start, and an end side, an open end, or neither."""

    start: Side
    end: Side | None = None
    open_end: bool = False

    @property
    def is_span(self) -> bool:
        return self.end is not None or self.open_end


def _typed(words: list[str], text: str) -> Typed:
    """Split the words at the range separator (at most one) into a start and an end."""
    cuts = [index for index, word in enumerate(words) if word in w.RANGE_SEPARATORS]
    if not cuts:
        return Typed(_scan(words, text))
    if len(cuts) > 1:
        raise DateInputError("unparseable", text)
    cut = cuts[0]
    left, right = words[:cut], words[cut + 1 :]
    if words[cut] in ("sampai", "hingga") and right[:1] == ["dengan"]:
        right = right[1:]
    meant = [word for word in right if word not in w.OPEN_END_FILLERS]
    if len(meant) == 1 and meant[0] in w.OPEN_END_WORDS:
        return Typed(_scan(left, text), open_end=True)
    return _span(words[cut], left, right, text)


def _hour_first(words: list[str]) -> list[str]:
    """An end that starts with a bare number starts with its hour ("jam 9-12", "12 WIB");
    "15 Des" is a day."""
    if not words or not w.BARE_HOUR.fullmatch(words[0]) or words[1:2] == ["-"]:
        return words
    return words if words[1:2] and words[1] in w.month_names() else ["jam", *words]


def _span(separator: str, left: list[str], right: list[str], text: str) -> Typed:
    """The start and the end of a span, or one moment when the dash only set a time apart
    from its day."""
    start, end = _scan(left, text), _scan(_hour_first(right), text)
    if separator == "-" and start.hour is None and end.hour is not None and not end.names_day:
        return Typed(_scan(left + right, text))  # "Senin, 14 Des 2026 - 09.00": one moment
    if end.names_day and not start.names_day:  # "09.00-12.00 besok": the day is the start's
        start = replace(
            start,
            date_tokens=end.date_tokens,
            weekday=end.weekday,
            qualifier=end.qualifier,
            week_offset=end.week_offset,
        )
        end = replace(end, date_tokens=(), weekday=None, qualifier=None, week_offset=None)
    if start.part is None and end.part in w.PART_HOURS and start.hour in w.PART_HOURS[end.part]:
        start = replace(start, part=end.part)  # "jam 7-9 malam": both in the evening
    return Typed(start, end)


def read(text: str, *, lead: bool = False) -> Typed:
    """Scan ``text`` into its start and end. With ``lead`` (an end typed on its own) a range
    separator in front is ignored ("s.d. 12.00", "sampai dengan 12.00") and a bare number
    in front is an hour ("12").

    Raises:
        DateInputError: ``"unparseable"`` (empty, longer than 100 characters, two range
            separators, a piece typed twice) or ``"two_times"``.
    """
    if not text or len(text) > w.MAX_INPUT_CHARS:
        raise DateInputError("unparseable", text)
    words = w.tokens(text)
    if lead:
        if words[:1] and words[0] in w.RANGE_SEPARATORS:
            words = words[2:] if words[1:2] == ["dengan"] else words[1:]
        words = _hour_first(words)
    return _typed(words, text)
