"""Pillars, members and the per-pillar invite links."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, String, Text, event
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utcnow

# The languages a member may choose (`Member.language`); each has a catalog in bot/locales.
LANGUAGES = ("id", "en")


class Pillar(SQLModel, table=True):
    """A stakeholder group (KPU, Kejaksaan, Polri, ...); seeded by the first migration, then
    kept by admins with `/pilar` (`bot.services.pillars`).

    Users read `name` ("Polri", "Bawaslu"), never `code`: the code is an internal key
    (seeded, or derived from the name when an admin adds a pillar). A hidden pillar is no
    longer offered at registration nor in `/forum_baru`, and keeps its members and history.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=120)
    is_core: bool = False
    is_hidden: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    sort_order: int = 0


class MemberStatus(StrEnum):
    """Where a registration stands (SPEC section 2)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    # Deactivated by an admin: no invitations, reminders or announcements, left out of the
    # counts; their answers and attendance stay. Restoring makes them approved again.
    INACTIVE = "inactive"


class Member(SQLModel, table=True):
    """A person who registered with the bot in a private chat."""

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    full_name: str = Field(max_length=200)
    pillar_id: int = Field(foreign_key="pillar.id", index=True)
    institution: str = Field(max_length=300)
    position: str = Field(max_length=200)
    language: str = Field(default="id", sa_column=Column(String(8), nullable=False))
    status: MemberStatus = Field(
        default=MemberStatus.PENDING, sa_column=Column(String(16), nullable=False)
    )
    is_admin: bool = False
    is_reachable: bool = True
    # Why the bot cannot write to the member (Telegram's error, e.g. "Forbidden: bot was
    # blocked by the user"); None while reachable.
    unreachable_reason: str | None = Field(default=None, max_length=200)
    invite_id: int | None = Field(default=None, foreign_key="pillarinvite.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, sa_column=Column(BigInteger))
    # A pillar the member asked to move to (/profil); they keep `pillar_id` (and its
    # invitations) until an admin approves.
    requested_pillar_id: int | None = Field(default=None, foreign_key="pillar.id")
    pillar_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # `fold(full_name + " " + institution)`, kept by the mapper events below: the directory's
    # search filters and pages in SQL (60,000 members), the same on SQLite and PostgreSQL.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


def fold(text: str) -> str:
    """`text` for comparing as people read it: accents dropped (é → e), case folded, white
    space collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


@event.listens_for(Member, "before_insert")
@event.listens_for(Member, "before_update")
def _keep_search_text(_mapper: Any, _connection: Any, member: Member) -> None:
    member.search_text = fold(f"{member.full_name} {member.institution}")


class PillarInvite(SQLModel, table=True):
    """A deep-link token that registers its opener straight into one pillar, approved."""

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=40, unique=True, index=True)
    pillar_id: int = Field(foreign_key="pillar.id")
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    uses: int = 0


class ApprovalDigest(SQLModel, table=True):
    """The one message per admin chat listing the registrations that wait (issue 9).

    It is sent as an outbox row (`outbox_id`), whose `telegram_message_id` is the message
    edited in place as people register and are decided; deleted once nobody waits, so the
    next registration starts a new message at the bottom of the admin's chat.
    """

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    outbox_id: int = Field(foreign_key="outboxmessage.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
