"""/umumkan: compose (text, a photo or a document), choose the audience, choose when,
preview, confirm; the list of scheduled announcements and those being sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
)

from bot import callback_data as cd
from bot import keyboards, notices
from bot.context import SinergiApplication, SinergiContext
from bot.dates import DateInputError, format_datetime, parse_local_datetime
from bot.i18n import Html, escape, t
from bot.render import attachment_line, date_examples, forum_button
from bot.services import announcements, forums, members
from bot.services.announcements import Audience
from bot.services.attachments import Attachment
from bot.services.errors import ServiceError
from handlers.common import (
    ATTACHMENT,
    NOT_TEXT,
    PRIVATE,
    TYPED_TEXT,
    Caller,
    Form,
    answer_query,
    begin_form,
    date_error,
    edit_query_message,
    error_text,
    expect_button,
    refuse,
    refusing,
    reply,
    sent_attachment,
    toggle_pillars,
    typed_caption,
    typed_text,
    with_caller,
)
from models import AudienceKind, utcnow
from scheduler import announcements as jobs

TEXT, FILE, AUDIENCE, WHEN, PREVIEW = range(5)
DRAFT = "announcement"
NOW_WORDS = frozenset({"sekarang", "now", "kirim sekarang", "send now"})
WORD_KINDS = {word: kind for kind, word in keyboards.FORUM_AUDIENCE_WORDS.items()}


def _draft(context: SinergiContext) -> dict[str, Any]:
    draft: dict[str, Any] = context.user_state.setdefault(DRAFT, {"pillar_ids": set()})
    return draft


@with_caller(admin=True)
async def start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """/umumkan: what is scheduled or going out (each with a cancel button), then ask for
    the announcement."""
    context.user_state[DRAFT] = {"pillar_ids": set()}
    begin_form(context, DRAFT)
    listed = await announcements.active(session)
    if listed:
        await reply(
            update,
            notices.announcements.active_list(who.lang, listed, context.settings.tz),
            keyboards.active_announcements(who.lang, listed),
        )
    await reply(update, t(who.lang, "announce-ask-text"))
    return TEXT


async def _ask_audience(
    update: Update, session: AsyncSession, who: Caller, draft: dict[str, Any]
) -> int:
    pillars = await members.list_pillars(session)
    await reply(
        update,
        t(who.lang, "announce-ask-audience"),
        keyboards.audience(who.lang, pillars, draft["pillar_ids"]),
    )
    return AUDIENCE


@with_caller(admin=True)
async def got_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Text typed: offer to attach a file."""
    try:
        text = announcements.check_text(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return TEXT
    _draft(context)["text"] = text
    await reply(update, t(who.lang, "announce-ask-file"), keyboards.announce_skip_file(who.lang))
    return FILE


@with_caller(admin=True)
async def got_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A photo or document, instead of the text (its caption is the text) or after it
    (its caption is added): kept by `file_id`, then the audience. A file too big, or a
    caption too long, is refused and the step asked again."""
    draft = _draft(context)
    typed = draft.get("text", "")
    try:
        attachment = sent_attachment(update)
        text = announcements.check_body(
            announcements.join_caption(typed, typed_caption(update)), attachment
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return FILE if typed else TEXT
    draft["text"], draft["file"] = text, attachment
    return await _ask_audience(update, session, who, draft)


@with_caller(admin=True)
async def unsupported_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A sticker, voice note, video, location...: not an attachment; nothing changes."""
    await reply(update, t(who.lang, "error-file-unsupported"))


@with_caller(admin=True)
async def skip_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """No attachment: ask for the audience in the same message."""
    draft = _draft(context)
    if "text" not in draft:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return ConversationHandler.END
    draft.pop("file", None)
    pillars = await members.list_pillars(session)
    await answer_query(update)
    await edit_query_message(
        update,
        t(who.lang, "announce-ask-audience"),
        keyboards.audience(who.lang, pillars, draft["pillar_ids"]),
    )
    return AUDIENCE


async def _ask_when(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, audience: Audience
) -> int:
    """Check the audience has somebody in it, then ask when (in the pressed message)."""
    try:
        count = await announcements.count_recipients(session, audience)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return AUDIENCE
    if not count:
        await refuse(update, t(who.lang, "error-no-recipients"))
        return AUDIENCE
    draft = _draft(context)
    draft["audience"] = audience
    await answer_query(update)
    await edit_query_message(
        update,
        t(
            who.lang,
            "announce-ask-when",
            audience=await _audience_label(session, who.lang, audience),
            count=count,
            examples=date_examples(utcnow(), context.settings.tz),
        ),
        keyboards.announce_now(who.lang),
    )
    return WHEN


async def _audience_label(session: AsyncSession, lang: str, audience: Audience) -> Html:
    if audience.kind == AudienceKind.EVERYONE:
        return t(lang, "announce-everyone")
    if audience.kind == AudienceKind.PILLARS:
        pillars = await members.list_pillars(session)
        return escape(", ".join(p.name for p in pillars if p.id in audience.pillar_ids))
    forum = await forums.get_forum(session, audience.forum_id or 0)
    key = f"announce-audience-{audience.kind.replace('_', '-')}"
    return t(lang, key, forum=forum.title if forum else "")


@with_caller(admin=True)
async def audience(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Everyone; pillars toggled then "done"; or a forum audience, which asks the forum."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = _draft(context)
    if "text" not in draft:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return ConversationHandler.END
    pillars = await members.list_pillars(session)
    word = query.data.split(":", 1)[-1]
    if word in WORD_KINDS:
        choices = await announcements.forum_choices(session, now=utcnow())
        if not choices:
            await refuse(update, t(who.lang, "error-no-audience-forums"))
            return AUDIENCE
        labels = {f.id or 0: forum_button(f, context.settings.tz) for f in choices}
        await answer_query(update)
        await edit_query_message(
            update,
            t(who.lang, "announce-ask-forum", audience=t(who.lang, f"button-audience-{word}")),
            keyboards.audience_forums(who.lang, choices, word, labels),
        )
        return AUDIENCE
    if word == "back":
        await answer_query(update)
        await edit_query_message(
            update,
            t(who.lang, "announce-ask-audience"),
            keyboards.audience(who.lang, pillars, draft["pillar_ids"]),
        )
        return AUDIENCE
    if word == "every":
        draft["pillar_ids"] = set()
    elif word != "done":
        chosen = toggle_pillars(cd.AUDIENCE, query.data, pillars, draft["pillar_ids"])
        if chosen is None:
            await refuse(update, t(who.lang, "error-button-invalid"))
            return AUDIENCE
        draft["pillar_ids"] = chosen
        if word not in ("core", "all"):  # one pillar flipped: show the ticks, wait for "done"
            await answer_query(update)
            await edit_query_message(
                update,
                t(who.lang, "announce-ask-audience"),
                keyboards.audience(who.lang, pillars, chosen),
            )
            return AUDIENCE
    if word == "done" and not draft["pillar_ids"]:
        await refuse(update, t(who.lang, "error-no-pillars"))
        return AUDIENCE
    return await _ask_when(
        update, context, session, who, Audience.of_pillars(sorted(draft["pillar_ids"]))
    )


@with_caller(admin=True)
@refusing(then=AUDIENCE)
async def audience_forum(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The forum of a forum audience chosen (`audf:<forum>:<word>`)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if "text" not in _draft(context):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return ConversationHandler.END
    forum_id, word = cd.parse_id_word(cd.AUDIENCE_FORUM, query.data, tuple(WORD_KINDS))
    return await _ask_when(
        update, context, session, who, Audience(WORD_KINDS[word], forum_id=forum_id)
    )


async def _preview(
    session: AsyncSession, context: SinergiContext, who: Caller, draft: dict[str, Any]
) -> tuple[Html, Any]:
    audience_ = draft["audience"]
    count = await announcements.count_recipients(session, audience_)
    send_at: datetime | None = draft.get("send_at")
    attachment: Attachment | None = draft.get("file")
    when = (
        t(who.lang, "announce-when-now")
        if send_at is None
        else format_datetime(send_at, tz=context.settings.tz, lang=who.lang)
    )
    attached = (
        Html(f"\n{attachment_line(who.lang, attachment.kind, attachment.file_name)}")
        if attachment
        else ""
    )
    text = t(
        who.lang,
        "announce-preview",
        text=draft["text"] or "—",
        audience=await _audience_label(session, who.lang, audience_),
        count=count,
        when=when,
        attachment=attached,
    )
    yes = "button-send" if send_at is None else "button-schedule"
    return text, keyboards.confirm(who.lang, cd.ANNOUNCE, yes)


@with_caller(admin=True)
async def got_when(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A sending time typed as forum dates are, or "sekarang": show the preview."""
    draft = _draft(context)
    if "audience" not in draft:
        await reply(update, t(who.lang, "error-expect-button"))
        return WHEN
    typed = typed_text(update)
    if typed.casefold() in NOW_WORDS:
        draft["send_at"] = None
    else:
        try:
            draft["send_at"] = parse_local_datetime(typed, now=utcnow(), tz=context.settings.tz)
        except DateInputError as exc:
            await reply(update, date_error(who.lang, context.settings.tz, exc))
            return WHEN
    try:
        text, markup = await _preview(session, context, who, draft)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return ConversationHandler.END
    await reply(update, text, markup)
    return PREVIEW


@with_caller(admin=True)
async def send_now(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """ "Kirim sekarang" pressed: the preview, in the same message."""
    draft = _draft(context)
    if "audience" not in draft:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return ConversationHandler.END
    draft["send_at"] = None
    try:
        text, markup = await _preview(session, context, who, draft)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    await answer_query(update)
    await edit_query_message(update, text, markup)
    return PREVIEW


@with_caller(admin=True)
@refusing(then=PREVIEW)
async def confirm(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Send now (one outbox row per recipient; the preview becomes the progress message)
    or schedule (a job at `send_at`), or drop."""
    query = update.callback_query
    assert query is not None and query.data is not None and who.member is not None
    draft = context.user_state.get(DRAFT) or {}
    choice = cd.parse_word(cd.ANNOUNCE, query.data, ("ok", "no"))
    if choice == "no" or "audience" not in draft:
        context.user_state.pop(DRAFT, None)
        await answer_query(update)
        await edit_query_message(update, t(who.lang, "cancelled"))
        return ConversationHandler.END
    send_at: datetime | None = draft.get("send_at")
    message = query.message
    assert message is not None
    try:
        if send_at is None:
            broadcast = await announcements.create(
                session,
                sender=who.member,
                text=draft["text"],
                audience=draft["audience"],
                attachment=draft.get("file"),
                now=utcnow(),
                progress=(message.chat.id, message.message_id),
            )
            await notices.announcements.copies(session, broadcast)
            announcement = broadcast.announcement
        else:
            announcement = await announcements.schedule(
                session,
                sender=who.member,
                text=draft["text"],
                audience=draft["audience"],
                attachment=draft.get("file"),
                send_at=send_at,
                now=utcnow(),
            )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return WHEN if exc.key == "error-send-at-past" else PREVIEW
    await session.commit()
    context.user_state.pop(DRAFT, None)
    await answer_query(update)
    if send_at is None:
        context.sender.wake()
        state = await announcements.progress(session, announcement.id or 0)
        assert state is not None
        await edit_query_message(
            update,
            notices.announcements.progress_text(who.lang, state),
            keyboards.cancel_sending(who.lang, announcement.id or 0),
        )
        jobs.track(context.jobs, announcement.id or 0)
    else:
        jobs.schedule(context.jobs, announcement)
        await edit_query_message(
            update,
            notices.announcements.scheduled_text(who.lang, announcement, context.settings.tz),
            keyboards.cancel_sending(who.lang, announcement.id or 0),
        )
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, DRAFT)
    files = [
        MessageHandler(ATTACHMENT & form.only, got_file),
        MessageHandler(NOT_TEXT & form.only, unsupported_file),
    ]
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler(["umumkan", "announce"], start, PRIVATE)],
            states={
                TEXT: [MessageHandler(TYPED_TEXT & form.only, got_text), *files],
                FILE: [
                    CallbackQueryHandler(skip_file, pattern=cd.pattern(cd.ANNOUNCE_FILE)),
                    *files,
                    MessageHandler(TYPED_TEXT & form.only, expect_button),
                ],
                AUDIENCE: form.buttons(
                    CallbackQueryHandler(audience, pattern=cd.pattern(cd.AUDIENCE)),
                    CallbackQueryHandler(audience_forum, pattern=cd.pattern(cd.AUDIENCE_FORUM)),
                ),
                WHEN: [
                    CallbackQueryHandler(send_now, pattern=cd.pattern(cd.ANNOUNCE_WHEN)),
                    MessageHandler(TYPED_TEXT & form.only, got_when),
                    MessageHandler(NOT_TEXT & form.only, expect_button),
                ],
                PREVIEW: form.buttons(
                    CallbackQueryHandler(confirm, pattern=cd.pattern(cd.ANNOUNCE))
                ),
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="announce",
        )
    )
