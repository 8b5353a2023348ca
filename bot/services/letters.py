"""A forum's surat undangan (issue 11, item 2): its Nomor, Sifat and Perihal, whom it is
addressed to, and its upload to Telegram.

The Nomor is given from the office's pattern (`bot.services.office.next_letter_number`)
the first time the letter is made and kept afterwards, so a letter made again after the
forum moved keeps its number; an admin may type another. The PDF itself is drawn by
`bot.exports.letter.render_letter`; `digest` names what a PDF showed, so an unchanged
letter is sent again by its Telegram `file_id` and a changed one is uploaded again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit, office
from bot.services.changes import notice_recipients
from bot.services.forums import published_forum
from bot.services.members import clean_text
from models import (
    Forum,
    ForumPillar,
    Member,
    MemberStatus,
    OfficeProfile,
    PaperKind,
    Pillar,
    Signatory,
)

# What an admin may change, with the column's longest length.
DETAILS = {"number": 120, "nature": 60, "subject": 200}
_COLUMNS = {"number": "letter_number", "nature": "letter_nature", "subject": "letter_subject"}


@dataclass(frozen=True)
class Letter:
    """What one surat undangan shows: the forum, the office's kop and the signatory of
    invitations, its Nomor, Sifat and Perihal (None: the catalog's default), the moment it
    is dated (aware UTC), and the invited institutions in pillar order, each once."""

    forum: Forum
    office: OfficeProfile
    signatory: Signatory
    number: str
    nature: str | None
    subject: str | None
    dated: datetime
    addressees: tuple[str, ...]


async def addressees(session: AsyncSession, forum_id: int) -> tuple[str, ...]:
    """The institutions of the forum's invited approved members, in pillar order (then
    member order), each once however it is capitalised or spaced."""
    query = (
        select(Member.institution)
        .join(ForumPillar, col(ForumPillar.pillar_id) == Member.pillar_id)
        .join(Pillar, col(Pillar.id) == Member.pillar_id)
        .where(ForumPillar.forum_id == forum_id, Member.status == MemberStatus.APPROVED)
        .order_by(col(Pillar.sort_order), col(Member.id))
    )
    seen: set[str] = set()
    out: list[str] = []
    for institution in (await session.exec(query)).all():
        name = " ".join(institution.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return tuple(out)


async def make(
    session: AsyncSession, forum_id: int, *, now: datetime, tz: ZoneInfo, actor_user_id: int
) -> Letter:
    """The letter of a published forum, given its Nomor (and date) the first time: audit
    `forum.letter.number`. The caller commits (the office's counter row stays locked till
    then, so two letters never share a number).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`.
    """
    forum = await published_forum(session, forum_id)
    if forum.letter_number is None:
        forum.letter_number = await office.next_letter_number(session, local=now.astimezone(tz))
        forum.letter_date = now
        session.add(forum)
        await audit.record(
            session,
            actor_user_id=actor_user_id,
            action="forum.letter.number",
            target=f"forum:{forum.id}",
            number=forum.letter_number,
        )
    return Letter(
        forum=forum,
        office=await office.profile(session),
        signatory=await office.signatory(session, PaperKind.INVITATION),
        number=forum.letter_number,
        nature=forum.letter_nature,
        subject=forum.letter_subject,
        dated=forum.letter_date or now,
        addressees=await addressees(session, forum_id),
    )


def digest(letter: Letter, *, lang: str, tz: ZoneInfo) -> str:
    """A SHA-256 hex digest of everything the letter's PDF shows in `lang` and `tz`: equal
    digests, equal letters."""
    forum, kop, signer = letter.forum, letter.office, letter.signatory
    shown = {
        "forum": [
            forum.title,
            forum.starts_at.isoformat(),
            forum.ends_at.isoformat() if forum.ends_at else None,
            forum.venue,
            forum.agenda,
        ],
        "letter": [
            letter.number,
            letter.nature,
            letter.subject,
            letter.dated.isoformat(),
            list(letter.addressees),
        ],
        "office": [kop.name, kop.address, kop.phone, kop.email, kop.website, kop.city],
        "logo": hashlib.sha256(kop.logo).hexdigest() if kop.logo else None,
        "signatory": [signer.position, signer.name, signer.nip],
        "how": [lang, tz.key],
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


async def uploaded(
    session: AsyncSession, forum: Forum, *, file_id: str, digest: str, actor_user_id: int
) -> None:
    """Keep the `file_id` of the letter just uploaded (sendDocument) and its `digest`.
    Audit: `forum.letter.upload`. The caller commits."""
    forum.letter_file_id, forum.letter_digest = file_id, digest
    session.add(forum)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="forum.letter.upload",
        target=f"forum:{forum.id}",
        number=forum.letter_number,
    )


async def set_detail(
    session: AsyncSession, forum_id: int, *, field: str, value: str, actor_user_id: int
) -> str:
    """Set the letter's Nomor, Sifat or Perihal (`field`: "number", "nature", "subject")
    as typed; returns the stored value. Audit: `forum.letter.edit`. The caller commits.

    Raises:
        ValueError: `field` is not one of `DETAILS`.
        ServiceError: `error-text-*`; `error-forum-not-found`, `error-forum-cancelled`.
    """
    if field not in DETAILS:
        raise ValueError(f"unknown letter field {field!r}")
    cleaned = clean_text(value, max_length=DETAILS[field])
    forum = await published_forum(session, forum_id)
    column = _COLUMNS[field]
    old = getattr(forum, column)
    setattr(forum, column, cleaned)
    session.add(forum)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="forum.letter.edit",
        target=f"forum:{forum_id}",
        field=field,
        old=old,
        new=cleaned,
    )
    return cleaned


async def recipients(
    session: AsyncSession, forum: Forum, *, actor_user_id: int
) -> tuple[Member, ...]:
    """Who gets the letter: the forum's invitees who have not declined (unreachable ones
    included: their rows are recorded as blocked). Audit: `forum.letter.send`. The caller
    queues the rows (`bot.notices.letters.letter_notices`) and commits."""
    members = tuple(member for member, _ in await notice_recipients(session, forum.id or 0))
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="forum.letter.send",
        target=f"forum:{forum.id}",
        number=forum.letter_number,
        recipients=len(members),
    )
    return members
