"""Tests for bot.services.kiosk: the rotating check-in code, the desk screen's one-time links
and sessions, the printed code's switch and the list of arrivals."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.services import attendance, changes, guests, kiosk
from bot.services.errors import ServiceError
from models import Attendance, AuditEntry, Forum, KioskSession, KioskTicket, Member, RsvpAnswer
from tests import factories as f

HOUR = 3600
SECRET = "s3cr3t-0f-th3-f0rum-xxxxxxxxxxxxxxxxxxxxxxx"
MOMENT = datetime(2026, 12, 14, 2, 0, 7, tzinfo=UTC)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def refusal(secret: str, forum_id: int, token: str, now: datetime) -> str | None:
    try:
        kiosk.verify_code(secret, forum_id, token, now=now)
    except ServiceError as exc:
        return exc.key
    return None


@given(
    forum_id=st.integers(1, 2**31 - 1),
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    offset=st.integers(-1000, 1000),
)
def test_a_code_works_for_three_steps_from_its_own(
    forum_id: int, moment: datetime, offset: int
) -> None:
    now_step = kiosk.step_of(moment)
    token = kiosk.code_token(SECRET, forum_id, now_step - offset)
    expected = None if 0 <= offset < kiosk.VALID_STEPS else "error-checkin-expired"
    assert refusal(SECRET, forum_id, token, moment) == expected
    # A deep-link payload: c_ and the code, at most 64 characters of A-Z a-z 0-9 _ -.
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", f"c_{token}")


@given(
    forum_id=st.integers(1, 2**31 - 1),
    data=st.data(),
)
def test_any_tampered_character_is_refused(forum_id: int, data: st.DataObject) -> None:
    token = kiosk.code_token(SECRET, forum_id, kiosk.step_of(MOMENT))
    position = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from(ALPHABET).filter(lambda c: c != token[position]))
    tampered = token[:position] + replacement + token[position + 1 :]
    assert refusal(SECRET, forum_id, tampered, MOMENT) == "error-checkin-invalid"
    # Another forum's secret, or the code presented for another forum, is refused too.
    assert refusal(SECRET + "x", forum_id, token, MOMENT) == "error-checkin-invalid"
    assert refusal(SECRET, forum_id + 1, token, MOMENT) == "error-checkin-invalid"


def test_the_steps_are_thirty_seconds_and_the_code_lasts_ninety() -> None:
    step = kiosk.step_of(MOMENT)
    assert kiosk.step_start(step) <= MOMENT < kiosk.step_start(step + 1)
    assert kiosk.step_start(step + 1) - kiosk.step_start(step) == timedelta(seconds=30)
    token = kiosk.code_token(SECRET, 7, step)
    start = kiosk.step_start(step)
    assert refusal(SECRET, 7, token, start + timedelta(seconds=89.999)) is None
    assert refusal(SECRET, 7, token, start + timedelta(seconds=90)) == "error-checkin-expired"
    assert refusal(SECRET, 7, token, start - timedelta(microseconds=1)) == (
        "error-checkin-expired"
    )


async def open_forum(session: AsyncSession) -> tuple[Forum, Member]:
    admin = await f.admin(session)
    forum = await f.forum(session, by=admin, starts_in=timedelta(minutes=30))
    return forum, admin


async def check_in(
    session: AsyncSession, token: str, member: Member, now: datetime | None = None
) -> attendance.CheckIn:
    return await attendance.check_in(
        session,
        token=token,
        member=member,
        now=now or f.now(),
        opens_before=HOUR,
        default_duration=3 * HOUR,
    )


async def test_current_code_checks_a_member_in_and_the_secret_is_kept(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        forum, _ = await open_forum(session)
        now = f.now()
        code = await kiosk.current_code(session, forum.id or 0, now)
        assert code.payload == f"c_{code.token}" and code.step == kiosk.step_of(now)
        assert code.shown_at <= now < code.refresh_at
        assert code.expires_at - code.shown_at == timedelta(seconds=90)
        again = await kiosk.current_code(session, forum.id or 0, now)
        assert again == code  # the secret is made once
        polri = await f.member(session, pillar_code="POLRI")
        result = await check_in(session, code.token, polri, now + timedelta(seconds=60))
        assert not result.already and result.attendance.member_id == polri.id
        stale = await kiosk.current_code(session, forum.id or 0, now - timedelta(seconds=120))
        tni = await f.member(session, pillar_code="TNI")
        with pytest.raises(ServiceError, match="error-checkin-expired"):
            await check_in(session, stale.token, tni, now)
        forged = code.token[:-1] + ("A" if code.token[-1] != "A" else "B")
        with pytest.raises(ServiceError, match="error-checkin-invalid"):
            await check_in(session, forged, tni, now)
        # A well-formed code of a forum without a desk screen, or of no forum at all.
        other = await f.forum(session, by=await f.admin(session))
        with pytest.raises(ServiceError, match="error-checkin-invalid"):
            await check_in(session, kiosk.code_token(SECRET, other.id or 0, code.step), tni)
        with pytest.raises(ServiceError, match="error-checkin-invalid"):
            await check_in(session, kiosk.code_token(SECRET, 999_999, code.step), tni)
        assert await f.count(session, Attendance) == 1


async def test_a_ticket_opens_one_screen_once_and_switches_the_printed_code_off(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        forum, admin = await open_forum(session)
        _, printed = await attendance.checkin_token(session, forum.id or 0)
        now = f.now()
        ticket = await kiosk.issue_ticket(
            session, forum.id or 0, admin.id or 0, now=now, default_duration=3 * HOUR
        )
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", ticket)
        stored = (await session.exec(select(KioskTicket))).one()
        assert stored.token_hash != ticket and len(stored.token_hash) == 64
        assert stored.expires_at == now + timedelta(minutes=10)

        opened, raw = await kiosk.redeem_ticket(
            session, ticket, now=now + timedelta(minutes=9), default_duration=3 * HOUR
        )
        assert opened.id == forum.id and not opened.static_checkin
        screen = (await session.exec(select(KioskSession))).one()
        assert screen.expires_at == forum.starts_at + timedelta(hours=4)  # end + 1 h
        assert (await kiosk.kiosk_forum(session, raw, now)).id == forum.id
        with pytest.raises(ServiceError, match="error-kiosk-used"):
            await kiosk.redeem_ticket(session, ticket, now=now, default_duration=3 * HOUR)
        entry = (await session.exec(select(AuditEntry))).all()[-1]
        assert (entry.action, entry.target, entry.actor_user_id) == (
            "kiosk.open",
            f"forum:{forum.id}",
            admin.telegram_user_id,
        )

        polri = await f.member(session, pillar_code="POLRI")
        with pytest.raises(ServiceError, match="error-checkin-static-off"):
            await check_in(session, printed, polri)
        with pytest.raises(ServiceError, match="error-checkin-static-off"):
            await guests.start(
                session,
                token=printed,
                user_id=777_001,
                now=now,
                opens_before=HOUR,
                default_duration=3 * HOUR,
            )
        _, changed = await kiosk.set_static(
            session, forum.id or 0, enabled=True, actor_user_id=admin.telegram_user_id
        )
        _, unchanged = await kiosk.set_static(
            session, forum.id or 0, enabled=True, actor_user_id=admin.telegram_user_id
        )
        assert (changed, unchanged) == (True, False)
        assert (await check_in(session, printed, polri)).attendance.member_id == polri.id
        statics = await f.rows(session, AuditEntry, AuditEntry.action == "kiosk.static")
        assert [e.detail for e in statics] == [{"enabled": True}]


async def test_tickets_and_sessions_are_refused_when_unknown_late_or_revoked(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        forum, admin = await open_forum(session)
        now = f.now()

        async def issue(at: datetime) -> str:
            return await kiosk.issue_ticket(
                session, forum.id or 0, admin.id or 0, now=at, default_duration=3 * HOUR
            )

        late = await issue(now)
        with pytest.raises(ServiceError, match="error-kiosk-expired"):
            await kiosk.redeem_ticket(
                session, late, now=now + timedelta(minutes=10), default_duration=3 * HOUR
            )
        with pytest.raises(ServiceError, match="error-kiosk-invalid"):
            await kiosk.redeem_ticket(session, late + "x", now=now, default_duration=3 * HOUR)
        assert forum.static_checkin  # nothing was opened
        # Not after the forum's end (its start + the default duration here).
        with pytest.raises(ServiceError, match="error-kiosk-ended"):
            await issue(forum.starts_at + timedelta(hours=3))

        _, raw = await kiosk.redeem_ticket(
            session, await issue(now), now=now, default_duration=3 * HOUR
        )
        with pytest.raises(ServiceError, match="error-kiosk-invalid"):
            await kiosk.kiosk_forum(session, raw + "x", now)
        with pytest.raises(ServiceError, match="error-kiosk-invalid"):
            await kiosk.kiosk_forum(session, raw, forum.starts_at + timedelta(hours=4))
        screen = (await session.exec(select(KioskSession))).one()
        screen.revoked_at = now
        session.add(screen)
        await session.flush()
        with pytest.raises(ServiceError, match="error-kiosk-invalid"):
            await kiosk.kiosk_forum(session, raw, now)

        await changes.cancel_forum(session, forum.id or 0, admin=admin, reason="Ditunda", now=now)
        with pytest.raises(ServiceError, match="error-forum-cancelled"):
            await issue(now)
        with pytest.raises(ServiceError, match="error-forum-cancelled"):
            await kiosk.current_code(session, forum.id or 0, now)


async def test_arrivals_are_newest_first_with_who_came_and_the_counts(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        forum, admin = await open_forum(session)
        _, printed = await attendance.checkin_token(session, forum.id or 0)
        now = f.now()
        polri = await f.member(session, pillar_code="POLRI", full_name="Hendra Kurniawan")
        tni = await f.member(session, pillar_code="TNI", full_name="Eko Budi Setiawan")
        await f.member(session, pillar_code="BAWASLU")
        await f.answer(
            session,
            forum=forum,
            member=tni,
            answer=RsvpAnswer.DELEGATED,
            delegate_name="Serka Agus",
            delegate_position="Danramil",
        )
        first = await check_in(session, printed, polri, now)
        await check_in(session, printed, tni, now + timedelta(seconds=5))
        await guests.add_guest(
            session,
            forum_id=forum.id or 0,
            details=guests.GuestDetails("Dwi Santoso", "Media", "Wartawan"),
            member_id=None,
            admin_user_id=admin.telegram_user_id,
            now=now + timedelta(seconds=9),
            opens_before=HOUR,
        )

        listing = await kiosk.arrivals(session, forum.id or 0)
        assert [(a.name, a.member_name, a.pillar, a.delegate_name) for a in listing.entries] == [
            ("Dwi Santoso", None, None, "Dwi Santoso"),
            ("Serka Agus", "Eko Budi Setiawan", "TNI", "Serka Agus"),
            ("Hendra Kurniawan", "Hendra Kurniawan", "Polri", None),
        ]
        assert listing.entries[-1].checked_in_at == now
        assert (listing.checked_in, listing.invited, listing.guests) == (2, 3, 1)
        newer = await kiosk.arrivals(session, forum.id or 0, since_id=first.attendance.id)
        assert [a.name for a in newer.entries] == ["Dwi Santoso", "Serka Agus"]
        last = await kiosk.arrivals(session, forum.id or 0, limit=1)
        assert [a.name for a in last.entries] == ["Dwi Santoso"]


async def test_a_forged_forum_id_beyond_the_column_is_refused(sessions: SessionMaker) -> None:
    async with sessions() as session:
        member = await f.member(session)
        with pytest.raises(ServiceError, match="error-checkin-invalid"):
            await check_in(session, kiosk.code_token(SECRET, 2**31, 1), member)
        with pytest.raises(ServiceError, match="error-checkin-invalid"):
            await check_in(session, kiosk.code_token(SECRET, 99_999_999_999, 1), member)
