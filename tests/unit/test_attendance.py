"""Tests for bot.services.attendance: the check-in window, tokens, check-ins, hand marking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.db import SessionMaker
from bot.services import attendance
from bot.services.attendance import CheckInNotOpen
from bot.services.errors import ServiceError
from models import Attendance, AttendanceMethod, AuditEntry, Forum, RsvpAnswer
from tests import factories as f

HOUR = 3600
START = datetime(2026, 12, 14, 2, 0, tzinfo=UTC)


@given(
    opens_before=st.integers(0, 7 * 86400),
    duration=st.integers(60, 7 * 86400),
    offset=st.integers(-10 * 86400, 10 * 86400),
    with_end=st.booleans(),
)
def test_window_is_open_from_before_the_start_to_the_end(
    opens_before: int, duration: int, offset: int, with_end: bool
) -> None:
    forum = Forum(
        title="t",
        starts_at=START,
        ends_at=START + timedelta(hours=2) if with_end else None,
        venue="v",
        created_by=1,
    )
    window = attendance.window(forum, opens_before=opens_before, default_duration=duration)
    end = START + (timedelta(hours=2) if with_end else timedelta(seconds=duration))
    now = START + timedelta(seconds=offset)
    expected = (
        "early"
        if now < START - timedelta(seconds=opens_before)
        else "open"
        if now < end
        else "closed"
    )
    assert window.state(now) == expected


async def test_token_is_made_once_and_is_url_safe(sessions: SessionMaker) -> None:
    async with sessions() as session:
        forum = await f.forum(session, by=await f.admin(session))
        _, token = await attendance.checkin_token(session, forum.id or 0)
        _, again = await attendance.checkin_token(session, forum.id or 0)
        other = await f.forum(session, by=await f.admin(session))
        _, other_token = await attendance.checkin_token(session, other.id or 0)
    assert token == again != other_token
    assert len(f"c_{token}") <= 64 and all(c.isalnum() or c in "-_" for c in token)
    with pytest.raises(ServiceError, match="error-forum-not-found"):
        async with sessions() as session:
            await attendance.checkin_token(session, 99999)


async def test_check_in_once_and_for_the_delegate(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        forum = await f.forum(session, by=await f.admin(session), starts_in=timedelta(minutes=30))
        member = await f.member(session, pillar_code="TNI")
        await f.answer(
            session, forum=forum, member=member, answer=RsvpAnswer.DELEGATED, delegate_name="Agus"
        )
        _, token = await attendance.checkin_token(session, forum.id or 0)
        first = await attendance.check_in(
            session, token=token, member=member, now=now, opens_before=HOUR, default_duration=HOUR
        )
        second = await attendance.check_in(
            session,
            token=token,
            member=member,
            now=now + timedelta(minutes=5),
            opens_before=HOUR,
            default_duration=HOUR,
        )
        rows = await f.rows(session, Attendance)
    assert not first.already and second.already
    assert [(r.delegate_name, r.method, r.checked_in_at) for r in rows] == [
        ("Agus", AttendanceMethod.QR, now)
    ]


async def test_check_in_refused_outside_the_window(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        forum = await f.forum(session, by=await f.admin(session), starts_in=timedelta(hours=3))
        member = await f.member(session, pillar_code="POLRI")
        _, token = await attendance.checkin_token(session, forum.id or 0)
        with pytest.raises(CheckInNotOpen) as early:
            await attendance.check_in(
                session,
                token=token,
                member=member,
                now=now,
                opens_before=HOUR,
                default_duration=HOUR,
            )
        with pytest.raises(CheckInNotOpen) as closed:
            await attendance.check_in(
                session,
                token=token,
                member=member,
                now=now + timedelta(hours=5),
                opens_before=HOUR,
                default_duration=HOUR,
            )
        assert await f.count(session, Attendance) == 0
    assert early.value.key == "error-checkin-early"
    assert early.value.window.opens_at == forum.starts_at - timedelta(hours=1)
    assert closed.value.key == "error-checkin-closed"


async def test_mark_unmark_is_idempotent_and_audited(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        forum = await f.forum(session, by=admin, starts_in=timedelta(minutes=10))
        member = await f.member(session, pillar_code="BAWASLU")
        outsider = await f.member(session, pillar_code="PEMDA")
        kwargs = {"admin_user_id": admin.telegram_user_id, "now": now, "opens_before": HOUR}
        ids = {"forum_id": forum.id or 0, "member_id": member.id or 0}
        marked = await attendance.mark(session, **ids, present=True, reason="datang", **kwargs)
        again = await attendance.mark(session, **ids, present=True, reason="lagi", **kwargs)
        unmarked = await attendance.mark(session, **ids, present=False, reason="keliru", **kwargs)
        with pytest.raises(ServiceError, match="error-not-invitee"):
            await attendance.mark(
                session,
                forum_id=forum.id or 0,
                member_id=outsider.id or 0,
                present=True,
                reason="x",
                **kwargs,
            )
        with pytest.raises(ServiceError, match="error-text-empty"):
            await attendance.mark(session, **ids, present=True, reason=" ", **kwargs)
        audit = await f.rows(session, AuditEntry)
        assert await f.count(session, Attendance) == 0
    assert marked.present and marked.changed and not unmarked.present and unmarked.changed
    assert again.present and not again.changed
    assert [(a.action, a.detail.get("reason")) for a in audit if "attendance" in a.action] == [
        ("attendance.mark", "datang"),
        ("attendance.unmark", "keliru"),
    ]


async def test_invitee_pages(sessions: SessionMaker) -> None:
    async with sessions() as session:
        forum = await f.forum(session, by=await f.admin(session), pillar_codes=["POLRI"])
        for number in range(attendance.PAGE_SIZE + 3):
            await f.member(session, pillar_code="POLRI", full_name=f"Anggota {number:02d}")
        first = await attendance.invitee_page(session, forum.id or 0, 0)
        last = await attendance.invitee_page(session, forum.id or 0, 99)
    assert (first.pages, first.total, len(first.invitees)) == (2, attendance.PAGE_SIZE + 3, 8)
    assert (last.page, len(last.invitees)) == (1, 3)
    names = [i.member.full_name for i in first.invitees + last.invitees]
    assert names == sorted(names)


async def test_a_simultaneous_second_check_in_is_not_an_error(sessions: SessionMaker) -> None:
    """The unique (forum, member) race: the loser inserts nothing and the transaction lives."""
    async with sessions() as session:
        forum = await f.forum(session, by=await f.admin(session), starts_in=timedelta(minutes=5))
        member = await f.member(session, pillar_code="POLRI")

        def row() -> Attendance:
            return Attendance(
                forum_id=forum.id or 0, member_id=member.id or 0, method=AttendanceMethod.QR
            )

        first = await attendance.insert_once(session, row())
        second = await attendance.insert_once(session, row())
        await session.commit()
        assert first is not None and second is None
        assert await f.count(session, Attendance) == 1
