"""A forum's invitation posted in a coordination group, with its live counts (SPEC section 5)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.i18n import Html, t
from bot.services import forums, outbox, reports
from bot.services.errors import ServiceError
from bot.services.groups import Posted
from models import Forum, OutboxKind, OutboxMessage


async def post(session: AsyncSession, posted: Posted, *, lang: str, tz: ZoneInfo) -> OutboxMessage:
    """Queue the message of a group post (`bot.services.groups.post_forum`) and link the post
    to it: the forum's details, its counts and the RSVP buttons, in `lang` (the group's
    language, the office's default) with times in `tz`.

    Dedupe key `group-post:<forum>:<group>`; a repost is keyed on the row it replaces
    (`...:r<row>`), as dedupe keys are unique forever. Returns the row; the caller commits.

    Raises:
        ServiceError: `error-group-already-posted` (the same repost queued a moment ago by a
            double tap).
    """
    forum_id = posted.forum.id or 0
    dedupe_key = f"group-post:{forum_id}:{posted.group.id}"
    if posted.replaces is not None:
        dedupe_key = f"{dedupe_key}:r{posted.replaces}"
    row = await outbox.enqueue(
        session,
        dedupe_key=dedupe_key,
        kind=OutboxKind.GROUP_POST,
        chat_id=posted.group.chat_id,
        forum_id=forum_id,
        text=await post_text(session, posted.forum, lang, tz),
        reply_markup=keyboards.rsvp(lang, forum_id).to_dict(),
    )
    if row is None:
        raise ServiceError("error-group-already-posted", title=posted.group.title)
    posted.post.outbox_id = row.id
    session.add(posted.post)
    await session.flush()
    return row


async def post_text(session: AsyncSession, forum: Forum, lang: str, tz: ZoneInfo) -> Html:
    """A group post: the forum's details and its current counts (all invited pillars)."""
    pillars = await forums.forum_pillars(session, forum.id or 0)
    details = render.forum_details(forum, pillars, lang, tz, heading=t(lang, "group-post-heading"))
    return t(lang, "group-post", details=details, counts=await counts_line(session, forum, lang))


async def counts_line(session: AsyncSession, forum: Forum, lang: str) -> Html:
    """ "Hadir 3 · Diwakilkan 1 · ..." from the recap's totals."""
    total = (await reports.recap(session, forum)).total
    waitlist = (
        t(lang, "group-counts-waitlist", waitlisted=total.waitlisted) if total.waitlisted else ""
    )
    return t(
        lang,
        "group-counts",
        attending=total.attending,
        delegated=total.delegated,
        declined=total.declined,
        none=total.no_answer,
        waitlist=Html(waitlist),
    )
