"""Tests for bot.services.outbox: queueing once per dedupe key, in batches."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from bot.db import SessionMaker
from bot.services import outbox
from models import OutboxKind, OutboxMessage, OutboxStatus
from tests import factories as f


def row(key: str, *, reachable: bool = True) -> OutboxMessage:
    return outbox.message(
        dedupe_key=key, kind=OutboxKind.ANNOUNCEMENT, chat_id=1, text="x", reachable=reachable
    )


async def test_enqueue_many_skips_existing_and_repeated_keys(sessions: SessionMaker) -> None:
    async with sessions() as session:
        assert await outbox.enqueue(
            session, dedupe_key="k1", kind=OutboxKind.ANNOUNCEMENT, chat_id=1, text="x"
        )
        await session.flush()
        added = await outbox.enqueue_many(
            session, [row("k1"), row("k2"), row("k2"), row("k3", reachable=False)]
        )
        await session.commit()
        rows = await f.rows(session, OutboxMessage)
    assert [r.dedupe_key for r in added] == ["k2", "k3"]
    assert [(r.dedupe_key, r.status) for r in rows] == [
        ("k1", OutboxStatus.PENDING),
        ("k2", OutboxStatus.PENDING),
        ("k3", OutboxStatus.BLOCKED),
    ]


async def test_lookups_grow_by_chunk_not_by_row(sessions: SessionMaker) -> None:
    async with sessions() as session:
        engine = session.bind
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(args[2])

        event.listen(engine.sync_engine, "before_cursor_execute", count)  # type: ignore[union-attr]
        try:
            await outbox.enqueue_many(session, [row(f"a{i}") for i in range(1200)])
            lookups = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)  # type: ignore[union-attr]
    assert len(lookups) == 3  # 1,200 keys in chunks of 500


def fields(key: str, **extra: Any) -> dict[str, Any]:
    return {"dedupe_key": key, "kind": OutboxKind.ANNOUNCEMENT, "chat_id": 1, "text": "x", **extra}


async def test_enqueue_bulk_queues_like_enqueue_many_without_orm_objects(
    sessions: SessionMaker,
) -> None:
    """A whole office's broadcast (60,000 copies) is queued in bulk: the same rows and
    defaults as `message`, stored keys and repeated keys skipped, nothing left in the
    session, one INSERT ... ON CONFLICT DO NOTHING per chunk."""
    async with sessions() as session:
        first = await outbox.enqueue(
            session, dedupe_key="k1", kind=OutboxKind.ANNOUNCEMENT, chat_id=1, text="x"
        )
        assert first is not None  # held: the identity map keeps objects weakly
        await session.flush()
        engine = session.bind
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(args[2].lstrip().split()[0].upper())

        event.listen(engine.sync_engine, "before_cursor_execute", count)  # type: ignore[union-attr]
        try:
            queued = await outbox.enqueue_bulk(
                session,
                [
                    fields("k1"),
                    fields("k2", reply_markup={"inline_keyboard": []}, member_id=None),
                    fields("k2"),
                    fields("k3", reachable=False),
                    *(fields(f"a{i}") for i in range(1200)),
                ],
            )
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)  # type: ignore[union-attr]
        in_session = len(session.identity_map)
        await session.commit()
        rows = await f.rows(session, OutboxMessage)
    assert queued == 1202
    assert in_session == 1  # only k1, queued through the ORM
    assert statements == ["INSERT"] * 3  # 1,204 rows in chunks of 500, no lookups
    by_key = {r.dedupe_key: r for r in rows}
    assert len(rows) == 1203
    assert by_key["k2"].reply_markup == {"inline_keyboard": []}
    assert by_key["k3"].status == OutboxStatus.BLOCKED and by_key["k3"].error
    fresh = by_key["a0"]
    assert (fresh.status, fresh.attempts, fresh.error) == (OutboxStatus.PENDING, 0, None)
    assert fresh.next_attempt_at.tzinfo is not None and fresh.created_at == fresh.next_attempt_at
