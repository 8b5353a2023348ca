"""A forum's minutes (notulen): written in the bot's guided form or uploaded as a document
(SPEC section 7; issue 11, item 4). One per forum; saving either kind replaces the other.

`minutes_of` gives the Berkas SPJ what it binds: the form's sections (drawn by
`bot.exports.minutes.render_minutes`), or an uploaded PDF's own bytes to merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.forums import published_forum
from bot.services.members import clean_block, clean_text
from bot.services.office import clean_nip
from models import Forum, ForumMinutes, Member

# Caps on what an admin types (characters), told in the message that refuses more.
SECTION_MAX = 3000  # the opening, a point's text, the conclusions
SPEAKER_MAX = 200
POINTS_MAX = 30
FOLLOW_UP_MAX = 500  # one line
FOLLOW_UPS_MAX = 20
NAME_MAX = 200
POSITION_MAX = 200
# Telegram's getFile serves files up to 20 MB; a bigger upload could never be fetched.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
UPLOAD_SUFFIXES = (".pdf", ".docx")


@dataclass(frozen=True)
class MinutesPoint:
    """One point of the discussion: who spoke (a name, or a pillar's name) and what."""

    speaker: str
    text: str


@dataclass(frozen=True)
class NoteTaker:
    """The note-taker's block ("Notulis"): name, position, NIP ("" when none)."""

    name: str
    position: str
    nip: str = ""


@dataclass(frozen=True)
class MinutesDraft:
    """What the form collected, before it is saved (each part checked by `clean_*`)."""

    opening: str
    points: Sequence[MinutesPoint]
    conclusions: str
    follow_ups: Sequence[str]
    notetaker: NoteTaker


@dataclass(frozen=True)
class Minutes:
    """A forum's saved minutes as plain data.

    Form minutes have the sections and `file_id` None; an upload has `file_id`,
    `file_name`, and `pdf` (the file's bytes, for a PDF only) and empty sections.
    `updated_at` is aware UTC.
    """

    forum: Forum
    opening: str
    points: tuple[MinutesPoint, ...]
    conclusions: str
    follow_ups: tuple[str, ...]
    notetaker: NoteTaker
    updated_at: datetime
    file_id: str | None = None
    file_name: str | None = None
    pdf: bytes | None = field(default=None, repr=False)

    @property
    def is_upload(self) -> bool:
        return self.file_id is not None


def _of(forum: Forum, row: ForumMinutes) -> Minutes:
    return Minutes(
        forum=forum,
        opening=row.opening,
        points=tuple(
            MinutesPoint(str(point.get("speaker", "")), str(point.get("text", "")))
            for point in row.points or []
        ),
        conclusions=row.conclusions,
        follow_ups=tuple(row.follow_ups or []),
        notetaker=NoteTaker(row.notetaker_name, row.notetaker_position, row.notetaker_nip or ""),
        updated_at=row.updated_at,
        file_id=row.file_id,
        file_name=row.file_name,
        pdf=row.file_bytes,
    )


async def _row(session: AsyncSession, forum_id: int) -> ForumMinutes | None:
    query = select(ForumMinutes).where(ForumMinutes.forum_id == forum_id)
    return (await session.exec(query)).first()


async def minutes_of(session: AsyncSession, forum_id: int) -> Minutes | None:
    """A forum's minutes, or None when none were saved (or the forum does not exist)."""
    forum = await session.get(Forum, forum_id)
    row = await _row(session, forum_id)
    if forum is None or row is None:
        return None
    return _of(forum, row)


async def minutes_forum(session: AsyncSession, forum_id: int) -> Forum:
    """A forum that can have minutes: published, not cancelled (any time: during or after
    it, or before, to prepare them).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`.
    """
    return await published_forum(session, forum_id)


def clean_section(value: str) -> str:
    """The opening, a point's text or the conclusions, line breaks kept.

    Raises:
        ServiceError: `error-text-empty`, `error-text-too-long` (over `SECTION_MAX`).
    """
    return clean_block(value, max_length=SECTION_MAX)


def clean_speaker(value: str) -> str:
    """A speaker's name as typed, on one line.

    Raises:
        ServiceError: `error-text-empty`, `error-text-no-letters`, `error-text-too-long`.
    """
    return clean_text(value, max_length=SPEAKER_MAX)


def clean_follow_ups(value: str) -> list[str]:
    """The follow-ups typed one per line (a leading "-", "•" or "1." is dropped).

    Raises:
        ServiceError: `error-text-empty`, `error-text-too-long` (a line over
            `FOLLOW_UP_MAX`), `error-minutes-too-many` (over `FOLLOW_UPS_MAX` lines).
    """
    lines = []
    for line in clean_block(value, max_length=FOLLOW_UP_MAX * FOLLOW_UPS_MAX).splitlines():
        stripped = line.strip().lstrip("-•*").strip()
        head, dot, rest = stripped.partition(".")
        if dot and head.isdigit() and head.isascii():
            stripped = rest.strip()
        if stripped:
            lines.append(clean_text(stripped, max_length=FOLLOW_UP_MAX))
    if not lines:
        raise ServiceError("error-text-empty")
    if len(lines) > FOLLOW_UPS_MAX:
        raise ServiceError("error-minutes-too-many", limit=FOLLOW_UPS_MAX)
    return lines


def clean_notetaker(value: str) -> NoteTaker:
    """A note-taker typed on up to three lines: name, position, NIP (18 digits, optional).

    Raises:
        ServiceError: a text error for the name or position, `error-office-nip`.
    """
    lines = [line for line in clean_block(value, max_length=500).splitlines() if line.strip()]
    if len(lines) > 3:
        raise ServiceError("error-minutes-notetaker")
    name = clean_text(lines[0], max_length=NAME_MAX)
    position = clean_text(lines[1], max_length=POSITION_MAX) if len(lines) > 1 else ""
    nip = clean_nip(lines[2]) if len(lines) > 2 else ""
    return NoteTaker(name, position, nip)


def default_notetaker(member: Member) -> NoteTaker:
    """The admin writing the minutes: their own name and position."""
    return NoteTaker(member.full_name, member.position)


def check_points(points: Sequence[MinutesPoint]) -> None:
    """Raises ServiceError `error-minutes-too-many` when one more point would pass the cap."""
    if len(points) >= POINTS_MAX:
        raise ServiceError("error-minutes-too-many", limit=POINTS_MAX)


async def _store(
    session: AsyncSession,
    forum: Forum,
    *,
    admin: Member,
    now: datetime,
    kind: str,
    fill: ForumMinutes,
) -> Minutes:
    assert forum.id is not None and admin.id is not None
    row = await _row(session, forum.id)
    replaced = row is not None
    if row is None:
        row = ForumMinutes(forum_id=forum.id, notetaker_name="", written_by=admin.id)
    for name in (
        "opening",
        "points",
        "conclusions",
        "follow_ups",
        "notetaker_name",
        "notetaker_position",
        "notetaker_nip",
        "file_id",
        "file_name",
        "file_bytes",
    ):
        setattr(row, name, getattr(fill, name))
    row.written_by = admin.id
    row.updated_at = now
    session.add(row)
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="forum.minutes",
        target=f"forum:{forum.id}",
        kind=kind,
        replaced=replaced,
    )
    await session.flush()
    return _of(forum, row)


