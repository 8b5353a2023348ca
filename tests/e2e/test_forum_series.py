"""Duplicating a forum, and recurring series edited one or this-and-later (issue 10, item 4)."""

from __future__ import annotations

import asyncio
import calendar
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from models import Forum, ForumPillar, OutboxKind, OutboxMessage, Rsvp
from sandbox import SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import JAKARTA, Community, days_ahead, typed

PIN = (-7.4726, 112.4381)


async def db(community: Community, model: type[Any], *where: Any) -> list[Any]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(model).where(*where)
        if model is Forum:
            query = query.order_by(col(Forum.starts_at))
        return list((await session.exec(query)).all())


async def settle(community: Community) -> None:
    async with asyncio.timeout(10):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]


async def open_detail(admin: SimUser, index: int = 0) -> SandboxMessage:
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, menu.button_texts[index])
    return await admin.next_message()


async def test_duplicate_copies_the_forum_but_not_its_answers(community: Community):
    admin = community.admin
    first_start = days_ahead(5)  # after H-3: no reminder yet
    preview, _ = await do.create_forum(
        admin,
        do.ForumForm(
            title="Rakor Pengamanan",
            start=typed(first_start),
            end="12.00",
            venue="Aula Polres, Jl. Bhayangkara",
            agenda="Paparan\nDiskusi",
            pillars=["TNI", "POLRI"],
            capacity="30",
            pin=PIN,
            offsets=["H-3"],
            note="Pakaian: PDH",
        ),
    )
    await do.publish(admin, preview)
    tni = community.members["TNI"]
    invitation = await tni.next_message()
    await tni.next_message()  # venue
    await do.answer_invitation(tni, invitation, "Hadir")

    detail = await open_detail(admin)
    await admin.press(detail, "📄 Duplikat")
    ask = await admin.next_message()
    assert "Duplikat dari <b>Rakor Pengamanan</b>" in ask.html
    await admin.send(typed(days_ahead(-1)))
    assert "sudah lewat" in (await admin.next_message()).text  # refused, still asking
    new_start = first_start + timedelta(days=7)
    await admin.send(typed(new_start))
    await do.attachment_step(admin, None)  # the original had none: Lewati
    copy_preview = await admin.next_message()
    assert "Rakor Pengamanan" in copy_preview.text and "Pakaian: PDH" in copy_preview.text
    await do.publish(admin, copy_preview)

    old, new = await db(community, Forum)
    assert new.starts_at == new_start and new.id != old.id
    assert new.ends_at == new_start + (old.ends_at - old.starts_at)  # type: ignore[operator]
    same = ("title", "venue", "agenda", "capacity", "reminder_offsets", "reminder_note")
    assert {f: getattr(new, f) for f in same} == {f: getattr(old, f) for f in same}
    assert (new.latitude, new.longitude) == PIN and new.series_id is None
    assert new.reminder_offsets == [3 * 86400, 86400, 7200]
    pillars = await db(community, ForumPillar)
    assert sorted(p.pillar_id for p in pillars if p.forum_id == new.id) == sorted(
        p.pillar_id for p in pillars if p.forum_id == old.id
    )
    assert [rsvp.forum_id for rsvp in await db(community, Rsvp)] == [old.id]
    fresh = await tni.next_message()
    assert "Konfirmasi kehadiran Bapak/Ibu: belum konfirmasi" in fresh.text
    assert (await tni.next_message()).venue is not None


async def create_series(community: Community, count: str, **fields: Any) -> SandboxMessage:
    return (
        await do.create_forum(
            community.admin,
            do.ForumForm(
                title="Rakor Mingguan",
                start=typed(days_ahead(2)),
                venue="Aula KPU",
                agenda="Evaluasi",
                pillars=["TNI"],
                repeat="Setiap minggu",
                occurrences=count,
                **fields,
            ),
        )
    )[0]


