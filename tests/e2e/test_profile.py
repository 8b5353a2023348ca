"""/profil through the bot (issue 10, item 2): a member edits their own details, and asks
for another pillar, which waits for an admin while the old pillar and its invitations stay."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.context import BotData
from models import AuditEntry, MemberStatus, Pillar
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.e2e.conftest import (
    MEMBER_IDS,
    Community,
    days_ahead,
    member_of,
    publish_forum,
    rows,
)

pytestmark = pytest.mark.usefixtures("quick_digest")


async def pillar_id(data: BotData, code: str) -> int:
    (row,) = await rows(data, Pillar, Pillar.code == code)
    return row.id or 0


async def test_a_member_fixes_their_institution_without_registering_again(
    community: Community,
):
    data = community.data
    polri = community.members["POLRI"]
    await polri.send("/profil")
    card = await polri.next_message()
    assert "Instansi: Polres Mojokerto Kota" in (card.text or "")
    assert "tombol di bawah" in (card.text or "") and "/daftar" not in (card.text or "")
    await polri.press(card, "✏️ Instansi")
    ask = await polri.next_message()
    assert "Bapak/Ibu" in (ask.text or "") and "Polres Mojokerto Kota" in (ask.text or "")
    await polri.send("   ")
    assert "tidak boleh kosong" in ((await polri.next_message()).text or "")
    await polri.send("<Polresta> Mojokerto")
    done = await polri.next_message()
    assert done.html is not None and "&lt;Polresta&gt; Mojokerto" in done.html
    assert (done.text or "").startswith(
        "✅ Instansi: Polres Mojokerto Kota → <Polresta> Mojokerto"
    )
    assert "✏️ Nama" in done.button_texts
    row = await member_of(data, polri.id)
    assert row.institution == "<Polresta> Mojokerto" and row.status == MemberStatus.APPROVED
    (entry,) = await rows(data, AuditEntry, AuditEntry.action == "profile.edit")
    assert entry.actor_user_id == polri.id and entry.target == f"member:{row.id}"
    assert entry.detail == {
        "field": "inst",
        "old": "Polres Mojokerto Kota",
        "new": "<Polresta> Mojokerto",
    }
    await community.admin.no_message(within=0.3)  # no admin is asked anything

    await polri.press(done, "✏️ Jabatan")
    await polri.next_message()
    await polri.send("/batal")
    assert "Dibatalkan" in ((await polri.next_message()).text or "")
    assert (await member_of(data, polri.id)).position == "Kapolres"


async def test_a_pillar_change_waits_for_an_admin_and_keeps_the_old_pillar(
    community: Community, sandbox: BotApiSandbox
):
    data, admin = community.data, community.admin
    polri = community.members["POLRI"]
    await polri.send("/profil")
    card = await polri.next_message()
    await polri.press(card, "🔁 Pilar")
    choice = await polri.wait_edit(card)
    assert "persetujuan admin" in (choice.text or "") and "✅ Polri" in choice.button_texts
    refused = await polri.press(choice, "✅ Polri")
    assert refused.show_alert and "sudah berada di pilar ini" in (refused.text or "")
    await polri.press(choice, "TNI")
    asked = await polri.wait_edit(choice)
    assert "dari pilar Polri ke TNI" in (asked.text or "")
    row = await member_of(data, polri.id)
    assert row.pillar_id == await pillar_id(data, "POLRI")
    assert row.requested_pillar_id == await pillar_id(data, "TNI")

    digest = await admin.next_message()
    assert "🔁 Hendra Kurniawan · pindah pilar Polri → TNI" in (digest.text or "")
    await polri.send("/profil")
    assert "menunggu persetujuan admin" in ((await polri.next_message()).text or "")

    # until decided, Hendra is invited as POLRI, not as TNI
    invitations = await publish_forum(community, start=days_ahead(4), pillars=["POLRI"])
    assert "Diskusi" in (invitations["POLRI"].text or "")  # type: ignore[attr-defined]

    # an admin's /anggota lists the request as well
    await admin.send("/anggota")
    menu = await admin.next_message()
    assert "⏳ Menunggu (1)" in menu.button_texts

    await admin.press(digest, "🔁 1. Hendra Kurniawan")
    told = await polri.next_message()
    assert "disetujui" in (told.text or "") and "TNI" in (told.text or "")
    await admin.wait_edit(digest, until=lambda m: "sudah diputuskan" in (m.text or ""))
    row = await member_of(data, polri.id)
    assert row.pillar_id == await pillar_id(data, "TNI") and row.requested_pillar_id is None
    actions = [e.action for e in await rows(data, AuditEntry)]
    assert "profile.pillar_request" in actions and "member.pillar_approve" in actions
    stale = await admin.press_data(digest, f"pilr:{row.id}:{await pillar_id(data, 'TNI')}:r")
    assert stale.show_alert and "sudah diputuskan" in (stale.text or "")
    assert (await member_of(data, polri.id)).pillar_id == await pillar_id(data, "TNI")


async def test_a_rejected_pillar_change_is_told_and_changes_nothing(community: Community):
    data, admin = community.data, community.admin
    tni = community.members["TNI"]
    await tni.send("/profil")
    card = await tni.next_message()
    await tni.press(card, "🔁 Pilar")
    await tni.press(await tni.wait_edit(card), "Polri")
    await admin.next_message()  # the digest
    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "⏳ Menunggu (1)")
    waiting = await admin.wait_edit(menu)
    assert "1. 🔁 Eko Budi Setiawan · pindah pilar TNI → Polri" in (waiting.text or "")
    await admin.press(waiting, "❌ 1")
    assert "Tidak ada pendaftaran" in ((await admin.wait_edit(waiting)).text or "")
    told = await tni.next_message()
    assert "tidak disetujui" in (told.text or "") and "tetap di pilar TNI" in (told.text or "")
    row = await member_of(data, MEMBER_IDS["TNI"])
    assert row.pillar_id == await pillar_id(data, "TNI") and row.requested_pillar_id is None
    (entry,) = await rows(data, AuditEntry, AuditEntry.action == "member.pillar_reject")
    assert entry.detail == {"field": "pillar", "old": "TNI", "new": "POLRI"}


async def test_profile_buttons_need_an_approved_member(community: Community, sandbox):
    joko = sandbox.user(3401, "Joko")
    await do.register(joko, do.Profile("Joko Susilo", "PPK", "PPK Prajurit Kulon", "Ketua"))
    await joko.send("/profil")
    card = await joko.next_message()
    assert card.buttons == [] and "/daftar" in (card.text or "")
    for data_ in ("pedit:name", f"ppil:{await pillar_id(community.data, 'TNI')}"):
        refused = await joko.press_data(card, data_)
        assert refused.show_alert and "belum disetujui" in (refused.text or ""), data_
    stranger = sandbox.user(3402, "Asing")
    sandbox.open_chat(stranger)
    await stranger.send("/profil")
    assert "belum terdaftar" in ((await stranger.next_message()).text or "")
    polri = community.members["POLRI"]
    await polri.send("/profil")
    card = await polri.next_message()
    for forged in ("pedit:email", "ppil:x", "ppil:99999"):
        refused = await polri.press_data(card, forged)
        assert refused.show_alert, forged
    assert (await member_of(community.data, polri.id)).requested_pillar_id is None
    assert await rows(community.data, AuditEntry, AuditEntry.action.startswith("profile")) == []  # type: ignore[attr-defined]


async def hide(data: BotData, code: str) -> int:
    async with data.sessions() as session:  # type: ignore[misc]
        (pillar,) = (await session.exec(select(Pillar).where(Pillar.code == code))).all()
        pillar.is_hidden = True
        session.add(pillar)
        await session.commit()
        return pillar.id or 0


async def test_a_hidden_pillar_is_neither_offered_nor_taken_nor_approved(
    community: Community,
):
    data, admin = community.data, community.admin
    polri = community.members["POLRI"]
    await hide(data, "PKD")
    await polri.send("/profil")
    card = await polri.next_message()
    await polri.press(card, "🔁 Pilar")
    choice = await polri.wait_edit(card)
    assert "PKD" not in choice.button_texts and "TNI" in choice.button_texts

    # hidden while the chooser is open, or pressed by a modified client: refused
    kejaksaan = await hide(data, "KEJAKSAAN")
    refused = await polri.press(choice, "Kejaksaan")
    assert refused.show_alert and "<b>" not in (refused.text or "")  # a popup is plain text
    assert "Kejaksaan sudah tidak dipakai" in (refused.text or "")
    forged = await polri.press_data(card, f"ppil:{kejaksaan}")
    assert forged.show_alert and "sudah tidak dipakai" in (forged.text or "")
    row = await member_of(data, polri.id)
    assert row.requested_pillar_id is None and row.pillar_id == await pillar_id(data, "POLRI")

    # asked while visible, hidden before an admin decides: the approval is refused
    await polri.press(choice, "TNI")
    await polri.wait_edit(choice)
    await admin.next_message()  # the digest
    await hide(data, "TNI")
    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "⏳ Menunggu (1)")
    waiting = await admin.wait_edit(menu)
    approve = await admin.press(waiting, "🔁 1. Hendra Kurniawan")
    assert approve.show_alert and "TNI sudah tidak dipakai" in (approve.text or "")
    row = await member_of(data, polri.id)
    assert row.pillar_id == await pillar_id(data, "POLRI")
    assert row.requested_pillar_id == await pillar_id(data, "TNI")  # still there to reject
    assert await rows(data, AuditEntry, AuditEntry.action == "member.pillar_approve") == []
