"""Bad input, kind by kind: each is answered clearly in the user's language, nothing else changes.

Complements tests/e2e (which covers the Indonesian date refusals, empty and 201-character
names, the forged RSVP and pillar buttons): here the awkward characters, the texts longer
than one message, callback data edited by a client, English refusals, bot-addressed commands
in groups, edits, pictures where text is expected, channel posts and unknown update kinds.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from bot.context import BotData
from models import (
    Announcement,
    AuditEntry,
    Forum,
    ForumPillar,
    ForumStatus,
    Member,
    MemberStatus,
    OutboxKind,
    OutboxMessage,
    Pillar,
    PillarInvite,
    ReminderRun,
    Rsvp,
)
from sandbox import SandboxMessage, SimUser
from sandbox import scenarios as do
from scheduler.reminders import reminder_job
from tests.e2e import conftest as e2e
from tests.e2e.conftest import Community, days_ahead, publish_forum, typed

# The end-to-end fixtures: a registered admin, and one approved member per pillar.
admin = e2e.admin
community = e2e.community

LIMIT = 4096
EXPECT_TEXT = "Mohon kirim jawaban berupa teks."
EXPECT_BUTTON = "Mohon pilih salah satu tombol di atas, atau ketik /batal."
BUTTON_INVALID = "Tombol ini tidak berlaku lagi."
NOT_FOUND = "Forum tidak ditemukan."
INTERNAL = "terjadi kesalahan"

TABLES: Sequence[type[SQLModel]] = (
    Forum,
    ForumPillar,
    Announcement,
    OutboxMessage,
    PillarInvite,
    AuditEntry,
    Member,
    Rsvp,
    ReminderRun,
    Pillar,
)


async def snapshot(data: BotData) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables user input could change, once the outbox is idle."""
    assert data.sender is not None and data.sessions is not None
    async with asyncio.timeout(10):
        await data.sender.wait_idle()
    result = {}
    async with data.sessions() as session:
        for table in TABLES:
            columns = [column.name for column in table.__table__.columns]  # type: ignore[attr-defined]
            rows = (await session.exec(select(table))).all()
            result[table.__name__] = sorted(
                ({name: getattr(row, name) for name in columns} for row in rows), key=repr
            )
    return result


async def rows(data: BotData, table: type[SQLModel], *where: Any) -> list[Any]:
    assert data.sessions is not None
    async with data.sessions() as session:
        return list((await session.exec(select(table).where(*where))).all())


async def to_english(user: SimUser) -> None:
    await user.send("/bahasa")
    menu = await user.next_message()
    await user.press(menu, "English")
    await user.wait_edit(menu)


async def begin_registration(user: SimUser) -> None:
    await user.start()
    await user.next_message()  # welcome
    await user.next_message()  # ask name


async def collect(user: SimUser, first: SandboxMessage, *, within: float = 0.5) -> list[str]:
    """The texts of a reply sent in several parts (the first already read)."""
    parts = [first]
    while True:
        try:
            parts.append(await user.next_message(timeout=within))
        except TimeoutError:
            return [part.text or "" for part in parts]


def assert_fits(parts: list[str]) -> None:
    for part in parts:
        units = len(part.encode("utf-16-le")) // 2
        assert 0 < units <= LIMIT, units


