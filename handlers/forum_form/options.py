"""The forum's options after its fields: the map, the reminders and their note, the repeat
(issue 10)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import filters

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiContext
from bot.i18n import Html, t
from bot.services import forum_options, forums, places, series
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    error_text,
    refuse,
    refusing,
    reply,
    typed_text,
    with_caller,
)
from handlers.forum_form.attachment import ask_file
from handlers.forum_form.draft import (
    LOCATION,
    NOTE,
    OCCURRENCES,
    OFFSETS,
    REPEAT,
    OptionalStep,
    ask,
    draft_of,
    pin_line,
)


def _set_place(lang: str, draft: forums.ForumDraft, place: places.Place) -> Html:
    draft.latitude, draft.longitude, draft.map_url = place.latitude, place.longitude, place.map_url
    shown = [t(lang, "forum-location-link")] if place.map_url else []
    if place.latitude is not None and place.longitude is not None:
        shown.append(pin_line(lang, place.latitude, place.longitude))
    return render.lines(shown)


def _read_pin(
    update: Update, context: SinergiContext, who: Caller, draft: forums.ForumDraft
) -> Html:
    """A Telegram location or venue sent: the forum's pin."""
    message = update.effective_message
    assert message is not None and message.location is not None
    location = message.location
    return _set_place(who.lang, draft, places.check_pin(location.latitude, location.longitude))


def _read_map_url(
    update: Update, context: SinergiContext, who: Caller, draft: forums.ForumDraft
) -> Html:
    """A maps link typed (its coordinates become the pin when it names them)."""
    return _set_place(who.lang, draft, places.check_map_url(typed_text(update)))


@with_caller(admin=True)
async def expect_location(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Anything but a location, a link or Skip at the map step."""
    await reply(update, t(who.lang, "error-expect-location"))
    return LOCATION


async def _ask_offsets(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, read: Html | None
) -> int:
    if read is not None:  # what the map step kept, in a message of its own
        await reply(update, read)
    draft = draft_of(context)
    if draft.reminder_offsets is None:  # preselected: the configured ones
        draft.reminder_offsets = tuple(sorted(context.settings.reminder_offsets, reverse=True))
    await reply(update, t(who.lang, "forum-ask-offsets"), _offsets_keyboard(context, who.lang))
    return OFFSETS


# The map: a pin (a venue message carries a location too) or a maps link, or none.
LOCATION_STEP = OptionalStep(
    state=LOCATION,
    skipped_key="forum-location-skipped",
    cleared=("latitude", "longitude", "map_url"),
    then=_ask_offsets,
    typed=_read_map_url,
    inputs=((filters.UpdateType.MESSAGE & filters.LOCATION, _read_pin),),
    otherwise=expect_location,
)


def _offsets_keyboard(context: SinergiContext, lang: str) -> InlineKeyboardMarkup:
    chosen = draft_of(context).reminder_offsets or ()
    choices = forum_options.offset_choices(context.settings.reminder_offsets, chosen)
    return keyboards.new_forum_offsets(lang, render.offset_labels(lang, choices), chosen)


@with_caller(admin=True)
async def toggled_offset(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """An offset ticked or unticked, or Lanjut."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = draft_of(context)
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


def _read_note(
    update: Update, context: SinergiContext, who: Caller, draft: forums.ForumDraft
) -> None:
    draft.reminder_note = forum_options.check_note(typed_text(update))


async def _ask_repeat(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, read: Html | None
) -> int:
    await ask(update, who, "forum-ask-repeat", keyboards.repeat_choice(who.lang), read=read)
    return REPEAT


# The reminders' note ("Mohon membawa KTP"), or none.
NOTE_STEP = OptionalStep(
    state=NOTE,
    skipped_key="forum-note-skipped",
    cleared=("reminder_note",),
    then=_ask_repeat,
    typed=_read_note,
)


@with_caller(admin=True)
@refusing(then=REPEAT)
async def chose_repeat(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Tidak diulang, or every week / month (then: how many times)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    word = cd.parse_word(cd.FORUM_REPEAT, query.data, ("none", *series.REPEATS))
    draft = draft_of(context)
    draft.repeat, draft.occurrences = (None, 1) if word == "none" else (word, 1)
    await answer_query(update)
    await edit_query_message(
        update, t(who.lang, "forum-repeat-chosen", repeat=t(who.lang, f"repeat-{word}"))
    )
    if word == "none":
        return await ask_file(update, context, session, who)
    low, high = series.OCCURRENCES_MIN, series.OCCURRENCES_MAX
    await reply(update, t(who.lang, "forum-ask-occurrences", low=low, high=high))
    return OCCURRENCES


@with_caller(admin=True)
async def got_occurrences(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """How many forums the series has (2-12)."""
    try:
        draft_of(context).occurrences = series.check_occurrences(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return OCCURRENCES
    return await ask_file(update, context, session, who)
