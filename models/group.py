"""Coordination groups the bot sits in, and the forum invitations posted there (SPEC section 5)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class CoordinationGroup(SQLModel, table=True):
    """A group or supergroup the bot was added to; `chat_id` follows a supergroup upgrade."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    title: str = Field(default="", max_length=255)
    # False once the bot is removed: it can no longer post there.
    active: bool = True
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class GroupPost(SQLModel, table=True):
    """A forum invitation posted in a group; its message is edited to show live counts."""

    __table_args__ = (UniqueConstraint("forum_id", "group_id"),)

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    group_id: int = Field(foreign_key="coordinationgroup.id", index=True)
    # The outbox row that sends it; the sent message's id is read from there.
    outbox_id: int | None = Field(default=None, foreign_key="outboxmessage.id")
    posted_by: int = Field(foreign_key="member.id")
    posted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
