"""Changes to a published forum: edit, reschedule, cancel, and the refusals (SPEC sections 4-5)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.dates import format_date, format_time
from bot.settings import Settings
from models import (
    AuditEntry,
    Forum,
    ForumStatus,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Rsvp,
)
from sandbox import SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import JAKARTA, Community, days_ahead, publish_forum, typed

VENUE = "Ballroom Hotel Ayola, Kota Mojokerto"


async def open_detail(admin: SimUser) -> SandboxMessage:
    """/forum, then the first (only) forum's detail with its management buttons."""
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, menu.button_texts[0])
    return await admin.next_message()


async def open_field(admin: SimUser, field_button: str) -> SandboxMessage:
    """Detail → ✏️ Ubah / jadwal ulang → a field; returns the question for the new value."""
    detail = await open_detail(admin)
    await admin.press(detail, "Ubah")
    fields = await admin.next_message()
    assert "Apa yang diubah" in fields.text
    await admin.press(fields, field_button)
    return await admin.next_message()


async def db_rows(community: Community, model: type[Any], *where: Any) -> list[Any]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        return list((await session.exec(select(model).where(*where))).all())


async def the_forum(community: Community) -> Forum:
    (forum,) = await db_rows(community, Forum)
    return forum


async def settle(community: Community) -> None:
    async with asyncio.timeout(10):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]


def forum_id_of(invitation: SandboxMessage) -> int:
    return int(invitation.callback_data_for("Hadir").split(":")[1])


async def test_venue_change_notifies_everyone_invited_who_has_not_declined(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3))
    members = community.members
    await do.answer_invitation(members["KEJAKSAAN"], invitations["KEJAKSAAN"], "Hadir")
    await do.answer_invitation(members["TNI"], invitations["TNI"], "Tidak hadir")
    admin = community.admin

    ask = await open_field(admin, "Tempat")
    assert f"Tempat sekarang: {VENUE}" in ask.text
    await admin.send("Aula <Utama> KPU Kota Mojokerto")
    preview = await admin.next_message()
    assert f"Tempat diubah: {VENUE} → Aula <Utama> KPU Kota Mojokerto" in preview.text
    assert "kepada 3 anggota" in preview.text
    await admin.press(preview, "Benar")
    done = await admin.wait_edit(preview)
    assert "Perubahan disimpan" in done.text and "3 anggota" in done.text

    notices = {
        code: await members[code].next_message() for code in ("KEJAKSAAN", "POLRI", "BAWASLU")
    }
    for notice in notices.values():
        assert "Perubahan forum" in notice.text
        assert f"Tempat diubah: {VENUE} → Aula <Utama> KPU Kota Mojokerto" in notice.text
        assert "📍 Aula <Utama> KPU Kota Mojokerto" in notice.text
    kejaksaan = notices["KEJAKSAAN"]
    assert "Konfirmasi kehadiran Bapak/Ibu: Hadir" in kejaksaan.text
    assert kejaksaan.button_texts == ["✅ Hadir", "Diwakilkan", "Tidak hadir"]
    await members["TNI"].no_message(within=0.3)
    await members["PEMDA"].no_message(within=0.1)

    # the notice's buttons answer like the invitation's
    answer = await members["BAWASLU"].press(notices["BAWASLU"], "Hadir")
    assert answer.text == "Terima kasih, tercatat: Hadir."

    forum = await the_forum(community)
    assert forum.venue == "Aula <Utama> KPU Kota Mojokerto" and forum.updated_at is not None
    (audit,) = await db_rows(community, AuditEntry, AuditEntry.action == "forum.edit")
    assert audit.detail["changes"] == [
        {"field": "venue", "old": VENUE, "new": "Aula <Utama> KPU Kota Mojokerto"}
    ]
    await settle(community)
    sent = await db_rows(community, OutboxMessage, OutboxMessage.kind == OutboxKind.CHANGE_NOTICE)
    assert len(sent) == 3 and all(row.status == OutboxStatus.SENT for row in sent)


