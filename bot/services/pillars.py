"""Pillars as data that admins keep with `/pilar` (SPEC section 1; issue 10, item 3).

An admin adds a pillar by its name (the code is derived here, never shown), renames it,
marks or unmarks it core, hides or shows it, and deletes one nobody belongs to. Every change
is audit-logged with the admin's Telegram user id. A hidden pillar keeps its members, its
forums and its history; it is only no longer offered at registration, in invite links and in
`/forum_baru` (`offered`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.members import clean_text
from models import ForumPillar, Member, Pillar, PillarInvite

NAME_MAX = 120
CODE_MAX = 32


@dataclass(frozen=True)
class PillarSummary:
    """A pillar as `/pilar` lists it; `members` counts every registration in it (approved,
    pending or rejected: each keeps the pillar), `forums` the forums that invited it."""

    pillar: Pillar
    members: int
    forums: int

    @property
    def deletable(self) -> bool:
        """Nobody belongs to it and no forum invited it: deleting loses no history."""
        return self.members == 0 and self.forums == 0


async def overview(session: AsyncSession) -> list[PillarSummary]:
    """Every pillar, hidden ones included, in display order, with its counts (three queries)."""
    pillars = (await session.exec(select(Pillar).order_by(col(Pillar.sort_order)))).all()
    members = dict(
        (
            await session.exec(
                select(Member.pillar_id, func.count(col(Member.id))).group_by(
                    col(Member.pillar_id)
                )
            )
        ).all()
    )
    forums = dict(
        (
            await session.exec(
                select(ForumPillar.pillar_id, func.count(col(ForumPillar.forum_id))).group_by(
                    col(ForumPillar.pillar_id)
                )
            )
        ).all()
    )
    return [
        PillarSummary(pillar=p, members=members.get(p.id or 0, 0), forums=forums.get(p.id or 0, 0))
        for p in pillars
    ]


async def summary(session: AsyncSession, pillar_id: int) -> PillarSummary:
    """One pillar with its counts.

    Raises:
        ServiceError: `error-unknown-pillar`.
    """
    pillar = await session.get(Pillar, pillar_id)
    if pillar is None:
        raise ServiceError("error-unknown-pillar")
    members = (
        await session.exec(
            select(func.count()).select_from(Member).where(Member.pillar_id == pillar_id)
        )
    ).one()
    forums = (
        await session.exec(
            select(func.count()).select_from(ForumPillar).where(ForumPillar.pillar_id == pillar_id)
        )
    ).one()
    return PillarSummary(pillar=pillar, members=members, forums=forums)


async def offered(session: AsyncSession, *, keep: int | None = None) -> Sequence[Pillar]:
    """The pillars a person may choose (registration, invite links, `/forum_baru`): the
    visible ones in display order, and `keep` (a member's own pillar) even when hidden."""
    query = select(Pillar).order_by(col(Pillar.sort_order))
    visible = col(Pillar.is_hidden).is_(False)
    query = query.where(visible | (col(Pillar.id) == keep)) if keep else query.where(visible)
    return (await session.exec(query)).all()


def derive_code(name: str, taken: set[str]) -> str:
    """An internal code for a new pillar: the name's letters and digits in capitals, words
    joined by "_", accents dropped, at most `CODE_MAX` characters, and a "_2", "_3"...
    suffix when that code is in `taken` ("Dinas Kominfo" -> "DINAS_KOMINFO"). A name with
    no Latin letter or digit gets "PILAR"."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = "_".join(re.findall(r"[A-Za-z0-9]+", folded)).upper()[:CODE_MAX].strip("_")
    base = base or "PILAR"
    code, number = base, 1
    while code in taken:
        number += 1
        suffix = f"_{number}"
        code = base[: CODE_MAX - len(suffix)].rstrip("_") + suffix
    return code


async def _check_name(session: AsyncSession, name: str, *, pillar_id: int | None) -> str:
    """The cleaned name; refused when another pillar has it (case and spacing aside).

    Raises:
        ServiceError: a text error or `error-pillar-name-taken`.
    """
    cleaned = clean_text(name, max_length=NAME_MAX)
    clash = (
        await session.exec(
            select(Pillar).where(
                func.lower(col(Pillar.name)) == cleaned.lower(), col(Pillar.id) != pillar_id
            )
        )
    ).first()
    if clash is not None:
        raise ServiceError("error-pillar-name-taken", name=clash.name)
    return cleaned


async def add(session: AsyncSession, *, name: str, admin_user_id: int) -> Pillar:
    """Add a visible, non-core pillar at the end of the display order (audit `pillar.add`).

    Raises:
        ServiceError: a text error or `error-pillar-name-taken`.
    """
    cleaned = await _check_name(session, name, pillar_id=None)
    taken = set((await session.exec(select(Pillar.code))).all())
    last = (await session.exec(select(func.max(col(Pillar.sort_order))))).one()
    pillar = Pillar(code=derive_code(cleaned, taken), name=cleaned, sort_order=(last or 0) + 1)
    session.add(pillar)
    await session.flush()
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action="pillar.add",
        target=f"pillar:{pillar.id}",
        name=pillar.name,
        code=pillar.code,
    )
    return pillar


class Change(StrEnum):
    """What an admin did to a pillar; the audit action is `pillar.<value>`."""

    RENAME = "rename"
    CORE = "core"
    UNCORE = "uncore"
    HIDE = "hide"
    SHOW = "show"


@dataclass(frozen=True)
class Changed:
    """A pillar after a change; `changed` is False when it already was so (a double tap:
    nothing written, nothing audited). `old_name` is the name before a rename."""

    pillar: Pillar
    change: Change
    changed: bool
    old_name: str


async def _pillar(session: AsyncSession, pillar_id: int) -> Pillar:
    pillar = await session.get(Pillar, pillar_id)
    if pillar is None:
        raise ServiceError("error-unknown-pillar")
    return pillar


async def rename(
    session: AsyncSession, *, pillar_id: int, name: str, admin_user_id: int
) -> Changed:
    """Give a pillar a new name (audit `pillar.rename` with the old and new names); members,
    forums and exports show it from now on.

    Raises:
        ServiceError: `error-unknown-pillar`, a text error or `error-pillar-name-taken`.
    """
    pillar = await _pillar(session, pillar_id)
    cleaned = await _check_name(session, name, pillar_id=pillar_id)
    old = pillar.name
    if cleaned == old:
        return Changed(pillar, Change.RENAME, changed=False, old_name=old)
    pillar.name = cleaned
    session.add(pillar)
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action="pillar.rename",
        target=f"pillar:{pillar.id}",
        old=old,
        new=cleaned,
    )
    return Changed(pillar, Change.RENAME, changed=True, old_name=old)


async def set_flag(
    session: AsyncSession, *, pillar_id: int, change: Change, admin_user_id: int
) -> Changed:
    """Mark or unmark a pillar core, or hide or show it (audit `pillar.<change>`).

    The change names the state wanted, not a toggle, so a second press of a stale button
    changes nothing.

    Raises:
        ServiceError: `error-unknown-pillar`; ValueError for `Change.RENAME`.
    """
    pillar = await _pillar(session, pillar_id)
    if change in (Change.CORE, Change.UNCORE):
        wanted, current = change == Change.CORE, pillar.is_core
    elif change in (Change.HIDE, Change.SHOW):
        wanted, current = change == Change.HIDE, pillar.is_hidden
    else:
        raise ValueError(f"{change} is not a flag")
    if wanted == current:
        return Changed(pillar, change, changed=False, old_name=pillar.name)
    if change in (Change.CORE, Change.UNCORE):
        pillar.is_core = wanted
    else:
        pillar.is_hidden = wanted
    session.add(pillar)
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action=f"pillar.{change}",
        target=f"pillar:{pillar.id}",
        name=pillar.name,
    )
    return Changed(pillar, change, changed=True, old_name=pillar.name)


async def removable(session: AsyncSession, pillar_id: int) -> PillarSummary:
    """The pillar, if it may be deleted: nobody belongs to it and no forum invited it.

    Raises:
        ServiceError: `error-unknown-pillar`; `error-pillar-has-members` (with `name` and
            `count`) or `error-pillar-in-forums` (with `name` and `count`): hide it instead.
    """
    found = await summary(session, pillar_id)
    name = found.pillar.name
    if found.members:
        raise ServiceError("error-pillar-has-members", name=name, count=found.members)
    if found.forums:
        raise ServiceError("error-pillar-in-forums", name=name, count=found.forums)
    return found


async def remove(session: AsyncSession, *, pillar_id: int, admin_user_id: int) -> str:
    """Delete a pillar that is `removable`, with its invite links (audit `pillar.delete`).
    Returns the deleted pillar's name.

    Raises:
        ServiceError: as `removable`.
    """
    pillar = (await removable(session, pillar_id)).pillar
    await session.exec(delete(PillarInvite).where(col(PillarInvite.pillar_id) == pillar_id))
    await session.delete(pillar)
    await session.flush()
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action="pillar.delete",
        target=f"pillar:{pillar_id}",
        name=pillar.name,
        code=pillar.code,
    )
    return pillar.name
