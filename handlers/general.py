"""/bantuan, /bahasa, and the catch-alls: unknown commands, stray text, stale buttons, errors."""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.error import NetworkError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import normalize_language, t
from bot.services import members
from bot.services.errors import ServiceError
from handlers.common import (
    PRIVATE_COMMANDS,
    TYPED_TEXT,
    Caller,
    answer_query,
    edit_query_message,
    query_answered,
    refuse,
    reply,
    with_caller,
)

log = logging.getLogger(__name__)


@with_caller()
async def help_command(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/bantuan: what the bot does and the commands for the caller's role."""
    key = "help-admin" if who.is_admin else "help-member" if who.approved else "help-guest"
    await reply(update, t(who.lang, key))


@with_caller()
async def language(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/bahasa: offer Indonesian and English."""
    await reply(update, t(who.lang, "language-ask"), keyboards.languages())


@with_caller()
async def language_chosen(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Store the chosen language (on the member, or for this chat before registering)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        lang = cd.parse_word(cd.LANGUAGE, query.data, ("id", "en"))
        if who.member is not None:
            await members.set_language(session, who.member, lang)
            await session.commit()
    except (cd.InvalidCallbackData, ServiceError):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return
    context.user_state["lang"] = normalize_language(lang)
    await answer_query(update)
    await edit_query_message(update, t(lang, "language-set"))


@with_caller()
async def unknown_command(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A command this bot does not have."""
    await reply(update, t(who.lang, "error-unknown-command"))


@with_caller()
async def nothing_to_cancel(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/batal when no form is open."""
    await reply(update, t(who.lang, "nothing-to-cancel"))


@with_caller()
async def private_only(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A private command sent in a group: point to the private chat instead."""
    link = f"https://t.me/{context.bot.username}"
    await reply(update, t(who.lang, "error-private-only", link=link))


@with_caller()
async def stray_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Text outside any conversation."""
    await reply(update, t(who.lang, "error-stray-text"))


@with_caller()
async def stale_button(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A button no handler took: forged data, or a step that is no longer open."""
    await refuse(update, t(who.lang, "error-button-invalid"))


async def on_error(update: object, context: SinergiContext) -> None:
    """Log the error and tell the user, in their language, that something went wrong (never
    the details): as a popup when the pressed button's query is still unanswered, else as a
    message (a query can be answered once only).

    A network error while asking Telegram for updates (getUpdates; no update) is one
    WARNING line: PTB tries again by itself, and a worker polls for many offices, so a
    short outage would otherwise write a traceback at ERROR per office per retry.
    """
    if update is None and isinstance(context.error, NetworkError):
        log.warning("could not fetch updates from Telegram (%s); trying again", context.error)
        return
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        text = t(await _language(update, context), "error-internal")
        if update.callback_query is not None and not query_answered(update):
            await answer_query(update, text, alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, text)
    except Exception:  # the error handler must never raise
        log.exception("could not tell the user about the error")


async def _language(update: Update, context: SinergiContext) -> str:
    """The member's language from the database, else the one chosen by /bahasa: the error
    may have come from the database itself, so that lookup is allowed to fail."""
    chosen = context.user_data.get("lang") if context.user_data else None
    user = update.effective_user
    if user is not None and context.bot_data.sessions is not None:
        try:
            async with context.session() as session:
                member = await members.get_member(session, user.id)
            if member is not None:
                return normalize_language(member.language)
        except Exception:
            log.warning("the member's language could not be read; using the chat's")
    return normalize_language(chosen or context.settings.default_language)


def register(application: SinergiApplication) -> None:
    """Add help and language handlers (group 0)."""
    application.add_handler(CommandHandler(["bantuan", "help"], help_command))
    application.add_handler(CommandHandler(["bahasa", "language"], language))
    application.add_handler(CallbackQueryHandler(language_chosen, pattern=cd.pattern(cd.LANGUAGE)))


def register_fallbacks(application: SinergiApplication) -> None:
    """Add the catch-alls last, then the error handler."""
    private = filters.ChatType.PRIVATE
    application.add_handler(
        CommandHandler(PRIVATE_COMMANDS, private_only, filters.ChatType.GROUPS)
    )
    application.add_handler(CommandHandler(["batal", "cancel"], nothing_to_cancel))
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND & private, unknown_command)
    )
    application.add_handler(MessageHandler(TYPED_TEXT & filters.ChatType.PRIVATE, stray_text))
    application.add_handler(CallbackQueryHandler(stale_button))
    application.add_error_handler(on_error)
