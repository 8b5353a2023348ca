"""/forum_baru guided creation with preview and publish; /forum lists upcoming forums."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callback_data as cd
from bot import keyboards, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.dates import DateInputError, parse_local_datetime, parse_local_end, parse_local_span
from bot.i18n import Html, t
from bot.services import forum_options, forums, members, places, reports, series, waitlist
from bot.services.errors import ServiceError
from bot.services.members import clean_text
from bot.services.pillars import offered as pillars_offered
from bot.services.reminders import offsets_of
from handlers.common import (
    NOT_TEXT,
    PRIVATE,
    TYPED_TEXT,
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
# After the capacity: the map, the reminders, their note, the repeat; a duplicate's new start.
LOCATION, OFFSETS, NOTE, REPEAT, OCCURRENCES, DUPLICATE_START = range(41, 47)
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
    pillars = await pillars_offered(session)
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
    pillars = await pillars_offered(session)
    if query.data.split(":", 1)[-1] == "done":
        if not draft.pillar_ids:
            await refuse(update, t(who.lang, "error-no-pillars"))
            return PILLARS
        await answer_query(update)
        names = ", ".join(p.name for p in pillars if p.id in draft.pillar_ids)
        await edit_query_message(update, t(who.lang, "forum-pillars-chosen", pillars=names))
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
    await reply(update, t(who.lang, "forum-ask-location"), keyboards.skip(who.lang))
    return LOCATION


@with_caller(admin=True)
async def skip_capacity(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """No capacity: every answer gets a seat."""
    _draft(context).capacity = None
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "forum-ask-capacity-skipped"))
    await reply(update, t(who.lang, "forum-ask-location"), keyboards.skip(who.lang))
    return LOCATION


async def _set_place(
    update: Update, context: SinergiContext, who: Caller, place: places.Place
) -> int:
    draft = _draft(context)
    draft.latitude, draft.longitude, draft.map_url = place.latitude, place.longitude, place.map_url
    shown = [t(who.lang, "forum-location-link")] if place.map_url else []
    if place.latitude is not None and place.longitude is not None:
        shown.append(_pin_line(who.lang, place.latitude, place.longitude))
    await reply(update, render.lines(shown))
    return await _ask_offsets(update, context, who)


@with_caller(admin=True)
async def got_location(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A Telegram location or venue sent: the forum's pin."""
    message = update.effective_message
    assert message is not None and message.location is not None
    try:
        place = places.check_pin(message.location.latitude, message.location.longitude)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return LOCATION
    return await _set_place(update, context, who, place)


@with_caller(admin=True)
async def got_map_url(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A maps link typed (its coordinates become the pin when it names them)."""
    try:
        place = places.check_map_url(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return LOCATION
    return await _set_place(update, context, who, place)


@with_caller(admin=True)
async def expect_location(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Anything but a location, a link or Skip at the map step."""
    await reply(update, t(who.lang, "error-expect-location"))
    return LOCATION


@with_caller(admin=True)
async def skip_location(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """No map."""
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "forum-location-skipped"))
    return await _ask_offsets(update, context, who)


async def _ask_offsets(update: Update, context: SinergiContext, who: Caller) -> int:
    draft = _draft(context)
    defaults = context.settings.reminder_offsets
    if draft.reminder_offsets is None:  # preselected: the configured ones
        draft.reminder_offsets = tuple(sorted(defaults, reverse=True))
    await reply(update, t(who.lang, "forum-ask-offsets"), _offsets_keyboard(context, who.lang))
    return OFFSETS


def _offsets_keyboard(context: SinergiContext, lang: str) -> InlineKeyboardMarkup:
    chosen = _draft(context).reminder_offsets or ()
    choices = forum_options.offset_choices(context.settings.reminder_offsets, chosen)
    return keyboards.new_forum_offsets(lang, render.offset_labels(lang, choices), chosen)


def _pin_line(lang: str, latitude: float, longitude: float) -> Html:
    return t(lang, "forum-location-pin", latitude=f"{latitude:.6f}", longitude=f"{longitude:.6f}")


