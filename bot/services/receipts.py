"""Read confirmations of announcements ("Sudah diterima") and whom a follow-up reminds
(issue 10, item 5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services.announcements import DeliveryCounts, delivery_counts
from bot.services.errors import ServiceError
from models import (
    Announcement,
    AnnouncementReceipt,
    Member,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Pillar,
)


@dataclass(frozen=True)
class Confirmation:
    """A member's press of "Sudah diterima": `new` when it was recorded now (False: it had
    been before); `copy` is the member's announcement message (its button shows the tick)."""

    announcement: Announcement
    new: bool
    copy: OutboxMessage


async def _copy(
    session: AsyncSession, announcement_id: int, member_id: int
) -> OutboxMessage | None:
    query = select(OutboxMessage).where(
        OutboxMessage.announcement_id == announcement_id,
        OutboxMessage.member_id == member_id,
        OutboxMessage.kind == OutboxKind.ANNOUNCEMENT,
    )
    return (await session.exec(query)).first()


async def confirm(
    session: AsyncSession, *, announcement_id: int, member: Member, now: datetime
) -> Confirmation:
    """Record that `member` received the announcement, once (`AnnouncementReceipt`).

    Raises:
        ServiceError: `error-receipt-invalid` when the announcement is gone or was never
            sent to this member (a forged or foreign button).
    """
    announcement = await session.get(Announcement, announcement_id)
    copy = await _copy(session, announcement_id, member.id or 0)
    if announcement is None or copy is None or copy.status != OutboxStatus.SENT:
        raise ServiceError("error-receipt-invalid")
    known = (
        await session.exec(
            select(AnnouncementReceipt).where(
                AnnouncementReceipt.announcement_id == announcement_id,
                AnnouncementReceipt.member_id == member.id,
            )
        )
    ).first()
    if known is not None:
        return Confirmation(announcement=announcement, new=False, copy=copy)
    session.add(
        AnnouncementReceipt(
            announcement_id=announcement_id, member_id=member.id or 0, confirmed_at=now
        )
    )
    return Confirmation(announcement=announcement, new=True, copy=copy)


@dataclass(frozen=True)
class PillarReceipts:
    """Of one pillar (`name`, as users read it): how many got the announcement
    (`delivered`), how many confirmed."""

    name: str
    delivered: int
    confirmed: int


@dataclass(frozen=True)
class Report:
    """An announcement's delivery and confirmations, for its report (sent and refreshed)."""

    announcement: Announcement
    counts: DeliveryCounts
    pillars: list[PillarReceipts]

    @property
    def confirmed(self) -> int:
        return sum(p.confirmed for p in self.pillars)

    @property
    def unconfirmed(self) -> int:
        return self.counts.sent - self.confirmed


async def report(session: AsyncSession, announcement: Announcement) -> Report:
    """Delivered and confirmed copies per pillar (pillars that got none left out), in the
    pillars' order; confirmations count only delivered copies."""
    receipt = (
        select(AnnouncementReceipt.id)
        .where(
            AnnouncementReceipt.announcement_id == announcement.id,
            AnnouncementReceipt.member_id == OutboxMessage.member_id,
        )
        .exists()
    )
    rows = (
        await session.exec(
            select(Pillar.name, func.count(), func.count().filter(receipt))
            .join(Member, col(Member.pillar_id) == col(Pillar.id))
            .join(OutboxMessage, col(OutboxMessage.member_id) == col(Member.id))
            .where(
                OutboxMessage.announcement_id == announcement.id,
                OutboxMessage.kind == OutboxKind.ANNOUNCEMENT,
                OutboxMessage.status == OutboxStatus.SENT,
            )
            .group_by(col(Pillar.id), col(Pillar.name), col(Pillar.sort_order))
            .order_by(col(Pillar.sort_order))
        )
    ).all()
    return Report(
        announcement=announcement,
        counts=await delivery_counts(session, announcement.id or 0),
        pillars=[
            PillarReceipts(name, delivered, confirmed) for name, delivered, confirmed in rows
        ],
    )


async def unconfirmed(session: AsyncSession, announcement_id: int) -> Sequence[Member]:
    """Reachable members who got the announcement and have not confirmed it, by id: whom
    "Ingatkan yang belum konfirmasi" reminds."""
    confirmed = select(AnnouncementReceipt.member_id).where(
        AnnouncementReceipt.announcement_id == announcement_id
    )
    query = (
        select(Member)
        .join(OutboxMessage, col(OutboxMessage.member_id) == col(Member.id))
        .where(
            OutboxMessage.announcement_id == announcement_id,
            OutboxMessage.kind == OutboxKind.ANNOUNCEMENT,
            OutboxMessage.status == OutboxStatus.SENT,
            col(Member.is_reachable).is_(True),
            col(Member.id).not_in(confirmed),
        )
        .order_by(col(Member.id))
    )
    return (await session.exec(query)).all()


async def reportable(session: AsyncSession, announcement_id: int) -> Announcement:
    """An announcement whose report can be shown or followed up (its copies are queued).

    Raises:
        ServiceError: `error-announcement-not-found`.
    """
    announcement = await session.get(Announcement, announcement_id)
    if announcement is None or announcement.queued_at is None:
        raise ServiceError("error-announcement-not-found")
    return announcement


async def recent(session: AsyncSession, *, limit: int = 20) -> Sequence[Announcement]:
    """The latest announcements, newest first (the dashboard's list of delivery reports)."""
    query = select(Announcement).order_by(col(Announcement.id).desc()).limit(limit)
    return (await session.exec(query)).all()
