"""Recurring forums (a weekly or monthly rakor): a series of forums, each with its own
answers, invitations and reminders (issue 10).

Decisions where the SPEC is silent:

* Publishing a series publishes every occurrence at once, each with its own date and its
  own invitations (members answer each one), so members can put them all in their calendars
  now; the occurrences share `Forum.series_id`, the id of the first one.
* Monthly keeps the day of the month; a month without that day takes its last day (a series
  on the 31st meets on 30 April and 28 or 29 February), and each date is counted from the
  first, so it returns to the 31st afterwards. Times stay the same wall-clock time in the
  office's zone.
* Editing one occurrence can be applied to it and the later ones that have not started
  ("ini dan berikutnya"): a new title, venue or agenda is set on each (an occurrence that
  already has it is left alone), a new start moves each by the same amount, a new end gives
  each the same length.
"""

from __future__ import annotations

import calendar
import dataclasses
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import changes
from bot.services.errors import ServiceError
from bot.services.forums import ForumDraft, Published, publish
from models import Forum, ForumStatus, Member

Repeat = Literal["weekly", "monthly"]
REPEATS: tuple[Repeat, ...] = ("weekly", "monthly")
OCCURRENCES_MIN, OCCURRENCES_MAX = 2, 12


def check_occurrences(text: str) -> int:
    """How many forums a series has, typed as a number.

    Raises:
        ServiceError: `error-occurrences` unless it is a whole number from `OCCURRENCES_MIN`
            to `OCCURRENCES_MAX`.
    """
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 3:
        raise ServiceError("error-occurrences", low=OCCURRENCES_MIN, high=OCCURRENCES_MAX)
    count = int(value)
    if not OCCURRENCES_MIN <= count <= OCCURRENCES_MAX:
        raise ServiceError("error-occurrences", low=OCCURRENCES_MIN, high=OCCURRENCES_MAX)
    return count


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def occurrence_starts(start: datetime, repeat: Repeat, count: int, tz: ZoneInfo) -> list[datetime]:
    """The starts (aware UTC) of a series of `count` forums from `start`, every week or
    every month at the same wall-clock time in `tz`."""
    local = start.astimezone(tz)
    starts = []
    for index in range(count):
        if repeat == "weekly":
            moment = local.replace(tzinfo=None) + timedelta(weeks=index)
        else:
            moment = _add_months(local.replace(tzinfo=None), index)
        starts.append(moment.replace(tzinfo=tz).astimezone(start.tzinfo))
    return starts


def occurrence_drafts(draft: ForumDraft, tz: ZoneInfo) -> list[ForumDraft]:
    """The drafts of every occurrence of `draft` (one, the draft itself, without a repeat):
    end and RSVP deadline keep their distance to each start."""
    if draft.repeat not in REPEATS or draft.starts_at is None:
        return [draft]
    repeat: Repeat = "weekly" if draft.repeat == "weekly" else "monthly"
    first = draft.starts_at
    drafts = []
    for start in occurrence_starts(first, repeat, draft.occurrences, tz):
        shift = start - first
        drafts.append(
            dataclasses.replace(
                draft,
                starts_at=start,
                ends_at=None if draft.ends_at is None else draft.ends_at + shift,
                rsvp_deadline=None if draft.rsvp_deadline is None else draft.rsvp_deadline + shift,
                pillar_ids=set(draft.pillar_ids),
            )
        )
    return drafts


async def publish_series(
    session: AsyncSession, draft: ForumDraft, *, admin: Member, now: datetime, tz: ZoneInfo
) -> list[Published]:
    """Publish every occurrence of a draft (`occurrence_drafts`), audit-logged each; a draft
    without a repeat publishes one forum, outside any series.

    The caller queues each one's invitations (`bot.notices.forums.invitations`) and commits.

    Raises:
        ServiceError: as `bot.services.forums.publish`.
    """
    drafts = occurrence_drafts(draft, tz)
    if len(drafts) == 1:
        return [await publish(session, drafts[0], admin=admin, now=now)]
    first = await publish(session, drafts[0], admin=admin, now=now)
    series_id = first.forum.id
    first.forum.series_id = series_id
    session.add(first.forum)
    published = [first]
    for occurrence in drafts[1:]:
        published.append(
            await publish(session, occurrence, admin=admin, now=now, series_id=series_id)
        )
    return published


async def later_occurrences(session: AsyncSession, forum: Forum, *, now: datetime) -> list[Forum]:
    """The published occurrences of `forum`'s series after it that have not started, soonest
    first (empty outside a series)."""
    if forum.series_id is None:
        return []
    query = (
        select(Forum)
        .where(
            Forum.series_id == forum.series_id,
            Forum.status == ForumStatus.PUBLISHED,
            Forum.starts_at > forum.starts_at,
            Forum.starts_at > now,
            col(Forum.id) != forum.id,
        )
        .order_by(col(Forum.starts_at))
    )
    return list((await session.exec(query)).all())


def _value_for(
    forum: Forum, occurrence: Forum, field: changes.Field, value: str | datetime
) -> str | datetime:
    """The edit of `forum` as it applies to a later `occurrence`: the same text, or a time
    moved by the same amount."""
    if isinstance(value, str):
        return value
    # A new start moves each by the same amount; a new end gives each the same length.
    return occurrence.starts_at + (value - forum.starts_at)


async def edit_with_later(
    session: AsyncSession,
    forum_id: int,
    *,
    admin: Member,
    field: changes.Field,
    value: str | datetime,
    now: datetime,
) -> list[changes.ChangeResult]:
    """Edit a forum and the later occurrences of its series (`later_occurrences`).

    The first result is the forum's own; an occurrence the edit would not change is left
    out. The caller queues each result's notices, commits and re-schedules the reminders of
    each rescheduled forum.

    Raises:
        ServiceError: as `bot.services.changes.edit_forum` for the forum itself.
    """
    forum = await changes.changeable_forum(session, forum_id, now=now)
    later = await later_occurrences(session, forum, now=now)
    planned = [(occurrence, _value_for(forum, occurrence, field, value)) for occurrence in later]
    results = [
        await changes.edit_forum(session, forum_id, admin=admin, field=field, value=value, now=now)
    ]
    for occurrence, occurrence_value in planned:
        try:
            results.append(
                await changes.edit_forum(
                    session,
                    occurrence.id or 0,
                    admin=admin,
                    field=field,
                    value=occurrence_value,
                    now=now,
                )
            )
        except ServiceError as exc:
            if exc.key != "error-change-same":
                raise
    return results
