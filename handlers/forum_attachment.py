"""📎 Lampiran under a published forum's `/forum` detail: replace its invitation's
attachment (the admin sends a new document or photo), remove it, or keep it.

`ffile:<forum>` opens the question, `ffile:<forum>:del` removes the file, `ffile:<forum>:keep`
leaves it; a file sent then replaces it and goes to every invitee who has not declined
(`bot.notices.forums.attachment_notices`).
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler

from bot import callback_data as cd
from bot import keyboards, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import forum_options
from bot.services.attachments import Attachment
from bot.services.errors import ServiceError
from bot.services.forums import attachment_of, published_forum
from handlers.common import (
    ATTACHMENT,
    FORUM_GONE,
    NOT_TEXT,
    TYPED_TEXT,
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    refuse,
    refusing,
    reply,
    sent_attachment,
    with_caller,
)
from models import utcnow

FILE = 0
FORM = "forum_file"
WORDS = ("del", "keep")


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def open_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """📎 Lampiran: what the forum attaches now, and how to replace, remove or keep it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum = await published_forum(
        session, cd.parse_id(cd.FORUM_FILE, query.data), not_started_at=utcnow()
    )
    attachment = attachment_of(forum)
    current = (
        render.attachment_line(who.lang, attachment.kind, attachment.file_name)
        if attachment is not None
        else t(who.lang, "forum-file-edit-none")
    )
    context.user_state[FORM] = forum.id
    begin_form(context, FORM)
    await answer_query(update)
    await reply(
        update,
        t(who.lang, "forum-file-edit", title=forum.title, current=current),
        keyboards.forum_file(who.lang, forum.id or 0, has_file=attachment is not None),
    )
    return FILE


async def _change(
    update: Update,
    context: SinergiContext,
    session: AsyncSession,
    who: Caller,
    attachment: Attachment | None,
) -> forum_options.AttachmentChanged | None:
    """Store the change and queue its notices; None after refusing it (the form then ends
    when the forum is gone, `context.user_state` tells)."""
    assert who.member is not None
    forum_id = context.user_state.get(FORM)
    if not isinstance(forum_id, int):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return None
    try:
        changed = await forum_options.set_attachment(
            session, forum_id, admin=who.member, attachment=attachment, now=utcnow()
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        if exc.key in FORUM_GONE:
            context.user_state.pop(FORM, None)
        return None
    await notices.forums.attachment_notices(session, changed)
    await session.commit()
    context.user_state.pop(FORM, None)
    context.sender.wake()
    return changed


def _step(context: SinergiContext) -> int:
    """FILE while the form is open, else the end (its forum is gone)."""
    return FILE if FORM in context.user_state else ConversationHandler.END


@with_caller(admin=True)
async def got_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A document or photo sent: it replaces the attachment and goes to the invitees."""
    try:
        attachment = sent_attachment(update)
    except ServiceError as exc:  # too big: nothing changes, the step is asked again
        await reply(update, error_text(who.lang, exc))
        return FILE
    changed = await _change(update, context, session, who, attachment)
    if changed is None:
        return _step(context)
    await reply(
        update,
        t(
            who.lang,
            "forum-file-replaced",
            title=changed.forum.title,
            file=render.attachment_line(who.lang, attachment.kind, attachment.file_name),
            count=len(changed.recipients),
        ),
    )
    return ConversationHandler.END


@with_caller(admin=True)
async def unsupported_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A sticker, voice note, location or typed text: not an attachment; nothing changes."""
    await reply(update, t(who.lang, "error-forum-file-edit-unsupported"))
    return FILE


@with_caller(admin=True)
@refusing(then=FILE)
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """🗑 Hapus lampiran (nobody is told) or Batal (nothing changes)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, word = cd.parse_id_word(cd.FORUM_FILE, query.data, WORDS)
    if context.user_state.get(FORM) != forum_id:  # a button of another forum's question
        raise cd.InvalidCallbackData(query.data)
    if word == "keep":
        context.user_state.pop(FORM, None)
        await answer_query(update)
        await edit_query_message(update, t(who.lang, "forum-file-unchanged"))
        return ConversationHandler.END
    changed = await _change(update, context, session, who, None)
    if changed is None:
        return _step(context)
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "forum-file-removed", title=changed.forum.title))
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            # Entry points are tried first (re-entry): only the bare `ffile:<forum>` opens.
            entry_points=[CallbackQueryHandler(open_file, pattern=rf"^{cd.FORUM_FILE}:[0-9]+$")],
            states={
                FILE: [
                    MessageHandler(ATTACHMENT & form.only, got_file),
                    MessageHandler((TYPED_TEXT | NOT_TEXT) & form.only, unsupported_file),
                    CallbackQueryHandler(pressed, pattern=cd.pattern(cd.FORUM_FILE)),
                ]
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="forum_file",
        )
    )
