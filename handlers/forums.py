"""/forum lists upcoming forums; a forum's detail (its RSVP counts and management buttons)
and its invitation as text for WhatsApp. Creating one: `handlers.forum_form`."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import LinkPreviewOptions, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.services import forums, reports
from bot.services.reminders import offsets_of
from handlers.common import (
    PRIVATE,
    Caller,
    answer_query,
    forum_menu,
    pressed_forum,
    refusing,
    reply,
    with_caller,
)
from models import utcnow


@with_caller(admin=True)
async def list_forums(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/forum: upcoming forums, a button each for the detail."""
    await forum_menu(
        update,
        context,
        session,
        who,
        prefix=cd.FORUM_DETAIL,
        heading_key="forum-list",
        since=utcnow(),
    )


@with_caller(admin=True)
async def forum_detail(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A forum's details and its RSVP counts."""
    forum = await pressed_forum(update, session, who, prefix=cd.FORUM_DETAIL)
    if forum is None:
        return
    pillars = await forums.forum_pillars(session, forum.id or 0)
    report = await reports.recap(session, forum)
    await answer_query(update)
    tz = context.settings.tz
    details = render.forum_details(
        forum, pillars, who.lang, tz, heading=t(who.lang, "forum-heading")
    )
    settings = render.reminder_settings(
        who.lang, offsets_of(forum, context.settings.reminder_offsets), forum.reminder_note
    )
    if forum.series_id is not None:
        settings = Html(f"{settings}\n{t(who.lang, 'forum-series-member')}")
    await reply(
        update,
        Html(f"{details}\n{settings}\n\n{render.recap(report, who.lang, tz)}"),
        keyboards.forum_manage(who.lang, forum),
    )


@with_caller(admin=True)
@refusing()
async def whatsapp_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """📋 Teks untuk WhatsApp under a forum's detail: the invitation as plain text (no HTML,
    no parse mode) with the forum's RSVP deep link, for officials who are not on Telegram.
    It is in the office's language (`DEFAULT_LANGUAGE`), as its papers are; one message to
    copy or forward whole, after a line saying what it is."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum = await forums.published_forum(session, cd.parse_id(cd.WHATSAPP, query.data))
    settings = context.settings
    link = f"https://t.me/{context.bot.username}?start={cd.INVITATION_PAYLOAD}{forum.id}"
    text = render.whatsapp_invitation(
        forum,
        await forums.forum_pillars(session, forum.id or 0),
        settings.default_language,
        settings.tz,
        office=settings.office_name,
        link=link,
    )
    await answer_query(update)
    await reply(update, t(who.lang, "whatsapp-heading", title=forum.title))
    message = update.effective_message
    assert message is not None
    for part in render.split_message(text):
        await message.reply_text(
            part, parse_mode=None, link_preview_options=LinkPreviewOptions(is_disabled=True)
        )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CommandHandler("forum", list_forums, PRIVATE))
    application.add_handler(
        CallbackQueryHandler(forum_detail, pattern=cd.pattern(cd.FORUM_DETAIL))
    )
    application.add_handler(CallbackQueryHandler(whatsapp_text, pattern=cd.pattern(cd.WHATSAPP)))
