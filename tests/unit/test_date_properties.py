"""Properties of the date phrases: what the bot writes reads back as itself, relative weekdays
keep their documented bounds, and no input raises anything but DateInputError."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import render
from bot.dates import (
    REASONS,
    DateInputError,
    DateSpan,
    format_date,
    format_datetime,
    format_weekday,
    parse_local_datetime,
    parse_local_end,
    parse_local_span,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
ZONES = [JAKARTA, ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")]
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=JAKARTA).astimezone(UTC)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

local_minutes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 30, 23, 59)
).map(lambda moment: moment.replace(second=0, microsecond=0))


def with_part(local: datetime) -> str | None:
    """The hour on a 12-hour reading with its part of the day, as staff say it."""
    hour, minute = local.hour, f"{local.minute:02d}"
    if 1 <= hour <= 11:
        return f"jam {hour}.{minute} pagi"
    if hour in (12, 13, 14, 15):
        return f"jam {hour - 12 if hour > 12 else 12}.{minute} siang"
    if 16 <= hour <= 18:
        return f"pukul {hour - 12}.{minute} sore"
    if 19 <= hour <= 23:
        return f"{hour - 12}.{minute} malam"
    return None  # midnight's hour has no part that does not leave the day open


@SETTINGS
@given(local=local_minutes, tz=st.sampled_from(ZONES), shape=st.integers(0, 4))
def test_moments_in_the_accepted_shapes_round_trip(local: datetime, tz: ZoneInfo, shape: int):
    aware = local.replace(tzinfo=tz)
    day = format_date(aware, tz=tz, lang="id")  # "Senin, 14 Desember 2026"
    texts = [
        f"{day} pukul {local:%H.%M}",
        format_datetime(aware, tz=tz, lang="en"),  # "Monday, 14 December 2026, 09:00 WIB"
        format_datetime(aware, tz=tz, lang="id"),
        f"tanggal {local.day} {day.split()[2][:3]} {local.year} pkl. {local:%H.%M}",
        f"{local:%d/%m/%Y} {with_part(local) or f'{local:%H:%M}'}",
    ]
    parsed = parse_local_datetime(texts[shape], now=NOW, tz=tz, allow_past=True)
    assert parsed == aware.astimezone(UTC), texts[shape]


@SETTINGS
@given(
    local=local_minutes,
    minutes=st.integers(1, 3 * 24 * 60),
    tz=st.sampled_from(ZONES),
    lang=st.sampled_from(["id", "en"]),
    open_end=st.booleans(),
)
def test_the_echo_of_a_span_reads_back_as_that_span(
    local: datetime, minutes: int, tz: ZoneInfo, lang: str, open_end: bool
):
    start = local.replace(tzinfo=tz).astimezone(UTC)
    span = (
        DateSpan(start, None, True)
        if open_end
        else DateSpan(start, start + timedelta(minutes=minutes))
    )
    typed = render.span(lang, tz, span.starts_at, span.ends_at, open_end=span.open_end)
    assert parse_local_span(typed, now=NOW, tz=tz, allow_past=True) == span, typed


SEPARATORS = ["-", "–", "—", " - ", " – ", " s.d. ", " s/d ", " sampai ", " hingga ", " to "]


@SETTINGS
@given(
    local=local_minutes,
    minutes=st.integers(1, 23 * 60),
    separator=st.sampled_from(SEPARATORS),
    zone=st.sampled_from(["", " WIB"]),
)
def test_a_typed_time_range_round_trips(local: datetime, minutes: int, separator: str, zone: str):
    start = local.replace(tzinfo=JAKARTA)
    end = start + timedelta(minutes=minutes)
    if end.date() != start.date():
        end = start.replace(hour=23, minute=59)
    if end <= start:
        return
    typed = f"{start:%d/%m/%Y} {start:%H.%M}{separator}{end:%H.%M}{zone}"
    span = parse_local_span(typed, now=NOW, tz=JAKARTA, allow_past=True)
    assert span == DateSpan(start.astimezone(UTC), end.astimezone(UTC)), typed
    assert (
        parse_local_end(f"{end:%H.%M}", start=span.starts_at, now=NOW, tz=JAKARTA, allow_past=True)
        == span.ends_at
    )


WEEKDAYS = [format_weekday(datetime(2026, 12, 7 + index).date(), lang="id") for index in range(7)]


@SETTINGS
@given(
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 1), timezones=st.just(UTC)
    ),
    weekday=st.integers(0, 6),
    form=st.sampled_from(["{} depan", "{} minggu depan", "{}", "{} ini", "{} lalu"]),
)
def test_relative_weekdays_keep_their_documented_bounds(now: datetime, weekday: int, form: str):
    name = WEEKDAYS[weekday]
    text = form.format(name if name != "Minggu" else "hari Minggu") + " jam 10"
    today = now.astimezone(JAKARTA).date()
    current = today.weekday()
    monday = today - timedelta(days=current)
    try:
        result = parse_local_datetime(text, now=now, tz=JAKARTA, allow_past=True)
    except DateInputError as error:
        assert error.reason == "ambiguous_day", (text, today)
        assert (form == "{}" and weekday == current) or (
            form == "{} depan" and weekday > current
        ), (text, today)
        first, second = error.candidates
        assert first.weekday() == second.weekday() == weekday
        assert second - first == timedelta(days=7)
        return
    day = result.astimezone(JAKARTA).date()
    assert day.weekday() == weekday
    ahead = (day - today).days
    week = (day - monday).days // 7
    if form == "{} minggu depan":
        assert week == 1
    elif form == "{} depan":
        assert week == 1 and 1 <= ahead <= 7 and weekday <= current
    elif form == "{}":
        assert 1 <= ahead <= 6
    elif form == "{} ini":
        assert week == 0
    else:
        assert -7 <= ahead <= -1


WORDS = [
    "14", "10", "2026", "9", "12", "09:00", "9.30", "25:00", "jam", "pukul", "WIB", "WITA",
    "besok", "lusa", "kemarin", "hari", "ini", "depan", "lalu", "minggu", "pekan", "next",
    "week", "this", "Senin", "Jumat", "Minggu", "pagi", "siang", "sore", "malam", "tengah",
    "nanti", "Des", "Desember", "14/12/2026", "14/12", "-", "–", "s.d.", "s/d", "sampai",
    "dengan", "hingga", "to", "selesai", "acara", "the", "end", ",", "rapat", "00", "9-12",
]  # fmt: skip

garbage = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789/.-–: sdpagimalmWIB", max_size=30),
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
)


@SETTINGS
@given(text=garbage, allow_past=st.booleans())
def test_any_text_gives_a_span_or_a_date_input_error(text: str, allow_past: bool):
    try:
        span = parse_local_span(text, now=NOW, tz=JAKARTA, allow_past=allow_past)
    except DateInputError as error:
        assert error.reason in REASONS and error.reason != "range"
        assert (error.moment is not None) == (error.reason == "past")
        assert (len(error.candidates) == 2) == (error.reason == "ambiguous_day")
        return
    assert span.starts_at.tzinfo is UTC and (allow_past or span.starts_at >= NOW)
    assert span.ends_at is None or span.ends_at > span.starts_at
    assert not (span.open_end and span.ends_at is not None)


@SETTINGS
@given(text=garbage)
def test_any_text_gives_an_end_or_a_date_input_error(text: str):
    start = NOW + timedelta(days=3)
    try:
        end = parse_local_end(text, start=start, now=NOW, tz=JAKARTA)
    except DateInputError as error:
        assert error.reason in REASONS and error.reason != "end_before_start"
        return
    assert end.tzinfo is UTC and end >= NOW


@SETTINGS
@given(text=garbage)
def test_any_refusal_renders_in_both_languages(text: str):
    try:
        parse_local_span(text, now=NOW, tz=JAKARTA)
    except DateInputError as error:
        for lang in ("id", "en"):
            assert render.date_error(lang, error, NOW, JAKARTA).strip()
