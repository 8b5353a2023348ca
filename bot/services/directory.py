"""The member directory admins read in `/anggota`: pillars with counts, pages, search, a
member's card, who waits, and the rows of its XLSX export (issue 10, item 1).

Everything here only reads. Every status is listed (approved, pending, inactive, rejected),
each marked, so that a deactivated or rejected person can be found and restored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import Member, MemberStatus, Pillar
from models.member import fold

PAGE_SIZE = 20
SEARCH_MAX = 100  # characters of a search query


@dataclass(frozen=True)
class PillarCount:
    """A pillar of the directory's menu with how many people it lists."""

    pillar: Pillar
    count: int


@dataclass(frozen=True)
class Menu:
    """The directory's first message: pillars with counts, everyone, and who waits
    (registrations plus pillar changes asked for in `/profil`)."""

    pillars: list[PillarCount]
    total: int
    waiting: int


async def menu(session: AsyncSession) -> Menu:
    """Counts per pillar (pillars in display order, those without anyone included) (three
    queries)."""
    pillars = (await session.exec(select(Pillar).order_by(col(Pillar.sort_order)))).all()
    counts = dict(
        (
            await session.exec(
                select(Member.pillar_id, func.count()).group_by(col(Member.pillar_id))
            )
        ).all()
    )
    waiting_query = select(func.count()).where(
        (col(Member.status) == MemberStatus.PENDING)
        | (
            (col(Member.status) == MemberStatus.APPROVED)
            & col(Member.requested_pillar_id).is_not(None)
        )
    )
    waiting = (await session.exec(waiting_query.select_from(Member))).one()
    return Menu(
        pillars=[PillarCount(p, int(counts.get(p.id or 0, 0))) for p in pillars],
        total=sum(int(n) for n in counts.values()),
        waiting=int(waiting),
    )


@dataclass(frozen=True)
class Entry:
    """A person in the directory with their pillar."""

    member: Member
    pillar: Pillar


@dataclass(frozen=True)
class Page:
    """One page: `PAGE_SIZE` people at most, `page` counted from 0, `total` over all pages.
    `pillar` is the pillar paged (None: everyone, or search results)."""

    entries: list[Entry]
    page: int
    pages: int
    total: int
    pillar: Pillar | None = None
    size: int = PAGE_SIZE

    @property
    def first_number(self) -> int:
        """The number of the page's first person in the whole list, from 1."""
        return self.page * self.size + 1


def _clamp(page: int, total: int, size: int) -> tuple[int, int]:
    pages = max(1, -(-total // size))
    return min(max(page, 0), pages - 1), pages


async def pillar_page(
    session: AsyncSession, pillar_id: int | None, page: int, *, size: int = PAGE_SIZE
) -> Page | None:
    """A page of one pillar's people (`pillar_id` None: everyone), by pillar order, then
    name. A page past the end shows the last one (the list may have shrunk since the button
    was made), a negative one the first. None when the pillar does not exist."""
    pillar = None
    query = select(Member, Pillar).join(Pillar, col(Pillar.id) == col(Member.pillar_id))
    counted = select(func.count()).select_from(Member)
    if pillar_id is not None:
        pillar = await session.get(Pillar, pillar_id)
        if pillar is None:
            return None
        query = query.where(Member.pillar_id == pillar_id)
        counted = counted.where(Member.pillar_id == pillar_id)
    total = int((await session.exec(counted)).one())
    page, pages = _clamp(page, total, size)
    rows = (
        await session.exec(
            query.order_by(col(Pillar.sort_order), col(Member.full_name), col(Member.id))
            .offset(page * size)
            .limit(size)
        )
    ).all()
    return Page([Entry(m, p) for m, p in rows], page, pages, total, pillar, size)


async def search(session: AsyncSession, query: str, page: int, *, size: int = PAGE_SIZE) -> Page:
    """People whose name or institution holds every word of `query`, each word a substring,
    case- and accent-insensitively ("hendra polres" finds Hendra of Polres Mojokerto Kota).

    Filtered, counted and paged in SQL on `Member.search_text` (two queries): only the page's
    rows leave the database. An empty query finds nobody.
    """
    words = fold(query).split()
    if not words:
        return Page([], 0, 1, 0, size=size)
    matches = [col(Member.search_text).contains(word, autoescape=True) for word in words]
    total = int((await session.exec(select(func.count()).where(*matches))).one())
    page, pages = _clamp(page, total, size)
    rows = (
        await session.exec(
            select(Member, Pillar)
            .join(Pillar, col(Pillar.id) == col(Member.pillar_id))
            .where(*matches)
            .order_by(col(Pillar.sort_order), col(Member.full_name), col(Member.id))
            .offset(page * size)
            .limit(size)
        )
    ).all()
    return Page([Entry(m, p) for m, p in rows], page, pages, total, size=size)


@dataclass(frozen=True)
class Card:
    """A member's card: the member, their pillar, and the pillar they asked to move to."""

    member: Member
    pillar: Pillar
    requested_pillar: Pillar | None


async def card(session: AsyncSession, member_id: int) -> Card | None:
    """The card of one member, or None when there is no such member (a stale button)."""
    member = await session.get(Member, member_id)
    if member is None:
        return None
    pillar = await session.get(Pillar, member.pillar_id)
    assert pillar is not None  # a foreign key guarantees it
    requested = (
        await session.get(Pillar, member.requested_pillar_id)
        if member.requested_pillar_id is not None
        else None
    )
    return Card(member, pillar, requested)


@dataclass(frozen=True)
class PillarRequest:
    """An approved member asking to move from `current` to `requested` (`/profil`)."""

    member: Member
    current: Pillar
    requested: Pillar


async def pillar_requests(session: AsyncSession) -> list[PillarRequest]:
    """Approved members' pillar changes waiting for an admin, oldest first."""
    rows = (
        await session.exec(
            select(Member)
            .where(
                Member.status == MemberStatus.APPROVED,
                col(Member.requested_pillar_id).is_not(None),
            )
            .order_by(col(Member.pillar_requested_at), col(Member.id))
        )
    ).all()
    pillars = {p.id: p for p in (await session.exec(select(Pillar))).all()}
    return [
        PillarRequest(member, pillars[member.pillar_id], pillars[member.requested_pillar_id])
        for member in rows
        if member.requested_pillar_id is not None
    ]


@dataclass(frozen=True)
class ExportRow:
    """One row of the directory's XLSX: plain values (the status is its `MemberStatus`)."""

    full_name: str
    pillar: str
    institution: str
    position: str
    status: MemberStatus
    is_admin: bool
    registered_at: datetime


async def export_rows(session: AsyncSession) -> list[ExportRow]:
    """Everyone in the directory in its order (one query), for `bot.exports.xlsx`."""
    rows = (
        await session.exec(
            select(Member, Pillar)
            .join(Pillar, col(Pillar.id) == col(Member.pillar_id))
            .order_by(col(Pillar.sort_order), col(Member.full_name), col(Member.id))
        )
    ).all()
    return [
        ExportRow(
            full_name=member.full_name,
            pillar=pillar.code,
            institution=member.institution,
            position=member.position,
            status=member.status,
            is_admin=member.is_admin,
            registered_at=member.created_at,
        )
        for member, pillar in rows
    ]