async def test_bad_occurrence_counts_are_refused_and_publish_nothing(community: Community):
    admin = community.admin
    form = do.ForumForm(
        title="Rakor", start=typed(days_ahead(2)), venue="Aula KPU", agenda="Evaluasi"
    )
    ask_location, _ = await do.create_forum(admin, form, options=False)
    await admin.press(ask_location, "Lewati")
    offsets = await admin.next_message()
    await admin.press(offsets, "Lanjut")
    await admin.press(await admin.next_message(), "Lewati")  # note
    await admin.press(await admin.next_message(), "Setiap bulan")
    assert "2–12" in (await admin.next_message()).text
    for bad in ("0", "50", "1", "dua", "١٢", "-3"):
        await admin.send(bad)
        assert "harus angka 2 sampai 12" in (await admin.next_message()).text, bad
    assert await db(community, Forum) == []
    await admin.send("3")
    await do.attachment_step(admin, None)
    preview = await admin.next_message()
    assert "Rangkaian setiap bulan, 3 kali" in preview.text
    await do.publish(admin, preview)
    forums = await db(community, Forum)
    local = [f.starts_at.astimezone(JAKARTA) for f in forums]
    assert len(forums) == 3 and {moment.hour for moment in local} == {9}
    for index, moment in enumerate(local):
        month = (local[0].month - 1 + index) % 12 + 1
        last_day = calendar.monthrange(moment.year, month)[1]
        assert (moment.month, moment.day) == (month, min(local[0].day, last_day))


async def test_series_publishes_each_occurrence_and_edits_this_and_later(community: Community):
    admin = community.admin
    preview = await create_series(community, "3")
    assert "Rangkaian setiap minggu, 3 kali" in preview.text
    published = await do.publish(admin, preview)
    assert "3 forum" in published.text
    first, second, third = await db(community, Forum)
    assert first.series_id == second.series_id == third.series_id == first.id
    assert second.starts_at - first.starts_at == timedelta(weeks=1)
    assert third.starts_at - first.starts_at == timedelta(weeks=2)
    tni = community.members["TNI"]
    invitations = [await tni.next_message() for _ in range(3)]
    assert {int(m.callback_data_for("Hadir").split(":")[1]) for m in invitations} == {
        first.id,
        second.id,
        third.id,
    }
    await do.answer_invitation(tni, invitations[0], "Hadir")
    answers = await db(community, Rsvp)
    assert [(a.forum_id, a.answer) for a in answers] == [(first.id, "attending")]

    # the second occurrence's venue: this and the later one
    detail = await open_detail(admin, 1)
    await admin.press(detail, "Ubah")
    fields = await admin.next_message()
    await admin.press(fields, "Tempat")
    await admin.next_message()
    await admin.send("Ruang Rapat Bakesbangpol")
    question = await admin.next_message()
    assert "1 forum berikutnya" in question.text
    await admin.press(question, "Forum ini dan 1 berikutnya")
    done = await admin.wait_edit(question)
    assert "2 forum" in done.text
    venues = [f.venue for f in await db(community, Forum)]
    assert venues == ["Aula KPU", "Ruang Rapat Bakesbangpol", "Ruang Rapat Bakesbangpol"]

    # the first one's start, this one only: the others keep their dates
    detail = await open_detail(admin, 0)
    await admin.press(detail, "Ubah")
    fields = await admin.next_message()
    await admin.press(fields, "Waktu mulai")
    await admin.next_message()
    moved = first.starts_at + timedelta(hours=2)
    await admin.send(typed(moved))
    question = await admin.next_message()
    assert "2 forum berikutnya" in question.text
    await admin.press(question, "Hanya forum ini")
    await admin.wait_edit(question)
    starts = [f.starts_at for f in await db(community, Forum)]
    assert starts == [moved, second.starts_at, third.starts_at]
    await settle(community)
    notices = await db(community, OutboxMessage, OutboxMessage.kind == OutboxKind.CHANGE_NOTICE)
    assert sorted(row.forum_id for row in notices) == sorted([second.id, third.id, first.id])
