"""Tests for bot.services.announcements, bot.notices.announcements and bot.services.outbox."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import notices
from bot.db import SessionMaker
from bot.services import announcements, audit, outbox
from bot.services.errors import ServiceError
from models import (
    Announcement,
    AuditEntry,
    Member,
    MemberStatus,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
)
from tests import factories as f


async def people(session: AsyncSession) -> dict[str, Member]:
    found = {
        "admin": await f.admin(session),
        "polri": await f.member(session, pillar_code="POLRI"),
        "tni": await f.member(session, pillar_code="TNI", language="en"),
        "blocked": await f.member(session, pillar_code="POLRI", is_reachable=False),
    }
    await f.member(session, pillar_code="POLRI", status=MemberStatus.PENDING)
    await f.member(session, pillar_code="TNI", status=MemberStatus.REJECTED)
    await session.commit()
    return found


async def create(session: AsyncSession, **values: object) -> Announcement:
    """An announcement as the handler makes it: the service, then the copies."""
    broadcast = await announcements.create(session, **values)  # type: ignore[arg-type]
    await notices.announcements.copies(session, broadcast)
    return broadcast.announcement


async def report_finished(session: AsyncSession, *, now: datetime) -> int:
    """The sender's pass when nothing is due: the service, then the reports; how many."""
    done = await announcements.finished(session, now=now)
    await notices.announcements.delivery_reports(session, done)
    return len(done)


async def test_announcement_to_everyone(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        who = await people(session)
        created = await create(
            session,
            sender=who["admin"],
            text="  Rapat <b>besok</b> & lusa  ",
            pillar_ids=[],
            now=now,
        )
        await session.commit()

    async with sessions() as session:
        stored = await session.get(Announcement, created.id)
        rows = await f.rows(session, OutboxMessage)
        entries = await f.rows(session, AuditEntry)
    assert stored is not None
    assert stored.text == "Rapat <b>besok</b> & lusa"
    assert stored.pillar_codes == []
    assert stored.recipients == 4
    assert stored.sender_id == who["admin"].id
    assert sorted(row.member_id for row in rows) == sorted(m.id for m in who.values())
    for row in rows:
        assert row.kind == OutboxKind.ANNOUNCEMENT
        assert row.announcement_id == created.id
        assert row.dedupe_key == f"announce:{created.id}:{row.member_id}"
        assert "Rapat &lt;b&gt;besok&lt;/b&gt; &amp; lusa" in row.text
    statuses = {row.member_id: row.status for row in rows}
    assert statuses.pop(who["blocked"].id) == OutboxStatus.BLOCKED
    assert set(statuses.values()) == {OutboxStatus.PENDING}
    blocked_row = next(row for row in rows if row.member_id == who["blocked"].id)
    assert blocked_row.error
    english = next(row for row in rows if row.member_id == who["tni"].id)
    assert "KPU announcement" in english.text or "Announcement" in english.text
    assert [(e.action, e.target, e.detail) for e in entries] == [
        (
            "announcement.create",
            f"announcement:{created.id}",
            {"recipients": 4, "pillars": []},
        )
    ]


async def test_announcement_to_chosen_pillars(sessions: SessionMaker) -> None:
    async with sessions() as session:
        who = await people(session)
        ids = await f.pillar_ids(session, codes=("TNI", "PKD"))
        created = await create(
            session, sender=who["admin"], text="Khusus TNI", pillar_ids=sorted(ids), now=f.now()
        )
        await session.commit()
        rows = await f.rows(session, OutboxMessage)
    assert [row.member_id for row in rows] == [who["tni"].id]
    assert created.recipients == 1
    assert sorted(created.pillar_codes) == ["PKD", "TNI"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "error-text-empty"),
        (" \n\t ", "error-text-empty"),
        ("x" * 3501, "error-text-too-long"),
    ],
)
async def test_bad_text_is_refused(sessions: SessionMaker, text: str, key: str) -> None:
    async with sessions() as session:
        who = await people(session)
        with pytest.raises(ServiceError) as info:
            await create(session, sender=who["admin"], text=text, pillar_ids=[], now=f.now())
        assert info.value.key == key
        await session.commit()
        assert await f.count(session, Announcement) == 0
        assert await f.count(session, OutboxMessage) == 0
        assert await f.count(session, AuditEntry) == 0


