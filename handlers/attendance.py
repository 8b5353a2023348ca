"""Attendance at the desk: the venue's check-in QR (`/presensi`), marking invitees by hand
with a reason, and walk-in guests added by the admin (SPEC section 4, attendance; the QR's
deep link is `handlers.checkin`)."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import segno
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.render import when
from bot.services import attendance, audit, guests
from bot.services.attendance import CheckInNotOpen
from bot.services.errors import ServiceError
from handlers import desk
from handlers.common import (
    PRIVATE,
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    forum_menu,
    pressed_forum,
    pressed_message_has,
    refuse,
    refusing,
    reply,
    typed_text,
    window_text,
    with_caller,
)
from models import utcnow

REASON = 0
FORM = "attendance"
GUEST_FORM = "guest"
DESK = desk.DeskForm(
    name=GUEST_FORM,
    admin=True,
    ask_institution="attendance-guest-ask-institution",
    ask_position="attendance-guest-ask-position",
    ask_represent="attendance-guest-ask-represent",
    choose=cd.GUEST_FOR,
    turn=cd.GUEST_PAGE,
    nobody=True,
)
# Forums that started up to a day ago still show in /presensi: check-in runs to their end.
LISTED_SINCE = timedelta(days=1)


def qr_png(data: str) -> bytes:
    """A QR code of `data` as PNG bytes, large enough to scan from a projected screen."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=12, border=4)
    return buffer.getvalue()