@with_caller(admin=True)
async def toggled_offset(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """An offset ticked or unticked, or Lanjut."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = _draft(context)
    chosen = draft.reminder_offsets or ()
    if query.data == cd.with_word(cd.FORUM_OFFSET, "ok"):
        await answer_query(update)
        await edit_query_message(
            update,
            t(who.lang, "forum-offsets-chosen", offsets=render.offsets_label(who.lang, chosen)),
        )
        await reply(update, t(who.lang, "forum-ask-note"), keyboards.skip(who.lang))
        return NOTE
    choices = forum_options.offset_choices(context.settings.reminder_offsets, chosen)
    try:
        offset = cd.parse_id(cd.FORUM_OFFSET, query.data)
        draft.reminder_offsets = forum_options.toggle_offset(chosen, offset, choices)
    except (cd.InvalidCallbackData, ServiceError):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return OFFSETS
    await answer_query(update)
    await edit_query_message(
        update, t(who.lang, "forum-ask-offsets"), _offsets_keyboard(context, who.lang)
    )
    return OFFSETS


@with_caller(admin=True)
async def got_note(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The reminder note typed."""
    try:
        _draft(context).reminder_note = forum_options.check_note(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return NOTE
    await reply(update, t(who.lang, "forum-ask-repeat"), keyboards.repeat_choice(who.lang))
    return REPEAT


@with_caller(admin=True)
async def skip_note(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """No reminder note."""
    _draft(context).reminder_note = None
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "forum-note-skipped"))
    await reply(update, t(who.lang, "forum-ask-repeat"), keyboards.repeat_choice(who.lang))
    return REPEAT


@with_caller(admin=True)
async def chose_repeat(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Tidak diulang, or every week / month (then: how many times)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        word = cd.parse_word(cd.FORUM_REPEAT, query.data, ("none", *series.REPEATS))
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return REPEAT
    draft = _draft(context)
    draft.repeat, draft.occurrences = (None, 1) if word == "none" else (word, 1)
    await answer_query(update)
    await edit_query_message(
        update, t(who.lang, "forum-repeat-chosen", repeat=t(who.lang, f"repeat-{word}"))
    )
    if word == "none":
        return await _preview(update, context, session, who)
    low, high = series.OCCURRENCES_MIN, series.OCCURRENCES_MAX
    await reply(update, t(who.lang, "forum-ask-occurrences", low=low, high=high))
    return OCCURRENCES


@with_caller(admin=True)
async def got_occurrences(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """How many forums the series has (2-12)."""
    try:
        _draft(context).occurrences = series.check_occurrences(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return OCCURRENCES
    return await _preview(update, context, session, who)


@with_caller(admin=True)
async def duplicate(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """📄 Duplikat under a forum's detail: a new draft from it; ask for the new start."""
    forum = await pressed_forum(update, session, who, prefix=cd.FORUM_DUPLICATE)
    if forum is None:
        return ConversationHandler.END
    try:
        draft = await forums.draft_from(session, forum.id or 0)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    context.user_state[DRAFT] = draft
    begin_form(context, DRAFT)
    await answer_query(update)
    examples = render.date_examples(utcnow(), context.settings.tz)
    await reply(
        update,
        t(who.lang, "forum-ask-duplicate-start", title=forum.title, examples=examples),
    )
    return DUPLICATE_START


@with_caller(admin=True)
async def got_duplicate_start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The duplicate's start typed: its end keeps the original's length; to the preview."""
    now = utcnow()
    try:
        starts_at = parse_local_datetime(typed_text(update), now=now, tz=context.settings.tz)
        forums.date_duplicate(_draft(context), starts_at, now=now)
    except DateInputError as exc:
        await _date_error(update, who.lang, context.settings.tz, exc)
        return DUPLICATE_START
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return DUPLICATE_START
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
        map_url=draft.map_url,
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
    offsets = draft.reminder_offsets
    if offsets is None:
        offsets = context.settings.reminder_offsets
    extras = [render.reminder_settings(who.lang, offsets, draft.reminder_note)]
    if draft.latitude is not None and draft.longitude is not None:
        extras.append(_pin_line(who.lang, draft.latitude, draft.longitude))
    if draft.repeat is not None:
        extras.append(render.series_dates(draft, who.lang, context.settings.tz))
    text = Html("\n".join([text, *extras]))
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
    tz = context.settings.tz
    assert who.member is not None
    try:
        results = await series.publish_series(
            session, _draft(context), admin=who.member, now=now, tz=tz
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
    settings = render.reminder_settings(
        who.lang, offsets_of(forum, context.settings.reminder_offsets), forum.reminder_note
    )
    if forum.series_id is not None:
        settings = Html(f"{settings}\n{t(who.lang, 'forum-series-member')}")
    await reply(
        update,
        Html(f"{details}\n{settings}\n\n{render.recap(report, who.lang, tz)}"),
        keyboards.forum_manage(who.lang, forum),
    )


@with_caller(admin=True)
async def whatsapp_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """📋 Teks untuk WhatsApp under a forum's detail: the invitation as plain text (no HTML,
    no parse mode) with the forum's RSVP deep link, for officials who are not on Telegram.
    It is in the office's language (`DEFAULT_LANGUAGE`), as its papers are; one message to
    copy or forward whole, after a line saying what it is."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        forum = await forums.published_forum(session, cd.parse_id(cd.WHATSAPP, query.data))
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    settings = context.settings
    link = f"https://t.me/{context.bot.username}?start={cd.INVITATION_PAYLOAD}{forum.id}"
    text = render.whatsapp_invitation(
        forum,
        await forums.forum_pillars(session, forum.id or 0),
        settings.default_language,
        settings.tz,
        office=settings.office_name,
        link=link,
    )
    await answer_query(update)
    await reply(update, t(who.lang, "whatsapp-heading", title=forum.title))
    message = update.effective_message
    assert message is not None
    for part in render.split_message(text):
        await message.reply_text(
            part, parse_mode=None, link_preview_options=LinkPreviewOptions(is_disabled=True)
        )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""

    form = Form(application, DRAFT)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CommandHandler(["forum_baru", "newforum"], new_forum, PRIVATE),
                CallbackQueryHandler(duplicate, pattern=rf"^{cd.FORUM_DUPLICATE}:[0-9]+$"),
            ],
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
                LOCATION: [
                    # A venue message carries a location too.
                    MessageHandler(
                        filters.UpdateType.MESSAGE & filters.LOCATION & form.only, got_location
                    ),
                    MessageHandler(TYPED_TEXT & form.only, got_map_url),
                    MessageHandler(NOT_TEXT & form.only, expect_location),
                    CallbackQueryHandler(skip_location, pattern=f"^{cd.FORUM_SKIP}$"),
                ],
                OFFSETS: form.buttons(
                    CallbackQueryHandler(toggled_offset, pattern=cd.pattern(cd.FORUM_OFFSET))
                ),
                NOTE: [
                    *form.text(got_note),
                    CallbackQueryHandler(skip_note, pattern=f"^{cd.FORUM_SKIP}$"),
                ],
                REPEAT: form.buttons(
                    CallbackQueryHandler(chose_repeat, pattern=cd.pattern(cd.FORUM_REPEAT))
                ),
                OCCURRENCES: form.text(got_occurrences),
                DUPLICATE_START: form.text(got_duplicate_start),
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
    application.add_handler(CallbackQueryHandler(whatsapp_text, pattern=cd.pattern(cd.WHATSAPP)))
