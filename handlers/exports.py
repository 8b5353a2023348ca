"""Exports sent as documents: the attendance list ("Daftar Hadir") as PDF or XLSX for admins,
and a forum's `.ics` calendar file for its invited members (SPEC section 4, Reports)."""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler

from bot import callback_data as cd
from bot import render
from bot.context import SinergiApplication, SinergiContext
from bot.exports import file_name, ics_file_name
from bot.exports.ics import render_ics
from bot.i18n import t
from bot.services import audit, exports, forums, office, rsvp
from bot.services.errors import ServiceError
from bot.services.reminders import offsets_of
from handlers.common import Caller, answer_query, error_text, refuse, refusing, reply, with_caller
from models import OfficeProfile, PaperKind, Signatory, utcnow

FORMATS = ("pdf", "xlsx")


@with_caller(admin=True)
@refusing()
async def export(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`exp:<forum>:pdf|xlsx`: the attendance list as a document, in the office's language.

    The XLSX comes after the RSVP summary as a message. Only in a private chat: the list
    names people.
    """
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, kind = cd.parse_id_word(cd.EXPORT, query.data, FORMATS)
    try:
        forum = await forums.published_forum(session, forum_id, allow_cancelled=True)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        await refuse(update, t(who.lang, "export-private-only"))
        return
    settings = context.settings
    sheet = await exports.attendance_sheet(
        session, forum, now=utcnow(), default_duration=settings.forum_default_duration
    )
    profile = await office.profile(session)
    signatory = await office.signatory(session, PaperKind.ATTENDANCE)
    await audit.record(
        session,
        actor_user_id=who.user_id,
        action=f"forum.export.{kind}",
        target=f"forum:{forum.id}",
        rows=len(sheet.rows),
    )
    await session.commit()
    await answer_query(update)
    # Official papers of the office: its language, whatever the admin reads the bot in.
    lang, tz = settings.default_language, settings.tz
    if kind == "xlsx":
        await reply(update, render.recap(sheet.recap, who.lang, tz))
    data = await asyncio.to_thread(
        _render, kind, sheet, office=profile, signatory=signatory, tz=tz, lang=lang
    )
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        data,
        filename=file_name(forum, kind, tz=tz),
        caption=t(who.lang, f"export-caption-{kind}", title=forum.title, count=len(sheet.rows)),
    )


def _render(
    kind: str,
    sheet: exports.AttendanceSheet,
    *,
    office: OfficeProfile,
    signatory: Signatory,
    tz: ZoneInfo,
    lang: str,
) -> bytes:
    """Render the PDF or XLSX (CPU work: runs in a worker thread).

    The renderers are imported on first use: fpdf2 and openpyxl take about 0.6 s to import,
    which every start of the bot would otherwise pay.
    """
    if kind == "pdf":
        from bot.exports.pdf import render_pdf

        return render_pdf(sheet, office=office, signatory=signatory, tz=tz, lang=lang)
    from bot.exports.xlsx import render_xlsx

    return render_xlsx(sheet, office=office, tz=tz, lang=lang)


@with_caller(member=True)
@refusing()
async def calendar_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`ics:<forum>`: the forum as a calendar file, for a member of an invited pillar."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum = await rsvp.invited_forum(
        session, forum_id=cd.parse_id(cd.ICS, query.data), member=who.member
    )
    await answer_query(update)
    settings = context.settings
    data = render_ics(
        forum,
        default_duration=settings.forum_default_duration,
        # The calendar's alarm rings with the forum's last reminder.
        alarm_before=min(offsets_of(forum, settings.reminder_offsets), default=7200),
    )
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        data, filename=ics_file_name(forum), caption=t(who.lang, "ics-caption", title=forum.title)
    )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CallbackQueryHandler(export, pattern=cd.pattern(cd.EXPORT)))
    application.add_handler(CallbackQueryHandler(calendar_file, pattern=cd.pattern(cd.ICS)))
