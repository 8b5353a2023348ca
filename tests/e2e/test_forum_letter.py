"""✉️ Surat undangan under /forum: the letter as a PDF with its Nomor from the office's
pattern, uploaded once and sent to the invitees by file_id; details edited; a second forum
gets the next number (issue 11, item 2)."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime

from pypdf import PdfReader
from sqlmodel import col, select

from bot.context import BotData
from bot.exports import day_and_date
from bot.services import office
from models import AuditEntry, Forum, OutboxKind, OutboxMessage, OutboxStatus, PaperKind
from sandbox import BotApiSandbox, SimUser
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import JAKARTA, PROFILES, Community, days_ahead, publish_forum

INVITED = ["KEJAKSAAN", "POLRI", "TNI", "BAWASLU"]
ADMIN_ID = 1001


def flat(value: str) -> str:
    return " ".join(value.split())


def pdf_text(message: SandboxMessage) -> str:
    assert message.document is not None
    reader = PdfReader(io.BytesIO(message.document["bytes"]))
    return flat(" ".join(page.extract_text() for page in reader.pages))


async def set_up_office(data: BotData) -> None:
    """The profile an admin keeps with /kantor (driven through the bot in test_office.py)."""
    assert data.sessions is not None
    async with data.sessions() as session:
        for field, value in (
            ("name", "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO"),
            ("address", "Jl. Kyai H. Hasyim Asy'ari No. 12, Kota Mojokerto"),
            ("phone", "(0321) 321456"),
            ("city", "Mojokerto"),
        ):
            await office.set_field(session, field=field, value=value, actor_user_id=ADMIN_ID)
        for field, value in (
            ("position", "Ketua KPU Kota Mojokerto"),
            ("name", "Dra. Siti Aminah, M.Si."),
            ("nip", "19800101 200501 2 001"),
        ):
            await office.set_signatory(
                session,
                kind=PaperKind.INVITATION,
                field=field,
                value=value,
                actor_user_id=ADMIN_ID,
            )
        await session.commit()


async def forum_row(data: BotData, title: str) -> Forum:
    assert data.sessions is not None
    async with data.sessions() as session:
        return (await session.exec(select(Forum).where(Forum.title == title))).one()


async def uploaded_row(data: BotData, title: str) -> Forum:
    """The forum once the bot stored its letter's file_id (written after sendDocument
    answers, so just after the admin sees the document)."""
    for _ in range(50):
        forum = await forum_row(data, title)
        if forum.letter_file_id is not None:
            return forum
        await asyncio.sleep(0.05)
    raise AssertionError("the letter's file_id was never stored")


async def letter_rows(data: BotData) -> list[OutboxMessage]:
    assert data.sessions is not None
    async with data.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.LETTER)
        return list((await session.exec(query.order_by(col(OutboxMessage.id)))).all())


async def letter_audit(data: BotData) -> list[str]:
    assert data.sessions is not None
    async with data.sessions() as session:
        entries = (await session.exec(select(AuditEntry).order_by(col(AuditEntry.seq)))).all()
    return [e.action for e in entries if e.action.startswith("forum.letter")]


async def open_letter(admin: SimUser, title: str) -> SandboxMessage:
    """/forum, the forum's detail, ✉️ Surat undangan: the document the admin gets."""
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, title)
    detail = await admin.next_message()
    await admin.press(detail, "Surat undangan")
    return await admin.next_message()


def this_month() -> tuple[str, int]:
    now = datetime.now(UTC).astimezone(JAKARTA)
    return office.roman_month(now.month), now.year


