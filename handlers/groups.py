"""Coordination groups (SPEC section 5): the bot joining and leaving groups, a group becoming a
supergroup, admins posting a forum to a group, RSVP presses in a group, and the group posts'
live counts."""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    JobQueue,
    MessageHandler,
    filters,
)

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.ratelimit import retry_seconds
from bot.services import groups, rsvp
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    error_text,
    is_not_modified,
    refuse,
    reply,
    with_caller,
)
from models import Forum, ForumStatus, RsvpAnswer, utcnow

log = logging.getLogger(__name__)

# Presses within this many seconds of the first share one edit of each group post: a group
# takes about 20 messages a minute, and a forum's invitation may be answered in bursts.
COUNT_REFRESH_DELAY = 3.0
# The deep-link payloads a group press sends people to (`t.me/<bot>?start=...`).
REGISTER_PAYLOAD = "daftar"
DELEGATE_PAYLOAD = "w_"
KNOWN = "known_group_chats"
GROUP_CHATS = (ChatType.GROUP, ChatType.SUPERGROUP)
PRESENT = {ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER}


def start_link(context: SinergiContext, payload: str) -> str:
    """`https://t.me/<bot>?start=<payload>`: opens the bot's private chat with that payload."""
    return f"https://t.me/{context.bot.username}?start={payload}"


def _known(context: SinergiContext) -> set[int]:
    known = context.bot_data.extra.setdefault(KNOWN, set())
    assert isinstance(known, set)
    return known


# ---------------------------------------------------------------- the groups the bot is in


async def bot_membership(update: Update, context: SinergiContext) -> None:
    """The bot was added to a group (recorded, active) or removed from it (inactive)."""
    change = update.my_chat_member
    if change is None or change.chat.type not in GROUP_CHATS:
        return
    member = change.new_chat_member
    present = member.status in PRESENT or (
        member.status == ChatMember.RESTRICTED and getattr(member, "is_member", False)
    )
    async with context.session() as session:
        if present:
            await groups.track(session, chat_id=change.chat.id, title=change.chat.title or "")
        else:
            await groups.deactivate(session, chat_id=change.chat.id)
        await session.commit()
    _known(context).add(change.chat.id)
    log.info("bot %s group %s", "added to" if present else "removed from", change.chat.id)


async def migrated(update: Update, context: SinergiContext) -> None:
    """A group became a supergroup: Telegram tells the old chat (`migrate_to_chat_id`) and the
    new one (`migrate_from_chat_id`); either moves the stored chat id and queued messages."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    async with context.session() as session:
        await groups.migrate(session, old_chat_id=old, new_chat_id=new)
        await session.commit()
    _known(context).update((old, new))
    context.sender.wake()


async def seen_group(update: Update, context: SinergiContext) -> None:
    """Any message from a group not stored yet (the bot was added before groups were tracked):
    record it. Runs beside the other handlers, never instead of them."""
    chat = update.effective_chat
    if chat is None or chat.id in _known(context):
        return
    async with context.session() as session:
        if await groups.get_group(session, chat.id) is None:
            await groups.track(session, chat_id=chat.id, title=chat.title or "")
            await session.commit()
    _known(context).add(chat.id)


# ---------------------------------------------------------------- an admin posts a forum


@with_caller(admin=True)
async def post_to_group(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`gpost:<forum>` lists the groups; `gpost:<forum>:<group>` queues the post there."""
    query = update.callback_query
    assert query is not None and query.data is not None
    group_id: int | None
    try:
        forum_id, group_id = cd.parse_ids(cd.GROUP_POST, query.data, 2)
    except cd.InvalidCallbackData:
        try:
            forum_id, group_id = cd.parse_id(cd.GROUP_POST, query.data), None
        except cd.InvalidCallbackData:
            await refuse(update, t(who.lang, "error-button-invalid"))
            return
    if who.member is None:  # an admin by ADMIN_IDS who never registered
        await refuse(update, t(who.lang, "error-not-registered"))
        return
    now = utcnow()
    try:
        if group_id is None:
            forum = await groups.postable_forum(session, forum_id=forum_id, now=now)
        else:
            posted = await groups.post_forum(
                session,
                forum_id=forum_id,
                group_id=group_id,
                admin=who.member,
                now=now,
                lang=context.settings.default_language,
                tz=context.settings.tz,
            )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    await answer_query(update)
    if group_id is None:
        await _choose_group(update, context, session, who, forum)
        return
    await session.commit()
    context.sender.wake()
    _known(context).add(posted.group.chat_id)
    key = "group-reposted" if posted.reposted else "group-posted"
    await edit_query_message(
        update, t(who.lang, key, title=posted.forum.title, group=posted.group.title)
    )


async def _choose_group(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, forum: Forum
) -> None:
    listed = await groups.active_groups(session)
    if not listed:
        await reply(update, t(who.lang, "group-none", bot=f"@{context.bot.username}"))
        return
    posted = await groups.posted_group_ids(session, forum.id or 0)
    choices = [
        (g.id or 0, render.shorten(f"{'✅ ' if g.id in posted else ''}{g.title or g.chat_id}", 60))
        for g in listed
    ]
    await reply(
        update,
        t(who.lang, "group-choose", title=forum.title),
        keyboards.group_choice(forum.id or 0, choices),
    )


# ---------------------------------------------------------------- RSVP presses in a group


