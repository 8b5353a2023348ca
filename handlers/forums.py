"""/forum_baru guided creation with preview and publish; /forum lists upcoming forums."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from bot import callback_data as cd
from bot import keyboards, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.dates import DateInputError, parse_local_datetime, parse_local_end, parse_local_span
from bot.i18n import Html, t
from bot.services import forums, members, reports, waitlist
from bot.services.errors import ServiceError
from bot.services.members import clean_text
from handlers.common import (
    PRIVATE,
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    forum_menu,
    pressed_forum,
    refuse,
    reply,
    toggle_pillars,
    typed_text,
    with_caller,
)
from models import Forum, utcnow
from scheduler.reminders import schedule_forum

TITLE, START, END, VENUE, AGENDA, PILLARS, DEADLINE, PREVIEW = range(8)
CAPACITY = 40  # the optional capacity, after the deadline (apart from the range: others append)
DRAFT = "forum_draft"


def _draft(context: SinergiContext) -> forums.ForumDraft:
    draft = context.user_state.get(DRAFT)
    if not isinstance(draft, forums.ForumDraft):
        draft = context.user_state[DRAFT] = forums.ForumDraft()
    return draft


@with_caller(admin=True)
async def new_forum(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """/forum_baru: start the guided creation (admins only)."""
    context.user_state[DRAFT] = forums.ForumDraft()
    begin_form(context, DRAFT)
    await reply(update, t(who.lang, "forum-ask-title"))
    return TITLE


@with_caller(admin=True)
async def got_title(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Title typed."""
    try:
        _draft(context).title = clean_text(typed_text(update), max_length=forums.TITLE_MAX)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return TITLE
    now, tz = utcnow(), context.settings.tz
    await reply(
        update,
        t(
            who.lang,
            "forum-ask-start",
            examples=render.date_examples(now, tz),
            ranges=render.range_examples(now, tz),
        ),
    )
    return START


async def _date_error(update: Update, lang: str, tz: ZoneInfo, exc: DateInputError) -> None:
    await reply(update, render.date_error(lang, exc, utcnow(), tz))


@with_caller(admin=True)
async def got_start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Start typed (SPEC section 3 date forms), alone or with its end: "... 09.00–12.00 WIB"
    fills the end too and "... s.d. selesai" leaves it open; both skip the end step."""
    draft, tz = _draft(context), context.settings.tz
    try:
        span = parse_local_span(typed_text(update), now=utcnow(), tz=tz)
        draft.starts_at, draft.ends_at = span.starts_at, None
        if span.ends_at is not None:
            draft.ends_at = forums.check_end(draft, span.ends_at)
    except DateInputError as exc:
        await _date_error(update, who.lang, tz, exc)
        return START
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return START
    read = render.read_back(who.lang, tz, span.starts_at, span.ends_at, open_end=span.open_end)
    if span.ends_at is None and not span.open_end:
        ask_end = t(who.lang, "forum-ask-end")
        await reply(update, Html(f"{read}\n\n{ask_end}"), keyboards.skip(who.lang))
        return END
    ask_venue = t(who.lang, "forum-ask-venue")
    await reply(update, Html(f"{read}\n\n{ask_venue}"))
    return VENUE


@with_caller(admin=True)
async def got_end(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """End typed: a date and time, or only a time ("12.00", "pukul 13.30") on the start's day."""
    draft, tz = _draft(context), context.settings.tz
    assert draft.starts_at is not None
    try:
        ends_at = parse_local_end(typed_text(update), start=draft.starts_at, now=utcnow(), tz=tz)
        draft.ends_at = forums.check_end(draft, ends_at)
    except DateInputError as exc:
        await _date_error(update, who.lang, tz, exc)
        return END
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return END
    read = render.read_back(who.lang, tz, draft.starts_at, draft.ends_at)
    ask_venue = t(who.lang, "forum-ask-venue")
    await reply(update, Html(f"{read}\n\n{ask_venue}"))
    return VENUE


@with_caller(admin=True)
async def skip_end(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """No end time."""
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "forum-ask-end-skipped"))
    await reply(update, t(who.lang, "forum-ask-venue"))
    return VENUE


