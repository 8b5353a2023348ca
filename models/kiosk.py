"""The desk screen ("kiosk", issue 12 item 5): the one-time links that open it and the
browser sessions that redeemed them. Only SHA-256 digests of the raw secrets are stored, so
a copy of the database opens no screen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class KioskTicket(SQLModel, table=True):
    """A one-time link an admin made to open a forum's desk screen; `used_at` once redeemed."""

    __tablename__ = "kiosk_ticket"

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    # SHA-256 (hex) of the raw ticket in the link.
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_by: int = Field(foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class KioskSession(SQLModel, table=True):
    """The browser session of a desk screen, made by redeeming a ticket; it lasts until an
    hour after the forum's end unless revoked."""

    __tablename__ = "kiosk_session"

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    ticket_id: int = Field(foreign_key="kiosk_ticket.id")
    # SHA-256 (hex) of the raw session token the browser keeps (a cookie).
    session_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
