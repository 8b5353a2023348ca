"""/spj: a forum's Berkas SPJ, the papers an office files for it in one numbered PDF and a ZIP
of the originals (issue 11, item 6). Admins only, in a private chat: the papers name people."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callback_data as cd
from bot.context import SinergiApplication, SinergiContext
from bot.exports import files
from bot.i18n import t
from handlers.common import (
    Caller,
    answer_query,
    forum_menu,
    pressed_forum,
    refuse,
    with_caller,
)
from models import utcnow

# An office files its papers after the forum, sometimes weeks after.
RECENT = timedelta(days=120)


@with_caller(admin=True)
async def spj_menu(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/spj: choose a forum (upcoming, or started within the last 120 days)."""
    await forum_menu(
        update,
        context,
        session,
        who,
        prefix=cd.SPJ,
        heading_key="spj-choose",
        since=utcnow() - RECENT,
    )


@with_caller(admin=True)
async def spj_bundle(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`spj:<forum>`: the Berkas SPJ as a PDF, then the ZIP of its originals and the XLSX,
    in the office's language. Rendering runs in a worker thread."""
    forum = await pressed_forum(update, session, who, prefix=cd.SPJ)
    if forum is None:
        return
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await refuse(update, t(who.lang, "export-private-only"))
        return
    settings = context.settings
    await answer_query(update, t(who.lang, "spj-making"))
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    bundle, archive = await files.spj_bundle(
        session, forum, settings=settings, now=utcnow(), actor_user_id=who.user_id
    )
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        bundle.data, filename=bundle.name, caption=t(who.lang, "spj-caption", title=forum.title)
    )
    await message.reply_document(
        archive.data,
        filename=archive.name,
        caption=t(who.lang, "spj-caption-zip", title=forum.title),
    )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CommandHandler(["spj", "paperwork"], spj_menu))
    application.add_handler(CallbackQueryHandler(spj_bundle, pattern=cd.pattern(cd.SPJ)))
