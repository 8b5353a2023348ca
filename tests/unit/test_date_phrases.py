"""Dates as officers type them (issue 10, item 6): relative weekdays, parts of the day, past
words, spans with an end or an open end, the refusals of what is ambiguous, and the echo.

`now` is fixed at Wednesday 2 December 2026, 10:00 WIB.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import render
from bot.dates import (
    REASONS,
    DateInputError,
    DateSpan,
    format_clock,
    format_day,
    format_weekday,
    parse_local_datetime,
    parse_local_end,
    parse_local_span,
)
from bot.i18n import plain
from sandbox.html_check import parse_html

JAKARTA = ZoneInfo("Asia/Jakarta")
MAKASSAR = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=JAKARTA).astimezone(UTC)  # a Wednesday


def wib(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    """A WIB wall-clock time as aware UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA).astimezone(UTC)


def refused(function: object, text: str, **kwargs: object) -> DateInputError:
    with pytest.raises(DateInputError) as info:
        function(text, now=NOW, tz=JAKARTA, **kwargs)  # type: ignore[operator]
    assert info.value.text == text
    return info.value


# --------------------------------------------------------------------------------------------
# One moment
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the phrases
        ("Senin depan jam 10", wib(12, 7, 10)),
        ("jam 9 pagi besok", wib(12, 3, 9)),
        ("besok pagi jam 9", wib(12, 3, 9)),
        ("14 Des 2026 jam 9 pagi", wib(12, 14, 9)),
        # relative weekdays (today is Wednesday 2 December; weeks start on Monday)
        ("Senin minggu depan jam 10", wib(12, 7, 10)),
        ("Senin pekan depan pukul 10.00", wib(12, 7, 10)),
        ("next Monday 10:00", wib(12, 7, 10)),
        ("Monday next week 10:00", wib(12, 7, 10)),
        ("Senin jam 10", wib(12, 7, 10)),  # bare: the coming Monday
        ("Jumat jam 10", wib(12, 4, 10)),  # bare: the coming Friday, this week
        ("hari Jumat pukul 10.00", wib(12, 4, 10)),
        ("Jumat ini jam 10", wib(12, 4, 10)),
        ("this Friday 10:00", wib(12, 4, 10)),
        ("Jumat minggu depan jam 10", wib(12, 11, 10)),
        ("Rabu ini jam 11", wib(12, 2, 11)),  # this week's Wednesday is today
        ("Rabu depan jam 10", wib(12, 9, 10)),  # said on a Wednesday: a week on, not today
        ("Rabu minggu depan jam 10", wib(12, 9, 10)),
        ("Minggu jam 10", wib(12, 6, 10)),  # "Minggu" alone is Sunday
        ("hari Minggu minggu depan jam 10", wib(12, 13, 10)),
        ("Minggu minggu depan jam 10", wib(12, 13, 10)),
        ("Jumat depan, 11/12/2026 pukul 10.00", wib(12, 11, 10)),  # the date says which
        ("Jumat depan, 4 Des 2026 pukul 10.00", wib(12, 4, 10)),
        ("Senin depan, 7 Desember 2026 pukul 10.00", wib(12, 7, 10)),
        # parts of the day
        ("besok jam 9 pagi", wib(12, 3, 9)),
        ("besok 9 pagi", wib(12, 3, 9)),
        ("besok jam 1 pagi", wib(12, 3, 1)),
        ("besok jam 11 siang", wib(12, 3, 11)),
        ("besok jam 12 siang", wib(12, 3, 12)),
        ("besok jam 1 siang", wib(12, 3, 13)),
        ("besok jam 3 siang", wib(12, 3, 15)),
        ("besok 13.30 siang", wib(12, 3, 13, 30)),
        ("besok jam 4 sore", wib(12, 3, 16)),
        ("besok pukul 3.30 sore", wib(12, 3, 15, 30)),
        ("besok 15.00 sore", wib(12, 3, 15)),
        ("besok jam 6 sore", wib(12, 3, 18)),
        ("besok jam 6 malam", wib(12, 3, 18)),
        ("besok jam 7 malam", wib(12, 3, 19)),
        ("besok jam 11 malam", wib(12, 3, 23)),
        ("besok 19.30 malam", wib(12, 3, 19, 30)),
        ("lusa jam 2 siang", wib(12, 4, 14)),
        ("Senin depan pukul 07.30 pagi", wib(12, 7, 7, 30)),
        ("malam ini jam 8", wib(12, 2, 20)),
        ("nanti sore jam 4", wib(12, 2, 16)),
        ("sore ini pukul 15.30", wib(12, 2, 15, 30)),
        # a dash between a day without a time and a time without a day
        ("Senin, 14 Des 2026 - 09.00", wib(12, 14, 9)),
        ("Senin, 14 Desember 2026 - pukul 09.00 WIB", wib(12, 14, 9)),
        ("Kamis, 3 Desember 2026 - 09.00 WITA", wib(12, 3, 8)),
    ],
)
def test_accepted_phrases(text: str, expected: datetime) -> None:
    assert parse_local_datetime(text, now=NOW, tz=JAKARTA) == expected


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("kemarin 10:00", wib(12, 1, 10)),
        ("kemarin jam 9 pagi", wib(12, 1, 9)),
        ("kemarin lusa 10:00", wib(11, 30, 10)),
        ("yesterday 10:00", wib(12, 1, 10)),
        ("hari ini 09.59", wib(12, 2, 9, 59)),
        ("Senin ini jam 10", wib(11, 30, 10)),  # this week's Monday was two days ago
        ("this Monday 10:00", wib(11, 30, 10)),
        ("Senin lalu jam 10", wib(11, 30, 10)),
        ("Rabu lalu jam 10", wib(11, 25, 10)),  # the latest Wednesday before today
        ("Senin minggu lalu jam 10", wib(11, 23, 10)),
        ("last Monday 10:00", wib(11, 30, 10)),
        ("pagi ini jam 8", wib(12, 2, 8)),
    ],
)
def test_past_words_are_read_then_refused_as_past(text: str, read_as: datetime) -> None:
    error = refused(parse_local_datetime, text)
    assert (error.reason, error.moment) == ("past", read_as)
    assert parse_local_datetime(text, now=NOW, tz=JAKARTA, allow_past=True) == read_as


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # midnight and the small hours with "malam": which day?
        ("12 malam", "ambiguous_hour"),
        ("besok jam 12 malam", "ambiguous_hour"),
        ("besok jam 1 malam", "ambiguous_hour"),
        ("besok jam 5 malam", "ambiguous_hour"),
        ("besok 00.30 malam", "ambiguous_hour"),
        ("besok tengah malam", "ambiguous_hour"),
        ("besok jam 12 tengah malam", "ambiguous_hour"),
        # a part of the day that contradicts the hour
        ("jam 15 pagi besok", "invalid"),
        ("besok jam 12 pagi", "invalid"),
        ("besok jam 0 pagi", "invalid"),
        ("besok jam 5 siang", "invalid"),
        ("besok jam 2 sore", "invalid"),
        ("besok 14.00 malam", "invalid"),
        ("besok jam 9.75 pagi", "invalid"),
        # a time without a day
        ("jam 9", "no_date"),
        ("09.00 pagi", "no_date"),
        ("pukul 10.00 WIB", "no_date"),
        # a week without a day ("Minggu depan": Sunday, or next week?)
        ("minggu depan", "no_day"),
        ("minggu depan jam 10", "no_day"),
        ("Minggu depan jam 10", "no_day"),
        ("pekan depan jam 10", "no_day"),
        ("minggu ini jam 10", "no_day"),
        ("next week 10:00", "no_day"),
        # two days
        ("besok 14/12/2026 09.00", "two_dates"),
        ("besok lusa 09.00", "two_dates"),
        ("14/12/2026 15/12/2026 09.00", "two_dates"),
        ("Senin depan 14/12/2026 10.00", "two_dates"),  # next Monday is the 7th
        # two times
        ("besok 09.00 10.00", "two_times"),
        ("besok jam 9 jam 10", "two_times"),
        # a day but no time
        ("besok pagi", "no_time"),
        ("Senin depan", "no_time"),
        ("Jumat ini", "no_time"),
        # a weekday that is not the date's
        ("Selasa depan 9/12/2026 10.00", "weekday_mismatch"),  # the 9th is a Wednesday
        ("Kamis, besok lusa 10.00", "two_dates"),
        # a span where one moment is meant
        ("besok 09.00-12.00", "range"),
        ("besok 09.00 s.d. selesai", "range"),
        ("besok jam 9 sampai jam 12", "range"),
        # unreadable
        ("besok pagi siang jam 9", "unparseable"),  # two parts of the day
        ("Senin depan minggu depan jam 10", "unparseable"),
        ("Senin Selasa depan jam 10", "unparseable"),
        ("depan jam 10", "unparseable"),
        ("besok 09.00 - 12.00 - 13.00", "unparseable"),
    ],
)
def test_refusals(text: str, reason: str) -> None:
    assert refused(parse_local_datetime, text).reason == reason


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Jumat depan jam 10", date(2026, 12, 4), date(2026, 12, 11)),  # this Friday or next?
        ("next Friday 10:00", date(2026, 12, 4), date(2026, 12, 11)),
        ("hari Minggu depan jam 10", date(2026, 12, 6), date(2026, 12, 13)),
        ("Rabu jam 10", date(2026, 12, 2), date(2026, 12, 9)),  # today, or in a week?
        ("Wednesday 10:00", date(2026, 12, 2), date(2026, 12, 9)),
    ],
)
def test_ambiguous_weekdays_name_both_days(text: str, first: date, second: date) -> None:
    error = refused(parse_local_datetime, text)
    assert (error.reason, error.candidates) == ("ambiguous_day", (first, second))


