"""A forum's own reminders: when they go (offsets) and the note they carry (issue 10).

Decisions where the SPEC is silent:

* The admin picks from `STANDARD_OFFSETS` (H-3, H-1, 2 jam, 1 jam, 30 menit) and the
  configured `REMINDER_OFFSETS`, which come preselected; a forum may have no reminder at
  all (then its admins get no recap before it either).
* Offsets edited after publishing take effect at once: slots that are gone are unscheduled,
  slots already run stay run (reminders stay exactly-once), and a new slot whose time has
  already passed is recorded as run without sending, so adding "H-3" two days before the
  forum sends nothing at once; a later reschedule runs it again for the new time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.forums import published_forum
from bot.services.members import clean_text
from bot.services.reminders import offsets_of
from models import Forum, Member, ReminderRun

DAY, HOUR, MINUTE = 86400, 3600, 60
STANDARD_OFFSETS = (3 * DAY, DAY, 2 * HOUR, HOUR, 30 * MINUTE)
NOTE_MAX = 300


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
