"""Buttons on announcements once they are out: a member's "Sudah diterima", an admin's
"Batalkan pengiriman", "Perbarui laporan" and "Ingatkan yang belum konfirmasi"."""

from __future__ import annotations

import logging

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler

from bot import callback_data as cd
from bot import keyboards, notices
from bot.context import SinergiApplication, SinergiContext
from bot.followups import is_not_modified
from bot.i18n import t
from bot.render import shorten
from bot.services import announcements, receipts
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    error_text,
    refuse,
    refusing,
    with_caller,
)
from models import utcnow
from scheduler import announcements as jobs

log = logging.getLogger(__name__)


async def _tick(update: Update, lang: str, announcement_id: int) -> None:
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_reply_markup(
            keyboards.receipt(lang, announcement_id, confirmed=True)
        )
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise


@with_caller()
async def confirm_receipt(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """ "Sudah diterima": record the confirmation once, say so, tick the button (on the
    reminder pressed, and on the announcement itself)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    if who.member is None:
        await refuse(update, t(who.lang, "error-receipt-invalid"))
        return
    try:
        announcement_id = cd.parse_id(cd.RECEIPT, query.data)
        done = await receipts.confirm(
            session, announcement_id=announcement_id, member=who.member, now=utcnow()
        )
    except (cd.InvalidCallbackData, ServiceError):
        await refuse(update, t(who.lang, "error-receipt-invalid"))
        return
    await session.commit()
    await answer_query(update, t(who.lang, "receipt-recorded" if done.new else "receipt-known"))
    await _tick(update, who.lang, announcement_id)
    pressed = query.message
    copy = done.copy
    if (
        isinstance(pressed, Message)
        and copy.telegram_message_id is not None
        and pressed.message_id != copy.telegram_message_id
    ):
        try:  # pressed on the reminder: the announcement's own button shows it too
            await context.bot.edit_message_reply_markup(
                chat_id=copy.chat_id,
                message_id=copy.telegram_message_id,
                reply_markup=keyboards.receipt(who.lang, announcement_id, confirmed=True),
            )
        except BadRequest as exc:
            if not is_not_modified(exc):
                log.info("announcement %s: its button not ticked: %s", announcement_id, exc)
        except TelegramError as exc:
            log.warning("announcement %s: its button not ticked: %s", announcement_id, exc)


@with_caller(admin=True)
@refusing()
async def cancel_sending(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """ "Batalkan pengiriman" (on the progress or scheduled message, or the /umumkan list):
    nothing more of it is sent; the pressed message says what was stopped."""
    query = update.callback_query
    assert query is not None and query.data is not None and who.member is not None
    announcement_id, where = cd.parse_id_word(cd.ANNOUNCE_CANCEL, query.data, ("prog", "list"))
    cancelled = await announcements.cancel(
        session, announcement_id=announcement_id, admin=who.member, now=utcnow()
    )
    await session.commit()
    jobs.unschedule(context.jobs, announcement_id)
    await answer_query(update, t(who.lang, "announce-cancel-done", count=cancelled.not_sent))
    announcement = cancelled.announcement
    if where == "list":
        listed = await announcements.active(session)
        text = (
            notices.announcements.active_list(who.lang, listed, context.settings.tz)
            if listed
            else t(who.lang, "announce-list-empty")
        )
        await edit_query_message(update, text, keyboards.active_announcements(who.lang, listed))
    elif cancelled.was_scheduled:
        preview = shorten(announcement.text or announcement.file_name or "", 60)
        await edit_query_message(
            update, t(who.lang, "announce-cancelled-scheduled", preview=preview)
        )
    else:
        state = await announcements.progress(session, announcement_id)
        assert state is not None
        await edit_query_message(update, notices.announcements.progress_text(who.lang, state))
    if not cancelled.was_scheduled:
        jobs.track(context.jobs, announcement_id)  # the progress message's last edit
        context.sender.wake()  # nothing pending is left: the report may be due


async def _report_message(
    update: Update, session: AsyncSession, who: Caller, announcement_id: int
) -> receipts.Report | None:
    try:
        announcement = await receipts.reportable(session, announcement_id)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return None
    return await receipts.report(session, announcement)


async def _show_report(
    update: Update, session: AsyncSession, who: Caller, report: receipts.Report
) -> None:
    announcement_id = report.announcement.id or 0
    unreached = await announcements.unreached_members(session, announcement_id)
    await edit_query_message(
        update,
        notices.announcements.report_text(who.lang, report, unreached),
        keyboards.delivery_report(who.lang, announcement_id, report.unconfirmed),
    )


@with_caller(admin=True)
@refusing()
async def refresh_report(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """ "Perbarui laporan": the delivery report with the confirmations as they are now."""
    query = update.callback_query
    assert query is not None and query.data is not None
    announcement_id = cd.parse_id(cd.ANNOUNCE_REPORT, query.data)
    report = await _report_message(update, session, who, announcement_id)
    if report is None:
        return
    await answer_query(update, t(who.lang, "report-refreshed"))
    await _show_report(update, session, who, report)


@with_caller(admin=True)
@refusing()
async def remind_unconfirmed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """ "Ingatkan yang belum konfirmasi": one reminder per member who got the announcement
    and has not confirmed; a second press sends nobody a second one."""
    query = update.callback_query
    assert query is not None and query.data is not None
    announcement_id = cd.parse_id(cd.ANNOUNCE_REMIND, query.data)
    report = await _report_message(update, session, who, announcement_id)
    if report is None:
        return
    pending = await receipts.unconfirmed(session, announcement_id)
    queued = await notices.announcements.follow_ups(session, report.announcement, pending)
    await session.commit()
    if queued:
        context.sender.wake()
        await answer_query(update, t(who.lang, "remind-queued", count=len(queued)), alert=True)
    else:
        await answer_query(update, t(who.lang, "remind-none"), alert=True)
    await _show_report(update, session, who, report)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CallbackQueryHandler(confirm_receipt, pattern=cd.pattern(cd.RECEIPT)))
    application.add_handler(
        CallbackQueryHandler(cancel_sending, pattern=cd.pattern(cd.ANNOUNCE_CANCEL))
    )
    application.add_handler(
        CallbackQueryHandler(refresh_report, pattern=cd.pattern(cd.ANNOUNCE_REPORT))
    )
    application.add_handler(
        CallbackQueryHandler(remind_unconfirmed, pattern=cd.pattern(cd.ANNOUNCE_REMIND))
    )
