"""Notices of a change to a published forum: an edit or a cancellation (SPEC sections 4-5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.i18n import Html, t
from bot.services import outbox
from bot.services.changes import Change, ChangeResult
from bot.services.forums import forum_pillars
from models import Forum, Member, OutboxKind, OutboxMessage

# An agenda runs to 2,000 characters: its "old → new" line shows both shortened (the new
# one is whole in the details below it) so the notice stays one message.
AGENDA_IN_CHANGE = 300


async def change_notices(
    session: AsyncSession, result: ChangeResult, *, tz: ZoneInfo
) -> list[OutboxMessage]:
    """Queue the notice of an edit (`bot.services.changes.edit_forum`) to each recipient.

    Each shows what changed, the forum's details and the member's answer, with the RSVP
    buttons while answers are open. Dedupe key `change:<forum>:<change ms>:<member>`; an
    unreachable member's row is recorded as blocked. Returns the rows added.
    """
    forum = result.forum
    forum_id = forum.id or 0
    pillars = await forum_pillars(session, forum_id)
    notices = []
    for member, answer in result.recipients:
        lang = member.language
        details = render.forum_details(forum, pillars, lang, tz, heading=t(lang, "forum-heading"))
        text = t(
            lang,
            "change-notice",
            changes=change_lines(result.changes, lang, tz),
            details=details,
            answer=render.answer_label(lang, answer),
        )
        markup = (
            keyboards.rsvp(lang, forum_id, answer.answer if answer else None).to_dict()
            if result.answers_open
            else None
        )
        notices.append(_notice(forum, member, result.changed_at, text, markup))
    return await outbox.enqueue_many(session, notices)


async def cancel_notices(
    session: AsyncSession, result: ChangeResult, *, tz: ZoneInfo
) -> list[OutboxMessage]:
    """Queue the notice of a cancellation (`bot.services.changes.cancel_forum`) to each
    recipient, keyed like an edit's notice, and right after it the forum's `.ics` as
    cancelled (`OutboxKind.CALENDAR`, dedupe key `cancel-ics:<forum>:<member>`): a calendar
    that saved the invitation's file drops the event. Returns the rows added."""
    forum = result.forum
    rows = []
    for member, _answer in result.recipients:
        lang = member.language
        rows.append(_notice(forum, member, result.changed_at, cancel_notice(forum, lang, tz)))
        rows.append(
            outbox.message(
                dedupe_key=f"cancel-ics:{forum.id}:{member.id}",
                kind=OutboxKind.CALENDAR,
                chat_id=member.chat_id,
                member_id=member.id,
                forum_id=forum.id,
                text=t(lang, "cancel-ics-caption", title=forum.title),
                reachable=member.is_reachable,
            )
        )
    return await outbox.enqueue_many(session, rows)


def _notice(
    forum: Forum,
    member: Member,
    now: datetime,
    text: str,
    reply_markup: dict[str, Any] | None = None,
) -> OutboxMessage:
    """One member's change notice (an outbox row, unique per change and member)."""
    return outbox.message(
        # One notice per change and member: the change is named by its moment (milliseconds).
        dedupe_key=f"change:{forum.id}:{int(now.timestamp() * 1000)}:{member.id}",
        kind=OutboxKind.CHANGE_NOTICE,
        chat_id=member.chat_id,
        member_id=member.id,
        forum_id=forum.id,
        text=text,
        reply_markup=reply_markup,
        reachable=member.is_reachable,
    )


def _shown(change: Change, value: str | datetime | None, lang: str, tz: ZoneInfo) -> str:
    if value is None:
        return t(lang, "change-value-none")
    if isinstance(value, datetime):
        return render.moment(value, lang, tz)
    if change.field == "agenda":
        return render.shorten(" ".join(value.split()), AGENDA_IN_CHANGE)
    return value


def change_lines(changes: Sequence[Change], lang: str, tz: ZoneInfo) -> Html:
    """One "what: old → new" line per change, e.g. "Jadwal diubah: Senin, … → Selasa, …"."""
    out = []
    for change in changes:
        old = _shown(change, change.old, lang, tz)
        if change.field == "deadline":
            out.append(t(lang, "change-deadline-cleared", old=old))
            continue
        out.append(
            t(lang, f"change-{change.field}", old=old, new=_shown(change, change.new, lang, tz))
        )
    return render.lines(out)


def cancel_notice(forum: Forum, lang: str, tz: ZoneInfo) -> Html:
    """The cancellation notice: title, the time and venue it had, and the reason."""
    return t(
        lang,
        "cancel-notice",
        title=forum.title,
        when=render.when(forum, lang, tz),
        venue=forum.venue,
        reason=forum.cancel_reason or "-",
    )
