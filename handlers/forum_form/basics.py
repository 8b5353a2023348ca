"""The forum's own fields: title, start and end, venue, agenda, pillars, RSVP deadline and
capacity (SPEC section 3)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiContext
from bot.dates import DateInputError, parse_local_datetime, parse_local_end, parse_local_span
from bot.i18n import Html, t
from bot.services import forums, members, waitlist
from bot.services.errors import ServiceError
from bot.services.members import clean_text
from bot.services.pillars import offered as pillars_offered
from handlers.common import (
    Caller,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    refuse,
    reply,
    toggle_pillars,
    typed_text,
    with_caller,
)
from handlers.forum_form.draft import (
    AGENDA,
    CAPACITY,
    DEADLINE,
    DRAFT,
    END,
    LOCATION,
    PILLARS,
    START,
    TITLE,
    VENUE,
    OptionalStep,
    ask,
    draft_of,
    refuse_input,
)
from models import utcnow


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
        draft_of(context).title = clean_text(typed_text(update), max_length=forums.TITLE_MAX)
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


@with_caller(admin=True)
async def got_start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Start typed (SPEC section 3 date forms), alone or with its end: "... 09.00–12.00 WIB"
    fills the end too and "... s.d. selesai" leaves it open; both skip the end step."""
    draft, tz = draft_of(context), context.settings.tz
    try:
        span = parse_local_span(typed_text(update), now=utcnow(), tz=tz)
        draft.starts_at, draft.ends_at = span.starts_at, None
        if span.ends_at is not None:
            draft.ends_at = forums.check_end(draft, span.ends_at)
    except (DateInputError, ServiceError) as exc:
        await refuse_input(update, context, who, exc)
        return START
    read = render.read_back(who.lang, tz, span.starts_at, span.ends_at, open_end=span.open_end)
    if span.ends_at is None and not span.open_end:
        await ask(update, who, "forum-ask-end", keyboards.skip(who.lang), read=read)
        return END
    return await _ask_venue(update, context, session, who, read)


def _read_end(
    update: Update, context: SinergiContext, who: Caller, draft: forums.ForumDraft
) -> Html:
    """A date and time, or only a time ("12.00", "pukul 13.30") on the start's day."""
    assert draft.starts_at is not None
    tz = context.settings.tz
    ends_at = parse_local_end(typed_text(update), start=draft.starts_at, now=utcnow(), tz=tz)
    draft.ends_at = forums.check_end(draft, ends_at)
    return render.read_back(who.lang, tz, draft.starts_at, draft.ends_at)


async def _ask_venue(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, read: Html | None
) -> int:
    await ask(update, who, "forum-ask-venue", read=read)
    return VENUE


END_STEP = OptionalStep(
    state=END,
    skipped_key="forum-ask-end-skipped",
    cleared=("ends_at",),
    then=_ask_venue,
    typed=_read_end,
)


@with_caller(admin=True)
async def got_venue(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Venue typed."""
    try:
        draft_of(context).venue = clean_text(typed_text(update), max_length=forums.VENUE_MAX)
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
        draft_of(context).agenda = members.clean_block(
            typed_text(update), max_length=forums.AGENDA_MAX
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return AGENDA
    pillars = await pillars_offered(session)
    await reply(
        update,
        t(who.lang, "forum-ask-pillars"),
        keyboards.pillar_toggles(who.lang, pillars, draft_of(context).pillar_ids, cd.FORUM_PILLAR),
    )
    return PILLARS


@with_caller(admin=True)
async def toggled_pillar(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A pillar ticked or unticked; "core", "all" or "done"."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = draft_of(context)
    pillars = await pillars_offered(session)
    draft.pillar_ids &= {p.id or 0 for p in pillars}  # one hidden since it was ticked goes
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
    if chosen is None:  # forged, or a pillar hidden since: the keyboard is drawn anew
        await refuse(update, t(who.lang, "error-button-invalid"))
    else:
        draft.pillar_ids = chosen
        await answer_query(update)
    await edit_query_message(
        update,
        t(who.lang, "forum-ask-pillars"),
        keyboards.pillar_toggles(who.lang, pillars, draft.pillar_ids, cd.FORUM_PILLAR),
    )
    return PILLARS


def _read_deadline(
    update: Update, context: SinergiContext, who: Caller, draft: forums.ForumDraft
) -> Html:
    tz = context.settings.tz
    deadline = parse_local_datetime(typed_text(update), now=utcnow(), tz=tz)
    draft.rsvp_deadline = forums.check_deadline(draft, deadline)
    return render.read_back(who.lang, tz, deadline)


async def _ask_capacity(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, read: Html | None
) -> int:
    await ask(update, who, "forum-ask-capacity", keyboards.skip(who.lang), read=read)
    return CAPACITY


# No RSVP deadline: answers are open until the start.
DEADLINE_STEP = OptionalStep(
    state=DEADLINE,
    skipped_key="forum-ask-deadline-skipped",
    cleared=("rsvp_deadline",),
    then=_ask_capacity,
    typed=_read_deadline,
)


def _read_capacity(
    update: Update, context: SinergiContext, who: Caller, draft: forums.ForumDraft
) -> None:
    """A number of seats, or 0 / "tanpa batas" for no limit."""
    draft.capacity = waitlist.parse_capacity(typed_text(update))


async def _ask_location(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, read: Html | None
) -> int:
    await ask(update, who, "forum-ask-location", keyboards.skip(who.lang), read=read)
    return LOCATION


# No capacity: every answer gets a seat.
CAPACITY_STEP = OptionalStep(
    state=CAPACITY,
    skipped_key="forum-ask-capacity-skipped",
    cleared=("capacity",),
    then=_ask_location,
    typed=_read_capacity,
)
