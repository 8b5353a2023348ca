"""The check-in deep link (`/start c_<token>`, the QR code at the venue): an invited member is
checked in at once; someone who is not a member is taken as a representative, who registers
briefly (name, institution, position) and says which invitee they represent (SPEC section 4,
attendance; issue 10 item 8)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CommandHandler,
    ConversationHandler,
    filters,
)

from bot import callback_data as cd
from bot.context import SinergiApplication, SinergiContext
from bot.dates import format_time
from bot.i18n import t
from bot.services import attendance, guests
from bot.services.attendance import CheckInNotOpen
from bot.services.errors import ServiceError
from handlers.common import (
    PRIVATE,
    Caller,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    refuse,
    reply,
    throttled,
    token_throttle,
    window_text,
    with_caller,
)
from handlers.desk import CHOICE, NAME, RETRY_KEYS, DeskForm
from models import utcnow

FORM = "representative"
DESK = DeskForm(
    name=FORM,
    admin=False,
    ask_institution="guest-ask-institution",
    ask_position="guest-ask-position",
    ask_represent="guest-ask-represent",
    choose=cd.REPRESENT,
    turn=cd.REPRESENT_PAGE,
    nobody=False,
)


def _token(context: SinergiContext) -> str:
    return (context.args or [""])[0].removeprefix(attendance.PAYLOAD_PREFIX)


@with_caller()
async def opened_link(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`/start c_<token>`: a member is checked in, once; anyone else is asked who they are."""
    if await throttled(update, context, who, kind="checkin"):
        return ConversationHandler.END
    if who.member is not None:
        await _member_check_in(update, context, session, who)
        return ConversationHandler.END
    token = _token(context)
    settings = context.settings
    try:
        forum, earlier = await guests.start(
            session,
            token=token,
            user_id=who.user_id,
            now=utcnow(),
            opens_before=settings.checkin_opens_before,
            default_duration=settings.forum_default_duration,
        )
    except CheckInNotOpen as exc:
        await reply(update, t(who.lang, exc.key, **window_text(who.lang, exc.window, context)))
        return ConversationHandler.END
    except ServiceError as exc:
        if exc.key == "error-checkin-invalid":
            token_throttle(context).failed(who.user_id)
        await reply(update, error_text(who.lang, exc))
        return ConversationHandler.END
    if earlier is not None:
        await reply(update, _checked_in_text(who.lang, earlier, context))
        return ConversationHandler.END
    # The forum, not the token: a desk screen's code expires while the form is filled in.
    context.user_state[FORM] = {"forum_id": forum.id}
    begin_form(context, FORM)
    await reply(update, t(who.lang, "guest-ask-name", title=forum.title))
    return NAME


async def _member_check_in(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    assert who.member is not None
    settings = context.settings
    try:
        result = await attendance.check_in(
            session,
            token=_token(context),
            member=who.member,
            now=utcnow(),
            opens_before=settings.checkin_opens_before,
            default_duration=settings.forum_default_duration,
        )
    except CheckInNotOpen as exc:
        await reply(update, t(who.lang, exc.key, **window_text(who.lang, exc.window, context)))
        return
    except ServiceError as exc:
        if exc.key == "error-checkin-invalid":
            token_throttle(context).failed(who.user_id)
        await reply(update, error_text(who.lang, exc))
        return
    await session.commit()  # the member is told only what is stored
    row = result.attendance
    values = {
        "title": result.forum.title,
        "time": format_time(row.checked_in_at, tz=settings.tz, lang=who.lang),
        "name": who.member.full_name,
    }
    if result.already:
        await reply(update, t(who.lang, "checkin-already", **values))
    elif row.delegate_name:
        await reply(
            update, t(who.lang, "checkin-done-delegate", delegate=row.delegate_name, **values)
        )
    else:
        await reply(update, t(who.lang, "checkin-done", **values))


def _checked_in_text(lang: str, result: guests.GuestCheckIn, context: SinergiContext) -> str:
    row, member = result.attendance, result.member
    values = {
        "title": result.forum.title,
        "time": format_time(row.checked_in_at, tz=context.settings.tz, lang=lang),
        "name": row.delegate_name or "",
        "position": row.delegate_position or "",
        "for_position": member.position if member is not None else "",
        "for_institution": member.institution if member is not None else "",
    }
    return t(lang, "guest-already" if result.already else "guest-checked-in", **values)


@with_caller()
async def chose(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`rep:<forum>:<member>`: check the representative in for that invitee."""
    try:
        member_id, state = DESK.chosen(update, context)
    except cd.InvalidCallbackData:
        await refuse(update, t(who.lang, "error-button-invalid"))
        return CHOICE if context.user_state.get(FORM) is not None else ConversationHandler.END
    settings = context.settings
    try:
        result = await guests.represent(
            session,
            forum_id=state["forum_id"],
            user_id=who.user_id,
            details=DESK.details(state),
            member_id=member_id,
            now=utcnow(),
            opens_before=settings.checkin_opens_before,
            default_duration=settings.forum_default_duration,
        )
    except CheckInNotOpen as exc:
        context.user_state.pop(FORM, None)
        await refuse(update, t(who.lang, exc.key, **window_text(who.lang, exc.window, context)))
        return ConversationHandler.END
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        if exc.key in RETRY_KEYS:
            return CHOICE
        context.user_state.pop(FORM, None)
        return ConversationHandler.END
    await session.commit()  # the representative is told only what is stored
    context.user_state.pop(FORM, None)
    await answer_query(update)
    await edit_query_message(update, _checked_in_text(who.lang, result, context))
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """`/start c_<token>` and the representative's form: before the registration
    conversation, which takes every /start."""
    link = CommandHandler(
        "start",
        opened_link,
        PRIVATE & filters.Regex(rf"^/start {attendance.PAYLOAD_PREFIX}[A-Za-z0-9_-]{{1,60}}$"),
    )
    application.add_handler(
        ConversationHandler(
            entry_points=[link],
            states=DESK.states(application, chose),
            fallbacks=[DESK.cancel(application)],
            allow_reentry=True,
            name="checkin",
        )
    )
