"""RSVP answers: attending, delegated (with the representative) or declined (SPEC section 4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import forums, groups, waitlist
from bot.services.errors import ServiceError
from bot.services.forums import published_forum
from bot.services.members import NAME_MAX, POSITION_MAX, clean_text
from models import (
    Forum,
    ForumPillar,
    Member,
    MemberStatus,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Pillar,
    Rsvp,
    RsvpAnswer,
)


def _ensure_approved(member: Member | None) -> Member:
    if member is None or member.status != MemberStatus.APPROVED:
        raise ServiceError("error-not-member")
    return member


async def invited_forum(session: AsyncSession, *, forum_id: int, member: Member | None) -> Forum:
    """The forum if it is published and this approved member's pillar is invited.

    Raises:
        ServiceError: `error-not-member` (unregistered or not approved), `error-forum-not-found`,
            `error-forum-cancelled`, `error-not-invited`.
    """
    member = _ensure_approved(member)
    forum = await published_forum(session, forum_id)
    if await session.get(ForumPillar, (forum_id, member.pillar_id)) is None:
        raise ServiceError("error-not-invited")
    return forum


def is_open(forum: Forum, *, now: datetime) -> bool:
    """Answers are taken until the RSVP deadline, or the start when there is none."""
    return now < min(forum.starts_at, forum.rsvp_deadline or forum.starts_at)


async def open_forum_for(
    session: AsyncSession, *, forum_id: int, member: Member | None, now: datetime
) -> Forum:
    """The forum if this member may answer its invitation now.

    Raises:
        ServiceError: as `invited_forum`, or `error-rsvp-closed` (deadline or start passed).
    """
    forum, _pillars = await _open_forum_with_pillars(
        session, forum_id, _ensure_approved(member), now=now
    )
    return forum


async def get_rsvp(session: AsyncSession, *, forum_id: int, member_id: int) -> Rsvp | None:
    """A member's current answer to a forum, or None."""
    return (
        await session.exec(
            select(Rsvp).where(Rsvp.forum_id == forum_id, Rsvp.member_id == member_id)
        )
    ).first()


@dataclass(frozen=True)
class RsvpOutcome:
    """The stored answer and whether this call changed it (a double tap changes nothing).

    `pillars` are the pillars the forum invites, in display order (the invitation lists
    them); `group_posts` whether the forum was posted to a group (a changed answer changes
    the counts there). `waitlist_position` is the answer's place on the waitlist (from 1;
    None: not waiting); `promoted` are the waiting answers this change gave a seat (the
    caller has them told: `bot.notices.waitlist.promotions`); `left_waitlist` when this
    answer was waiting and no longer is. Either moves up everyone still waiting.
    """

    forum: Forum
    pillars: tuple[Pillar, ...]
    rsvp: Rsvp
    changed: bool
    group_posts: bool
    waitlist_position: int | None = None
    promoted: tuple[waitlist.Promotion, ...] = ()
    left_waitlist: bool = False

    @property
    def waitlist_moved(self) -> bool:
        """Whether the places of the answers still waiting changed."""
        return bool(self.promoted) or self.left_waitlist


async def _open_forum_with_pillars(
    session: AsyncSession, forum_id: int, member: Member, *, now: datetime
) -> tuple[Forum, tuple[Pillar, ...]]:
    """The forum, if this approved member may answer its invitation now, with the pillars
    it invites, read in one statement (the press path's, docs/PERFORMANCE.md).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`, `error-not-invited`,
            `error-rsvp-closed` (deadline or start passed).
    """
    found = await forums.forum_with_pillars(session, forum_id)
    forum = forums.ensure_published(found[0] if found is not None else None)
    pillars = tuple(found[1]) if found is not None else ()
    if member.pillar_id not in {pillar.id for pillar in pillars}:
        raise ServiceError("error-not-invited")
    if not is_open(forum, now=now):
        raise ServiceError("error-rsvp-closed")
    return forum, pillars


