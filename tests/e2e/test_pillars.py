"""/pilar: admins keep the pillars; users read their names, hidden ones are offered to nobody
new (issue 10, item 3)."""

from __future__ import annotations

from sqlmodel import select

from bot.context import BotData
from models import AuditEntry, ForumPillar, Member, Pillar, PillarInvite
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import Community, days_ahead, publish_forum


async def pillar_rows(data: BotData) -> dict[str, Pillar]:
    assert data.sessions is not None
    async with data.sessions() as session:
        return {p.code: p for p in (await session.exec(select(Pillar))).all()}


async def audit_entries(data: BotData) -> list[tuple[str, str, dict[str, object]]]:
    assert data.sessions is not None
    async with data.sessions() as session:
        entries = (await session.exec(select(AuditEntry).order_by(AuditEntry.seq))).all()
    return [
        (e.action, e.target, e.detail or {}) for e in entries if e.action.startswith("pillar.")
    ]


async def open_pillars(admin: SimUser) -> SandboxMessage:
    await admin.send("/pilar")
    return await admin.next_message()


async def open_card(admin: SimUser, listing: SandboxMessage, name: str) -> SandboxMessage:
    await admin.press(listing, name)
    return await admin.wait_edit(listing)


async def test_the_list_shows_names_marks_counts_and_a_legend(community: Community):
    listing = await open_pillars(community.admin)

    lines = listing.text.splitlines()
    assert lines[0] == "🏛️ Pilar (11)"
    assert "• KPU — 1 anggota" in lines  # the admin
    assert "• Polri ⭐ — 1 anggota" in lines
    assert "• Forkopimda — 0 anggota" in lines
    assert not any(code in listing.text for code in ("POLRI", "KEJAKSAAN", "PANWASCAM"))
    assert "⭐ pilar utama · 🙈 disembunyikan" in listing.text  # the marks' legend
    assert listing.button_texts == [*do.PILLAR_NAMES.values(), "➕ Tambah pilar"]


async def test_an_admin_adds_a_pillar_by_its_name(community: Community, sandbox: BotApiSandbox):
    admin = community.admin
    listing = await open_pillars(admin)
    await admin.press(listing, "Tambah pilar")
    assert "nama pilar baru" in (await admin.next_message()).text

    for bad, says in (
        ("!!!", "huruf atau angka"),
        ("polri", "Sudah ada pilar bernama Polri"),
        ("x" * 121, "maksimal 120 karakter"),
    ):
        await admin.send(bad)
        assert says in (await admin.next_message()).text
    assert len(await pillar_rows(community.data)) == 11  # nothing added meanwhile

    await admin.send("Satpol PP")
    done = await admin.next_message()
    assert done.text.startswith("✅ Pilar Satpol PP ditambahkan.")
    assert "• Satpol PP — 0 anggota" in done.text
    rows = await pillar_rows(community.data)
    added = rows["SATPOL_PP"]
    assert (added.name, added.is_core, added.is_hidden) == ("Satpol PP", False, False)
    assert await audit_entries(community.data) == [
        ("pillar.add", f"pillar:{added.id}", {"name": "Satpol PP", "code": "SATPOL_PP"})
    ]

    # offered at once to whoever registers
    newcomer = sandbox.user(3101, "Agus")
    await newcomer.start()
    await newcomer.next_message()
    await newcomer.next_message()
    await newcomer.send("Agus Salim")
    assert "Satpol PP" in (await newcomer.next_message()).button_texts


async def test_a_rename_is_what_everyone_reads_next(community: Community):
    admin = community.admin
    card = await open_card(admin, await open_pillars(admin), "Pemda")
    assert card.text.startswith("🏛️ Pemda\nPilar utama: tidak\nTampil: ya")
    assert "Anggota: 1 · forum yang mengundangnya: 0" in card.text
    await admin.press(card, "Ganti nama")
    assert "Nama sekarang: Pemda" in (await admin.next_message()).text
    await admin.send("Pemda")  # the same name
    assert "sama dengan yang sekarang" in (await admin.next_message()).text
    await admin.send("Bawaslu")  # another pillar's
    assert "Sudah ada pilar bernama Bawaslu" in (await admin.next_message()).text
    await admin.send("Pemkot Mojokerto")
    done = await admin.next_message()
    assert done.text.startswith("✅ Nama pilar diubah: Pemda → Pemkot Mojokerto.")

    rows = await pillar_rows(community.data)
    assert rows["PEMDA"].name == "Pemkot Mojokerto"
    assert await audit_entries(community.data) == [
        (
            "pillar.rename",
            f"pillar:{rows['PEMDA'].id}",
            {"old": "Pemda", "new": "Pemkot Mojokerto"},
        )
    ]
    member = community.members["PEMDA"]
    await member.send("/profil")
    assert "Pilar: Pemkot Mojokerto" in (await member.next_message()).text


