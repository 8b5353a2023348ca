"""Reminders before a forum: what to send at each offset, once (SPEC sections 4-5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.i18n import Html, t
from bot.services import outbox, reports
from bot.services.forums import forum_pillars, invited_members
from bot.services.members import admin_members
from models import Forum, ForumStatus, OutboxKind, OutboxMessage, ReminderRun, Rsvp, RsvpAnswer


@dataclass(frozen=True)
class ReminderSlot:
    """One reminder of one forum: fires `offset_seconds` before the start."""

    forum_id: int
    offset_seconds: int
    fire_at: datetime

    @property
    def job_id(self) -> str:
        """Deterministic scheduler job id: a reschedule replaces, a restart never duplicates."""
        return f"reminder:{self.forum_id}:{self.offset_seconds}"


def slots(forum: Forum, offsets: Sequence[int]) -> list[ReminderSlot]:
    """The reminder slots of a published forum, earliest first (empty when cancelled)."""
    if forum.status != ForumStatus.PUBLISHED or forum.id is None:
        return []
    return sorted(
        (
            ReminderSlot(forum.id, offset, forum.starts_at - timedelta(seconds=offset))
            for offset in set(offsets)
        ),
        key=lambda slot: slot.fire_at,
    )


@dataclass(frozen=True)
class ReminderOutcome:
    """What one reminder run queued."""

    reminders: int
    nudges: int
    summaries: int
    late: bool


async def run(
    session: AsyncSession,
    *,
    forum_id: int,
    offset_seconds: int,
    offsets: Sequence[int],
    admin_ids: Sequence[int],
    now: datetime,
    tz: ZoneInfo,
) -> ReminderOutcome | None:
    """Queue a forum's reminders for one offset, exactly once.

    Attending and delegated members get a reminder, members with no answer a nudge, and
    with the forum's first reminder the admins get the recap naming core pillars nobody
    confirmed. Returns None when nothing is due: the forum is gone, cancelled or started (a
    reminder missed while the bot was down is dropped then), this slot already ran, or a
    later slot is due too (after an outage, or for a forum published or moved close to its
    start): members get one reminder, the latest, not one per missed slot.
    """
    forum = await session.get(Forum, forum_id)
    if forum is None or forum.status != ForumStatus.PUBLISHED or now >= forum.starts_at:
        return None
    late = now - (forum.starts_at - timedelta(seconds=offset_seconds)) > timedelta(minutes=1)
    # No savepoint here: the sqlite3 driver's lazy BEGIN would turn its release into a
    # commit, marking the slot done even if the reminders below were rolled back.
    done = await session.exec(
        select(ReminderRun.id).where(
            ReminderRun.forum_id == forum_id, ReminderRun.offset_seconds == offset_seconds
        )
    )
    if done.first() is not None:
        return None
    session.add(
        ReminderRun(forum_id=forum_id, offset_seconds=offset_seconds, ran_at=now, late=late)
    )
    if any(
        offset < offset_seconds and forum.starts_at - timedelta(seconds=offset) <= now
        for offset in offsets
    ):
        return None  # superseded: the later slot, due as well, sends the one reminder
    # The start is part of each row's key: after a reschedule (which forgets the runs, see
    # `forget_runs`) the same slot queues again for the new time.
    epoch = int(forum.starts_at.timestamp())
    pillars = await forum_pillars(session, forum_id)
    answers = {
        rsvp.member_id: rsvp
        for rsvp in (await session.exec(select(Rsvp).where(Rsvp.forum_id == forum_id))).all()
    }
    reminders = nudges = 0
    details_by_lang: dict[str, Html] = {}
    rows = []
    for member in await invited_members(session, forum_id, [p.id or 0 for p in pillars]):
        if not member.is_reachable:
            continue
        rsvp = answers.get(member.id or 0)
        if rsvp is not None and rsvp.answer == RsvpAnswer.DECLINED:
            continue
        lang = member.language
        if lang not in details_by_lang:  # the same for every member who reads this language
            details_by_lang[lang] = render.forum_details(
                forum,
                pillars,
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
                dedupe_key=f"reminder:{forum_id}:{offset_seconds}:{member.id}:{epoch}",
                kind=kind,
                chat_id=member.chat_id,
                member_id=member.id,
                forum_id=forum_id,
                text=t(lang, key, details=details, answer=render.answer_label(lang, rsvp)),
                reply_markup=markup,
            )
        )
    await outbox.enqueue_many(session, rows)
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
    return ReminderOutcome(reminders=reminders, nudges=nudges, summaries=summaries, late=late)


async def forget_runs(session: AsyncSession, forum_id: int) -> int:
    """Delete a forum's `ReminderRun` rows so every offset runs again (after a reschedule).

    Returns how many runs were forgotten; the caller commits.
    """
    result = await session.exec(delete(ReminderRun).where(col(ReminderRun.forum_id) == forum_id))
    return int(result.rowcount)
