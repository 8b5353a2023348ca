"""Show aware datetimes the way Indonesian staff read them, in Indonesian or English (Babel).

Every function takes an aware ``datetime`` (a naive one raises :class:`ValueError`) and the
zone to show it in; ``lang`` ``"en"`` gives English, anything else Indonesian.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from babel import dates as babel_dates

from bot.dates.errors import require_aware

__all__ = [
    "format_clock",
    "format_date",
    "format_datetime",
    "format_day",
    "format_time",
    "format_weekday",
    "zone_abbreviation",
]

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
    require_aware(moment, "moment")
    known = _INDONESIAN_ZONES.get(tz.key)
    if known is not None:
        return known
    return moment.astimezone(tz).tzname() or str(tz)


def format_day(day: date, *, lang: str) -> str:
    """A calendar day with its weekday: ``"Senin, 14 Oktober 2024"`` / ``"Monday, 14 October
    2024"``."""
    return babel_dates.format_date(day, "EEEE, d MMMM y", locale=_locale(lang))


def format_weekday(day: date, *, lang: str) -> str:
    """The weekday's name of a calendar day: ``"Senin"`` / ``"Monday"``."""
    return babel_dates.format_date(day, "EEEE", locale=_locale(lang))


def format_date(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """Weekday and date of the aware ``moment`` as seen in ``tz``.

    ``lang`` ``"id"`` -> ``"Senin, 14 Oktober 2024"``; ``"en"`` -> ``"Monday, 14 October 2024"``
    (any other ``lang`` is treated as ``"id"``).

    Raises:
        ValueError: ``moment`` is naive.
    """
    require_aware(moment, "moment")
    return format_day(moment.astimezone(tz).date(), lang=lang)


def format_clock(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """24-hour wall-clock time of the aware ``moment`` in ``tz``, without the zone.

    ``lang`` ``"id"`` -> ``"09.00"``; ``"en"`` -> ``"09:00"`` (separator from Babel).

    Raises:
        ValueError: ``moment`` is naive.
    """
    require_aware(moment, "moment")
    local = moment.astimezone(tz)
    return babel_dates.format_skeleton("Hm", local.time(), locale=_locale(lang))


def format_time(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """24-hour wall-clock time of the aware ``moment`` in ``tz`` plus the zone abbreviation.

    ``lang`` ``"id"`` -> ``"09.00 WIB"``; ``"en"`` -> ``"09:00 WIB"``.

    Raises:
        ValueError: ``moment`` is naive.
    """
    return f"{format_clock(moment, tz=tz, lang=lang)} {zone_abbreviation(tz, moment)}"


def format_datetime(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """Date and time of the aware ``moment`` in ``tz``.

    ``lang`` ``"id"`` -> ``"Senin, 14 Oktober 2024, 09.00 WIB"``;
    ``"en"`` -> ``"Monday, 14 October 2024, 09:00 WIB"``.

    Raises:
        ValueError: ``moment`` is naive.
    """
    return f"{format_date(moment, tz=tz, lang=lang)}, {format_time(moment, tz=tz, lang=lang)}"
