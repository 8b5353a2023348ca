"""The audit log of admin actions (SPEC section 2), a hash chain (SPEC section 10).

Each entry holds the hash of the previous entry and of its own content, so an entry edited
or deleted with SQL breaks the chain at that point and `verify` names it.

Hash recipe (`entry_hash`), version 1: SHA-256, as 64 lower-case hex digits, of the UTF-8
bytes of the JSON object

    {"action": ..., "actor_user_id": ..., "at": ..., "detail": ..., "prev_hash": ...,
     "seq": ..., "target": ...}

with keys sorted, no white space (separators "," and ":"), non-ASCII characters as they
are (`ensure_ascii=False`), and `at` as ISO 8601 in UTC with microseconds
(`2026-12-01T14:05:09.123456+00:00`). The database id is left out: a dump restored elsewhere
verifies the same. The first entry's `prev_hash` is `GENESIS` (64 zeros).

Concurrent writers take the chain's lock before reading the last entry (PostgreSQL: a
transaction-scoped advisory lock; SQLite: its one write lock, taken by a write), and hold it
until their transaction ends; unique `seq` and `prev_hash` make a fork impossible anyway.
A deleted last entry leaves a shorter valid chain; `verify` reports the count so that a
shrinking log can be noticed by comparing counts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import AuditEntry, Member, utcnow

GENESIS = "0" * 64
# pg_advisory_xact_lock key: any constant the application uses for nothing else.
CHAIN_LOCK = 0x5E1A_0D17


def entry_hash(
    *,
    seq: int,
    actor_user_id: int,
    action: str,
    target: str,
    detail: dict[str, Any],
    at: datetime,
    prev_hash: str,
) -> str:
    """The entry's content hash (the recipe in the module docstring)."""
    content = {
        "seq": seq,
        "actor_user_id": actor_user_id,
        "action": action,
        "target": target,
        "detail": detail,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    """`entry_hash` of a stored entry's fields."""
    return entry_hash(
        seq=entry.seq,
        actor_user_id=entry.actor_user_id,
        action=entry.action,
        target=entry.target,
        detail=entry.detail,
        at=entry.at,
        prev_hash=entry.prev_hash,
    )


def _chain_key(schema: str) -> int:
    digest = hashlib.blake2b(f"sinergi-audit:{schema}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


async def _lock_chain(session: AsyncSession) -> None:
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        # One chain per office: offices in schemas of one database (bot/offices/) each
        # lock their own, so one office's audit writes never wait for another's.
        sync = connection.sync_connection
        options = sync.get_execution_options() if sync is not None else {}
        schema = (options.get("schema_translate_map") or {}).get(None)
        key = CHAIN_LOCK if schema is None else _chain_key(schema)
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:  # SQLite: a write (matching no row) takes the database's write lock until commit
        await connection.execute(text("UPDATE auditentry SET seq = seq WHERE id = -1"))


async def record(
    session: AsyncSession, *, actor_user_id: int, action: str, target: str = "", **detail: object
) -> AuditEntry:
    """Add an audit entry to the session (committed with the action it records), chained
    to the last one. `detail` must be JSON values (it is hashed as stored)."""
    await _lock_chain(session)
    last = (
        await session.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(1))
    ).first()
    seq = last.seq + 1 if last is not None else 1
    prev = last.entry_hash if last is not None else GENESIS
    stored_detail: dict[str, Any] = json.loads(json.dumps(detail))
    # The hashed content is exactly what is stored: one dict serves both.
    content: dict[str, Any] = {
        "seq": seq,
        "actor_user_id": actor_user_id,
        "action": action,
        "target": target,
        "detail": stored_detail,
        "at": utcnow(),
        "prev_hash": prev,
    }
    entry = AuditEntry(**content, entry_hash=entry_hash(**content))
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class Verdict:
    """The result of `verify`: `broken` is None for an intact chain, else the first entry
    (`seq`) that does not check out, with why."""

    count: int
    broken: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken is None


async def verify(session: AsyncSession) -> Verdict:
    """Walk the chain in `seq` order: each entry's hash recomputed, its `prev_hash` equal to
    the previous entry's hash, `seq` without gaps. Reads the whole table in pages."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    after = 0
    while True:
        page = (
            await session.exec(
                select(AuditEntry)
                .where(col(AuditEntry.seq) > after)
                .order_by(col(AuditEntry.seq))
                .limit(1000)
            )
        ).all()
        if not page:
            return Verdict(count=count)
        for entry in page:
            if entry.seq != expected_seq:
                return Verdict(count, expected_seq, f"entry {expected_seq} is missing")
            if entry.prev_hash != prev:
                return Verdict(count, entry.seq, "its previous hash does not match")
            if hash_of(entry) != entry.entry_hash:
                return Verdict(count, entry.seq, "its content does not match its hash")
            prev = entry.entry_hash
            expected_seq += 1
            count += 1
        after = page[-1].seq


async def latest(
    session: AsyncSession, *, limit: int, offset: int = 0
) -> Sequence[tuple[AuditEntry, str | None]]:
    """The newest entries first (`/audit`), `limit` of them after skipping `offset`, each with
    its actor's registered name (None for an actor who never registered)."""
    query = (
        select(AuditEntry, Member.full_name)
        .join(Member, col(Member.telegram_user_id) == col(AuditEntry.actor_user_id), isouter=True)
        .order_by(col(AuditEntry.seq).desc())
        .offset(offset)
        .limit(limit)
    )
    return (await session.exec(query)).all()


async def count(session: AsyncSession) -> int:
    """How many entries the log holds."""
    last = (
        await session.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(1))
    ).first()
    return last.seq if last is not None else 0