def no_errors(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


# ---------------------------------------------------------------------------- characters

TRICKY_NAME = 'Dr. <b>Sri</b> & "Wati" _Ayu_ *Dewi* 😀👩🏽‍⚖️ محمد'
TRICKY_INSTITUTION = "Kejari <Kota> & Kab. Mojokerto — מחלקה *2* _x_"
TRICKY_POSITION = "Kasi <i>Intel</i> & Pidsus &amp; — رئيس"
TRICKY_TITLE = 'Rapat <Koordinasi> & "Evaluasi" *Pilkada* _2024_ 🗳️ اجتماع'
TRICKY_VENUE = "Aula <KPU> & Ruang *Rapat* — אולם"


async def test_awkward_characters_are_kept_and_shown_escaped(community: Community, sandbox):
    admin = community.admin
    user = sandbox.user(3101, "Sri")
    profile = do.Profile(TRICKY_NAME, "PPK", TRICKY_INSTITUTION, TRICKY_POSITION)
    await begin_registration(user)
    await user.send(profile.full_name)
    await user.press(await user.next_message(), "PPK")
    await user.next_message()
    await user.send(profile.institution)
    await user.next_message()
    await user.send(profile.position)
    form = await user.next_message()

    for value in (TRICKY_NAME, TRICKY_INSTITUTION, TRICKY_POSITION):
        assert value in form.text, value
    assert "&lt;b&gt;Sri&lt;/b&gt; &amp; " in (form.html or "")
    assert "&amp;amp;" in (form.html or "")  # an entity typed by the user stays literal text
    await user.press(form, "✅")
    assert TRICKY_NAME in (await user.wait_edit(form)).text
    stored = await rows(community.data, Member, Member.telegram_user_id == 3101)
    assert [(m.full_name, m.institution, m.position) for m in stored] == [
        (TRICKY_NAME, TRICKY_INSTITUTION, TRICKY_POSITION)
    ]
    request = await admin.next_message()
    assert TRICKY_NAME in request.text and TRICKY_POSITION in request.text
    await admin.press(request, "✅ 1.")
    await admin.wait_edit(request)
    await user.next_message()  # approved
    await user.send("/profil")
    assert TRICKY_INSTITUTION in (await user.next_message()).text
    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "Semua")
    roster = await admin.wait_edit(menu)
    assert f". {TRICKY_NAME} — {TRICKY_INSTITUTION}, {TRICKY_POSITION}" in roster.text
    await admin.send(f"/anggota {TRICKY_NAME[:6]}")
    found = await admin.next_message()
    assert f"1. {TRICKY_NAME} — {TRICKY_INSTITUTION}" in found.text

    # an admin's forum with such a title and venue, and a representative with such a name
    invitations = await publish_forum(
        community, start=days_ahead(4), title=TRICKY_TITLE, venue=TRICKY_VENUE, agenda="<a> & b"
    )
    invitation = invitations["POLRI"]
    assert TRICKY_TITLE in invitation.text and TRICKY_VENUE in invitation.text
    assert "Agenda: <a> & b" in invitation.text
    done = await do.answer_invitation(
        community.members["POLRI"], invitation, "Diwakilkan", delegate=(TRICKY_NAME, "<Kompol>")
    )
    assert isinstance(done, SandboxMessage)
    assert f"{TRICKY_NAME} (<Kompol>)" in done.text
    await community.members["POLRI"].send("/jadwal")
    schedule = await community.members["POLRI"].next_message()
    assert TRICKY_TITLE in schedule.text and TRICKY_NAME in schedule.text
    assert schedule.button_texts[0].startswith("Rapat <Koordinasi> & ")  # buttons are not HTML


async def test_4000_characters_are_refused_with_the_limit(community: Community, sandbox):
    data = community.data
    long_text = "Kejaksaan Negeri " * 236  # 4,012 characters
    invitations = await publish_forum(community, start=days_ahead(3))
    before = await snapshot(data)
    user = sandbox.user(3102, "Panjang")
    await begin_registration(user)
    await user.send(long_text)
    assert "maksimal 200 karakter" in (await user.next_message()).text
    await user.send("Ahmad Fauzi")
    await user.press(await user.next_message(), "PPS")
    await user.next_message()
    await user.send(long_text)
    assert "maksimal 300 karakter" in (await user.next_message()).text
    # in English too, after /bahasa in the middle of the form
    await to_english(user)
    await user.send(long_text)
    assert (await user.next_message()).text == (
        "That is too long (at most 300 characters). Please type it again."
    )
    await user.send("/batal")
    assert (await user.next_message()).text == "Cancelled. Nothing was changed."

    admin = community.admin
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send(long_text)
    assert "maksimal 200 karakter" in (await admin.next_message()).text
    await admin.send("Rakor")
    await admin.next_message()
    await admin.send(typed(days_ahead(5)))
    await admin.next_message()
    await admin.send("12.00")
    await admin.next_message()
    await admin.send(long_text)
    assert "maksimal 300 karakter" in (await admin.next_message()).text  # the venue
    await admin.send("Aula KPU")
    await admin.next_message()
    await admin.send(long_text)
    assert "maksimal 2.000 karakter" in (await admin.next_message()).text  # the agenda
    await admin.send("/batal")
    await admin.next_message()
    await admin.send("/umumkan")
    await admin.next_message()
    await admin.send(long_text)
    assert "maksimal 3.500 karakter" in (await admin.next_message()).text
    await admin.send("/batal")
    await admin.next_message()

    member = community.members["BAWASLU"]
    await member.press(invitations["BAWASLU"], "Diwakilkan")
    await member.next_message()
    await member.send(long_text)
    assert "maksimal 200 karakter" in (await member.next_message()).text  # the name
    await member.send("Dwi Santoso")
    await member.next_message()
    await member.send(long_text)
    assert "maksimal 200 karakter" in (await member.next_message()).text  # the position
    await member.send("/batal")
    await member.next_message()
    assert await snapshot(data) == before


