"""Tests for bot.services.guests: representatives on their own phone, walk-in guests, and
what the attendance list and the recap make of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.services import attendance, exports, guests, reports
from bot.services.attendance import CheckInNotOpen
from bot.services.errors import ServiceError
from bot.services.exports import Remark
from models import Attendance, AttendanceMethod, AuditEntry, Forum, Member, RsvpAnswer
from tests import factories as f

HOUR = 3600
GUEST = 777_001
DETAILS = guests.GuestDetails("Dwi Santoso", "Polres Mojokerto Kota", "Kabag Ops")


async def open_forum(session: AsyncSession) -> tuple[Forum, str]:
    forum = await f.forum(session, by=await f.admin(session), starts_in=timedelta(minutes=30))
    _, token = await attendance.checkin_token(session, forum.id or 0)
    return forum, token


async def represent(
    session: AsyncSession, forum_id: int, member: Member, **kwargs: object
) -> guests.GuestCheckIn:
    values: dict[str, object] = {
        "forum_id": forum_id,
        "user_id": GUEST,
        "details": DETAILS,
        "member_id": member.id or 0,
        "now": f.now(),
        "opens_before": HOUR,
        "default_duration": 3 * HOUR,
    }
    values.update(kwargs)
    return await guests.represent(session, **values)  # type: ignore[arg-type]


def test_guest_details_are_cleaned_and_checked() -> None:
    details = guests.guest_details("  Dwi\u200b  Santoso ", "Polres\n Kota", " Kabag  Ops")
    assert details == guests.GuestDetails("Dwi Santoso", "Polres Kota", "Kabag Ops")
    with pytest.raises(ServiceError, match="error-text-empty"):
        guests.guest_details(" ", "Polres", "Kabag Ops")
    with pytest.raises(ServiceError, match="error-text-too-long"):
        guests.guest_details("x" * 201, "Polres", "Kabag Ops")


@given(name=st.text(max_size=80))
def test_any_typed_name_is_refused_or_kept_on_one_line(name: str) -> None:
    try:
        details = guests.guest_details(name, "Polres", "Kabag Ops")
    except ServiceError as exc:
        assert exc.key.startswith("error-text-")
        return
    assert details.name and "\n" not in details.name and len(details.name) <= 200


async def test_a_representative_checks_in_once_for_one_invitee(sessions: SessionMaker) -> None:
    async with sessions() as session:
        forum, _ = await open_forum(session)
        polri = await f.member(session, pillar_code="POLRI")
        first = await represent(session, forum.id or 0, polri)
        assert not first.already
        row = first.attendance
        assert (row.member_id, row.delegate_user_id, row.method) == (
            polri.id,
            GUEST,
            AttendanceMethod.QR,
        )
        assert (row.delegate_name, row.delegate_institution, row.delegate_position) == (
            "Dwi Santoso",
            "Polres Mojokerto Kota",
            "Kabag Ops",
        )
        # The same phone again, even naming someone else: the first check-in, unchanged.
        other = await f.member(session, pillar_code="TNI")
        again = await represent(session, forum.id or 0, other)
        assert again.already
        assert again.attendance.id == row.id and again.member is not None
        assert again.member.id == polri.id
        # Another phone for the same invitee: refused.
        with pytest.raises(ServiceError, match="error-represent-taken") as taken:
            await represent(session, forum.id or 0, polri, user_id=GUEST + 1)
        assert taken.value.values == {"institution": polri.institution, "position": "Kepala Seksi"}
        assert await f.count(session, Attendance) == 1


async def test_representing_is_refused_outside_the_invitees_and_the_window(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        forum, _ = await open_forum(session)
        outsider = await f.member(session, pillar_code="PEMDA")  # not a core pillar
        with pytest.raises(ServiceError, match="error-represent-not-invited"):
            await represent(session, forum.id or 0, outsider)
        with pytest.raises(ServiceError, match="error-represent-not-invited"):
            await guests.represent(
                session,
                forum_id=forum.id or 0,
                user_id=GUEST,
                details=DETAILS,
                member_id=999_999,
                now=f.now(),
                opens_before=HOUR,
                default_duration=3 * HOUR,
            )
        polri = await f.member(session, pillar_code="POLRI")
        with pytest.raises(ServiceError, match="error-checkin-invalid"):
            await guests.start(
                session,
                token="nope",
                user_id=GUEST,
                now=f.now(),
                opens_before=HOUR,
                default_duration=3 * HOUR,
            )
        with pytest.raises(CheckInNotOpen, match="error-checkin-early"):
            await represent(session, forum.id or 0, polri, now=f.now() - timedelta(hours=2))
        with pytest.raises(CheckInNotOpen, match="error-checkin-closed"):
            await represent(session, forum.id or 0, polri, now=f.now() + timedelta(hours=4))
        assert await f.count(session, Attendance) == 0


async def test_representable_lists_the_named_then_delegated_then_the_rest(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        forum, _ = await open_forum(session)
        plain = await f.member(session, pillar_code="KEJAKSAAN")
        delegated = await f.member(session, pillar_code="BAWASLU")
        named = await f.member(session, pillar_code="TNI")
        present = await f.member(session, pillar_code="POLRI")
        await f.answer(session, forum=forum, member=delegated, answer=RsvpAnswer.DELEGATED)
        await f.answer(
            session,
            forum=forum,
            member=named,
            answer=RsvpAnswer.DELEGATED,
            delegate_name="Serka Agus",
            delegate_position="Danramil",
        )
        await attendance.check_in(
            session,
            token=forum.checkin_token or "",
            member=present,
            now=f.now(),
            opens_before=HOUR,
            default_duration=3 * HOUR,
        )
        listing = await guests.representable_page(session, forum.id or 0, 0, name="serka  AGUS")
        assert [e.member.id for e in listing.entries] == [named.id, delegated.id, plain.id]
        assert [(e.named, e.delegated) for e in listing.entries] == [
            (True, True),
            (False, True),
            (False, False),
        ]
        # A page past the end shows the last one.
        assert (await guests.representable_page(session, forum.id or 0, 9)).page == 0


async def test_a_walk_in_guest_and_a_desk_representative(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        forum = await f.forum(session, by=admin, starts_in=timedelta(minutes=30))
        polri = await f.member(session, pillar_code="POLRI", full_name="Hendra Kurniawan")
        walk_in = await guests.add_guest(
            session,
            forum_id=forum.id or 0,
            details=guests.GuestDetails("Budi", "Dinas Kominfo", "Kabid"),
            member_id=None,
            admin_user_id=admin.telegram_user_id,
            now=f.now(),
            opens_before=HOUR,
        )
        assert walk_in.member is None and walk_in.attendance.is_guest
        desk = await guests.add_guest(
            session,
            forum_id=forum.id or 0,
            details=DETAILS,
            member_id=polri.id,
            admin_user_id=admin.telegram_user_id,
            now=f.now(),
            opens_before=HOUR,
        )
        assert desk.member is not None and desk.attendance.marked_by == admin.telegram_user_id
        with pytest.raises(ServiceError, match="error-represent-taken"):
            await guests.add_guest(
                session,
                forum_id=forum.id or 0,
                details=DETAILS,
                member_id=polri.id,
                admin_user_id=admin.telegram_user_id,
                now=f.now(),
                opens_before=HOUR,
            )
        with pytest.raises(CheckInNotOpen, match="error-checkin-early"):
            await guests.add_guest(
                session,
                forum_id=forum.id or 0,
                details=DETAILS,
                member_id=None,
                admin_user_id=admin.telegram_user_id,
                now=f.now() - timedelta(hours=2),
                opens_before=HOUR,
            )
        audits = await f.rows(session, AuditEntry, AuditEntry.action == "attendance.guest")
        assert [a.target for a in audits] == [
            f"forum:{forum.id}",
            f"forum:{forum.id}:member:{polri.id}",
        ]

        sheet = await exports.attendance_sheet(
            session, forum, now=f.now(), default_duration=3 * HOUR
        )
        represented = next(r for r in sheet.rows if r.name == "Hendra Kurniawan")
        assert represented.remark == Remark.REPRESENTED
        assert (represented.checkin_delegate, represented.checkin_delegate_position) == (
            "Dwi Santoso",
            "Kabag Ops",
        )
        assert represented.checkin_delegate_institution == "Polres Mojokerto Kota"
        last = sheet.rows[-1]
        assert (last.guest, last.name, last.institution, last.remark) == (
            True,
            "Budi",
            "Dinas Kominfo",
            Remark.GUEST,
        )
        recap = await reports.recap(session, forum)
        assert recap.guests == 1 and recap.total.checked_in == 1

        # Undoing the represented member's check-in by hand takes the representative's row.
        await attendance.mark(
            session,
            forum_id=forum.id or 0,
            member_id=polri.id or 0,
            present=False,
            admin_user_id=admin.telegram_user_id,
            reason="salah pilih",
            now=f.now(),
            opens_before=HOUR,
        )
        assert [r.member_id for r in await f.rows(session, Attendance)] == [None]
