"""Queueing of bot-initiated messages: one outbox row per recipient and message."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import OutboxKind, OutboxMessage, OutboxStatus


async def enqueue(
    session: AsyncSession,
    *,
    dedupe_key: str,
    kind: OutboxKind,
    chat_id: int,
    text: str,
    reply_markup: dict[str, Any] | None = None,
    member_id: int | None = None,
    forum_id: int | None = None,
    announcement_id: int | None = None,
    reachable: bool = True,
) -> OutboxMessage | None:
    """Queue one message unless a row with the same `dedupe_key` exists.

    A message to a member known to have blocked the bot (`reachable=False`) is recorded as
    `blocked` at once and never sent (SPEC section 5: a 403 stops further sends).
    Returns the new row, or None when the message was queued before (idempotent re-runs).
    The caller commits; the sender picks the row up after `Sender.wake()`.
    """
    existing = (
        await session.exec(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
    ).first()
    if existing is not None:
        return None
    row = OutboxMessage(
        dedupe_key=dedupe_key,
        kind=kind,
        chat_id=chat_id,
        text=text,
        reply_markup=reply_markup,
        member_id=member_id,
        forum_id=forum_id,
        announcement_id=announcement_id,
    )
    if not reachable:
        row.status = OutboxStatus.BLOCKED
        row.error = "member unreachable (blocked the bot earlier)"
    session.add(row)
    return row
