"""The data behind a forum's exports: the attendance list ("Daftar Hadir") and its recap.

SPEC section 4 (Reports). One query gathers every invitee's row whatever their number, so an
export costs the same few statements for 5 invitees or 2,000; the renderers in `bot.exports`
turn the result into PDF, XLSX and the summary without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import reports
from models import Attendance, Forum, ForumPillar, Member, MemberStatus, Pillar, Rsvp, RsvpAnswer


class Remark(StrEnum):
    """What the "Keterangan" column says about an invitee, in order of precedence.

    After a check-in: PRESENT or REPRESENTED (a delegate checked in); GUEST for a walk-in who
    represents nobody. Once the forum has ended without a check-in: ABSENT. Before the end
    (a list printed ahead for signatures), the RSVP: CONFIRMED, DELEGATED, DECLINED,
    WAITLISTED or NO_ANSWER.
    """

    PRESENT = "present"
    GUEST = "guest"
    REPRESENTED = "represented"
    ABSENT = "absent"
    CONFIRMED = "confirmed"
    DELEGATED = "delegated"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"
    NO_ANSWER = "unanswered"


@dataclass(frozen=True)
class SheetRow:
    """One line of the attendance list: an invitee, or a walk-in guest (`guest`).

    `answer` is None without an RSVP; `waitlisted` is true while the answer waits for a seat.
    `checked_in_at` (aware UTC) is None without a check-in; `checkin_delegate`,
    `checkin_delegate_position` and `checkin_delegate_institution` describe who came in the
    member's place (the last two None when nobody said). A guest's row has the guest's own
    name, institution and position, an empty `pillar` and no answer.
    """

    name: str
    institution: str
    position: str
    pillar: str
    answer: RsvpAnswer | None
    delegate_name: str | None
    delegate_position: str | None
    waitlisted: bool
    checked_in_at: datetime | None
    checkin_delegate: str | None
    remark: Remark
    checkin_delegate_position: str | None = None
    checkin_delegate_institution: str | None = None
    guest: bool = False


@dataclass(frozen=True)
class AttendanceSheet:
    """A forum's attendance list at `generated_at` (aware UTC): invitees in pillar then name
    order, then walk-in guests in the order they came.

    `ended` tells whether the forum's end had passed then (remarks say "absent" only after
    it); `recap` holds the per-pillar counts for the summary.
    """

    forum: Forum
    rows: list[SheetRow]
    recap: reports.Recap
    generated_at: datetime
    ended: bool


def forum_end(forum: Forum, *, default_duration: int) -> datetime:
    """When a forum ends (aware UTC): its end, or its start plus `default_duration` seconds."""
    return forum.ends_at or forum.starts_at + timedelta(seconds=default_duration)


def remark_for(
    *,
    answer: RsvpAnswer | None,
    waitlisted: bool,
    checked_in: bool,
    checkin_delegate: str | None,
    ended: bool,
) -> Remark:
    """The "Keterangan" of one invitee (precedence as in `Remark`)."""
    if checked_in:
        return Remark.REPRESENTED if checkin_delegate else Remark.PRESENT
    if ended:
        return Remark.ABSENT
    if answer is None:
        return Remark.NO_ANSWER
    if waitlisted:
        return Remark.WAITLISTED
    return {
        RsvpAnswer.ATTENDING: Remark.CONFIRMED,
        RsvpAnswer.DELEGATED: Remark.DELEGATED,
        RsvpAnswer.DECLINED: Remark.DECLINED,
    }[answer]


# Of an attendance row: the member, the pillar's name, the RSVP and the check-in (their
# ids tell an outer join's None row from a row with empty fields).
_SHEET_COLUMNS = (
    col(Member.full_name),
    col(Member.institution),
    col(Member.position),
    col(Pillar.name),
    col(Rsvp.id),
    col(Rsvp.answer),
    col(Rsvp.delegate_name),
    col(Rsvp.delegate_position),
    col(Rsvp.waitlisted_at),
    col(Attendance.id),
    col(Attendance.checked_in_at),
    col(Attendance.delegate_name),
    col(Attendance.delegate_position),
    col(Attendance.delegate_institution),
)


async def attendance_sheet(
    session: AsyncSession, forum: Forum, *, now: datetime, default_duration: int
) -> AttendanceSheet:
    """Every approved member of the forum's invited pillars with their RSVP and check-in,
    then the walk-in guests who represent nobody.

    The invitees are those of `bot.services.forums.invited_members`. One query reads all
    rows (members joined with their pillar, the forum's RSVPs and check-ins outer-joined),
    one the guests, and `reports.recap` adds its grouped ones: the statement count does not
    grow with the number of invitees.

    Args:
        now: the moment of the export (aware UTC); the forum has ended when `now` is past
            its end.
        default_duration: seconds a forum without an end time lasts
            (`settings.forum_default_duration`).
    """
    # Columns, not ORM objects: at 10,000 invitees the (Member, Rsvp, Attendance) objects
    # took about 40 MB of the bot's memory for the few fields a row prints.
    # sqlalchemy's own select: sqlmodel's is typed for at most four columns.
    query = (
        select_columns(*_SHEET_COLUMNS)
        .join(Pillar, col(Pillar.id) == Member.pillar_id)
        .join(
            ForumPillar,
            (col(ForumPillar.pillar_id) == Pillar.id) & (col(ForumPillar.forum_id) == forum.id),
        )
        .outerjoin(Rsvp, (col(Rsvp.member_id) == Member.id) & (col(Rsvp.forum_id) == forum.id))
        .outerjoin(
            Attendance,
            (col(Attendance.member_id) == Member.id) & (col(Attendance.forum_id) == forum.id),
        )
        .where(col(Member.status) == MemberStatus.APPROVED)
        .order_by(
            col(Pillar.sort_order),
            col(Pillar.name),
            func.lower(col(Member.full_name)),
            col(Member.id),
        )
    )
    ended = now >= forum_end(forum, default_duration=default_duration)
    connection = await session.connection()  # core rows: no ORM objects at all
    rows = []
    # The outer joins give None ids where a member has no RSVP or no check-in.
    for (
        name,
        institution,
        position,
        pillar,
        rsvp_id,
        rsvp_answer,
        delegate_name,
        delegate_position,
        waitlisted_at,
        attendance_id,
        checked_in_at,
        checkin_delegate,
        checkin_delegate_position,
        checkin_delegate_institution,
    ) in (await connection.execute(query)).all():
        answer = RsvpAnswer(rsvp_answer) if rsvp_id is not None else None
        waitlisted = rsvp_id is not None and waitlisted_at is not None
        checked_in = attendance_id is not None
        rows.append(
            SheetRow(
                name=name,
                institution=institution,
                position=position,
                pillar=pillar,
                answer=answer,
                delegate_name=delegate_name,
                delegate_position=delegate_position,
                waitlisted=waitlisted,
                checked_in_at=checked_in_at,
                checkin_delegate=checkin_delegate,
                checkin_delegate_position=checkin_delegate_position,
                checkin_delegate_institution=checkin_delegate_institution,
                remark=remark_for(
                    answer=answer,
                    waitlisted=waitlisted,
                    checked_in=checked_in,
                    checkin_delegate=checkin_delegate,
                    ended=ended,
                ),
            )
        )
    guests = await session.exec(
        select(Attendance)
        .where(Attendance.forum_id == forum.id, col(Attendance.member_id).is_(None))
        .order_by(col(Attendance.checked_in_at), col(Attendance.id))
    )
    rows.extend(
        SheetRow(
            name=guest.delegate_name or "",
            institution=guest.delegate_institution or "",
            position=guest.delegate_position or "",
            pillar="",
            answer=None,
            delegate_name=None,
            delegate_position=None,
            waitlisted=False,
            checked_in_at=guest.checked_in_at,
            checkin_delegate=None,
            remark=Remark.GUEST,
            guest=True,
        )
        for guest in guests.all()
    )
    return AttendanceSheet(
        forum=forum,
        rows=rows,
        recap=await reports.recap(session, forum),
        generated_at=now,
        ended=ended,
    )
