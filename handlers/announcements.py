"""/umumkan: compose, choose the audience, preview, confirm, send through the outbox."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from bot import callback_data as cd
from bot import keyboards, notices
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import announcements, members
from bot.services.errors import ServiceError
from handlers.common import (
    PRIVATE,
    Caller,
    Form,
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
from models import utcnow

TEXT, AUDIENCE, PREVIEW = range(3)
DRAFT = "announcement"


@with_caller(admin=True)
async def start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """/umumkan: ask for the announcement text."""
    context.user_state[DRAFT] = {"pillar_ids": set()}
    begin_form(context, DRAFT)
    await reply(update, t(who.lang, "announce-ask-text"))
    return TEXT


@with_caller(admin=True)
async def got_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Text typed: ask who receives it."""
    assert update.effective_message is not None
    try:
        text = announcements.check_text(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return TEXT
    draft = context.user_state.setdefault(DRAFT, {"pillar_ids": set()})
    draft["text"] = text
    pillars = await members.list_pillars(session)
    await reply(
        update,
        t(who.lang, "announce-ask-audience"),
        keyboards.audience(who.lang, pillars, draft["pillar_ids"]),
    )
    return AUDIENCE


@with_caller(admin=True)
async def audience(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Everyone, or pillars toggled then "done": show the preview with the recipient count."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = context.user_state.setdefault(DRAFT, {"pillar_ids": set()})
    if "text" not in draft:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return ConversationHandler.END
    pillars = await members.list_pillars(session)
    word = query.data.split(":", 1)[-1]
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
    recipients = await announcements.audience(session, sorted(draft["pillar_ids"]))
    if not recipients:
        await refuse(update, t(who.lang, "error-no-recipients"))
        return AUDIENCE
    codes = [p.code for p in pillars if p.id in draft["pillar_ids"]]
    await answer_query(update)
    await edit_query_message(
        update,
        t(
            who.lang,
            "announce-preview",
            text=draft["text"],
            audience=", ".join(codes) if codes else t(who.lang, "announce-everyone"),
            count=len(recipients),
        ),
        keyboards.confirm(who.lang, cd.ANNOUNCE, "button-send"),
    )
    return PREVIEW


@with_caller(admin=True)
async def confirm(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Send (queue one outbox row per recipient) or drop."""
    query = update.callback_query
    assert query is not None and query.data is not None and who.member is not None
    draft = context.user_state.get(DRAFT) or {}
    try:
        choice = cd.parse_word(cd.ANNOUNCE, query.data, ("ok", "no"))
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return PREVIEW
    if choice == "no" or "text" not in draft:
        context.user_state.pop(DRAFT, None)
        await answer_query(update)
        await edit_query_message(update, t(who.lang, "cancelled"))
        return ConversationHandler.END
    try:
        broadcast = await announcements.create(
            session,
            sender=who.member,
            text=draft["text"],
            pillar_ids=sorted(draft["pillar_ids"]),
            now=utcnow(),
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return PREVIEW
    await notices.announcements.copies(session, broadcast)
    await session.commit()
    context.user_state.pop(DRAFT, None)
    context.sender.wake()
    await answer_query(update)
    await edit_query_message(
        update, t(who.lang, "announce-queued", count=broadcast.announcement.recipients)
    )
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, DRAFT)
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler(["umumkan", "announce"], start, PRIVATE)],
            states={
                TEXT: form.text(got_text),
                AUDIENCE: form.buttons(
                    CallbackQueryHandler(audience, pattern=cd.pattern(cd.AUDIENCE))
                ),
                PREVIEW: form.buttons(
                    CallbackQueryHandler(confirm, pattern=cd.pattern(cd.ANNOUNCE))
                ),
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="announce",
        )
    )
