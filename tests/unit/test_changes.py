"""Tests for bot.services.changes and bot.notices.changes: edit, reschedule, cancel, the
notices and the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import notices
from bot.db import SessionMaker
from bot.services import changes, rsvp
from bot.services.errors import ServiceError
from bot.text import clean_text
from models import (
    AuditEntry,
    Forum,
    ForumStatus,
    Member,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    ReminderRun,
    Rsvp,
    RsvpAnswer,
)
from tests import factories as f

OFFSETS = (86400, 7200)


@dataclass
class Scene:
    forum: Forum
    admin: Member
    attending: Member
    delegated: Member
    declined: Member
    silent: Member
    unreachable: Member
    outsider: Member


async def scene(session: AsyncSession, *, at: datetime, **forum: object) -> Scene:
    """A forum for the four core pillars, three days after `at`, with every kind of answer."""
    admin = await f.admin(session)
    attending = await f.member(session, pillar_code="POLRI")
    delegated = await f.member(session, pillar_code="TNI", language="en")
    declined = await f.member(session, pillar_code="KEJAKSAAN")
    silent = await f.member(session, pillar_code="BAWASLU")
    unreachable = await f.member(session, pillar_code="POLRI", is_reachable=False)
    outsider = await f.member(session, pillar_code="PEMDA")
    row = await f.forum(session, by=admin, at=at, **forum)  # type: ignore[arg-type]
    await f.answer(session, forum=row, member=attending, answer=RsvpAnswer.ATTENDING, at=at)
    await f.answer(session, forum=row, member=delegated, answer=RsvpAnswer.DELEGATED, at=at)
    await f.answer(session, forum=row, member=declined, answer=RsvpAnswer.DECLINED, at=at)
    await session.commit()
    return Scene(row, admin, attending, delegated, declined, silent, unreachable, outsider)


def change_rows(rows: list[OutboxMessage]) -> dict[int | None, OutboxMessage]:
    return {row.member_id: row for row in rows if row.kind == OutboxKind.CHANGE_NOTICE}


async def edit(session: AsyncSession, forum_id: int, **values: object) -> changes.ChangeResult:
    """An edit as the handler makes it: the service, then its notices."""
    result = await changes.edit_forum(session, forum_id, **values)  # type: ignore[arg-type]
    await notices.changes.change_notices(session, result, tz=f.JAKARTA)
    return result


async def cancel(session: AsyncSession, forum_id: int, **values: object) -> changes.ChangeResult:
    """A cancellation as the handler makes it: the service, then its notices."""
    result = await changes.cancel_forum(session, forum_id, **values)  # type: ignore[arg-type]
    await notices.changes.cancel_notices(session, result, tz=f.JAKARTA)
    return result


async def test_edit_venue_notifies_everyone_invited_who_has_not_declined(
    sessions: SessionMaker,
) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        result = await edit(
            session,
            s.forum.id or 0,
            admin=s.admin,
            field="venue",
            value="  Aula   KPU Kota Mojokerto ",
            now=at,
        )
        await session.commit()
        forum = await session.get(Forum, s.forum.id)
        rows = change_rows(await f.rows(session, OutboxMessage))
        audit = await f.rows(session, AuditEntry, AuditEntry.action == "forum.edit")

    assert forum is not None and forum.venue == "Aula KPU Kota Mojokerto"
    assert forum.updated_at == at
    assert result.changes == (
        changes.Change("venue", "Ballroom Hotel Ayola, Kota Mojokerto", "Aula KPU Kota Mojokerto"),
    )
    assert not result.rescheduled and result.dropped == 0
    assert set(rows) == {s.attending.id, s.delegated.id, s.silent.id, s.unreachable.id}
    assert result.notified == 4
    assert rows[s.unreachable.id].status == OutboxStatus.BLOCKED
    attending = rows[s.attending.id]
    assert attending.status == OutboxStatus.PENDING
    assert (
        "Tempat diubah: Ballroom Hotel Ayola, Kota Mojokerto → Aula KPU Kota Mojokerto"
        in attending.text
    )
    assert "📍 Aula KPU Kota Mojokerto" in attending.text
    assert "Konfirmasi kehadiran Bapak/Ibu: <b>Hadir</b>" in attending.text
    assert attending.reply_markup is not None
    labels = [b["text"] for line in attending.reply_markup["inline_keyboard"] for b in line]
    assert labels == ["✅ Hadir", "Diwakilkan", "Tidak hadir"]
    english = rows[s.delegated.id]
    assert "Venue changed: Ballroom Hotel Ayola, Kota Mojokerto → Aula KPU" in english.text
    assert len({row.dedupe_key for row in rows.values()}) == 4
    assert all(len(row.dedupe_key) <= 120 for row in rows.values())
    assert [(a.actor_user_id, a.target, a.detail["changes"]) for a in audit] == [
        (
            s.admin.telegram_user_id,
            f"forum:{s.forum.id}",
            [
                {
                    "field": "venue",
                    "old": "Ballroom Hotel Ayola, Kota Mojokerto",
                    "new": "Aula KPU Kota Mojokerto",
                }
            ],
        )
    ]


async def test_an_edit_names_who_must_be_told_and_queues_nothing(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        result = await changes.edit_forum(
            session, s.forum.id or 0, admin=s.admin, field="venue", value="Aula KPU", now=at
        )
        assert change_rows(await f.rows(session, OutboxMessage)) == {}
    told = {member.id: answer.answer if answer else None for member, answer in result.recipients}
    assert told == {
        s.attending.id: RsvpAnswer.ATTENDING,
        s.delegated.id: RsvpAnswer.DELEGATED,
        s.silent.id: None,
        s.unreachable.id: None,
    }
    assert result.changed_at == at and result.answers_open and result.notified == 4


async def test_reschedule_moves_the_end_clears_a_late_deadline_and_replays_reminders(
    sessions: SessionMaker,
) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at, rsvp_deadline_in=timedelta(days=2, hours=12))
        forum_id = s.forum.id or 0
        s.forum.ends_at = s.forum.starts_at + timedelta(hours=3)
        session.add(s.forum)
        old_start = s.forum.starts_at
        # the one-day reminder already ran: its rows went out or wait in the outbox
        ran = await f.remind(
            session,
            forum_id=forum_id,
            offset_seconds=86400,
            offsets=OFFSETS,
            admin_ids=(),
            now=old_start - timedelta(days=1),
        )
        assert ran is not None and ran.reminders == 2
        queued = [r for r in await f.rows(session, OutboxMessage) if r.kind == OutboxKind.REMINDER]
        queued[0].status = OutboxStatus.SENDING
        session.add(queued[0])
        await session.commit()
        answers_before = [(r.member_id, r.answer) for r in await f.rows(session, Rsvp)]

        new_start = old_start + timedelta(days=4, hours=4)
        result = await edit(
            session,
            forum_id,
            admin=s.admin,
            field="start",
            value=new_start,
            now=at,
        )
        await session.commit()
        forum = await session.get(Forum, forum_id)
        assert forum is not None
        assert (forum.starts_at, forum.ends_at) == (new_start, new_start + timedelta(hours=3))
        # the deadline (half a day before the old start) is kept: it precedes the new start
        assert forum.rsvp_deadline == at + timedelta(days=2, hours=12)
        assert result.rescheduled and result.dropped == 3  # a reminder, a nudge, a summary
        assert [c.field for c in result.changes] == ["start", "end"]
        assert await f.count(session, ReminderRun) == 0
        rows = await f.rows(session, OutboxMessage, OutboxMessage.kind == OutboxKind.REMINDER)
        assert sorted((r.status, r.error) for r in rows) == [
            (OutboxStatus.FAILED, changes.SUPERSEDED_RESCHEDULED),
            (OutboxStatus.SENDING, None),
        ]
        assert [(r.member_id, r.answer) for r in await f.rows(session, Rsvp)] == answers_before
        notice = change_rows(await f.rows(session, OutboxMessage))[s.attending.id]
        assert "Jadwal diubah: " in notice.text and " → " in notice.text

        # the same slot runs again for the new time and queues new rows
        again = await f.remind(
            session,
            forum_id=forum_id,
            offset_seconds=86400,
            offsets=OFFSETS,
            admin_ids=(),
            now=new_start - timedelta(days=1),
        )
        await session.commit()
        assert again is not None and again.reminders == 2
        rows = await f.rows(session, OutboxMessage, OutboxMessage.kind == OutboxKind.REMINDER)
        assert len(rows) == 4
        assert all(len(r.dedupe_key) <= 120 for r in rows)


async def test_moving_the_start_before_the_deadline_clears_it(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at, rsvp_deadline_in=timedelta(days=2))
        deadline = s.forum.rsvp_deadline
        new_start = at + timedelta(days=1)
        result = await edit(
            session,
            s.forum.id or 0,
            admin=s.admin,
            field="start",
            value=new_start,
            now=at,
        )
        await session.commit()
        forum = await session.get(Forum, s.forum.id)
        notice = change_rows(await f.rows(session, OutboxMessage))[s.silent.id]
    assert forum is not None and forum.rsvp_deadline is None
    assert result.changes[-1] == changes.Change("deadline", deadline, None)
    assert "Batas konfirmasi (" in notice.text and ") dihapus" in notice.text
    assert notice.reply_markup is not None  # answers open until the new start


async def test_no_buttons_once_answers_are_closed(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at, rsvp_deadline_in=timedelta(days=1))
        result = await edit(
            session,
            s.forum.id or 0,
            admin=s.admin,
            field="title",
            value="Rapat Koordinasi Pengamanan",
            now=at + timedelta(days=2),
        )
        rows = change_rows(await f.rows(session, OutboxMessage))
    assert result.notified == 4
    assert all(row.reply_markup is None for row in rows.values())
    assert "Judul diubah: Diskusi dan Konsolidasi Empat Pilar → Rapat" in rows[s.silent.id].text


async def test_end_and_agenda(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        end = s.forum.starts_at + timedelta(hours=2)
        await edit(session, s.forum.id or 0, admin=s.admin, field="end", value=end, now=at)
        later = at + timedelta(seconds=1)
        await edit(
            session,
            s.forum.id or 0,
            admin=s.admin,
            field="agenda",
            value="Sambutan\nPaparan <narasumber>",
            now=later,
        )
        await session.commit()
        forum = await session.get(Forum, s.forum.id)
        rows = [
            r
            for r in await f.rows(session, OutboxMessage)
            if r.kind == OutboxKind.CHANGE_NOTICE and r.member_id == s.attending.id
        ]
    assert forum is not None and forum.ends_at == end
    assert forum.agenda == "Sambutan\nPaparan <narasumber>"
    assert "Waktu selesai diubah: tidak ditentukan → " in rows[0].text
    assert "Agenda diubah: Konsolidasi → Sambutan Paparan &lt;narasumber&gt;" in rows[1].text


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("start", timedelta(minutes=-1), "error-date-past"),
        ("start", timedelta(0), "error-date-past"),
        ("start", timedelta(days=3), "error-change-same"),
        ("end", timedelta(days=3), "error-end-before-start"),
        ("end", timedelta(days=2), "error-end-before-start"),
        ("title", "   ", "error-text-empty"),
        ("title", "x" * 201, "error-text-too-long"),
        ("venue", "Ballroom Hotel Ayola, Kota Mojokerto", "error-change-same"),
        ("agenda", "\n", "error-text-empty"),
        ("agenda", "a" * 2001, "error-text-too-long"),
    ],
)
async def test_refusals_change_nothing(
    sessions: SessionMaker, field: changes.Field, value: object, key: str
) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        typed = at + value if isinstance(value, timedelta) else value
        with pytest.raises(ServiceError) as refused:
            await edit(
                session,
                s.forum.id or 0,
                admin=s.admin,
                field=field,
                value=typed,  # type: ignore[arg-type]
                now=at,
            )
        await session.commit()
        assert refused.value.key == key
        forum = await session.get(Forum, s.forum.id)
        assert forum is not None and forum.updated_at is None
        assert change_rows(await f.rows(session, OutboxMessage)) == {}
        assert await f.count(session, AuditEntry, AuditEntry.action == "forum.edit") == 0


async def test_unknown_started_and_draft_forums_are_refused(sessions: SessionMaker) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        draft = Forum(
            title="Draf",
            starts_at=at + timedelta(days=5),
            venue="Aula",
            created_by=s.admin.id or 0,
        )
        session.add(draft)
        await session.commit()
        cases = [
            (424242, at, "error-forum-not-found"),
            (draft.id or 0, at, "error-forum-not-found"),
            (s.forum.id or 0, s.forum.starts_at, "error-forum-started"),
        ]
        for forum_id, now, key in cases:
            with pytest.raises(ServiceError) as refused:
                await changes.plan_edit(session, forum_id, field="title", value="Baru", now=now)
            assert refused.value.key == key
            with pytest.raises(ServiceError) as refused:
                await cancel(session, forum_id, admin=s.admin, reason="Banjir", now=now)
            assert refused.value.key == key


async def test_cancel_drops_pending_rows_and_notifies_with_the_reason(
    sessions: SessionMaker,
) -> None:
    at = f.now()
    async with sessions() as session:
        s = await scene(session, at=at)
        forum_id = s.forum.id or 0
        invitations = await f.rows(
            session, OutboxMessage, OutboxMessage.kind == OutboxKind.INVITATION
        )
        invitations[0].status = OutboxStatus.SENT
        invitations[1].status = OutboxStatus.SENDING
        session.add_all(invitations[:2])
        await session.commit()
        before = {row.id: row.status for row in invitations}
        pending = [row_id for row_id, status in before.items() if status == OutboxStatus.PENDING]
        answers_before = [(r.member_id, r.answer) for r in await f.rows(session, Rsvp)]

        result = await cancel(
            session,
            forum_id,
            admin=s.admin,
            reason="  Bertepatan dengan <rapat> pleno KPU RI  ",
            now=at,
        )
        await session.commit()
        forum = await session.get(Forum, forum_id)
        rows = await f.rows(session, OutboxMessage, OutboxMessage.kind == OutboxKind.INVITATION)
        sent = change_rows(await f.rows(session, OutboxMessage))
        audit = await f.rows(session, AuditEntry, AuditEntry.action == "forum.cancel")

        assert forum is not None and forum.status == ForumStatus.CANCELLED
        assert forum.cancel_reason == "Bertepatan dengan <rapat> pleno KPU RI"
        assert forum.cancelled_at == at and forum.updated_at == at
        assert result.dropped == len(pending) > 0
        for row in rows:
            if row.id in pending:
                assert (row.status, row.error) == (
                    OutboxStatus.FAILED,
                    changes.SUPERSEDED_CANCELLED,
                )
            else:  # sent, being sent or blocked: left as they were
                assert row.status == before[row.id] != OutboxStatus.FAILED
        assert set(sent) == {s.attending.id, s.delegated.id, s.silent.id, s.unreachable.id}
        notice = sent[s.attending.id]
        assert notice.status == OutboxStatus.PENDING and notice.reply_markup is None
        assert "Forum dibatalkan" in notice.text
        assert "Alasan: Bertepatan dengan &lt;rapat&gt; pleno KPU RI" in notice.text
        assert "Reason: Bertepatan" in sent[s.delegated.id].text
        assert audit[0].detail["reason"] == "Bertepatan dengan <rapat> pleno KPU RI"
        assert [(r.member_id, r.answer) for r in await f.rows(session, Rsvp)] == answers_before

        # afterwards: no edit, no second cancel, no answer, no reminder
        with pytest.raises(ServiceError, match="error-forum-cancelled"):
            await changes.plan_edit(session, forum_id, field="venue", value="Aula", now=at)
        with pytest.raises(ServiceError, match="error-forum-cancelled"):
            await cancel(session, forum_id, admin=s.admin, reason="lagi", now=at)
        with pytest.raises(ServiceError, match="error-forum-cancelled"):
            await rsvp.record(
                session, forum_id=forum_id, member=s.silent, answer=RsvpAnswer.ATTENDING, now=at
            )
        assert (
            await f.remind(
                session,
                forum_id=forum_id,
                offset_seconds=86400,
                offsets=OFFSETS,
                admin_ids=(),
                now=at,
            )
            is None
        )


@pytest.mark.parametrize(
    ("reason", "key"), [("", "error-text-empty"), (" \n ", "error-text-empty")]
)
def test_reason_must_be_given(reason: str, key: str) -> None:
    with pytest.raises(ServiceError, match=key):
        changes.check_reason(reason)


@given(st.text(max_size=700))
def test_reason_is_trimmed_and_bounded(text: str) -> None:
    try:
        reason = changes.check_reason(text)
    except ServiceError as exc:
        assert exc.key in {"error-text-empty", "error-text-too-long"}
        cleaned = clean_text(text)
        assert not cleaned or len(cleaned) > changes.REASON_MAX
    else:
        assert reason == clean_text(text) and 0 < len(reason) <= changes.REASON_MAX


START = datetime(2030, 10, 14, 2, 0, tzinfo=UTC)


@given(
    shift=st.integers(min_value=-5 * 86400, max_value=60 * 86400).filter(lambda x: x != 0),
    duration=st.integers(min_value=60, max_value=2 * 86400),
    deadline_before=st.integers(min_value=0, max_value=10 * 86400),
)
def test_reschedule_keeps_the_duration_and_never_leaves_a_late_deadline(
    shift: int, duration: int, deadline_before: int
) -> None:
    forum = Forum(
        id=1,
        title="Rakor",
        starts_at=START,
        ends_at=START + timedelta(seconds=duration),
        venue="Aula",
        rsvp_deadline=START - timedelta(seconds=deadline_before),
        created_by=1,
    )
    now = START - timedelta(days=6)
    new_start = START + timedelta(seconds=shift)
    planned = {c.field: c for c in changes.changes_for(forum, "start", new_start, now)}
    assert planned["start"].new == new_start
    end = planned["end"].new
    assert isinstance(end, datetime) and end - new_start == timedelta(seconds=duration)
    deadline = planned["deadline"].new if "deadline" in planned else forum.rsvp_deadline
    assert deadline is None or deadline <= new_start


def test_change_lines_render_old_and_new_times() -> None:
    old = datetime(2024, 10, 14, 2, 0, tzinfo=UTC)
    new = datetime(2024, 10, 15, 6, 0, tzinfo=UTC)
    lines = notices.changes.change_lines([changes.Change("start", old, new)], "id", f.JAKARTA)
    assert lines == (
        "Jadwal diubah: Senin, 14 Oktober 2024, pukul 09.00 WIB → "
        "Selasa, 15 Oktober 2024, pukul 13.00 WIB"
    )
    english = notices.changes.change_lines([changes.Change("start", old, new)], "en", f.JAKARTA)
    assert english.startswith("Rescheduled: Monday, 14 October 2024, 09:00 WIB → Tuesday")