async def test_the_letter_is_made_uploaded_once_and_sent_by_file_id(
    community: Community, sandbox: BotApiSandbox
):
    await set_up_office(community.data)
    start = days_ahead(3)
    await publish_forum(community, start=start, pillars=INVITED)
    admin = community.admin
    title = "Diskusi dan Konsolidasi Empat Pilar"

    letter = await open_letter(admin, title)

    roman, year = this_month()
    number = f"1/PP.01-Und/{roman}/{year}"
    assert letter.document is not None and letter.caption is not None
    forum = await forum_row(community.data, title)
    assert letter.document["file_name"] == f"Surat-Undangan-{forum.id}.pdf"
    assert f"Nomor: {number}" in letter.caption
    content = pdf_text(letter)
    assert "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO" in content
    assert "Jl. Kyai H. Hasyim Asy'ari No. 12, Kota Mojokerto" in content
    assert f"Nomor : {number}" in content
    assert "Sifat : Biasa" in content and "Lampiran : -" in content
    assert "Perihal : Undangan" in content
    heads = [PROFILES[code].institution for code in INVITED]
    yth = " ".join(f"{n}. Pimpinan {name}" for n, name in enumerate(heads, start=1))
    assert f"Kepada Yth. {yth} di Tempat" in content
    assert f"Hari/Tanggal : {day_and_date(forum, tz=JAKARTA, lang='id')}" in content
    assert "Pukul : 09.00 WIB s.d. selesai" in content
    assert "Tempat : Ballroom Hotel Ayola, Kota Mojokerto" in content
    assert "Acara : Sinergi menjelang Pilkada" in content
    assert "Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih." in content
    assert "Ketua KPU Kota Mojokerto Dra. Siti Aminah, M.Si." in content
    assert "NIP. 19800101 200501 2 001" in content
    assert "Mojokerto, " in content
    assert PROFILES["PEMDA"].institution not in content  # not invited
    forum = await uploaded_row(community.data, title)
    assert forum.letter_number == number
    assert forum.letter_file_id == letter.document["file_id"]

    await admin.press(letter, "Kirim ke undangan")
    queued = await admin.next_message()
    assert queued.text == f"📤 Surat undangan {title} dikirim ke 4 undangan."
    for code in INVITED:
        got = await community.members[code].next_message()
        assert got.document is not None and got.caption == f"✉️ Surat undangan {title}"
        assert got.document["file_id"] == forum.letter_file_id
    await community.members["PEMDA"].no_message(within=0)
    uploads = sandbox.calls("sendDocument")
    assert [isinstance(call.params["document"], str) for call in uploads] == [False] + [True] * 4
    assert {call.params["document"] for call in uploads[1:]} == {forum.letter_file_id}
    assert community.data.sender is not None
    async with asyncio.timeout(5):  # each row's status is written after Telegram answers
        await community.data.sender.wait_idle()
    rows = await letter_rows(community.data)
    assert len(rows) == 4 and {row.status for row in rows} == {OutboxStatus.SENT}
    assert {row.file_id for row in rows} == {forum.letter_file_id}
    members = [await community.member_row(community.members[code]) for code in INVITED]
    version = (forum.letter_digest or "")[:16]
    assert [row.dedupe_key for row in rows] == [
        f"letter:{forum.id}:{version}:{member.id}" for member in members
    ]

    # A second press sends nothing again: the same letter, the same keys.
    await admin.press(letter, "Kirim ke undangan")
    assert "sudah dikirim" in (await admin.next_message()).text
    assert len(await letter_rows(community.data)) == 4
    assert len(sandbox.calls("sendDocument")) == 5

    # Downloaded again unchanged: by file_id, no second upload.
    again = await open_letter(admin, title)
    assert again.document is not None and again.document["file_id"] == forum.letter_file_id
    assert isinstance(sandbox.calls("sendDocument")[-1].params["document"], str)
    assert await letter_audit(community.data) == [
        "forum.letter.number",
        "forum.letter.upload",
        "forum.letter.send",
        "forum.letter.send",
    ]


async def test_edited_details_make_a_new_letter_with_the_same_number(community: Community):
    await set_up_office(community.data)
    await publish_forum(community, start=days_ahead(3), pillars=INVITED)
    admin = community.admin
    title = "Diskusi dan Konsolidasi Empat Pilar"
    letter = await open_letter(admin, title)
    first = await uploaded_row(community.data, title)

    await admin.press(letter, "Perihal")
    asked = await admin.next_message()
    assert asked.text is not None and "Saat ini: Undangan" in asked.text
    await admin.send("   ")
    assert "tidak boleh kosong" in (await admin.next_message()).text
    assert (await forum_row(community.data, title)).letter_subject is None
    await admin.send("Undangan Rapat Koordinasi")
    assert "diperbarui" in (await admin.next_message()).text
    renewed = await admin.next_message()
    content = pdf_text(renewed)
    assert "Perihal : Undangan Rapat Koordinasi" in content
    assert f"Nomor : {first.letter_number}" in content
    assert renewed.document is not None
    assert renewed.document["file_id"] != first.letter_file_id  # uploaded again

    await admin.press(renewed, "Nomor")
    await admin.next_message()
    await admin.send("005/PP.01-Und/3576/XII/2026")
    await admin.next_message()
    typed = await admin.next_message()
    assert "Nomor : 005/PP.01-Und/3576/XII/2026" in pdf_text(typed)
    stored = await forum_row(community.data, title)
    assert (stored.letter_subject, stored.letter_number) == (
        "Undangan Rapat Koordinasi",
        "005/PP.01-Und/3576/XII/2026",
    )
    # A changed letter goes to the invitees again when the admin sends it.
    await admin.press(typed, "Kirim ke undangan")
    assert "dikirim ke 4 undangan" in (await admin.next_message()).text
    assert len(await letter_rows(community.data)) == 4


async def test_a_second_forum_gets_the_next_number(community: Community):
    await set_up_office(community.data)
    await publish_forum(community, start=days_ahead(3), pillars=INVITED)
    await publish_forum(
        community, start=days_ahead(4), pillars=INVITED, title="Rapat Koordinasi Pengamanan"
    )
    admin = community.admin
    await open_letter(admin, "Diskusi dan Konsolidasi")
    second = await open_letter(admin, "Rapat Koordinasi Pengamanan")
    roman, year = this_month()
    assert f"Nomor : 2/PP.01-Und/{roman}/{year}" in pdf_text(second)
    stored = await forum_row(community.data, "Rapat Koordinasi Pengamanan")
    assert stored.letter_number == f"2/PP.01-Und/{roman}/{year}"


async def test_letter_refusals(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3), pillars=INVITED)
    member = community.members["POLRI"]
    forum = await forum_row(community.data, "Diskusi dan Konsolidasi Empat Pilar")
    answer = await member.press_data(invitations["POLRI"], f"flet:{forum.id}")
    assert answer.show_alert and "khusus admin" in answer.text
    admin = community.admin
    await admin.send("/forum")
    menu = await admin.next_message()
    for data in ("flet:999", "flet:999:send", f"flet:{forum.id}:gaji", "flet:abc"):
        answer = await admin.press_data(menu, data)
        assert answer.show_alert, data
    assert (await forum_row(community.data, forum.title)).letter_number is None
    assert await letter_rows(community.data) == []
