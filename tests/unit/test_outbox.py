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
