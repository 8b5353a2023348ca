"""Coordination groups (SPEC section 5): the bot joining and leaving groups, a group becoming a
supergroup, admins posting a forum to a group, and RSVP presses in a group (the group posts'
live counts are `bot.followups`)."""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    filters,
)

from bot import callback_data as cd
from bot import followups, keyboards, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import groups, rsvp
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    error_text,
    refuse,
    refusing,
    reply,
    with_caller,
)
from models import Forum, RsvpAnswer, utcnow

log = logging.getLogger(__name__)

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
            )
            await notices.groups.post(
                session, posted, lang=context.settings.default_language, tz=context.settings.tz
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
@refusing()
async def pressed_in_group(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Hadir / Tidak hadir on a group post: recorded, answered with a popup only (the group
    sees the counts change). Diwakilkan, and anyone not an approved member, are sent to the
    bot's private chat with a deep link in the callback answer: the bot cannot write first."""
    query = update.callback_query
    assert query is not None and query.data is not None
    press = cd.parse_rsvp(query.data)
    if not who.approved:
        await answer_query(
            update,
            t(who.lang, "group-register-first"),
            url=start_link(context, cd.REGISTER_PAYLOAD),
        )
        return
    now = utcnow()
    try:
        if press.answer == RsvpAnswer.DELEGATED:
            await rsvp.open_forum_for(session, forum_id=press.forum_id, member=who.member, now=now)
            await answer_query(
                update,
                t(who.lang, "group-delegate-private"),
                url=start_link(context, f"{cd.DELEGATE_PAYLOAD}{press.forum_id}"),
            )
            return
        outcome = await rsvp.record(
            session, forum_id=press.forum_id, member=who.member, answer=press.answer, now=now
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    await followups.answer_recorded(context, session, outcome, away_from_invitation=True)
    await answer_query(update, render.recorded(who.lang, outcome.rsvp, outcome.waitlist_position))


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
