"""The README's demo command keeps working: the whole Mojokerto scenario, through the sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from sandbox.demo import play


# The scenario waits for its reminders, which fire about a minute after it begins.
@pytest.mark.timeout(180)
async def test_demo_plays_the_whole_scenario(tmp_path: Path):
    lines = await play(tmp_path)
    transcript = "\n".join(lines)

    for heading in range(1, 12):
        assert f"=== {heading}. " in transcript
    assert "Diskusi dan Konsolidasi Empat Pilar diterbitkan" in transcript
    assert "Terima kasih, tercatat: diwakili oleh Dwi Santoso (Kabag Ops)." in transcript
    assert "Belum ada konfirmasi kehadiran dari pilar utama: TNI" in transcript
    assert "Laporan pengiriman" in transcript and re.search(r"^\s*Terkirim: 7$", transcript, re.M)
    assert "outbox rows by status: {'sent': 30}" in transcript
    assert "&lt;" not in transcript  # escaped on the wire, readable on screen
    assert "check-ins: {'manual': 1, 'qr': 5}" in transcript
    # The representative checked in on his own phone, as himself, for the Kapolres.
    assert "tercatat hadir mewakili Kapolres" in transcript

    # The exports the transcript names are there and are what they say.
    written = re.findall(r"^\(written: (.+)\)$", transcript, re.M)
    assert sorted(Path(path).suffix for path in written) == [".ics", ".pdf", ".xlsx"]
    pdf = next(Path(path) for path in written if path.endswith(".pdf"))
    text = PdfReader(pdf).pages[0].extract_text()
    # The Keterangan cell wraps: compare with white space collapsed.
    assert "DAFTAR HADIR" in text and "Diwakili oleh Dwi Santoso, Kabag Ops" in " ".join(
        text.split()
    )
    assert "Tidak hadir (konfirmasi)" in text  # TNI declined and did not come
    workbook = load_workbook(next(Path(path) for path in written if path.endswith(".xlsx")))
    assert workbook.sheetnames == ["Daftar Hadir", "Rekap"]
    calendar = Calendar.from_ical(
        next(Path(path) for path in written if path.endswith(".ics")).read_bytes()
    )
    assert [event["SUMMARY"] for event in calendar.walk("VEVENT")] == [
        "Diskusi dan Konsolidasi Empat Pilar"
    ]
    assert (tmp_path / "qr-presensi.png").read_bytes().startswith(b"\x89PNG")
