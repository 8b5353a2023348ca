"""Messages to members the waitlist gave a seat (SPEC section 4, waitlist)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.i18n import t
from bot.services import forums, outbox
from bot.services.waitlist import Promotion
from models import Forum, OutboxKind, OutboxMessage


async def promotions(
    session: AsyncSession, forum: Forum, promoted: Sequence[Promotion], *, tz: ZoneInfo
) -> list[OutboxMessage]:
    """Queue "you have a seat" to each promoted member, with the forum's details and the RSVP
    buttons (times in `tz`).

    Dedupe key `waitlist:<forum>:<member>:<waited since, µs>`: one per waiting spell, so a
    member promoted, declining and waiting again is told again. Returns the rows added.
    """
    if not promoted:
        return []
    forum_id = forum.id or 0
    pillars = await forums.forum_pillars(session, forum_id)
    rows = []
    for promotion in promoted:
        member, rsvp = promotion.member, promotion.rsvp
        lang = member.language
        details = render.forum_details(
            forum, pillars, lang, tz, heading=t(lang, "waitlist-promoted-heading")
        )
        waited_since = int(promotion.waited_since.timestamp() * 1_000_000)
        rows.append(
            outbox.message(
                dedupe_key=f"waitlist:{forum_id}:{rsvp.member_id}:{waited_since}",
                kind=OutboxKind.WAITLIST,
                chat_id=member.chat_id,
                member_id=member.id,
                forum_id=forum_id,
                text=t(
                    lang,
                    "waitlist-promoted",
                    details=details,
                    answer=render.answer_label(lang, rsvp),
                ),
                reply_markup=keyboards.rsvp(lang, forum_id, rsvp.answer).to_dict(),
                reachable=member.is_reachable,
            )
        )
    return await outbox.enqueue_many(session, rows)
