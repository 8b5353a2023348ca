"""Tests for bot.services.rsvp: recording, changing and refusing answers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.services import rsvp
from bot.services.errors import ServiceError
from models import Forum, ForumStatus, Member, MemberStatus, Rsvp, RsvpAnswer
from tests import factories as f


async def setup(
    session: AsyncSession,
    *,
    at: datetime | None = None,
    starts_in: timedelta = timedelta(days=3),
    rsvp_deadline_in: timedelta | None = None,
) -> tuple[Forum, Member]:
    admin = await f.admin(session)
    member = await f.member(session, pillar_code="POLRI")
    forum = await f.forum(
        session,
        by=admin,
        pillar_codes=("POLRI", "TNI"),
        at=at,
        starts_in=starts_in,
        rsvp_deadline_in=rsvp_deadline_in,
    )
    await session.commit()
    return forum, member


async def record(
    session: AsyncSession,
    forum: Forum,
    member: Member | None,
    answer: RsvpAnswer,
    **kwargs: object,
) -> rsvp.RsvpOutcome:
    kwargs.setdefault("now", f.now())
    return await rsvp.record(
        session,
        forum_id=forum.id or 0,
        member=member,
        answer=answer,
        **kwargs,  # type: ignore[arg-type]
    )


async def test_attending_is_recorded(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        forum, member = await setup(session)
        outcome = await record(session, forum, member, RsvpAnswer.ATTENDING, now=now)
        await session.commit()
    assert outcome.changed
    assert outcome.forum.id == forum.id
    assert outcome.rsvp.answer == RsvpAnswer.ATTENDING
    async with sessions() as session:
        stored = await f.rows(session, Rsvp)
    assert [(r.forum_id, r.member_id, r.answer, r.answered_at) for r in stored] == [
        (forum.id, member.id, RsvpAnswer.ATTENDING, now)
    ]


async def test_answer_can_be_changed(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        forum, member = await setup(session)
        await record(session, forum, member, RsvpAnswer.ATTENDING, now=now)
        await session.commit()
    async with sessions() as session:
        outcome = await record(
            session, forum, member, RsvpAnswer.DECLINED, now=now + timedelta(minutes=5)
        )
        await session.commit()
    assert outcome.changed
    async with sessions() as session:
        stored = await f.rows(session, Rsvp)
    assert [(r.answer, r.answered_at) for r in stored] == [
        (RsvpAnswer.DECLINED, now + timedelta(minutes=5))
    ]


async def test_double_tap_changes_nothing(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        forum, member = await setup(session)
        await record(session, forum, member, RsvpAnswer.ATTENDING, now=now)
        await session.commit()
    async with sessions() as session:
        outcome = await record(
            session, forum, member, RsvpAnswer.ATTENDING, now=now + timedelta(seconds=1)
        )
        await session.commit()
    assert not outcome.changed
    assert outcome.rsvp.answer == RsvpAnswer.ATTENDING
    async with sessions() as session:
        stored = await f.rows(session, Rsvp)
    assert [(r.answer, r.answered_at) for r in stored] == [(RsvpAnswer.ATTENDING, now)]


async def test_delegated_stores_the_representative(sessions: SessionMaker) -> None:
    async with sessions() as session:
        forum, member = await setup(session)
        outcome = await record(
            session,
            forum,
            member,
            RsvpAnswer.DELEGATED,
            delegate_name="  Iptu   Andi <Wijaya> ",
            delegate_position="Kanit & Staf",
        )
        await session.commit()
    assert outcome.changed
    async with sessions() as session:
        stored = await rsvp.get_rsvp(session, forum_id=forum.id or 0, member_id=member.id or 0)
    assert stored is not None
    assert (stored.answer, stored.delegate_name, stored.delegate_position) == (
        RsvpAnswer.DELEGATED,
        "Iptu Andi <Wijaya>",
        "Kanit & Staf",
    )


async def test_new_representative_is_a_change_and_other_answers_clear_it(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        forum, member = await setup(session)
        first = dict(delegate_name="Andi", delegate_position="Kanit")
        await record(session, forum, member, RsvpAnswer.DELEGATED, **first)
        same = await record(session, forum, member, RsvpAnswer.DELEGATED, **first)
        other = await record(
            session,
            forum,
            member,
            RsvpAnswer.DELEGATED,
            delegate_name="Sari",
            delegate_position="Kanit",
        )
        attending = await record(session, forum, member, RsvpAnswer.ATTENDING)
        await session.commit()
        assert (same.changed, other.changed, attending.changed) == (False, True, True)
        stored = await f.rows(session, Rsvp)
    assert [(r.answer, r.delegate_name, r.delegate_position) for r in stored] == [
        (RsvpAnswer.ATTENDING, None, None)
    ]


@pytest.mark.parametrize(
    ("name", "position", "key"),
    [
        (None, "Kanit", "error-delegate-missing"),
        ("Andi", None, "error-delegate-missing"),
        ("", "", "error-delegate-missing"),
        ("   ", "Kanit", "error-text-empty"),
        ("a" * 201, "Kanit", "error-text-too-long"),
    ],
)
async def test_delegated_needs_name_and_position(
    sessions: SessionMaker, name: str | None, position: str | None, key: str
) -> None:
    async with sessions() as session:
        forum, member = await setup(session)
        with pytest.raises(ServiceError) as info:
            await record(
                session,
                forum,
                member,
                RsvpAnswer.DELEGATED,
                delegate_name=name,
                delegate_position=position,
            )
        assert info.value.key == key
        await session.commit()
        assert await f.count(session, Rsvp) == 0


async def test_member_of_a_pillar_not_invited(sessions: SessionMaker) -> None:
    async with sessions() as session:
        forum, _ = await setup(session)
        outsider = await f.member(session, pillar_code="PEMDA")
        with pytest.raises(ServiceError) as info:
            await record(session, forum, outsider, RsvpAnswer.ATTENDING)
        assert info.value.key == "error-not-invited"
        assert await f.count(session, Rsvp) == 0


@pytest.mark.parametrize("status", [MemberStatus.PENDING, MemberStatus.REJECTED, None])
async def test_only_approved_members_answer(
    sessions: SessionMaker, status: MemberStatus | None
) -> None:
    async with sessions() as session:
        forum, _ = await setup(session)
        who = None if status is None else await f.member(session, status=status)
        with pytest.raises(ServiceError) as info:
            await record(session, forum, who, RsvpAnswer.ATTENDING)
        assert info.value.key == "error-not-member"
        assert await f.count(session, Rsvp) == 0


async def test_answers_close_at_the_deadline(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        forum, member = await setup(
            session, at=now, starts_in=timedelta(days=2), rsvp_deadline_in=timedelta(days=1)
        )
        before = await record(
            session, forum, member, RsvpAnswer.ATTENDING, now=now + timedelta(hours=23)
        )
        assert before.changed
        with pytest.raises(ServiceError) as info:
            await record(session, forum, member, RsvpAnswer.DECLINED, now=now + timedelta(days=1))
        assert info.value.key == "error-rsvp-closed"
        await session.commit()
        stored = await f.rows(session, Rsvp)
    assert [r.answer for r in stored] == [RsvpAnswer.ATTENDING]


async def test_answers_close_at_the_start_without_deadline(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        forum, member = await setup(session, at=now, starts_in=timedelta(hours=1))
        with pytest.raises(ServiceError) as info:
            await record(
                session, forum, member, RsvpAnswer.ATTENDING, now=now + timedelta(hours=1)
            )
        assert info.value.key == "error-rsvp-closed"
        assert await f.count(session, Rsvp) == 0


async def test_cancelled_forum(sessions: SessionMaker) -> None:
    async with sessions() as session:
        forum, member = await setup(session)
        forum.status = ForumStatus.CANCELLED
        session.add(forum)
        await session.commit()
        with pytest.raises(ServiceError) as info:
            await record(session, forum, member, RsvpAnswer.ATTENDING)
        assert info.value.key == "error-forum-cancelled"
        assert await f.count(session, Rsvp) == 0


@pytest.mark.parametrize("status", [ForumStatus.DRAFT, None])
async def test_draft_or_unknown_forum(sessions: SessionMaker, status: ForumStatus | None) -> None:
    async with sessions() as session:
        forum, member = await setup(session)
        if status is None:
            forum = Forum(id=4242, title="x", starts_at=forum.starts_at, venue="v", created_by=1)
        else:
            forum.status = status
            session.add(forum)
            await session.commit()
        with pytest.raises(ServiceError) as info:
            await record(session, forum, member, RsvpAnswer.ATTENDING)
        assert info.value.key == "error-forum-not-found"
        assert await f.count(session, Rsvp) == 0
