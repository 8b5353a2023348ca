"""Admin approval of plain registrations through one digest per admin chat (issue 9, F).

`bot.followups.refresh_digests` brings every admin's digest up to date. A press on a
digest's Approve / Reject decides at once and refreshes the digests; a rejection gets the
admin an "undo" button (`unrej:<member>`), the way back for a wrongly rejected person.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Message, Update
from telegram.ext import CallbackQueryHandler

from bot import callback_data as cd
from bot import followups, keyboards, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import approvals, members
from handlers.common import (
    Caller,
    answer_query,
    edit_query_message,
    refusing,
    reply,
    with_caller,
)
from models import MemberStatus, utcnow


def _pressed_message_id(update: Update) -> int | None:
    query = update.callback_query
    message = query.message if query is not None else None
    return message.message_id if isinstance(message, Message) else None


@with_caller(admin=True)
@refusing()
async def decide(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """An admin's Approve / Reject press, on the digest or on an older single request."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    on_digest = _pressed_message_id(update) == await approvals.digest_message_id(
        session, update.effective_chat.id
    )
    decision = cd.parse_approval(query.data)
    result = await members.decide(
        session,
        member_id=decision.member_id,
        approve=decision.approve,
        admin_user_id=who.user_id,
        now=utcnow(),
    )
    await notices.members.decision(session, result)
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
    await followups.refresh_digests(context)


@with_caller(admin=True)
@refusing()
async def unreject(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """ "Batalkan penolakan": the rejected registration waits for approval again."""
    query = update.callback_query
    assert query is not None and query.data is not None
    member = await members.unreject(
        session,
        member_id=cd.parse_id(cd.UNREJECT, query.data),
        admin_user_id=who.user_id,
        now=utcnow(),
    )
    if member is None:
        await answer_query(update, t(who.lang, "approval-not-rejected"), alert=True)
        return
    await session.commit()
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "approval-unrejected", name=member.full_name))
    await followups.refresh_digests(context)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CallbackQueryHandler(decide, pattern=cd.pattern(cd.APPROVAL)))
    application.add_handler(CallbackQueryHandler(unreject, pattern=cd.pattern(cd.UNREJECT)))
