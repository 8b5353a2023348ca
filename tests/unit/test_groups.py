"""Tests for bot.services.groups and bot.notices.groups: tracking groups, supergroup moves,
posting a forum, counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import notices
from bot.db import SessionMaker
from bot.services import groups
from bot.services.errors import ServiceError
from models import (
    AuditEntry,
    CoordinationGroup,
    Forum,
    ForumStatus,
    GroupPost,
    Member,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    RsvpAnswer,
)
from tests import factories as f

GROUP = -4001


async def setup(session: AsyncSession) -> tuple[Member, Forum, CoordinationGroup]:
    admin = await f.admin(session)
    forum = await f.forum(session, by=admin, pillar_codes=("POLRI", "TNI"))
    group = await groups.track(session, chat_id=GROUP, title="Koordinasi Pilkada")
    await session.commit()
    return admin, forum, group


async def post(
    session: AsyncSession, admin: Member, forum: Forum, group: CoordinationGroup
) -> groups.Posted:
    """A post as the handler makes it: the service, then the message."""
    posted = await groups.post_forum(
        session, forum_id=forum.id or 0, group_id=group.id or 0, admin=admin, now=f.now()
    )
    await notices.groups.post(session, posted, lang="id", tz=f.JAKARTA)
    return posted


async def test_track_deactivate_and_track_again(sessions: SessionMaker):
    async with sessions() as session:
        first = await groups.track(session, chat_id=GROUP, title="Grup")
        again = await groups.track(session, chat_id=GROUP, title="Grup Baru" + "x" * 300)
        assert again.id == first.id and len(again.title) == groups.TITLE_MAX
        gone = await groups.deactivate(session, chat_id=GROUP)
        assert gone is not None and not gone.active
        assert await groups.active_groups(session) == []
        assert await groups.deactivate(session, chat_id=-999) is None
        back = await groups.track(session, chat_id=GROUP, title="Grup")
        assert back.active and [g.id for g in await groups.active_groups(session)] == [first.id]


async def test_migrate_moves_the_group_and_pending_rows_only(sessions: SessionMaker):
    async with sessions() as session:
        admin, forum, group = await setup(session)
        await post(session, admin, forum, group)
        sent = OutboxMessage(
            dedupe_key="earlier",
            kind=OutboxKind.ANNOUNCEMENT,
            chat_id=GROUP,
            text="x",
            status=OutboxStatus.SENT,
        )
        session.add(sent)
        await session.commit()

        assert await groups.migrate(session, old_chat_id=GROUP, new_chat_id=-1004001)
        # Telegram tells both chats: the second notice changes nothing.
        assert not await groups.migrate(session, old_chat_id=GROUP, new_chat_id=-1004001)
        await session.commit()
        stored = await f.rows(session, CoordinationGroup)
        assert [(g.id, g.chat_id) for g in stored] == [(group.id, -1004001)]
        chats = {o.dedupe_key: o.chat_id for o in await f.rows(session, OutboxMessage)}
        assert chats["earlier"] == GROUP  # sent where it was sent
        assert chats[f"group-post:{forum.id}:{group.id}"] == -1004001


async def test_migrate_when_the_new_chat_was_tracked_first(sessions: SessionMaker):
    async with sessions() as session:
        admin, forum, group = await setup(session)
        await groups.track(session, chat_id=-1004001, title="Koordinasi Pilkada")
        assert await groups.migrate(session, old_chat_id=GROUP, new_chat_id=-1004001)
        stored = await f.rows(session, CoordinationGroup)
        assert [(g.id, g.chat_id) for g in stored] == [(group.id, -1004001)]

        # Both ids with posts of their own: the supergroup's row stays, the old one retires.
        other = await groups.track(session, chat_id=-5001, title="Lama")
        newer = await groups.track(session, chat_id=-1005001, title="Baru")
        await post(session, admin, forum, newer)
        assert not await groups.migrate(session, old_chat_id=-5001, new_chat_id=-1005001)
        assert not other.active and newer.active


async def test_post_forum_queues_the_invitation_with_counts(sessions: SessionMaker):
    async with sessions() as session:
        admin, forum, group = await setup(session)
        member = await f.member(session, pillar_code="POLRI")
        await f.member(session, pillar_code="TNI")
        await f.answer(session, forum=forum, member=member, answer=RsvpAnswer.ATTENDING)

        posted = await post(session, admin, forum, group)
        await session.commit()

        assert not posted.reposted and posted.group.id == group.id
        [row] = await f.rows(session, OutboxMessage, OutboxMessage.kind == OutboxKind.GROUP_POST)
        assert row.chat_id == GROUP and row.member_id is None and row.forum_id == forum.id
        assert "hadir 1 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 1" in row.text
        assert "Konfirmasi kehadiran Bapak/Ibu" not in row.text  # no one member's answer
        assert row.reply_markup is not None
        data = [b["callback_data"] for r in row.reply_markup["inline_keyboard"] for b in r]
        assert data == [f"rsvp:{forum.id}:a", f"rsvp:{forum.id}:d", f"rsvp:{forum.id}:n"]
        [stored] = await f.rows(session, GroupPost)
        assert (stored.outbox_id, stored.posted_by) == (row.id, admin.id)
        [audit] = await f.rows(session, AuditEntry, AuditEntry.action == "forum.group_post")
        assert audit.actor_user_id == admin.telegram_user_id
        assert (await session.exec(select(groups.posted(forum.id or 0)))).one()
        assert await groups.posted_group_ids(session, forum.id or 0) == {group.id}


async def test_post_twice_is_refused_unless_the_first_failed(sessions: SessionMaker):
    async with sessions() as session:
        admin, forum, group = await setup(session)
        first = await post(session, admin, forum, group)
        with pytest.raises(ServiceError) as refused:
            await post(session, admin, forum, group)
        assert refused.value.key == "error-group-already-posted"

        row = await session.get(OutboxMessage, first.post.outbox_id)
        assert row is not None
        assert first.replaces is None and row.dedupe_key == f"group-post:{forum.id}:{group.id}"
        row.status = OutboxStatus.FAILED
        session.add(row)
        again = await post(session, admin, forum, group)
        assert again.reposted and again.post.id == first.post.id and again.replaces == row.id
        assert again.post.outbox_id != row.id
        repost = await session.get(OutboxMessage, again.post.outbox_id)
        assert repost is not None
        assert repost.dedupe_key == f"group-post:{forum.id}:{group.id}:r{row.id}"
        assert await f.count(session, GroupPost) == 1
        assert await f.count(session, OutboxMessage, OutboxMessage.kind == "group_post") == 2


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ("cancelled", "error-forum-cancelled"),
        ("draft", "error-forum-not-found"),
        ("started", "error-group-forum-started"),
        ("group-gone", "error-group-not-found"),
        ("group-unknown", "error-group-not-found"),
    ],
)
async def test_post_refusals(sessions: SessionMaker, change: str, key: str):
    async with sessions() as session:
        admin, forum, group = await setup(session)
        now = f.now()
        group_id = group.id or 0
        if change == "cancelled":
            forum.status = ForumStatus.CANCELLED
        elif change == "draft":
            forum.status = ForumStatus.DRAFT
        elif change == "started":
            now = forum.starts_at + timedelta(minutes=1)
        elif change == "group-gone":
            await groups.deactivate(session, chat_id=GROUP)
        else:
            group_id = 424242
        session.add(forum)
        with pytest.raises(ServiceError) as refused:
            await groups.post_forum(
                session,
                forum_id=forum.id or 0,
                group_id=group_id,
                admin=admin,
                now=now,
            )
        assert refused.value.key == key
        assert await f.count(session, GroupPost) == 0


async def test_posts_to_refresh_skips_unsent(sessions: SessionMaker):
    async with sessions() as session:
        admin, forum, group = await setup(session)
        other = await groups.track(session, chat_id=-4002, title="Lain")
        first = await post(session, admin, forum, group)
        await post(session, admin, forum, other)
        targets = await groups.posts_to_refresh(session, forum.id or 0)
        assert targets.sent == [] and targets.unsent

        row = await session.get(OutboxMessage, first.post.outbox_id)
        assert row is not None
        row.status, row.telegram_message_id = OutboxStatus.SENT, 77
        session.add(row)
        targets = await groups.posts_to_refresh(session, forum.id or 0)
        assert targets.sent == [groups.SentPost(chat_id=GROUP, message_id=77)] and targets.unsent


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=300
    )
)
async def test_any_group_title_is_stored_within_the_column(sessions: SessionMaker, title: str):
    async with sessions() as session:
        group = await groups.track(session, chat_id=-7, title=title)
        assert group.title == title[: groups.TITLE_MAX]
        await session.rollback()
