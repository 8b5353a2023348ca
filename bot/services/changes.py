"""Changes to a published forum: edit, reschedule, cancel, and who must be told (SPEC 4-5).

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
  notice of an edit carries the RSVP buttons while answers are open, a cancellation none
  (the notices themselves are `bot.notices.changes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit, reminders
from bot.services.errors import ServiceError
from bot.services.forums import (
    AGENDA_MAX,
    TITLE_MAX,
    VENUE_MAX,
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


# A member who must be told of a change, with their answer (None: not answered).
Recipient = tuple[Member, Rsvp | None]


@dataclass(frozen=True)
class ChangeResult:
    """The changed forum, what changed, who must be told, and the outbox rows dropped.

    `changes` is empty for a cancellation. `recipients` as `notice_recipients` (unreachable
    members included: their notices are recorded as blocked); `changed_at` is the change's
    moment (aware UTC), which names its notices; `answers_open` whether RSVPs are still
    taken after it (an edit's notice then carries the buttons); `dropped`: pending outbox
    rows marked failed because the change made them wrong.
    """

    forum: Forum
    changes: tuple[Change, ...]
    recipients: tuple[Recipient, ...]
    changed_at: datetime
    answers_open: bool
    dropped: int
    rescheduled: bool

    @property
    def notified(self) -> int:
        """How many members are told (the notices `bot.notices.changes` queues)."""
        return len(self.recipients)


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


async def notice_recipients(session: AsyncSession, forum_id: int) -> list[Recipient]:
    """Approved members of the forum's pillars who have not declined, with their answers.

    Waitlisted answers count (they still hope for a seat); unreachable members are included
    (their notice is recorded as blocked).
    """
    answers = {
        rsvp.member_id: rsvp
        for rsvp in (await session.exec(select(Rsvp).where(Rsvp.forum_id == forum_id))).all()
    }
    recipients: list[Recipient] = []
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
) -> ChangeResult:
    """Apply an edit of one field (audit-logged) and name who must be told.

    A reschedule (new start) also forgets the forum's reminder runs (every offset runs again
    at the new time) and drops its pending reminders, nudges and summaries. RSVPs are kept.
    The caller queues the notices (`bot.notices.changes.change_notices`), commits, then
    re-schedules the reminder jobs and wakes the sender.

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
    recipients = tuple(await notice_recipients(session, forum_id))
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
        notified=len(recipients),
        dropped=dropped,
    )
    return ChangeResult(
        forum=forum,
        changes=plan.changes,
        recipients=recipients,
        changed_at=now,
        answers_open=is_open(forum, now=now),
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
) -> ChangeResult:
    """Cancel a forum: status `CANCELLED` with the reason (audit-logged), and who is told.

    Every outbox row of the forum still pending (invitations, reminders, nudges, summaries,
    waitlist and earlier change notices) is dropped; rows being sent are left alone.
    Reminder runs stay (the forum never reminds again). RSVPs are kept for the record.
    The caller queues the notices (`bot.notices.changes.cancel_notices`), commits, then
    removes the reminder jobs and wakes the sender.

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
    recipients = tuple(await notice_recipients(session, forum_id))
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.cancel",
        target=f"forum:{forum_id}",
        reason=text,
        notified=len(recipients),
        dropped=dropped,
    )
    return ChangeResult(
        forum=forum,
        changes=(),
        recipients=recipients,
        changed_at=now,
        answers_open=False,
        dropped=dropped,
        rescheduled=False,
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
