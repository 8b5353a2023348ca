"""/rekap: RSVP counts per pillar for a forum, naming core pillars nobody confirmed, and the
satisfaction survey's counts per pillar once attendees answered it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.services import reports, survey
from handlers.common import (
    Caller,
    answer_query,
    forum_menu,
    pressed_forum,
    reply,
    with_caller,
)
from models import utcnow

RECENT = timedelta(days=30)


@with_caller(admin=True, in_groups=True)
async def recap_menu(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/rekap: choose a forum (upcoming, or started within the last 30 days)."""
    await forum_menu(
        update,
        context,
        session,
        who,
        prefix=cd.RECAP,
        heading_key="recap-choose",
        since=utcnow() - RECENT,
    )


@with_caller(admin=True, in_groups=True)
async def recap(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """The recap of the chosen forum."""
    forum = await pressed_forum(update, session, who, prefix=cd.RECAP)
    if forum is None:
        return
    report = await reports.recap(session, forum)
    text = render.recap(report, who.lang, context.settings.tz)
    # The satisfaction survey after the forum: counts and averages only, no names.
    summary = await survey.survey_summary(session, forum.id or 0)
    if summary.responses:
        text = Html(f"{text}\n\n{render.survey_recap(summary, who.lang)}")
    await answer_query(update)
    # The picture first, then the figures and the buttons under them (issue 12 item 6).
    chart = await asyncio.to_thread(_chart, report, who.lang, context.settings.tz)
    message = update.effective_message
    assert message is not None
    await message.reply_photo(chart, caption=t(who.lang, "recap-chart-caption", title=forum.title))
    chat = update.effective_chat
    # A recap holds counts only and may be shown in a group (`in_groups`); exports name
    # people: only in the admin's private chat, never in a group.
    private = chat is not None and chat.type == ChatType.PRIVATE
    await reply(
        update,
        text,
        keyboards.with_dashboard(
            who.lang, keyboards.exports(who.lang, forum), context.settings.public_web_url
        )
        if private
        else None,
    )


def _chart(report: reports.Recap, lang: str, tz: ZoneInfo) -> bytes:
    """The recap's PNG (CPU work: runs in a worker thread); its fonts load on first use."""
    from bot.exports.chart import render_recap_chart

    return render_recap_chart(report, lang=lang, tz=tz)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CommandHandler(["rekap", "report"], recap_menu))
    application.add_handler(CallbackQueryHandler(recap, pattern=cd.pattern(cd.RECAP)))
