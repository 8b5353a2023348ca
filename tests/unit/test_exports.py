"""Tests for the exports: the attendance sheet's data and its PDF, XLSX and .ics renderers."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from icalendar import Calendar
from pypdf import PdfReader
from pypdf.generic import ContentStream
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.exports import clock, file_name, ics_file_name, text, time_range
from bot.exports.document import Document, Table
from bot.exports.ics import render_ics, sequence
from bot.exports.pdf import render_pdf
from bot.exports.xlsx import render_xlsx
from bot.services import exports
from bot.services.exports import AttendanceSheet, Remark, SheetRow, remark_for
from bot.services.reports import PillarRecap, Recap
from models import (
    Attendance,
    AttendanceMethod,
    Forum,
    ForumStatus,
    Member,
    MemberStatus,
    OfficeProfile,
    RsvpAnswer,
    Signatory,
)
from tests import factories as f
from tests.statements import counted

JAKARTA = ZoneInfo("Asia/Jakarta")
HOUR = 3600
LONG_NAME = "Dr. Hj. Siti Nur'aini, S.H., M.H."
ACCENTED = "Ṣiti Ñurjanah Çahya"
LONG_INSTITUTION = (
    "Badan Kesatuan Bangsa dan Politik Pemerintah Kota Mojokerto Bidang Ketahanan Ekonomi "
    "Sosial Budaya Agama dan Organisasi Massa"
)[:120]


def flat(value: str) -> str:
    """Whitespace collapsed: a wrapped cell reads back with line breaks between its words."""
    return " ".join(value.split())


OFFICE = OfficeProfile(
    name="KOMISI PEMILIHAN UMUM KOTA MOJOKERTO", city="Mojokerto", attendance_blank_rows=0
)
SIGNER = Signatory(
    kind="daftar_hadir",
    position="Sekretaris KPU Kota Mojokerto",
    name="Drs. Bambang Sutrisno",
    nip="19700101 199503 1 002",
)


def attendance_pdf(sheet: AttendanceSheet, lang: str = "id", **office: object) -> bytes:
    """The Daftar Hadir of `sheet`, the office changed by `office` (fields of the profile)."""
    profile = OFFICE.model_copy(update=office)
    return render_pdf(sheet, office=profile, signatory=SIGNER, tz=JAKARTA, lang=lang)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), flat(" ".join(page.extract_text() for page in reader.pages))


# --- The data --------------------------------------------------------------------------------


async def set_profile(
    session: AsyncSession, member: Member, *, institution: str | None = None
) -> None:
    if institution is not None:
        member.institution = institution
    session.add(member)
    await session.flush()


async def check_in(
    session: AsyncSession,
    forum: Forum,
    member: Member,
    *,
    at: datetime,
    delegate: str | None = None,
) -> None:
    session.add(
        Attendance(
            forum_id=forum.id or 0,
            member_id=member.id or 0,
            checked_in_at=at,
            method=AttendanceMethod.MANUAL,
            delegate_name=delegate,
        )
    )
    await session.flush()


async def test_sheet_rows_in_pillar_order_with_rsvp_and_check_in(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        kejaksaan = await f.member(session, pillar_code="KEJAKSAAN", full_name=LONG_NAME)
        await set_profile(session, kejaksaan, institution=LONG_INSTITUTION)
        await f.member(session, pillar_code="POLRI", full_name="bayu Prasetyo")
        polri_a = await f.member(session, pillar_code="POLRI", full_name="Agus Salim")
        tni = await f.member(session, pillar_code="TNI", full_name=ACCENTED)
        bawaslu_1 = await f.member(session, pillar_code="BAWASLU", full_name="Nurul Hidayati")
        bawaslu_2 = await f.member(session, pillar_code="BAWASLU", full_name="Rina Wati")
        await f.member(session, pillar_code="POLRI", status=MemberStatus.PENDING)
        await f.member(session, pillar_code="PEMDA", full_name="Tidak Diundang")
        forum = await f.forum(session, by=admin, at=now)
        await f.answer(session, forum=forum, member=kejaksaan, answer=RsvpAnswer.ATTENDING)
        await f.answer(
            session,
            forum=forum,
            member=polri_a,
            answer=RsvpAnswer.DELEGATED,
            delegate_name="Dwi Santoso",
            delegate_position="Kabag Ops",
        )
        await f.answer(session, forum=forum, member=tni, answer=RsvpAnswer.DECLINED)
        await f.answer(session, forum=forum, member=bawaslu_2, answer=RsvpAnswer.ATTENDING)
        waiting = await f.answer(
            session, forum=forum, member=bawaslu_1, answer=RsvpAnswer.ATTENDING
        )
        waiting.waitlisted_at = now
        session.add(waiting)
        await check_in(session, forum, kejaksaan, at=now)
        await check_in(session, forum, polri_a, at=now, delegate="Dwi Santoso")

        sheet = await exports.attendance_sheet(session, forum, now=now, default_duration=3 * HOUR)

    assert not sheet.ended
    assert [(row.pillar, row.name, row.remark) for row in sheet.rows] == [
        ("Kejaksaan", LONG_NAME, Remark.PRESENT),
        ("Polri", "Agus Salim", Remark.REPRESENTED),
        ("Polri", "bayu Prasetyo", Remark.NO_ANSWER),
        ("TNI", ACCENTED, Remark.DECLINED),
        ("Bawaslu", "Nurul Hidayati", Remark.WAITLISTED),
        ("Bawaslu", "Rina Wati", Remark.CONFIRMED),
    ]
    first, agus = sheet.rows[0], sheet.rows[1]
    assert first.institution == LONG_INSTITUTION
    assert first.checked_in_at == now
    assert (agus.answer, agus.delegate_name, agus.delegate_position) == (
        RsvpAnswer.DELEGATED,
        "Dwi Santoso",
        "Kabag Ops",
    )
    assert agus.checkin_delegate == "Dwi Santoso"
    assert [p.name for p in sheet.recap.pillars] == ["Kejaksaan", "Polri", "TNI", "Bawaslu"]
    assert sheet.recap.total.invited == len(sheet.rows)


async def test_after_the_end_the_unchecked_are_absent(sessions: SessionMaker) -> None:
    now = f.now()
    earlier = now - timedelta(days=2)
    async with sessions() as session:
        admin = await f.admin(session)
        here = await f.member(session, pillar_code="POLRI", full_name="Agus Salim")
        away = await f.member(session, pillar_code="POLRI", full_name="Bayu Prasetyo")
        forum = await f.forum(
            session, by=admin, at=earlier, starts_in=timedelta(hours=1), pillar_codes=["POLRI"]
        )
        await f.answer(session, forum=forum, member=away, answer=RsvpAnswer.ATTENDING, at=earlier)
        await check_in(session, forum, here, at=forum.starts_at)
        ended = await exports.attendance_sheet(session, forum, now=now, default_duration=3 * HOUR)
        # Within the default duration after the start the forum is still on.
        during = await exports.attendance_sheet(
            session, forum, now=forum.starts_at + timedelta(hours=2), default_duration=3 * HOUR
        )
    assert ended.ended
    assert [row.remark for row in ended.rows] == [Remark.PRESENT, Remark.ABSENT]
    assert not during.ended
    assert [row.remark for row in during.rows] == [Remark.PRESENT, Remark.CONFIRMED]


async def test_statement_count_does_not_grow_with_invitees(sessions: SessionMaker) -> None:
    counts = {}
    async with sessions() as session:
        admin = await f.admin(session)
        forum = await f.forum(session, by=admin, pillar_codes=f.CORE_PILLARS)
        people: list[Member] = []
        for invitees in (5, 50):
            while len(people) < invitees:
                index = len(people)
                person = await f.member(session, pillar_code=f.CORE_PILLARS[index % 4])
                people.append(person)
                if index % 3 == 0:
                    await f.answer(session, forum=forum, member=person, answer=RsvpAnswer.DECLINED)
                if index % 4 == 0:
                    await check_in(session, forum, person, at=f.now())
            await session.commit()
            with counted(session) as statements:
                sheet = await exports.attendance_sheet(
                    session, forum, now=f.now(), default_duration=3 * HOUR
                )
            assert len(sheet.rows) == invitees
            counts[invitees] = len(statements)
    assert counts[5] == counts[50]
    assert counts[5] <= 5  # the list, its walk-in guests, and the recap's three grouped counts


@pytest.mark.parametrize(
    ("answer", "waitlisted", "checked_in", "delegate", "ended", "expected"),
    [
        (None, False, True, None, False, Remark.PRESENT),
        (RsvpAnswer.DECLINED, False, True, None, True, Remark.PRESENT),
        (RsvpAnswer.DELEGATED, False, True, "Dwi", True, Remark.REPRESENTED),
        (RsvpAnswer.ATTENDING, False, False, None, True, Remark.ABSENT),
        (None, False, False, None, True, Remark.ABSENT),
        (RsvpAnswer.ATTENDING, False, False, None, False, Remark.CONFIRMED),
        (RsvpAnswer.DELEGATED, False, False, None, False, Remark.DELEGATED),
        (RsvpAnswer.DECLINED, False, False, None, False, Remark.DECLINED),
        (RsvpAnswer.ATTENDING, True, False, None, False, Remark.WAITLISTED),
        (None, False, False, None, False, Remark.NO_ANSWER),
    ],
)
def test_remark_precedence(
    answer: RsvpAnswer | None,
    waitlisted: bool,
    checked_in: bool,
    delegate: str | None,
    ended: bool,
    expected: Remark,
) -> None:
    assert (
        remark_for(
            answer=answer,
            waitlisted=waitlisted,
            checked_in=checked_in,
            checkin_delegate=delegate,
            ended=ended,
        )
        == expected
    )


# --- Renderers (no database) -----------------------------------------------------------------

START = datetime(2024, 10, 14, 2, 0, tzinfo=UTC)  # Senin, 14 Oktober 2024, 09.00 WIB


def make_forum(**changes: Any) -> Forum:
    values: dict[str, Any] = {
        "id": 7,
        "title": "Diskusi dan Konsolidasi Empat Pilar",
        "starts_at": START,
        "ends_at": START + timedelta(hours=3),
        "venue": "Ballroom Hotel Ayola, Jalan Benteng Pancasila, Kota Mojokerto",
        "agenda": "Sinergi menjelang Pilkada serentak 2024",
        "status": ForumStatus.PUBLISHED,
        "created_by": 1,
        "created_at": START - timedelta(days=7),
        "published_at": START - timedelta(days=7),
    }
    values.update(changes)
    return Forum(**values)


def make_row(name: str, pillar: str, remark: Remark, **changes: Any) -> SheetRow:
    values: dict[str, Any] = {
        "name": name,
        "institution": f"Instansi {pillar}",
        "position": "Kepala Seksi",
        "pillar": pillar,
        "answer": None,
        "delegate_name": None,
        "delegate_position": None,
        "waitlisted": False,
        "checked_in_at": None,
        "checkin_delegate": None,
        "remark": remark,
    }
    values.update(changes)
    return SheetRow(**values)


def sample_rows() -> list[SheetRow]:
    checked = START + timedelta(minutes=12)
    return [
        make_row(
            LONG_NAME,
            "KEJAKSAAN",
            Remark.PRESENT,
            institution=LONG_INSTITUTION,
            answer=RsvpAnswer.ATTENDING,
            checked_in_at=checked,
        ),
        make_row(
            "Agus Salim",
            "POLRI",
            Remark.REPRESENTED,
            answer=RsvpAnswer.DELEGATED,
            delegate_name="Dwi Santoso",
            delegate_position="Kabag Ops",
            checked_in_at=checked,
            checkin_delegate="Dwi Santoso",
        ),
        make_row(
            "Bayu Prasetyo",
            "POLRI",
            Remark.DELEGATED,
            answer=RsvpAnswer.DELEGATED,
            delegate_name="Citra Lestari",
            delegate_position="Kasubbag Humas",
        ),
        make_row(ACCENTED, "TNI", Remark.DECLINED, answer=RsvpAnswer.DECLINED),
        make_row(
            "Eko Budi", "TNI", Remark.WAITLISTED, answer=RsvpAnswer.ATTENDING, waitlisted=True
        ),
        make_row("Nurul Hidayati", "BAWASLU", Remark.NO_ANSWER),
        make_row("Rina Wati", "BAWASLU", Remark.CONFIRMED, answer=RsvpAnswer.ATTENDING),
        make_row('=HYPERLINK("http://x")', "PEMDA", Remark.ABSENT),
    ]


EXPECTED_REMARKS = [
    "Hadir (09.12)",
    "Diwakili oleh Dwi Santoso (09.12)",
    "Diwakili oleh Citra Lestari (Kasubbag Humas)",
    "Tidak hadir (konfirmasi)",
    "Daftar tunggu",
    "Belum konfirmasi",
    "Konfirmasi hadir",
    "Tidak hadir",
]


def make_sheet(rows: list[SheetRow], forum: Forum | None = None) -> AttendanceSheet:
    forum = forum or make_forum()
    pillars = sorted({row.pillar for row in rows})
    recap = Recap(
        forum=forum,
        pillars=[
            PillarRecap(
                name=code,
                is_core=code != "PEMDA",
                invited=sum(row.pillar == code for row in rows),
                attending=sum(
                    row.pillar == code
                    and row.answer == RsvpAnswer.ATTENDING
                    and not row.waitlisted
                    for row in rows
                ),
                delegated=sum(
                    row.pillar == code and row.answer == RsvpAnswer.DELEGATED for row in rows
                ),
                declined=sum(
                    row.pillar == code and row.answer == RsvpAnswer.DECLINED for row in rows
                ),
                waitlisted=sum(row.pillar == code and row.waitlisted for row in rows),
                checked_in=sum(
                    row.pillar == code and row.checked_in_at is not None for row in rows
                ),
            )
            for code in pillars
        ],
    )
    return AttendanceSheet(
        forum=forum,
        rows=rows,
        recap=recap,
        generated_at=START + timedelta(hours=4),
        ended=False,
    )


def test_pdf_is_fit_for_the_spj() -> None:
    """Issue 11, item 3: the kop, Acara, the one who signs in Nama, those who stay away
    apart without a signature box, blank rows for walk-ins, and "Mengetahui"."""
    rows = sample_rows()
    data = attendance_pdf(make_sheet(rows), "id", attendance_blank_rows=3)
    assert data.startswith(b"%PDF")
    pages, content = pdf_text(data)
    assert pages == 2
    for heading in (
        "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO",
        "DAFTAR HADIR",
        "Acara : Diskusi dan Konsolidasi Empat Pilar",
        "Hari/Tanggal : Senin, 14 Oktober 2024",
        "Pukul : 09.00–12.00 WIB",
        "Tempat : Ballroom Hotel Ayola, Jalan Benteng Pancasila, Kota Mojokerto",
        "No Nama Instansi Jabatan Pilar Keterangan Tanda Tangan",
        "Dicetak Senin, 14 Oktober 2024, 13.00 WIB",
        "Halaman 1 dari 2",
    ):
        assert heading in content, heading
    signing = [
        f"1 {LONG_NAME} {LONG_INSTITUTION} Kepala Seksi KEJAKSAAN Hadir (09.12) 1.",
        # The representative signs, with their own position, for the official.
        "2 Dwi Santoso Instansi POLRI Kabag Ops POLRI Mewakili Agus Salim, Kepala Seksi "
        "(09.12) 2.",
        "3 Citra Lestari Instansi POLRI Kasubbag Humas POLRI Mewakili Bayu Prasetyo, Kepala "
        "Seksi 3.",
        "4 Eko Budi Instansi TNI Kepala Seksi TNI Daftar tunggu 4.",
        "5 Nurul Hidayati Instansi BAWASLU Kepala Seksi BAWASLU Belum konfirmasi 5.",
        "6 Rina Wati Instansi BAWASLU Kepala Seksi BAWASLU Konfirmasi hadir 6.",
        "Hadir tanpa undangan (diisi di tempat) 7 7.",
        "8 8. 9 9.",
        "Berhalangan hadir No Nama Instansi Jabatan Pilar Keterangan",
        f"1 {ACCENTED} Instansi TNI Kepala Seksi TNI Tidak hadir (konfirmasi)",
        '2 =HYPERLINK("http://x") Instansi PEMDA Kepala Seksi PEMDA Tidak hadir',
        "Mojokerto, 14 Oktober 2024 Mengetahui, Sekretaris KPU Kota Mojokerto "
        "Drs. Bambang Sutrisno NIP. 19700101 199503 1 002",
    ]
    position = 0
    for expected in signing:
        found = content.find(flat(expected), position)
        assert found >= 0, expected
        position = found
    # Those who stay away have no signature box: the numbers stop at the blank rows.
    assert "10." not in content
    assert "Agus Salim Instansi" not in content
    assert len(LONG_INSTITUTION) == 120


def test_pdf_after_the_forum_has_no_blank_rows() -> None:
    sheet = make_sheet(sample_rows())
    ended = AttendanceSheet(
        forum=sheet.forum,
        rows=sheet.rows,
        recap=sheet.recap,
        generated_at=sheet.generated_at,
        ended=True,
    )
    _, content = pdf_text(attendance_pdf(ended, attendance_blank_rows=3))
    assert "Hadir tanpa undangan" not in content
    assert "7." not in content


def test_pdf_fonts_are_embedded() -> None:
    data = attendance_pdf(make_sheet(sample_rows()))
    reader = PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = set()
    for key in fonts:
        font = fonts[key].get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor  # the TrueType program is in the file
        embedded.add(str(font["/BaseFont"]).split("+", 1)[1])
    assert embedded == {"DejaVuSansBook", "DejaVuSansBold"}


def test_pdf_of_sixty_rows_spans_pages_with_headings_and_groups() -> None:
    codes = ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU")
    rows = [
        make_row(f"Peserta Nomor {index:02d}", codes[index * 4 // 60], Remark.NO_ANSWER)
        for index in range(60)
    ]
    data = attendance_pdf(make_sheet(rows), "id")
    pages, content = pdf_text(data)
    assert pages > 1
    assert f"Halaman 1 dari {pages}" in content
    assert f"Halaman {pages} dari {pages}" in content
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert "No Nama Instansi Jabatan Pilar Keterangan Tanda Tangan" in flat(
            page.extract_text()
        )
    for index in range(60):
        assert f"Peserta Nomor {index:02d}" in content
    for code in codes:
        # Each row names it twice (pillar, institution), and the group heading once.
        assert content.count(code) == 2 * 15 + 1


def test_pdf_in_english_and_without_an_end_time() -> None:
    forum = make_forum(ends_at=None)
    sheet = make_sheet(sample_rows()[:1], forum)
    _, content = pdf_text(attendance_pdf(sheet, "en"))
    assert "ATTENDANCE LIST" in content
    assert "Day/Date : Monday, 14 October 2024" in content
    assert "Time : from 09:00 WIB until it ends" in content
    assert "Acknowledged by, Sekretaris KPU Kota Mojokerto Drs. Bambang Sutrisno" in content
    assert "Present (09:12)" in content
    assert "Page 1 of 1" in content


@cache
def a_table() -> Table:
    """One table for every example (loading the fonts takes a while)."""
    return Table(
        Document(printed="", lang="id"), ["No", ""], widths=(12, 100), align=("CENTER", "LEFT")
    )


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=300
    ),
    room=st.floats(min_value=8, max_value=80),
)
def test_wrapped_lines_fit_their_cell(value: str, room: float) -> None:
    table = a_table()
    lines = table.wrap(value, room, "")
    assert all(table.width(line, "") <= room + 1e-9 for line in lines)
    # Nothing is lost but the whitespace between words.
    assert "".join(lines).replace(" ", "") == "".join(value.split())


def test_xlsx_lists_typed_rows_and_the_recap() -> None:
    rows = sample_rows()
    sheet = make_sheet(rows)
    workbook = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(sheet, office=OFFICE, tz=JAKARTA, lang="id"))
    )
    assert workbook.sheetnames == ["Daftar Hadir", "Rekap"]
    listing = workbook["Daftar Hadir"]
    assert [listing.cell(row=r, column=1).value for r in range(1, 8)] == [
        "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO",
        "DAFTAR HADIR",
        "Acara: Diskusi dan Konsolidasi Empat Pilar",
        "Hari/Tanggal: Senin, 14 Oktober 2024",
        "Pukul: 09.00–12.00 WIB",
        "Tempat: Ballroom Hotel Ayola, Jalan Benteng Pancasila, Kota Mojokerto",
        None,
    ]
    top = 8  # the column headings
    header = [cell.value for cell in listing[top]]
    assert header == [
        "No",
        "Nama",
        "Instansi",
        "Jabatan",
        "Pilar",
        "Konfirmasi kehadiran",
        "Perwakilan",
        "Jabatan perwakilan",
        "Keterangan",
        "Waktu presensi (WIB)",
        "Instansi perwakilan",
    ]
    assert listing.freeze_panes == f"A{top + 1}"
    assert listing.auto_filter.ref == f"A{top}:K{top + len(rows)}"
    assert listing.max_row == top + len(rows)
    # Printed on A4 landscape, fit to the width, the column headings on every page.
    setup = listing.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # 9: A4
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert listing.sheet_properties.pageSetUpPr.fitToPage
    assert listing.print_title_rows == f"${top}:${top}"
    for number, (row, remark) in enumerate(zip(rows, EXPECTED_REMARKS, strict=True), start=1):
        values = [cell.value for cell in listing[top + number]]
        assert values[0] == number and isinstance(values[0], int)
        assert values[1:5] == [row.name, row.institution, row.position, row.pillar]
        assert values[8] == remark
    first = [cell.value for cell in listing[top + 1]]
    assert first[5] == "Hadir"
    assert first[9] == datetime(2024, 10, 14, 9, 12)  # naive, in WIB
    assert listing.cell(row=top + 1, column=10).number_format == "dd/mm/yyyy hh:mm"
    assert [cell.value for cell in listing[top + 2]][5:8] == [
        "Diwakilkan",
        "Dwi Santoso",
        "Kabag Ops",
    ]
    assert [cell.value for cell in listing[top + 5]][5] == "Daftar tunggu"
    assert [cell.value for cell in listing[top + 6]][5] == "belum konfirmasi"
    # A name that looks like a formula stays text.
    formula_like = listing.cell(row=top + 8, column=2)
    assert formula_like.value == rows[-1].name and formula_like.data_type == "s"

    recap = workbook["Rekap"]
    assert [cell.value for cell in recap[1]][:3] == ["Pilar", "Pilar utama", "Diundang"]
    by_pillar = {row[0]: row for row in recap.iter_rows(min_row=2, max_row=7, values_only=True)}
    assert by_pillar["POLRI"][1:] == ("Ya", 2, 0, 2, 0, 0, 0, 1)
    assert by_pillar["TNI"][1:] == ("Ya", 2, 0, 0, 1, 1, 0, 0)
    assert by_pillar["PEMDA"][1] in ("", None)
    assert by_pillar["Jumlah"][2] == len(rows)
    assert by_pillar["Jumlah"][8] == 2
    notes = [row[0] for row in recap.iter_rows(min_row=8, values_only=True) if row[0]]
    assert "Forum: Diskusi dan Konsolidasi Empat Pilar" in notes
    assert "Hari/Tanggal: Senin, 14 Oktober 2024" in notes


def test_xlsx_of_an_empty_list_has_the_header() -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(make_sheet([]), office=OFFICE, tz=JAKARTA, lang="en"))
    )
    assert workbook.sheetnames == ["Attendance list", "Summary"]
    listing = workbook["Attendance list"]
    assert listing.cell(row=3, column=1).value == "Event: Diskusi dan Konsolidasi Empat Pilar"
    assert listing.max_row == 8
    assert listing.cell(row=8, column=10).value == "Check-in time (WIB)"


def parse_event(data: bytes, method: str = "PUBLISH") -> Any:
    calendar = Calendar.from_ical(data)
    assert calendar["METHOD"] == method
    assert "PRODID" in calendar
    (event_,) = calendar.walk("VEVENT")
    return event_


def test_ics_event_in_utc_with_venue_and_alarm() -> None:
    forum = make_forum()
    data = render_ics(forum, default_duration=3 * HOUR, alarm_before=2 * HOUR)
    assert b"DTSTART:20241014T020000Z" in data
    event_ = parse_event(data)
    assert event_["UID"] == "forum-7@sinergi"
    assert event_.decoded("DTSTART") == START
    assert event_.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event_.decoded("DTEND") == START + timedelta(hours=3)
    assert str(event_["LOCATION"]) == forum.venue
    assert str(event_["SUMMARY"]) == forum.title
    assert str(event_["DESCRIPTION"]) == forum.agenda
    assert event_["STATUS"] == "CONFIRMED"
    assert event_["SEQUENCE"] == 0
    (alarm,) = event_.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(hours=2)


def test_ics_default_end_cancelled_and_sequence() -> None:
    forum = make_forum(ends_at=None, agenda="")
    event_ = parse_event(render_ics(forum, default_duration=2 * HOUR, alarm_before=HOUR))
    assert event_.decoded("DTEND") == START + timedelta(hours=2)
    assert "DESCRIPTION" not in event_

    changed = make_forum(updated_at=START - timedelta(days=6))
    later = make_forum(updated_at=START - timedelta(days=5))
    assert 0 < sequence(changed) < sequence(later)
    cancelled = make_forum(
        status=ForumStatus.CANCELLED,
        updated_at=START - timedelta(days=5),
        cancelled_at=START - timedelta(days=4),
    )
    event_ = parse_event(
        render_ics(cancelled, default_duration=HOUR, alarm_before=HOUR), method="CANCEL"
    )
    assert event_["STATUS"] == "CANCELLED"
    assert event_.walk("VALARM") == []
    assert event_["SEQUENCE"] > sequence(later)
    # Cancelled within the second of the last edit: still a higher revision than the edit's.
    edited = make_forum(updated_at=START - timedelta(days=4, seconds=-0.2))
    same_second = make_forum(
        status=ForumStatus.CANCELLED,
        updated_at=START - timedelta(days=4, seconds=-0.7),
        cancelled_at=START - timedelta(days=4, seconds=-0.7),
    )
    assert sequence(same_second) > sequence(edited)


def test_names_and_times() -> None:
    forum = make_forum()
    assert file_name(forum, "pdf", tz=JAKARTA) == "Daftar-Hadir-7-2024-10-14.pdf"
    late = make_forum(starts_at=datetime(2024, 10, 14, 18, 0, tzinfo=UTC))
    assert file_name(late, "xlsx", tz=JAKARTA) == "Daftar-Hadir-7-2024-10-15.xlsx"
    assert ics_file_name(forum) == "forum-7.ics"
    assert time_range(forum, tz=JAKARTA, lang="id") == "09.00–12.00 WIB"
    assert time_range(make_forum(ends_at=None), tz=JAKARTA, lang="id") == "09.00 WIB s.d. selesai"
    two_days = make_forum(ends_at=START + timedelta(days=1))
    assert time_range(two_days, tz=JAKARTA, lang="id") == (
        "09.00 WIB – Selasa, 15 Oktober 2024, 09.00 WIB"
    )
    assert clock(START + timedelta(minutes=5, seconds=40), tz=JAKARTA, lang="id") == "09.05"
    assert text("id", "export-remark-delegated", name="A & B", position="<x>") == (
        "Diwakili oleh A & B (<x>)"
    )


def test_a_cancelled_forums_papers_say_so() -> None:
    forum = make_forum(status=ForumStatus.CANCELLED, cancel_reason="Bentrok dengan rapat pleno")
    sheet = make_sheet(sample_rows(), forum)
    _, content = pdf_text(attendance_pdf(sheet, "id"))
    assert "DIBATALKAN: Bentrok dengan rapat pleno" in content
    workbook = openpyxl.load_workbook(
        io.BytesIO(render_xlsx(sheet, office=OFFICE, tz=JAKARTA, lang="en"))
    )
    cells = [c.value for row in workbook.worksheets[1].iter_rows() for c in row]
    assert "CANCELLED: Bentrok dengan rapat pleno" in cells
    _, held = pdf_text(attendance_pdf(make_sheet(sample_rows())))
    assert "DIBATALKAN" not in held


def _drawn(page: Any) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, ...]]]:
    """A page's straight lines (x1, y1, x2, y2) and rectangles (left, bottom, right, top),
    in points."""
    lines: list[tuple[float, float, float, float]] = []
    boxes: list[tuple[float, ...]] = []
    start: tuple[float, float] | None = None
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"m":
            start = (float(operands[0]), float(operands[1]))
        elif operator == b"l" and start is not None:
            end = (float(operands[0]), float(operands[1]))
            lines.append((*start, *end))
            start = end
        elif operator == b"re":
            left, bottom, width, height = map(float, operands)
            boxes.append(
                (left, min(bottom, bottom + height), left + width, max(bottom, bottom + height))
            )
    return lines, boxes


def _cover(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1] + 0.02:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _column(
    lines: list[tuple[float, float, float, float]], boxes: list[tuple[float, ...]], x: float
) -> list[tuple[float, float]]:
    """The y intervals (merged) drawn at abscissa `x` by vertical lines and box sides."""
    spans = [
        (min(y1, y2), max(y1, y2))
        for x1, y1, x2, y2 in lines
        if abs(x1 - x) < 0.02 and abs(x2 - x) < 0.02
    ]
    spans += [
        (low, high) for x1, low, x2, high in boxes if abs(x1 - x) < 0.02 or abs(x2 - x) < 0.02
    ]
    return _cover(spans)


def test_table_draws_every_column_line_on_every_page() -> None:
    # Rows draw their bottom line only; the column lines come per run of rows, at the next
    # shaded row or at the page's end: none may be missing, on the last page either.
    pdf = Document(printed="Dicetak", lang="id")
    table = Table(
        pdf, ["No", "Nama", "Pilar"], widths=(20, 60, 40), align=("CENTER", "LEFT", "LEFT")
    )
    for number in range(1, 61):
        if number in (1, 25, 50):
            table.group(f"Kelompok {number}", keep_with=["x"])
        table.row([str(number), f"Peserta {number}", "POLRI"])
    pdf.multi_cell(0, 6, "Mengetahui,")  # drawn below the table before the page ends
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    assert len(reader.pages) > 1
    mm = 72 / 25.4
    left, right = 10 * mm, 130 * mm
    for page in reader.pages:
        lines, boxes = _drawn(page)

        # The outline: one unbroken line down each side, from the heading to the last row.
        outline = _column(lines, boxes, left)
        assert len(outline) == 1 and _column(lines, boxes, right) == outline, (
            outline,
            _column(lines, boxes, right),
        )
        across = [
            (low, high)
            for x1, low, x2, high in boxes
            if abs(x1 - left) < 0.02 and abs(x2 - right) < 0.02
        ]
        for edge in (30 * mm, 90 * mm):
            inner = _column(lines, boxes, edge)
            assert inner[0][0] == pytest.approx(outline[0][0], abs=0.05)
            assert inner[-1][1] == pytest.approx(outline[0][1], abs=0.05)
            # Inside, a column line stops only where a group's shaded row spans the table.
            for (_, gap_low), (gap_high, _) in itertools.pairwise(inner):
                assert any(
                    low - 0.05 <= gap_low and gap_high <= high + 0.05 for low, high in across
                ), (edge, gap_low, gap_high)
            # ... and never runs through one (its label spans the columns).
            for low, high in across:
                assert not any(a < high - 0.05 and b > low + 0.05 for a, b in inner), edge
        # And every row has its bottom line across the table.
        rules = [
            y1
            for x1, y1, x2, y2 in lines
            if abs(y1 - y2) < 0.02 and abs(x1 - left) < 0.02 and abs(x2 - right) < 0.02
        ]
        assert len(rules) >= 5
