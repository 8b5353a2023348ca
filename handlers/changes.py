"""Changes to a published forum from its `/forum` detail: edit, reschedule, cancel.

`fedit:<forum>` opens the menu of fields, `fedit:<forum>:<field>` asks for the new value,
`fedit:<forum>:ok|no` confirms or drops the previewed change; `fcanc:<forum>` asks for the
reason, `fcanc:<forum>:ok|no` confirms or drops the cancellation (SPEC sections 4-5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot import callback_data as cd
from bot import keyboards, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.dates import DateInputError, parse_local_datetime, parse_local_end
from bot.i18n import Html, t
from bot.services import changes, series
from bot.services.errors import ServiceError
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
from scheduler.reminders import schedule_forum, unschedule_forum
from scheduler.surveys import schedule_survey, unschedule_survey

FIELD, VALUE, CONFIRM, REASON, CANCEL_CONFIRM = range(5)
FORM = "forum_change"


@dataclass
class PendingChange:
    """The change an admin is composing: which forum, which field, the checked new value."""

    forum_id: int
    field: changes.Field | None = None
    value: str | datetime | None = None
    reason: str | None = None
    # The preview whose Confirm saves this change: an older preview's button is stale.
    preview_id: int | None = None
    # Later occurrences of the forum's series the preview offered to change too.
    later: int = 0


def _is_current_preview(update: Update, pending: PendingChange) -> bool:
    query = update.callback_query
    message = query.message if query is not None else None
    return message is not None and message.message_id == pending.preview_id


def _pending(context: SinergiContext) -> PendingChange | None:
    pending = context.user_state.get(FORM)
    return pending if isinstance(pending, PendingChange) else None


def _field_menu(lang: str, forum_id: int) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                t(lang, f"button-change-{field}"),
                callback_data=cd.with_id_word(cd.FORUM_EDIT, forum_id, field),
            )
        ]
        for field in changes.FIELDS
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "button-cancel"),
                callback_data=cd.with_id_word(cd.FORUM_EDIT, forum_id, "no"),
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


async def _opened_forum(
    update: Update, session: AsyncSession, who: Caller, *, prefix: str
) -> Forum | None:
    """The pressed forum if it may still change, or None after refusing the press."""
    forum = await pressed_forum(update, session, who, prefix=prefix)
    if forum is None:
        return None
    try:
        return await changes.changeable_forum(session, forum.id or 0, now=utcnow())
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return None


@with_caller(admin=True)
async def edit_menu(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """✏️ Ubah / jadwal ulang: what to change."""
    forum = await _opened_forum(update, session, who, prefix=cd.FORUM_EDIT)
    if forum is None:
        return ConversationHandler.END
    context.user_state[FORM] = PendingChange(forum_id=forum.id or 0)
    begin_form(context, FORM)
    await answer_query(update)
    await reply(
        update,
        t(who.lang, "change-ask-field", title=forum.title),
        _field_menu(who.lang, forum.id or 0),
    )
    return FIELD


@with_caller(admin=True)
async def edit_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int | None:
    """A field of the menu (ask for its value), or ok / no under the preview."""
    query = update.callback_query
    assert query is not None and query.data is not None
    pending = _pending(context)
    try:
        forum_id, word = cd.parse_id_word(
            cd.FORUM_EDIT, query.data, (*changes.FIELDS, "ok", "later", "no")
        )
    except cd.InvalidCallbackData:
        forum_id, word = -1, ""
    saving = word in ("ok", "later")
    if (
        pending is None
        or forum_id != pending.forum_id
        or (saving and (not pending.value or not _is_current_preview(update, pending)))
        or (word == "later" and not pending.later)
    ):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return None  # stay in the current step
    if word == "no":
        return await _drop(update, context, who)
    if saving:
        return await _save_edit(update, context, session, who, pending, with_later=word == "later")
    field: changes.Field = next(f for f in changes.FIELDS if f == word)
    try:
        forum = await changes.changeable_forum(session, forum_id, now=utcnow())
    except ServiceError as exc:
        context.user_state.pop(FORM, None)
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    pending.field, pending.value = field, None
    await answer_query(update)
    await reply(update, _ask_value(forum, field, who.lang, context.settings.tz))
    return VALUE


def _ask_value(forum: Forum, field: changes.Field, lang: str, tz: ZoneInfo) -> Html:
    if field == "start":
        return t(
            lang,
            "change-ask-start",
            current=render.moment(forum.starts_at, lang, tz),
            examples=render.date_examples(utcnow(), tz),
        )
    if field == "end":
        current = (
            render.moment(forum.ends_at, lang, tz)
            if forum.ends_at is not None
            else t(lang, "change-value-none")
        )
        return t(lang, "change-ask-end", current=current)
    values = {"title": forum.title, "venue": forum.venue, "agenda": forum.agenda or "-"}
    return t(lang, f"change-ask-{field}", current=values[field])


async def _date_error(update: Update, lang: str, tz: ZoneInfo, exc: DateInputError) -> None:
    # The same answers as /forum_baru gives (handlers/forum_form).
    await reply(update, render.date_error(lang, exc, utcnow(), tz))


@with_caller(admin=True)
async def got_value(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The new value typed: check it and show "old → new" with Confirm / Cancel."""
    pending = _pending(context)
    if pending is None or pending.field is None:
        return ConversationHandler.END
    tz = context.settings.tz
    text = typed_text(update).strip()
    now = utcnow()
    read: Html | None = None
    try:
        value: str | datetime = text
        if pending.field in ("start", "end"):
            forum = await changes.changeable_forum(session, pending.forum_id, now=now)
            if pending.field == "start":
                value = parse_local_datetime(text, now=now, tz=tz)
                read = render.read_back(who.lang, tz, value)
            else:
                value = parse_local_end(text, start=forum.starts_at, now=now, tz=tz)
                read = render.read_back(who.lang, tz, forum.starts_at, value)
        plan = await changes.plan_edit(
            session, pending.forum_id, field=pending.field, value=value, now=now
        )
    except DateInputError as exc:
        await _date_error(update, who.lang, tz, exc)
        return VALUE
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key in FORUM_GONE:
            context.user_state.pop(FORM, None)
            return ConversationHandler.END
        return VALUE
    pending.value = value
    recipients = await changes.notice_recipients(session, pending.forum_id)
    pending.later = len(await series.later_occurrences(session, plan.forum, now=now))
    text = t(
        who.lang,
        "change-preview",
        title=plan.forum.title,
        changes=notices.changes.change_lines(plan.changes, who.lang, tz),
        count=len(recipients),
    )
    if read is not None:
        text = Html(f"{read}\n\n{text}")
    if pending.later:  # in a series: this one only, or this one and the later ones
        question = t(who.lang, "change-series-question", count=pending.later)
        text = Html(f"{text}\n\n{question}")
        markup = keyboards.change_scope(who.lang, pending.forum_id, pending.later)
    else:
        markup = keyboards.confirm(who.lang, cd.with_id(cd.FORUM_EDIT, pending.forum_id))
    preview = await reply(update, text, markup)
    pending.preview_id = preview.message_id if preview is not None else None
    return CONFIRM


