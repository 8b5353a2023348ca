"""Tests for bot.dates: parsing admin-typed dates and formatting them for readers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.dates import (
    REASONS,
    DateInputError,
    format_date,
    format_datetime,
    format_time,
    parse_local_datetime,
    warm_up,
    zone_abbreviation,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
MAKASSAR = ZoneInfo("Asia/Makassar")
JAYAPURA = ZoneInfo("Asia/Jayapura")
PONTIANAK = ZoneInfo("Asia/Pontianak")
BERLIN = ZoneInfo("Europe/Berlin")

# 2024-10-01 08:00 WIB (a Tuesday).
NOW = datetime(2024, 10, 1, 1, 0, tzinfo=UTC)
# 2024-10-14 09:00 WIB (a Monday).
TARGET = datetime(2024, 10, 14, 2, 0, tzinfo=UTC)

INDONESIAN_WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def parse(text: str, tz: ZoneInfo = JAKARTA, **kwargs: object) -> datetime:
    return parse_local_datetime(text, now=NOW, tz=tz, **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Accepted forms
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "14/10/2024 09:00",
        "14-10-2024 09.00",
        "14.10.2024 09:00",
        "14.10.2024 09.00",
        "14/10/2024 9:00",
        "14/10/2024 9.00",
        "14 Oktober 2024 pukul 09.00",
        "14 Oktober 2024 jam 9",
        "14 oktober 2024 JAM 09",
        "Senin, 14 Okt 2024 9:00",
        "Senin 14 Oktober 2024 09.00 WIB",
        "senin, 14 okt. 2024, pkl. 09.00 wib",
        "Sen, 14 Okt 2024 09:00",
        "hari Senin, tanggal 14 Oktober 2024 pukul 09.00 WIB",
        "Senin (14/10/2024) 09.00",
        "14 Oct 2024 09:00",
        "14 October 2024 at 09:00",
        "Monday, 14 Oct 2024 09:00",
        "2024-10-14 09:00",
        "09:00 14/10/2024",
        "pukul 09.00, 14/10/2024",
        "14/10/24 09:00",
        "14 Okt 24 09.00",
        "14/10/2024 09.00wib",
        "  14/10/2024    09:00  ",
        "14/10 09:00",
        "14-10 09.00",
        "14 Oktober 09.00",
    ],
)
def test_accepted_absolute_forms(text: str) -> None:
    assert parse(text) == TARGET


@pytest.mark.parametrize(
    ("text", "expected_local"),
    [
        ("besok 09:00", datetime(2024, 10, 2, 9, 0)),
        ("besok pukul 14.30", datetime(2024, 10, 2, 14, 30)),
        ("Besok jam 9", datetime(2024, 10, 2, 9, 0)),
        ("lusa 10:00", datetime(2024, 10, 3, 10, 0)),
        ("lusa pukul 10.00 WIB", datetime(2024, 10, 3, 10, 0)),
        ("hari ini 10:00", datetime(2024, 10, 1, 10, 0)),
        ("hari ini pukul 08.00", datetime(2024, 10, 1, 8, 0)),  # exactly now is not past
        ("tomorrow 09:00", datetime(2024, 10, 2, 9, 0)),
        ("today 23:59", datetime(2024, 10, 1, 23, 59)),
        ("Rabu, besok 09.00", datetime(2024, 10, 2, 9, 0)),
        ("Jum'at, 4 Okt 2024 13.30", datetime(2024, 10, 4, 13, 30)),
        ("Jumat 4 Agustus 2028 13.30", datetime(2028, 8, 4, 13, 30)),
        ("1 Mei 2025 00:00", datetime(2025, 5, 1, 0, 0)),
        ("1 May 2025 00:00", datetime(2025, 5, 1, 0, 0)),
        ("17 Agt 2025 10.00", datetime(2025, 8, 17, 10, 0)),
        ("17 Agustus 2025 10.00", datetime(2025, 8, 17, 10, 0)),
        ("31 Des 2024 23.59", datetime(2024, 12, 31, 23, 59)),
        ("31 Dec 2024 23:59", datetime(2024, 12, 31, 23, 59)),
        ("1 Nopember 2024 07.00", datetime(2024, 11, 1, 7, 0)),
        ("29/02/2028 10:00", datetime(2028, 2, 29, 10, 0)),
        ("29/02 10:00", datetime(2028, 2, 29, 10, 0)),  # next leap day
        ("30/09 09:00", datetime(2025, 9, 30, 9, 0)),  # yearless, date passed -> next year
        ("01/10 09:00", datetime(2024, 10, 1, 9, 0)),  # yearless, today
        ("Senin 09:00", datetime(2024, 10, 7, 9, 0)),  # bare weekday: the coming one
    ],
)
def test_accepted_relative_and_misc_forms(text: str, expected_local: datetime) -> None:
    assert parse(text) == expected_local.replace(tzinfo=JAKARTA).astimezone(UTC)


def test_result_is_aware_utc() -> None:
    result = parse("14/10/2024 09:00")
    assert result.tzinfo is UTC
    assert result.utcoffset() == timedelta(0)


def test_now_in_any_zone_is_accepted() -> None:
    now_local = NOW.astimezone(JAKARTA)
    assert parse_local_datetime("besok 09:00", now=now_local, tz=JAKARTA) == datetime(
        2024, 10, 2, 2, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("tz", "abbreviation", "expected_utc_hour"),
    [(JAKARTA, "WIB", 2), (PONTIANAK, "WIB", 2), (MAKASSAR, "WITA", 1), (JAYAPURA, "WIT", 0)],
)
def test_indonesian_zones(tz: ZoneInfo, abbreviation: str, expected_utc_hour: int) -> None:
    expected = datetime(2024, 10, 14, expected_utc_hour, 0, tzinfo=UTC)
    assert parse("14/10/2024 09:00", tz=tz) == expected
    assert parse(f"14/10/2024 09.00 {abbreviation}", tz=tz) == expected


def test_relative_words_use_the_local_calendar_day() -> None:
    # 2024-10-01 23:30 UTC is already 2 Oct in Jayapura (08:30 WIT) but 1 Oct in UTC.
    now = datetime(2024, 10, 1, 23, 30, tzinfo=UTC)
    result = parse_local_datetime("besok 09:00", now=now, tz=JAYAPURA)
    assert result == datetime(2024, 10, 3, 9, 0, tzinfo=JAYAPURA).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected_utc_hour"),
    [("14/10/2024 09.00 WIB", 2), ("14/10/2024 09.00 WITA", 1), ("14/10/2024 09.00 WIT", 0)],
)
def test_typed_zone_overrides_tz(text: str, expected_utc_hour: int) -> None:
    assert parse(text, tz=JAKARTA) == datetime(2024, 10, 14, expected_utc_hour, tzinfo=UTC)
    assert parse(text, tz=JAYAPURA) == datetime(2024, 10, 14, expected_utc_hour, tzinfo=UTC)


def test_dst_zone_parsing() -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    summer = parse_local_datetime("14/07/2024 09:00", now=now, tz=BERLIN)
    winter = parse_local_datetime("14/12/2024 09:00", now=now, tz=BERLIN)
    assert summer == datetime(2024, 7, 14, 7, 0, tzinfo=UTC)
    assert winter == datetime(2024, 12, 14, 8, 0, tzinfo=UTC)
    # Ambiguous wall time (clocks go back 03:00 -> 02:00 on 27 Oct): the earlier instant.
    ambiguous = parse_local_datetime("27/10/2024 02:30", now=now, tz=BERLIN)
    assert ambiguous == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    # Skipped wall time (02:00 -> 03:00 on 31 Mar) does not exist.
    with pytest.raises(DateInputError) as info:
        parse_local_datetime("31/03/2024 02:30", now=now, tz=BERLIN, allow_past=True)
    assert info.value.reason == "invalid"


# --------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # not a date at all
        ("kapan-kapan", "unparseable"),
        ("", "unparseable"),
        ("   ", "unparseable"),
        ("abc", "unparseable"),
        ("rapat", "unparseable"),
        ("1", "unparseable"),
        ("Oktober", "unparseable"),
        ("Senin", "no_time"),  # the coming Monday, but no time
        ("Selasa 09:00", "ambiguous_day"),  # said on a Tuesday: today or in a week?
        ("09:00", "no_date"),  # time without a date
        ("09:61", "invalid"),
        ("besok", "no_time"),
        ("minggu depan 09:00", "no_day"),
        ("rapat besok 09:00", "unparseable"),
        ("14/10/2024 09:00 rapat", "unparseable"),
        ("14 yang 2024 09:00", "unparseable"),  # dateparser would skip "yang" -> January
        ("14 the 2024 09:00", "unparseable"),
        ("14 Oktober 2024 09", "unparseable"),  # a bare hour needs "jam"/"pukul"
        ("14/10/2024 09:00 10:00", "two_times"),
        ("Senin Selasa 14/10/2024 09:00", "unparseable"),  # two weekdays
        ("14/10/2024 09:00 WIB WITA", "unparseable"),  # two zones
        ("14/10/2024/2024 09:00", "unparseable"),
        ("14/10-2024 09:00", "unparseable"),  # mixed separators
        ("14.10 09:00", "two_times"),  # "14.10" alone reads as a time
        ("x" * 101, "unparseable"),
        ("٠٩:٠٠ besok", "unparseable"),  # non-ASCII digits
        # impossible values
        ("31/02/2025 09:00", "invalid"),
        ("30/02", "invalid"),  # invalid wins over no_time
        ("30/02 09:00", "invalid"),
        ("29/02/2025 09:00", "invalid"),
        ("32/01/2025 09:00", "invalid"),
        ("1/13/2025 09:00", "invalid"),  # not silently read as 13 January (MDY)
        ("13/13/2025 09:00", "invalid"),
        ("31 Februari 2025 09:00", "invalid"),
        ("2025-02-30 09:00", "invalid"),
        ("25:00 besok", "invalid"),
        ("besok 24:00", "invalid"),
        ("14/10/2024 09:61", "invalid"),
        ("14/10/2024 jam 25", "invalid"),
        # no time
        ("14/10/2024", "no_time"),
        ("14 Oktober 2024", "no_time"),
        ("Senin, 14 Oktober 2024", "no_time"),
        ("14/10/2024 pukul", "no_time"),
        ("lusa", "no_time"),
        # weekday mismatch
        ("Selasa, 14 Okt 2024 9:00", "weekday_mismatch"),
        ("Tuesday 14/10/2024 09:00", "weekday_mismatch"),
        ("Senin, besok 09:00", "weekday_mismatch"),  # tomorrow is a Wednesday
        # past
        ("30/09/2024 09:00", "past"),
        ("hari ini 07:59", "past"),
        ("01/10 07:00", "past"),  # yearless today, earlier time: not moved to next year
        ("14/10/2023 09:00", "past"),
        ("01/10/2024 09.59 WIT", "past"),  # 00:59 UTC, a minute before now
    ],
)
def test_refusals(text: str, reason: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse(text)
    assert info.value.reason == reason
    assert info.value.text == text
    assert isinstance(info.value, ValueError)


def test_allow_past() -> None:
    assert parse("30/09/2024 09:00", allow_past=True) == datetime(2024, 9, 30, 2, tzinfo=UTC)
    with pytest.raises(DateInputError) as info:  # other checks still apply
        parse("Selasa, 30/09/2024 09:00", allow_past=True)
    assert info.value.reason == "weekday_mismatch"


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware") as info:
        parse_local_datetime("besok 09:00", now=NOW.replace(tzinfo=None), tz=JAKARTA)
    assert not isinstance(info.value, DateInputError)


def test_date_input_error_rejects_unknown_reason() -> None:
    with pytest.raises(ValueError, match="unknown"):
        DateInputError("nope", "x")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def test_format_indonesian() -> None:
    assert format_date(TARGET, tz=JAKARTA, lang="id") == "Senin, 14 Oktober 2024"
    assert format_time(TARGET, tz=JAKARTA, lang="id") == "09.00 WIB"
    assert format_datetime(TARGET, tz=JAKARTA, lang="id") == "Senin, 14 Oktober 2024, 09.00 WIB"


def test_format_english() -> None:
    assert format_date(TARGET, tz=JAKARTA, lang="en") == "Monday, 14 October 2024"
    assert format_time(TARGET, tz=JAKARTA, lang="en") == "09:00 WIB"
    assert format_datetime(TARGET, tz=JAKARTA, lang="en") == "Monday, 14 October 2024, 09:00 WIB"


@pytest.mark.parametrize("lang", ["xx", "", "id-ID", "fr"])
def test_unknown_lang_falls_back_to_indonesian(lang: str) -> None:
    assert format_datetime(TARGET, tz=JAKARTA, lang=lang) == "Senin, 14 Oktober 2024, 09.00 WIB"


def test_format_single_digit_day_and_afternoon() -> None:
    moment = datetime(2025, 3, 5, 8, 5, tzinfo=UTC)  # 15:05 WIB, Wednesday
    assert format_datetime(moment, tz=JAKARTA, lang="id") == "Rabu, 5 Maret 2025, 15.05 WIB"
    assert format_datetime(moment, tz=JAKARTA, lang="en") == ("Wednesday, 5 March 2025, 15:05 WIB")


def test_format_converts_to_the_zone() -> None:
    # 2024-10-13 18:30 UTC is already Monday 14 Oct in all Indonesian zones.
    moment = datetime(2024, 10, 13, 18, 30, tzinfo=UTC)
    assert format_datetime(moment, tz=JAKARTA, lang="id") == "Senin, 14 Oktober 2024, 01.30 WIB"
    assert format_time(moment, tz=MAKASSAR, lang="id") == "02.30 WITA"
    assert format_time(moment, tz=JAYAPURA, lang="en") == "03:30 WIT"
    assert format_date(moment, tz=ZoneInfo("UTC"), lang="id") == "Minggu, 13 Oktober 2024"


def test_format_rejects_naive() -> None:
    naive = TARGET.replace(tzinfo=None)
    for function in (format_date, format_time, format_datetime):
        with pytest.raises(ValueError, match="aware"):
            function(naive, tz=JAKARTA, lang="id")
    with pytest.raises(ValueError, match="aware"):
        zone_abbreviation(JAKARTA, naive)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Asia/Jakarta", "WIB"),
        ("Asia/Pontianak", "WIB"),
        ("Asia/Makassar", "WITA"),
        ("Asia/Jayapura", "WIT"),
        ("UTC", "UTC"),
    ],
)
def test_zone_abbreviation(key: str, expected: str) -> None:
    assert zone_abbreviation(ZoneInfo(key), TARGET) == expected


def test_zone_abbreviation_follows_dst() -> None:
    assert zone_abbreviation(BERLIN, datetime(2024, 1, 15, 12, tzinfo=UTC)) == "CET"
    assert zone_abbreviation(BERLIN, datetime(2024, 7, 15, 12, tzinfo=UTC)) == "CEST"
    # Last instant before / first instant after the 2024-03-31 01:00 UTC switch.
    switch = datetime(2024, 3, 31, 1, 0, tzinfo=UTC)
    assert zone_abbreviation(BERLIN, switch - timedelta(seconds=1)) == "CET"
    assert zone_abbreviation(BERLIN, switch) == "CEST"
    summer = datetime(2024, 7, 15, 7, 0, tzinfo=UTC)
    assert format_time(summer, tz=BERLIN, lang="en") == "09:00 CEST"


def test_warm_up() -> None:
    asyncio.run(warm_up())


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

local_minutes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59)
).map(lambda moment: moment.replace(second=0, microsecond=0))


@_PROPERTY_SETTINGS
@given(
    local=local_minutes,
    tz=st.sampled_from([JAKARTA, MAKASSAR, JAYAPURA]),
    pattern=st.sampled_from(["%d/%m/%Y %H:%M", "%d-%m-%Y %H.%M"]),
)
def test_property_round_trip(local: datetime, tz: ZoneInfo, pattern: str) -> None:
    aware = local.replace(tzinfo=tz)
    text = aware.strftime(pattern)
    assert parse_local_datetime(text, now=NOW, tz=tz, allow_past=True) == aware.astimezone(UTC)


_WORDS = [
    "14",
    "10",
    "2024",
    "24",
    "09:00",
    "9.30",
    "25:00",
    "jam",
    "pukul",
    "WIB",
    "WITA",
    "besok",
    "lusa",
    "hari",
    "ini",
    "Senin",
    "Okt",
    "Oktober",
    "31/02",
    "14/10/2024",
    "2024-10-14",
    "14.10.2024",
    "Jum'at",
    ",",
    "rapat",
    "00",
    "14/10",
]


@_PROPERTY_SETTINGS
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.text(alphabet="0123456789/.-: ", max_size=25),
        st.lists(
            st.sampled_from(_WORDS),
            max_size=6,
        ).map(" ".join),
    ),
    allow_past=st.booleans(),
)
def test_property_only_date_input_errors(text: str, allow_past: bool) -> None:
    try:
        result = parse_local_datetime(text, now=NOW, tz=JAKARTA, allow_past=allow_past)
    except DateInputError as error:
        assert error.reason in REASONS and error.reason not in ("end_before_start",)
    else:
        assert result.tzinfo is UTC
        assert result.second == 0
        assert allow_past or result >= NOW


@_PROPERTY_SETTINGS
@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
    ),
    tz=st.sampled_from([JAKARTA, MAKASSAR, JAYAPURA, BERLIN, ZoneInfo("UTC")]),
)
def test_property_format_date_has_matching_weekday(moment: datetime, tz: ZoneInfo) -> None:
    text = format_date(moment, tz=tz, lang="id")
    local = moment.astimezone(tz)
    assert text.startswith(INDONESIAN_WEEKDAYS[local.weekday()] + ", ")
    assert text.endswith(f" {local.year}")
