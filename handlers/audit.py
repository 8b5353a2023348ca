"""/audit: the latest audit entries for admins (SPEC section 10), 20 a page."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.render import lines
from bot.services import audit
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    refusing,
    reply,
    with_caller,
)

PAGE_SIZE = 20


async def _page(
    session: AsyncSession, context: SinergiContext, who: Caller, page: int
) -> tuple[Html, InlineKeyboardMarkup | None]:
    total = await audit.count(session)
    if total == 0:
        return t(who.lang, "audit-empty"), None
    entries = await audit.latest(session, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    tz = context.settings.tz
    rows = [
        t(
            who.lang,
            "audit-row",
            when=entry.at.astimezone(tz).strftime("%d/%m/%Y %H:%M"),
            actor=f"{name} ({entry.actor_user_id})" if name else str(entry.actor_user_id),
            action=entry.action,
            target=entry.target,
        )
        for entry, name in entries
    ]
    heading = t(who.lang, "audit-heading", count=len(entries), page=page + 1)
    text = Html(f"{heading}\n{lines(rows)}")
    has_older = (page + 1) * PAGE_SIZE < total
    return text, keyboards.pages(who.lang, cd.AUDIT_PAGE, page, has_older)


@with_caller(admin=True)
async def audit_log(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/audit: the 20 newest entries, with a button to older ones (private chat only)."""
    text, markup = await _page(session, context, who, 0)
    await reply(update, text, markup)


@with_caller(admin=True)
@refusing()
async def audit_page(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Older / Newer under /audit."""
    query = update.callback_query
    assert query is not None and query.data is not None
    page = cd.parse_id(cd.AUDIT_PAGE, query.data)
    text, markup = await _page(session, context, who, page)
    await answer_query(update)
    await edit_query_message(update, text, markup)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers (in any chat: `with_caller` keeps the answer private)."""
    application.add_handler(CommandHandler("audit", audit_log))
    application.add_handler(CallbackQueryHandler(audit_page, pattern=cd.pattern(cd.AUDIT_PAGE)))