# Reschedule: the new start is on a whole minute a few minutes ahead (admins type minutes);
# the one offset puts its reminder a few seconds after the test starts for the new start,
# and a day later for the old one.
FIRE_AFTER = 16


@pytest.fixture
def new_start() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=3)


@pytest.fixture
def settings(settings: Settings, new_start: datetime) -> Settings:
    until = (new_start - datetime.now(UTC)).total_seconds()
    return settings.model_copy(update={"reminder_offsets": (int(until - FIRE_AFTER),)})


async def test_reschedule_moves_the_reminders_and_keeps_the_answers(
    community: Community, settings: Settings, app: Any, new_start: datetime
):
    (offset,) = settings.reminder_offsets
    old_start = new_start + timedelta(days=1)
    invitations = await publish_forum(community, start=old_start, pillars=["POLRI", "TNI"])
    members = community.members
    await do.answer_invitation(members["POLRI"], invitations["POLRI"], "Hadir")
    forum_id = forum_id_of(invitations["POLRI"])
    job = app.job_queue.scheduler.get_job(f"reminder:{forum_id}:{offset}")
    assert job.next_run_time == old_start - timedelta(seconds=offset)
    answers_before = [(r.member_id, r.answer) for r in await db_rows(community, Rsvp)]

    admin = community.admin
    ask = await open_field(admin, "Waktu mulai")
    assert "Waktu mulai sekarang" in ask.text
    await admin.send(typed(new_start))
    preview = await admin.next_message()
    assert "Jadwal diubah: " in preview.text and " → " in preview.text
    await admin.press(preview, "Benar")
    assert "Perubahan disimpan" in (await admin.wait_edit(preview)).text

    jobs = [j for j in app.job_queue.scheduler.get_jobs() if j.id.startswith("reminder:")]
    assert [(j.id, j.next_run_time) for j in jobs] == [
        (f"reminder:{forum_id}:{offset}", new_start - timedelta(seconds=offset))
    ]
    assert [j.name for j in app.job_queue.get_jobs_by_name(f"reminder:{forum_id}:{offset}")] == [
        f"reminder:{forum_id}:{offset}"
    ]
    forum = await the_forum(community)
    assert forum.starts_at == new_start
    old_text, new_text = (
        f"{format_date(m, tz=JAKARTA, lang='id')}, pukul {format_time(m, tz=JAKARTA, lang='id')}"
        for m in (old_start, new_start)
    )
    for code in ("POLRI", "TNI"):
        notice = await members[code].next_message()
        assert f"Jadwal diubah: {old_text} → {new_text}" in notice.text
    assert [(r.member_id, r.answer) for r in await db_rows(community, Rsvp)] == answers_before

    # the reminder comes at the new time, once; nothing is left for the old time
    reminder = await members["POLRI"].next_message(timeout=FIRE_AFTER + 10)
    assert "Pengingat" in reminder.text and "Konfirmasi Bapak/Ibu: Hadir" in reminder.text
    assert new_text in reminder.text
    nudge = await members["TNI"].next_message(timeout=10)
    assert "Bapak/Ibu belum mengonfirmasi kehadiran." in nudge.text
    assert [j for j in app.job_queue.scheduler.get_jobs() if j.id.startswith("reminder:")] == []
    await members["POLRI"].no_message(within=0.5)
    await settle(community)
    reminders = await db_rows(
        community,
        OutboxMessage,
        OutboxMessage.kind.in_([OutboxKind.REMINDER, OutboxKind.NUDGE]),  # type: ignore[attr-defined]
    )
    assert len(reminders) == 2


