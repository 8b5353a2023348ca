"""Changes to a member after registration: an admin's edits in `/anggota` and a member's own
in `/profil` (issue 10, items 1 and 2). Each change writes an audit entry naming the old and
the new value; a change to what is already there writes nothing and says so.

Rules where the issue left the choice:

- The bot keeps at least one admin: revoking admin from, or deactivating, the last approved
  admin is refused (whoever asks; an admin may revoke themselves while another remains).
- `ADMIN_IDS` is the bootstrap (`bootstrap_admins`, at every start): a listed id is made
  admin when it registers and at each start, so revoking admin from a listed id is refused
  (it would come back at the next start). Removing an id from `ADMIN_IDS` takes nothing
  away: that member stays admin until revoked in `/anggota`, and an unregistered id no
  longer becomes admin when it registers.
- Only approved members are deactivated (a pending one is rejected instead); a deactivated
  member keeps their answers, attendance and admin flag (which counts again once restored);
  their messages still queued are dropped.
- A member's pillar change waits for an admin; they keep their pillar until then. An admin
  changes a pillar directly, which also settles any change the member asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.members import (
    INSTITUTION_MAX,
    NAME_MAX,
    POSITION_MAX,
    admin_members,
    clean_text,
)
from models import Member, MemberStatus, OutboxMessage, OutboxStatus, Pillar

# The typed fields: the word a button carries → (the column, its length limit).
TEXT_FIELDS = {
    "name": ("full_name", NAME_MAX),
    "inst": ("institution", INSTITUTION_MAX),
    "pos": ("position", POSITION_MAX),
}
BOOTSTRAP_ACTOR = 0  # the audit actor of what `ADMIN_IDS` does at start


@dataclass(frozen=True)
class Edit:
    """One change to a member: `field` ("name", "inst", "pos", "pillar", "admin", "status")
    from `old` to `new` (pillar codes, "true"/"false", status values: what the audit log
    keeps); `changed` False when the member already had `new` (nothing was written).
    `shown`: for a pillar, the (old, new) names users read, since codes are internal."""

    member: Member
    field: str
    old: str
    new: str
    changed: bool
    shown: tuple[str, str] | None = None


async def _member(session: AsyncSession, member_id: int) -> Member:
    member = await session.get(Member, member_id)
    if member is None:
        raise ServiceError("error-member-not-found")
    return member


async def _pillar(session: AsyncSession, pillar_id: int, *, offered: bool = False) -> Pillar:
    """The pillar; with `offered`, one a member may still choose (not hidden)."""
    pillar = await session.get(Pillar, pillar_id)
    if pillar is None:
        raise ServiceError("error-unknown-pillar")
    if offered and pillar.is_hidden:
        raise ServiceError("error-pillar-not-offered", name=pillar.name)
    return pillar


async def _record(session: AsyncSession, edit: Edit, *, actor_user_id: int, action: str) -> Edit:
    if edit.changed:
        session.add(edit.member)
        await audit.record(
            session,
            actor_user_id=actor_user_id,
            action=action,
            target=f"member:{edit.member.id}",
            field=edit.field,
            old=edit.old,
            new=edit.new,
        )
    return edit


async def edit_text(
    session: AsyncSession,
    *,
    member_id: int,
    field: str,
    value: str,
    actor_user_id: int,
    own: bool = False,
) -> Edit:
    """Set a member's name, institution or position (`field` a key of `TEXT_FIELDS`) to a
    typed `value`, cleaned like registration's answers. `own`: the member edits their own
    profile (audit action `profile.edit`, else `member.edit`).

    Raises:
        ServiceError: `error-member-not-found`, `error-member-not-editable` (`own` and not
            approved), or a text error.
        KeyError: `field` is not a text field (a caller's bug).
    """
    column, limit = TEXT_FIELDS[field]
    member = await _member(session, member_id)
    if own and member.status != MemberStatus.APPROVED:
        raise ServiceError("error-member-not-editable")
    cleaned = clean_text(value, max_length=limit)
    old = str(getattr(member, column))
    setattr(member, column, cleaned)
    edit = Edit(member, field, old, cleaned, changed=old != cleaned)
    return await _record(
        session,
        edit,
        actor_user_id=actor_user_id,
        action="profile.edit" if own else "member.edit",
    )


async def change_pillar(
    session: AsyncSession, *, member_id: int, pillar_id: int, actor_user_id: int
) -> Edit:
    """An admin moves a member to another pillar at once (a pillar change the member asked
    for is settled by it). Audit `member.pillar`, codes old → new.

    Raises:
        ServiceError: `error-member-not-found`, `error-unknown-pillar`.
    """
    member = await _member(session, member_id)
    new = await _pillar(session, pillar_id)
    old = await _pillar(session, member.pillar_id)
    edit = Edit(
        member, "pillar", old.code, new.code, changed=old.id != new.id, shown=(old.name, new.name)
    )
    if edit.changed:
        member.pillar_id = new.id or 0
        member.requested_pillar_id = None
        member.pillar_requested_at = None
    return await _record(session, edit, actor_user_id=actor_user_id, action="member.pillar")


async def _keeps_an_admin(
    session: AsyncSession, member: Member, bootstrap_ids: Sequence[int]
) -> None:
    admins = await admin_members(session, bootstrap_ids)
    if len(admins) <= 1 and any(admin.id == member.id for admin in admins):
        raise ServiceError("error-last-admin")


async def set_admin(
    session: AsyncSession,
    *,
    member_id: int,
    admin: bool,
    actor_user_id: int,
    bootstrap_ids: Sequence[int],
) -> Edit:
    """Make a member admin or revoke it (audit `member.admin`, "false" → "true" or back).

    Raises:
        ServiceError: `error-member-not-found`, `error-admin-needs-approved` (making a
            member who is not approved an admin), `error-admin-bootstrap` (revoking an id
            of `ADMIN_IDS`), `error-last-admin`.
    """
    member = await _member(session, member_id)
    old = member.is_admin
    if admin and not old and member.status != MemberStatus.APPROVED:
        raise ServiceError("error-admin-needs-approved")
    if not admin and old:
        if member.telegram_user_id in bootstrap_ids:
            raise ServiceError("error-admin-bootstrap")
        await _keeps_an_admin(session, member, bootstrap_ids)
    member.is_admin = admin
    edit = Edit(member, "admin", _flag(old), _flag(admin), changed=old != admin)
    return await _record(session, edit, actor_user_id=actor_user_id, action="member.admin")


def _flag(value: bool) -> str:
    return "true" if value else "false"


async def set_active(
    session: AsyncSession,
    *,
    member_id: int,
    active: bool,
    actor_user_id: int,
    bootstrap_ids: Sequence[int],
) -> Edit:
    """Deactivate an approved member or restore a deactivated one (audit `member.status`,
    "approved" → "inactive" or back). Deactivating drops the member's messages still waiting
    in the outbox (marked failed, "member deactivated"): no invitation, reminder or
    announcement reaches them afterwards.

    Raises:
        ServiceError: `error-member-not-found`, `error-member-not-active` (deactivating
            someone not approved), `error-member-not-inactive` (restoring someone not
            deactivated), `error-last-admin`.
    """
    member = await _member(session, member_id)
    old = member.status
    wanted = MemberStatus.APPROVED if active else MemberStatus.INACTIVE
    if old != wanted:
        if not active and old != MemberStatus.APPROVED:
            raise ServiceError("error-member-not-active")
        if active and old != MemberStatus.INACTIVE:
            raise ServiceError("error-member-not-inactive")
    if not active and old == MemberStatus.APPROVED:
        await _keeps_an_admin(session, member, bootstrap_ids)
        await session.exec(
            update(OutboxMessage)
            .where(
                col(OutboxMessage.member_id) == member.id,
                col(OutboxMessage.status) == OutboxStatus.PENDING,
            )
            .values(status=OutboxStatus.FAILED, error="member deactivated")
        )
    member.status = wanted
    edit = Edit(member, "status", str(old), str(wanted), changed=old != wanted)
    return await _record(session, edit, actor_user_id=actor_user_id, action="member.status")


async def bootstrap_admins(session: AsyncSession, admin_ids: Sequence[int]) -> list[Member]:
    """At start: approved members listed in `ADMIN_IDS` who are not admins become admins
    (audit `member.admin` by actor 0, "false" → "true"). Returns them; the caller commits."""
    if not admin_ids:
        return []
    made = (
        await session.exec(
            select(Member).where(
                col(Member.telegram_user_id).in_(list(admin_ids)),
                Member.status == MemberStatus.APPROVED,
                col(Member.is_admin).is_(False),
            )
        )
    ).all()
    for member in made:
        member.is_admin = True
        await _record(
            session,
            Edit(member, "admin", "false", "true", changed=True),
            actor_user_id=BOOTSTRAP_ACTOR,
            action="member.admin",
        )
    return list(made)


@dataclass(frozen=True)
class PillarRequestResult:
    """A member's pillar change as asked: from `current` to `requested`."""

    member: Member
    current: Pillar
    requested: Pillar


async def request_pillar(
    session: AsyncSession, *, member_id: int, pillar_id: int, now: datetime
) -> PillarRequestResult:
    """An approved member asks to move to another pillar; they stay in theirs until an admin
    decides (asking again replaces the request). Audit `profile.pillar_request`, codes old →
    new. The caller refreshes the admins' digests.

    Raises:
        ServiceError: `error-member-not-found`, `error-member-not-editable`,
            `error-unknown-pillar`, `error-pillar-not-offered` (hidden), `error-pillar-same`.
    """
    member = await _member(session, member_id)
    if member.status != MemberStatus.APPROVED:
        raise ServiceError("error-member-not-editable")
    requested = await _pillar(session, pillar_id, offered=True)
    current = await _pillar(session, member.pillar_id)
    if requested.id == current.id:
        raise ServiceError("error-pillar-same")
    member.requested_pillar_id = requested.id
    member.pillar_requested_at = now
    session.add(member)
    await audit.record(
        session,
        actor_user_id=member.telegram_user_id,
        action="profile.pillar_request",
        target=f"member:{member.id}",
        field="pillar",
        old=current.code,
        new=requested.code,
    )
    return PillarRequestResult(member, current, requested)


@dataclass(frozen=True)
class PillarDecision:
    """An admin's decision on a pillar change: `changed` False when the button was stale
    (already decided, withdrawn, or replaced by a request for another pillar)."""

    member: Member
    old: Pillar
    requested: Pillar
    approved: bool
    changed: bool
    decided_at: datetime


async def decide_pillar(
    session: AsyncSession,
    *,
    member_id: int,
    pillar_id: int,
    approve: bool,
    actor_user_id: int,
    now: datetime,
) -> PillarDecision:
    """Approve (the member moves to `pillar_id`) or reject a pillar change the member asked
    for. Audit `member.pillar_approve` / `member.pillar_reject`, codes old → new. The caller
    tells the member (`bot.notices.members.pillar_decision`) and refreshes the digests.

    Raises:
        ServiceError: `error-member-not-found`, `error-unknown-pillar`;
            `error-pillar-not-offered` when approving a move into a pillar hidden since.
    """
    member = await _member(session, member_id)
    requested = await _pillar(session, pillar_id)
    old = await _pillar(session, member.pillar_id)
    pending = member.status == MemberStatus.APPROVED and member.requested_pillar_id == pillar_id
    if not pending:
        return PillarDecision(member, old, requested, approve, changed=False, decided_at=now)
    if approve and requested.is_hidden:
        raise ServiceError("error-pillar-not-offered", name=requested.name)
    if approve:
        member.pillar_id = pillar_id
    member.requested_pillar_id = None
    member.pillar_requested_at = None
    session.add(member)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="member.pillar_approve" if approve else "member.pillar_reject",
        target=f"member:{member.id}",
        field="pillar",
        old=old.code,
        new=requested.code,
    )
    return PillarDecision(member, old, requested, approve, changed=True, decided_at=now)