# ---------------------------------------------------------------------------- long texts


async def add_pillars(data: BotData, count: int) -> list[Pillar]:
    assert data.sessions is not None
    async with data.sessions() as session:
        added = [
            Pillar(code=f"PPS-DESA-{i:02d}", name=f"PPS Desa {i:02d}", sort_order=100 + i)
            for i in range(count)
        ]
        session.add_all(added)
        await session.commit()
        return list((await session.exec(select(Pillar))).all())


async def add_members(data: BotData, pillars: Sequence[Pillar], count: int) -> list[str]:
    """`count` approved members with long names, spread over `pillars`; returns the names."""
    assert data.sessions is not None
    names = [f"Anggota PPS Nomor {i:03d} Kelurahan Balongsari Mojokerto" for i in range(count)]
    async with data.sessions() as session:
        session.add_all(
            Member(
                telegram_user_id=60_000 + i,
                chat_id=60_000 + i,
                full_name=name,
                pillar_id=pillars[i % len(pillars)].id or 0,
                institution=f"PPS Kelurahan Balongsari Kecamatan Magersari {i:03d}",
                position="Ketua Panitia Pemungutan Suara",
                status=MemberStatus.APPROVED,
            )
            for i, name in enumerate(names)
        )
        await session.commit()
    return names


async def add_forums(
    data: BotData,
    pillar_codes: Sequence[str],
    count: int,
    *,
    first_day: int = 2,
    prefix: str = "Forum",
) -> list[Forum]:
    """`count` published forums (200-character titles, 300-character venues), a day apart."""
    assert data.sessions is not None
    async with data.sessions() as session:
        admin = (await session.exec(select(Member).where(Member.is_admin))).first()
        pillars = (await session.exec(select(Pillar))).all()
        chosen = [p for p in pillars if p.code in pillar_codes]
        forums = []
        for i in range(count):
            title = f"{prefix} {i:02d} " + "Konsolidasi Empat Pilar Menjelang Pilkada " * 5
            forum = Forum(
                title=title[:200].strip(),
                starts_at=days_ahead(first_day + i),
                venue=f"Venue {i:02d} " + "Ballroom Hotel Ayola Jalan Benteng Pancasila " * 7,
                agenda="Sinergi",
                status=ForumStatus.PUBLISHED,
                created_by=admin.id if admin and admin.id else 0,
                published_at=datetime.now(UTC),
            )
            forum.venue = forum.venue[:300].strip()
            session.add(forum)
            await session.flush()
            forum_id = forum.id or 0
            session.add_all(ForumPillar(forum_id=forum_id, pillar_id=p.id or 0) for p in chosen)
            forums.append(forum)
        await session.commit()
        for forum in forums:
            await session.refresh(forum)
    return forums


def schedule_rows(parts: list[str], forums: Sequence[Forum]) -> list[int]:
    """For each forum, the part holding its whole schedule row (title, time · venue, answer)."""
    found = []
    for forum in forums:
        row = re.compile(
            rf"• {re.escape(forum.title)}\n  .+ · {re.escape(forum.venue)}\n  Konfirmasi: .+"
        )
        holders = [index for index, part in enumerate(parts) if row.search(part)]
        assert len(holders) == 1, (forum.title, holders)
        found.append(holders[0])
    return found


