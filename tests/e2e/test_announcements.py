"""/umumkan: audience, preview, one durable send per recipient, the delivery report."""

from __future__ import annotations

import asyncio
import re

from sqlmodel import select

from models import Announcement, Member, OutboxKind, OutboxMessage
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.e2e.conftest import Community


async def rows(community: Community, kind: OutboxKind) -> list[OutboxMessage]:
    async with asyncio.timeout(10):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(OutboxMessage).where(OutboxMessage.kind == kind)
        return list((await session.exec(query)).all())


async def test_announcement_to_everyone_with_delivery_report(community: Community, sandbox):
    sandbox.block_bot(community.members["TNI"].id)

    queued = await do.announce(community.admin, "Rapat diundur ke pukul 10.00 <penting> & segera")

    assert "6 anggota" in queued.text
    for code, user in community.members.items():
        if code == "TNI":
            continue
        got = await user.next_message()
        assert "Pengumuman KPU" in got.text
        assert "Rapat diundur ke pukul 10.00 <penting> & segera" in got.text
    own_copy = await community.admin.next_message()
    assert "Pengumuman KPU" in own_copy.text
    report = await community.admin.next_message(timeout=10)
    assert "Laporan pengiriman" in report.text
    assert re.search(r"^Penerima: 6$", report.text, re.M)
    assert re.search(r"^Terkirim: 5$", report.text, re.M)
    assert re.search(
        r"^Tidak dapat dihubungi \(memblokir bot / akun nonaktif\): 1$", report.text, re.M
    )
    assert re.search(r"^Gagal: 0$", report.text, re.M)
    assert "Tidak menerima: Eko Budi Setiawan (TNI)" in report.text

    sent = await rows(community, OutboxKind.ANNOUNCEMENT)
    assert len(sent) == 6
    assert sorted(r.status for r in sent) == ["blocked"] + ["sent"] * 5
    assert len({r.chat_id for r in sent}) == 6
    tni = await community.member_row(community.members["TNI"])
    assert not tni.is_reachable
    assert len(await rows(community, OutboxKind.DELIVERY_REPORT)) == 1
    # admins see who cannot be reached
    await community.admin.send("/anggota")
    menu = await community.admin.next_message()
    await community.admin.press(menu, "Semua")
    roster = (await community.admin.wait_edit(menu)).text
    tni_line = next(line for line in roster.splitlines() if "Eko Budi Setiawan" in line)
    polri_line = next(line for line in roster.splitlines() if "Hendra Kurniawan" in line)
    assert tni_line.endswith("⛔") and "⛔" not in polri_line
    assert "Ratna Dewi Lestari" in roster and "👑" in roster


async def test_announcement_to_chosen_pillars_and_unreachable_members(
    community: Community, sandbox: BotApiSandbox
):
    async with community.data.sessions() as session:  # type: ignore[misc]
        polri = (
            await session.exec(
                select(Member).where(Member.telegram_user_id == community.members["POLRI"].id)
            )
        ).one()
        polri.is_reachable = False
        session.add(polri)
        await session.commit()

    queued = await do.announce(community.admin, "Khusus Polri dan TNI", pillars=["POLRI", "TNI"])

    assert "2 anggota" in queued.text
    assert "Khusus Polri dan TNI" in (await community.members["TNI"].next_message()).text
    await community.members["POLRI"].no_message(within=0.3)  # known unreachable: not sent
    await community.members["KEJAKSAAN"].no_message(within=0.1)
    report = await community.admin.next_message(timeout=10)
    assert re.search(r"^Terkirim: 1$", report.text, re.M) and re.search(
        r"^Tidak dapat dihubungi \(memblokir bot / akun nonaktif\): 1$", report.text, re.M
    )
    async with community.data.sessions() as session:  # type: ignore[misc]
        announcement = (await session.exec(select(Announcement))).one()
    assert sorted(announcement.pillar_codes) == ["POLRI", "TNI"]
    assert announcement.reported_at is not None


async def test_announcement_bad_input_and_cancel(community: Community):
    admin = community.admin
    await admin.send("/umumkan")
    await admin.next_message()
    await admin.send("   ")
    assert "tidak boleh kosong" in (await admin.next_message()).text
    await admin.send("x" * 3600)
    assert "terlalu panjang" in (await admin.next_message()).text
    await admin.send("Uji coba")
    offer = await admin.next_message()
    await admin.press(offer, "Lewati")
    audience = await admin.wait_edit(offer)
    await admin.press(audience, "Semua anggota")
    when = await admin.wait_edit(audience)
    await admin.press(when, "Kirim sekarang")
    preview = await admin.wait_edit(when)
    assert "Pratinjau pengumuman" in preview.text

    await admin.press(preview, "Batal")

    assert "Dibatalkan" in (await admin.wait_edit(preview)).text
    for user in community.members.values():
        await user.no_message(within=0.1)
    assert await rows(community, OutboxKind.ANNOUNCEMENT) == []
    forged = await admin.press_data(preview, "annc:ok")
    assert forged.show_alert
    assert await rows(community, OutboxKind.ANNOUNCEMENT) == []


async def test_a_pillar_without_members_is_refused_before_the_preview(community: Community):
    admin = community.admin
    await admin.send("/umumkan")
    await admin.next_message()
    await admin.send("Untuk PKD")
    offer = await admin.next_message()
    await admin.press(offer, "Lewati")
    audience = await admin.wait_edit(offer)
    await admin.press(audience, "PKD")
    await admin.wait_edit(audience)

    answer = await admin.press(audience, "Selesai")

    assert answer.show_alert and "Tidak ada anggota" in answer.text
    assert "Pratinjau" not in audience.text
    await admin.press(audience, "Polri")
    await admin.wait_edit(audience)
    await admin.press(audience, "Selesai")
    assert "1 anggota" in (await admin.wait_edit(audience)).text
