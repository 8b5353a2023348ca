"""Factory helpers for service tests: insert pillars' members, forums and RSVPs.

Every helper takes an open `AsyncSession` and keyword-only arguments, flushes (so ids are
set) and leaves committing to the test.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import notices
from bot.services import forums, reminders, rsvp
from models import Forum, Member, MemberStatus, Pillar, Rsvp, RsvpAnswer

T = TypeVar("T")

JAKARTA = ZoneInfo("Asia/Jakarta")
CORE_PILLARS = ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU")
# The office that invites (`settings.office_name`, its default in the tests).
OFFICE = "KPU Kota Mojokerto"

_user_ids = itertools.count(500_001)


def next_user_id() -> int:
    """A fresh Telegram user id (also used as the private chat id)."""
    return next(_user_ids)


def now() -> datetime:
    """The current moment, aware UTC, truncated to whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


async def pillar(session: AsyncSession, *, code: str) -> Pillar:
    """A seeded pillar by code."""
    found = (await session.exec(select(Pillar).where(Pillar.code == code))).first()
    assert found is not None, f"pillar {code} is not seeded"
    return found


async def pillar_ids(session: AsyncSession, *, codes: Iterable[str]) -> set[int]:
    """Ids of seeded pillars by code."""
    return {(await pillar(session, code=code)).id or 0 for code in codes}


async def member(
    session: AsyncSession,
    *,
    pillar_code: str = "POLRI",
    status: MemberStatus = MemberStatus.APPROVED,
    is_admin: bool = False,
    language: str = "id",
    is_reachable: bool = True,
    full_name: str = "Budi Santoso",
    telegram_user_id: int | None = None,
) -> Member:
    """Insert a member row directly (no outbox side effects)."""
    user_id = telegram_user_id if telegram_user_id is not None else next_user_id()
    row = Member(
        telegram_user_id=user_id,
        chat_id=user_id,
        full_name=full_name,
        pillar_id=(await pillar(session, code=pillar_code)).id or 0,
        institution=f"Instansi {pillar_code}",
        position="Kepala Seksi",
        language=language,
        status=status,
        is_admin=is_admin,
        is_reachable=is_reachable,
    )
    session.add(row)
    await session.flush()
    return row


async def admin(session: AsyncSession, *, language: str = "id", **kwargs: object) -> Member:
    """An approved KPU admin."""
    return await member(
        session,
        pillar_code="KPU",
        is_admin=True,
        language=language,
        full_name="Admin KPU",
        **kwargs,  # type: ignore[arg-type]
    )


async def forum(
    session: AsyncSession,
    *,
    by: Member,
    pillar_codes: Iterable[str] = CORE_PILLARS,
    starts_in: timedelta = timedelta(days=3),
    rsvp_deadline_in: timedelta | None = None,
    title: str = "Diskusi dan Konsolidasi Empat Pilar",
    at: datetime | None = None,
) -> Forum:
    """Publish a forum through `forums.publish` and queue its invitations, as the handler does."""
    moment = at or now()
    draft = forums.ForumDraft(
        title=title,
        starts_at=moment + starts_in,
        venue="Ballroom Hotel Ayola, Kota Mojokerto",
        agenda="Konsolidasi",
        pillar_ids=await pillar_ids(session, codes=pillar_codes),
        rsvp_deadline=moment + rsvp_deadline_in if rsvp_deadline_in is not None else None,
    )
    result = await forums.publish(session, draft, admin=by, now=moment)
    await notices.forums.invitations(session, result, tz=JAKARTA, office=OFFICE)
    await session.flush()
    return result.forum


async def answer(
    session: AsyncSession,
    *,
    forum: Forum,
    member: Member,
    answer: RsvpAnswer,
    at: datetime | None = None,
    delegate_name: str | None = None,
    delegate_position: str | None = None,
) -> Rsvp:
    """Record an RSVP through `rsvp.record` and queue the promotions' messages, as the
    handlers do."""
    if answer == RsvpAnswer.DELEGATED:
        delegate_name = delegate_name or "Andi Wijaya"
        delegate_position = delegate_position or "Kasubsi"
    outcome = await rsvp.record(
        session,
        forum_id=forum.id or 0,
        member=member,
        answer=answer,
        now=at or now(),
        delegate_name=delegate_name,
        delegate_position=delegate_position,
    )
    await notices.waitlist.promotions(session, outcome.forum, outcome.promoted, tz=JAKARTA)
    return outcome.rsvp


async def remind(
    session: AsyncSession,
    *,
    forum_id: int,
    offset_seconds: int,
    offsets: Sequence[int],
    admin_ids: Sequence[int],
    now: datetime,
) -> notices.reminders.ReminderOutcome | None:
    """A reminder run as the scheduler's job makes it: the service, then its messages."""
    due = await reminders.run(
        session, forum_id=forum_id, offset_seconds=offset_seconds, default_offsets=offsets, now=now
    )
    if due is None:
        return None
    return await notices.reminders.queue(session, due, admin_ids=admin_ids, now=now, tz=JAKARTA)


async def rows(session: AsyncSession, model: type[T], *where: object) -> list[T]:
    """Every row of a table (optionally filtered), in id order."""
    query = select(model).where(*where)
    if "id" in model.model_fields:  # type: ignore[attr-defined]
        query = query.order_by(model.id)  # type: ignore[attr-defined]
    return list((await session.exec(query)).all())


async def count(session: AsyncSession, model: type, *where: object) -> int:
    """How many rows a table holds (optionally filtered)."""
    return len(await rows(session, model, *where))