async def test_long_schedule_and_recap_are_split_on_line_boundaries_the_roster_paged(
    community: Community,
):
    data = community.data
    pillars = await add_pillars(data, 60)
    names = await add_members(data, pillars, 150)
    everyone_but_polri = [p.code for p in pillars if p.code != "POLRI"]
    await add_forums(data, everyone_but_polri, 1, first_day=1, prefix="Semua")
    forums = await add_forums(data, ["POLRI"], 20)

    member = community.members["POLRI"]
    await member.send("/jadwal")
    first = await member.next_message()
    parts = await collect(member, first)
    schedule = member.inbox[-len(parts) :]
    assert len(parts) >= 3
    assert_fits(parts)
    assert parts[0].startswith("🗓️ Jadwal forum Bapak/Ibu")
    holders = schedule_rows(parts, forums)
    assert holders == sorted(holders)  # in order, soonest first, every row whole
    assert [m.buttons != [] for m in schedule] == [False] * (len(parts) - 1) + [True]
    assert len(schedule[-1].button_texts) == len(forums)

    # The roster is a list of names: a page at a time in one message, never parts.
    admin = community.admin
    await admin.send("/anggota")
    page = await admin.next_message()
    await admin.press(page, "Semua")
    page = await admin.wait_edit(page)
    roster = [page.text or ""]
    while "Berikutnya ▶️" in page.button_texts:
        await admin.press(page, "Berikutnya ▶️")
        page = await admin.wait_edit(page)
        roster.append(page.text or "")
    await admin.no_message(within=0.3)
    assert len(roster) >= 3
    assert_fits(roster)
    for name in names:  # each row whole on exactly one page
        row = re.compile(rf"^\d+\. {re.escape(name)} — PPS .+, Ketua .+$", re.M)
        holders = [part for part in roster if row.search(part)]
        assert len(holders) == 1, name

    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Semua 00")
    await admin.next_message()  # the recap as a picture
    recap = await collect(admin, await admin.next_message())
    assert len(recap) >= 2
    assert_fits(recap)
    joined = "\n".join(recap)
    for pillar in pillars:
        if pillar.code != "POLRI":  # each row once, by the pillar's name
            found = re.findall(rf"^{re.escape(pillar.name)}( ⭐)?: diundang \d+ · ", joined, re.M)
            assert len(found) == 1, pillar.name
    assert "Jumlah: diundang" in recap[-1]


async def test_schedule_with_40_forums_lists_them_all(community: Community):
    forums = await add_forums(community.data, ["POLRI"], 40)
    member = community.members["POLRI"]
    await member.send("/jadwal")
    parts = await collect(member, await member.next_message())
    assert_fits(parts)
    schedule_rows(parts, forums)


async def test_reminder_summary_with_many_pillars_reaches_the_admins(app, community: Community):
    data = community.data
    pillars = await add_pillars(data, 60)
    (forum,) = await add_forums(data, [p.code for p in pillars], 1, first_day=3)
    assert data.settings is not None
    offset = max(data.settings.reminder_offsets)
    app.job_queue.run_once(reminder_job, when=0, data={"forum_id": forum.id, "offset": offset})
    summaries: list[OutboxMessage] = []
    for _ in range(50):
        summaries = await rows(data, OutboxMessage, OutboxMessage.kind == OutboxKind.SUMMARY)
        if summaries and all(s.status in ("sent", "failed") for s in summaries):
            break
        await asyncio.sleep(0.1)
    assert summaries and {s.status for s in summaries} == {"sent"}, [s.error for s in summaries]
    parts = await collect(community.admin, await community.admin.next_message())
    assert_fits(parts)
    joined = "\n".join(parts)
    for pillar in pillars:
        assert f"{pillar.name}" in joined


# ---------------------------------------------------------------------------- callback data

OVERSIZED = {  # 65 bytes each: more than any Telegram client can carry
    "jad": "jad:" + "1" * 61,
    "rsvp": "rsvp:" + "1" * 58 + ":a",
    "fdet": "fdet:" + "9" * 60,
    "appr": "appr:" + "1" * 58 + ":a",
    "lang": "lang:" + "e" * 60,
}


