"""⏰ Pengingat under a published forum's `/forum` detail: its reminder offsets and note.

`frem:<forum>` opens the toggles, `frem:<forum>:<seconds>` ticks or unticks an offset,
`frem:<forum>:note` asks for a new note, `frem:<forum>:clear` removes it, `frem:<forum>:ok`
saves; the reminder jobs are then derived again from the forum row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.services import forum_options
from bot.services.errors import ServiceError
from bot.services.forums import published_forum
from bot.services.reminders import offsets_of
from handlers.common import (
    FORUM_GONE,
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    pressed_forum,
    refuse,
    reply,
    typed_text,
    with_caller,
)
from models import Forum, utcnow
from scheduler.reminders import schedule_forum

CHOOSE, NOTE = range(2)
FORM = "forum_reminders"
WORDS = ("ok", "note", "clear")


@dataclass
class PendingReminders:
    """The offsets (seconds, largest first) and note an admin is composing for a forum."""

    forum_id: int
    offsets: tuple[int, ...]
    note: str | None


def _pending(context: SinergiContext, forum_id: int) -> PendingReminders | None:
    pending = context.user_state.get(FORM)
    if isinstance(pending, PendingReminders) and pending.forum_id == forum_id:
        return pending
    return None


def _view(
    context: SinergiContext, forum: Forum, pending: PendingReminders, lang: str
) -> tuple[Html, InlineKeyboardMarkup]:
    choices = forum_options.offset_choices(context.settings.reminder_offsets, pending.offsets)
    text = t(
        lang,
        "reminders-edit",
        title=forum.title,
        note=pending.note or t(lang, "reminders-note-none"),
    )
    markup = keyboards.forum_reminders(
        lang,
        pending.forum_id,
        render.offset_labels(lang, choices),
        pending.offsets,
        has_note=pending.note is not None,
    )
    return text, markup


@with_caller(admin=True)
async def open_reminders(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """⏰ Pengingat: the forum's offsets as toggles, its note, Simpan."""
    pressed = await pressed_forum(update, session, who, prefix=cd.FORUM_REMINDERS)
    if pressed is None:
        return ConversationHandler.END
    try:
        forum = await published_forum(session, pressed.id or 0, not_started_at=utcnow())
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    pending = PendingReminders(
        forum_id=forum.id or 0,
        offsets=offsets_of(forum, context.settings.reminder_offsets),
        note=forum.reminder_note,
    )
    context.user_state[FORM] = pending
    begin_form(context, FORM)
    await answer_query(update)
    await reply(update, *_view(context, forum, pending, who.lang))
    return CHOOSE


@with_caller(admin=True)
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int | None:
    """An offset toggled, note / clear, or Simpan."""
    query = update.callback_query
    assert query is not None and query.data is not None
    word, offset = "", 0
    try:
        forum_id, word = cd.parse_id_word(cd.FORUM_REMINDERS, query.data, WORDS)
    except cd.InvalidCallbackData:
        try:
            forum_id, offset = cd.parse_ids(cd.FORUM_REMINDERS, query.data, 2)
        except cd.InvalidCallbackData:
            forum_id = -1
    pending = _pending(context, forum_id)
    if pending is None:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return None
    try:
        forum = await published_forum(session, forum_id, not_started_at=utcnow())
    except ServiceError as exc:
        context.user_state.pop(FORM, None)
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    if word == "ok":
        return await _save(update, context, session, who, pending)
    if word == "note":
        await answer_query(update)
        await reply(update, t(who.lang, "reminders-ask-note"))
        return NOTE
    if word == "clear":
        pending.note = None
    else:
        choices = forum_options.offset_choices(context.settings.reminder_offsets, pending.offsets)
        try:
            pending.offsets = forum_options.toggle_offset(pending.offsets, offset, choices)
        except ServiceError as exc:
            await refuse(update, error_text(who.lang, exc))
            return None
    await answer_query(update)
    await edit_query_message(update, *_view(context, forum, pending, who.lang))
    return CHOOSE


@with_caller(admin=True)
async def got_note(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The new note typed: shown in a fresh view to save."""
    pending = context.user_state.get(FORM)
    if not isinstance(pending, PendingReminders):
        return ConversationHandler.END
    try:
        pending.note = forum_options.check_note(typed_text(update))
        forum = await published_forum(session, pending.forum_id, not_started_at=utcnow())
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key in FORUM_GONE:
            context.user_state.pop(FORM, None)
            return ConversationHandler.END
        return NOTE
    await reply(update, *_view(context, forum, pending, who.lang))
    return CHOOSE


async def _save(
    update: Update,
    context: SinergiContext,
    session: AsyncSession,
    who: Caller,
    pending: PendingReminders,
) -> int:
    assert who.member is not None
    now = utcnow()
    defaults = context.settings.reminder_offsets
    try:
        changed = await forum_options.set_reminders(
            session,
            pending.forum_id,
            admin=who.member,
            offsets=pending.offsets,
            note=pending.note,
            default_offsets=defaults,
            now=now,
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return CHOOSE
    await session.commit()
    context.user_state.pop(FORM, None)
    schedule_forum(context.jobs, changed.forum, defaults, now=now, previous=changed.old_offsets)
    await answer_query(update)
    text = t(
        who.lang,
        "reminders-saved",
        offsets=render.offsets_label(who.lang, changed.new_offsets),
        note=changed.forum.reminder_note or t(who.lang, "reminders-note-none"),
    )
    if changed.skipped:
        skipped = t(
            who.lang, "reminders-skipped", offsets=render.offsets_label(who.lang, changed.skipped)
        )
        text = Html(f"{text}\n{skipped}")
    await edit_query_message(update, text)
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, FORM)
    button = CallbackQueryHandler(pressed, pattern=cd.pattern(cd.FORUM_REMINDERS))
    application.add_handler(
        ConversationHandler(
            # Entry points are tried first (re-entry): only the bare `frem:<forum>` opens.
            entry_points=[
                CallbackQueryHandler(open_reminders, pattern=rf"^{cd.FORUM_REMINDERS}:[0-9]+$")
            ],
            states={CHOOSE: form.buttons(button), NOTE: [*form.text(got_note), button]},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="forum_reminders",
        )
    )
