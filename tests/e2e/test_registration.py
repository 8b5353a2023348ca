"""Registration, approval, invite links, /profil, /bantuan, /bahasa through the sandbox."""

from __future__ import annotations

import asyncio

from sqlalchemy import func
from sqlmodel import select

from models import AuditEntry, Member, MemberStatus, OutboxKind, OutboxMessage, PillarInvite
from sandbox import BotApiSandbox, SandboxMessage
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES, Community


def all_decided(digest: SandboxMessage) -> bool:
    # A press shows its decision at once; the digest's batched refresh follows.
    return (digest.text or "").startswith("✅ Semua pendaftaran")


async def count(app: object, model: type, *where: object) -> int:
    async with asyncio.timeout(10):
        await app.bot_data.sender.wait_idle()  # type: ignore[attr-defined]
    async with app.bot_data.sessions() as session:  # type: ignore[attr-defined]
        return (
            await session.exec(select(func.count()).select_from(model).where(*where))
        ).first() or 0


async def member(app: object, user_id: int) -> Member | None:
    async with app.bot_data.sessions() as session:  # type: ignore[attr-defined]
        return (
            await session.exec(select(Member).where(Member.telegram_user_id == user_id))
        ).first()


async def test_admin_from_settings_is_approved_at_registration(app, sandbox: BotApiSandbox):
    user = sandbox.user(ADMIN_ID, "Ratna")
    done = await do.register(user, PROFILES["KPU"])

    assert "Pendaftaran berhasil" in done.text
    assert "Ratna Dewi Lestari" in done.text
    row = await member(app, ADMIN_ID)
    assert row is not None and row.status == MemberStatus.APPROVED and row.is_admin
    await user.send("/bantuan")
    assert "/forum_baru" in (await user.next_message()).text


async def test_plain_registration_waits_for_approval_then_admin_approves(app, sandbox, admin):
    newcomer = sandbox.user(3001, "Indah")
    profile = do.Profile("Indah Permatasari", "PPK", "PPK Kecamatan Magersari", "Ketua")

    done = await do.register(newcomer, profile)

    assert "menunggu persetujuan" in done.text
    row = await member(app, 3001)
    assert row is not None and row.status == MemberStatus.PENDING and not row.is_admin
    request = await admin.next_message()
    assert "Pendaftaran menunggu" in request.text and "Indah Permatasari" in request.text
    assert request.button_texts == ["✅ 1. Indah Permatasari", "❌ 1"]
    # a pending member cannot see forums yet
    await newcomer.send("/jadwal")
    assert "belum disetujui" in (await newcomer.next_message()).text

    await admin.press(request, "✅ 1. Indah Permatasari")
    edited = await admin.wait_edit(request, until=all_decided)

    assert edited.text.startswith("✅ Semua pendaftaran sudah diputuskan")
    assert edited.buttons == []
    assert "disetujui" in (await newcomer.next_message()).text
    row = await member(app, 3001)
    assert row is not None and row.status == MemberStatus.APPROVED and row.decided_by == ADMIN_ID
    assert await count(app, AuditEntry, AuditEntry.action == "member.approve") == 1

    # a second press on the same request changes nothing
    again = await admin.press_data(request, request.extra.get("data", "appr:2:r"))
    assert again.show_alert
    row = await member(app, 3001)
    assert row is not None and row.status == MemberStatus.APPROVED


async def test_admin_rejects_a_registration(app, sandbox, admin):
    newcomer = sandbox.user(3002, "Joko")
    await do.register(newcomer, do.Profile("Joko Susilo", "PPK", "PPK Prajurit Kulon", "Ketua"))
    request = await admin.next_message()

    await admin.press(request, "❌ 1")

    assert (await admin.wait_edit(request, until=all_decided)).text.startswith("✅ Semua")
    assert "Joko Susilo" in (await admin.next_message()).text  # with the undo button
    assert "tidak disetujui" in (await newcomer.next_message()).text
    row = await member(app, 3002)
    assert row is not None and row.status == MemberStatus.REJECTED


