"""Exports sent as documents: the attendance list ("Daftar Hadir") as PDF or XLSX for admins,
and a forum's `.ics` calendar file for its invited members (SPEC section 4, Reports)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler

from bot import callback_data as cd
from bot import render
from bot.context import SinergiApplication, SinergiContext
from bot.exports import files
from bot.i18n import t
from bot.services import forums, rsvp
from bot.services.errors import ServiceError
from handlers.common import Caller, answer_query, error_text, refuse, refusing, reply, with_caller
from models import utcnow


@with_caller(admin=True)
@refusing()
async def export(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`exp:<forum>:pdf|xlsx`: the attendance list as a document, in the office's language.

    The XLSX comes after the RSVP summary as a message. Only in a private chat: the list
    names people.
    """
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, kind = cd.parse_id_word(cd.EXPORT, query.data, files.ATTENDANCE_FORMATS)
    try:
        forum = await forums.published_forum(session, forum_id, allow_cancelled=True)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await refuse(update, t(who.lang, "export-private-only"))
        return
    settings = context.settings
    made, sheet = await files.attendance(
        session, forum, kind, settings=settings, now=utcnow(), actor_user_id=who.user_id
    )
    await answer_query(update)
    if kind == "xlsx":
        await reply(update, render.recap(sheet.recap, who.lang, settings.tz))
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        made.data,
        filename=made.name,
        caption=t(who.lang, f"export-caption-{kind}", title=forum.title, count=made.rows),
    )


@with_caller(member=True)
@refusing()
async def calendar_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`ics:<forum>`: the forum as a calendar file, for a member of an invited pillar."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum = await rsvp.invited_forum(
        session, forum_id=cd.parse_id(cd.ICS, query.data), member=who.member
    )
    await answer_query(update)
    made = files.calendar(forum, settings=context.settings)
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        made.data, filename=made.name, caption=t(who.lang, "ics-caption", title=forum.title)
    )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CallbackQueryHandler(export, pattern=cd.pattern(cd.EXPORT)))
    application.add_handler(CallbackQueryHandler(calendar_file, pattern=cd.pattern(cd.ICS)))
