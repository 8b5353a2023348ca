"""/forum_baru guided creation, date input, publishing with invitations, /forum."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import func, select

from bot.dates import format_date
from models import AuditEntry, Forum, ForumPillar, ForumStatus, OutboxKind, OutboxMessage
from sandbox import scenarios as do
from tests.e2e.conftest import JAKARTA, Community, days_ahead, publish_forum, typed


async def forums_in_db(community: Community) -> list[Forum]:
    async with asyncio.timeout(10):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]
    async with community.data.sessions() as session:  # type: ignore[misc]
        return list((await session.exec(select(Forum))).all())


async def test_publish_sends_invitations_to_invited_pillars_only(community: Community):
    start = days_ahead(3)
    invitations = await publish_forum(
        community, start=start, pillars=["KEJAKSAAN", "POLRI", "TNI", "BAWASLU"], deadline=None
    )

    assert set(invitations) == {"KEJAKSAAN", "POLRI", "TNI", "BAWASLU"}
    invitation = invitations["POLRI"]
    assert "Undangan" in invitation.text
    assert "Diskusi dan Konsolidasi Empat Pilar" in invitation.text
    local = start.astimezone(JAKARTA)
    assert f"{local:%H}.00 WIB" in invitation.text
    assert "Ballroom Hotel Ayola" in invitation.text
    assert invitation.button_texts == ["Hadir", "Diwakilkan", "Tidak hadir"]
    await community.members["PEMDA"].no_message(within=0.3)

    forums = await forums_in_db(community)
    assert len(forums) == 1
    forum = forums[0]
    assert forum.status == ForumStatus.PUBLISHED
    assert forum.starts_at == start
    assert forum.starts_at.tzinfo is not None
    async with community.data.sessions() as session:  # type: ignore[misc]
        invited = (
            await session.exec(select(ForumPillar).where(ForumPillar.forum_id == forum.id))
        ).all()
        rows = (
            await session.exec(
                select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.INVITATION)
            )
        ).all()
        audits = (await session.exec(select(func.count()).select_from(AuditEntry))).one()
    assert len(invited) == 4
    assert len(rows) == 4 and {row.status for row in rows} == {"sent"}
    assert audits >= 1


@pytest.mark.parametrize(
    ("typed_start", "expected"),
    [
        ("kapan-kapan", "tidak dapat dibaca"),
        ("31/02/2030 09:00", "bukan tanggal"),
        ("14/10/2030 25:00", "bukan tanggal"),
        ("14/10/2030", "Jamnya belum ada"),
        ("14/10/2020 09:00", "sudah lewat"),
        ("Selasa, 14 Okt 2030 9:00", "tidak cocok"),  # 14 Oct 2030 is a Monday
    ],
)
async def test_bad_dates_are_refused_and_asked_again(community: Community, typed_start, expected):
    admin = community.admin
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send("Rapat Koordinasi")
    await admin.next_message()

    await admin.send(typed_start)

    refusal = await admin.next_message()
    assert expected in refusal.text, refusal.text
    examples = refusal.text.splitlines()[-1]  # the refusal may quote the past date typed
    assert "2020" not in examples and "2024" not in examples  # no example in the past
    # still asking for the start: a good date moves on
    await admin.send(typed(days_ahead(5)))
    assert "selesai" in (await admin.next_message()).text
    assert await forums_in_db(community) == []


@pytest.mark.parametrize(
    "written",
    [
        "14 Oktober 2030 pukul 09.00",
        "Senin, 14 Okt 2030 9:00",
        "14-10-2030 09.00",
        "14/10/2030 09:00",
    ],
)
async def test_indonesian_date_forms_are_read(community: Community, written):
    preview, _ = await do.create_forum(
        community.admin,
        do.ForumForm(title="Rakor", start=written, venue="Aula KPU", agenda="Tahapan"),
    )
    assert "Senin, 14 Oktober 2030, pukul 09.00 WIB s.d. selesai" in preview.text


async def test_end_time_deadline_and_cancel_at_preview(community: Community):
    admin = community.admin
    start = days_ahead(4)
    form = do.ForumForm(
        title="Rakor Pengamanan",
        start=typed(start),
        end="pukul 12.00",
        venue="Aula KPU",
        agenda="Pengamanan TPS",
        pillars=["POLRI", "TNI"],
        deadline=typed(start - timedelta(days=1)),
    )
    preview, _ = await do.create_forum(admin, form)
    day = start.astimezone(JAKARTA)
    assert f"🕘 {format_date(day, tz=JAKARTA, lang='id')}, pukul 09.00–12.00 WIB\n" in preview.text
    deadline = format_date(day - timedelta(days=1), tz=JAKARTA, lang="id")
    assert f"⏳ Batas konfirmasi: {deadline}, pukul 09.00 WIB" in preview.text
    assert "Pilar: Polri, TNI" in preview.text

    await admin.press(preview, "Batal")
    assert "Dibatalkan" in (await admin.wait_edit(preview)).text
    assert await forums_in_db(community) == []
    await community.members["POLRI"].no_message(within=0.3)


async def test_end_before_start_and_deadline_after_start_are_refused(community: Community):
    admin = community.admin
    start = days_ahead(4)
    await admin.send("/forum_baru")
    await admin.next_message()
    await admin.send("Rakor")
    await admin.next_message()
    await admin.send(typed(start))
    await admin.next_message()
    await admin.send("08.00")
    assert "sesudah waktu mulai" in (await admin.next_message()).text
    await admin.send("11.00")
    await admin.next_message()
    await admin.send("Aula")
    await admin.next_message()
    await admin.send("   ")
    assert "tidak boleh kosong" in (await admin.next_message()).text
    await admin.send("Agenda")
    pillars = await admin.next_message()
    answer = await admin.press(pillars, "Selesai")
    assert answer.show_alert and "minimal satu pilar" in answer.text
    forged = await admin.press_data(pillars, "fpil:999")
    assert forged.show_alert
    await admin.press(pillars, "TNI")
    await admin.wait_edit(pillars)
    await admin.press(pillars, "Selesai")
    await admin.next_message()
    await admin.send(typed(start + timedelta(hours=1)))
    assert "sebelum forum dimulai" in (await admin.next_message()).text
    assert await forums_in_db(community) == []


async def test_forum_list_and_detail(community: Community):
    await publish_forum(community, start=days_ahead(2))
    admin = community.admin
    await admin.send("/forum")
    menu = await admin.next_message()
    assert len(menu.button_texts) == 1

    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()

    assert "Diskusi dan Konsolidasi Empat Pilar" in detail.text
    assert "Rekap" in detail.text and "Kejaksaan ⭐: diundang" in detail.text
    forged = await admin.press_data(menu, "fdet:424242")
    assert forged.show_alert and "tidak ditemukan" in forged.text
