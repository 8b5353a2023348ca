"""Exports through the bot: Daftar Hadir as PDF and XLSX for admins, the .ics for members."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import col, select

from bot.context import BotData
from models import Attendance, AttendanceMethod, AuditEntry, Forum, ForumStatus
from sandbox import SimUser
from sandbox import scenarios as do
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import JAKARTA, PROFILES, Community, days_ahead, publish_forum

INVITED = ["KEJAKSAAN", "POLRI", "TNI", "BAWASLU"]
# What each invitee's "Keterangan" says after the answers and the check-in below.
REMARKS = {
    "KEJAKSAAN": "Hadir (",
    "POLRI": "Diwakili oleh Dwi Santoso (Kabag Ops)",
    "TNI": "Tidak hadir (konfirmasi)",
    "BAWASLU": "Belum konfirmasi",
}


def flat(value: str) -> str:
    return " ".join(value.split())


async def forum_row(data: BotData, title: str = "Diskusi") -> Forum:
    assert data.sessions is not None
    async with data.sessions() as session:
        forum = (await session.exec(select(Forum).where(col(Forum.title).startswith(title)))).one()
    return forum


async def audit_actions(data: BotData) -> list[tuple[str, str]]:
    assert data.sessions is not None
    async with data.sessions() as session:
        rows = (await session.exec(select(AuditEntry).order_by(col(AuditEntry.id)))).all()
    return [(row.action, row.target) for row in rows if row.action.startswith("forum.export")]


async def prepared(community: Community) -> Forum:
    """A forum of the four core pillars: one attends and checked in, one sends a
    representative, one declines, one is silent."""
    invitations = await publish_forum(community, start=days_ahead(2), pillars=INVITED)
    members = community.members
    await do.answer_invitation(members["KEJAKSAAN"], invitations["KEJAKSAAN"], "Hadir")
    await do.answer_invitation(
        members["POLRI"], invitations["POLRI"], "Diwakilkan", delegate=("Dwi Santoso", "Kabag Ops")
    )
    await do.answer_invitation(members["TNI"], invitations["TNI"], "Tidak hadir")
    forum = await forum_row(community.data)
    kejaksaan = await community.member_row(members["KEJAKSAAN"])
    # Check-in by QR is built elsewhere: the row is written as it would be.
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        session.add(
            Attendance(
                forum_id=forum.id or 0,
                member_id=kejaksaan.id or 0,
                checked_in_at=forum.starts_at - timedelta(minutes=10),
                method=AttendanceMethod.QR,
            )
        )
        await session.commit()
    return forum


async def recap_message(admin: SimUser) -> SandboxMessage:
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    await admin.next_message()  # the recap as a picture
    return await admin.next_message()


async def test_admin_gets_the_list_as_pdf_and_xlsx(community: Community):
    forum = await prepared(community)
    admin = community.admin
    recap = await recap_message(admin)

    await admin.press(recap, "PDF")
    document = await admin.next_message()
    assert document.document is not None
    date = forum.starts_at.astimezone(JAKARTA).strftime("%Y-%m-%d")
    assert document.document["file_name"] == f"Daftar-Hadir-{forum.id}-{date}.pdf"
    assert document.caption is not None and "4 orang" in document.caption
    reader = PdfReader(io.BytesIO(document.document["bytes"]))
    content = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "KPU KOTA MOJOKERTO DAFTAR HADIR" in content  # the office's kop
    assert "Acara : Diskusi dan Konsolidasi Empat Pilar" in content
    polri, tni = PROFILES["POLRI"], PROFILES["TNI"]
    lines = [
        f"1 {PROFILES['KEJAKSAAN'].full_name} {PROFILES['KEJAKSAAN'].institution}",
        # The representative named in the RSVP signs for the Kapolres.
        f"2 Dwi Santoso {polri.institution} Kabag Ops Polri Mewakili {polri.full_name}, "
        f"{polri.position} 2.",
        f"3 {PROFILES['BAWASLU'].full_name} {PROFILES['BAWASLU'].institution} "
        f"{PROFILES['BAWASLU'].position} Bawaslu Belum konfirmasi 3.",
        # The Dandim declined: among those who stay away, with no signature box.
        f"Berhalangan hadir No Nama Instansi Jabatan Pilar Keterangan 1 {tni.full_name} "
        f"{tni.institution} {tni.position} TNI Tidak hadir (konfirmasi)",
        "Mengetahui,",
    ]
    position = 0
    for line in lines:
        position = content.find(flat(line), position)
        assert position >= 0, line
    assert PROFILES["KPU"].full_name not in content  # the admin's pillar is not invited
    assert PROFILES["PEMDA"].full_name not in content

    await admin.press(recap, "XLSX")
    summary = await admin.next_message()
    assert summary.text is not None and "Rekap: Diskusi" in summary.text
    assert "presensi 1" in summary.text
    document = await admin.next_message()
    assert document.document is not None
    assert document.document["file_name"] == f"Daftar-Hadir-{forum.id}-{date}.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(document.document["bytes"]))
    listing = workbook["Daftar Hadir"]
    # The office's heading, then the column headings ("No", ...), then the rows.
    assert listing["A1"].value == "KPU KOTA MOJOKERTO" and listing["A2"].value == "DAFTAR HADIR"
    assert listing["A8"].value == "No" and listing.print_title_rows == "$8:$8"
    rows = list(listing.iter_rows(min_row=9, values_only=True))
    assert [(row[1], row[4]) for row in rows] == [
        (PROFILES[code].full_name, do.PILLAR_NAMES[code]) for code in INVITED
    ]
    for row, code in zip(rows, INVITED, strict=True):
        assert str(row[8]).startswith(REMARKS[code]), code
    checked_in = rows[0][9]
    assert checked_in is not None and checked_in.tzinfo is None
    recap_sheet = {row[0]: row for row in workbook["Rekap"].iter_rows(values_only=True)}
    assert recap_sheet["Jumlah"][2:] == (4, 1, 1, 1, 0, 1, 1)

    assert await audit_actions(community.data) == [
        ("forum.export.pdf", f"forum:{forum.id}"),
        ("forum.export.xlsx", f"forum:{forum.id}"),
    ]


async def test_exports_from_the_forum_detail_in_the_office_language(community: Community):
    """An admin reading the bot in English still gets the office's Indonesian papers."""
    await prepared(community)
    admin = community.admin
    await admin.send("/bahasa")
    menu = await admin.next_message()
    await admin.press(menu, "English")
    await admin.wait_edit(menu)
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()
    await admin.press(detail, "PDF")
    document = await admin.next_message()
    assert document.document is not None
    assert document.caption is not None and "4 people" in document.caption
    content = flat(PdfReader(io.BytesIO(document.document["bytes"])).pages[0].extract_text())
    assert "DAFTAR HADIR" in content and "Keterangan" in content


