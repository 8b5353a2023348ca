"""Capacity and waitlist: seats, waiting in order, promotions, the admin's 💺 Kapasitas."""

from __future__ import annotations

from sqlmodel import col, select

from models import AuditEntry, Forum, Member, OutboxKind, OutboxMessage, Rsvp
from sandbox import SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import Community, days_ahead, typed

EVERYONE = ["KEJAKSAAN", "POLRI", "TNI", "BAWASLU", "PEMDA"]
TITLE = "Diskusi dan Konsolidasi Empat Pilar"


async def publish_with_capacity(
    community: Community, capacity: str | None = "2"
) -> dict[str, SandboxMessage]:
    """Publish a forum inviting all five members; returns each one's invitation."""
    form = do.ForumForm(
        title=TITLE,
        start=typed(days_ahead(3)),
        venue="Ballroom Hotel Ayola, Kota Mojokerto",
        agenda="Sinergi menjelang Pilkada",
        pillars=EVERYONE,
        capacity=capacity,
    )
    preview, _ = await do.create_forum(community.admin, form)
    if capacity is not None:
        assert f"Kapasitas: {capacity} kursi" in preview.text, preview.text
    await do.publish(community.admin, preview)
    return {code: await user.next_message() for code, user in community.members.items()}


async def rows(community: Community) -> dict[str, Rsvp]:
    """Each member's stored answer by pillar code."""
    async with community.data.sessions() as session:  # type: ignore[misc]
        found = (await session.exec(select(Rsvp, Member).join(Member))).all()
        codes = {user.id: code for code, user in community.members.items()}
        return {codes[m.telegram_user_id]: r for r, m in found}


async def stored_forum(community: Community) -> Forum:
    async with community.data.sessions() as session:  # type: ignore[misc]
        return (await session.exec(select(Forum))).one()


async def waitlist_messages(community: Community) -> list[OutboxMessage]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.WAITLIST)
        return list((await session.exec(query)).all())


async def recap_text(admin: SimUser) -> str:
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    assert recap.text is not None
    return recap.text


async def attend(user: SimUser, invitation: SandboxMessage) -> tuple[str, str]:
    """Press Hadir; returns (the popup, the refreshed invitation's text)."""
    answer = await user.press(invitation, "Hadir")
    edited = await user.wait_edit(invitation)
    assert answer.text is not None and edited.text is not None
    return answer.text, edited.text