async def test_invite_link_registers_into_its_pillar_at_once(app, sandbox, admin):
    payload = await do.invite_link(admin, "BAWASLU")
    assert payload.startswith("inv_")
    user = sandbox.user(3003, "Nurul")

    await user.start(payload)
    intro = await user.next_message()
    assert intro.text == "Bapak/Ibu mendaftar melalui tautan undangan pilar Bawaslu."
    await user.next_message()
    await user.send("Nurul Hidayati")
    # the pillar step is skipped: the invite fixes it
    assert "instansi" in (await user.next_message()).text
    await user.send("Bawaslu Kota Mojokerto")
    await user.next_message()
    await user.send("Ketua")
    form = await user.next_message()
    assert "Pilar: Bawaslu" in form.text
    await user.press(form, "✅")
    done = await user.wait_edit(form)

    assert "Pendaftaran berhasil" in done.text
    row = await member(app, 3003)
    assert row is not None and row.status == MemberStatus.APPROVED
    assert await count(app, PillarInvite, PillarInvite.uses == 1) == 1
    await admin.no_message(within=0.3)  # no approval request for an invited member


async def test_invalid_invite_token_is_refused(app, sandbox):
    user = sandbox.user(3004, "Rudi")
    await user.start("inv_not-a-real-token")
    assert "tidak berlaku" in (await user.next_message()).text
    assert await member(app, 3004) is None


async def test_empty_and_too_long_answers_are_asked_again(app, sandbox):
    user = sandbox.user(3005, "Siti")
    await user.start()
    await user.next_message()
    await user.next_message()

    await user.send("   ")
    assert "tidak boleh kosong" in (await user.next_message()).text
    await user.send("x" * 201)
    assert "terlalu panjang" in (await user.next_message()).text
    await user.send_document(b"%PDF", "ktp.pdf", "application/pdf")
    assert "berupa teks" in (await user.next_message()).text
    await user.send("Dr. Hj. Siti Nur'aini, S.H., M.H. <Kasi> & co")
    pillars = await user.next_message()
    await user.send("KEJAKSAAN")  # typed instead of pressed
    assert "tombol" in (await user.next_message()).text
    await user.press(pillars, "Kejaksaan")
    await user.next_message()
    await user.send("Kejaksaan Negeri Kota Mojokerto")
    await user.next_message()
    await user.send("Kepala Seksi Intelijen")
    form = await user.next_message()

    assert "Dr. Hj. Siti Nur'aini, S.H., M.H. <Kasi> & co" in form.text
    assert "&lt;Kasi&gt; &amp; co" in form.html
    assert await member(app, 3005) is None  # nothing stored before the confirmation
    await user.press(form, "Batal")
    assert "Dibatalkan" in (await user.wait_edit(form)).text
    assert await member(app, 3005) is None


async def test_forged_pillar_button_changes_nothing(app, sandbox):
    user = sandbox.user(3006, "Eko")
    await user.start()
    await user.next_message()
    await user.next_message()
    await user.send("Eko Budi Setiawan")
    pillars = await user.next_message()

    answer = await user.press_data(pillars, "regp:999")

    assert answer.show_alert and "tidak dikenal" in answer.text
    answer = await user.press_data(pillars, "regp:abc")
    assert answer.show_alert
    await user.press(pillars, "TNI")
    assert "instansi" in (await user.next_message()).text


async def test_non_admins_are_refused_admin_commands_and_buttons(
    app, sandbox, community: Community
):
    member_user = community.members["POLRI"]
    stranger = sandbox.user(3007, "Orang")
    await stranger.start()
    await stranger.next_message()
    await stranger.next_message()
    await stranger.send("/batal")
    await stranger.next_message()

    for user in (member_user, stranger):
        for command in ("/forum_baru", "/umumkan", "/rekap", "/tautan", "/forum"):
            await user.send(command)
            reply = await user.next_message()
            assert "khusus admin" in reply.text, (command, reply.text)
    invites_before = await count(app, PillarInvite)
    menu = await member_user.send("/profil")
    profile = await member_user.next_message()
    answer = await member_user.press_data(profile, "invp:2")
    assert answer.show_alert and "khusus admin" in answer.text
    answer = await member_user.press_data(profile, "appr:1:a")
    assert answer.show_alert and "khusus admin" in answer.text
    assert await count(app, PillarInvite) == invites_before
    assert menu is not None


