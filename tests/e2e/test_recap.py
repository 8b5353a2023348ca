"""/rekap: counts per pillar and the core pillars nobody confirmed."""

from __future__ import annotations

from sandbox import scenarios as do
from tests.e2e.conftest import Community, days_ahead, publish_forum


async def test_recap_counts_per_pillar(community: Community):
    invitations = await publish_forum(
        community, start=days_ahead(2), pillars=["KEJAKSAAN", "POLRI", "TNI", "BAWASLU", "PEMDA"]
    )
    members = community.members
    await do.answer_invitation(members["KEJAKSAAN"], invitations["KEJAKSAAN"], "Hadir")
    await do.answer_invitation(
        members["POLRI"], invitations["POLRI"], "Diwakilkan", delegate=("Dwi Santoso", "Kabag Ops")
    )
    await do.answer_invitation(members["TNI"], invitations["TNI"], "Tidak hadir")
    admin = community.admin

    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    recap = await admin.next_message()

    lines = recap.text.splitlines()
    row = {line.split(":")[0].rstrip("⭐"): line for line in lines if "diundang" in line}
    assert "hadir 1 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 0" in row["KEJAKSAAN"]
    assert "hadir 0 · diwakilkan 1 · tidak hadir 0 · belum konfirmasi 0" in row["POLRI"]
    assert "tidak hadir 1 · belum konfirmasi 0" in row["TNI"]
    assert "hadir 0 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 1" in row["BAWASLU"]
    assert "PEMDA" in row and "⭐" not in row["PEMDA"]
    assert "diundang 5 · hadir 1 · diwakilkan 1 · tidak hadir 1 · belum konfirmasi 2" in recap.text
    assert "Pilar utama belum ada yang konfirmasi hadir: TNI, BAWASLU" in recap.text

    forged = await admin.press_data(menu, "rekap:99999")
    assert forged.show_alert and "tidak ditemukan" in forged.text


async def test_recap_in_english(community: Community):
    await publish_forum(community, start=days_ahead(2))
    admin = community.admin
    await admin.send("/bahasa")
    menu = await admin.next_message()
    await admin.press(menu, "English")
    await admin.wait_edit(menu)
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    recap = await admin.next_message()
    assert "Summary: Diskusi dan Konsolidasi Empat Pilar" in recap.text
    assert (
        "Core pillars with nobody confirmed attending: KEJAKSAAN, POLRI, TNI, BAWASLU"
        in recap.text
    )
