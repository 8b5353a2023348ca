"""A published forum's own options: its reminders, when they go (offsets) and the note they
carry (issue 10), and its invitation's attachment.

Decisions where the SPEC is silent:

* The admin picks from `STANDARD_OFFSETS` (H-3, H-1, 2 jam, 1 jam, 30 menit) and the
  configured `REMINDER_OFFSETS`, which come preselected; a forum may have no reminder at
  all (then its admins get no recap before it either).
* Offsets edited after publishing take effect at once: slots that are gone are unscheduled,
  slots already run stay run (reminders stay exactly-once), and a new slot whose time has
  already passed is recorded as run without sending, so adding "H-3" two days before the
  forum sends nothing at once; a later reschedule runs it again for the new time.
* A replaced attachment goes to everyone invited who has not declined (like a change
  notice); a removed one sends nothing: the file stays in the chats it reached (Telegram
  cannot take it back), and a line saying "no attachment any more" tells an official
  nothing to act on. Either way the old file's rows still queued are dropped, so nobody
  gets a file that is no longer the forum's, and invitations opened later carry the
  current one (or none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.attachments import Attachment
from bot.services.changes import notice_recipients
from bot.services.errors import ServiceError
from bot.services.forums import attachment_of, published_forum
from bot.services.members import clean_text
from bot.services.reminders import offsets_of
from models import Forum, Member, OutboxKind, OutboxMessage, OutboxStatus, ReminderRun

DAY, HOUR, MINUTE = 86400, 3600, 60
STANDARD_OFFSETS = (3 * DAY, DAY, 2 * HOUR, HOUR, 30 * MINUTE)
NOTE_MAX = 300
SUPERSEDED_ATTACHMENT = "superseded: attachment changed"


def offset_choices(default_offsets: Iterable[int], chosen: Iterable[int] = ()) -> tuple[int, ...]:
    """The offsets an admin may toggle, largest first: the standard ones, the configured
    ones and whatever is chosen already."""
    return tuple(sorted({*STANDARD_OFFSETS, *default_offsets, *chosen}, reverse=True))


def toggle_offset(chosen: Sequence[int], offset: int, choices: Sequence[int]) -> tuple[int, ...]:
    """`chosen` with `offset` flipped, largest first.

    Raises:
        ServiceError: `error-button-invalid` for an offset that is not among `choices`.
    """
    if offset not in choices:
        raise ServiceError("error-button-invalid")
    return tuple(sorted(set(chosen) ^ {offset}, reverse=True))


def check_note(text: str) -> str:
    """A reminder note ("Mohon membawa KTP"), one line.

    Raises:
        ServiceError: `error-text-empty`, `error-text-no-letters`, `error-text-too-long`.
    """
    return clean_text(text, max_length=NOTE_MAX)


@dataclass(frozen=True)
class RemindersChanged:
    """A forum whose reminders changed: offsets before and after (seconds, largest first),
    and the new offsets whose time had passed, recorded as run without a message."""

    forum: Forum
    old_offsets: tuple[int, ...]
    new_offsets: tuple[int, ...]
    skipped: tuple[int, ...]


async def set_reminders(
    session: AsyncSession,
    forum_id: int,
    *,
    admin: Member,
    offsets: Sequence[int],
    note: str | None,
    default_offsets: Sequence[int],
    now: datetime,
) -> RemindersChanged:
    """Store a published forum's reminder offsets and note (audit-logged).

    `note` None clears it. The caller commits, then re-derives the forum's reminder jobs
    (`scheduler.reminders.schedule_forum` with `previous=old_offsets`).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`, `error-forum-started`;
            `error-change-same` when nothing changes; a note error as `check_note`.
    """
    forum = await published_forum(session, forum_id, not_started_at=now)
    old = offsets_of(forum, default_offsets)
    new = tuple(sorted(set(offsets), reverse=True))
    if any(offset <= 0 for offset in new):
        raise ServiceError("error-button-invalid")
    checked_note = None if note is None else check_note(note)
    if new == old and checked_note == forum.reminder_note and forum.reminder_offsets is not None:
        raise ServiceError("error-change-same")
    ran = set(
        (
            await session.exec(
                select(ReminderRun.offset_seconds).where(ReminderRun.forum_id == forum_id)
            )
        ).all()
    )
    skipped = tuple(
        offset
        for offset in new
        if offset not in old
        and offset not in ran
        and forum.starts_at - timedelta(seconds=offset) <= now
    )
    session.add_all(
        ReminderRun(forum_id=forum_id, offset_seconds=offset, ran_at=now, late=False)
        for offset in skipped
    )
    forum.reminder_offsets = list(new)
    forum.reminder_note = checked_note
    forum.updated_at = now
    session.add(forum)
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.reminders",
        target=f"forum:{forum_id}",
        old=list(old),
        new=list(new),
        skipped=list(skipped),
        note=checked_note,
    )
    return RemindersChanged(forum=forum, old_offsets=old, new_offsets=new, skipped=skipped)


@dataclass(frozen=True)
class AttachmentChanged:
    """A published forum whose attachment was replaced (`new`) or removed (`new` None).

    `old` is the one it had; `forum.file_version` counts the changes and names this one's
    notices; `recipients` are told (members invited who have not declined, unreachable ones
    included: their rows are recorded as blocked; nobody for a removal); `dropped` is how
    many queued rows of the old file were marked failed."""

    forum: Forum
    old: Attachment | None
    new: Attachment | None
    recipients: tuple[Member, ...]
    dropped: int


def _audited(attachment: Attachment | None) -> dict[str, str | None] | None:
    if attachment is None:
        return None
    return {"kind": attachment.kind, "file_id": attachment.file_id, "name": attachment.file_name}


async def set_attachment(
    session: AsyncSession,
    forum_id: int,
    *,
    admin: Member,
    attachment: Attachment | None,
    now: datetime,
) -> AttachmentChanged:
    """Replace a published forum's invitation attachment, or remove it (`attachment` None),
    audit-logged as `forum.attachment`.

    The forum's `file_version` goes up by one; its attachment rows still pending (the old
    file after invitations not yet sent, an earlier replacement's notices) are marked failed.
    The caller queues the notices (`bot.notices.forums.attachment_notices`), commits and
    wakes the sender.

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`, `error-forum-started`;
            `error-forum-file-same` for the file the forum has already;
            `error-button-invalid` to remove an attachment the forum does not have.
    """
    forum = await published_forum(session, forum_id, not_started_at=now)
    old = attachment_of(forum)
    if attachment is None and old is None:
        raise ServiceError("error-button-invalid")
    if attachment is not None and old is not None and attachment.file_id == old.file_id:
        raise ServiceError("error-forum-file-same")
    forum.file_kind = attachment.kind if attachment else None
    forum.file_id = attachment.file_id if attachment else None
    forum.file_name = attachment.file_name if attachment else None
    forum.file_version += 1
    forum.updated_at = now
    session.add(forum)
    # Only `pending` rows: the sender claims a row by moving it from pending to sending in
    # one statement, so each old file is either dropped here or sent, never both.
    dropped = await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.forum_id) == forum_id,
            col(OutboxMessage.kind) == OutboxKind.ATTACHMENT,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.FAILED, error=SUPERSEDED_ATTACHMENT)
    )
    recipients = (
        tuple(member for member, _ in await notice_recipients(session, forum_id))
        if attachment is not None
        else ()
    )
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.attachment",
        target=f"forum:{forum_id}",
        old=_audited(old),
        new=_audited(attachment),
        version=forum.file_version,
        notified=len(recipients),
        dropped=int(dropped.rowcount),
    )
    return AttachmentChanged(
        forum=forum,
        old=old,
        new=attachment,
        recipients=recipients,
        dropped=int(dropped.rowcount),
    )