async def test_cancel_with_a_reason(community: Community, app: Any):
    invitations = await publish_forum(community, start=days_ahead(3), pillars=["POLRI", "TNI"])
    members = community.members
    await do.answer_invitation(members["POLRI"], invitations["POLRI"], "Hadir")
    await do.answer_invitation(members["TNI"], invitations["TNI"], "Tidak hadir")
    forum_id = forum_id_of(invitations["POLRI"])
    assert app.job_queue.scheduler.get_jobs() != []
    polri = await community.member_row(members["POLRI"])
    # a nudge queued for later, still pending when the forum is cancelled
    async with community.data.sessions() as session:  # type: ignore[misc]
        session.add(
            OutboxMessage(
                dedupe_key="test:later",
                kind=OutboxKind.NUDGE,
                chat_id=polri.chat_id,
                member_id=polri.id,
                forum_id=forum_id,
                text="later",
                next_attempt_at=datetime.now(UTC) + timedelta(hours=1),
            )
        )
        await session.commit()

    admin = community.admin
    detail = await open_detail(admin)
    await admin.press(detail, "Batalkan forum")
    ask = await admin.next_message()
    assert "alasan pembatalan" in ask.text
    await admin.send("   ")
    assert "tidak boleh kosong" in (await admin.next_message()).text
    await admin.send("x" * 501)
    assert "maksimal 500 karakter" in (await admin.next_message()).text
    await admin.send("Bertepatan dengan rapat pleno <KPU RI>")
    preview = await admin.next_message()
    assert "Batalkan forum ini?" in preview.text and "1 anggota" in preview.text
    await admin.press(preview, "Ya, batalkan")
    done = await admin.wait_edit(preview)
    assert "dibatalkan" in done.text and "1 anggota" in done.text

    notice = await members["POLRI"].next_message()
    assert "Forum dibatalkan" in notice.text
    assert "Alasan: Bertepatan dengan rapat pleno <KPU RI>" in notice.text
    assert notice.buttons == []
    calendar = await members["POLRI"].next_message()  # the cancelled .ics (test_loose_ends)
    assert calendar.document is not None and b"STATUS:CANCELLED" in calendar.document["bytes"]
    await members["TNI"].no_message(within=0.3)
    assert app.job_queue.scheduler.get_jobs() == []
    forum = await the_forum(community)
    assert forum.status == ForumStatus.CANCELLED and forum.cancelled_at is not None
    assert forum.cancel_reason == "Bertepatan dengan rapat pleno <KPU RI>"
    (later,) = await db_rows(community, OutboxMessage, OutboxMessage.dedupe_key == "test:later")
    assert (later.status, later.error) == (OutboxStatus.FAILED, "superseded: forum cancelled")
    assert len(await db_rows(community, AuditEntry, AuditEntry.action == "forum.cancel")) == 1

    # an old invitation's button: a clear answer, and nothing changes
    before = [(r.member_id, r.answer, r.answered_at) for r in await db_rows(community, Rsvp)]
    invitation = invitations["POLRI"]
    edits = invitation.edit_count
    refused = await members["POLRI"].press(invitation, "Tidak hadir")
    assert refused.show_alert and "sudah dibatalkan" in (refused.text or "")
    await members["POLRI"].no_message(within=0.3)
    assert invitation.edit_count == edits
    assert [
        (r.member_id, r.answer, r.answered_at) for r in await db_rows(community, Rsvp)
    ] == before

    # the old detail's buttons refuse a cancelled forum
    answer = await admin.press(detail, "Ubah")
    assert answer.show_alert and "sudah dibatalkan" in (answer.text or "")
    answer = await admin.press(detail, "Batalkan forum")
    assert answer.show_alert and "sudah dibatalkan" in (answer.text or "")
    await admin.no_message(within=0.3)