async def test_forged_and_oversized_callback_data_change_nothing(
    community: Community, caplog: pytest.LogCaptureFixture
):
    invitations = await publish_forum(community, start=days_ahead(3))
    data = community.data
    (forum,) = await rows(data, Forum)
    member, outsider = community.members["POLRI"], community.members["PEMDA"]
    admin = community.admin
    await member.send("/jadwal")
    schedule = await member.next_message()
    await outsider.send("/profil")
    profile = await outsider.next_message()
    await admin.send("/forum")
    menu = await admin.next_message()
    english = community.members["TNI"]
    await to_english(english)
    before = await snapshot(data)

    presses: list[tuple[SimUser, SandboxMessage, str, str]] = [
        (member, schedule, "jad:999999", NOT_FOUND),
        (member, schedule, "jad:0", NOT_FOUND),
        (member, schedule, "jad:abc", BUTTON_INVALID),
        (member, schedule, "jad:", BUTTON_INVALID),
        (member, schedule, "jad:-1", BUTTON_INVALID),
        (member, schedule, f"jad:{forum.id}:a", BUTTON_INVALID),
        (member, schedule, "jad:０１", BUTTON_INVALID),  # fullwidth digits
        (member, schedule, "jad:1 ", BUTTON_INVALID),
        (member, schedule, "jadwal:1", BUTTON_INVALID),
        (member, schedule, "\u202ejad:1", BUTTON_INVALID),
        (member, schedule, OVERSIZED["jad"], BUTTON_INVALID),
        (member, schedule, OVERSIZED["rsvp"], BUTTON_INVALID),
        (member, schedule, OVERSIZED["lang"], BUTTON_INVALID),
        (member, schedule, "lang:fr", BUTTON_INVALID),
        # a forum of pillars the member's is not among
        (outsider, profile, f"jad:{forum.id}", "Pilar Bapak/Ibu tidak diundang ke forum ini."),
        (outsider, profile, f"rsvp:{forum.id}:d", "Pilar Bapak/Ibu tidak diundang ke forum ini."),
        (admin, menu, "fdet:999999", NOT_FOUND),
        (admin, menu, "fdet:abc", NOT_FOUND),
        (admin, menu, OVERSIZED["fdet"], NOT_FOUND),
        (admin, menu, "rekap:999999", NOT_FOUND),
        (admin, menu, "appr:999999:a", "Anggota tidak ditemukan."),
        (admin, menu, "appr:1:x", BUTTON_INVALID),
        (admin, menu, OVERSIZED["appr"], BUTTON_INVALID),
        (admin, menu, "invp:999", "Pilar tidak dikenal."),
        (admin, menu, "invp:x", BUTTON_INVALID),
        (admin, menu, "fpub:ok", BUTTON_INVALID),  # no draft open
        (admin, menu, "annc:ok", BUTTON_INVALID),
        (admin, menu, "aud:every", BUTTON_INVALID),
        (english, invitations["TNI"], "jad:999999", "Forum not found."),
        (english, invitations["TNI"], "rsvp:1:x", "This button is no longer valid."),
        (english, invitations["TNI"], OVERSIZED["rsvp"], "This button is no longer valid."),
    ]
    for user, message, forged, expected in presses:
        edits = message.edit_count
        answer = await user.press_data(message, forged)
        assert answer.show_alert and answer.text == expected, (forged, answer)
        assert message.edit_count == edits, forged
        await user.no_message(within=0)
    assert await snapshot(data) == before
    no_errors(caplog)


async def test_buttons_of_cancelled_and_past_forums(community: Community):
    data = community.data
    cancelled = await publish_forum(community, start=days_ahead(3), title="Rakor yang Batal")
    past = await publish_forum(community, start=days_ahead(4), title="Rakor yang Lewat")
    forums = {f.title: f for f in await rows(data, Forum)}
    assert data.sessions is not None
    async with data.sessions() as session:
        gone = forums["Rakor yang Batal"]
        gone.status = ForumStatus.CANCELLED
        over = forums["Rakor yang Lewat"]
        over.starts_at = datetime.now(UTC) - timedelta(hours=3)
        session.add_all([gone, over])
        await session.commit()
    member = community.members["BAWASLU"]
    before = await snapshot(data)

    for button in ("Hadir", "Diwakilkan", "Tidak hadir"):
        answer = await member.press(cancelled["BAWASLU"], button)
        assert answer.show_alert and answer.text == "Forum ini sudah dibatalkan.", answer
        answer = await member.press(past["BAWASLU"], button)
        assert answer.show_alert and "sudah lewat" in (answer.text or ""), answer
    answer = await member.press_data(cancelled["BAWASLU"], f"jad:{gone.id}")
    assert answer.show_alert and answer.text == "Forum ini sudah dibatalkan."
    # no representative's name is asked for: the next text is just stray text
    await member.send("Dwi Santoso")
    assert "tidak memahami" in (await member.next_message()).text
    # the past forum, opened from an old /jadwal button: shown, without answer buttons
    await member.press_data(past["BAWASLU"], f"jad:{over.id}")
    shown = await member.next_message()
    assert "Rakor yang Lewat" in shown.text
    assert shown.button_texts == ["📅 Simpan ke kalender (.ics)"]
    # /jadwal lists neither
    await member.send("/jadwal")
    assert "Tidak ada forum mendatang" in (await member.next_message()).text
    await member.no_message(within=0)
    assert await snapshot(data) == before