async def save_form(
    session: AsyncSession, forum_id: int, *, admin: Member, draft: MinutesDraft, now: datetime
) -> Minutes:
    """Save the form's minutes, replacing any before (an uploaded file too); audit-logged
    as `forum.minutes`. The caller commits.

    Raises:
        ServiceError: as `minutes_forum`; `error-minutes-no-points` without a point.
    """
    forum = await minutes_forum(session, forum_id)
    if not draft.points:
        raise ServiceError("error-minutes-no-points")
    fill = ForumMinutes(
        forum_id=forum_id,
        opening=draft.opening,
        points=[{"speaker": p.speaker, "text": p.text} for p in draft.points],
        conclusions=draft.conclusions,
        follow_ups=list(draft.follow_ups),
        notetaker_name=draft.notetaker.name,
        notetaker_position=draft.notetaker.position,
        notetaker_nip=draft.notetaker.nip or None,
        written_by=admin.id or 0,
    )
    return await _store(session, forum, admin=admin, now=now, kind="form", fill=fill)


def check_upload(file_name: str | None, size: int | None) -> str:
    """The upload's name if it is a PDF or DOCX within `UPLOAD_MAX_BYTES`.

    Raises:
        ServiceError: `error-minutes-file-type`, `error-minutes-file-too-big`.
    """
    name = (file_name or "").strip()
    if not any(name.lower().endswith(suffix) for suffix in UPLOAD_SUFFIXES):
        raise ServiceError("error-minutes-file-type")
    if size is not None and size > UPLOAD_MAX_BYTES:
        raise ServiceError("error-minutes-file-too-big", limit=UPLOAD_MAX_BYTES // (1024 * 1024))
    return name[:200]


def is_pdf(file_name: str) -> bool:
    return file_name.lower().endswith(".pdf")


async def save_upload(
    session: AsyncSession,
    forum_id: int,
    *,
    admin: Member,
    file_id: str,
    file_name: str,
    pdf: bytes | None,
    notetaker: NoteTaker,
    now: datetime,
) -> Minutes:
    """Save an uploaded document as the minutes (its Telegram `file_id`; `pdf` the bytes of
    a PDF, None for a DOCX), replacing any before; audit-logged as `forum.minutes`.

    Raises:
        ServiceError: as `minutes_forum` and `check_upload`; `error-minutes-file-type` for
            "PDF" bytes that are not one.
    """
    forum = await minutes_forum(session, forum_id)
    name = check_upload(file_name, len(pdf) if pdf is not None else None)
    if pdf is not None and not pdf.startswith(b"%PDF-"):
        raise ServiceError("error-minutes-file-type")
    fill = ForumMinutes(
        forum_id=forum_id,
        notetaker_name=notetaker.name,
        notetaker_position=notetaker.position,
        notetaker_nip=notetaker.nip or None,
        file_id=file_id,
        file_name=name,
        file_bytes=pdf,
        written_by=admin.id or 0,
    )
    return await _store(session, forum, admin=admin, now=now, kind="upload", fill=fill)