def test_senin_depan_said_on_a_monday_is_a_week_later_and_on_a_sunday_tomorrow() -> None:
    monday = datetime(2026, 12, 7, 8, 0, tzinfo=JAKARTA)
    sunday = datetime(2026, 12, 6, 8, 0, tzinfo=JAKARTA)
    assert parse_local_datetime("Senin depan jam 10", now=monday, tz=JAKARTA) == wib(12, 14, 10)
    assert parse_local_datetime("Senin depan jam 10", now=sunday, tz=JAKARTA) == wib(12, 7, 10)
    assert parse_local_datetime("Senin jam 10", now=sunday, tz=JAKARTA) == wib(12, 7, 10)
    with pytest.raises(DateInputError) as info:
        parse_local_datetime("Senin jam 10", now=monday, tz=JAKARTA)
    assert info.value.reason == "ambiguous_day"


# --------------------------------------------------------------------------------------------
# Spans
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Senin 14 Desember 2026 jam 09.00–12.00 WIB", wib(12, 14, 9), wib(12, 14, 12)),
        ("Senin 14 Desember 2026 pukul 09.00 - 12.00 WIB", wib(12, 14, 9), wib(12, 14, 12)),
        ("Senin 14 Desember 2026 jam 09.00–12.00", wib(12, 14, 9), wib(12, 14, 12)),
        ("14/12/2026 09.00—12.00", wib(12, 14, 9), wib(12, 14, 12)),
        ("besok 09.00-12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok 09.00 -12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok 09.00 s.d. 12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok 09.00 s.d 12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok 09.00 s/d 12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok 09.00 sampai 12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok 09.00 sampai dengan 12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok 09.00 hingga pukul 12.00", wib(12, 3, 9), wib(12, 3, 12)),
        ("tomorrow 9:00 to 12:00", wib(12, 3, 9), wib(12, 3, 12)),
        ("tomorrow 9:00 until 12:00", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok jam 9-12", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok jam 9 - 12 WIB", wib(12, 3, 9), wib(12, 3, 12)),
        ("jam 9-12 besok", wib(12, 3, 9), wib(12, 3, 12)),
        ("09.00–12.00 Senin depan", wib(12, 7, 9), wib(12, 7, 12)),
        ("besok jam 7-9 malam", wib(12, 3, 19), wib(12, 3, 21)),
        ("besok jam 1-3 siang", wib(12, 3, 13), wib(12, 3, 15)),
        ("besok jam 9-12 siang", wib(12, 3, 9), wib(12, 3, 12)),
        ("besok jam 9 pagi s.d. 1 siang", wib(12, 3, 9), wib(12, 3, 13)),
        ("besok 09.00 s.d. lusa 12.00", wib(12, 3, 9), wib(12, 4, 12)),
        ("14/12/2026 20.00 s.d. 15/12/2026 01.00", wib(12, 14, 20), wib(12, 15, 1)),
        ("Senin depan 09.00 s.d. Selasa 12.00", wib(12, 7, 9), wib(12, 8, 12)),
        # a zone typed on one side is both sides'
        ("besok 09.00 - 12.00 WITA", wib(12, 3, 8), wib(12, 3, 11)),
        ("besok 09.00 WITA - 12.00", wib(12, 3, 8), wib(12, 3, 11)),
    ],
)
def test_spans(text: str, start: datetime, end: datetime) -> None:
    assert parse_local_span(text, now=NOW, tz=JAKARTA) == DateSpan(start, end)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Senin 14 Desember 2026 jam 09.00 WIB s.d. selesai", wib(12, 14, 9)),
        ("besok 09.00 sampai selesai", wib(12, 3, 9)),
        ("besok 09.00 WIB - selesai", wib(12, 3, 9)),
        ("besok jam 9 pagi s/d selesai", wib(12, 3, 9)),
        ("besok 09.00 s.d. acara selesai", wib(12, 3, 9)),
        ("tomorrow 9:00 until the end", wib(12, 3, 9)),
    ],
)
def test_open_end(text: str, start: datetime) -> None:
    assert parse_local_span(text, now=NOW, tz=JAKARTA) == DateSpan(start, None, open_end=True)


