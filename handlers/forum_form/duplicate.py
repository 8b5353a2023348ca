"""📄 Duplikat under a forum's detail: a new draft from that forum, given a new start."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import ConversationHandler

from bot import callback_data as cd
from bot import render
from bot.context import SinergiContext
from bot.dates import DateInputError, parse_local_datetime
from bot.i18n import t
from bot.services import forums
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    answer_query,
    begin_form,
    error_text,
    pressed_forum,
    refuse,
    reply,
    typed_text,
    with_caller,
)
from handlers.forum_form.attachment import ask_file
from handlers.forum_form.draft import DRAFT, DUPLICATE_START, draft_of, refuse_input
from models import utcnow


@with_caller(admin=True)
async def duplicate(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """📄 Duplikat: a new draft from the forum; ask for the new start."""
    forum = await pressed_forum(update, session, who, prefix=cd.FORUM_DUPLICATE)
    if forum is None:
        return ConversationHandler.END
    try:
        draft = await forums.draft_from(session, forum.id or 0)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    context.user_state[DRAFT] = draft
    begin_form(context, DRAFT)
    await answer_query(update)
    examples = render.date_examples(utcnow(), context.settings.tz)
    await reply(
        update,
        t(who.lang, "forum-ask-duplicate-start", title=forum.title, examples=examples),
    )
    return DUPLICATE_START


@with_caller(admin=True)
async def got_duplicate_start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The duplicate's start typed: its end keeps the original's length; then the
    attachment (the original's, to keep or replace)."""
    now = utcnow()
    try:
        starts_at = parse_local_datetime(typed_text(update), now=now, tz=context.settings.tz)
        forums.date_duplicate(draft_of(context), starts_at, now=now)
    except (DateInputError, ServiceError) as exc:
        await refuse_input(update, context, who, exc)
        return DUPLICATE_START
    return await ask_file(update, context, session, who)
