"""The README's demo command keeps working: the whole Mojokerto scenario, through the sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from bot.db import create_engine, create_session_maker
from models import (
    Announcement,
    AnnouncementReceipt,
    AudienceKind,
    Member,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
)
from sandbox import browser
from sandbox.demo import TOR, TYPO, play


def said_to(transcript: str, needle: str) -> list[str]:
    """Who the bot sent a new message holding `needle` to (transcript names, in order)."""
    return re.findall(rf"Sinergi ▷ ([^:]+): .*{re.escape(needle)}", transcript)


# The scenario waits for its reminders, which fire 40 s and 44 s after it begins.
@pytest.mark.timeout(180)
async def test_demo_plays_the_whole_scenario(tmp_path: Path):
    lines = await play(tmp_path)
    transcript = "\n".join(lines)

    for heading in range(1, 14):
        assert f"=== {heading}. " in transcript
    assert "Diskusi dan Konsolidasi Empat Pilar diterbitkan" in transcript
    assert "Terima kasih, tercatat: diwakili oleh Dwi Santoso (Kabag Ops)." in transcript
    assert "Belum ada konfirmasi kehadiran dari pilar utama: TNI" in transcript
    assert "Laporan pengiriman" in transcript and re.search(r"^\s*Terkirim: 7$", transcript, re.M)
    assert "&lt;" not in transcript  # escaped on the wire, readable on screen
    # Four by the printed code, Bawaslu's by the desk screen's rotating one, one by hand.
    assert "check-ins: {'manual': 1, 'qr': 5}" in transcript
    assert re.search(r"Nurul Hidayati \(BAWASLU\) ▶ /start c_k1-\d+-[\w-]{16}\n", transcript)
    assert "✅ Presensi tercatat, Nurul Hidayati." in transcript
    # The representative checked in on his own phone, as himself, for the Kapolres.
    assert "tercatat hadir mewakili Kapolres" in transcript

    # The Dandim's typo, shown in the directory, corrected from his card.
    assert f"1. {TYPO} — Kodim 0815/Mojokerto, Dandim" in transcript
    assert re.search(
        rf"✅ Nama: {TYPO} → Eko Budi Setiawan\n\s*🪪 Eko Budi Setiawan\n", transcript
    )

    # The TOR reaches the two who had not answered, as a PDF; one confirms, and the follow-up
    # goes to the other alone.
    pemda, ppk = "Wahyu Adi Nugroho (PEMDA)", "Indah Permatasari (PPK)"
    assert said_to(transcript, f"[document {TOR}] 📢 Pengumuman KPU") == [pemda, ppk]
    assert "(2 anggota)" in transcript and "📎 Lampiran: dokumen «" + TOR + "»" in transcript
    assert (
        f"Sinergi (popup to {ppk}): ✅ Terima kasih, penerimaan pengumuman tercatat." in transcript
    )
    assert "✅ Konfirmasi diterima: 1 dari 2" in transcript
    assert "Pengingat dikirim kepada 1 anggota yang belum konfirmasi" in transcript
    assert said_to(transcript, "🔔 Mohon konfirmasi penerimaan") == [pemda]

    # What the database holds.
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}")
    try:
        async with create_session_maker(engine)() as session:
            chats = dict((await session.exec(select(Member.full_name, Member.chat_id))).all())
            outbox = (await session.exec(select(OutboxMessage))).all()
            tor = (
                await session.exec(select(Announcement).where(Announcement.file_name == TOR))
            ).one()
            confirmed = (
                await session.exec(
                    select(Member.full_name)
                    .join(AnnouncementReceipt, col(AnnouncementReceipt.member_id) == Member.id)
                    .where(AnnouncementReceipt.announcement_id == tor.id)
                )
            ).all()
    finally:
        await engine.dispose()
    assert "Eko Budi Setiawan" in chats and TYPO not in chats
    assert tor.audience == AudienceKind.NO_ANSWER and tor.recipients == 2
    assert confirmed == ["Indah Permatasari"]
    assert {row.status for row in outbox} == {OutboxStatus.SENT}
    assert f"outbox rows by status: {{'sent': {len(outbox)}}}" in transcript
    follow_ups = [row.chat_id for row in outbox if row.kind == OutboxKind.ANNOUNCEMENT_REMINDER]
    assert follow_ups == [chats["Wahyu Adi Nugroho"]]

    # The exports the transcript names are there and are what they say.
    written = re.findall(r"^\(written: (.+)\)$", transcript, re.M)
    assert sorted(Path(path).suffix for path in written) == [
        ".ics",
        ".pdf",
        ".pdf",
        ".xlsx",
        ".zip",
    ]
    pdf = next(Path(path) for path in written if Path(path).name.startswith("Daftar-Hadir"))
    bundle = next(Path(path) for path in written if Path(path).name.startswith("Berkas-SPJ"))
    cover = PdfReader(bundle).pages[0].extract_text()
    assert "KOMISI PEMILIHAN UMUM KOTA MOJOKERTO" in cover and "Daftar isi" in cover
    for paper in ("1. Surat Undangan", "2. Daftar Hadir", "3. Notulen"):
        assert paper in cover, paper
    unpacked = bundle.with_suffix("")  # the ZIP's originals, next to it
    letter = PdfReader(unpacked / "01-Surat-Undangan.pdf").pages[0].extract_text()
    assert "Nomor" in letter and "Perihal" in letter and "Ketua KPU Kota Mojokerto" in letter
    notulen = " ".join(p.extract_text() for p in PdfReader(unpacked / "03-Notulen.pdf").pages)
    assert "NOTULEN RAPAT" in notulen and "posko terpadu" in notulen
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    # The Keterangan cell wraps: compare with white space collapsed.
    assert "DAFTAR HADIR" in text and "Dwi Santoso Polres Mojokerto Kota Kabag Ops" in " ".join(
        text.split()
    )
    assert "Tidak hadir (konfirmasi)" in text  # TNI declined and did not come
    assert "Eko Budi Setiawan" in text and TYPO not in text
    workbook = load_workbook(next(Path(path) for path in written if path.endswith(".xlsx")))
    assert workbook.sheetnames == ["Daftar Hadir", "Rekap"]
    calendar = Calendar.from_ical(
        next(Path(path) for path in written if path.endswith(".ics")).read_bytes()
    )
    assert [event["SUMMARY"] for event in calendar.walk("VEVENT")] == [
        "Diskusi dan Konsolidasi Empat Pilar"
    ]
    assert (tmp_path / "qr-presensi.png").read_bytes().startswith(b"\x89PNG")
    # The web door, photographed in Chromium (CI installs it; elsewhere it may be absent).
    if browser.available() is None:
        for name in ("dashboard-forums", "dashboard-forum", "dashboard-member", "kiosk-arrival"):
            shot = tmp_path / "screenshots" / f"{name}.png"
            assert shot.read_bytes().startswith(b"\x89PNG"), name
    else:
        assert "(Screenshots skipped: " in transcript
