"""The approval digest's data: who waits, and which message is each admin's digest (issue 9).

Instead of one approval request per registration, each admin has at most one digest
message at a time, listing the pending registrations; `bot.notices.approvals` renders and
queues it, `bot.followups` edits it in place as people register and are decided.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import ApprovalDigest, Member, MemberStatus, OutboxMessage, Pillar


async def pending(session: AsyncSession) -> Sequence[tuple[Member, Pillar]]:
    """Pending registrations, oldest first."""
    query = (
        select(Member, Pillar)
        .join(Pillar, col(Pillar.id) == col(Member.pillar_id))
        .where(Member.status == MemberStatus.PENDING)
        .order_by(col(Member.created_at), col(Member.id))
    )
    return (await session.exec(query)).all()


async def digest_message_id(session: AsyncSession, chat_id: int) -> int | None:
    """The Telegram message id of the digest shown in `chat_id`, if one is sent."""
    digest = await session.get(ApprovalDigest, chat_id)
    if digest is None:
        return None
    row = await session.get(OutboxMessage, digest.outbox_id)
    return row.telegram_message_id if row is not None else None


async def forget(session: AsyncSession, chat_id: int) -> None:
    """Drop a digest whose message is gone (deleted by the admin): the next change sends a
    new one."""
    digest = await session.get(ApprovalDigest, chat_id)
    if digest is not None:
        await session.delete(digest)