async def test_marking_core_and_hiding_change_the_card_once(community: Community):
    admin = community.admin
    listing = await open_pillars(admin)
    card = await open_card(admin, listing, "Pemda")
    stale = card.reply_markup

    answer = await admin.press(card, "Jadikan pilar utama")
    assert answer.text == "Pemda kini pilar utama ⭐"
    card = await admin.wait_edit(card)
    assert card.text.startswith("🏛️ Pemda ⭐\nPilar utama: ya")
    assert "Bukan pilar utama" in " ".join(card.button_texts)

    # a press of the card's earlier button (double tap) changes nothing more
    data = next(
        b["callback_data"]
        for row in (stale or {})["inline_keyboard"]
        for b in row
        if "utama" in b["text"]
    )
    again = await admin.press_data(card, data)
    assert again.text is None

    await admin.press(card, "Sembunyikan")
    card = await admin.wait_edit(card)
    assert card.text.startswith("🏛️ Pemda ⭐ 🙈")
    assert "Tampil: tidak (🙈)" in card.text
    await admin.press(card, "Semua pilar")
    listing = await admin.wait_edit(card)
    assert "• Pemda ⭐ 🙈 — 1 anggota" in listing.text

    rows = await pillar_rows(community.data)
    assert rows["PEMDA"].is_core and rows["PEMDA"].is_hidden
    target = f"pillar:{rows['PEMDA'].id}"
    assert [(a, t) for a, t, _ in await audit_entries(community.data)] == [
        ("pillar.core", target),
        ("pillar.hide", target),
    ]


async def test_a_hidden_pillar_is_offered_to_nobody_new_and_keeps_its_members(
    community: Community, sandbox: BotApiSandbox
):
    admin = community.admin
    card = await open_card(admin, await open_pillars(admin), "Pemda")
    await admin.press(card, "Sembunyikan")
    await admin.wait_edit(card)

    # registration: not offered, and a press of an old keyboard's button is refused
    newcomer = sandbox.user(3102, "Dedi")
    await newcomer.start()
    await newcomer.next_message()
    await newcomer.next_message()
    await newcomer.send("Dedi Kurniawan")
    keyboard = await newcomer.next_message()
    assert "Pemda" not in keyboard.button_texts and "Kejaksaan" in keyboard.button_texts
    pemda_id = (await pillar_rows(community.data))["PEMDA"].id
    refused = await newcomer.press_data(keyboard, f"regp:{pemda_id}")
    assert refused.show_alert and refused.text == "Pilar tidak dikenal."

    # invite links and /forum_baru: not offered
    await admin.send("/tautan")
    assert "Pemda" not in (await admin.next_message()).button_texts
    await admin.send("/forum_baru")
    await admin.next_message()
    for typed_text in ("Rakor", "20/12/2030 09:00"):
        await admin.send(typed_text)
        step = await admin.next_message()
    await admin.press(step, "Lewati")
    await admin.wait_edit(step)
    await admin.next_message()
    for typed_text in ("Aula KPU", "Tahapan"):
        await admin.send(typed_text)
        step = await admin.next_message()
    assert "Pemda" not in step.button_texts and "Polri" in step.button_texts
    await admin.press(step, "Semua pilar")
    step = await admin.wait_edit(step)
    assert not any("Pemda" in text for text in step.button_texts)
    await admin.send("/batal")
    await admin.next_message()

    # its member stays, with their pillar, and re-registering keeps it
    member = community.members["PEMDA"]
    row = await community.member_row(member)
    assert row.pillar_id == pemda_id
    await member.send("/daftar")
    await member.next_message()
    await member.send("Wahyu Adi Nugroho")
    assert "Pemda" in (await member.next_message()).button_texts

    # shown again: offered again
    card = await open_card(admin, await open_pillars(admin), "Pemda")
    await admin.press(card, "Tampilkan")
    assert "Tampil: ya" in (await admin.wait_edit(card)).text
    await admin.send("/tautan")
    assert "Pemda" in (await admin.next_message()).button_texts


async def test_a_pillar_with_members_or_forums_is_not_deleted(community: Community):
    admin = community.admin
    await publish_forum(community, start=days_ahead(3), pillars=["PPK"])
    listing = await open_pillars(admin)

    card = await open_card(admin, listing, "Polri")
    refused = await admin.press(card, "Hapus")
    assert refused.show_alert
    assert refused.text.startswith(
        "Pilar Polri tidak dapat dihapus karena masih memiliki 1 anggota."
    )
    await admin.press(card, "Semua pilar")
    listing = await admin.wait_edit(card)

    card = await open_card(admin, listing, "PPK")  # no members, but a forum invited it
    refused = await admin.press(card, "Hapus")
    assert refused.show_alert and "sudah diundang ke 1 forum" in refused.text

    rows = await pillar_rows(community.data)
    assert {"POLRI", "PPK"} <= set(rows)
    assert await audit_entries(community.data) == []