async def test_answers_beyond_the_capacity_wait_and_a_decline_promotes(community: Community):
    invitations = await publish_with_capacity(community, "2")
    m = community.members

    for code in ("KEJAKSAAN", "POLRI"):
        popup, text = await attend(m[code], invitations[code])
        assert popup == "Terima kasih, tercatat: Hadir."
        assert "Konfirmasi kehadiran Bapak/Ibu: Hadir" in text and "daftar tunggu" not in text
    popup, text = await attend(m["TNI"], invitations["TNI"])
    assert popup == (
        "Kursi penuh. Bapak/Ibu masuk daftar tunggu (nomor 1). Kami akan memberi tahu "
        "Bapak/Ibu apabila tersedia kursi."
    )
    assert "Konfirmasi kehadiran Bapak/Ibu: Hadir — daftar tunggu" in text
    assert "Bapak/Ibu masuk daftar tunggu (nomor 1)" in text
    popup, text = await attend(m["BAWASLU"], invitations["BAWASLU"])
    assert "daftar tunggu (nomor 2)" in popup and "daftar tunggu (nomor 2)" in text
    stored = await rows(community)
    assert [stored[c].waitlisted_at is None for c in ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU")] == [
        True,
        True,
        False,
        False,
    ]
    waits = [stored[c].waitlisted_at for c in ("TNI", "BAWASLU")]
    assert waits[0] is not None and waits[1] is not None and waits[0] < waits[1]

    recap = await recap_text(community.admin)
    assert (
        "diundang 5 · hadir 2 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 1"
        " · daftar tunggu 2 · presensi 0 · kapasitas 2 kursi"
    ) in recap
    row = next(line for line in recap.splitlines() if line.startswith("TNI"))
    assert "belum konfirmasi 0 · daftar tunggu 1" in row

    # a seated member declines: the first waiting gets the seat and is told
    await m["KEJAKSAAN"].press(invitations["KEJAKSAAN"], "Tidak hadir")
    await m["KEJAKSAAN"].wait_edit(invitations["KEJAKSAAN"])
    told = await m["TNI"].next_message()
    assert "Kursi tersedia" in told.text and TITLE in told.text
    assert "Bapak/Ibu kini mendapat tempat di forum ini. Konfirmasi Bapak/Ibu: Hadir." in told.text
    assert told.button_texts == ["✅ Hadir", "Diwakilkan", "Tidak hadir"]
    await m["BAWASLU"].no_message(within=0.2)
    stored = await rows(community)
    assert stored["TNI"].waitlisted_at is None and stored["TNI"].takes_seat
    assert stored["BAWASLU"].waitlisted_at is not None
    (message,) = await waitlist_messages(community)
    assert message.status == "sent"
    assert "hadir 2 · diwakilkan 0 · tidak hadir 1 · belum konfirmasi 1 · daftar tunggu 1" in (
        await recap_text(community.admin)
    )

    # the waitlist moved: BAWASLU's invitation is re-drawn with its place now, number 1
    await m["BAWASLU"].wait_edit(
        invitations["BAWASLU"], until=lambda message: "nomor 1" in (message.text or "")
    )
    # a double tap changes nothing stored and edits nothing; the popup tells the place
    edits = invitations["BAWASLU"].edit_count
    again = await m["BAWASLU"].press(invitations["BAWASLU"], "Hadir")
    assert again.text is not None and "daftar tunggu (nomor 1)" in again.text
    await m["BAWASLU"].press(invitations["BAWASLU"], "Hadir")
    await m["BAWASLU"].no_message(within=0.2)
    assert invitations["BAWASLU"].edit_count == edits
    after = (await rows(community))["BAWASLU"]
    assert (after.waitlisted_at, after.answered_at) == (
        stored["BAWASLU"].waitlisted_at,
        stored["BAWASLU"].answered_at,
    )

    # attending -> delegated keeps the seat; nobody is promoted
    done = await do.answer_invitation(
        m["POLRI"], invitations["POLRI"], "Diwakilkan", delegate=("Dwi Santoso", "Kabag Ops")
    )
    assert isinstance(done, SandboxMessage)
    assert done.text == "Terima kasih, tercatat: diwakili oleh Dwi Santoso (Kabag Ops)."
    stored = await rows(community)
    assert stored["POLRI"].takes_seat and stored["BAWASLU"].waitlisted_at is not None
    await m["BAWASLU"].no_message(within=0.2)
    assert len(await waitlist_messages(community)) == 1


async def test_a_waiting_member_choosing_a_representative_keeps_the_place(community: Community):
    invitations = await publish_with_capacity(community, "1")
    m = community.members
    await attend(m["KEJAKSAAN"], invitations["KEJAKSAAN"])
    await attend(m["POLRI"], invitations["POLRI"])

    done = await do.answer_invitation(
        m["POLRI"], invitations["POLRI"], "Diwakilkan", delegate=("Dwi Santoso", "Kabag Ops")
    )

    assert isinstance(done, SandboxMessage)
    assert done.text == (
        "Terima kasih, tercatat: diwakili oleh Dwi Santoso (Kabag Ops) — daftar tunggu.\n"
        "⏳ Bapak/Ibu masuk daftar tunggu (nomor 1). Kami akan memberi tahu Bapak/Ibu "
        "apabila tersedia kursi."
    )
    edited = await m["POLRI"].wait_edit(invitations["POLRI"])
    assert "Bapak/Ibu masuk daftar tunggu (nomor 1)" in edited.text
    assert (await rows(community))["POLRI"].waitlisted_at is not None


async def open_capacity(admin: SimUser) -> tuple[SandboxMessage, SandboxMessage]:
    """/forum, the forum's detail, 💺 Kapasitas; returns (detail, the question)."""
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()
    await admin.press(detail, "Kapasitas")
    return detail, await admin.next_message()