# ---------------------------------------------------------------------------- dates


async def test_bad_dates_are_refused_in_english(community: Community):
    admin = community.admin
    data = community.data
    await to_english(admin)
    before = await snapshot(data)
    await admin.send("/newforum")
    assert "forum title" in (await admin.next_message()).text
    await admin.send("Coordination Meeting")
    assert "start" in (await admin.next_message()).text

    for text, expected in [
        ("whenever", '"whenever" is not a date and time I can read. Accepted forms:'),
        ("31/02/2030 09:00", '"31/02/2030 09:00" is not a real date or time'),
        ("14/10/2030 25:00", '"14/10/2030 25:00" is not a real date or time'),
        (
            "14/10/2020 09:00",
            '"14/10/2020 09:00" reads as Wednesday, 14 October 2020, 09:00 WIB, which has'
            " already passed. Please type a future date and time",
        ),
        ("14/10/2030", "The time is missing. Add it, e.g. 14/10/2030 09:00"),
    ]:
        await admin.send(text)
        refusal = await admin.next_message()
        assert refusal.text.startswith(expected), (text, refusal.text)
        assert "2020" not in refusal.text.splitlines()[-1]  # no example in the past
    start = days_ahead(5)
    await admin.send(typed(start))
    assert "end" in (await admin.next_message()).text
    for text, expected in [
        ("soon", "is not a date and time I can read"),
        ("08.00", "The end must be after the start. Please type it again."),
        ("25.00", "is not a real date or time"),
    ]:
        await admin.send(text)
        refusal = await admin.next_message()
        assert expected in refusal.text, (text, refusal.text)
    await admin.send("12.00")
    await admin.next_message()
    await admin.send("KPU Hall")
    await admin.next_message()
    await admin.send("Security")
    pillars = await admin.next_message()
    await admin.press(pillars, "TNI")
    await admin.wait_edit(pillars)
    await admin.press(pillars, "Done")
    assert "RSVP deadline" in (await admin.next_message()).text
    for text, expected in [
        ("next week-ish", "is not a date and time I can read"),
        (typed(start + timedelta(hours=1)), "The RSVP deadline must be before the forum starts."),
        ("14/10/2020 09:00", "which has already passed."),
    ]:
        await admin.send(text)
        refusal = await admin.next_message()
        assert expected in refusal.text, (text, refusal.text)
    await admin.send("/cancel")
    assert (await admin.next_message()).text == "Cancelled. Nothing was changed."
    assert await snapshot(data) == before


async def test_an_unreadable_end_time_is_quoted_as_typed(admin):
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send("Rakor")
    await admin.next_message()
    await admin.send(typed(days_ahead(5)))
    await admin.next_message()
    await admin.send("agak sore")  # ("nanti sore" is this afternoon, without a time)
    refusal = await admin.next_message()
    assert refusal.text.startswith('"agak sore" tidak dapat dibaca'), refusal.text


# ---------------------------------------------------------------------------- groups


