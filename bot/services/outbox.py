"""Queueing of bot-initiated messages: one outbox row per recipient and message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import FileKind, OutboxKind, OutboxMessage, OutboxStatus

# Dedupe keys looked up per query: well under every database's bound-parameter limit.
LOOKUP_CHUNK = 500
# A VENUE (ATTACHMENT) row's dedupe key is this and the key of the message it follows.
VENUE_PREFIX = "venue:"
FILE_PREFIX = "file:"
_FOLLOWER_PREFIXES = {OutboxKind.VENUE: VENUE_PREFIX, OutboxKind.ATTACHMENT: FILE_PREFIX}


def message(
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
    file_kind: FileKind | None = None,
    file_id: str | None = None,
) -> OutboxMessage:
    """An outbox row, not yet added to a session.

    With `file_kind` and `file_id` the row is a photo or document sent by that Telegram
    file id, with `text` as its caption (at most 1,024 characters: the caller checks).
    A message to a member known to have blocked the bot (`reachable=False`) is recorded as
    `blocked` at once and never sent (SPEC section 5: a 403 stops further sends).
    """
    row = OutboxMessage(
        dedupe_key=dedupe_key,
        kind=kind,
        chat_id=chat_id,
        text=text,
        reply_markup=reply_markup,
        member_id=member_id,
        forum_id=forum_id,
        announcement_id=announcement_id,
        file_kind=file_kind,
        file_id=file_id,
    )
    if not reachable:
        row.status = OutboxStatus.BLOCKED
        row.error = "member unreachable (blocked the bot earlier)"
    return row


async def enqueue_many(
    session: AsyncSession, rows: Sequence[OutboxMessage]
) -> list[OutboxMessage]:
    """Queue many rows (from `message`) at once, skipping those whose `dedupe_key` exists.

    One lookup per `LOOKUP_CHUNK` keys instead of one per row: a broadcast to thousands of
    members costs a handful of statements. Returns the rows added; the caller commits.
    """
    keys = [row.dedupe_key for row in rows]
    taken: set[str] = set()
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        query = select(OutboxMessage.dedupe_key).where(col(OutboxMessage.dedupe_key).in_(chunk))
        taken.update((await session.exec(query)).all())
    added = []
    for row in rows:
        if row.dedupe_key not in taken:
            taken.add(row.dedupe_key)  # the same key twice in one batch is queued once
            added.append(row)
    session.add_all(added)
    return added


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
    """Queue one message unless a row with the same `dedupe_key` exists (see `message`).

    Returns the new row, or None when the message was queued before (idempotent re-runs).
    The caller commits; the sender picks the row up after `Sender.wake()`.
    """
    row = message(
        dedupe_key=dedupe_key,
        kind=kind,
        chat_id=chat_id,
        text=text,
        reply_markup=reply_markup,
        member_id=member_id,
        forum_id=forum_id,
        announcement_id=announcement_id,
        reachable=reachable,
    )
    added = await enqueue_many(session, [row])
    return added[0] if added else None


def _after(follows: OutboxMessage, kind: OutboxKind, text: str) -> OutboxMessage:
    """A row of `kind` to send right after the row `follows`, to the same chat, keyed by
    its prefix and that row's key; blocked when that one is."""
    return message(
        dedupe_key=f"{_FOLLOWER_PREFIXES[kind]}{follows.dedupe_key}",
        kind=kind,
        chat_id=follows.chat_id,
        text=text,
        member_id=follows.member_id,
        forum_id=follows.forum_id,
        announcement_id=follows.announcement_id,
        reachable=follows.status != OutboxStatus.BLOCKED,
    )


def venue_after(
    follows: OutboxMessage,
    *,
    latitude: float,
    longitude: float,
    title: str,
    address: str,
) -> OutboxMessage:
    """A venue pin (sendVenue; degrees) to send right after the row `follows`, to the same
    chat: dedupe key `venue:<its key>`, blocked when that one is. The sender sends it only
    once `follows` is sent, and drops it when that one fails (`followed_key`)."""
    row = _after(follows, OutboxKind.VENUE, f"{title}\n{address}")
    row.venue = {"latitude": latitude, "longitude": longitude, "title": title, "address": address}
    return row


def file_after(
    follows: OutboxMessage, *, file_kind: FileKind, file_id: str, caption: str
) -> OutboxMessage:
    """A photo or document sent by its Telegram `file_id` (sendPhoto / sendDocument) right
    after the row `follows`, with `caption` (HTML, under 1,024 characters): dedupe key
    `file:<its key>`, blocked when that one is; like a venue pin it waits for that row and
    is dropped when that one fails (`followed_key`)."""
    row = _after(follows, OutboxKind.ATTACHMENT, caption)
    row.file_kind, row.file_id = file_kind, file_id
    return row


def followed_key(row: OutboxMessage) -> str | None:
    """The dedupe key of the message a VENUE or ATTACHMENT row follows (None for any other
    row)."""
    prefix = _FOLLOWER_PREFIXES.get(row.kind)
    if prefix is None or not row.dedupe_key.startswith(prefix):
        return None
    return row.dedupe_key[len(prefix) :]


async def depth(session: AsyncSession) -> dict[str, int]:
    """The outbox rows still to be sent: {"pending": n, "sending": m} (statuses with no rows
    are missing). One grouped count over the leading column of the sender's index."""
    result = await session.exec(
        select(OutboxMessage.status, func.count())
        .where(col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
        .group_by(OutboxMessage.status)
    )
    return {str(status): int(count) for status, count in result.all()}
