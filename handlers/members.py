"""/anggota: the member directory for admins, a page at a time (SPEC section 3)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import members
from handlers.common import (
    PRIVATE,
    Caller,
    answer_query,
    edit_query_message,
    refuse,
    reply,
    with_caller,
)


@with_caller(admin=True)
async def member_list(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/anggota: the first page of members per pillar; admins, pending and unreachable
    ones marked. A page is one message, whatever the roster's size: never a burst of parts."""
    listing = await members.roster_page(session, 0)
    markup = keyboards.roster_pages(who.lang, listing)
    await reply(update, render.roster(listing, who.lang), markup)


@with_caller(admin=True)
async def member_page(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """◀️ / ▶️ under `/anggota`: the same message shows the asked page."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        page = cd.parse_id(cd.ROSTER, query.data)
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return
    listing = await members.roster_page(session, page)
    await answer_query(update)
    await edit_query_message(
        update, render.roster(listing, who.lang), keyboards.roster_pages(who.lang, listing)
    )


def register(application: SinergiApplication) -> None:
    """Add the directory's command and its page turns."""
    application.add_handler(CommandHandler(["anggota", "members"], member_list, PRIVATE))
    application.add_handler(CallbackQueryHandler(member_page, pattern=cd.pattern(cd.ROSTER)))
