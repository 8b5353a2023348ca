"""The office itself: its letterhead and who signs its papers (issue 11, the SPJ trail)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow


class PaperKind(StrEnum):
    """The papers an office signs, each with its own signatory."""

    INVITATION = "undangan"
    ATTENDANCE = "daftar_hadir"
    MINUTES = "notulen"
    REPORT = "spj"


class OfficeProfile(SQLModel, table=True):
    """The one row (id 1) describing the office on its papers: the letterhead ("kop") and
    the city of the date line ("Mojokerto, 14 Oktober 2024").

    `logo` is a PNG or JPEG copy of the photo an admin sent (`logo_file_id`), kept so a
    PDF can be drawn without Telegram. `letter_pattern` makes an invitation's Nomor: `{n}`
    the counter, `{roman}` the month in Roman numerals, `{month}` and `{year}` as numbers;
    `letter_counter` is the last number given in `letter_year`, and starts again each year.
    """

    __tablename__ = "office_profile"

    id: int = Field(default=1, primary_key=True)
    name: str = Field(max_length=200)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=60)
    email: str = Field(default="", max_length=120)
    website: str = Field(default="", max_length=120)
    city: str = Field(default="", max_length=60)
    logo: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    logo_file_id: str | None = Field(default=None, max_length=200)
    letter_pattern: str = Field(default="{n}/PP.01-Und/{roman}/{year}", max_length=120)
    letter_counter: int = Field(default=0)
    letter_year: int | None = Field(default=None)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Signatory(SQLModel, table=True):
    """Who signs one kind of paper (`PaperKind`): the position ("Ketua KPU Kota
    Mojokerto"), the name and the civil servant's number (NIP, 18 digits, or empty)."""

    __tablename__ = "office_signatory"

    kind: str = Field(primary_key=True, max_length=20)
    position: str = Field(default="", max_length=150)
    name: str = Field(default="", max_length=150)
    nip: str = Field(default="", max_length=30)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