async def test_commands_addressed_to_bots_in_a_group(community: Community, sandbox):
    await publish_forum(community, start=days_ahead(3))
    data = community.data
    group = sandbox.group(-100777, "Koordinasi Pilkada Mojokerto")
    admin, member = community.admin, community.members["POLRI"]
    before = await snapshot(data)

    await group.send(admin, "/rekap@sinergi_bot")
    menu = await group.next_message()
    assert menu.text == "Pilih forum untuk rekap:" and len(menu.buttons) == 1
    await group.send(admin, "/rekap@Sinergi_Bot")  # usernames are case-insensitive
    assert (await group.next_message()).text == "Pilih forum untuk rekap:"
    # a member pressing the admin's recap button in the group is refused privately (a popup)
    answer = await group.press(member, menu, "Diskusi")
    assert answer.show_alert and answer.text == "Perintah ini khusus admin KPU."
    await group.press(admin, menu, "Diskusi")
    assert (await group.next_message()).photo is not None  # the recap as a picture
    recap = await group.next_message()
    assert "Rekap: Diskusi dan Konsolidasi Empat Pilar" in recap.text
    assert "Hendra" not in recap.text  # counts only, in front of the whole group

    await group.send(member, "/jadwal@sinergi_bot")
    pointer = await group.next_message()
    assert "chat pribadi" in pointer.text and "https://t.me/sinergi_bot" in pointer.text
    await group.send(admin, "/forum_baru@sinergi_bot")
    assert "chat pribadi" in (await group.next_message()).text

    for user, text in [
        (admin, "/rekap@other_bot"),
        (member, "/jadwal@other_bot"),
        (admin, "/forum_baru@other_bot"),
        (member, "/bantuan@other_bot"),
        (member, "/start@other_bot"),
        (member, "halo semua, rapat jam berapa?"),
        (admin, "/tidakada@sinergi_bot"),
    ]:
        await group.send(user, text)
    await group.send(member, "/bantuan@sinergi_bot")  # processed after all of the above
    help_text = await group.next_message()
    assert "/jadwal" in help_text.text
    await group.no_message(within=0.2)

    # in the private chat the suffix is fine
    await member.send("/jadwal@sinergi_bot")
    assert "Diskusi dan Konsolidasi Empat Pilar" in (await member.next_message()).text
    await member.no_message(within=0)
    await admin.no_message(within=0)
    assert await snapshot(data) == before


# ---------------------------------------------------------------------------- edits


async def test_edits_are_not_taken_as_answers(community: Community, sandbox):
    data = community.data
    invitations = await publish_forum(community, start=days_ahead(3))
    admin, member = community.admin, community.members["POLRI"]
    before = await snapshot(data)

    # the forum form: the edited title is not the start date
    await admin.send("/forum_baru")
    await admin.next_message()
    title = await admin.send("Rakor")
    await admin.next_message()
    await admin.edit(title, "Rakor Pengamanan TPS")
    await admin.no_message(within=0.3)
    await admin.send(typed(days_ahead(5)))
    assert "selesai" in (await admin.next_message()).text  # the start was still expected
    await admin.send("/batal")
    await admin.next_message()

    # the registration form: an edited name is not the institution
    newcomer = sandbox.user(3201, "Rina")
    await begin_registration(newcomer)
    name = await newcomer.send("Rina")
    pillars = await newcomer.next_message()
    await newcomer.edit(name, "Rina Marlina")
    await newcomer.no_message(within=0.3)
    await newcomer.press(pillars, "PPK")
    await newcomer.next_message()
    await newcomer.send("/batal")
    await newcomer.next_message()

    # the representative: an edited name is not the position
    await member.press(invitations["POLRI"], "Diwakilkan")
    await member.next_message()
    delegate = await member.send("Dwi")
    await member.next_message()
    await member.edit(delegate, "Dwi Santoso")
    await member.no_message(within=0.3)
    await member.send("/batal")
    assert "Dibatalkan" in (await member.next_message()).text

    # outside any form: an edited message gets no answer
    stray = await member.send("halo")
    await member.next_message()
    await member.edit(stray, "halo, selamat pagi")
    await member.no_message(within=0.3)
    # a message edited into a command runs that command (PTB's CommandHandler takes edits):
    # harmless, it only shows the member their own data
    command = await member.send("/profil")
    await member.next_message()
    await member.edit(command, "/jadwal")
    shown = await member.next_message()
    assert "Diskusi dan Konsolidasi Empat Pilar" in shown.text and INTERNAL not in shown.text
    assert await snapshot(data) == before


# ---------------------------------------------------------------------------- not text


async def send_not_text(user: SimUser, kind: str) -> None:
    if kind == "photo":
        await user.send_photo(caption="Budi Santoso")
    elif kind == "sticker":
        await user.send_sticker()
    else:
        await user.send_document(b"%PDF-1.4", "ktp.pdf", "application/pdf", caption="Budi")


KINDS = ("photo", "sticker", "document")