async def test_an_unused_pillar_is_deleted_after_a_confirmation(community: Community):
    admin = community.admin
    listing = await open_pillars(admin)
    await admin.press(listing, "Tambah pilar")
    await admin.next_message()
    await admin.send("Satpol PP")
    listing = await admin.next_message()
    await do.invite_link(admin, "Satpol PP")  # a link made for it goes with it

    card = await open_card(admin, listing, "Satpol PP")
    await admin.press(card, "Hapus")
    ask = await admin.wait_edit(card)
    assert ask.text.startswith("Hapus pilar Satpol PP?")
    await admin.press(ask, "Batal")
    card = await admin.wait_edit(ask)
    assert card.text.startswith("🏛️ Satpol PP")
    assert "SATPOL_PP" in await pillar_rows(community.data)

    await admin.press(card, "Hapus")
    ask = await admin.wait_edit(card)
    await admin.press(ask, "Ya, hapus")
    done = await admin.wait_edit(ask)
    assert done.text.startswith("🗑️ Pilar Satpol PP dihapus.")
    assert "Satpol PP" not in done.button_texts

    assert "SATPOL_PP" not in await pillar_rows(community.data)
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        assert (await session.exec(select(PillarInvite))).all() == []
    assert [a for a, _, _ in await audit_entries(community.data)] == [
        "pillar.add",
        "pillar.delete",
    ]


async def test_only_admins_and_only_in_private(community: Community, sandbox: BotApiSandbox):
    member = community.members["POLRI"]
    await member.send("/pilar")
    assert "khusus admin" in (await member.next_message()).text
    listing = await open_pillars(community.admin)
    refused = await member.press_data(listing, "pil:3:hide")
    assert refused.show_alert and "khusus admin" in (refused.text or "")

    group = sandbox.group(-100777, "Koordinasi Pilkada")
    await group.send(community.admin, "/pilar")
    assert "chat pribadi" in (await group.next_message()).text

    for forged in ("pil:99999", "pil:3:burn", "pil:x", "pil:99999:core"):
        answer = await community.admin.press_data(listing, forged)
        assert answer.show_alert, forged
    rows = await pillar_rows(community.data)
    assert rows["POLRI"].name == "Polri" and not rows["POLRI"].is_hidden
    assert await audit_entries(community.data) == []


async def test_names_not_codes_on_the_buttons_users_press(
    community: Community, sandbox: BotApiSandbox
):
    """Registration, /forum_baru and /umumkan show the names the office writes."""
    newcomer = sandbox.user(3103, "Rina")
    await newcomer.start()
    await newcomer.next_message()
    await newcomer.next_message()
    await newcomer.send("Rina Wati")
    keyboard = await newcomer.next_message()
    assert keyboard.button_texts == list(do.PILLAR_NAMES.values())

    invitations = await publish_forum(community, start=days_ahead(3), pillars=["POLRI", "PEMDA"])
    assert "👥 Pilar: Polri, Pemda" in invitations["POLRI"].text
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        invited = (await session.exec(select(ForumPillar))).all()
        members = (await session.exec(select(Member))).all()
    assert len(invited) == 2 and len(members) == 6


async def test_a_pillar_hidden_while_the_forum_form_is_open_drops_out_of_it(
    community: Community,
):
    admin, data = community.admin, community.data
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send("Rapat Koordinasi Pengamanan")
    await admin.next_message()
    await admin.send("Senin 14 Desember 2037 jam 09.00")
    await admin.press(await admin.next_message(), "Lewati")  # no end time
    await admin.next_message()
    await admin.send("Aula KPU Kota Mojokerto")
    await admin.next_message()
    await admin.send("Pengamanan TPS")
    pillars = await admin.next_message()
    await admin.press(pillars, "Kejaksaan")
    ticked = await admin.wait_edit(pillars)
    assert "✅ Kejaksaan" in ticked.button_texts
    stale = ticked.callback_data_for("✅ Kejaksaan")
    async with data.sessions() as session:  # type: ignore[misc]
        (kejaksaan,) = (await session.exec(select(Pillar).where(Pillar.code == "KEJAKSAAN"))).all()
        kejaksaan.is_hidden = True  # by another admin, in /pilar
        session.add(kejaksaan)
        await session.commit()
    refused = await admin.press_data(ticked, stale)
    assert refused.show_alert and "tidak berlaku lagi" in (refused.text or "")
    redrawn = await admin.wait_edit(ticked)
    assert not any("Kejaksaan" in label for label in redrawn.button_texts)
    await admin.press(redrawn, "Polri")
    await admin.wait_edit(redrawn)
    await admin.press(redrawn, "Selesai")
    chosen = await admin.wait_edit(redrawn)
    assert "Polri" in (chosen.text or "") and "Kejaksaan" not in (chosen.text or "")
