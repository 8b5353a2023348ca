"""The draft's preview, then publishing it: the forum (or each of a series), its
invitations and its reminders."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import ConversationHandler

from bot import callback_data as cd
from bot import keyboards, notices, render
from bot.context import SinergiContext
from bot.i18n import Html, t
from bot.services import members, series
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    error_text,
    refuse,
    refusing,
    reply,
    with_caller,
)
from handlers.forum_form.draft import DRAFT, PREVIEW, draft_of, pin_line
from models import Forum, utcnow
from scheduler.reminders import schedule_forum
from scheduler.surveys import schedule_survey


async def show(update: Update, context: SinergiContext, session: AsyncSession, who: Caller) -> int:
    """The draft as its invitation will read, with its options, and Terbitkan / Batal."""
    draft = draft_of(context)
    pillars = [p for p in await members.list_pillars(session) if p.id in draft.pillar_ids]
    assert draft.starts_at is not None
    shown = Forum(
        title=draft.title,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        venue=draft.venue,
        agenda=draft.agenda,
        rsvp_deadline=draft.rsvp_deadline,
        map_url=draft.map_url,
        file_kind=draft.attachment.kind if draft.attachment else None,
        file_id=draft.attachment.file_id if draft.attachment else None,
        file_name=draft.attachment.file_name if draft.attachment else None,
        created_by=0,
    )
    text = render.forum_details(
        shown,
        pillars,
        who.lang,
        context.settings.tz,
        heading=t(who.lang, "forum-preview-heading"),
    )
    if draft.capacity is not None:
        line = t(
            who.lang,
            "forum-capacity-line",
            capacity=render.capacity_label(who.lang, draft.capacity),
        )
        text = Html(f"{text}\n{line}")
    offsets = draft.reminder_offsets
    if offsets is None:
        offsets = context.settings.reminder_offsets
    extras = [render.reminder_settings(who.lang, offsets, draft.reminder_note)]
    if draft.latitude is not None and draft.longitude is not None:
        extras.append(pin_line(who.lang, draft.latitude, draft.longitude))
    if draft.repeat is not None:
        extras.append(render.series_dates(draft, who.lang, context.settings.tz))
    text = Html("\n".join([text, *extras]))
    await reply(update, text, keyboards.confirm(who.lang, cd.FORUM_PUBLISH, "button-publish"))
    return PREVIEW


@with_caller(admin=True)
@refusing(then=PREVIEW)
async def publish(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Publish (or drop) the previewed forum."""
    query = update.callback_query
    assert query is not None and query.data is not None
    choice = cd.parse_word(cd.FORUM_PUBLISH, query.data, ("ok", "no"))
    if choice == "no":
        context.user_state.pop(DRAFT, None)
        await answer_query(update)
        await edit_query_message(update, t(who.lang, "cancelled"))
        return ConversationHandler.END
    now = utcnow()
    tz = context.settings.tz
    assert who.member is not None
    try:
        results = await series.publish_series(
            session, draft_of(context), admin=who.member, now=now, tz=tz
        )
        for result in results:
            await notices.forums.invitations(
                session, result, tz=tz, office=context.settings.office_name
            )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return PREVIEW
    await session.commit()
    context.user_state.pop(DRAFT, None)
    for result in results:
        schedule_forum(context.jobs, result.forum, context.settings.reminder_offsets, now=now)
        schedule_survey(
            context.jobs,
            result.forum,
            default_duration=context.settings.forum_default_duration,
            now=now,
        )
    context.sender.wake()
    await answer_query(update)
    first = results[0]
    if len(results) == 1:
        text = t(who.lang, "forum-published", title=first.forum.title, invited=first.invited)
    else:
        text = t(
            who.lang,
            "forum-published-series",
            title=first.forum.title,
            count=len(results),
            invited=first.invited,
        )
    await edit_query_message(update, text)
    return ConversationHandler.END
