"""Counting the SQL a piece of code sends (the statement budgets of docs/PERFORMANCE.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlmodel.ext.asyncio.session import AsyncSession


@contextmanager
def counted(session: AsyncSession) -> Iterator[list[str]]:
    """The SQL statements executed on the session's engine inside the block."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    engine = session.bind
    assert engine is not None
    target: Any = getattr(engine, "sync_engine", engine)
    event.listen(target, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(target, "before_cursor_execute", record)
