"""The notulen end to end (issue 11, item 4): an admin writes the minutes in the bot's form,
downloads them as a PDF, and replaces them with an uploaded document."""

from __future__ import annotations

import io

from fpdf import FPDF
from pypdf import PdfReader
from sqlmodel import col, select

from models import AuditEntry, ForumMinutes
from sandbox import SimUser
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import Community
from tests.e2e.test_exports import flat, prepared


async def notulen_menu(admin: SimUser) -> SandboxMessage:
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    await admin.press(recap, "Notulen")
    return await admin.next_message()


async def stored(community: Community) -> ForumMinutes:
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        return (await session.exec(select(ForumMinutes))).one()


async def test_minutes_written_in_the_bot_then_replaced_by_a_document(
    community: Community,
) -> None:
    await prepared(community)
    admin = community.admin
    menu = await notulen_menu(admin)
    assert menu.text is not None and "Belum ada notulen" in menu.text

    await admin.press(menu, "Tulis notulen")
    assert "pembukaan" in (await admin.next_message()).text
    await admin.send("Dibuka oleh Ketua KPU pukul 09.05 <b>tepat</b>.")
    speaker = await admin.next_message()
    assert "Poin 1" in speaker.text
    await admin.press(speaker, "Polri")
    assert "Polri" in (await admin.next_message()).text
    await admin.send("Pengamanan 45 TPS rawan dengan patroli bersama.")
    more = await admin.next_message()
    assert "Poin 1 tersimpan" in more.text
    await admin.press(more, "Poin berikutnya")
    await admin.next_message()
    await admin.send("Dr. Rahmat (narasumber)")  # a speaker typed, not a pillar
    await admin.next_message()
    await admin.send("Pemetaan kerawanan diperbarui tiap pekan.")
    more = await admin.next_message()
    await admin.press(more, "Selesai")
    assert "kesimpulan" in (await admin.next_message()).text
    await admin.send("Patroli bersama dimulai H-7.")
    assert "tindak lanjut" in (await admin.next_message()).text
    await admin.send("Rapat teknis Senin depan\nSurat edaran ke PPK")
    notetaker = await admin.next_message()
    await admin.press(notetaker, "Pakai ini")
    preview = await admin.next_message()
    assert preview.text is not None and "Patroli bersama dimulai H-7." in preview.text
    assert "<b>tepat</b>" in preview.text  # the typed HTML is shown as text
    await admin.press(preview, "Simpan")
    saved = await admin.wait_edit(preview)  # the preview becomes the confirmation
    assert saved.text is not None and "tersimpan" in saved.text

    row = await stored(community)
    assert row.opening == "Dibuka oleh Ketua KPU pukul 09.05 <b>tepat</b>."
    assert [point["speaker"] for point in row.points] == ["Polri", "Dr. Rahmat (narasumber)"]
    assert row.follow_ups == ["Rapat teknis Senin depan", "Surat edaran ke PPK"]
    assert row.file_id is None

    menu = await notulen_menu(admin)
    await admin.press(menu, "Unduh PDF")
    document = await admin.next_message()
    assert document.document is not None
    content = flat(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(document.document["bytes"])).pages)
    )
    for line in (
        "KPU KOTA MOJOKERTO NOTULEN RAPAT",
        "I. PEMBUKAAN Dibuka oleh Ketua KPU pukul 09.05 <b>tepat</b>.",
        "II. POKOK-POKOK PEMBAHASAN 1. Polri Pengamanan 45 TPS rawan dengan patroli bersama.",
        "2. Dr. Rahmat (narasumber) Pemetaan kerawanan diperbarui tiap pekan.",
        "III. KESIMPULAN Patroli bersama dimulai H-7.",
        "IV. TINDAK LANJUT 1. Rapat teknis Senin depan 2. Surat edaran ke PPK",
        "Notulis,",
    ):
        assert line in content, line

    # An uploaded document replaces the form's minutes.
    menu = await notulen_menu(admin)
    await admin.press(menu, "Unggah dokumen")
    await admin.next_message()
    upload = FPDF()
    upload.add_page()
    upload.set_font("Helvetica", size=12)
    upload.cell(0, 10, "Notulen tulisan tangan, dipindai")
    await admin.send_document(bytes(upload.output()), "notulen-scan.pdf", "application/pdf")
    assert "notulen-scan.pdf" in (await admin.next_message()).text
    row = await stored(community)
    assert row.file_name == "notulen-scan.pdf" and row.file_bytes is not None
    assert row.points == [] and row.opening == ""
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        actions = (
            await session.exec(
                select(AuditEntry.action)
                .where(col(AuditEntry.action).startswith("forum.minutes"))
                .order_by(col(AuditEntry.seq))  # PostgreSQL returns rows in no set order
            )
        ).all()
    assert actions == ["forum.minutes", "forum.minutes.pdf", "forum.minutes"]