async def _save_edit(
    update: Update,
    context: SinergiContext,
    session: AsyncSession,
    who: Caller,
    pending: PendingChange,
    *,
    with_later: bool = False,
) -> int:
    assert who.member is not None and pending.field is not None and pending.value is not None
    now = utcnow()
    context.user_state.pop(FORM, None)
    try:
        if with_later:
            results = await series.edit_with_later(
                session,
                pending.forum_id,
                admin=who.member,
                field=pending.field,
                value=pending.value,
                now=now,
            )
        else:
            results = [
                await changes.edit_forum(
                    session,
                    pending.forum_id,
                    admin=who.member,
                    field=pending.field,
                    value=pending.value,
                    now=now,
                )
            ]
    except ServiceError as exc:
        # The forum changed since the preview (cancelled, started, the time passed): the
        # admin starts again from the detail.
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    for result in results:
        await notices.changes.change_notices(session, result, tz=context.settings.tz)
    await session.commit()
    for result in results:
        if result.rescheduled:
            schedule_forum(context.jobs, result.forum, context.settings.reminder_offsets, now=now)
        # Any edit may have moved the end (the survey's time); the job is replaced by its id.
        schedule_survey(
            context.jobs,
            result.forum,
            default_duration=context.settings.forum_default_duration,
            now=now,
        )
    context.sender.wake()
    await answer_query(update)
    notified = sum(result.notified for result in results)
    if with_later:
        text = t(who.lang, "change-saved-series", forums=len(results), count=notified)
    else:
        text = t(who.lang, "change-saved", count=notified)
    await edit_query_message(update, text)
    return ConversationHandler.END