@with_caller(admin=True)
async def got_venue(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Venue typed."""
    try:
        _draft(context).venue = clean_text(typed_text(update), max_length=forums.VENUE_MAX)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return VENUE
    await reply(update, t(who.lang, "forum-ask-agenda"))
    return AGENDA


@with_caller(admin=True)
async def got_agenda(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Agenda typed: ask which pillars to invite."""
    try:
        _draft(context).agenda = members.clean_block(
            typed_text(update), max_length=forums.AGENDA_MAX
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return AGENDA
    pillars = await members.list_pillars(session)
    await reply(
        update,
        t(who.lang, "forum-ask-pillars"),
        keyboards.pillar_toggles(who.lang, pillars, _draft(context).pillar_ids, cd.FORUM_PILLAR),
    )
    return PILLARS


@with_caller(admin=True)
async def toggled_pillar(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A pillar ticked or unticked; "core", "all" or "done"."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = _draft(context)
    pillars = await members.list_pillars(session)
    if query.data.split(":", 1)[-1] == "done":
        if not draft.pillar_ids:
            await refuse(update, t(who.lang, "error-no-pillars"))
            return PILLARS
        await answer_query(update)
        codes = ", ".join(p.code for p in pillars if p.id in draft.pillar_ids)
        await edit_query_message(update, t(who.lang, "forum-pillars-chosen", pillars=codes))
        await reply(update, t(who.lang, "forum-ask-deadline"), keyboards.skip(who.lang))
        return DEADLINE
    chosen = toggle_pillars(cd.FORUM_PILLAR, query.data, pillars, draft.pillar_ids)
    if chosen is None:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return PILLARS
    draft.pillar_ids = chosen
    await answer_query(update)
    await edit_query_message(
        update,
        t(who.lang, "forum-ask-pillars"),
        keyboards.pillar_toggles(who.lang, pillars, draft.pillar_ids, cd.FORUM_PILLAR),
    )
    return PILLARS


@with_caller(admin=True)
async def got_deadline(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """RSVP deadline typed."""
    draft, tz = _draft(context), context.settings.tz
    try:
        deadline = parse_local_datetime(typed_text(update), now=utcnow(), tz=tz)
        draft.rsvp_deadline = forums.check_deadline(draft, deadline)
    except DateInputError as exc:
        await _date_error(update, who.lang, tz, exc)
        return DEADLINE
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return DEADLINE
    read = render.read_back(who.lang, tz, deadline)
    ask_capacity = t(who.lang, "forum-ask-capacity")
    await reply(update, Html(f"{read}\n\n{ask_capacity}"), keyboards.skip(who.lang))
    return CAPACITY


@with_caller(admin=True)
async def skip_deadline(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """No RSVP deadline: answers are open until the start."""
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "forum-ask-deadline-skipped"))
    await reply(update, t(who.lang, "forum-ask-capacity"), keyboards.skip(who.lang))
    return CAPACITY


@with_caller(admin=True)
async def got_capacity(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Capacity typed: a number of seats, or 0 / "tanpa batas" for no limit."""
    try:
        _draft(context).capacity = waitlist.parse_capacity(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return CAPACITY
    return await _preview(update, context, session, who)


@with_caller(admin=True)
async def skip_capacity(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """No capacity: every answer gets a seat."""
    _draft(context).capacity = None
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "forum-ask-capacity-skipped"))
    return await _preview(update, context, session, who)


async def _preview(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    draft = _draft(context)
    pillars = [p for p in await members.list_pillars(session) if p.id in draft.pillar_ids]
    assert draft.starts_at is not None
    preview = Forum(
        title=draft.title,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        venue=draft.venue,
        agenda=draft.agenda,
        rsvp_deadline=draft.rsvp_deadline,
        created_by=0,
    )
    text = render.forum_details(
        preview,
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
    await reply(update, text, keyboards.confirm(who.lang, cd.FORUM_PUBLISH, "button-publish"))
    return PREVIEW


@with_caller(admin=True)
async def publish(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Publish (or drop) the previewed forum."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        choice = cd.parse_word(cd.FORUM_PUBLISH, query.data, ("ok", "no"))
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return PREVIEW
    if choice == "no":
        context.user_state.pop(DRAFT, None)
        await answer_query(update)
        await edit_query_message(update, t(who.lang, "cancelled"))
        return ConversationHandler.END
    now = utcnow()
    assert who.member is not None
    try:
        result = await forums.publish(session, _draft(context), admin=who.member, now=now)
        await notices.forums.invitations(session, result, tz=context.settings.tz)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return PREVIEW
    await session.commit()
    context.user_state.pop(DRAFT, None)
    schedule_forum(context.jobs, result.forum, context.settings.reminder_offsets, now=now)
    context.sender.wake()
    await answer_query(update)
    await edit_query_message(
        update,
        t(who.lang, "forum-published", title=result.forum.title, invited=result.invited),
    )
    return ConversationHandler.END


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
    await reply(
        update,
        Html(f"{details}\n\n{render.recap(report, who.lang, tz)}"),
        keyboards.forum_manage(who.lang, forum),
    )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""

    form = Form(application, DRAFT)
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler(["forum_baru", "newforum"], new_forum, PRIVATE)],
            states={
                TITLE: form.text(got_title),
                START: form.text(got_start),
                END: [
                    *form.text(got_end),
                    CallbackQueryHandler(skip_end, pattern=f"^{cd.FORUM_SKIP}$"),
                ],
                VENUE: form.text(got_venue),
                AGENDA: form.text(got_agenda),
                PILLARS: form.buttons(
                    CallbackQueryHandler(toggled_pillar, pattern=cd.pattern(cd.FORUM_PILLAR))
                ),
                DEADLINE: [
                    *form.text(got_deadline),
                    CallbackQueryHandler(skip_deadline, pattern=f"^{cd.FORUM_SKIP}$"),
                ],
                CAPACITY: [
                    *form.text(got_capacity),
                    CallbackQueryHandler(skip_capacity, pattern=f"^{cd.FORUM_SKIP}$"),
                ],
                PREVIEW: form.buttons(
                    CallbackQueryHandler(publish, pattern=cd.pattern(cd.FORUM_PUBLISH))
                ),
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="new_forum",
        )
    )
    application.add_handler(CommandHandler("forum", list_forums, PRIVATE))
    application.add_handler(
        CallbackQueryHandler(forum_detail, pattern=cd.pattern(cd.FORUM_DETAIL))
    )
