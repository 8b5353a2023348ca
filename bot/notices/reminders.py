"""Reminders, nudges and the admins' recap before a forum (SPEC sections 4-5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.i18n import Html, t
from bot.notices.forums import with_venue
from bot.services import outbox, reports
from bot.services.members import admin_members
from bot.services.reminders import ReminderRound
from models import OutboxKind, OutboxMessage, RsvpAnswer

REMINDER_PREFIX = "reminder:"


def reminder_key(forum_id: int, offset_seconds: int, member_id: int, start_epoch: int) -> str:
    """The dedupe key of a reminder or a nudge (see `queue`)."""
    return f"{REMINDER_PREFIX}{forum_id}:{offset_seconds}:{member_id}:{start_epoch}"


def reminder_due_at(dedupe_key: str) -> datetime | None:
    """When the reminder or nudge with this dedupe key was due (aware UTC): the forum's start
    less the offset, both in the key (`reminder_key`); None for any other key."""
    if not dedupe_key.startswith(REMINDER_PREFIX):
        return None
    parts = dedupe_key[len(REMINDER_PREFIX) :].split(":")
    if len(parts) != 4 or not all(part.isdigit() for part in parts):
        return None
    return datetime.fromtimestamp(int(parts[3]) - int(parts[1]), UTC)


@dataclass(frozen=True)
class ReminderOutcome:
    """What one reminder run queued."""

    reminders: int
    nudges: int
    summaries: int
    late: bool


async def queue(
    session: AsyncSession,
    due: ReminderRound,
    *,
    admin_ids: Sequence[int],
    now: datetime,
    tz: ZoneInfo,
) -> ReminderOutcome:
    """Queue a due round (`bot.services.reminders.run`): a reminder to each member who
    answered, a nudge with the RSVP buttons to each who did not, and with the forum's first
    reminder for its start the recap (naming core pillars nobody confirmed) to every admin.
    A reminder carries the title, time, venue, map link, the forum's note and the agenda's
    first line (`render.reminder_details`), and is followed by the venue pin when the forum
    has one (`bot.notices.forums.with_venue`, key `venue:<the reminder's key>`).

    Dedupe keys `reminder:<forum>:<offset>:<member>:<start epoch>` and
    `summary:<forum>:<offset>:<admin>:<part>:<start epoch>`: the start is part of each key,
    so after a reschedule (which forgets the runs) the same slot queues again for the new
    time. Times are shown in `tz`; `now` says how far away the forum is.
    """
    forum = due.forum
    forum_id = forum.id or 0
    offset_seconds = due.offset_seconds
    epoch = int(forum.starts_at.timestamp())
    reminders = nudges = 0
    details_by_lang: dict[str, Html] = {}
    rows = []
    for member, rsvp in due.recipients:
        lang = member.language
        if lang not in details_by_lang:  # the same for every member who reads this language
            details_by_lang[lang] = render.reminder_details(
                forum,
                lang,
                tz,
                heading=t(
                    lang, "reminder-heading", until=render.time_until(forum.starts_at, now, lang)
                ),
            )
        details = details_by_lang[lang]
        if rsvp is None:
            kind, key, markup = OutboxKind.NUDGE, "nudge", keyboards.rsvp(lang, forum_id).to_dict()
            nudges += 1
        else:
            kind, markup = OutboxKind.REMINDER, None
            if rsvp.waitlisted_at is not None:
                key = "reminder-waitlisted"  # no seat yet: not "see you there"
            elif rsvp.answer == RsvpAnswer.DELEGATED:
                key = "reminder-delegated"
            else:
                key = "reminder"
            reminders += 1
        rows.append(
            outbox.message(
                dedupe_key=reminder_key(forum_id, offset_seconds, member.id or 0, epoch),
                kind=kind,
                chat_id=member.chat_id,
                member_id=member.id,
                forum_id=forum_id,
                text=t(lang, key, details=details, answer=render.answer_label(lang, rsvp)),
                reply_markup=markup,
            )
        )
    await outbox.enqueue_many(session, with_venue(forum, rows))
    summaries = 0
    summarised = await session.exec(
        select(OutboxMessage.id).where(
            OutboxMessage.forum_id == forum_id,
            OutboxMessage.kind == OutboxKind.SUMMARY,
            col(OutboxMessage.dedupe_key).endswith(f":{epoch}"),
        )
    )
    if summarised.first() is None:  # the forum's first reminder (for this start time)
        report = await reports.recap(session, forum)
        for admin in await admin_members(session, admin_ids):
            text = render.recap(report, admin.language, tz)
            # A recap of many pillars outgrows one message: one outbox row per part.
            for part_no, part in enumerate(render.split_message(text)):
                await outbox.enqueue(
                    session,
                    dedupe_key=(
                        f"summary:{forum_id}:{offset_seconds}:{admin.id}:{part_no}:{epoch}"
                    ),
                    kind=OutboxKind.SUMMARY,
                    chat_id=admin.chat_id,
                    member_id=admin.id,
                    forum_id=forum_id,
                    text=part,
                    reachable=admin.is_reachable,
                )
            summaries += 1
    return ReminderOutcome(reminders=reminders, nudges=nudges, summaries=summaries, late=due.late)