def test_a_single_moment_is_a_span_without_an_end() -> None:
    assert parse_local_span("besok 09.00", now=NOW, tz=JAKARTA) == DateSpan(wib(12, 3, 9))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("besok 09.00-08.00", "end_before_start"),
        ("besok 09.00-09.00", "end_before_start"),
        ("besok 20.00-01.00", "end_before_start"),  # past midnight needs both dates
        ("besok 09.00 s.d. kemarin 12.00", "end_before_start"),
        ("09.00 - 12.00 WIB", "no_date"),
        ("kemarin 09.00-12.00", "past"),
        ("besok 09.00 - 25.00", "invalid"),
        ("besok 09.00 - zzz", "unparseable"),
        ("besok 09.00 s.d. 12.00 s.d. 13.00", "unparseable"),
        ("besok - selesai", "no_time"),
        ("besok 09.00 - jam 12 malam", "ambiguous_hour"),
    ],
)
def test_span_refusals(text: str, reason: str) -> None:
    assert refused(parse_local_span, text).reason == reason


def test_a_past_span_is_allowed_when_asked() -> None:
    span = parse_local_span("kemarin 09.00-12.00", now=NOW, tz=JAKARTA, allow_past=True)
    assert span == DateSpan(wib(12, 1, 9), wib(12, 1, 12))