async def test_profile_help_and_language(app, sandbox, community: Community):
    user = community.members["TNI"]
    await user.send("/profil")
    card = await user.next_message()
    assert "Eko Budi Setiawan" in card.text and "Pilar: TNI" in card.text
    await user.send("/bantuan")
    help_text = (await user.next_message()).text
    assert "/jadwal" in help_text and "/forum_baru" not in help_text

    await user.send("/bahasa")
    menu = await user.next_message()
    await user.press(menu, "English")
    assert "English" in (await user.wait_edit(menu)).text
    await user.send("/profil")
    assert "Position: Dandim" in (await user.next_message()).text
    row = await community.member_row(user)
    assert row.language == "en"

    guest = sandbox.user(3008, "Tamu")
    await guest.send("/bantuan")
    assert "/daftar" in (await guest.next_message()).text
    await guest.send("/tidakada")
    assert "tidak dikenal" in (await guest.next_message()).text
    await guest.send("halo")
    assert "/bantuan" in (await guest.next_message()).text


async def test_approval_request_goes_through_the_outbox(app, sandbox, admin):
    await do.register(
        sandbox.user(3009, "Mega"), do.Profile("Mega P", "PPK", "PPK Kranggan", "Ketua")
    )
    await admin.next_message()
    rows = await count(
        app,
        OutboxMessage,
        OutboxMessage.kind == OutboxKind.APPROVAL_REQUEST,
        OutboxMessage.status == "sent",
    )
    assert rows == 1


async def test_only_the_form_started_last_takes_typing(app, sandbox, community: Community):
    admin = community.admin
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send("/daftar")  # a second form while the first is open
    assert "nama lengkap" in (await admin.next_message()).text

    await admin.send("Ratna D. Lestari")  # goes to the registration, not the forum title

    assert "pilar" in (await admin.next_message()).text
    await admin.send("/batal")
    assert "Dibatalkan" in (await admin.next_message()).text
    await admin.send("Judul yang tersesat")  # neither form takes it any more
    assert "tidak memahami" in (await admin.next_message()).text
    await admin.send("/batal")
    assert "Tidak ada isian" in (await admin.next_message()).text
    row = await member(app, admin.id)
    assert row is not None and row.full_name == "Ratna Dewi Lestari"


async def test_invisible_only_names_are_refused(app, sandbox):
    user = sandbox.user(3010, "Zw")
    await user.start()
    await user.next_message()
    await user.next_message()
    await user.send("\u200b \u202e \u2066")
    assert "tidak boleh kosong" in (await user.next_message()).text
    await user.send("😀🎉")
    assert "huruf atau angka" in (await user.next_message()).text
    await user.send("Ahmad \u202eFauzi")
    pillars = await user.next_message()
    assert pillars.buttons  # accepted, the override character dropped
    await user.press(pillars, "PPS")
    await user.next_message()
    await user.send("PPS Balongsari")
    await user.next_message()
    await user.send("Ketua")
    assert "Nama: Ahmad Fauzi" in (await user.next_message()).text


async def test_private_commands_in_a_group_point_to_the_private_chat(app, sandbox, community):
    group = sandbox.group(-100500, "Koordinasi Pilkada")
    member_user = community.members["POLRI"]

    await group.send(member_user, "/jadwal@sinergi_bot")

    reply = await group.next_message()
    assert "chat pribadi" in reply.text and "t.me/sinergi_bot" in reply.text
    assert "Diskusi" not in reply.text
    await group.send(community.admin, "/rekap@sinergi_bot")
    assert "forum" in (await group.next_message()).text.lower()