async def test_export_refusals(community: Community):
    await publish_forum(community, start=days_ahead(2), pillars=INVITED)
    forum = await forum_row(community.data)
    admin, member = community.admin, community.members["POLRI"]
    recap = await recap_message(admin)

    forged = await member.press_data(recap, f"exp:{forum.id}:pdf")
    assert forged.show_alert and forged.text is not None and "khusus admin" in forged.text
    unknown = await admin.press_data(recap, "exp:99999:pdf")
    assert unknown.show_alert and unknown.text is not None and "tidak ditemukan" in unknown.text
    bad_word = await admin.press_data(recap, f"exp:{forum.id}:doc")
    assert bad_word.show_alert and bad_word.text is not None and "tidak berlaku" in bad_word.text
    overflow = await admin.press_data(recap, "exp:99999999999:pdf")
    assert overflow.show_alert
    await admin.no_message()
    await member.no_message()
    assert await audit_actions(community.data) == []


async def test_member_saves_the_forum_to_a_calendar(community: Community):
    await publish_forum(community, start=days_ahead(2), pillars=INVITED)
    forum = await forum_row(community.data)
    member = community.members["TNI"]
    await member.send("/jadwal")
    schedule = await member.next_message()
    await member.press(schedule, "Diskusi")
    shown = await member.next_message()
    answer = await member.press(shown, ".ics")
    assert not answer.show_alert
    document = await member.next_message()
    assert document.document is not None
    assert document.document["file_name"] == f"forum-{forum.id}.ics"
    calendar = Calendar.from_ical(document.document["bytes"])
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == forum.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == forum.starts_at + timedelta(hours=3)
    assert str(event["LOCATION"]) == "Ballroom Hotel Ayola, Kota Mojokerto"
    assert str(event["SUMMARY"]) == "Diskusi dan Konsolidasi Empat Pilar"
    assert event["UID"] == f"forum-{forum.id}@sinergi"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=2)

    # Refused: a member whose pillar is not invited, unknown or forged ids, a cancelled forum.
    outsider = community.members["PEMDA"]  # PEMDA is not invited
    await outsider.send("/bantuan")
    message = await outsider.next_message()
    refused = await outsider.press_data(message, f"ics:{forum.id}")
    assert refused.show_alert and refused.text is not None and "tidak diundang" in refused.text
    unknown = await outsider.press_data(message, "ics:99999")
    assert unknown.show_alert and unknown.text is not None and "tidak ditemukan" in unknown.text
    garbage = await outsider.press_data(message, "ics:abc")
    assert garbage.show_alert and garbage.text is not None and "tidak berlaku" in garbage.text
    await outsider.no_message()

    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        row = await session.get(Forum, forum.id)
        assert row is not None
        row.status = ForumStatus.CANCELLED
        session.add(row)
        await session.commit()
    cancelled = await member.press(shown, ".ics")
    assert cancelled.show_alert and cancelled.text is not None and "dibatalkan" in cancelled.text
    await member.no_message()
