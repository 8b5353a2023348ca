"""The outbox of bot-initiated messages and the announcements that fill it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    """Life of an outbox row (SPEC section 5)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class OutboxKind(StrEnum):
    """What an outbox message is, for reports and for the sender's follow-up work."""

    INVITATION = "invitation"
    REMINDER = "reminder"
    NUDGE = "nudge"
    SUMMARY = "summary"
    ANNOUNCEMENT = "announcement"
    APPROVAL_REQUEST = "approval_request"
    DECISION = "decision"
    DELIVERY_REPORT = "delivery_report"
    CHANGE_NOTICE = "change_notice"
    WAITLIST = "waitlist"
    GROUP_POST = "group_post"
    # The forum's `.ics` as a document (sendDocument), made from the forum row when it is
    # sent; `text` is its caption.
    CALENDAR = "calendar"


class OutboxMessage(SQLModel, table=True):
    """One message to one chat, rendered in the recipient's language when queued.

    `dedupe_key` is unique: queuing the same logical message twice (a re-run reminder job, a
    repeated publish) inserts nothing the second time.
    """

    # The sender's hot query: pending rows whose `next_attempt_at` has come, oldest first.
    # Its leading column serves lookups by status alone too, so status has no index of its own.
    __table_args__ = (
        Index("ix_outboxmessage_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(sa_column=Column(String(120), unique=True, nullable=False))
    kind: OutboxKind = Field(sa_column=Column(String(32), nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    member_id: int | None = Field(default=None, foreign_key="member.id", index=True)
    forum_id: int | None = Field(default=None, foreign_key="forum.id", index=True)
    announcement_id: int | None = Field(default=None, foreign_key="announcement.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    reply_markup: dict[Any, Any] | None = Field(default=None, sa_column=Column(JSON))
    status: OutboxStatus = Field(
        default=OutboxStatus.PENDING, sa_column=Column(String(16), nullable=False)
    )
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    telegram_message_id: int | None = None
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Announcement(SQLModel, table=True):
    """A broadcast by an admin; `pillar_codes` empty means every approved member."""

    id: int | None = Field(default=None, primary_key=True)
    sender_id: int = Field(foreign_key="member.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    pillar_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    recipients: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditEntry(SQLModel, table=True):
    """Who did what, for every admin action (SPEC section 2), chained by hashes (section 10).

    `seq` numbers the chain 1, 2, 3...; `prev_hash` is the previous entry's `entry_hash`
    (`bot.services.audit.GENESIS` for the first); `entry_hash` is computed by
    `bot.services.audit.entry_hash`. Both are unique, so two writers can never fork it.
    """

    __table_args__ = (
        UniqueConstraint("seq", name="uq_auditentry_seq"),
        UniqueConstraint("prev_hash", name="uq_auditentry_prev_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seq: int
    prev_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)
    actor_user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    action: str = Field(max_length=64)
    target: str = Field(default="", max_length=120)
    detail: dict[Any, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
