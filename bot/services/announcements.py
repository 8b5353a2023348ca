"""Announcements: one outbox row per recipient and a delivery report (SPEC section 4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import LANGUAGES, Html, normalize_language, t
from bot.render import shorten
from bot.services import audit, outbox
from bot.services.errors import ServiceError
from bot.services.members import clean_block
from models import (
    Announcement,
    Member,
    MemberStatus,
    OutboxKind,
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


async def create(
    session: AsyncSession,
    *,
    sender: Member,
    text: str,
    pillar_ids: Sequence[int],
    now: datetime,
) -> Announcement:
    """Store an announcement and queue it once per reachable recipient.

    Members already known to have blocked the bot are counted in the report, not sent to.

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
    copies = {lang: t(lang, "announcement", text=text) for lang in LANGUAGES}
    await outbox.enqueue_many(
        session,
        [
            outbox.message(
                dedupe_key=f"announce:{announcement.id}:{member.id}",
                kind=OutboxKind.ANNOUNCEMENT,
                chat_id=member.chat_id,
                member_id=member.id,
                announcement_id=announcement.id,
                text=copies[normalize_language(member.language)],
                reachable=member.is_reachable,
            )
            for member in members
        ],
    )
    await audit.record(
        session,
        actor_user_id=sender.telegram_user_id,
        action="announcement.create",
        target=f"announcement:{announcement.id}",
        recipients=len(members),
        pillars=list(codes),
    )
    return announcement


@dataclass(frozen=True)
class DeliveryCounts:
    """Final states of an announcement's messages."""

    sent: int
    blocked: int
    failed: int


async def report_finished(session: AsyncSession, *, now: datetime) -> int:
    """Queue a delivery report to the sender of every announcement whose sends all ended.

    Returns how many reports were queued. Idempotent: `reported_at` marks the done ones.
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
    for announcement in done:
        counts = await delivery_counts(session, announcement.id or 0)
        sender = await session.get(Member, announcement.sender_id)
        announcement.reported_at = now
        session.add(announcement)
        if sender is None:
            continue
        await outbox.enqueue(
            session,
            dedupe_key=f"report:{announcement.id}",
            kind=OutboxKind.DELIVERY_REPORT,
            chat_id=sender.chat_id,
            member_id=sender.id,
            text=t(
                sender.language,
                "delivery-report",
                total=announcement.recipients,
                sent=counts.sent,
                blocked=counts.blocked,
                failed=counts.failed,
                preview=shorten(announcement.text, 60),
                unreached=await _unreached(session, announcement.id or 0, sender.language),
            ),
        )
    return len(done)


UNREACHED_LISTED = 20


async def _unreached(session: AsyncSession, announcement_id: int, lang: str) -> Html:
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
    if not rows:
        return Html("")
    names = ", ".join(f"{name} ({code})" for name, code in rows[:UNREACHED_LISTED])
    more = len(rows) - UNREACHED_LISTED
    return t(lang, "delivery-unreached", names=names, more=max(more, 0))


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
