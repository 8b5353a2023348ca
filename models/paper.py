"""The paper trail after a forum (SPEC section 7): its minutes and the satisfaction survey."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class ForumMinutes(SQLModel, table=True):
    """A forum's notulen, one per forum: written in the bot's form, or an uploaded document.

    Form minutes fill `opening`, `points` (each `{"speaker": str, "text": str}`, in order),
    `conclusions` and `follow_ups` (one line each); an upload fills `file_id` and
    `file_name` (and `file_bytes`, a PDF's own bytes fetched with getFile, so the Berkas
    SPJ can merge its pages) and leaves the form fields empty. Saving either replaces the
    other. The note-taker's block (`notetaker_*`) belongs to both.
    """

    __tablename__ = "forum_minutes"

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", unique=True)
    opening: str = Field(default="", sa_column=Column(Text, nullable=False))
    points: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    conclusions: str = Field(default="", sa_column=Column(Text, nullable=False))
    follow_ups: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    notetaker_name: str = Field(max_length=200)
    notetaker_position: str = Field(default="", max_length=200)
    notetaker_nip: str | None = Field(default=None, max_length=40)
    file_id: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    file_name: str | None = Field(default=None, max_length=200)
    file_bytes: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    written_by: int = Field(foreign_key="member.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SurveyRun(SQLModel, table=True):
    """Proof that a forum's survey was queued to its attendees: it makes the survey go once."""

    __tablename__ = "survey_run"

    forum_id: int = Field(foreign_key="forum.id", primary_key=True)
    ran_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SurveyResponse(SQLModel, table=True):
    """One attendee's answers to a forum's survey (scores 1-5, None until pressed).

    `member_id` only keeps one response per member and forum (a second press changes it);
    reports never show it. `pillar_id` is the member's pillar when the survey was sent, so
    the counts per pillar need no member row.
    """

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("forum_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    forum_id: int = Field(foreign_key="forum.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    pillar_id: int = Field(foreign_key="pillar.id")
    usefulness: int | None = None
    service: int | None = None
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # When the comment was written (its order in the reports); None without one.
    commented_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