async def test_refusals_change_nothing(community: Community):
    start = days_ahead(3)
    invitations = await publish_forum(community, start=start, pillars=["POLRI"])
    member = community.members["POLRI"]
    invitation = invitations["POLRI"]
    forum_id = forum_id_of(invitation)
    admin = community.admin

    # a member forging the admin's buttons
    for data in (f"fedit:{forum_id}", f"fcanc:{forum_id}"):
        answer = await member.press_data(invitation, data)
        assert answer.show_alert and "khusus admin" in (answer.text or "")
    for data in (f"fedit:{forum_id}:venue", f"fcanc:{forum_id}:ok", f"fedit:{forum_id}:ok"):
        answer = await member.press_data(invitation, data)
        assert answer.show_alert and "tidak berlaku" in (answer.text or "")
    # an admin's forged or stale data
    detail = await open_detail(admin)
    answer = await admin.press_data(detail, "fedit:424242")
    assert answer.show_alert and "tidak ditemukan" in (answer.text or "")
    answer = await admin.press_data(detail, f"fedit:{forum_id}:ok")
    assert answer.show_alert and "tidak berlaku" in (answer.text or "")

    # a past start, then an end before the start, then /batal
    await admin.press(detail, "Ubah")
    fields = await admin.next_message()
    await admin.press(fields, "Waktu mulai")
    await admin.next_message()
    await admin.send(typed(days_ahead(-2)))
    assert "sudah lewat" in (await admin.next_message()).text
    await admin.send("secepatnya")
    assert "tidak dapat dibaca" in (await admin.next_message()).text
    await admin.press(fields, "Waktu selesai")  # another field instead
    assert "Waktu selesai sekarang: tidak ditentukan" in (await admin.next_message()).text
    await admin.send("08.00")
    assert "sesudah waktu mulai" in (await admin.next_message()).text
    await admin.send("12.00")
    preview = await admin.next_message()
    assert "Waktu selesai diubah: tidak ditentukan → " in preview.text
    await admin.send("/batal")
    assert "Dibatalkan" in (await admin.next_message()).text
    answer = await admin.press(preview, "Benar")  # the preview is stale now
    assert answer.show_alert and "tidak berlaku" in (answer.text or "")
    await admin.send("14.00")  # no form takes it any more
    assert "Dibatalkan" not in (await admin.next_message()).text

    # dropping the preview with its Cancel button
    ask = await open_field(admin, "Judul")
    assert "Judul sekarang" in ask.text
    await admin.send("Diskusi dan Konsolidasi Empat Pilar")
    assert "sama dengan yang sekarang" in (await admin.next_message()).text
    await admin.send("Rapat Koordinasi")
    preview = await admin.next_message()
    await admin.press(preview, "Batal")
    assert "Dibatalkan" in (await admin.wait_edit(preview)).text

    forum = await the_forum(community)
    assert (forum.title, forum.starts_at, forum.ends_at, forum.updated_at) == (
        "Diskusi dan Konsolidasi Empat Pilar",
        start,
        None,
        None,
    )
    assert forum.status == ForumStatus.PUBLISHED
    assert await db_rows(community, AuditEntry, AuditEntry.action.startswith("forum.e")) == []  # type: ignore[attr-defined]
    await member.no_message(within=0.3)
    assert (
        await db_rows(community, OutboxMessage, OutboxMessage.kind == OutboxKind.CHANGE_NOTICE)
        == []
    )


async def test_an_older_preview_cannot_confirm_a_newer_change(community: Community):
    """Two previews in a row: only the latest one's Confirm saves, and it saves its own."""
    await publish_forum(community, start=days_ahead(3), pillars=["POLRI"])
    admin = community.admin
    await open_field(admin, "Tempat")
    await admin.send("Aula KPU Kota Mojokerto")
    venue_preview = await admin.next_message()
    assert "Aula KPU" in venue_preview.text
    fields = await open_detail(admin)
    await admin.press(fields, "Ubah")
    menu = await admin.next_message()
    await admin.press(menu, "Judul")
    await admin.next_message()
    await admin.send("Rapat Koordinasi Pilkada")
    title_preview = await admin.next_message()

    stale = await admin.press(venue_preview, "Benar")
    assert stale.show_alert and "tidak berlaku" in (stale.text or "")
    forum = await the_forum(community)
    assert (forum.title, forum.venue) == ("Diskusi dan Konsolidasi Empat Pilar", VENUE)

    await admin.press(title_preview, "Benar")
    await admin.wait_edit(title_preview)
    forum = await the_forum(community)
    assert (forum.title, forum.venue) == ("Rapat Koordinasi Pilkada", VENUE)
