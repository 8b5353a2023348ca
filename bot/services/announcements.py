"""Announcements: who gets one, and when its delivery report is due (SPEC section 4).

`bot.notices.announcements` queues the copies and the reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.members import clean_block
from models import (
    Announcement,
    Member,
    MemberStatus,
    OutboxMessage,
    OutboxStatus,
    Pillar,
)

TEXT_MAX = 3500


def check_text(text: str) -> str:
    """The announcement body, stripped; fits one message with its heading after escaping.

    Raises:
        ServiceError: `error-text-empty` or `error-text-too-long`.
    """
    return clean_block(text, max_length=TEXT_MAX)


async def audience(session: AsyncSession, pillar_ids: Sequence[int]) -> Sequence[Member]:
    """Approved members of the pillars (all pillars when empty)."""
    query = select(Member).where(Member.status == MemberStatus.APPROVED).order_by(col(Member.id))
    if pillar_ids:
        query = query.where(col(Member.pillar_id).in_(pillar_ids))
    return (await session.exec(query)).all()


@dataclass(frozen=True)
class Broadcast:
    """A stored announcement and its recipients (approved members; unreachable ones too:
    their copies are recorded as blocked and counted in the report)."""

    announcement: Announcement
    recipients: Sequence[Member]


async def create(
    session: AsyncSession,
    *,
    sender: Member,
    text: str,
    pillar_ids: Sequence[int],
    now: datetime,
) -> Broadcast:
    """Store an announcement (audit-logged) and name its recipients.

    The caller queues the copies (`bot.notices.announcements.copies`) and commits.

    Raises:
        ServiceError: a text error or `error-no-recipients`.
    """
    text = check_text(text)
    members = await audience(session, pillar_ids)
    if not members:
        raise ServiceError("error-no-recipients")
    codes = (
        (await session.exec(select(Pillar.code).where(col(Pillar.id).in_(pillar_ids)))).all()
        if pillar_ids
        else []
    )
    announcement = Announcement(
        sender_id=sender.id or 0,
        text=text,
        pillar_codes=list(codes),
        recipients=len(members),
        created_at=now,
    )
    session.add(announcement)
    await session.flush()
    await audit.record(
        session,
        actor_user_id=sender.telegram_user_id,
        action="announcement.create",
        target=f"announcement:{announcement.id}",
        recipients=len(members),
        pillars=list(codes),
    )
    return Broadcast(announcement=announcement, recipients=members)


@dataclass(frozen=True)
class DeliveryCounts:
    """Final states of an announcement's messages."""

    sent: int
    blocked: int
    failed: int


@dataclass(frozen=True)
class Finished:
    """An announcement whose sends all ended, for its delivery report.

    `sender` is None when the admin who sent it is gone; `unreached` names who did not get
    it (blocked the bot or failed) as (full name, pillar code), by pillar order then name.
    """

    announcement: Announcement
    sender: Member | None
    counts: DeliveryCounts
    unreached: list[tuple[str, str]]


async def finished(session: AsyncSession, *, now: datetime) -> list[Finished]:
    """Mark every announcement whose sends all ended as reported (`reported_at` = `now`),
    and return them: the caller queues their delivery reports
    (`bot.notices.announcements.delivery_reports`) in the same transaction.

    Idempotent: `reported_at` marks the done ones.
    """
    unfinished = select(OutboxMessage.announcement_id).where(
        OutboxMessage.announcement_id == Announcement.id,
        col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
    )
    done = (
        await session.exec(
            select(Announcement).where(
                col(Announcement.reported_at).is_(None), ~unfinished.exists()
            )
        )
    ).all()
    reports = []
    for announcement in done:
        counts = await delivery_counts(session, announcement.id or 0)
        sender = await session.get(Member, announcement.sender_id)
        announcement.reported_at = now
        session.add(announcement)
        unreached = await _unreached(session, announcement.id or 0) if sender else []
        reports.append(Finished(announcement, sender, counts, unreached))
    return reports


async def _unreached(session: AsyncSession, announcement_id: int) -> list[tuple[str, str]]:
    """Who did not get an announcement (blocked the bot or failed), for its sender (an admin)."""
    rows = (
        await session.exec(
            select(Member.full_name, Pillar.code)
            .join(OutboxMessage, col(OutboxMessage.member_id) == col(Member.id))
            .join(Pillar, col(Pillar.id) == col(Member.pillar_id))
            .where(
                col(OutboxMessage.announcement_id) == announcement_id,
                col(OutboxMessage.status).in_([OutboxStatus.BLOCKED, OutboxStatus.FAILED]),
            )
            .order_by(col(Pillar.sort_order), col(Member.full_name))
        )
    ).all()
    return [(name, code) for name, code in rows]


async def delivery_counts(session: AsyncSession, announcement_id: int) -> DeliveryCounts:
    """Count an announcement's rows by final status."""
    rows = (
        await session.exec(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.announcement_id == announcement_id)
            .group_by(col(OutboxMessage.status))
        )
    ).all()
    by_status = {status: count for status, count in rows}
    return DeliveryCounts(
        sent=by_status.get(OutboxStatus.SENT, 0),
        blocked=by_status.get(OutboxStatus.BLOCKED, 0),
        failed=by_status.get(OutboxStatus.FAILED, 0),
    )