START = wib(12, 14, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.00", wib(12, 14, 12)),
        ("pukul 13.30", wib(12, 14, 13, 30)),
        ("jam 1 siang", wib(12, 14, 13)),
        ("12", wib(12, 14, 12)),
        ("sampai 12.00", wib(12, 14, 12)),
        ("s.d. pukul 12.00 WIB", wib(12, 14, 12)),
        ("sampai dengan 12.00", wib(12, 14, 12)),
        ("15/12/2026 12:00", wib(12, 15, 12)),
        ("Selasa 12.00", wib(12, 15, 12)),  # the first Tuesday on or after the start's day
        ("Senin 12.00", wib(12, 14, 12)),
        ("12.00 WITA", wib(12, 14, 11)),
    ],
)
def test_end_after_a_known_start(text: str, expected: datetime) -> None:
    assert parse_local_end(text, start=START, now=NOW, tz=JAKARTA) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12.00-13.00", "range"),
        ("kemarin 10:00", "past"),
        ("zzz", "unparseable"),
        ("jam 12 malam", "ambiguous_hour"),
        ("besok", "no_time"),
    ],
)
def test_end_refusals(text: str, reason: str) -> None:
    assert refused(parse_local_end, text, start=START).reason == reason


def test_end_with_a_naive_start_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware") as info:
        parse_local_end("12.00", start=START.replace(tzinfo=None), now=NOW, tz=JAKARTA)
    assert not isinstance(info.value, DateInputError)