@with_caller(admin=True)
async def checkin_menu(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/presensi: choose the forum whose check-in QR to show."""
    await forum_menu(
        update,
        context,
        session,
        who,
        prefix=cd.CHECKIN_QR,
        heading_key="checkin-choose",
        since=utcnow() - LISTED_SINCE,
    )


@with_caller(admin=True)
async def checkin_qr(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Send the admin the forum's check-in QR code (sendPhoto) with its link and window."""
    forum = await pressed_forum(update, session, who, prefix=cd.CHECKIN_QR)
    if forum is None:
        return
    try:
        forum, token = await attendance.checkin_token(session, forum.id or 0)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    if not forum.static_checkin:
        # A desk screen was opened for it: its rotating code is the check-in now.
        await answer_query(update)
        await reply(
            update,
            t(who.lang, "checkin-static-is-off", title=forum.title),
            keyboards.static_state(who.lang, forum.id or 0, enabled=False),
        )
        return
    settings = context.settings
    link = attendance.link(context.bot.username, token)
    times = attendance.window(
        forum,
        opens_before=settings.checkin_opens_before,
        default_duration=settings.forum_default_duration,
    )
    await audit.record(
        session, actor_user_id=who.user_id, action="attendance.qr", target=f"forum:{forum.id}"
    )
    # The token must be stored before anyone can see the code that carries it.
    await session.commit()
    await answer_query(update)
    png = await asyncio.to_thread(qr_png, link)
    message = update.effective_message
    assert message is not None
    await message.reply_photo(
        png,
        caption=t(
            who.lang,
            "checkin-qr-caption",
            title=forum.title,
            when=when(forum, who.lang, settings.tz),
            link=link,
            **window_text(who.lang, times, context),
        ),
    )


async def _show_page(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, forum_id: int,
    page: int, *, edit: bool,
) -> None:  # fmt: skip
    listing = await attendance.invitee_page(session, forum_id, page)
    text = t(
        who.lang,
        "attendance-page",
        title=listing.forum.title,
        checked=listing.checked_in,
        total=listing.total,
        page=listing.page + 1,
        pages=listing.pages,
    )
    if listing.guests:
        text = Html(f"{text}\n{t(who.lang, 'attendance-guests', count=listing.guests)}")
    markup = keyboards.attendance_page(who.lang, listing)
    if edit:
        await edit_query_message(update, text, markup)
    else:
        await reply(update, text, markup)


@with_caller(admin=True)
@refusing()
async def attendance_page(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`att:<forum>:<page>`: the invitees with their check-ins, a button each; from the forum
    detail a new message, on the list itself a page turn."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, page = cd.parse_ids(cd.ATTENDANCE, query.data, 2)
    await _show_page(
        update,
        context,
        session,
        who,
        forum_id,
        page,
        edit=pressed_message_has(update, cd.ATTENDANCE_MARK),
    )
    await answer_query(update)


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def pressed_member(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`attm:<forum>:<member>`: ask the reason for marking or unmarking this invitee."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, member_id = cd.parse_ids(cd.ATTENDANCE_MARK, query.data, 2)
    _, member = await attendance.invitee(session, forum_id, member_id)
    page = await attendance.invitee_page(session, forum_id, 0)
    present = await attendance.is_present(session, forum_id, member_id)
    # The action is the one the admin saw offered; the reason may come after a QR scan.
    context.user_state[FORM] = {
        "forum_id": forum_id,
        "member_id": member_id,
        "present": not present,
    }
    begin_form(context, FORM)
    await answer_query(update)
    key = "attendance-ask-unmark" if present else "attendance-ask-mark"
    await reply(update, t(who.lang, key, name=member.full_name, title=page.forum.title))
    return REASON


@with_caller(admin=True)
async def got_reason(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The reason: mark or unmark, audit-logged with it; then the list again."""
    state = context.user_state.get(FORM)
    if state is None:
        return ConversationHandler.END
    try:
        marking = await attendance.mark(
            session,
            forum_id=state["forum_id"],
            member_id=state["member_id"],
            present=state["present"],
            admin_user_id=who.user_id,
            reason=typed_text(update),
            now=utcnow(),
            opens_before=context.settings.checkin_opens_before,
        )
    except CheckInNotOpen as exc:
        context.user_state.pop(FORM, None)
        await reply(update, t(who.lang, exc.key, **window_text(who.lang, exc.window, context)))
        return ConversationHandler.END
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key.startswith("error-text-"):
            return REASON  # ask again: the reason was empty or too long
        context.user_state.pop(FORM, None)
        return ConversationHandler.END
    await session.commit()
    context.user_state.pop(FORM, None)
    if not marking.changed:
        key = "attendance-already-marked" if marking.present else "attendance-already-unmarked"
    else:
        key = "attendance-marked" if marking.present else "attendance-unmarked"
    await reply(update, t(who.lang, key, name=marking.member.full_name))
    await _show_page(update, context, session, who, state["forum_id"], 0, edit=False)
    return ConversationHandler.END


# ---------------------------------------------------------------- walk-in guests


@with_caller(admin=True)
async def add_guest(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`attg:<forum>` (➕ Tamu on the attendance list): ask the walk-in guest's name."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        forum = await guests.desk_forum(
            session,
            cd.parse_id(cd.GUEST_ADD, query.data),
            now=utcnow(),
            opens_before=context.settings.checkin_opens_before,
        )
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return ConversationHandler.END
    except CheckInNotOpen as exc:
        await refuse(update, t(who.lang, exc.key, **window_text(who.lang, exc.window, context)))
        return ConversationHandler.END
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    context.user_state[GUEST_FORM] = {"forum_id": forum.id}
    begin_form(context, GUEST_FORM)
    await answer_query(update)
    await reply(update, t(who.lang, "attendance-guest-ask-name", title=forum.title))
    return desk.NAME


@with_caller(admin=True)
async def guest_for(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`attgm:<forum>:<member>` (0: nobody): record the guest, then the list again."""
    try:
        member_id, state = DESK.chosen(update, context)
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        open_form = context.user_state.get(GUEST_FORM) is not None
        return desk.CHOICE if open_form else ConversationHandler.END
    forum_id = state["forum_id"]
    try:
        added = await guests.add_guest(
            session,
            forum_id=forum_id,
            details=DESK.details(state),
            member_id=member_id or None,
            admin_user_id=who.user_id,
            now=utcnow(),
            opens_before=context.settings.checkin_opens_before,
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        if exc.key in desk.RETRY_KEYS:
            return desk.CHOICE
        context.user_state.pop(GUEST_FORM, None)
        return ConversationHandler.END
    await session.commit()
    context.user_state.pop(GUEST_FORM, None)
    await answer_query(update)
    row, member = added.attendance, added.member
    if member is None:
        text = t(who.lang, "attendance-guest-added", name=row.delegate_name or "")
    else:
        text = t(
            who.lang,
            "attendance-guest-added-for",
            name=row.delegate_name or "",
            member=member.full_name,
            position=member.position,
        )
    await edit_query_message(update, text)
    await _show_page(update, context, session, who, forum_id, 0, edit=False)
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CallbackQueryHandler(pressed_member, pattern=cd.pattern(cd.ATTENDANCE_MARK))
            ],
            states={REASON: form.text(got_reason)},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="attendance",
        )
    )
    application.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(add_guest, pattern=cd.pattern(cd.GUEST_ADD))],
            states=DESK.states(application, guest_for),
            fallbacks=[DESK.cancel(application)],
            allow_reentry=True,
            name="guest_desk",
        )
    )
    application.add_handler(CommandHandler(["presensi", "checkin"], checkin_menu, PRIVATE))
    application.add_handler(CallbackQueryHandler(checkin_qr, pattern=cd.pattern(cd.CHECKIN_QR)))
    application.add_handler(
        CallbackQueryHandler(attendance_page, pattern=cd.pattern(cd.ATTENDANCE))
    )
