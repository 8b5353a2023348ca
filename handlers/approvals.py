"""Admin approval of plain registrations through one digest per admin chat (issue 9, F).

`refresh_soon` schedules the job that brings every admin's digest up to date
(`bot.services.approvals.sync`); a burst of registrations makes one edit per admin. A press
on a digest's Approve / Reject decides at once and refreshes the digests; a rejection gets
the admin an "undo" button (`unrej:<member>`), the way back for a wrongly rejected person.
"""

from __future__ import annotations

import asyncio
import logging

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import CallbackQueryHandler

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.ratelimit import retry_seconds
from bot.services import approvals, members
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    error_text,
    is_not_modified,
    refuse,
    reply,
    with_caller,
)
from models import MemberStatus, utcnow

log = logging.getLogger(__name__)

REFRESH_DELAY = 0.5  # seconds: registrations arriving within it make one edit
JOB = "approval-digest"
LOCK = "approval_digest_lock"


def refresh_soon(context: SinergiContext, delay: float | None = None) -> None:
    """Refresh the digests in `delay` seconds (default `REFRESH_DELAY`) unless a refresh is
    already due."""
    if context.jobs.get_jobs_by_name(JOB):
        return
    context.jobs.run_once(_job, REFRESH_DELAY if delay is None else delay, name=JOB)


async def _job(context: SinergiContext) -> None:
    await refresh(context)


async def refresh(context: SinergiContext) -> None:
    """Sync every admin's digest now and make the edits (one refresh at a time).

    A digest still being sent is looked at again later; a 429 postpones the rest; a digest
    message the admin deleted is forgotten, so the next change sends a new one.
    """
    lock = context.bot_data.extra.setdefault(LOCK, asyncio.Lock())
    assert isinstance(lock, asyncio.Lock)
    async with lock:
        async with context.session() as session:
            result = await approvals.sync(
                session, admin_ids=context.settings.admin_ids, now=utcnow()
            )
            await session.commit()
        context.sender.wake()
        for edit in result.edits:
            markup = (
                InlineKeyboardMarkup.de_json(edit.reply_markup, context.bot)
                if edit.reply_markup is not None
                else None
            )
            try:
                await context.bot.edit_message_text(
                    edit.text,
                    chat_id=edit.chat_id,
                    message_id=edit.message_id,
                    reply_markup=markup,
                )
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                refresh_soon(context, seconds + REFRESH_DELAY)
                return
            except BadRequest as exc:
                if is_not_modified(exc):
                    continue
                log.info("approval digest in %s not edited: %s", edit.chat_id, exc.message)
                async with context.session() as session:
                    await approvals.forget(session, edit.chat_id)
                    await session.commit()
            except TelegramError as exc:
                log.warning("approval digest in %s not edited: %s", edit.chat_id, exc)
    if result.unsettled:
        refresh_soon(context)


def _pressed_message_id(update: Update) -> int | None:
    query = update.callback_query
    message = query.message if query is not None else None
    return message.message_id if isinstance(message, Message) else None


@with_caller(admin=True)
async def decide(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """An admin's Approve / Reject press, on the digest or on an older single request."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    on_digest = _pressed_message_id(update) == await approvals.digest_message_id(
        session, update.effective_chat.id
    )
    try:
        decision = cd.parse_approval(query.data)
        result = await members.decide(
            session,
            member_id=decision.member_id,
            approve=decision.approve,
            admin_user_id=who.user_id,
            now=utcnow(),
        )
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    await session.commit()
    name = result.member.full_name
    if not result.changed:
        await answer_query(update, t(who.lang, "approval-already-decided"), alert=True)
    else:
        await answer_query(update, t(who.lang, f"approval-done-{result.member.status}", name=name))
        context.sender.wake()
    if not on_digest:
        key = f"approval-decided-{result.member.status}"
        profile = render.profile(result.member, result.pillar, who.lang)
        await edit_query_message(update, t(who.lang, key, profile=profile))
    if result.changed and result.member.status == MemberStatus.REJECTED:
        await reply(
            update,
            t(who.lang, "approval-rejected-undo", name=name),
            keyboards.unreject(who.lang, result.member.id or 0),
        )
    await refresh(context)


@with_caller(admin=True)
async def unreject(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """ "Batalkan penolakan": the rejected registration waits for approval again."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        member = await members.unreject(
            session,
            member_id=cd.parse_id(cd.UNREJECT, query.data),
            admin_user_id=who.user_id,
            now=utcnow(),
        )
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    if member is None:
        await answer_query(update, t(who.lang, "approval-not-rejected"), alert=True)
        return
    await session.commit()
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "approval-unrejected", name=member.full_name))
    await refresh(context)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CallbackQueryHandler(decide, pattern=cd.pattern(cd.APPROVAL)))
    application.add_handler(CallbackQueryHandler(unreject, pattern=cd.pattern(cd.UNREJECT)))