async def record(
    session: AsyncSession,
    *,
    forum_id: int,
    member: Member | None,
    answer: RsvpAnswer,
    now: datetime,
    delegate_name: str | None = None,
    delegate_position: str | None = None,
) -> RsvpOutcome:
    """Record or change a member's answer.

    A delegated answer needs the representative's name and position. With a capacity, an
    answer beyond it waits and a freed seat goes to the first waiting (`bot.services.waitlist`).
    The caller queues the promoted members' messages and commits.

    Raises:
        ServiceError: as `open_forum_for`, `error-delegate-missing`, or a text error.
    """
    member = _ensure_approved(member)
    assert member.id is not None
    # Checked before the forum is locked: a refusal, told while the session is still open,
    # holds up no other answer.
    forum, pillars = await _open_forum_with_pillars(session, forum_id, member, now=now)
    if answer == RsvpAnswer.DELEGATED:
        if not delegate_name or not delegate_position:
            raise ServiceError("error-delegate-missing")
        delegate_name = clean_text(delegate_name, max_length=NAME_MAX)
        delegate_position = clean_text(delegate_position, max_length=POSITION_MAX)
    else:
        delegate_name = delegate_position = None
    # Seats are counted under the forum's row lock, read afresh (SPEC section 4, waitlist).
    forum = await waitlist.lock_forum(session, forum_id) or forum
    # Read after the lock is taken (a statement of its own): as the last answer left them.
    found = (
        await session.exec(
            select(Rsvp, waitlist.anyone_waiting(forum_id), groups.posted(forum_id))
            .select_from(Forum)
            .outerjoin(Rsvp, (col(Rsvp.forum_id) == Forum.id) & (col(Rsvp.member_id) == member.id))
            .where(Forum.id == forum_id)
        )
    ).one()
    rsvp: Rsvp | None = found[0]  # None: no answer yet (the outer join found none)
    anyone_waiting, group_posts = bool(found[1]), bool(found[2])
    if rsvp is not None and (rsvp.answer, rsvp.delegate_name, rsvp.delegate_position) == (
        answer,
        delegate_name,
        delegate_position,
    ):
        position = await waitlist.position(session, rsvp)
        return RsvpOutcome(
            forum,
            pillars,
            rsvp,
            changed=False,
            group_posts=group_posts,
            waitlist_position=position,
        )
    waitlisted_at = await waitlist.placement(session, forum, rsvp, answer, now=now)
    was_waiting = rsvp is not None and await waitlist.position(session, rsvp) is not None
    if rsvp is None:
        rsvp = Rsvp(forum_id=forum_id, member_id=member.id, answer=answer)
    rsvp.answer = answer
    rsvp.delegate_name = delegate_name
    rsvp.delegate_position = delegate_position
    rsvp.answered_at = now
    rsvp.waitlisted_at = waitlisted_at
    session.add(rsvp)
    await session.flush()
    # Without a capacity `promote` seats whoever waits: with nobody waiting, nobody.
    promoted = (
        await waitlist.promote(session, forum, now=now)
        if forum.capacity is not None or anyone_waiting
        else []
    )
    position = await waitlist.position(session, rsvp)
    return RsvpOutcome(
        forum,
        pillars,
        rsvp,
        changed=True,
        group_posts=group_posts,
        waitlist_position=position,
        promoted=tuple(promoted),
        left_waitlist=was_waiting and position is None,
    )


@dataclass(frozen=True)
class SentInvitation:
    """A member's invitation message as Telegram holds it, and what it should now show: the
    member's answer and waitlist place (None: not waiting)."""

    member: Member
    rsvp: Rsvp | None
    waitlist_position: int | None
    chat_id: int
    message_id: int


async def sent_invitations(
    session: AsyncSession, forum_id: int, *, member_ids: Iterable[int], waiting: bool
) -> list[SentInvitation]:
    """The sent invitations of the members `member_ids` and, with `waiting`, of everyone on
    the forum's waitlist (chat and message id from the invitation's outbox row), in the
    waitlist's order then by member id. Invitations not sent (yet) are left out."""
    queue = await waitlist.waiting(session, forum_id) if waiting else []
    places = {r.member_id: index for index, r in enumerate(queue, start=1)}
    wanted = set(member_ids) | set(places)
    if not wanted:
        return []
    found = (
        await session.exec(
            select(OutboxMessage, Member)
            .join(Member, col(Member.id) == OutboxMessage.member_id)
            .where(
                OutboxMessage.kind == OutboxKind.INVITATION,
                OutboxMessage.forum_id == forum_id,
                OutboxMessage.status == OutboxStatus.SENT,
                col(OutboxMessage.telegram_message_id).is_not(None),
                col(OutboxMessage.member_id).in_(wanted),
            )
        )
    ).all()
    answers = {
        r.member_id: r
        for r in (
            await session.exec(
                select(Rsvp).where(Rsvp.forum_id == forum_id, col(Rsvp.member_id).in_(wanted))
            )
        ).all()
    }
    result = []
    for row, member in found:
        answer = answers.get(member.id or 0)
        place = places.get(member.id or 0)
        if place is None and answer is not None:
            place = await waitlist.position(session, answer)
        result.append(
            SentInvitation(
                member=member,
                rsvp=answer,
                waitlist_position=place,
                chat_id=row.chat_id,
                message_id=row.telegram_message_id or 0,
            )
        )
    result.sort(
        key=lambda s: (s.waitlist_position is None, s.waitlist_position or 0, s.member.id or 0)
    )
    return result
