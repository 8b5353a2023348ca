"""/rekap: counts per pillar and the core pillars nobody confirmed."""

from __future__ import annotations

import io

from PIL import Image

from bot.exports.chart import COLOURS
from sandbox import scenarios as do
from tests.e2e.conftest import Community, days_ahead, publish_forum

NAMES = dict(zip(COLOURS, ("hadir", "diwakilkan", "tidak hadir", "belum"), strict=True))


def bar_colours(png: bytes) -> list[str]:
    """The answers the bars show at their middle, top to bottom (a pillar whose invitees
    all gave one answer is a bar of one colour)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.width >= 1000
    x = image.width // 2
    wanted = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)): name for c, name in NAMES.items()}
    found: list[str] = []
    previous = None
    for y in range(image.height):
        name = wanted.get(image.getpixel((x, y)))  # type: ignore[arg-type]
        if name is not None and name != previous:
            found.append(name)
        previous = name
    return found


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
    picture = await admin.next_message()
    recap = await admin.next_message()

    # The picture: one bar per pillar, top to bottom, in the colours of its answers.
    assert picture.photo is not None
    assert picture.caption == "📊 Rekap per pilar: Diskusi dan Konsolidasi Empat Pilar"
    assert bar_colours(picture.photo) == ["hadir", "diwakilkan", "tidak hadir", "belum", "belum"]
    lines = recap.text.splitlines()
    row = {
        line.split(":")[0].removesuffix(" ⭐"): line
        for line in lines
        if "diundang" in line and not line.startswith("Jumlah")
    }
    assert set(row) == {"Kejaksaan", "Polri", "TNI", "Bawaslu", "Pemda"}  # names, not codes
    assert "hadir 1 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 0" in row["Kejaksaan"]
    assert "hadir 0 · diwakilkan 1 · tidak hadir 0 · belum konfirmasi 0" in row["Polri"]
    assert "tidak hadir 1 · belum konfirmasi 0" in row["TNI"]
    assert "hadir 0 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 1" in row["Bawaslu"]
    assert row["Kejaksaan"].startswith("Kejaksaan ⭐:") and "⭐" not in row["Pemda"]
    assert lines[-1] == "⭐ pilar utama"  # the legend of the mark
    assert "diundang 5 · hadir 1 · diwakilkan 1 · tidak hadir 1 · belum konfirmasi 2" in recap.text
    assert "Belum ada konfirmasi kehadiran dari pilar utama: TNI, Bawaslu" in recap.text

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
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    assert "Summary: Diskusi dan Konsolidasi Empat Pilar" in recap.text
    assert (
        "No confirmed attendance yet from the core pillars: Kejaksaan, Polri, TNI, Bawaslu"
        in recap.text
    )
