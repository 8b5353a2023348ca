"""The outbox of bot-initiated messages and the announcements that fill it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class OutboxStatus(StrEnum):
    """Life of an outbox row (SPEC section 5)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    # An announcement's copy not sent because the admin cancelled the sending (never sent).
    CANCELLED = "cancelled"


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
    # An announcement's live progress message to its sender (scheduled ones: sent first).
    ANNOUNCEMENT_PROGRESS = "announcement_progress"
    # "Ingatkan yang belum konfirmasi": a reminder to confirm an announcement's receipt.
    ANNOUNCEMENT_REMINDER = "announcement_reminder"
    # A forum's venue pin (sendVenue) after the invitation or reminder it belongs to; its
    # dedupe key is `venue:<that message's dedupe key>`, and it waits until that one is sent.
    VENUE = "venue"
    # The forum's `.ics` as a document (sendDocument), made from the forum row when it is
    # sent; `text` is its caption.
    CALENDAR = "calendar"
    # A forum's attachment (sendDocument / sendPhoto by `file_id`) after the invitation it
    # belongs to; its dedupe key is `file:<that message's dedupe key>`, and it waits too.
    ATTACHMENT = "attachment"
    # A forum's surat undangan (sendDocument by `file_id`), sent on an admin's request; a
    # kind of its own so replacing the attachment never drops a letter still queued.
    LETTER = "letter"
    # The satisfaction survey to an attendee when a forum ends (`survey:<forum>:<member>`).
    SURVEY = "survey"


class FileKind(StrEnum):
    """An attachment's kind: which Bot API method sends it (sendPhoto, sendDocument)."""

    PHOTO = "photo"
    DOCUMENT = "document"


class AudienceKind(StrEnum):
    """Who receives an announcement (SPEC section 4; issue 10, item 5).

    `ATTENDEES` are a forum's invitees holding a seat with Hadir or Diwakilkan (not
    waitlisted), and anyone checked in; `NO_ANSWER` those invited who have not answered.
    """

    EVERYONE = "everyone"
    PILLARS = "pillars"
    INVITEES = "invitees"
    ATTENDEES = "attendees"
    NO_ANSWER = "no_answer"


class OutboxMessage(SQLModel, table=True):
    """One message to one chat, rendered in the recipient's language when queued.

    `dedupe_key` is unique: queuing the same logical message twice (a re-run reminder job, a
    repeated publish) inserts nothing the second time.
    """

    # The first serves lookups by status (status has no index of its own) and by when a row
    # is due. The second is the sender's pass (pending rows oldest first, LIMIT a batch):
    # only the pending rows, in id order. Without it the planner may walk the primary key
    # through every sent row before the newest, pending ones.
    __table_args__ = (
        Index("ix_outboxmessage_status_next_attempt_at", "status", "next_attempt_at"),
        Index(
            "ix_outboxmessage_pending",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
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
    # An attachment sent by its Telegram `file_id` (sendPhoto / sendDocument) with `text`
    # as its caption; both None for a text message.
    file_kind: FileKind | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    file_id: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    # A VENUE row's sendVenue fields: latitude, longitude (degrees), title, address.
    venue: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
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
    """A broadcast by an admin to an `audience` (`pillar_codes` for `PILLARS`, `forum_id`
    for the forum-based audiences), with an optional attachment.

    Life: scheduled (`send_at` set, `queued_at` None) → queued (`queued_at`: its copies are
    in the outbox, `recipients` counted) → reported (`reported_at`, the delivery report
    queued). `cancelled_at` stops it: before queuing nothing goes out; during the sending
    the copies still pending are marked cancelled.
    """

    id: int | None = Field(default=None, primary_key=True)
    sender_id: int = Field(foreign_key="member.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    pillar_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    audience: AudienceKind = Field(
        default=AudienceKind.EVERYONE, sa_column=Column(String(16), nullable=False)
    )
    forum_id: int | None = Field(default=None, foreign_key="forum.id")
    file_kind: FileKind | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    file_id: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    file_name: str | None = Field(default=None, max_length=200)
    recipients: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    send_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    queued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The live progress message in the sender's chat (None until it is known).
    progress_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    progress_message_id: int | None = None


class AnnouncementReceipt(SQLModel, table=True):
    """A member's "Sudah diterima" press on an announcement (a read confirmation), once."""

    __table_args__ = (UniqueConstraint("announcement_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    announcement_id: int = Field(foreign_key="announcement.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    confirmed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


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