# --------------------------------------------------------------------------------------------
# The echo and the refusals' texts
# --------------------------------------------------------------------------------------------


def test_day_and_clock_formatting() -> None:
    assert format_day(date(2026, 12, 14), lang="id") == "Senin, 14 Desember 2026"
    assert format_day(date(2026, 12, 14), lang="en") == "Monday, 14 December 2026"
    assert format_weekday(date(2026, 12, 14), lang="id") == "Senin"
    assert format_clock(START, tz=JAKARTA, lang="id") == "09.00"
    assert format_clock(START, tz=MAKASSAR, lang="en") == "10:00"


@pytest.mark.parametrize(
    ("lang", "end", "open_end", "expected"),
    [
        ("id", None, False, "Dibaca: Senin, 14 Desember 2026, pukul 09.00 WIB"),
        ("id", wib(12, 14, 12), False, "Dibaca: Senin, 14 Desember 2026, pukul 09.00–12.00 WIB"),
        ("id", None, True, "Dibaca: Senin, 14 Desember 2026, pukul 09.00 WIB s.d. selesai"),
        (
            "id",
            wib(12, 15, 12),
            False,
            "Dibaca: Senin, 14 Desember 2026, pukul 09.00 WIB s.d. "
            "Selasa, 15 Desember 2026, pukul 12.00 WIB",
        ),
        ("en", None, False, "Read as: Monday, 14 December 2026, 09:00 WIB"),
        ("en", wib(12, 14, 12), False, "Read as: Monday, 14 December 2026, 09:00–12:00 WIB"),
        ("en", None, True, "Read as: Monday, 14 December 2026, 09:00 WIB until the end"),
    ],
)
def test_read_back(lang: str, end: datetime | None, open_end: bool, expected: str) -> None:
    text = render.read_back(lang, JAKARTA, START, end, open_end=open_end)
    assert plain(text).endswith(expected)
    assert parse_html(text).text.endswith(expected)