async def _drop(update: Update, context: SinergiContext, who: Caller) -> int:
    context.user_state.pop(FORM, None)
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "cancelled"))
    return ConversationHandler.END


@with_caller(admin=True)
async def cancel_ask(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """🚫 Batalkan forum: ask for the reason."""
    forum = await _opened_forum(update, session, who, prefix=cd.FORUM_CANCEL)
    if forum is None:
        return ConversationHandler.END
    context.user_state[FORM] = PendingChange(forum_id=forum.id or 0)
    begin_form(context, FORM)
    await answer_query(update)
    await reply(
        update, t(who.lang, "cancel-ask-reason", title=forum.title, limit=changes.REASON_MAX)
    )
    return REASON


@with_caller(admin=True)
async def got_reason(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The reason typed: preview the cancellation with Confirm / Cancel."""
    pending = _pending(context)
    if pending is None:
        return ConversationHandler.END
    try:
        forum = await changes.changeable_forum(session, pending.forum_id, now=utcnow())
        reason = changes.check_reason(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key in FORUM_GONE:
            context.user_state.pop(FORM, None)
            return ConversationHandler.END
        return REASON
    pending.reason = reason
    recipients = await changes.notice_recipients(session, pending.forum_id)
    preview = await reply(
        update,
        t(
            who.lang,
            "cancel-preview",
            title=forum.title,
            when=render.when(forum, who.lang, context.settings.tz),
            reason=reason,
            count=len(recipients),
        ),
        keyboards.confirm(
            who.lang,
            cd.with_id(cd.FORUM_CANCEL, pending.forum_id),
            "button-cancel-forum-confirm",
        ),
    )
    pending.preview_id = preview.message_id if preview is not None else None
    return CANCEL_CONFIRM


@with_caller(admin=True)
async def cancel_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int | None:
    """Confirm or drop the previewed cancellation."""
    query = update.callback_query
    assert query is not None and query.data is not None
    pending = _pending(context)
    try:
        forum_id, word = cd.parse_id_word(cd.FORUM_CANCEL, query.data, ("ok", "no"))
    except cd.InvalidCallbackData:
        forum_id, word = -1, ""
    if (
        pending is None
        or forum_id != pending.forum_id
        or pending.reason is None
        or (word == "ok" and not _is_current_preview(update, pending))
    ):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return None
    if word == "no":
        return await _drop(update, context, who)
    assert who.member is not None
    now = utcnow()
    context.user_state.pop(FORM, None)
    try:
        result = await changes.cancel_forum(
            session,
            forum_id,
            admin=who.member,
            reason=pending.reason,
            now=now,
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    await notices.changes.cancel_notices(session, result, tz=context.settings.tz)
    await session.commit()
    unschedule_forum(
        context.jobs, forum_id, offsets_of(result.forum, context.settings.reminder_offsets)
    )
    unschedule_survey(context.jobs, forum_id)
    context.sender.wake()
    await answer_query(update)
    await edit_query_message(
        update, t(who.lang, "cancel-done", title=result.forum.title, count=result.notified)
    )
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers (after `forums.register`)."""
    form = Form(application, FORM)
    edit_button = CallbackQueryHandler(edit_pressed, pattern=cd.pattern(cd.FORUM_EDIT))
    application.add_handler(
        ConversationHandler(
            # Entry points are tried first (re-entry): only the bare `<prefix>:<forum>` opens.
            entry_points=[
                CallbackQueryHandler(edit_menu, pattern=rf"^{cd.FORUM_EDIT}:[0-9]+$"),
                CallbackQueryHandler(cancel_ask, pattern=rf"^{cd.FORUM_CANCEL}:[0-9]+$"),
            ],
            states={
                FIELD: form.buttons(edit_button),
                # Another field may be picked from the menu instead of typing a value.
                VALUE: [*form.text(got_value), edit_button],
                CONFIRM: form.buttons(edit_button),
                REASON: form.text(got_reason),
                CANCEL_CONFIRM: form.buttons(
                    CallbackQueryHandler(cancel_pressed, pattern=cd.pattern(cd.FORUM_CANCEL))
                ),
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="forum_change",
        )
    )
