"""A forum's photo documentation ("dokumentasi", SPEC section 7): the photos admins send,
kept whole in the database (the one source of truth) for the Berkas SPJ's PDF."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class ForumPhoto(SQLModel, table=True):
    """One photo of a forum, in the order the admins sent them (`position`, from 1).

    `file_id` resends it on Telegram; `data` is the stored copy (the largest size Telegram
    made that is at most 1,280 px on its longer side, as downloaded), `width` and `height`
    its pixels. The same photo twice in one forum is refused: by Telegram's
    `file_unique_id` (a forwarded or resent photo) and by the SHA-256 of its bytes (the same
    picture uploaded again).
    """

    __tablename__ = "forum_photo"
    __table_args__ = (
        UniqueConstraint("forum_id", "file_unique_id", name="uq_forum_photo_file_unique_id"),
        UniqueConstraint("forum_id", "sha256", name="uq_forum_photo_sha256"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    file_id: str = Field(sa_column=Column(String(200), nullable=False))
    file_unique_id: str = Field(sa_column=Column(String(100), nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    # Up to 200 characters (the PDF prints it under the photo), kept as typed.
    caption: str = Field(default="", max_length=200)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    width: int
    height: int
    position: int
    added_by_user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