class GroupButtonHandler(CallbackQueryHandler[SinergiContext, None]):
    """A CallbackQueryHandler for presses on messages in groups and supergroups only."""

    def check_update(self, update: object) -> bool | object | None:
        if not isinstance(update, Update) or update.effective_chat is None:
            return None
        if update.effective_chat.type not in GROUP_CHATS:
            return None
        return super().check_update(update)


@with_caller()
async def pressed_in_group(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Hadir / Tidak hadir on a group post: recorded, answered with a popup only (the group
    sees the counts change). Diwakilkan, and anyone not an approved member, are sent to the
    bot's private chat with a deep link in the callback answer: the bot cannot write first."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        press = cd.parse_rsvp(query.data)
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return
    if not who.approved:
        await answer_query(
            update, t(who.lang, "group-register-first"), url=start_link(context, REGISTER_PAYLOAD)
        )
        return
    now = utcnow()
    try:
        if press.answer == RsvpAnswer.DELEGATED:
            await rsvp.open_forum_for(session, forum_id=press.forum_id, member=who.member, now=now)
            await answer_query(
                update,
                t(who.lang, "group-delegate-private"),
                url=start_link(context, f"{DELEGATE_PAYLOAD}{press.forum_id}"),
            )
            return
        outcome = await rsvp.record(
            session,
            forum_id=press.forum_id,
            member=who.member,
            answer=press.answer,
            now=now,
            tz=context.settings.tz,
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    await answer_stored(context, session, outcome)
    await answer_query(update, render.recorded(who.lang, outcome.rsvp, outcome.waitlist_position))


# ---------------------------------------------------------------- live counts


async def answer_stored(
    context: SinergiContext, session: AsyncSession, outcome: rsvp.RsvpOutcome
) -> None:
    """Commit a recorded answer, then what follows from it wherever it was given: members
    promoted from the waitlist are told (the sender wakes), group posts get new counts."""
    await session.commit()
    if outcome.promoted:
        context.sender.wake()
    if outcome.changed:
        await counts_changed(context, session, outcome.forum.id or 0)


async def counts_changed(context: SinergiContext, session: AsyncSession, forum_id: int) -> None:
    """An answer to the forum changed: refresh its group posts soon, if it has any."""
    if await groups.has_posts(session, forum_id):
        refresh_counts_soon(context.jobs, forum_id)


def refresh_counts_soon(
    jobs: JobQueue[SinergiContext], forum_id: int, delay: float | None = None
) -> None:
    """Edit the forum's group posts in `delay` seconds (default `COUNT_REFRESH_DELAY`), unless
    an edit is already due: one job per forum (`groupcount:<forum>`) reads the counts when it
    runs, so a burst of answers makes one edit per post."""
    name = f"groupcount:{forum_id}"
    if jobs.get_jobs_by_name(name):
        return
    jobs.run_once(
        refresh_counts,
        COUNT_REFRESH_DELAY if delay is None else delay,
        data=forum_id,
        name=name,
    )


async def refresh_counts(context: SinergiContext) -> None:
    """The job: put the current counts into every sent group post of a forum.

    A post not sent yet is looked at again later; "not modified", a deleted message, a
    migrated chat or a group the bot left are logged and skipped; a 429 postpones the job.
    """
    assert context.job is not None and isinstance(context.job.data, int)
    forum_id = context.job.data
    settings = context.settings
    lang = settings.default_language
    async with context.session() as session:
        forum = await session.get(Forum, forum_id)
        if forum is None:
            return
        targets = await groups.posts_to_refresh(session, forum_id)
        if not targets.sent and not targets.unsent:
            return
        text = await groups.post_text(session, forum, lang, settings.tz)
    # Once answers are closed (or the forum is cancelled) the buttons would only earn refusals.
    answering = forum.status == ForumStatus.PUBLISHED and rsvp.is_open(forum, now=utcnow())
    markup = keyboards.rsvp(lang, forum_id) if answering else None
    for post in targets.sent:
        try:
            await context.bot.edit_message_text(
                text, chat_id=post.chat_id, message_id=post.message_id, reply_markup=markup
            )
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            refresh_counts_soon(context.jobs, forum_id, delay=seconds + COUNT_REFRESH_DELAY)
            return
        except ChatMigrated as exc:
            # The post stayed in the old chat's history; the supergroup has new message ids.
            log.info("group post in %s: the chat moved to %s", post.chat_id, exc.new_chat_id)
            async with context.session() as session:
                await groups.migrate(
                    session, old_chat_id=post.chat_id, new_chat_id=exc.new_chat_id
                )
                await session.commit()
        except BadRequest as exc:
            if not is_not_modified(exc):
                log.info("group post %s/%s not edited: %s", post.chat_id, post.message_id, exc)
        except Forbidden as exc:
            log.info("group post in %s not edited: %s", post.chat_id, exc.message)
        except TelegramError as exc:
            log.warning("group post in %s not edited: %s", post.chat_id, exc)
    if targets.unsent:
        refresh_counts_soon(context.jobs, forum_id)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers; before the registration and RSVP handlers, so a group's
    presses and service messages are taken here."""
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & ~filters.StatusUpdate.MIGRATE, seen_group),
        group=-1,
    )
    application.add_handler(ChatMemberHandler(bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))
    application.add_handler(GroupButtonHandler(pressed_in_group, pattern=cd.pattern(cd.RSVP)))
    application.add_handler(CallbackQueryHandler(post_to_group, pattern=cd.pattern(cd.GROUP_POST)))
