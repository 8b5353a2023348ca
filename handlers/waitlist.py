"""The 💺 Kapasitas button of a forum's detail: an admin sets or removes the capacity.

Raising or removing it promotes the waitlist in order (each promoted member is told through
the outbox); lowering it evicts nobody (SPEC section 4).
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot import callback_data as cd
from bot import followups, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.services import waitlist
from bot.services.errors import ServiceError
from handlers.common import (
    Caller,
    Form,
    answer_query,
    begin_form,
    error_text,
    refuse,
    refusing,
    reply,
    typed_text,
    with_caller,
)
from models import utcnow

ASK = 0
CAPACITY = "capacity"


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`fcap:<forum>`: show the capacity and seats, ask for the new capacity."""
    query = update.callback_query
    assert query is not None and query.data is not None
    context.user_state.pop(CAPACITY, None)
    forum_id = cd.parse_id(cd.FORUM_CAPACITY, query.data)
    try:
        forum = await waitlist.capacity_forum(session, forum_id, now=utcnow())
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    taken, waits = await waitlist.seat_counts(session, forum_id)
    context.user_state[CAPACITY] = {"forum_id": forum_id}
    begin_form(context, CAPACITY)
    await answer_query(update)
    await reply(
        update,
        t(
            who.lang,
            "capacity-ask",
            title=forum.title,
            capacity=render.capacity_label(who.lang, forum.capacity),
            taken=taken,
            waiting=waits,
        ),
    )
    return ASK


@with_caller(admin=True)
async def got_capacity(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The new capacity typed: store it, promote into the opened seats, report."""
    assert update.effective_message is not None and who.member is not None
    pending = context.user_state.get(CAPACITY)
    if not pending:
        return ConversationHandler.END
    try:
        capacity = waitlist.parse_capacity(typed_text(update))
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return ASK
    try:
        change = await waitlist.set_capacity(
            session,
            pending["forum_id"],
            capacity,
            admin=who.member,
            now=utcnow(),
        )
    except ServiceError as exc:
        context.user_state.pop(CAPACITY, None)
        await reply(update, error_text(who.lang, exc))
        return ConversationHandler.END
    await notices.waitlist.promotions(
        session, change.forum, change.promoted, tz=context.settings.tz
    )
    await session.commit()
    context.user_state.pop(CAPACITY, None)
    if change.promoted:
        context.sender.wake()
        # The promoted lose their waitlist note; those still waiting move up.
        followups.refresh_invitations_soon(
            context.jobs,
            change.forum.id or 0,
            [p.member.id or 0 for p in change.promoted],
            waiting=True,
        )
    text = t(
        who.lang,
        "capacity-set",
        title=change.forum.title,
        capacity=render.capacity_label(who.lang, change.capacity),
        promoted=len(change.promoted),
        taken=change.seats_taken,
        waiting=change.waiting,
    )
    if change.over:
        text = Html(f"{text}\n{t(who.lang, 'capacity-over', taken=change.seats_taken)}")
    await reply(update, text)
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, CAPACITY)
    press = CallbackQueryHandler(pressed, pattern=cd.pattern(cd.FORUM_CAPACITY))
    application.add_handler(
        ConversationHandler(
            entry_points=[press],
            states={ASK: [*form.text(got_capacity), press]},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="capacity",
        )
    )
