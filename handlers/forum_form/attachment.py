"""The invitation's attachment (issue 10, item 5): the surat undangan, TOR or rundown as a
document (or a photo), kept by Telegram `file_id` and sent after each invitation; the last
step before the preview. A duplicate offers to keep the original's file."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from bot import keyboards
from bot.context import SinergiContext
from bot.i18n import Html, t
from bot.services import forums
from bot.services.attachments import Attachment
from handlers.common import (
    ATTACHMENT,
    Caller,
    answer_query,
    edit_query_message,
    refuse,
    reply,
    sent_attachment,
    with_caller,
)
from handlers.forum_form import preview
from handlers.forum_form.draft import FILE, OptionalStep, draft_of


def _label(lang: str, attachment: Attachment) -> str:
    """The file's name, or what it is ("foto") when it has none."""
    return attachment.file_name or t(lang, f"attachment-kind-{attachment.kind}")


async def ask_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Ask for the attachment: send one or Lewati; a duplicate's draft, which has the
    original's, offers to keep it or go on without one."""
    attachment = draft_of(context).attachment
    if attachment is None:
        await reply(update, t(who.lang, "forum-ask-file"), keyboards.skip(who.lang))
    else:
        await reply(
            update,
            t(who.lang, "forum-ask-file-replace", file=_label(who.lang, attachment)),
            keyboards.file_choice(who.lang),
        )
    return FILE


def _read_file(
    update: Update, context: SinergiContext, who: Caller, draft: forums.ForumDraft
) -> None:
    """A photo or document sent: it becomes (or replaces) the draft's attachment."""
    draft.attachment = sent_attachment(update)


@with_caller(admin=True)
async def unsupported_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A sticker, voice note, video, location or typed text at the attachment step: not an
    attachment; nothing changes, the step is asked again."""
    await reply(update, t(who.lang, "error-forum-file-unsupported"))
    return FILE


async def _preview(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, read: Html | None
) -> int:
    return await preview.show(update, context, session, who)


FILE_STEP = OptionalStep(
    state=FILE,
    skipped_key="forum-file-skipped",
    cleared=("attachment",),
    then=_preview,
    inputs=((ATTACHMENT, _read_file),),
    otherwise=unsupported_file,
)


@with_caller(admin=True)
async def keep_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """📎 Pakai lampiran yang sama: the duplicate keeps the original's file."""
    attachment = draft_of(context).attachment
    if attachment is None:  # a stale button: this draft has no file to keep
        await refuse(update, t(who.lang, "error-button-invalid"))
        return FILE
    await answer_query(update)
    await edit_query_message(
        update, t(who.lang, "forum-file-kept", file=_label(who.lang, attachment))
    )
    return await preview.show(update, context, session, who)
