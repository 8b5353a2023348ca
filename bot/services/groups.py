"""Coordination groups: which groups the bot sits in, and forums posted there (SPEC section 5).

A group is recorded when the bot is added (or when any update from an unknown group arrives)
and marked inactive when the bot is removed, or when Telegram answers 403 for it. A
supergroup upgrade moves the stored chat id. An admin posts a published forum's invitation
to a group through the outbox (`bot.notices.groups`); the post carries RSVP buttons and a
counts line that is edited as answers come in (`bot.followups`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Exists, exists, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit, forums
from bot.services.errors import ServiceError
from models import (
    CoordinationGroup,
    Forum,
    GroupPost,
    Member,
    OutboxMessage,
    OutboxStatus,
)

TITLE_MAX = 255
# A post whose message never arrived may be posted again; any other post stands.
REPOSTABLE = {OutboxStatus.FAILED, OutboxStatus.BLOCKED}


async def get_group(session: AsyncSession, chat_id: int) -> CoordinationGroup | None:
    """The group stored under this Telegram chat id, active or not."""
    return (
        await session.exec(select(CoordinationGroup).where(CoordinationGroup.chat_id == chat_id))
    ).first()


async def track(session: AsyncSession, *, chat_id: int, title: str) -> CoordinationGroup:
    """Record that the bot is in the group `chat_id` (new, re-added or renamed): active.

    `chat_id` is Telegram's (negative) id; `title` is cut to the column's length.
    """
    group = await get_group(session, chat_id)
    if group is None:
        group = CoordinationGroup(chat_id=chat_id)
    group.title = title[:TITLE_MAX]
    group.active = True
    session.add(group)
    await session.flush()
    return group


async def deactivate(session: AsyncSession, *, chat_id: int) -> CoordinationGroup | None:
    """The bot was removed from `chat_id`: no more posts there. None for an unknown group."""
    group = await get_group(session, chat_id)
    if group is not None and group.active:
        group.active = False
        session.add(group)
        await session.flush()
    return group


async def lost(session: AsyncSession, *, chat_id: int, reason: str) -> int:
    """Telegram answered 403 for the group `chat_id` ("Forbidden: bot was kicked from the group
    chat"): the bot is out even if the update saying so never came. The group is marked
    inactive (no more posts or edits there) and the messages still waiting for it are
    recorded `blocked` with `reason`. Returns how many were; the caller commits.
    """
    await deactivate(session, chat_id=chat_id)
    result = await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.chat_id) == chat_id,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.BLOCKED, error=reason[:500])
    )
    return int(result.rowcount)


async def migrate(session: AsyncSession, *, old_chat_id: int, new_chat_id: int) -> bool:
    """The group `old_chat_id` became the supergroup `new_chat_id`: move the stored id and
    the messages still waiting for that chat in the outbox.

    Safe to call twice (Telegram tells both the old and the new chat). A row already stored
    under the new id without posts (tracked from the new chat before the upgrade notice) gives
    way to the old one. Returns whether a stored group moved.
    """
    await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.chat_id) == old_chat_id,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(chat_id=new_chat_id)
    )
    old = await get_group(session, old_chat_id)
    if old is None:
        return False
    new = await get_group(session, new_chat_id)
    if new is not None:
        has_posts = (
            await session.exec(select(GroupPost.id).where(GroupPost.group_id == new.id))
        ).first()
        if has_posts is not None:
            # Both ids have history: keep the supergroup's row, retire the old one.
            old.active = False
            session.add(old)
            await session.flush()
            return False
        await session.delete(new)
        await session.flush()
    old.chat_id = new_chat_id
    session.add(old)
    await session.flush()
    return True


async def active_groups(session: AsyncSession) -> list[CoordinationGroup]:
    """Groups the bot is in, by title."""
    result = await session.exec(
        select(CoordinationGroup)
        .where(col(CoordinationGroup.active).is_(True))
        .order_by(col(CoordinationGroup.title), col(CoordinationGroup.id))
    )
    return list(result.all())


async def posted_group_ids(session: AsyncSession, forum_id: int) -> set[int]:
    """Row ids of the groups a forum was posted to."""
    result = await session.exec(select(GroupPost.group_id).where(GroupPost.forum_id == forum_id))
    return set(result.all())


def posted(forum_id: int) -> Exists:
    """Whether the forum was posted to any group (its counts then need refreshing), as an
    SQL expression to read within another query."""
    return exists().where(col(GroupPost.forum_id) == forum_id).correlate(None)


async def postable_forum(session: AsyncSession, *, forum_id: int, now: datetime) -> Forum:
    """The forum if it can be posted to a group: published and not started.

    Raises:
        ServiceError: `error-forum-not-found` (unknown or a draft), `error-forum-cancelled`,
            `error-group-forum-started`.
    """
    return await forums.published_forum(
        session, forum_id, not_started_at=now, started_key="error-group-forum-started"
    )


@dataclass(frozen=True)
class Posted:
    """A recorded group post, its message still to be queued (`bot.notices.groups.post`).

    `reposted` when it replaces a post whose message never arrived (or was left in the chat
    the group had before it became a supergroup); `replaces` is then that post's outbox row
    id (0 if it had none), None for a first post.
    """

    forum: Forum
    group: CoordinationGroup
    post: GroupPost
    reposted: bool
    replaces: int | None


async def post_forum(
    session: AsyncSession,
    *,
    forum_id: int,
    group_id: int,
    admin: Member,
    now: datetime,
) -> Posted:
    """Record that the admin posts the forum to the group (audit-logged).

    `now` is aware UTC. Posting a forum to a group twice is refused unless the first post's
    message failed or the group has since become a supergroup. The caller queues the post's
    message (`bot.notices.groups.post`, which links it to the post) and commits.

    Raises:
        ServiceError: as `postable_forum`, `error-group-not-found` (unknown or the bot was
            removed), `error-group-already-posted`.
    """
    forum = await postable_forum(session, forum_id=forum_id, now=now)
    group = await session.get(CoordinationGroup, group_id)
    if group is None or not group.active:
        raise ServiceError("error-group-not-found")
    post = (
        await session.exec(
            select(GroupPost).where(GroupPost.forum_id == forum_id, GroupPost.group_id == group_id)
        )
    ).first()
    replaces = None
    if post is not None:
        previous = await session.get(OutboxMessage, post.outbox_id) if post.outbox_id else None
        # A post in the group's chat before it became a supergroup cannot be edited any
        # more (the supergroup's messages have new ids): a new post takes its place.
        moved = previous is not None and previous.chat_id != group.chat_id
        if previous is not None and previous.status not in REPOSTABLE and not moved:
            raise ServiceError("error-group-already-posted", title=group.title)
        replaces = post.outbox_id or 0
    reposted = post is not None
    if post is None:
        post = GroupPost(forum_id=forum_id, group_id=group_id, posted_by=admin.id or 0)
    post.posted_by = admin.id or 0
    post.posted_at = now
    session.add(post)
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.group_post",
        target=f"forum:{forum_id}",
        group_chat_id=group.chat_id,
        group_title=group.title,
        reposted=reposted,
    )
    await session.flush()
    return Posted(forum=forum, group=group, post=post, reposted=reposted, replaces=replaces)


@dataclass(frozen=True)
class SentPost:
    """A group post's message as Telegram knows it: where it was sent, and its id."""

    chat_id: int
    message_id: int


@dataclass(frozen=True)
class PostsToRefresh:
    """The sent posts of a forum to edit, and whether some are still waiting to be sent."""

    sent: list[SentPost]
    unsent: bool


async def posts_to_refresh(session: AsyncSession, forum_id: int) -> PostsToRefresh:
    """The forum's group posts whose message was sent (chat and message id from the outbox),
    in the groups the bot is still in."""
    result = await session.exec(
        select(OutboxMessage.chat_id, OutboxMessage.telegram_message_id, OutboxMessage.status)
        .join(GroupPost, col(GroupPost.outbox_id) == OutboxMessage.id)
        .join(CoordinationGroup, col(CoordinationGroup.id) == GroupPost.group_id)
        .where(GroupPost.forum_id == forum_id, col(CoordinationGroup.active).is_(True))
        .order_by(col(GroupPost.id))
    )
    sent: list[SentPost] = []
    unsent = False
    for chat_id, message_id, status in result.all():
        if status == OutboxStatus.SENT and message_id is not None:
            sent.append(SentPost(chat_id=chat_id, message_id=message_id))
        elif status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
            unsent = True
    return PostsToRefresh(sent=sent, unsent=unsent)
