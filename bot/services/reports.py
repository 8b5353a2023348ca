"""The RSVP recap per pillar (`/rekap`, and the admins' summary at the first reminder)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Attendance, Forum, ForumPillar, Member, MemberStatus, Pillar, Rsvp, RsvpAnswer


@dataclass(frozen=True)
class PillarRecap:
    """Counts for one invited pillar (`name` as users read it); `no_answer` = invited -
    answered.

    `attending` and `delegated` hold seats; answers waiting for a seat are in `waitlisted`
    only. `checked_in` counts check-ins at the venue (by QR or by hand).
    """

    name: str
    is_core: bool
    invited: int
    attending: int
    delegated: int
    declined: int
    waitlisted: int = 0
    checked_in: int = 0

    @property
    def no_answer(self) -> int:
        return self.invited - self.attending - self.delegated - self.declined - self.waitlisted

    @property
    def confirmed(self) -> int:
        """People who will be there: in person or by a representative."""
        return self.attending + self.delegated

    @property
    def bars(self) -> tuple[int, int, int, int]:
        """The pillar's bar in the recap's charts, as the recap's text counts: attending in
        person (hadir), by a representative (diwakilkan), declined (tidak hadir), and no
        answer yet (belum; a waitlisted answer has no seat yet, so it is counted here)."""
        return (self.attending, self.delegated, self.declined, self.no_answer + self.waitlisted)


@dataclass(frozen=True)
class Recap:
    """A forum's recap; `core_missing` names the core pillars with nobody confirmed; `guests`
    counts the walk-in guests who represent no invitee (in no pillar's counts)."""

    forum: Forum
    pillars: list[PillarRecap]
    guests: int = 0

    @property
    def core_missing(self) -> list[str]:
        return [p.name for p in self.pillars if p.is_core and p.confirmed == 0]

    @property
    def total(self) -> PillarRecap:
        return PillarRecap(
            name="",
            is_core=False,
            invited=sum(p.invited for p in self.pillars),
            attending=sum(p.attending for p in self.pillars),
            delegated=sum(p.delegated for p in self.pillars),
            declined=sum(p.declined for p in self.pillars),
            waitlisted=sum(p.waitlisted for p in self.pillars),
            checked_in=sum(p.checked_in for p in self.pillars),
        )


async def recap(session: AsyncSession, forum: Forum) -> Recap:
    """Count invitees, answers and check-ins per invited pillar (and the walk-in guests) in
    three grouped queries."""
    invited_query = (
        select(Pillar.id, Pillar.name, Pillar.is_core, func.count(col(Member.id)))
        .join(ForumPillar, col(ForumPillar.pillar_id) == Pillar.id)
        .outerjoin(
            Member,
            (col(Member.pillar_id) == Pillar.id) & (col(Member.status) == MemberStatus.APPROVED),
        )
        .where(ForumPillar.forum_id == forum.id)
        .group_by(col(Pillar.id), col(Pillar.name), col(Pillar.is_core), col(Pillar.sort_order))
        .order_by(col(Pillar.sort_order))
    )
    waiting = col(Rsvp.waitlisted_at).is_not(None)
    answers_query = (
        select(Member.pillar_id, Rsvp.answer, waiting, func.count(col(Rsvp.id)))
        .join(Member, col(Member.id) == Rsvp.member_id)
        .where(Rsvp.forum_id == forum.id, Member.status == MemberStatus.APPROVED)
        .group_by(col(Member.pillar_id), col(Rsvp.answer), waiting)
    )
    answers: dict[tuple[int | None, str], int] = {}
    for pillar_id, answer, waitlisted, count in (await session.exec(answers_query)).all():
        key = (pillar_id, "waitlisted" if waitlisted else answer)
        answers[key] = answers.get(key, 0) + count
    # Walk-in guests who represent nobody have no member: they count under the pillar None.
    checkins_query = (
        select(Member.pillar_id, func.count(col(Attendance.id)))
        .outerjoin(Member, col(Member.id) == Attendance.member_id)
        .where(Attendance.forum_id == forum.id)
        .group_by(col(Member.pillar_id))
    )
    checkins: dict[int | None, int] = dict((await session.exec(checkins_query)).all())
    rows = [
        PillarRecap(
            name=name,
            is_core=is_core,
            invited=invited,
            attending=answers.get((pillar_id, RsvpAnswer.ATTENDING), 0),
            delegated=answers.get((pillar_id, RsvpAnswer.DELEGATED), 0),
            declined=answers.get((pillar_id, RsvpAnswer.DECLINED), 0),
            waitlisted=answers.get((pillar_id, "waitlisted"), 0),
            checked_in=checkins.get(pillar_id, 0),
        )
        for pillar_id, name, is_core, invited in (await session.exec(invited_query)).all()
    ]
    return Recap(forum=forum, pillars=rows, guests=checkins.get(None, 0))
