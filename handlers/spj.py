"""/spj: a forum's Berkas SPJ, the papers an office files for it in one numbered PDF and a ZIP
of the originals (issue 11, item 6). Admins only, in a private chat: the papers name people."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callback_data as cd
from bot.context import SinergiApplication, SinergiContext
from bot.exports import file_name
from bot.i18n import t
from bot.services import audit, spj
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
    data = await spj.gather(
        session,
        forum,
        now=utcnow(),
        tz=settings.tz,
        default_duration=settings.forum_default_duration,
        actor_user_id=who.user_id,
    )
    await audit.record(
        session,
        actor_user_id=who.user_id,
        action="forum.export.spj",
        target=f"forum:{forum.id}",
        rows=len(data.sheet.rows),
    )
    await session.commit()
    await answer_query(update, t(who.lang, "spj-making"))
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    lang, tz = settings.default_language, settings.tz
    bundle, archive = await asyncio.to_thread(_render, data, tz=tz, lang=lang)
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        bundle,
        filename=file_name(forum, "pdf", tz=tz).replace("Daftar-Hadir", "Berkas-SPJ"),
        caption=t(who.lang, "spj-caption", title=forum.title),
    )
    await message.reply_document(
        archive,
        filename=file_name(forum, "zip", tz=tz).replace("Daftar-Hadir", "Berkas-SPJ"),
        caption=t(who.lang, "spj-caption-zip", title=forum.title),
    )


def _render(data: spj.SpjData, *, tz: ZoneInfo, lang: str) -> tuple[bytes, bytes]:
    """The bundle's PDF and the ZIP (CPU work: runs in a worker thread); the renderers are
    imported on first use, as in `handlers.exports`."""
    from bot.exports.spj import render_spj

    return render_spj(data, tz=tz, lang=lang)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CommandHandler(["spj", "paperwork"], spj_menu))
    application.add_handler(CallbackQueryHandler(spj_bundle, pattern=cd.pattern(cd.SPJ)))
