"""RSVP buttons, the delegate's name and position, changing answers, /jadwal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from models import Forum, ForumStatus, Rsvp, RsvpAnswer
from sandbox import scenarios as do
from tests.e2e.conftest import Community, days_ahead, publish_forum, typed


async def answers(community: Community) -> dict[int, Rsvp]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        return {r.member_id: r for r in (await session.exec(select(Rsvp))).all()}


async def test_attending_then_declining(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["KEJAKSAAN"]
    invitation = invitations["KEJAKSAAN"]

    answer = await user.press(invitation, "Hadir")

    assert answer.text == "Terima kasih, tercatat: Hadir."
    edited = await user.wait_edit(invitation)
    assert "Konfirmasi kehadiran Bapak/Ibu: Hadir" in edited.text
    assert edited.button_texts == ["✅ Hadir", "Diwakilkan", "Tidak hadir"]
    member = await community.member_row(user)
    stored = (await answers(community))[member.id]
    assert stored.answer == RsvpAnswer.ATTENDING

    await user.press(edited, "Tidak hadir")
    edited = await user.wait_edit(invitation)
    assert edited.button_texts == ["Hadir", "Diwakilkan", "✅ Tidak hadir"]
    assert (await answers(community))[member.id].answer == RsvpAnswer.DECLINED


async def test_double_tap_records_one_answer_and_edits_nothing(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["TNI"]
    invitation = invitations["TNI"]
    await user.press(invitation, "Hadir")
    await user.wait_edit(invitation)
    edits = invitation.edit_count

    again = await user.press(invitation, "Hadir")

    assert again.text == "Terima kasih, tercatat: Hadir."
    await user.no_message(within=0.3)
    assert invitation.edit_count == edits
    assert len(await answers(community)) == 1


async def test_delegated_asks_for_the_representative(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["POLRI"]
    invitation = invitations["POLRI"]

    await user.press(invitation, "Diwakilkan")
    assert "nama perwakilan" in (await user.next_message()).text
    await user.send("  ")
    assert "tidak boleh kosong" in (await user.next_message()).text
    await user.send("Dwi Santoso <Kompol>")
    assert "jabatan" in (await user.next_message()).text
    await user.send("Kabag Ops")
    done = await user.next_message()

    assert done.text == "Terima kasih, tercatat: diwakili oleh Dwi Santoso <Kompol> (Kabag Ops)."
    edited = await user.wait_edit(invitation)
    assert "✅ Diwakilkan" in edited.button_texts
    member = await community.member_row(user)
    stored = (await answers(community))[member.id]
    assert stored.answer == RsvpAnswer.DELEGATED
    assert (stored.delegate_name, stored.delegate_position) == (
        "Dwi Santoso <Kompol>",
        "Kabag Ops",
    )


async def test_cancelling_the_delegate_question_keeps_the_previous_answer(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["BAWASLU"]
    invitation = invitations["BAWASLU"]
    await user.press(invitation, "Hadir")
    await user.wait_edit(invitation)
    await user.press(invitation, "Diwakilkan")
    await user.next_message()

    await user.send("/batal")

    assert "Dibatalkan" in (await user.next_message()).text
    member = await community.member_row(user)
    assert (await answers(community))[member.id].answer == RsvpAnswer.ATTENDING


async def test_forged_and_stale_rsvp_buttons_change_nothing(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["KEJAKSAAN"]
    invitation = invitations["KEJAKSAAN"]

    for data, expected in [
        ("rsvp:999:a", "tidak ditemukan"),
        ("rsvp:1:x", "tidak berlaku"),
        ("rsvp:abc", "tidak berlaku"),
        ("something-else", "tidak berlaku"),
    ]:
        answer = await user.press_data(invitation, data)
        assert answer.show_alert and expected in answer.text, (data, answer.text)
    assert await answers(community) == {}

    # a pillar that is not invited cannot answer by forging the forum id
    outsider = community.members["PEMDA"]
    await outsider.send("/profil")
    profile = await outsider.next_message()
    answer = await outsider.press_data(profile, invitation.callback_data_for("Hadir"))
    assert answer.show_alert and "tidak diundang" in answer.text

    # a cancelled forum refuses its old buttons
    async with community.data.sessions() as session:  # type: ignore[misc]
        forum = (await session.exec(select(Forum))).one()
        forum.status = ForumStatus.CANCELLED
        session.add(forum)
        await session.commit()
    answer = await user.press(invitation, "Hadir")
    assert answer.show_alert and "dibatalkan" in answer.text
    assert await answers(community) == {}


async def test_answers_close_at_the_deadline(community: Community):
    start = days_ahead(3)
    invitations = await publish_forum(
        community, start=start, deadline=typed(start - timedelta(days=1))
    )
    async with community.data.sessions() as session:  # type: ignore[misc]
        forum = (await session.exec(select(Forum))).one()
        forum.rsvp_deadline = datetime.now(UTC) - timedelta(minutes=1)
        session.add(forum)
        await session.commit()
    user = community.members["TNI"]

    answer = await user.press(invitations["TNI"], "Hadir")

    assert answer.show_alert and "sudah lewat" in answer.text
    assert await answers(community) == {}


async def test_schedule_lists_forums_with_answers(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3))
    await publish_forum(community, start=days_ahead(6), title="Rapat Koordinasi Logistik")
    user = community.members["POLRI"]
    await do.answer_invitation(user, invitations["POLRI"], "Tidak hadir")
    await user.wait_edit(invitations["POLRI"])

    await user.send("/jadwal")
    schedule = await user.next_message()

    assert "Diskusi dan Konsolidasi Empat Pilar" in schedule.text
    assert "Rapat Koordinasi Logistik" in schedule.text
    assert schedule.text.index("Diskusi") < schedule.text.index("Logistik")
    assert "Konfirmasi: Tidak hadir" in schedule.text
    assert "Konfirmasi: belum konfirmasi" in schedule.text
    await user.press(schedule, "Rapat Koordinasi Logistik")
    again = await user.next_message()
    assert "Rapat Koordinasi Logistik" in again.text
    await user.press(again, "Hadir")
    assert "✅ Hadir" in (await user.wait_edit(again)).button_texts

    outsider = community.members["PEMDA"]
    await outsider.send("/jadwal")
    assert "Tidak ada forum" in (await outsider.next_message()).text


async def test_delegate_name_goes_to_the_delegation_not_an_open_forum_draft(community: Community):
    admin = community.admin
    invitations = await publish_forum(community, start=days_ahead(3), pillars=["KPU", "POLRI"])
    invitation = invitations.get("KPU") or await admin.next_message()
    await admin.send("/forum_baru")
    await admin.next_message()

    await admin.press(invitation, "Diwakilkan")
    await admin.next_message()
    await admin.send("Agus Salim Hidayat")
    assert "jabatan" in (await admin.next_message()).text
    await admin.send("Sekretaris")

    assert "diwakili oleh Agus Salim Hidayat (Sekretaris)" in (await admin.next_message()).text
    member = await community.member_row(admin)
    stored = (await answers(community))[member.id]
    assert stored.delegate_name == "Agus Salim Hidayat"


async def test_schedule_shows_a_closed_forum_without_answer_buttons(community: Community):
    await publish_forum(community, start=days_ahead(3))
    async with community.data.sessions() as session:  # type: ignore[misc]
        forum = (await session.exec(select(Forum))).one()
        forum.rsvp_deadline = datetime.now(UTC) - timedelta(minutes=1)
        session.add(forum)
        await session.commit()
    user = community.members["TNI"]
    await user.send("/jadwal")
    schedule = await user.next_message()

    await user.press(schedule, "Diskusi")

    shown = await user.next_message()
    assert "Ballroom Hotel Ayola" in shown.text
    assert "Batas konfirmasi sudah lewat" in shown.text
    assert shown.button_texts == ["📅 Simpan ke kalender (.ics)"]
