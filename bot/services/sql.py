"""SQL that SQLite and PostgreSQL spell differently, for the services that need it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite


def insert(dialect: str, table: Any) -> postgresql.Insert | sqlite.Insert:
    """`INSERT` into `table` in the dialect's own construct, which has
    `on_conflict_do_nothing` (the core `insert` has none).

    Args:
        dialect: `Dialect.name` of the session's or connection's bind: "postgresql", or
            anything else for SQLite (the only other database the bot runs on).
    """
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