def test_the_echo_reads_back_as_the_same_span() -> None:
    for lang in ("id", "en"):
        for span in (
            DateSpan(START),
            DateSpan(START, wib(12, 14, 12)),
            DateSpan(START, None, open_end=True),
            DateSpan(START, wib(12, 15, 12)),
        ):
            typed = render.span(
                lang, JAKARTA, span.starts_at, span.ends_at, open_end=span.open_end
            )
            assert parse_local_span(typed, now=NOW, tz=JAKARTA) == span, typed


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(
    ("text", "reason", "shown"),
    [
        ("kapan-kapan", "unparseable", {"id": ["09/12/2026 09:00"], "en": ["09/12/2026 09:00"]}),
        ("besok 09.00 10.00", "two_times", {"id": ["09.00–12.00"], "en": ["09.00–12.00"]}),
        (
            "minggu depan jam 10",
            "no_day",
            {"id": ["Senin minggu depan pukul 10.00"], "en": ["Monday next week 10:00"]},
        ),
        ("besok lusa 09.00", "two_dates", {"id": ["satu tanggal"], "en": ["one date"]}),
        ("31/02/2027 09.00", "invalid", {"id": ["Senin depan pukul 10.00"], "en": ["besok"]}),
        (
            "Jumat depan jam 10",
            "ambiguous_day",
            {
                "id": [
                    "Jumat, 4 Desember 2026 atau Jumat, 11 Desember 2026",
                    '"Jumat ini"',
                    '"Jumat minggu depan"',
                    "11/12/2026 09.00",
                ],
                "en": [
                    "Friday, 4 December 2026 or Friday, 11 December 2026",
                    '"this Friday"',
                    '"Friday next week"',
                ],
            },
        ),
        (
            "besok jam 12 malam",
            "ambiguous_hour",
            {"id": ["09/12/2026 23.00", "10/12/2026 00.30"], "en": ["10/12/2026 00.30"]},
        ),
        (
            "jam 9",
            "no_date",
            {"id": ["besok jam 9", "Senin depan jam 9"], "en": ["tomorrow jam 9"]},
        ),
        ("besok", "no_time", {"id": ["besok 09:00"], "en": ["besok 09:00"]}),
        ("nanti sore", "no_time", {"id": ["nanti sore 15.00"], "en": ["nanti sore 15.00"]}),
        ("besok malam", "no_time", {"id": ["besok malam 19.00"], "en": ["besok malam 19.00"]}),
        (
            "Selasa, 3 Des 2026 10.00",
            "weekday_mismatch",
            {"id": ["Rabu, 9 Desember 2026 9:00"], "en": ["Rabu, 9 Desember 2026 9:00"]},
        ),
        ("besok 09.00-12.00", "range", {"id": ["cukup satu waktu"], "en": ["one time"]}),
        (
            "besok 20.00-01.00",
            "end_before_start",
            {"id": ["09/12/2026 20.00 s.d. 10/12/2026 01.00"], "en": ["09.00–12.00"]},
        ),
        (
            "kemarin 10:00",
            "past",
            {
                "id": ["terbaca Selasa, 1 Desember 2026, pukul 10.00 WIB", "sudah lewat"],
                "en": ["Tuesday, 1 December 2026, 10:00 WIB", "already passed"],
            },
        ),
    ],
)
def test_every_refusal_quotes_the_text_and_gives_examples(
    lang: str, text: str, reason: str, shown: dict[str, list[str]]
) -> None:
    error = refused(parse_local_datetime if reason == "range" else parse_local_span, text)
    assert error.reason == reason
    message = plain(render.date_error(lang, error, NOW, JAKARTA))
    assert text in message or reason == "no_time"
    for part in shown[lang]:
        assert part in message, message
    if lang == "id":
        assert "Anda" not in message


def test_every_reason_has_a_refusal_text() -> None:
    covered = {
        "unparseable", "two_times", "no_day", "two_dates", "invalid", "ambiguous_day",
        "ambiguous_hour", "no_date", "no_time", "weekday_mismatch", "range",
        "end_before_start", "past",
    }  # fmt: skip
    assert covered == set(REASONS)


def test_refusal_escapes_the_typed_text() -> None:
    error = refused(parse_local_span, "<b>besok</b> & 09.00")
    message = render.date_error("id", error, NOW, JAKARTA)
    assert "&lt;b&gt;besok&lt;/b&gt; &amp; 09.00" in message
    assert "<b>besok" not in message
    parse_html(message)


def test_examples_and_ranges_are_never_in_the_past() -> None:
    examples = render.date_examples(NOW, JAKARTA).split(" · ")
    for example in examples:
        assert parse_local_datetime(example, now=NOW, tz=JAKARTA) > NOW, example
    for example in render.range_examples(NOW, JAKARTA).split(" · "):
        span = parse_local_span(example, now=NOW, tz=JAKARTA)
        assert span.starts_at > NOW and (span.ends_at is not None or span.open_end), example


def test_refusal_examples_can_be_typed_as_they_are() -> None:
    """The example a refusal suggests is accepted by the step that refused."""
    day = NOW + timedelta(days=7)
    late = f"{day.astimezone(JAKARTA):%d/%m/%Y} 23.00"
    early = f"{(day + timedelta(days=1)).astimezone(JAKARTA):%d/%m/%Y} 00.30"
    for typed in (
        late,
        early,
        "Senin minggu depan pukul 10.00",
        "besok jam 9",
        "11/12/2026 09.00",
    ):
        parse_local_datetime(typed, now=NOW, tz=JAKARTA)
    for typed in ("09/12/2026 09.00–12.00", "09/12/2026 20.00 s.d. 10/12/2026 01.00"):
        assert parse_local_span(typed, now=NOW, tz=JAKARTA).ends_at is not None
