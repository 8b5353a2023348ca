"""/spj end to end: the Berkas SPJ of a forum as one page-numbered PDF and a ZIP of the
originals (issue 11, item 6)."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
from PIL import Image
from pypdf import PdfReader
from sqlmodel import col, select

from bot.services import minutes, photos, survey
from models import AuditEntry, Forum, SurveyRun, utcnow
from sandbox import SimUser
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import PROFILES, Community
from tests.e2e.test_exports import flat, prepared


async def bundle_of(admin: SimUser) -> tuple[SandboxMessage, SandboxMessage]:
    """/spj, the forum pressed: the PDF and the ZIP the bot sends."""
    await admin.send("/spj")
    menu = await admin.next_message()
    assert menu.text is not None and "Berkas SPJ" in menu.text
    answer = await admin.press(menu, "Diskusi")
    assert answer.text == "Berkas SPJ sedang disusun…"
    # Rendering is CPU work that a busy CI machine slows; this test is not about its speed
    # (bench/ measures it).
    return await admin.next_message(timeout=30), await admin.next_message(timeout=30)


def pages_of(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


async def test_the_bundle_is_numbered_across_the_whole_with_its_originals(
    community: Community,
) -> None:
    forum = await prepared(community)
    pdf, archive = await bundle_of(community.admin)

    assert pdf.document is not None and pdf.document["file_name"].startswith("Berkas-SPJ-")
    assert pdf.caption == "🗂 Berkas SPJ: Diskusi dan Konsolidasi Empat Pilar"
    pages = pages_of(pdf.document["bytes"])
    total = len(pages)
    cover = pages[0]
    assert "KPU KOTA MOJOKERTO BERKAS SURAT PERTANGGUNGJAWABAN (SPJ)" in cover
    assert "Acara : Diskusi dan Konsolidasi Empat Pilar" in cover
    assert "Daftar isi 1. Surat Undangan hlm. 2 2. Daftar Hadir hlm. 3" in cover
    for number, page in enumerate(pages, start=1):
        assert (
            f"Berkas SPJ · Diskusi dan Konsolidasi Empat Pilar Halaman {number} dari {total}"
            in (page)
        ), number
    assert "Nomor : 1/PP.01-Und/" in pages[1]
    assert "DAFTAR HADIR" in pages[2]
    assert PROFILES["KEJAKSAAN"].full_name in pages[2]

    assert archive.document is not None and archive.document["file_name"].endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(archive.document["bytes"])) as opened:
        names = opened.namelist()
        assert names == ["01-Surat-Undangan.pdf", "02-Daftar-Hadir.pdf", "Daftar-Hadir.xlsx"]
        original = pages_of(opened.read("02-Daftar-Hadir.pdf"))
        # The original is numbered on its own.
        assert f"Halaman 1 dari {len(original)}" in original[0]
        listing = openpyxl.load_workbook(io.BytesIO(opened.read("Daftar-Hadir.xlsx")))
        assert listing["Daftar Hadir"]["A2"].value == "DAFTAR HADIR"

    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        actions = (
            await session.exec(
                select(AuditEntry.action, AuditEntry.target).where(
                    col(AuditEntry.action) == "forum.export.spj"
                )
            )
        ).all()
    assert actions == [("forum.export.spj", f"forum:{forum.id}")]


async def test_only_admins_get_the_bundle(community: Community) -> None:
    forum = await prepared(community)
    member = community.members["POLRI"]
    await member.send("/spj")
    refused = await member.next_message()
    assert refused.text is not None and "khusus admin" in refused.text
    await community.admin.send("/spj")
    menu = await community.admin.next_message()
    forged = await member.press_data(menu, f"spj:{forum.id}")
    assert forged.show_alert and forged.text is not None and "khusus admin" in forged.text
    unknown = await community.admin.press_data(menu, "spj:99999")
    assert unknown.show_alert and unknown.text is not None and "tidak ditemukan" in unknown.text


def jpeg(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(out, format="JPEG")
    return out.getvalue()


async def test_the_bundle_files_every_paper_in_order(community: Community) -> None:
    """Surat undangan, Daftar Hadir, notulen, dokumentasi and the survey, numbered across."""
    forum = await prepared(community)
    forum_id = forum.id or 0
    admin_row = await community.member_row(community.admin)
    kejaksaan = await community.member_row(community.members["KEJAKSAAN"])
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        await minutes.save_form(
            session,
            forum_id,
            admin=admin_row,
            draft=minutes.MinutesDraft(
                opening="Dibuka oleh Ketua KPU pukul 09.05.",
                points=[minutes.MinutesPoint("Polri", "Pengamanan TPS سلام 王")],
                conclusions="Patroli bersama dimulai H-7.",
                follow_ups=["Rapat teknis Senin depan"],
                notetaker=minutes.NoteTaker("Sari Dewi", "Staf Teknis"),
            ),
            now=utcnow(),
        )
        for index, color in enumerate(((200, 0, 0), (0, 120, 0), (0, 0, 200))):
            await photos.add_photo(
                session,
                forum_id,
                admin=admin_row,
                file_id=f"photo-{index}",
                file_unique_id=f"unique-{index}",
                data=jpeg(color),
                width=320,
                height=240,
                caption=f"Sesi {index + 1}",
                now=utcnow(),
            )
        # The survey went out at the forum's end (tests/e2e/test_survey.py drives that).
        session.add(SurveyRun(forum_id=forum_id, ran_at=utcnow()))
        for question, value in (("usefulness", 5), ("service", 4)):
            await survey.score(
                session, forum_id, kejaksaan, question=question, value=value, now=utcnow()
            )
        await survey.comment(session, forum_id, kejaksaan, text="Tempat <nyaman>", now=utcnow())
        await session.commit()

    pdf, archive = await bundle_of(community.admin)
    assert pdf.document is not None and archive.document is not None
    pages = pages_of(pdf.document["bytes"])
    cover = pages[0]
    titles = ["Surat Undangan", "Daftar Hadir", "Notulen", "Dokumentasi", "Survei Kepuasan"]
    starts = [
        int(re.search(rf"\d\. {title} hlm\. (\d+)", cover).group(1))  # type: ignore[union-attr]
        for title in titles
    ]
    assert starts[0] == 2 and starts == sorted(starts)
    assert "Nomor : 1/PP.01-Und/" in pages[starts[0] - 1]  # the letter got its Nomor now
    assert "DAFTAR HADIR" in pages[starts[1] - 1]
    assert "NOTULEN RAPAT" in pages[starts[2] - 1]
    assert "Patroli bersama dimulai H-7." in " ".join(pages[starts[2] - 1 : starts[3] - 1])
    assert "DOKUMENTASI" in pages[starts[3] - 1] and "Sesi 3" in pages[starts[3] - 1]
    survey_page = pages[starts[4] - 1]
    assert "RINGKASAN SURVEI KEPUASAN" in survey_page
    assert "Kejaksaan 1 5,0 4,0" in survey_page
    assert "1. Tempat <nyaman>" in survey_page
    assert PROFILES["KEJAKSAAN"].full_name not in survey_page  # anonymous
    total = len(pages)
    assert all(f"Halaman {n} dari {total}" in page for n, page in enumerate(pages, 1))
    reader = PdfReader(io.BytesIO(pdf.document["bytes"]))
    assert sum(len(page.images) for page in reader.pages[starts[3] - 1 : starts[4] - 1]) == 3

    with zipfile.ZipFile(io.BytesIO(archive.document["bytes"])) as opened:
        assert opened.namelist() == [
            "01-Surat-Undangan.pdf",
            "02-Daftar-Hadir.pdf",
            "03-Notulen.pdf",
            "04-Dokumentasi.pdf",
            "05-Survei-Kepuasan.pdf",
            "Dokumentasi/01.jpg",
            "Dokumentasi/02.jpg",
            "Dokumentasi/03.jpg",
            "Daftar-Hadir.xlsx",
        ]
        assert opened.read("Dokumentasi/02.jpg") == jpeg((0, 120, 0))
    async with community.data.sessions() as session:
        stored = await session.get(Forum, forum_id)
        assert stored is not None and stored.letter_number is not None
        assert stored.letter_number.startswith("1/")
