"""The README's demo command keeps working: the whole Mojokerto scenario, through the sandbox."""

from __future__ import annotations

import re
from pathlib import Path

from sandbox.demo import play


async def test_demo_plays_the_whole_scenario(tmp_path: Path):
    lines = await play(tmp_path)
    transcript = "\n".join(lines)

    for heading in range(1, 10):
        assert f"=== {heading}. " in transcript
    assert "Diskusi dan Konsolidasi Empat Pilar diterbitkan" in transcript
    assert "Tercatat: Diwakilkan: Dwi Santoso (Kabag Ops)" in transcript
    assert "Pilar utama belum ada yang konfirmasi hadir: TNI" in transcript
    assert "Laporan pengiriman" in transcript and re.search(r"^\s*Terkirim: 7$", transcript, re.M)
    assert "outbox rows by status: {'sent': 30}" in transcript
    assert "&lt;" not in transcript  # escaped on the wire, readable on screen
