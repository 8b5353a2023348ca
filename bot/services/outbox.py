"""Queueing of bot-initiated messages: one outbox row per recipient and message."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import sql
from models import FileKind, OutboxKind, OutboxMessage, OutboxStatus, utcnow

# Rows per INSERT (18 parameters each): well under every database's parameter limit.
INSERT_CHUNK = 500
# A VENUE (ATTACHMENT) row's dedupe key is this and the key of the message it follows.
VENUE_PREFIX = "venue:"
FILE_PREFIX = "file:"
_FOLLOWER_PREFIXES = {OutboxKind.VENUE: VENUE_PREFIX, OutboxKind.ATTACHMENT: FILE_PREFIX}
# What `enqueue_many` inserts of a row: every column but the id the database assigns.
_COLUMNS = tuple(name for name in OutboxMessage.model_fields if name != "id")


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
    """Queue many rows (from `message`, not yet in a session) at once, skipping those whose
    `dedupe_key` exists or came earlier in `rows`.

    Returns the rows inserted, in the order given: the same objects, their `id` set and
    already in the session as if loaded (a change made to one later is flushed as an
    UPDATE). The caller commits.

    One `INSERT ... ON CONFLICT (dedupe_key) DO NOTHING` per `INSERT_CHUNK` rows, as in
    `enqueue_bulk`, and no lookup first: a 500-value `IN` list planned while the outbox's
    statistics said it was empty could scan the whole table, once per chunk of a
    10,000-invitee reminder. The rows are attached to the session without the ORM's
    flush, which would insert them again one identity at a time.
    """
    first: dict[str, OutboxMessage] = {}
    for row in rows:
        first.setdefault(row.dedupe_key, row)  # the same key twice in one batch: once
    inserted: set[str] = set()
    columns = ({name: getattr(row, name) for name in _COLUMNS} for row in first.values())
    async for chunk in _insert_new(session, columns):
        for row_id, key in chunk:
            row = first[key]
            row.id = row_id
            # Persistent with what it holds as its loaded state: no SQL, nothing to flush.
            make_transient_to_detached(row)
            inserted.add(key)
    added = [row for key, row in first.items() if key in inserted]
    session.add_all(added)
    return added


async def enqueue_bulk(session: AsyncSession, rows: Iterable[dict[str, Any]]) -> int:
    """Queue many rows, each given as `message`'s keyword arguments, skipping those whose
    `dedupe_key` exists; returns how many were queued. The caller commits.

    For a broadcast to a whole office: per `INSERT_CHUNK` rows one multi-row `INSERT ...
    ON CONFLICT (dedupe_key) DO NOTHING` (PostgreSQL and SQLite alike), and no ORM objects
    (the rows are neither in the session nor returned), so memory stays that of one chunk.
    As ORM objects flushed by the session, 60,000 copies took 13 s of the event loop and
    about 200 MB. A lookup of the chunk's keys before each INSERT took 90 of 100 s on
    PostgreSQL (sampled in `pg_stat_activity`): planned while the outbox's statistics
    still said it was empty, most likely a scan of the growing table comparing each row
    with the 500 values in turn.
    """
    now = utcnow()
    count = 0
    async for chunk in _insert_new(session, (_bulk_columns(row, now) for row in rows)):
        count += len(chunk)
    return count


def _bulk_columns(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Every column but `id` of the row `message(**row)` would make, created at `now`."""
    fields = {name: value for name, value in row.items() if name != "reachable"}
    reachable = row.get("reachable", True)
    return {
        "member_id": None,
        "forum_id": None,
        "announcement_id": None,
        "reply_markup": None,
        "file_kind": None,
        "file_id": None,
        "venue": None,
        "attempts": 0,
        "next_attempt_at": now,
        "telegram_message_id": None,
        "created_at": now,
        "sent_at": None,
        **fields,
        "status": OutboxStatus.PENDING if reachable else OutboxStatus.BLOCKED,
        "error": None if reachable else "member unreachable (blocked the bot earlier)",
    }


async def _insert_new(
    session: AsyncSession, rows: Iterable[dict[str, Any]]
) -> AsyncIterator[Sequence[Row[int | None, str]]]:
    """Insert `rows` (every column but `id`) whose `dedupe_key` is neither stored nor seen
    earlier in `rows`, `INSERT_CHUNK` at a time; yields per chunk the (id, dedupe_key) of
    the rows it inserted, in no set order. A key stored meanwhile by another transaction
    is skipped too (PostgreSQL waits for that one to end), not an IntegrityError."""
    connection = await session.connection()
    statement = (
        sql.insert(connection.dialect.name, OutboxMessage)
        .on_conflict_do_nothing(index_elements=[col(OutboxMessage.dedupe_key)])
        .returning(col(OutboxMessage.id), col(OutboxMessage.dedupe_key))
    )
    for chunk in _unique_chunks(rows):
        # A list of parameters: SQLAlchemy's "insertmanyvalues" renders the one-row
        # statement once and repeats its VALUES; `.values(chunk)` compiled all its
        # parameters anew for every chunk (57 s of the bot's event loop for 60,000 copies
        # on PostgreSQL).
        yield (await connection.execute(statement, chunk)).all()


def _unique_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """`rows` in lists of up to `INSERT_CHUNK`, each `dedupe_key` in its first row only."""
    seen: set[str] = set()
    chunk: list[dict[str, Any]] = []
    for row in rows:
        if row["dedupe_key"] in seen:
            continue
        seen.add(row["dedupe_key"])  # the same key twice in one batch is queued once
        chunk.append(row)
        if len(chunk) >= INSERT_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