async def test_long_text_is_accepted(sessions: SessionMaker) -> None:
    async with sessions() as session:
        who = await people(session)
        created = await create(
            session, sender=who["admin"], text="Rapat pleno. " * 150, pillar_ids=[], now=f.now()
        )
        await session.commit()
        rows = await f.rows(session, OutboxMessage)
    assert len(created.text) == 13 * 150 - 1
    assert len(rows) == 4
    assert all(created.text in row.text for row in rows)


@pytest.mark.parametrize("text", ["x" * 3500, "Rapat & evaluasi " * 150, "&" * 600])
async def test_text_up_to_the_limit_is_accepted(sessions: SessionMaker, text: str) -> None:
    async with sessions() as session:
        who = await people(session)
        created = await create(session, sender=who["admin"], text=text, pillar_ids=[], now=f.now())
        await session.commit()
        assert created.text == text.strip()
        assert await f.count(session, OutboxMessage) == 4


async def test_no_recipients(sessions: SessionMaker) -> None:
    async with sessions() as session:
        who = await people(session)
        ids = await f.pillar_ids(session, codes=("PKD",))
        with pytest.raises(ServiceError) as info:
            await create(
                session, sender=who["admin"], text="Halo", pillar_ids=sorted(ids), now=f.now()
            )
        assert info.value.key == "error-no-recipients"
        await session.commit()
        assert await f.count(session, Announcement) == 0
        assert await f.count(session, OutboxMessage) == 0


async def finish(
    session: AsyncSession, announcement: Announcement, *statuses: OutboxStatus
) -> None:
    rows = await f.rows(
        session,
        OutboxMessage,
        OutboxMessage.announcement_id == announcement.id,
        OutboxMessage.status == OutboxStatus.PENDING,
    )
    assert len(rows) == len(statuses)
    for row, status in zip(rows, statuses, strict=True):
        row.status = status
        session.add(row)
    await session.commit()


