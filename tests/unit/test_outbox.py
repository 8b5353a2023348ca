"""Tests for bot.services.outbox: queueing once per dedupe key, in batches."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event, inspect

from bot.db import SessionMaker
from bot.services import outbox
from models import OutboxKind, OutboxMessage, OutboxStatus
from tests import factories as f
from tests.statements import counted


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


async def test_enqueue_many_is_one_insert_per_chunk_and_nothing_left_to_flush(
    sessions: SessionMaker,
) -> None:
    """No lookup before inserting (a 500-value IN list could scan the whole outbox), and
    the rows it returns are already stored: ids in the order given (the sender's order),
    nothing for the session's flush to insert again."""
    rows = [row(f"a{i}") for i in range(1200)]
    async with sessions() as session:
        with counted(session) as statements:
            added = await outbox.enqueue_many(session, rows)
            await session.flush()
        await session.commit()
        stored = await f.rows(session, OutboxMessage)
    assert [s.lstrip().split()[0].upper() for s in statements] == ["INSERT"] * 3  # by 500
    assert added == rows
    ids = [r.id for r in added]
    assert ids == sorted(ids) and ids == [r.id for r in stored]


async def test_enqueue_many_twice_inserts_nothing_the_second_time(
    sessions: SessionMaker,
) -> None:
    """The same keys queued again (a re-run reminder, a repeated publish, a restart)
    insert nothing and change nothing stored; only a new key is queued. A row returned
    is in the session as if loaded: a later change to it is saved."""
    async with sessions() as session:
        first = await outbox.enqueue_many(session, [row("k1"), row("k2")])
        assert [r.dedupe_key for r in first] == ["k1", "k2"]
        assert all(r.id is not None and inspect(r).persistent for r in first)
        first[1].text = "edited after queueing"
        await session.commit()
    async with sessions() as session:
        again = [row(key) for key in ("k1", "k2")]
        again[0].text = "another text"
        with counted(session) as statements:
            assert await outbox.enqueue_many(session, again) == []
            [new] = await outbox.enqueue_many(session, [row("k2"), row("k3")])
            await session.flush()
        assert not any(inspect(r).persistent for r in again)
        await session.commit()
        stored = await f.rows(session, OutboxMessage)
    assert [s.lstrip().split()[0].upper() for s in statements] == ["INSERT", "INSERT"]
    assert new.dedupe_key == "k3"
    assert [(r.dedupe_key, r.text) for r in stored] == [
        ("k1", "x"),
        ("k2", "edited after queueing"),
        ("k3", "x"),
    ]


async def test_a_key_queued_by_a_transaction_still_open_is_skipped_not_an_error(
    sessions: SessionMaker,
) -> None:
    """Two runs queueing the same message at once (two bot processes, a double press): the
    second waits for the first's transaction and then skips the key, where a lookup
    could not see the uncommitted row and its INSERT failed on the unique key."""
    async with sessions() as one, sessions() as other:
        assert await outbox.enqueue_many(one, [row("k1")])
        racing = asyncio.create_task(outbox.enqueue_many(other, [row("k1"), row("k2")]))
        await asyncio.sleep(0.2)  # the other reaches its INSERT and waits for the lock
        await one.commit()
        [queued] = await racing
        await other.commit()
        stored = await f.rows(other, OutboxMessage)
    assert queued.dedupe_key == "k2"
    assert [r.dedupe_key for r in stored] == ["k1", "k2"]


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