async def test_admin_raises_lowers_and_removes_the_capacity(community: Community):
    invitations = await publish_with_capacity(community, "2")
    m = community.members
    for code in EVERYONE:
        await attend(m[code], invitations[code])
    admin = community.admin

    detail, ask = await open_capacity(admin)
    assert "saat ini: 2 kursi" in ask.text and "Terisi 2 kursi · daftar tunggu 3" in ask.text
    for bad in ("lima", "-1", "100001", "2,5"):
        await admin.send(bad)
        refusal = await admin.next_message()
        assert "bukan kapasitas yang sah" in refusal.text, (bad, refusal.text)
    assert (await stored_forum(community)).capacity == 2

    await admin.send("3")
    done = await admin.next_message()
    assert "Kapasitas Diskusi dan Konsolidasi Empat Pilar: 3 kursi" in done.text
    assert "1 anggota dari daftar tunggu mendapat kursi" in done.text
    assert "Terisi 3 kursi · daftar tunggu 2" in done.text
    assert "Kursi tersedia" in (await m["TNI"].next_message()).text
    await m["BAWASLU"].no_message(within=0.2)
    assert (await stored_forum(community)).capacity == 3
    stored = await rows(community)
    assert stored["TNI"].takes_seat and not stored["BAWASLU"].takes_seat

    # lowered below the seats taken: nobody leaves, the admin is told
    await admin.press(detail, "Kapasitas")
    await admin.next_message()
    await admin.send("1")
    lowered = await admin.next_message()
    assert (
        "melebihi kapasitas baru" in lowered.text and "Tidak ada yang dikeluarkan" in lowered.text
    )
    assert sum(r.takes_seat for r in (await rows(community)).values()) == 3

    # the limit removed: everyone waiting gets a seat
    await admin.press(detail, "Kapasitas")
    await admin.next_message()
    await admin.send("tanpa batas")
    removed = await admin.next_message()
    assert "tanpa batas" in removed.text and "2 anggota dari daftar tunggu" in removed.text
    for code in ("BAWASLU", "PEMDA"):
        assert "Kursi tersedia" in (await m[code].next_message()).text
    assert (await stored_forum(community)).capacity is None
    assert all(r.takes_seat for r in (await rows(community)).values())
    assert len(await waitlist_messages(community)) == 3
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(AuditEntry).where(AuditEntry.action == "forum.capacity")
        query = query.order_by(col(AuditEntry.id))  # PostgreSQL keeps no order without one
        audits = (await session.exec(query)).all()
    assert [(a.detail["previous"], a.detail["capacity"]) for a in audits] == [
        (2, 3),
        (3, 1),
        (1, None),
    ]
    recap = await recap_text(admin)
    assert "daftar tunggu" not in recap and "kapasitas" not in recap


async def test_capacity_refusals_change_nothing(community: Community):
    invitations = await publish_with_capacity(community, None)
    admin = community.admin
    forum = await stored_forum(community)
    assert forum.capacity is None

    # a member forging the admin's button
    member = community.members["POLRI"]
    refused = await member.press_data(invitations["POLRI"], f"fcap:{forum.id}")
    assert refused.show_alert and refused.text == "Perintah ini khusus admin KPU."
    await member.no_message(within=0.2)

    detail, ask = await open_capacity(admin)
    assert "saat ini: tanpa batas" in ask.text
    for data, expected in [("fcap:abc", "tidak berlaku"), ("fcap:99999", "tidak ditemukan")]:
        answer = await admin.press_data(detail, data)
        assert answer.show_alert and answer.text is not None and expected in answer.text
    await admin.send("3")  # a refused press ended the question: the number is not taken
    assert "tidak memahami" in (await admin.next_message()).text
    assert (await stored_forum(community)).capacity is None
    await admin.press(detail, "Kapasitas")
    await admin.next_message()
    await admin.send("/batal")
    assert "Dibatalkan" in (await admin.next_message()).text
    await admin.send("5")  # no longer asked: the number is not taken
    await admin.next_message()
    assert (await stored_forum(community)).capacity is None

    # a cancelled forum's button is refused
    async with community.data.sessions() as session:  # type: ignore[misc]
        row = (await session.exec(select(Forum))).one()
        row.status = "cancelled"  # type: ignore[assignment]
        session.add(row)
        await session.commit()
    answer = await admin.press(detail, "Kapasitas")
    assert answer.show_alert and answer.text is not None and "dibatalkan" in answer.text
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(AuditEntry).where(AuditEntry.action == "forum.capacity")
        assert (await session.exec(query)).all() == []


async def test_new_forum_capacity_step_refuses_bad_numbers(community: Community):
    admin = community.admin
    form = do.ForumForm(
        title=TITLE,
        start=typed(days_ahead(3)),
        venue="Aula KPU",
        agenda="Tahapan",
        pillars=["POLRI"],
        capacity="banyak",
    )
    refusal, _ = await do.create_forum(admin, form, options=False)
    assert '"banyak" bukan kapasitas yang sah' in refusal.text
    for bad in ("-5", "100001", "12.5"):
        await admin.send(bad)
        assert "bukan kapasitas yang sah" in (await admin.next_message()).text
    await admin.send("1.500")
    await do.options_steps(admin, form)
    preview = await admin.next_message()
    assert "Kapasitas: 1.500 kursi" in preview.text
    await do.publish(admin, preview)
    await community.members["POLRI"].next_message()
    assert (await stored_forum(community)).capacity == 1500
