"""Dates as officers type them, through /forum_baru and rescheduling: the bot says what it
read after each date step, a start typed with its end skips the end step, and what is past
or ambiguous is refused and changes nothing (issue 10, item 6).

The sandbox runs on the real clock: fixed dates are in 2037 (14 December 2037 is a Monday,
as 14 December 2026 is), relative ones are computed from today in WIB.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.dates import format_date
from sandbox import SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import JAKARTA, Community, days_ahead, publish_forum
from tests.e2e.test_changes import open_field
from tests.e2e.test_forums import forums_in_db


def wib(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA).astimezone(UTC)


def today() -> date:
    return datetime.now(JAKARTA).date()


def long_date(day: date) -> str:
    """ "Senin, 7 Desember 2026"."""
    return format_date(
        datetime(day.year, day.month, day.day, 12, tzinfo=JAKARTA), tz=JAKARTA, lang="id"
    )


async def start_form(admin: SimUser) -> None:
    """/forum_baru and a title: the bot now asks for the start."""
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send("Rapat Koordinasi Pengamanan")
    ask_start = await admin.next_message()
    assert "Jam selesai boleh ditulis sekaligus" in ask_start.text


async def to_deadline(admin: SimUser) -> SandboxMessage:
    """From the venue question to the RSVP deadline question (the four pillars invited)."""
    await admin.send("Aula KPU Kota Mojokerto")
    await admin.next_message()
    await admin.send("Pengamanan TPS")
    pillars = await admin.next_message()
    await admin.press(pillars, "Pilar utama")
    await admin.wait_edit(pillars)
    await admin.press(pillars, "Selesai")
    return await admin.next_message()


async def finish_form(admin: SimUser, *, deadline: str | None = None) -> str:
    """From the venue question to the published forum; returns the capacity question's text
    (pressing Lewati edits it)."""
    ask_deadline = await to_deadline(admin)
    if deadline is None:
        await admin.press(ask_deadline, "Lewati")
    else:
        await admin.send(deadline)
    ask_capacity = await admin.next_message()
    asked = ask_capacity.text
    await admin.press(ask_capacity, "Lewati")
    # map, reminder offsets, note, repeat and attachment: their defaults
    await do.options_steps(admin, do.ForumForm(title="", start="", venue="", agenda=""))
    preview = await admin.next_message()
    await do.publish(admin, preview)
    return asked


@pytest.mark.parametrize(
    ("typed", "read", "end"),
    [
        ("Senin 14 Desember 2037 jam 09.00–12.00 WIB", "pukul 09.00–12.00 WIB", 12),
        (
            "Senin 14 Desember 2037 jam 09.00 WIB s.d. selesai",
            "pukul 09.00 WIB s.d. selesai",
            None,
        ),
    ],
)
async def test_a_start_with_its_end_or_an_open_end_skips_the_end_step(
    community: Community, typed, read, end
):
    admin = community.admin
    await start_form(admin)

    await admin.send(typed)

    ask_venue = await admin.next_message()
    assert f"Dibaca: Senin, 14 Desember 2037, {read}" in ask_venue.text
    assert "Ketik tempat forum" in ask_venue.text  # the end step is skipped
    assert ask_venue.button_texts == []
    ask_capacity = await finish_form(admin, deadline="13 Des 2037 jam 5 sore")
    assert "Dibaca: Minggu, 13 Desember 2037, pukul 17.00 WIB" in ask_capacity
    assert "kapasitas" in ask_capacity

    (forum,) = await forums_in_db(community)
    assert forum.starts_at == wib(2037, 12, 14, 9)
    assert forum.ends_at == (None if end is None else wib(2037, 12, 14, end))
    assert forum.rsvp_deadline == wib(2037, 12, 13, 17)


def next_monday() -> date:
    """ "Senin depan": the Monday of next week (a week on when today is a Monday)."""
    return today() + timedelta(days=7 - today().weekday())


@pytest.mark.parametrize(
    ("typed", "day", "hour"),
    [
        ("Senin depan jam 10", next_monday, 10),
        ("jam 9 pagi besok", lambda: today() + timedelta(days=1), 9),
        ("besok pagi jam 9", lambda: today() + timedelta(days=1), 9),
        ("14 Des 2037 jam 9 pagi", lambda: date(2037, 12, 14), 9),
    ],
)
async def test_phrases_are_read_back_and_stored(community: Community, typed, day, hour):
    admin = community.admin
    await start_form(admin)

    await admin.send(typed)

    ask_end = await admin.next_message()
    expected = day()
    assert f"Dibaca: {long_date(expected)}, pukul {hour:02d}.00 WIB" in ask_end.text
    assert "Kapan forum selesai" in ask_end.text and ask_end.button_texts == ["Lewati"]
    await admin.send("jam 1 siang")
    ask_venue = await admin.next_message()
    assert f"Dibaca: {long_date(expected)}, pukul {hour:02d}.00–13.00 WIB" in ask_venue.text
    await finish_form(admin)
    (forum,) = await forums_in_db(community)
    y, m, d = expected.year, expected.month, expected.day
    assert (forum.starts_at, forum.ends_at) == (wib(y, m, d, hour), wib(y, m, d, 13))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("kemarin 10:00", "sudah lewat"),
        ("12 malam besok", "tidak jelas jatuh pada hari apa"),
        ("minggu depan jam 10", "belum menyebut harinya"),
        ("jam 9", "belum menyebut tanggalnya"),
        ("besok 09.00-08.00", "jam selesai tidak sesudah jam mulai"),
        ("besok jam 15 pagi", "bukan tanggal atau jam yang ada"),
        ("besok <i>pagi</i> & jam 9", "tidak dapat dibaca"),  # quoted as typed, escaped
    ],
)
async def test_refused_dates_change_nothing_and_keep_the_step(
    community: Community, typed, expected
):
    admin = community.admin
    await start_form(admin)

    await admin.send(typed)

    refusal = await admin.next_message()
    assert expected in refusal.text, refusal.text
    assert f'"{typed}"' in refusal.text
    assert "Anda" not in refusal.text
    if typed.startswith("kemarin"):  # what was read, so the admin sees why it is past
        yesterday = today() - timedelta(days=1)
        assert f"terbaca {long_date(yesterday)}, pukul 10.00 WIB" in refusal.text
    assert await forums_in_db(community) == []
    # still asking for the start: a good one moves on to the end
    await admin.send("14/12/2037 09:00")
    ask_end = await admin.next_message()
    assert "Dibaca: Senin, 14 Desember 2037, pukul 09.00 WIB" in ask_end.text
    assert "Kapan forum selesai" in ask_end.text


async def test_a_refused_deadline_keeps_the_deadline_step(community: Community):
    admin = community.admin
    await start_form(admin)
    await admin.send("14/12/2037 09:00 s.d. selesai")
    await admin.next_message()
    await to_deadline(admin)

    await admin.send("13/12/2037 09.00-12.00")
    assert "cukup satu waktu" in (await admin.next_message()).text
    await admin.send("13/12/2037 jam 9 malam")
    ask_capacity = await admin.next_message()
    assert "Dibaca: Minggu, 13 Desember 2037, pukul 21.00 WIB" in ask_capacity.text
    assert await forums_in_db(community) == []


async def test_rescheduling_reads_back_the_typed_start_and_end(community: Community):
    start = days_ahead(3)
    await publish_forum(community, start=start, pillars=["POLRI"])
    admin = community.admin

    await open_field(admin, "Waktu mulai")
    await admin.send("14 Des 2037 09.00-12.00")
    assert "cukup satu waktu" in (await admin.next_message()).text
    await admin.send("kemarin jam 9 pagi")
    assert "sudah lewat" in (await admin.next_message()).text
    assert (await forums_in_db(community))[0].starts_at == start  # nothing changed so far
    await admin.send("14 Des 2037 jam 9 pagi")
    preview = await admin.next_message()
    assert preview.text.startswith("🗓 Dibaca: Senin, 14 Desember 2037, pukul 09.00 WIB")
    assert "Jadwal diubah" in preview.text
    await admin.press(preview, "Benar")
    assert "Perubahan disimpan" in (await admin.wait_edit(preview)).text
    assert (await forums_in_db(community))[0].starts_at == wib(2037, 12, 14, 9)

    await open_field(admin, "Waktu selesai")
    await admin.send("jam 1 siang")
    preview = await admin.next_message()
    assert "Dibaca: Senin, 14 Desember 2037, pukul 09.00–13.00 WIB" in preview.text
    await admin.press(preview, "Benar")
    await admin.wait_edit(preview)
    (forum,) = await forums_in_db(community)
    assert (forum.starts_at, forum.ends_at) == (wib(2037, 12, 14, 9), wib(2037, 12, 14, 13))
