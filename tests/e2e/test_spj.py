"""/spj end to end: the Berkas SPJ of a forum as one page-numbered PDF and a ZIP of the
originals (issue 11, item 6)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from pypdf import PdfReader
from sqlmodel import col, select

from models import AuditEntry
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
    return await admin.next_message(), await admin.next_message()


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
    assert "Daftar isi 1. Daftar Hadir hlm. 2" in cover
    for number, page in enumerate(pages, start=1):
        assert (
            f"Berkas SPJ · Diskusi dan Konsolidasi Empat Pilar Halaman {number} dari {total}"
            in (page)
        ), number
    assert "DAFTAR HADIR" in pages[1]
    assert PROFILES["KEJAKSAAN"].full_name in pages[1]

    assert archive.document is not None and archive.document["file_name"].endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(archive.document["bytes"])) as opened:
        names = opened.namelist()
        assert names == ["01-Daftar-Hadir.pdf", "Daftar-Hadir.xlsx"]
        original = pages_of(opened.read("01-Daftar-Hadir.pdf"))
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
