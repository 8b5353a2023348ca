"""Forums, the pillars each forum invites, RSVPs and the reminders already run."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Column, String, Text, UniqueConstraint, true
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow
from models.messaging import FileKind


class ForumStatus(StrEnum):
    """A forum is drafted, then published (invitations sent), possibly cancelled."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Forum(SQLModel, table=True):
    """One forum session (e.g. "Diskusi dan Konsolidasi Empat Pilar")."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    venue: str = Field(max_length=300)
    agenda: str = Field(default="", sa_column=Column(Text, nullable=False))
    rsvp_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: ForumStatus = Field(
        default=ForumStatus.DRAFT, sa_column=Column(String(16), nullable=False, index=True)
    )
    created_by: int = Field(foreign_key="member.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Seats for attending and delegated answers; None: no limit (SPEC section 4, waitlist).
    capacity: int | None = None
    # The secret of the check-in deep link (`t.me/<bot>?start=c_<token>`), made on first use.
    checkin_token: str | None = Field(
        default=None, sa_column=Column(String(32), unique=True, index=True, nullable=True)
    )
    # The desk screen's rotating code (issue 12 item 5): the HMAC key of its codes, made on
    # first need and never shown; `static_checkin` False refuses the printed token above
    # (the office chose the desk screen, whose codes stop working after 90 s).
    kiosk_secret: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    static_checkin: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    cancel_reason: str | None = Field(default=None, max_length=500)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Seconds before the start at which reminders go, largest first; None: the configured
    # `REMINDER_OFFSETS` (forums made before offsets were chosen per forum); [] none at all.
    reminder_offsets: list[int] | None = Field(default=None, sa_column=Column(JSON))
    # A line for the reminders ("Mohon membawa KTP"), kept as typed (escaped when rendered).
    reminder_note: str | None = Field(default=None, max_length=300)
    # The venue's pin (degrees, WGS 84), sent after invitations and reminders as a Telegram
    # venue; apart from the venue text, which stays what the admin typed.
    latitude: float | None = None
    longitude: float | None = None
    # A maps link (https, a maps host: `bot.services.places.check_map_url`).
    map_url: str | None = Field(default=None, max_length=500)
    # The occurrences of a recurring series share the id of the series' first forum.
    series_id: int | None = Field(default=None, index=True)
    # The invitation's attachment (surat undangan, TOR, rundown), sent by its Telegram
    # `file_id` after each invitation (sendDocument / sendPhoto); all None without one.
    file_kind: FileKind | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    file_id: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    file_name: str | None = Field(default=None, max_length=200)
    # How many times the attachment was replaced or removed after publishing: it names the
    # notices of each change, so a second replacement is sent again and a restart never
    # repeats one (`bot.services.forum_options.set_attachment`).
    file_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The surat undangan (issue 11, item 2): its Nomor, given from the office's pattern when
    # the letter is first made (or typed by an admin) and kept after; Sifat and Perihal
    # (None: the catalog's "Biasa" and "Undangan"); the date it is dated (aware UTC).
    letter_number: str | None = Field(default=None, max_length=120)
    letter_nature: str | None = Field(default=None, max_length=60)
    letter_subject: str | None = Field(default=None, max_length=200)
    letter_date: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Its last upload (sendDocument's `file_id`) and the digest of what that PDF showed: an
    # unchanged letter goes by `file_id`, a changed one is uploaded again.
    letter_file_id: str | None = Field(default=None, max_length=200)
    letter_digest: str | None = Field(default=None, max_length=64)


class ForumPillar(SQLModel, table=True):
    """A pillar invited to a forum."""

    forum_id: int = Field(foreign_key="forum.id", primary_key=True)
    pillar_id: int = Field(foreign_key="pillar.id", primary_key=True)


class RsvpAnswer(StrEnum):
    """The three answers of an invitation (SPEC section 4)."""

    ATTENDING = "attending"
    DELEGATED = "delegated"
    DECLINED = "declined"


class Rsvp(SQLModel, table=True):
    """A member's current answer to a forum invitation."""

    __table_args__ = (UniqueConstraint("forum_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    answer: RsvpAnswer = Field(sa_column=Column(String(16), nullable=False))
    delegate_name: str | None = Field(default=None, max_length=200)
    delegate_position: str | None = Field(default=None, max_length=200)
    answered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set while the answer waits for a seat; the waitlist is served in this order.
    waitlisted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def takes_seat(self) -> bool:
        """Attending or delegated, and not waiting for a place."""
        return self.answer != RsvpAnswer.DECLINED and self.waitlisted_at is None


class AttendanceMethod(StrEnum):
    """How a check-in was recorded."""

    QR = "qr"
    MANUAL = "manual"


class Attendance(SQLModel, table=True):
    """One person who came to a forum, checked in once (SPEC section 4, attendance).

    `member_id` is the invited member the row counts for. When someone else came, the
    `delegate_*` columns describe that person: the representative the member named in their
    RSVP (checked in by the member's own scan or by hand), a representative who checked in
    with their own Telegram account (`delegate_user_id`), or a walk-in guest the desk admin
    added. A guest who represents nobody has no `member_id`. One row per member and one per
    Telegram account: a second check-in of either changes nothing.
    """

    __table_args__ = (
        UniqueConstraint("forum_id", "member_id"),
        UniqueConstraint("forum_id", "delegate_user_id", name="uq_attendance_forum_delegate_user"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    member_id: int | None = Field(default=None, foreign_key="member.id", index=True)
    checked_in_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    method: AttendanceMethod = Field(sa_column=Column(String(16), nullable=False))
    delegate_name: str | None = Field(default=None, max_length=200)
    delegate_institution: str | None = Field(default=None, max_length=300)
    delegate_position: str | None = Field(default=None, max_length=200)
    # The Telegram user id of a representative who checked in on their own phone.
    delegate_user_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # The admin's Telegram user id for a hand-marked row or a guest added at the desk.
    marked_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))

    @property
    def is_guest(self) -> bool:
        """A walk-in who represents no invited member."""
        return self.member_id is None


class ReminderRun(SQLModel, table=True):
    """Proof that a forum's reminder at one offset has been queued; it makes reminders run once."""

    __table_args__ = (UniqueConstraint("forum_id", "offset_seconds"),)

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id")
    offset_seconds: int
    ran_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    late: bool = False
