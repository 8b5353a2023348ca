"""Forums: creation, publishing with invitations, listing (SPEC sections 3-4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import text as bot_text
from bot.services import audit
from bot.services.attachments import Attachment
from bot.services.errors import ServiceError
from bot.services.members import clean_text
from models import (
    Forum,
    ForumPillar,
    ForumStatus,
    Member,
    MemberStatus,
    Pillar,
    Rsvp,
)

TITLE_MAX = 200
VENUE_MAX = 300
AGENDA_MAX = 2000
# How a forum's pillars are listed (the id settles equal sort orders the same way each time).
PILLAR_ORDER = (col(Pillar.sort_order), col(Pillar.id))


@dataclass
class ForumDraft:
    """The answers of `/forum_baru` so far; times are aware UTC."""

    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    venue: str = ""
    agenda: str = ""
    pillar_ids: set[int] = field(default_factory=set)
    rsvp_deadline: datetime | None = None
    # Seats for attending and delegated answers; None: no limit (`waitlist.parse_capacity`).
    capacity: int | None = None
    # Seconds before the start, largest first; None: not chosen yet (the configured ones).
    reminder_offsets: tuple[int, ...] | None = None
    reminder_note: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    map_url: str | None = None
    # A recurring series: "weekly" or "monthly", `occurrences` forums (`bot.services.series`).
    repeat: str | None = None
    occurrences: int = 1
    # A duplicate ("📄 Duplikat"): the forum it copies, and that forum's length (end - start).
    duplicate_of: int | None = None
    duration: timedelta | None = None
    # ... and how long before its start its RSVP deadline was.
    deadline_lead: timedelta | None = None
    # The invitation's attachment, sent after each invitation; None: no file.
    attachment: Attachment | None = None


def check_end(draft: ForumDraft, ends_at: datetime) -> datetime:
    """Raises ServiceError `error-end-before-start` unless the end is after the start."""
    if draft.starts_at is None or ends_at <= draft.starts_at:
        raise ServiceError("error-end-before-start")
    return ends_at


def check_deadline(draft: ForumDraft, deadline: datetime) -> datetime:
    """Raises ServiceError `error-deadline-after-start` unless the deadline precedes the start."""
    if draft.starts_at is None or deadline > draft.starts_at:
        raise ServiceError("error-deadline-after-start")
    return deadline


@dataclass(frozen=True)
class Published:
    """A published forum, its pillars in display order, and the members it invites.

    `invitees` are the approved members of those pillars, reachable or not (`bot.notices`
    queues an invitation to each; a blocked member's is recorded as blocked).
    """

    forum: Forum
    pillars: Sequence[Pillar]
    invitees: Sequence[Member]

    @property
    def invited(self) -> int:
        """How many members are invited."""
        return len(self.invitees)


async def publish(
    session: AsyncSession,
    draft: ForumDraft,
    *,
    admin: Member,
    now: datetime,
    series_id: int | None = None,
) -> Published:
    """Store a forum as published (audit-logged) and name the members it invites.

    The draft's reminder offsets, note, pin, map link and attachment are stored with it;
    `series_id` names the series it belongs to (`bot.services.series.publish_series`). The
    caller queues the invitations (`bot.notices.forums.invitations`) and commits.

    Raises:
        ServiceError: `error-forum-incomplete`, `error-date-past`, `error-no-pillars`,
            `error-unknown-pillar`, `error-pillar-hidden`, or a text error.
    """
    if draft.starts_at is None or not draft.title or not draft.venue:
        raise ServiceError("error-forum-incomplete")
    if draft.starts_at <= now:
        raise ServiceError("error-date-past")
    if not draft.pillar_ids:
        raise ServiceError("error-no-pillars")
    pillars = (
        await session.exec(select(Pillar).where(col(Pillar.id).in_(draft.pillar_ids)))
    ).all()
    if len(pillars) != len(draft.pillar_ids):
        raise ServiceError("error-unknown-pillar")
    hidden = next((p for p in pillars if p.is_hidden), None)
    if hidden is not None:  # hidden while the draft was being filled
        raise ServiceError("error-pillar-hidden", name=hidden.name)
    forum = Forum(
        title=clean_text(draft.title, max_length=TITLE_MAX),
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        venue=clean_text(draft.venue, max_length=VENUE_MAX),
        agenda=bot_text.clean_text(draft.agenda)[:AGENDA_MAX],
        rsvp_deadline=draft.rsvp_deadline,
        capacity=draft.capacity if draft.capacity and draft.capacity > 0 else None,
        reminder_offsets=(
            None
            if draft.reminder_offsets is None
            else sorted(draft.reminder_offsets, reverse=True)
        ),
        reminder_note=draft.reminder_note,
        latitude=draft.latitude,
        longitude=draft.longitude,
        map_url=draft.map_url,
        series_id=series_id,
        file_kind=draft.attachment.kind if draft.attachment else None,
        file_id=draft.attachment.file_id if draft.attachment else None,
        file_name=draft.attachment.file_name if draft.attachment else None,
        status=ForumStatus.PUBLISHED,
        created_by=admin.id or 0,
        created_at=now,
        published_at=now,
    )
    session.add(forum)
    await session.flush()
    session.add_all(ForumPillar(forum_id=forum.id or 0, pillar_id=p.id or 0) for p in pillars)
    pillars = sorted(pillars, key=lambda p: p.sort_order)
    invitees = await invited_members(session, forum.id or 0, [p.id or 0 for p in pillars])
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.publish",
        target=f"forum:{forum.id}",
        invited=len(invitees),
        **({} if series_id is None else {"series": series_id}),
    )
    return Published(forum=forum, pillars=pillars, invitees=invitees)


async def draft_from(session: AsyncSession, forum_id: int) -> ForumDraft:
    """A new draft prefilled from a forum ("📄 Duplikat"): title, venue, agenda, pillars,
    capacity, reminder offsets and note, pin, map link and attachment; no date, no
    answers, no series.

    Raises:
        ServiceError: `error-forum-not-found` (missing or a draft).
    """
    forum = await session.get(Forum, forum_id)
    if forum is None or forum.status == ForumStatus.DRAFT:
        raise ServiceError("error-forum-not-found")
    return ForumDraft(
        title=forum.title,
        venue=forum.venue,
        agenda=forum.agenda,
        pillar_ids={p.id or 0 for p in await forum_pillars(session, forum_id)},
        capacity=forum.capacity,
        reminder_offsets=(
            None if forum.reminder_offsets is None else tuple(forum.reminder_offsets)
        ),
        reminder_note=forum.reminder_note,
        latitude=forum.latitude,
        longitude=forum.longitude,
        map_url=forum.map_url,
        attachment=attachment_of(forum),
        duplicate_of=forum_id,
        duration=None if forum.ends_at is None else forum.ends_at - forum.starts_at,
        deadline_lead=(
            None if forum.rsvp_deadline is None else forum.starts_at - forum.rsvp_deadline
        ),
    )


def attachment_of(forum: Forum) -> Attachment | None:
    """The forum's invitation attachment, or None without one."""
    if forum.file_kind is None or forum.file_id is None:
        return None
    return Attachment(forum.file_kind, forum.file_id, forum.file_name)


def date_duplicate(draft: ForumDraft, starts_at: datetime, *, now: datetime) -> ForumDraft:
    """A duplicate's new start (aware UTC): its end keeps the original's duration, its RSVP
    deadline the original's distance to the start (dropped when that moment has passed).

    Raises:
        ServiceError: `error-date-past` (at or before `now`).
    """
    if starts_at <= now:
        raise ServiceError("error-date-past")
    draft.starts_at = starts_at
    draft.ends_at = None if draft.duration is None else starts_at + draft.duration
    deadline = None if draft.deadline_lead is None else starts_at - draft.deadline_lead
    draft.rsvp_deadline = deadline if deadline is not None and deadline > now else None
    return draft


async def invited_members(
    session: AsyncSession, forum_id: int, pillar_ids: Sequence[int] | None = None
) -> Sequence[Member]:
    """Approved members of the forum's invited pillars (reachable or not)."""
    if pillar_ids is None:
        pillar_ids = [p.id or 0 for p in await forum_pillars(session, forum_id)]
    query = (
        select(Member)
        .where(
            col(Member.pillar_id).in_(pillar_ids),
            Member.status == MemberStatus.APPROVED,
        )
        .order_by(col(Member.id))
    )
    return (await session.exec(query)).all()


async def forum_pillars(session: AsyncSession, forum_id: int) -> Sequence[Pillar]:
    """The pillars a forum invites, in display order."""
    query = (
        select(Pillar)
        .join(ForumPillar, col(ForumPillar.pillar_id) == Pillar.id)
        .where(ForumPillar.forum_id == forum_id)
        .order_by(*PILLAR_ORDER)
    )
    return (await session.exec(query)).all()


async def forum_with_pillars(
    session: AsyncSession, forum_id: int
) -> tuple[Forum, list[Pillar]] | None:
    """A forum by id with the pillars it invites, in display order (as `forum_pillars`), in
    one statement: an RSVP press needs both (None: no such forum)."""
    query = (
        select(Forum, Pillar)
        .outerjoin(ForumPillar, col(ForumPillar.forum_id) == Forum.id)
        .outerjoin(Pillar, col(Pillar.id) == ForumPillar.pillar_id)
        .where(Forum.id == forum_id)
        .order_by(*PILLAR_ORDER)
    )
    # Pillar is None in the one row of a forum that invites no pillar (the outer join).
    found: Sequence[tuple[Forum, Pillar | None]] = (await session.exec(query)).all()
    if not found:
        return None
    return found[0][0], [pillar for _, pillar in found if pillar is not None]


async def get_forum(session: AsyncSession, forum_id: int) -> Forum | None:
    """A forum by id, or None."""
    return await session.get(Forum, forum_id)


async def published_forum(
    session: AsyncSession,
    forum_id: int,
    *,
    allow_cancelled: bool = False,
    not_started_at: datetime | None = None,
    started_key: str = "error-forum-started",
) -> Forum:
    """A forum that has been published, the one check every forum action starts with.

    With `not_started_at`, a forum starting at or before that moment is refused too.

    Raises:
        ServiceError: `error-forum-not-found` (missing or a draft), `error-forum-cancelled`
            (unless `allow_cancelled`), `started_key` (started by `not_started_at`).
    """
    return ensure_published(
        await session.get(Forum, forum_id),
        allow_cancelled=allow_cancelled,
        not_started_at=not_started_at,
        started_key=started_key,
    )


def ensure_published(
    forum: Forum | None,
    *,
    allow_cancelled: bool = False,
    not_started_at: datetime | None = None,
    started_key: str = "error-forum-started",
) -> Forum:
    """`published_forum`'s checks on a forum already read (None: there is no such forum).

    Raises:
        ServiceError: as `published_forum`.
    """
    if forum is None or forum.status == ForumStatus.DRAFT:
        raise ServiceError("error-forum-not-found")
    if forum.status == ForumStatus.CANCELLED and not allow_cancelled:
        raise ServiceError("error-forum-cancelled")
    if not_started_at is not None and forum.starts_at <= not_started_at:
        raise ServiceError(started_key)
    return forum


async def upcoming(session: AsyncSession, *, now: datetime, limit: int = 20) -> Sequence[Forum]:
    """Published forums that have not started, soonest first."""
    query = (
        select(Forum)
        .where(Forum.status == ForumStatus.PUBLISHED, Forum.starts_at > now)
        .order_by(col(Forum.starts_at))
        .limit(limit)
    )
    return (await session.exec(query)).all()


async def past(session: AsyncSession, *, now: datetime, limit: int = 20) -> Sequence[Forum]:
    """Published or cancelled forums that have started, latest first (the dashboard)."""
    query = (
        select(Forum)
        .where(
            col(Forum.status).in_((ForumStatus.PUBLISHED, ForumStatus.CANCELLED)),
            Forum.starts_at <= now,
        )
        .order_by(col(Forum.starts_at).desc())
        .limit(limit)
    )
    return (await session.exec(query)).all()


@dataclass(frozen=True)
class ScheduleEntry:
    """One forum in a member's `/jadwal` with their answer (None: not answered)."""

    forum: Forum
    rsvp: Rsvp | None


async def schedule_for(
    session: AsyncSession, member: Member, *, now: datetime, limit: int | None = None
) -> list[ScheduleEntry]:
    """Upcoming published forums a member is invited to, with their answers."""
    query = (
        select(Forum, Rsvp)
        .join(ForumPillar, col(ForumPillar.forum_id) == Forum.id)
        .outerjoin(Rsvp, (col(Rsvp.forum_id) == Forum.id) & (col(Rsvp.member_id) == member.id))
        .where(
            ForumPillar.pillar_id == member.pillar_id,
            Forum.status == ForumStatus.PUBLISHED,
            Forum.starts_at > now,
        )
        .order_by(col(Forum.starts_at))
    )
    if limit is not None:
        query = query.limit(limit)
    rows = (await session.exec(query)).all()
    return [ScheduleEntry(forum=row[0], rsvp=row[1]) for row in rows]
