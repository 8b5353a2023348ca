"""Tests for bot.services.rsvp.sent_invitations and the waitlist moves an answer reports:
what the invitation edits of `bot.followups.refresh_invitations` are made from."""

from __future__ import annotations

from sqlmodel import col, update

from bot.db import SessionMaker
from bot.services import rsvp, waitlist
from models import OutboxKind, OutboxMessage, OutboxStatus, RsvpAnswer
from tests import factories as f


async def test_places_and_ticks_of_sent_invitations(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        forum = await f.forum(session, by=admin, pillar_codes=["POLRI", "TNI", "BAWASLU"])
        seated = await f.member(session, pillar_code="POLRI")
        first = await f.member(session, pillar_code="TNI")
        second = await f.member(session, pillar_code="BAWASLU")
        silent = await f.member(session, pillar_code="POLRI")
        await waitlist.set_capacity(session, forum.id or 0, 1, admin=admin, now=f.now())
        # Invitations of members registered after publishing do not exist: queue theirs.
        for number, member in enumerate((seated, first, second, silent), start=100):
            session.add(
                OutboxMessage(
                    dedupe_key=f"invite:{forum.id}:{member.id}",
                    kind=OutboxKind.INVITATION,
                    chat_id=member.chat_id,
                    member_id=member.id,
                    forum_id=forum.id,
                    text="undangan",
                    status=OutboxStatus.SENT if member is not silent else OutboxStatus.PENDING,
                    telegram_message_id=number,
                )
            )
        for member in (seated, first, second):
            await f.answer(session, forum=forum, member=member, answer=RsvpAnswer.ATTENDING)

        found = await rsvp.sent_invitations(
            session, forum.id or 0, member_ids=[seated.id or 0, silent.id or 0], waiting=True
        )
        assert [(s.member.id, s.waitlist_position, s.message_id) for s in found] == [
            (first.id, 1, 101),
            (second.id, 2, 102),
            (seated.id, None, 100),  # the unsent invitation of `silent` is left out
        ]
        assert found[2].rsvp is not None and found[2].rsvp.answer == RsvpAnswer.ATTENDING

        withdrawn = await rsvp.record(
            session, forum_id=forum.id or 0, member=first, answer=RsvpAnswer.DECLINED, now=f.now()
        )
        assert withdrawn.left_waitlist and withdrawn.waitlist_moved and not withdrawn.promoted
        switched = await rsvp.record(
            session,
            forum_id=forum.id or 0,
            member=second,
            answer=RsvpAnswer.DELEGATED,
            delegate_name="Dwi",
            delegate_position="Kasi",
            now=f.now(),
        )
        assert switched.waitlist_position == 1 and not switched.waitlist_moved
        freed = await rsvp.record(
            session, forum_id=forum.id or 0, member=seated, answer=RsvpAnswer.DECLINED, now=f.now()
        )
        assert [p.member.id for p in freed.promoted] == [second.id] and freed.waitlist_moved
        assert not freed.left_waitlist

        await session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.member_id) == second.id)
            .values(status=OutboxStatus.FAILED)
        )
        assert (
            await rsvp.sent_invitations(
                session, forum.id or 0, member_ids=[second.id or 0], waiting=True
            )
            == []
        )
