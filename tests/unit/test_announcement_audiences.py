"""Tests for announcements 2.0 in bot.services.announcements and bot.services.receipts:
forum audiences, attachments and the caption limit, scheduling, cancelling, read
confirmations, the follow-up and the report per pillar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import notices
from bot.db import SessionMaker
from bot.services import announcements, receipts
from bot.services.announcements import Audience
from bot.services.attachments import Attachment
from bot.services.errors import ServiceError
from models import (
    Announcement,
    AnnouncementReceipt,
    Attendance,
    AttendanceMethod,
    AudienceKind,
    FileKind,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    RsvpAnswer,
)
from tests import factories as f

PDF = Attachment(FileKind.DOCUMENT, "FILE-ID-1", "TOR.pdf")


async def forum_with_answers(session):  # type: ignore[no-untyped-def]
    admin = await f.admin(session)
    people = {
        code: await f.member(session, pillar_code=code, full_name=f"Anggota {code}")
        for code in ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU")
    }
    other = await f.member(session, pillar_code="PEMDA")
    forum = await f.forum(session, by=admin)
    await f.answer(session, forum=forum, member=people["KEJAKSAAN"], answer=RsvpAnswer.ATTENDING)
    await f.answer(session, forum=forum, member=people["POLRI"], answer=RsvpAnswer.DELEGATED)
    await f.answer(session, forum=forum, member=people["TNI"], answer=RsvpAnswer.DECLINED)
    await session.commit()
    return admin, people, other, forum


async def test_forum_audiences(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin, people, other, forum = await forum_with_answers(session)

        def ids(members):  # type: ignore[no-untyped-def]
            return sorted(m.id for m in members)

        invitees = await announcements.recipients(
            session, Audience(AudienceKind.INVITEES, forum_id=forum.id)
        )
        attendees = await announcements.recipients(
            session, Audience(AudienceKind.ATTENDEES, forum_id=forum.id)
        )
        silent = await announcements.recipients(
            session, Audience(AudienceKind.NO_ANSWER, forum_id=forum.id)
        )
        assert ids(invitees) == ids(people.values())
        assert ids(attendees) == ids([people["KEJAKSAAN"], people["POLRI"]])
        assert ids(silent) == ids([people["BAWASLU"]])
        everyone = await announcements.recipients(session, Audience())
        assert ids(everyone) == ids([admin, other, *people.values()])

        # a check-in makes an attendee of whoever came, answer or not
        session.add(
            Attendance(
                forum_id=forum.id or 0,
                member_id=people["BAWASLU"].id or 0,
                method=AttendanceMethod.MANUAL,
            )
        )
        await session.commit()
        attendees = await announcements.recipients(
            session, Audience(AudienceKind.ATTENDEES, forum_id=forum.id)
        )
        assert ids(attendees) == ids([people["KEJAKSAAN"], people["POLRI"], people["BAWASLU"]])

        with pytest.raises(ServiceError) as info:
            await announcements.recipients(session, Audience(AudienceKind.INVITEES, forum_id=999))
        assert info.value.key == "error-forum-not-found"
        choices = await announcements.forum_choices(session, now=f.now())
        assert [c.id for c in choices] == [forum.id]
        assert await announcements.forum_choices(session, now=f.now() + timedelta(days=40)) == []


async def test_an_attachment_goes_by_file_id_with_the_text_as_caption(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="POLRI", language="en")
        broadcast = await announcements.create(
            session, sender=admin, text="", attachment=PDF, now=f.now()
        )
        await notices.announcements.copies(session, broadcast)
        await session.commit()
        rows = await f.rows(session, OutboxMessage)
    assert {(r.file_kind, r.file_id) for r in rows} == {(FileKind.DOCUMENT, "FILE-ID-1")}
    assert sorted(r.text for r in rows) == [
        "📢 <b>KPU announcement</b>",
        "📢 <b>Pengumuman KPU</b>",
    ]
    assert all(r.reply_markup is not None for r in rows)
    assert broadcast.announcement.file_name == "TOR.pdf"


@given(st.text(alphabet=st.sampled_from("ab 😀\n"), max_size=1100))
def test_the_caption_limit_counts_utf16_units(text: str) -> None:
    cleaned = text.strip()
    units = len(cleaned.encode("utf-16-le")) // 2
    if units <= announcements.CAPTION_TEXT_MAX:
        assert announcements.check_body(text, PDF) == cleaned
    else:
        with pytest.raises(ServiceError) as info:
            announcements.check_body(text, PDF)
        assert info.value.key == "error-caption-too-long"
        assert info.value.values == {"limit": 1000, "length": units}


def test_caption_joins_the_text_typed_first() -> None:
    assert announcements.join_caption("Rapat", " TOR terlampir ") == "Rapat\n\nTOR terlampir"
    assert announcements.join_caption("", "TOR") == "TOR"
    assert announcements.join_caption("Rapat", "") == "Rapat"


async def test_scheduled_release_once_and_cancelled_before_its_time(
    sessions: SessionMaker,
) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="POLRI")
        with pytest.raises(ServiceError) as info:
            await announcements.schedule(
                session, sender=admin, text="x", audience=Audience(), send_at=now, now=now
            )
        assert info.value.key == "error-send-at-past"
        later = await announcements.schedule(
            session,
            sender=admin,
            text="Nanti",
            audience=Audience(),
            send_at=now + timedelta(hours=1),
            now=now,
        )
        kept = await announcements.schedule(
            session,
            sender=admin,
            text="Dibatalkan",
            audience=Audience(),
            send_at=now + timedelta(hours=2),
            now=now,
        )
        await session.commit()
        assert [a.id for a in await announcements.scheduled(session)] == [later.id, kept.id]
        assert await announcements.finished(session, now=now) == []  # not queued: no report

        cancelled = await announcements.cancel(
            session, announcement_id=kept.id or 0, admin=admin, now=now
        )
        await session.commit()
        assert (cancelled.not_sent, cancelled.was_scheduled) == (0, True)
        assert await announcements.release(session, kept.id or 0, now=now) is None

        broadcast = await announcements.release(session, later.id or 0, now=now)
        assert broadcast is not None and len(broadcast.recipients) == 2
        await notices.announcements.progress_message(session, broadcast)
        await notices.announcements.copies(session, broadcast)
        await session.commit()
        assert await announcements.release(session, later.id or 0, now=now) is None
        rows = await f.rows(session, OutboxMessage)
        assert rows[0].kind == OutboxKind.ANNOUNCEMENT_PROGRESS
        assert rows[0].id == min(r.id for r in rows)  # the progress message goes first
        with pytest.raises(ServiceError) as info:
            await announcements.cancel(session, announcement_id=kept.id or 0, admin=admin, now=now)
        assert info.value.key == "error-announcement-cancelled"
        assert await announcements.scheduled(session) == []


async def test_cancelled_while_sending_then_reported(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        for _ in range(4):
            await f.member(session, pillar_code="PPS")
        broadcast = await announcements.create(session, sender=admin, text="Besar", now=now)
        await notices.announcements.copies(session, broadcast)
        await session.commit()
        rows = await f.rows(session, OutboxMessage)
        rows[0].status, rows[1].status = OutboxStatus.SENT, OutboxStatus.SENDING
        await session.commit()
        announcement_id = broadcast.announcement.id or 0

        cancelled = await announcements.cancel(
            session, announcement_id=announcement_id, admin=admin, now=now
        )
        await session.commit()
        assert (cancelled.not_sent, cancelled.was_scheduled) == (3, False)
        state = await announcements.progress(session, announcement_id)
        assert state is not None and not state.done  # one is still in flight
        assert await announcements.finished(session, now=now) == []

        rows[1].status = OutboxStatus.SENT
        session.add(rows[1])
        await session.commit()
        done = await announcements.finished(session, now=now)
        assert [d.counts for d in done] == [
            announcements.DeliveryCounts(sent=2, blocked=0, failed=0, cancelled=3)
        ]
        await notices.announcements.delivery_reports(session, done)
        await session.commit()
        (report,) = await f.rows(
            session, OutboxMessage, OutboxMessage.kind == OutboxKind.DELIVERY_REPORT
        )
        assert "Dibatalkan: 3 tidak dikirim" in report.text
        with pytest.raises(ServiceError) as info:
            await announcements.cancel(
                session, announcement_id=announcement_id, admin=admin, now=now
            )
        assert info.value.key == "error-announcement-cancelled"
        with pytest.raises(ServiceError) as info:
            await announcements.cancel(session, announcement_id=999, admin=admin, now=now)
        assert info.value.key == "error-announcement-not-found"


async def test_receipts_report_per_pillar_and_the_follow_up_once(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        polri = [await f.member(session, pillar_code="POLRI") for _ in range(2)]
        tni = await f.member(session, pillar_code="TNI")
        gone = await f.member(session, pillar_code="TNI")
        outsider = await f.member(session, pillar_code="PEMDA")
        pillar_ids = await f.pillar_ids(session, codes=("POLRI", "TNI"))
        broadcast = await announcements.create(
            session, sender=admin, text="Rapat", pillar_ids=sorted(pillar_ids), now=now
        )
        await notices.announcements.copies(session, broadcast)
        await session.commit()
        announcement = broadcast.announcement
        for row in await f.rows(session, OutboxMessage):
            row.status = OutboxStatus.SENT if row.member_id != gone.id else OutboxStatus.BLOCKED
            session.add(row)
        await session.commit()

        first = await receipts.confirm(
            session, announcement_id=announcement.id or 0, member=polri[0], now=now
        )
        again = await receipts.confirm(
            session, announcement_id=announcement.id or 0, member=polri[0], now=now
        )
        assert first.new and not again.new and first.copy.member_id == polri[0].id
        with pytest.raises(ServiceError) as info:
            await receipts.confirm(
                session, announcement_id=announcement.id or 0, member=outsider, now=now
            )
        assert info.value.key == "error-receipt-invalid"
        with pytest.raises(ServiceError):  # blocked: never delivered
            await receipts.confirm(
                session, announcement_id=announcement.id or 0, member=gone, now=now
            )
        await session.commit()
        assert await f.count(session, AnnouncementReceipt) == 1

        report = await receipts.report(session, announcement)
        assert [(p.name, p.delivered, p.confirmed) for p in report.pillars] == [
            ("Polri", 2, 1),
            ("TNI", 1, 0),
        ]
        assert (report.confirmed, report.unconfirmed) == (1, 2)
        waiting = await receipts.unconfirmed(session, announcement.id or 0)
        assert sorted(m.id for m in waiting) == sorted([polri[1].id, tni.id])

        queued = await notices.announcements.follow_ups(session, announcement, waiting)
        await session.commit()
        assert len(queued) == 2
        assert await notices.announcements.follow_ups(session, announcement, waiting) == []
        assert (
            await f.count(
                session, OutboxMessage, OutboxMessage.kind == OutboxKind.ANNOUNCEMENT_REMINDER
            )
            == 2
        )
        # the reminders do not count as copies
        counts = await announcements.delivery_counts(session, announcement.id or 0)
        assert counts == announcements.DeliveryCounts(sent=3, blocked=1, failed=0)
        stored = await session.get(Announcement, announcement.id)
        assert stored is not None and stored.audience == AudienceKind.PILLARS
