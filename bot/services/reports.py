"""The RSVP recap per pillar (`/rekap`, and the admins' summary at the first reminder)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func
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
        return added_up(self.pillars)


def added_up(pillars: Sequence[PillarRecap], name: str = "") -> PillarRecap:
    """The counts of `pillars` summed, as one (not core) pillar named `name`."""
    return PillarRecap(
        name=name,
        is_core=False,
        invited=sum(p.invited for p in pillars),
        attending=sum(p.attending for p in pillars),
        delegated=sum(p.delegated for p in pillars),
        declined=sum(p.declined for p in pillars),
        waitlisted=sum(p.waitlisted for p in pillars),
        checked_in=sum(p.checked_in for p in pillars),
    )


async def recap(session: AsyncSession, forum: Forum) -> Recap:
    """Count invitees, answers and check-ins per invited pillar (and the walk-in guests) in
    three grouped queries."""
    return (await recaps(session, [forum]))[0]


async def recaps(session: AsyncSession, forums: Sequence[Forum]) -> list[Recap]:
    """`recap` of each of `forums`, in their order, in three grouped queries for all of them
    (the dashboard's forum list shows up to 40)."""
    ids = [forum.id for forum in forums]
    if not ids:
        return []
    # Each invited pillar's approved members are counted by a subquery per pillar, which
    # reads that pillar's entries of an index on member.pillar_id. As an outer join
    # grouped by pillar, PostgreSQL hashed the whole member table (60,000 rows, about
    # 40 ms) for a forum inviting 10,000 of them.
    approved = (
        select(func.count(col(Member.id)))
        .where(col(Member.pillar_id) == Pillar.id, col(Member.status) == MemberStatus.APPROVED)
        .correlate(Pillar)
        .scalar_subquery()
    )
    invited_query = (
        select(ForumPillar.forum_id, Pillar, approved)
        .join(ForumPillar, col(ForumPillar.pillar_id) == Pillar.id)
        .where(col(ForumPillar.forum_id).in_(ids))
        .order_by(col(ForumPillar.forum_id), col(Pillar.sort_order))
    )
    # A waitlisted answer has no seat yet: it is counted as its own kind.
    kind = case((col(Rsvp.waitlisted_at).is_not(None), "waitlisted"), else_=col(Rsvp.answer))
    answers_query = (
        select(Rsvp.forum_id, Member.pillar_id, kind, func.count(col(Rsvp.id)))
        .join(Member, col(Member.id) == Rsvp.member_id)
        .where(col(Rsvp.forum_id).in_(ids), Member.status == MemberStatus.APPROVED)
        .group_by(col(Rsvp.forum_id), col(Member.pillar_id), kind)
    )
    answers: dict[tuple[int, int | None, str], int] = {
        (forum_id, pillar_id, str(answer)): count
        for forum_id, pillar_id, answer, count in (await session.exec(answers_query)).all()
    }
    # Walk-in guests who represent nobody have no member: they count under the pillar None.
    checkins_query = (
        select(Attendance.forum_id, Member.pillar_id, func.count(col(Attendance.id)))
        .outerjoin(Member, col(Member.id) == Attendance.member_id)
        .where(col(Attendance.forum_id).in_(ids))
        .group_by(col(Attendance.forum_id), col(Member.pillar_id))
    )
    checkins: dict[tuple[int, int | None], int] = {
        (forum_id, pillar_id): count
        for forum_id, pillar_id, count in (await session.exec(checkins_query)).all()
    }
    rows: dict[int, list[PillarRecap]] = {forum_id: [] for forum_id in ids if forum_id}
    for forum_id, pillar, invited in (await session.exec(invited_query)).all():
        pillar_id = pillar.id
        rows[forum_id].append(
            PillarRecap(
                name=pillar.name,
                is_core=pillar.is_core,
                invited=invited,
                attending=answers.get((forum_id, pillar_id, RsvpAnswer.ATTENDING), 0),
                delegated=answers.get((forum_id, pillar_id, RsvpAnswer.DELEGATED), 0),
                declined=answers.get((forum_id, pillar_id, RsvpAnswer.DECLINED), 0),
                waitlisted=answers.get((forum_id, pillar_id, "waitlisted"), 0),
                checked_in=checkins.get((forum_id, pillar_id), 0),
            )
        )
    return [
        Recap(
            forum=forum,
            pillars=rows.get(forum.id or 0, []),
            guests=checkins.get((forum.id or 0, None), 0),
        )
        for forum in forums
    ]
