"""Tests for bot.services.forums: publishing with invitations, listing, schedules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import callback_data as cd
from bot import notices
from bot.db import SessionMaker
from bot.services import forums
from bot.services.errors import ServiceError
from models import (
    AuditEntry,
    Forum,
    ForumPillar,
    ForumStatus,
    Member,
    MemberStatus,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    RsvpAnswer,
)
from tests import factories as f


async def draft(
    session: AsyncSession,
    *,
    codes: tuple[str, ...] = ("POLRI", "TNI"),
    starts_in: timedelta = timedelta(days=2),
    **changes: object,
) -> forums.ForumDraft:
    values: dict[str, object] = {
        "title": "Diskusi <Empat> & Pilar",
        "starts_at": f.now() + starts_in,
        "venue": "Ballroom Hotel Ayola",
        "agenda": "  Pembukaan  ",
        "pillar_ids": await f.pillar_ids(session, codes=codes),
    }
    values.update(changes)
    return forums.ForumDraft(**values)  # type: ignore[arg-type]


async def publish(
    session: AsyncSession, forum_draft: forums.ForumDraft, *, admin: Member
) -> forums.Published:
    """Publish and queue the invitations, as the handler does."""
    result = await forums.publish(session, forum_draft, admin=admin, now=f.now())
    await notices.forums.invitations(session, result, tz=f.JAKARTA, office=f.OFFICE)
    return result


async def test_publish_invites_approved_members_of_invited_pillars(
    sessions: SessionMaker,
) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        polri = await f.member(session, pillar_code="POLRI")
        polri_en = await f.member(session, pillar_code="POLRI", language="en")
        tni = await f.member(session, pillar_code="TNI")
        await f.member(session, pillar_code="POLRI", status=MemberStatus.PENDING)
        await f.member(session, pillar_code="TNI", status=MemberStatus.REJECTED)
        await f.member(session, pillar_code="PEMDA")  # not invited
        result = await forums.publish(session, await draft(session), admin=admin, now=now)
        # What happened, before anything is queued: the invitees and their pillars.
        assert sorted(m.id for m in result.invitees) == sorted([polri.id, polri_en.id, tni.id])
        assert [p.code for p in result.pillars] == ["POLRI", "TNI"]
        assert await f.count(session, OutboxMessage) == 0
        await notices.forums.invitations(session, result, tz=f.JAKARTA, office=f.OFFICE)
        await session.commit()

    assert result.invited == 3
    forum_id = result.forum.id
    async with sessions() as session:
        forum = await session.get(Forum, forum_id)
        assert forum is not None
        assert forum.status == ForumStatus.PUBLISHED
        assert forum.published_at == now
        assert forum.created_by == admin.id
        assert forum.title == "Diskusi <Empat> & Pilar"
        assert forum.agenda == "Pembukaan"
        invited_pillars = {row.pillar_id for row in await f.rows(session, ForumPillar)}
        assert invited_pillars == await f.pillar_ids(session, codes=("POLRI", "TNI"))
        invitations = await f.rows(session, OutboxMessage)
        audit = await f.rows(session, AuditEntry)

    assert sorted(row.member_id for row in invitations) == sorted([polri.id, polri_en.id, tni.id])
    assert len({row.dedupe_key for row in invitations}) == 3
    for row in invitations:
        assert row.kind == OutboxKind.INVITATION
        assert row.status == OutboxStatus.PENDING
        assert row.forum_id == forum_id
        assert row.dedupe_key == f"invite:{forum_id}:{row.member_id}"
        assert "Diskusi &lt;Empat&gt; &amp; Pilar" in row.text
        assert row.reply_markup is not None
        data = [b["callback_data"] for line in row.reply_markup["inline_keyboard"] for b in line]
        assert data == [cd.rsvp(forum_id or 0, answer) for answer in RsvpAnswer]
    english = next(row for row in invitations if row.member_id == polri_en.id)
    assert "Invitation" in english.text
    assert [(a.action, a.target, a.actor_user_id, a.detail) for a in audit] == [
        ("forum.publish", f"forum:{forum_id}", admin.telegram_user_id, {"invited": 3})
    ]


async def test_publish_with_nobody_to_invite(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        result = await publish(session, await draft(session, codes=("PKD",)), admin=admin)
        await session.commit()
        assert result.invited == 0
        assert await f.count(session, Forum) == 1
        assert await f.count(session, OutboxMessage) == 0


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"starts_in": -timedelta(minutes=1)}, "error-date-past"),
        ({"starts_in": timedelta(0)}, "error-date-past"),
        ({"codes": ()}, "error-no-pillars"),
        ({"title": ""}, "error-forum-incomplete"),
        ({"venue": ""}, "error-forum-incomplete"),
        ({"starts_at": None}, "error-forum-incomplete"),
        ({"title": "   "}, "error-text-empty"),
        ({"venue": "v" * 301}, "error-text-too-long"),
    ],
)
async def test_publish_refuses(
    sessions: SessionMaker, changes: dict[str, object], key: str
) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="POLRI")
        starts_in = changes.pop("starts_in", timedelta(days=1))
        codes = changes.pop("codes", ("POLRI",))
        bad = await draft(session, codes=codes, **changes)
        if "starts_at" not in changes:
            bad.starts_at = now + starts_in
        with pytest.raises(ServiceError) as info:
            await forums.publish(session, bad, admin=admin, now=now)
        assert info.value.key == key
        await session.commit()
    async with sessions() as session:
        assert await f.count(session, Forum) == 0
        assert await f.count(session, OutboxMessage) == 0
        assert await f.count(session, AuditEntry) == 0


async def test_publish_refuses_unknown_pillar(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="POLRI")
        bad = await draft(session)
        bad.pillar_ids.add(9999)
        with pytest.raises(ServiceError) as info:
            await forums.publish(session, bad, admin=admin, now=f.now())
        assert info.value.key == "error-unknown-pillar"
        await session.commit()
        assert await f.count(session, Forum) == 0
        assert await f.count(session, OutboxMessage) == 0


async def test_publish_records_unreachable_members_as_blocked(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        gone = await f.member(session, pillar_code="POLRI", is_reachable=False)
        await publish(session, await draft(session), admin=admin)
        await session.commit()
        pending = await f.rows(
            session,
            OutboxMessage,
            OutboxMessage.member_id == gone.id,
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        blocked = await f.rows(
            session,
            OutboxMessage,
            OutboxMessage.member_id == gone.id,
            OutboxMessage.status == OutboxStatus.BLOCKED,
        )
    assert pending == []
    assert len(blocked) == 1  # recorded, so the admins can see who was not reached


@pytest.mark.parametrize(
    ("title", "venue", "agenda"),
    [
        ("T" * 200, "V" * 300, "a" * forums.AGENDA_MAX),
        ("Forum", "Hotel", "Sambutan & diskusi; " * 100),
    ],
)
async def test_publish_accepts_the_longest_texts(
    sessions: SessionMaker, title: str, venue: str, agenda: str
) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="POLRI")
        long = await draft(session, title=title, venue=venue, agenda=agenda)
        result = await publish(session, long, admin=admin)
        await session.commit()
        assert result.invited == 1
        assert await f.count(session, OutboxMessage) == 1


async def test_check_end_and_deadline(sessions: SessionMaker) -> None:
    start = f.now() + timedelta(days=1)
    plan = forums.ForumDraft(title="t", starts_at=start)
    assert forums.check_end(plan, start + timedelta(hours=3)) == start + timedelta(hours=3)
    assert forums.check_deadline(plan, start) == start
    with pytest.raises(ServiceError, match="error-end-before-start"):
        forums.check_end(plan, start)
    with pytest.raises(ServiceError, match="error-deadline-after-start"):
        forums.check_deadline(plan, start + timedelta(seconds=1))
    with pytest.raises(ServiceError, match="error-end-before-start"):
        forums.check_end(forums.ForumDraft(), start)


async def test_upcoming_and_schedule(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        polri = await f.member(session, pillar_code="POLRI")
        later = await f.forum(session, by=admin, pillar_codes=("POLRI",), starts_in=timedelta(3))
        sooner = await f.forum(session, by=admin, pillar_codes=("POLRI",), starts_in=timedelta(1))
        other = await f.forum(session, by=admin, pillar_codes=("TNI",), starts_in=timedelta(2))
        cancelled = await f.forum(
            session, by=admin, pillar_codes=("POLRI",), starts_in=timedelta(2)
        )
        cancelled.status = ForumStatus.CANCELLED
        session.add(cancelled)
        await f.answer(session, forum=later, member=polri, answer=RsvpAnswer.DECLINED)
        await session.commit()

        upcoming = await forums.upcoming(session, now=now)
        assert [x.id for x in upcoming] == [sooner.id, other.id, later.id]
        schedule = await forums.schedule_for(session, polri, now=now)
        assert [(e.forum.id, e.rsvp.answer if e.rsvp else None) for e in schedule] == [
            (sooner.id, None),
            (later.id, RsvpAnswer.DECLINED),
        ]
        assert await forums.upcoming(session, now=now + timedelta(days=4)) == []
        pillars = await forums.forum_pillars(session, other.id or 0)
        assert [p.code for p in pillars] == ["TNI"]
        assert await forums.get_forum(session, 4242) is None