def reports_of(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    return [row for row in rows if row.kind == OutboxKind.DELIVERY_REPORT]


async def test_delivery_report_once_every_row_ended(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        who = await people(session)
        created = await create(
            session, sender=who["admin"], text="Rapat <pleno>", pillar_ids=[], now=now
        )
        await session.commit()

        assert await report_finished(session, now=now) == 0
        await session.commit()
        assert reports_of(await f.rows(session, OutboxMessage)) == []

        # Every row ended but one that the sender is still sending: not finished yet.
        await finish(
            session, created, OutboxStatus.SENT, OutboxStatus.SENDING, OutboxStatus.FAILED
        )
        assert await report_finished(session, now=now) == 0
        await session.commit()
        assert reports_of(await f.rows(session, OutboxMessage)) == []

        sending = await f.rows(
            session, OutboxMessage, OutboxMessage.status == OutboxStatus.SENDING
        )
        assert len(sending) == 1
        sending[0].status = OutboxStatus.SENT
        await session.commit()

        assert await report_finished(session, now=now) == 1
        await session.commit()
    async with sessions() as session:
        delivery = reports_of(await f.rows(session, OutboxMessage))
        stored = await session.get(Announcement, created.id)
    assert len(delivery) == 1
    report = delivery[0]
    assert (report.chat_id, report.member_id) == (who["admin"].chat_id, who["admin"].id)
    assert report.announcement_id is None
    assert re.search(r"^Penerima: 4$", report.text, re.M)
    assert re.search(r"^Terkirim: 2$", report.text, re.M)
    assert re.search(
        r"^Tidak dapat dihubungi \(memblokir bot / akun nonaktif\): 1$", report.text, re.M
    )
    assert re.search(r"^Gagal: 1$", report.text, re.M)
    assert "Rapat &lt;pleno&gt;" in report.text
    assert stored is not None and stored.reported_at == now

    async with sessions() as session:
        assert await report_finished(session, now=now) == 0
        await session.commit()
        assert len(reports_of(await f.rows(session, OutboxMessage))) == 1


async def test_delivery_counts_and_only_finished_announcements_reported(
    sessions: SessionMaker,
) -> None:
    now = f.now()
    async with sessions() as session:
        who = await people(session)
        polri = await f.pillar_ids(session, codes=("POLRI",))
        tni = await f.pillar_ids(session, codes=("TNI",))
        done = await create(
            session, sender=who["admin"], text="A", pillar_ids=sorted(polri), now=now
        )
        open_ = await create(
            session, sender=who["admin"], text="B", pillar_ids=sorted(tni), now=now
        )
        await session.commit()
        await finish(session, done, OutboxStatus.SENT)
        counts = await announcements.delivery_counts(session, done.id or 0)
        assert counts == announcements.DeliveryCounts(sent=1, blocked=1, failed=0)

        assert await report_finished(session, now=now) == 1
        await session.commit()
        delivery = reports_of(await f.rows(session, OutboxMessage))
        assert [row.dedupe_key for row in delivery] == [f"report:{done.id}"]
        still_open = await session.get(Announcement, open_.id)
        assert still_open is not None and still_open.reported_at is None


async def test_announcement_to_blocked_members_only_is_reported_at_once(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        admin = await f.admin(session, is_reachable=True)
        await f.member(session, pillar_code="PKD", is_reachable=False)
        pkd = await f.pillar_ids(session, codes=("PKD",))
        await create(session, sender=admin, text="Halo", pillar_ids=sorted(pkd), now=f.now())
        await session.commit()
        assert await report_finished(session, now=f.now()) == 1
        await session.commit()
        delivery = reports_of(await f.rows(session, OutboxMessage))
    assert len(delivery) == 1
    assert re.search(
        r"^Tidak dapat dihubungi \(memblokir bot / akun nonaktif\): 1$", delivery[0].text, re.M
    )
    assert re.search(r"^Terkirim: 0$", delivery[0].text, re.M)


# --- outbox and audit ------------------------------------------------------------------------


async def test_enqueue_deduplicates(sessions: SessionMaker) -> None:
    async with sessions() as session:
        first = await outbox.enqueue(
            session, dedupe_key="k:1", kind=OutboxKind.REMINDER, chat_id=5, text="satu"
        )
        second = await outbox.enqueue(
            session, dedupe_key="k:1", kind=OutboxKind.NUDGE, chat_id=6, text="dua"
        )
        await session.commit()
    assert first is not None
    assert second is None
    async with sessions() as session:
        again = await outbox.enqueue(
            session, dedupe_key="k:1", kind=OutboxKind.NUDGE, chat_id=6, text="tiga"
        )
        other = await outbox.enqueue(
            session,
            dedupe_key="k:2",
            kind=OutboxKind.NUDGE,
            chat_id=6,
            text="empat",
            reply_markup={"inline_keyboard": []},
        )
        await session.commit()
        rows = await f.rows(session, OutboxMessage)
    assert again is None
    assert other is not None
    assert [(r.dedupe_key, r.kind, r.chat_id, r.text, r.status, r.attempts) for r in rows] == [
        ("k:1", OutboxKind.REMINDER, 5, "satu", OutboxStatus.PENDING, 0),
        ("k:2", OutboxKind.NUDGE, 6, "empat", OutboxStatus.PENDING, 0),
    ]
    assert rows[1].reply_markup == {"inline_keyboard": []}


async def test_audit_record(sessions: SessionMaker) -> None:
    async with sessions() as session:
        await audit.record(
            session, actor_user_id=9, action="forum.cancel", target="forum:3", why="x"
        )
        await session.commit()
        entries = await f.rows(session, AuditEntry)
    assert [(e.actor_user_id, e.action, e.target, e.detail) for e in entries] == [
        (9, "forum.cancel", "forum:3", {"why": "x"})
    ]
    assert entries[0].at.tzinfo is not None
