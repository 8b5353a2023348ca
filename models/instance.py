"""Which process runs the bot: one instance per bot token (SPEC section 10)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class InstanceLease(SQLModel, table=True):
    """The lease a running instance holds and renews; a second instance finds it taken.

    Used on SQLite (PostgreSQL uses a session advisory lock instead). `holder` names the
    process (host, pid and a random part); a lease whose `expires_at` has passed was left
    by a process that died and may be taken over.
    """

    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=200)
    acquired_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    renewed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
