"""Changes to a published forum: edit, reschedule, cancel, and the notices (SPEC sections 4-5).

Decisions where the SPEC is silent:

* A forum that has started (`now >= starts_at`) can no longer be edited or cancelled
  (`error-forum-started`): its invitations, reminders and check-in already happened.
* A reschedule moves the end time with the start, keeping the duration.
* An RSVP deadline that would fall after the new start is cleared (answers stay open until
  the new start) and the notice says so: the officer moved the forum, not the deadline, and
  refusing would force a second edit that this menu does not offer. A deadline still before
  the new start is kept.
* Setting a field to the value it already has is refused (`error-change-same`): nothing
  would change and nobody should be notified.
* Every change notices everyone invited who has not declined (waitlisted members too); the
  notice of an edit carries the RSVP buttons while answers are open, a cancellation none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.dates import format_datetime
from bot.i18n import Html, t
from bot.services import audit, outbox, reminders
from bot.services.errors import ServiceError
from bot.services.forums import (
    AGENDA_MAX,
    TITLE_MAX,
    VENUE_MAX,
    forum_pillars,
    invited_members,
    published_forum,
)
from bot.services.members import clean_block, clean_text
from bot.services.rsvp import is_open
from models import (
    Forum,
    ForumStatus,
    Member,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Rsvp,
    RsvpAnswer,
)

Field = Literal["title", "start", "end", "venue", "agenda"]
FIELDS: tuple[Field, ...] = ("title", "start", "end", "venue", "agenda")
REASON_MAX = 500
# An agenda runs to 2,000 characters: its "old → new" line shows both shortened (the new
# one is whole in the details below it) so the notice stays one message.
AGENDA_IN_CHANGE = 300
# Rows still waiting in the outbox that a change makes wrong; `sending` rows are left alone.
STALE_AFTER_RESCHEDULE = (OutboxKind.REMINDER, OutboxKind.NUDGE, OutboxKind.SUMMARY)
SUPERSEDED_RESCHEDULED = "superseded: forum rescheduled"
SUPERSEDED_CANCELLED = "superseded: forum cancelled"


@dataclass(frozen=True)
class Change:
    """One value that changes: `field` is a `Field` or "deadline" (cleared by a reschedule).

    Times are aware UTC; None means "not set" (no end time, no deadline).
    """

    field: str
    old: str | datetime | None
    new: str | datetime | None


@dataclass(frozen=True)
class EditPlan:
    """What an edit would change, checked but not applied."""

    forum: Forum
    changes: tuple[Change, ...]

    @property
    def reschedules(self) -> bool:
        """The start moves: reminders must be scheduled again."""
        return any(change.field == "start" for change in self.changes)


@dataclass(frozen=True)
class ChangeResult:
    """The changed forum, what changed, and the outbox work done.

    `notified`: change notices queued (blocked members' rows included, recorded as blocked);
    `dropped`: pending outbox rows marked failed because the change made them wrong.
    """

    forum: Forum
    changes: tuple[Change, ...]
    notified: int
    dropped: int
    rescheduled: bool


async def changeable_forum(session: AsyncSession, forum_id: int, *, now: datetime) -> Forum:
    """The forum if it may still be edited or cancelled.

    Raises:
        ServiceError: `error-forum-not-found` (missing or a draft), `error-forum-cancelled`,
            `error-forum-started` (`now` at or after the start).
    """
    return await published_forum(session, forum_id, not_started_at=now)


def _checked_text(field: Field, value: str) -> str:
    if field == "title":
        return clean_text(value, max_length=TITLE_MAX)
    if field == "venue":
        return clean_text(value, max_length=VENUE_MAX)
    return clean_block(value, max_length=AGENDA_MAX)


def changes_for(forum: Forum, field: Field, value: str | datetime, now: datetime) -> list[Change]:
    """The changes editing `field` to `value` makes (pure; see `plan_edit` for the errors)."""
    if field == "start":
        if not isinstance(value, datetime):
            raise TypeError("a new start is a datetime")
        if value <= now:
            raise ServiceError("error-date-past")
        if value == forum.starts_at:
            raise ServiceError("error-change-same")
        changes = [Change("start", forum.starts_at, value)]
        if forum.ends_at is not None:
            changes.append(Change("end", forum.ends_at, value + (forum.ends_at - forum.starts_at)))
        if forum.rsvp_deadline is not None and forum.rsvp_deadline > value:
            changes.append(Change("deadline", forum.rsvp_deadline, None))
        return changes
    if field == "end":
        if not isinstance(value, datetime):
            raise TypeError("a new end is a datetime")
        if value <= forum.starts_at:
            raise ServiceError("error-end-before-start")
        if value == forum.ends_at:
            raise ServiceError("error-change-same")
        return [Change("end", forum.ends_at, value)]
    if not isinstance(value, str):
        raise TypeError(f"a new {field} is text")
    text = _checked_text(field, value)
    old = {"title": forum.title, "venue": forum.venue, "agenda": forum.agenda}[field]
    if text == old:
        raise ServiceError("error-change-same")
    return [Change(field, old, text)]


async def plan_edit(
    session: AsyncSession, forum_id: int, *, field: Field, value: str | datetime, now: datetime
) -> EditPlan:
    """Check an edit of one field without applying it (the admin's preview).

    `value` is the typed text for title, venue and agenda, an aware UTC datetime for start
    and end. A new start moves the end (same duration) and may clear the RSVP deadline.

    Raises:
        ServiceError: as `changeable_forum`; `error-date-past` (start at or before `now`),
            `error-end-before-start`, `error-change-same`, or a text error
            (`error-text-empty`, `error-text-no-letters`, `error-text-too-long`).
    """
    forum = await changeable_forum(session, forum_id, now=now)
    return EditPlan(forum=forum, changes=tuple(changes_for(forum, field, value, now)))


async def notice_recipients(
    session: AsyncSession, forum_id: int
) -> list[tuple[Member, Rsvp | None]]:
    """Approved members of the forum's pillars who have not declined, with their answers.

    Waitlisted answers count (they still hope for a seat); unreachable members are included
    (their notice is recorded as blocked).
    """
    answers = {
        rsvp.member_id: rsvp
        for rsvp in (await session.exec(select(Rsvp).where(Rsvp.forum_id == forum_id))).all()
    }
    recipients: list[tuple[Member, Rsvp | None]] = []
    for member in await invited_members(session, forum_id):
        answer = answers.get(member.id or 0)
        if answer is None or answer.answer != RsvpAnswer.DECLINED:
            recipients.append((member, answer))
    return recipients


async def edit_forum(
    session: AsyncSession,
    forum_id: int,
    *,
    admin: Member,
    field: Field,
    value: str | datetime,
    now: datetime,
    tz: ZoneInfo,
) -> ChangeResult:
    """Apply an edit of one field and queue a change notice to each recipient.

    A reschedule (new start) also forgets the forum's reminder runs (every offset runs again
    at the new time) and drops its pending reminders, nudges and summaries. RSVPs are kept.
    The caller commits, then re-schedules the reminder jobs and wakes the sender.

    Raises:
        ServiceError: as `plan_edit`.
    """
    plan = await plan_edit(session, forum_id, field=field, value=value, now=now)
    forum = plan.forum
    for change in plan.changes:
        _apply(forum, change)
    forum.updated_at = now
    session.add(forum)
    dropped = 0
    if plan.reschedules:
        await reminders.forget_runs(session, forum_id)
        dropped = await _drop_pending(
            session, forum_id, kinds=STALE_AFTER_RESCHEDULE, error=SUPERSEDED_RESCHEDULED
        )
    notified = await _notify(session, forum, plan.changes, now=now, tz=tz)
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.edit",
        target=f"forum:{forum_id}",
        field=field,
        changes=[
            {"field": c.field, "old": _audit_value(c.old), "new": _audit_value(c.new)}
            for c in plan.changes
        ],
        notified=notified,
        dropped=dropped,
    )
    return ChangeResult(
        forum=forum,
        changes=plan.changes,
        notified=notified,
        dropped=dropped,
        rescheduled=plan.reschedules,
    )


def check_reason(reason: str) -> str:
    """The cancellation reason, trimmed; line breaks are kept.

    Raises:
        ServiceError: `error-text-empty`, `error-text-too-long` (over `REASON_MAX`).
    """
    return clean_block(reason, max_length=REASON_MAX)


async def cancel_forum(
    session: AsyncSession,
    forum_id: int,
    *,
    admin: Member,
    reason: str,
    now: datetime,
    tz: ZoneInfo,
) -> ChangeResult:
    """Cancel a forum: status `CANCELLED` with the reason, a notice to each recipient.

    Every outbox row of the forum still pending (invitations, reminders, nudges, summaries,
    waitlist and earlier change notices) is dropped first; rows being sent are left alone.
    Reminder runs stay (the forum never reminds again). RSVPs are kept for the record.
    The caller commits, then removes the reminder jobs and wakes the sender.

    Raises:
        ServiceError: as `changeable_forum`, or as `check_reason`.
    """
    forum = await changeable_forum(session, forum_id, now=now)
    text = check_reason(reason)
    dropped = await _drop_pending(session, forum_id, kinds=None, error=SUPERSEDED_CANCELLED)
    forum.status = ForumStatus.CANCELLED
    forum.cancel_reason = text
    forum.cancelled_at = now
    forum.updated_at = now
    session.add(forum)
    notices = [
        _notice(forum, member, now, cancel_notice(forum, member.language, tz))
        for member, _answer in await notice_recipients(session, forum_id)
    ]
    notified = len(await outbox.enqueue_many(session, notices))
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.cancel",
        target=f"forum:{forum_id}",
        reason=text,
        notified=notified,
        dropped=dropped,
    )
    return ChangeResult(
        forum=forum, changes=(), notified=notified, dropped=dropped, rescheduled=False
    )


def _apply(forum: Forum, change: Change) -> None:
    if change.field == "title" and isinstance(change.new, str):
        forum.title = change.new
    elif change.field == "venue" and isinstance(change.new, str):
        forum.venue = change.new
    elif change.field == "agenda" and isinstance(change.new, str):
        forum.agenda = change.new
    elif change.field == "start" and isinstance(change.new, datetime):
        forum.starts_at = change.new
    elif change.field == "end" and isinstance(change.new, datetime):
        forum.ends_at = change.new
    elif change.field == "deadline" and change.new is None:
        forum.rsvp_deadline = None
    else:  # pragma: no cover - `changes_for` makes only the pairs above
        raise ValueError(f"cannot apply {change!r}")


def _audit_value(value: str | datetime | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


def _dedupe_key(forum: Forum, member: Member, now: datetime) -> str:
    # One notice per change and member: the change is named by its moment (milliseconds).
    return f"change:{forum.id}:{int(now.timestamp() * 1000)}:{member.id}"


async def _drop_pending(
    session: AsyncSession,
    forum_id: int,
    *,
    kinds: Sequence[OutboxKind] | None,
    error: str,
) -> int:
    """Mark the forum's pending outbox rows (of `kinds`, or all) failed; returns how many.

    Only `pending` rows: the sender claims a row by moving it from pending to sending in one
    statement, so a row is either dropped here or sent, never both.
    """
    query = update(OutboxMessage).where(
        col(OutboxMessage.forum_id) == forum_id,
        col(OutboxMessage.status) == OutboxStatus.PENDING,
    )
    if kinds is not None:
        query = query.where(col(OutboxMessage.kind).in_(list(kinds)))
    result = await session.exec(query.values(status=OutboxStatus.FAILED, error=error))
    return int(result.rowcount)


async def _notify(
    session: AsyncSession,
    forum: Forum,
    changes: Sequence[Change],
    *,
    now: datetime,
    tz: ZoneInfo,
) -> int:
    forum_id = forum.id or 0
    pillars = await forum_pillars(session, forum_id)
    answers_open = is_open(forum, now=now)
    notices = []
    for member, answer in await notice_recipients(session, forum_id):
        lang = member.language
        details = render.forum_details(forum, pillars, lang, tz, heading=t(lang, "forum-heading"))
        text = t(
            lang,
            "change-notice",
            changes=change_lines(changes, lang, tz),
            details=details,
            answer=render.answer_label(lang, answer),
        )
        markup = (
            keyboards.rsvp(lang, forum_id, answer.answer if answer else None).to_dict()
            if answers_open
            else None
        )
        notices.append(_notice(forum, member, now, text, markup))
    return len(await outbox.enqueue_many(session, notices))


def _notice(
    forum: Forum,
    member: Member,
    now: datetime,
    text: str,
    reply_markup: dict[str, Any] | None = None,
) -> OutboxMessage:
    """One member's change notice (an outbox row, unique per change and member)."""
    return outbox.message(
        dedupe_key=_dedupe_key(forum, member, now),
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
        return format_datetime(value, tz=tz, lang=lang)
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
