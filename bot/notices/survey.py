"""The satisfaction survey to a forum's attendees when it ends (issue 11, item 7)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.services import outbox
from bot.services.survey import SurveyRound
from models import OutboxKind


async def queue(session: AsyncSession, due: SurveyRound, *, tz: ZoneInfo) -> int:
    """Queue the survey's first question to every recipient of a due round, in their
    language; returns how many were queued.

    Dedupe key `survey:<forum>:<member>`: one survey per attendee, whatever re-runs.
    """
    forum = due.forum
    forum_id = forum.id or 0
    rows = [
        outbox.message(
            dedupe_key=f"survey:{forum_id}:{member.id}",
            kind=OutboxKind.SURVEY,
            chat_id=member.chat_id,
            text=render.survey(member.language, forum, None, "usefulness", tz),
            reply_markup=keyboards.survey(member.language, forum_id, "usefulness").to_dict(),
            member_id=member.id,
            forum_id=forum_id,
        )
        for member in due.recipients
    ]
    return len(await outbox.enqueue_many(session, rows))