async def test_photos_stickers_and_documents_where_text_is_expected(community: Community, sandbox):
    data = community.data
    invitations = await publish_forum(community, start=days_ahead(3))
    admin, member = community.admin, community.members["KEJAKSAAN"]
    before = await snapshot(data)

    newcomer = sandbox.user(3301, "Budi")
    await begin_registration(newcomer)
    for kind in KINDS:
        await send_not_text(newcomer, kind)
        assert (await newcomer.next_message()).text == EXPECT_TEXT, kind
    await newcomer.send("Budi Santoso")
    pillars = await newcomer.next_message()
    await newcomer.send_sticker()
    assert (await newcomer.next_message()).text == EXPECT_BUTTON
    await newcomer.press(pillars, "PPS")
    assert "instansi" in (await newcomer.next_message()).text
    await newcomer.send("/batal")
    await newcomer.next_message()

    await admin.send("/forum_baru")
    await admin.next_message()
    for kind in KINDS:
        await send_not_text(admin, kind)
        assert (await admin.next_message()).text == EXPECT_TEXT, kind
    await admin.send("Rakor Logistik")
    assert "dimulai" in (await admin.next_message()).text
    await admin.send("/batal")
    await admin.next_message()

    await member.press(invitations["KEJAKSAAN"], "Diwakilkan")
    await member.next_message()
    for kind in KINDS:
        await send_not_text(member, kind)
        assert (await member.next_message()).text == EXPECT_TEXT, kind
    await member.send("Dwi Santoso")
    assert "jabatan" in (await member.next_message()).text
    await member.send_photo()
    assert (await member.next_message()).text == EXPECT_TEXT
    await member.send("/batal")
    await member.next_message()

    # in English, and outside any form (no answer at all)
    english = sandbox.user(3302, "Ann", language_code="en")
    await to_english(english)
    await begin_registration(english)
    await english.send_sticker()
    assert (await english.next_message()).text == "Please answer with text."
    await english.send("/cancel")
    await english.next_message()
    for kind in KINDS:
        await send_not_text(english, kind)
    await english.send_photo()
    await english.no_message(within=0.3)
    assert await snapshot(data) == before


# ---------------------------------------------------------------------------- other updates


async def test_channel_posts_and_unknown_updates_are_ignored(
    community: Community, sandbox, caplog: pytest.LogCaptureFixture
):
    data = community.data
    member = community.members["POLRI"]
    group = sandbox.group(-100888, "Grup Koordinasi")
    before = await snapshot(data)
    bot = sandbox.bot_user
    now = int(datetime.now(UTC).timestamp())
    caplog.set_level(logging.WARNING)

    sandbox.channel_post(-1009999, "/rekap")
    sandbox.channel_post(-1009999, "/jadwal@sinergi_bot")
    sandbox.channel_post(-1009999, "Pengumuman tanpa perintah")
    sandbox.raw_update({"some_future_update": {"id": 1, "text": "/start"}})
    sandbox.raw_update({})
    sandbox.raw_update(
        {
            "message_reaction": {
                "chat": {"id": member.id, "type": "private", "first_name": "Hendra"},
                "message_id": 1,
                "user": member.to_dict(),
                "date": now,
                "old_reaction": [],
                "new_reaction": [{"type": "emoji", "emoji": "👍"}],
            }
        }
    )
    sandbox.raw_update(
        {
            "my_chat_member": {
                "chat": {"id": group.chat_id, "type": "group", "title": group.title},
                "from": community.admin.to_dict(),
                "date": now,
                "old_chat_member": {"status": "left", "user": bot},
                "new_chat_member": {"status": "member", "user": bot},
            }
        }
    )
    sandbox.raw_update(
        {
            "edited_channel_post": {
                "message_id": 1,
                "chat": {"id": -1009999, "type": "channel", "title": "Sandbox Channel"},
                "date": now,
                "edit_date": now,
                "text": "/rekap",
            }
        }
    )
    sandbox.raw_update(
        {
            "message": {
                "message_id": 999,
                "chat": {"id": group.chat_id, "type": "group", "title": group.title},
                "date": now,
                "from": community.admin.to_dict(),
                "new_chat_members": [bot],
            }
        }
    )
    await member.send("/bantuan")  # answered after every update above was handled

    assert "/jadwal" in (await member.next_message()).text
    assert sandbox.messages(-1009999) == [m for m in sandbox.messages(-1009999) if not m.from_bot]
    await group.no_message(within=0)
    await community.admin.no_message(within=0)
    no_errors(caplog)
    assert not [r for r in caplog.records if "error while handling an update" in r.getMessage()]
    assert await snapshot(data) == before
