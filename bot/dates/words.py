"""The words of typed dates: names from dateparser and Babel, markers, and the tokenizer."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from babel import dates as babel_dates

LANGUAGES: Final[list[str]] = ["id", "en"]
BABEL_LOCALES: Final[tuple[str, ...]] = ("id", "en")
MAX_INPUT_CHARS: Final = 100

#: Explicit Indonesian zone abbreviations typed after a time; they override ``tz``.
ZONE_BY_ABBREVIATION: Final[dict[str, str]] = {
    "wib": "Asia/Jakarta",
    "wita": "Asia/Makassar",
    "wit": "Asia/Jayapura",
}
TIME_MARKERS: Final[frozenset[str]] = frozenset({"pukul", "pkl", "jam", "at", "@"})
NOISE_WORDS: Final[frozenset[str]] = frozenset({"tanggal", "tgl"})
#: Relative day words -> the phrase handed to dateparser ("lusa" is unknown to dateparser).
RELATIVE_PHRASES: Final[dict[str, str]] = {
    "hari ini": "hari ini",
    "besok": "besok",
    "lusa": "dalam 2 hari",
    "kemarin": "kemarin",
    "kemarin lusa": "2 hari yang lalu",
    "today": "today",
    "tomorrow": "tomorrow",
    "yesterday": "yesterday",
}
#: Parts of the day -> {typed hour: hour of the 24-hour clock}. An hour a part does not
#: list contradicts it ("jam 15 pagi") and is refused as invalid, except the hours around
#: midnight in AMBIGUOUS_NIGHT_HOURS.
PART_HOURS: Final[dict[str, dict[int, int]]] = {
    "pagi": {hour: hour for hour in range(1, 12)},
    "siang": {11: 11, 12: 12, 1: 13, 2: 14, 3: 15, 13: 13, 14: 14, 15: 15},
    "sore": {**{hour: hour + 12 for hour in range(3, 7)}, **{h: h for h in range(15, 19)}},
    "malam": {**{hour: hour + 12 for hour in range(6, 12)}, **{h: h for h in range(18, 24)}},
}
#: "jam 12 malam", "jam 1 malam": the start or the end of the day, and of which day?
AMBIGUOUS_NIGHT_HOURS: Final[frozenset[int]] = frozenset({0, 12, 24, 1, 2, 3, 4, 5})
MIDNIGHT: Final = "tengah malam"
#: Words after a weekday: "Senin depan", "Senin ini", "Senin lalu".
QUALIFIER_AFTER: Final[dict[str, str]] = {"depan": "next", "ini": "this", "lalu": "last"}
#: English words before a weekday: "next Monday", "this Monday", "last Monday".
QUALIFIER_BEFORE: Final[dict[str, str]] = {"next": "next", "this": "this", "last": "last"}
#: "minggu depan", "pekan ini", "next week": a week relative to the current one.
WEEK_OFFSETS: Final[dict[str, int]] = {
    "depan": 1, "ini": 0, "lalu": -1, "next": 1, "this": 0, "last": -1,
}  # fmt: skip
#: Words between a start and an end ("-" also stands for the en and em dashes).
RANGE_SEPARATORS: Final[frozenset[str]] = frozenset(
    {"-", "sd", "sampai", "hingga", "to", "until", "till"}
)
#: An end that is left open: "s.d. selesai", "sampai selesai", "to the end".
OPEN_END_WORDS: Final[frozenset[str]] = frozenset({"selesai", "end", "finish", "finished"})
OPEN_END_FILLERS: Final[frozenset[str]] = frozenset({"acara", "the"})

_A = re.ASCII
TIME_TOKEN: Final = re.compile(r"(\d{1,2})[:.](\d{2})(wib|wita|wit)?", _A)
BARE_HOUR: Final = re.compile(r"\d{1,2}", _A)
_HOUR_RANGE: Final = re.compile(r"(\d{1,2})-(\d{1,2})", _A)
_PUNCTUATION: Final = re.compile(r"[,;()]")
_APOSTROPHES: Final = re.compile(r"['’`]")
_DOT_AFTER_LETTER: Final = re.compile(r"(?<=[a-z])\.")
# "s.d.", "s/d", "s.d", "s. d." ("sampai dengan"), not inside a word.
_SD: Final = re.compile(r"(?<![a-z])s\s*[./]\s*d(?![a-z])\.?", _A)
_DASHES: Final = re.compile("[\u2012\u2013\u2014\u2212]")  # figure, en, em dash, minus
# A hyphen right after a time ("09.00-12.00", "09.00 wib-selesai") or right before one
# ("09.00 -12.00") separates a range; "14-10-2024" keeps its hyphens.
_HYPHEN_AFTER_TIME: Final = re.compile(r"([:.]\d\d(?:\s*(?:wib|wita|wit))?)\s*-\s*", _A)
_HYPHEN_BEFORE_TIME: Final = re.compile(r"\s-(?=\d{1,2}[:.]\d\d)", _A)


def vocabulary_key(word: str) -> str:
    """How a month/weekday name is compared: lower case, no apostrophes, no trailing dot."""
    return _APOSTROPHES.sub("", word.lower()).rstrip(".")


_MONTH_KEYS: Final[tuple[str, ...]] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAY_KEYS: Final[tuple[str, ...]] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip


def _dateparser_names(keys: tuple[str, ...]) -> dict[str, int]:
    """Names dateparser itself knows (id + en) for ``keys`` -> index into ``keys``."""
    # Imported at the first date typed (or the warm-up after the start), not at start-up.
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    for language in LANGUAGES:
        info = default_loader.get_locale(language).info
        for index, key in enumerate(keys):
            for name in info.get(key, []):
                names[vocabulary_key(name)] = index
    return names


@lru_cache(maxsize=1)
def weekday_names() -> dict[str, int]:
    """Weekday names -> Monday-based index.

    Babel's wide and abbreviated names (id + en) plus dateparser's variants ("ahad", "tues");
    two-letter forms ("mo", "we") are left out so that ordinary words are not taken as days.
    """
    names = {
        key: index for key, index in _dateparser_names(_WEEKDAY_KEYS).items() if len(key) >= 3
    }
    for locale in BABEL_LOCALES:
        for width in ("wide", "abbreviated"):
            for index, name in babel_dates.get_day_names(width, locale=locale).items():
                names[vocabulary_key(name)] = index
    return names


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Month names dateparser knows (id + en, full and abbreviated) -> month number 1-12.

    Used as a gate before dateparser reads ``DD <word> YYYY``: dateparser skips many filler
    words ("the", "yang", "a"), so "14 yang 2024" would otherwise quietly become 14 January.
    """
    return {key: index + 1 for key, index in _dateparser_names(_MONTH_KEYS).items()}


def tokens(text: str) -> list[str]:
    """Lower-case, drop punctuation/apostrophes/abbreviation dots, set range separators apart,
    split into tokens."""
    lowered = _APOSTROPHES.sub("", text.strip().lower())
    lowered = _SD.sub(" sd ", lowered)
    lowered = _DASHES.sub(" - ", lowered)
    lowered = _HYPHEN_AFTER_TIME.sub(r"\1 - ", lowered)
    lowered = _HYPHEN_BEFORE_TIME.sub(" - ", lowered)
    lowered = _DOT_AFTER_LETTER.sub("", _PUNCTUATION.sub(" ", lowered))
    result: list[str] = []
    for token in lowered.split():
        # "jam 9-12": after a time marker "9-12" is two hours, not the 9th of December.
        if result and result[-1] in TIME_MARKERS and (match := _HOUR_RANGE.fullmatch(token)):
            result.extend((match[1], "-", match[2]))
        else:
            result.append(token)
    return result
