"""Registration, approval, invite links and member preferences (SPEC sections 2-3)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import text as bot_text
from bot.services import audit
from bot.services.errors import ServiceError
from models import LANGUAGES, Member, MemberStatus, Pillar, PillarInvite

NAME_MAX = 200
INSTITUTION_MAX = 300
POSITION_MAX = 200


def clean_text(value: str, *, max_length: int) -> str:
    """A typed one-line text (name, institution, position, title...) through `bot.text.clean_text`,
    its white space collapsed to single spaces, and checked.

    Raises:
        ServiceError: `error-text-empty`, `error-text-no-letters` or `error-text-too-long`.
    """
    cleaned = " ".join(bot_text.clean_text(value, multiline=False).split())
    if not cleaned:
        raise ServiceError("error-text-empty")
    if not any(char.isalnum() for char in cleaned):
        raise ServiceError("error-text-no-letters")
    if len(cleaned) > max_length:
        raise ServiceError("error-text-too-long", limit=max_length)
    return cleaned


def clean_block(value: str, *, max_length: int) -> str:
    """A typed text that may span lines (agenda, announcement, reason) through
    `bot.text.clean_text`, and checked.

    Raises:
        ServiceError: `error-text-empty` or `error-text-too-long`.
    """
    cleaned = bot_text.clean_text(value)
    if not cleaned:
        raise ServiceError("error-text-empty")
    if len(cleaned) > max_length:
        raise ServiceError("error-text-too-long", limit=max_length)
    return cleaned


async def list_pillars(session: AsyncSession) -> Sequence[Pillar]:
    """All pillars in their display order, hidden ones too (they keep their members); the
    ones a person may still choose are `bot.services.pillars.offered`."""
    return (await session.exec(select(Pillar).order_by(col(Pillar.sort_order)))).all()


async def get_pillar(session: AsyncSession, pillar_id: int) -> Pillar | None:
    """One pillar by id, or None."""
    return await session.get(Pillar, pillar_id)


async def get_member(session: AsyncSession, telegram_user_id: int) -> Member | None:
    """The member registered from this Telegram user, or None."""
    return (
        await session.exec(select(Member).where(Member.telegram_user_id == telegram_user_id))
    ).first()


def is_admin(member: Member | None, telegram_user_id: int, admin_ids: Sequence[int]) -> bool:
    """Admins are approved members flagged admin, or listed in ADMIN_IDS and registered (the
    flag is set for them at registration and at every start:
    `bot.services.member_edits.bootstrap_admins`)."""
    if member is None or member.status != MemberStatus.APPROVED:
        return False
    return member.is_admin or telegram_user_id in admin_ids


async def admin_members(session: AsyncSession, admin_ids: Sequence[int]) -> Sequence[Member]:
    """Every approved admin (who receives approval requests and reminder summaries)."""
    query = select(Member).where(
        Member.status == MemberStatus.APPROVED,
        or_(col(Member.is_admin).is_(True), col(Member.telegram_user_id).in_(admin_ids)),
    )
    return (await session.exec(query)).all()


async def resolve_invite(
    session: AsyncSession, token: str, *, now: datetime
) -> PillarInvite | None:
    """A valid, unexpired invite for a deep-link token, or None."""
    invite = (await session.exec(select(PillarInvite).where(PillarInvite.token == token))).first()
    if invite is None or invite.expires_at <= now:
        return None
    return invite


async def create_invite(
    session: AsyncSession, *, pillar_id: int, admin_user_id: int, now: datetime, ttl_days: int
) -> PillarInvite:
    """Create a pillar invite token (its deep link approves at once and fixes the pillar).

    Raises:
        ServiceError: `error-unknown-pillar`, `error-pillar-hidden`.
    """
    pillar = await get_pillar(session, pillar_id)
    if pillar is None:
        raise ServiceError("error-unknown-pillar")
    if pillar.is_hidden:
        raise ServiceError("error-pillar-hidden", name=pillar.name)
    invite = PillarInvite(
        token=secrets.token_urlsafe(12),
        pillar_id=pillar_id,
        created_by=admin_user_id,
        created_at=now,
        expires_at=now + timedelta(days=ttl_days),
    )
    session.add(invite)
    await session.flush()
    await audit.record(
        session, actor_user_id=admin_user_id, action="invite.create", target=f"pillar:{pillar_id}"
    )
    return invite


@dataclass(frozen=True)
class Registration:
    """What a registration form holds once every step is answered."""

    full_name: str
    pillar_id: int
    institution: str
    position: str
    language: str
    invite_id: int | None = None


@dataclass(frozen=True)
class RegistrationResult:
    """The stored member and whether it now waits for an admin."""

    member: Member
    pillar: Pillar
    needs_approval: bool


async def register(
    session: AsyncSession,
    form: Registration,
    *,
    telegram_user_id: int,
    chat_id: int,
    admin_ids: Sequence[int],
    now: datetime,
) -> RegistrationResult:
    """Create or update a member from a confirmed registration form.

    An invite link or ADMIN_IDS approves at once; an approved member who keeps their pillar
    stays approved; otherwise the member waits (one registration per person: filling the
    form again while pending updates it) and the caller brings the admins' approval digest
    up to date (`bot.followups.refresh_digests_soon`). A rejected person stays rejected until
    an admin undoes it.

    Raises:
        ServiceError: `error-registration-rejected`, `error-registration-inactive`,
            `error-unknown-pillar`, `error-pillar-hidden` (a hidden pillar the person is not
            in yet), `error-invite-invalid`, or a text error.
    """
    full_name = clean_text(form.full_name, max_length=NAME_MAX)
    institution = clean_text(form.institution, max_length=INSTITUTION_MAX)
    position = clean_text(form.position, max_length=POSITION_MAX)
    pillar = await get_pillar(session, form.pillar_id)
    if pillar is None:
        raise ServiceError("error-unknown-pillar")
    invite = None
    if form.invite_id is not None:
        invite = await session.get(PillarInvite, form.invite_id)
        if invite is None or invite.expires_at <= now or invite.pillar_id != pillar.id:
            raise ServiceError("error-invite-invalid")
    member = await get_member(session, telegram_user_id)
    if member is not None and member.status == MemberStatus.REJECTED:
        raise ServiceError("error-registration-rejected")
    if member is not None and member.status == MemberStatus.INACTIVE:
        raise ServiceError("error-registration-inactive")
    if pillar.is_hidden and (member is None or member.pillar_id != pillar.id):
        # A hidden pillar keeps whom it has and takes nobody new (`bot.services.pillars`).
        raise ServiceError("error-pillar-hidden", name=pillar.name)
    keeps_approval = (
        member is not None
        and member.status == MemberStatus.APPROVED
        and member.pillar_id == form.pillar_id
    )
    if member is None:
        member = Member(
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
            full_name="",
            pillar_id=form.pillar_id,
            institution="",
            position="",
            created_at=now,
        )
    member.full_name = full_name
    member.institution = institution
    member.position = position
    member.pillar_id = form.pillar_id
    member.chat_id = chat_id
    member.language = form.language if form.language in LANGUAGES else member.language
    member.is_reachable = True  # they just wrote to the bot, so it can write back
    member.unreachable_reason = None
    bootstrap_admin = telegram_user_id in admin_ids
    if invite is not None or bootstrap_admin or keeps_approval:
        member.status = MemberStatus.APPROVED
        member.decided_at = member.decided_at or now
        if invite is not None:
            member.invite_id = invite.id
            invite.uses += 1
        if bootstrap_admin:
            member.is_admin = True
    else:
        member.status = MemberStatus.PENDING
    session.add(member)
    await session.flush()
    needs_approval = member.status == MemberStatus.PENDING
    return RegistrationResult(member=member, pillar=pillar, needs_approval=needs_approval)


@dataclass(frozen=True)
class DecisionResult:
    """The member decided on, and whether this press changed anything."""

    member: Member
    pillar: Pillar
    changed: bool


async def decide(
    session: AsyncSession,
    *,
    member_id: int,
    approve: bool,
    admin_user_id: int,
    now: datetime,
) -> DecisionResult:
    """Approve or reject a pending registration (audit-logged; `decided_at` is `now`).

    A second press (by the same or another admin) changes nothing and says so. The caller
    tells the member (`bot.notices.members.decision`) and commits.

    Raises:
        ServiceError: `error-member-not-found`.
    """
    member = await session.get(Member, member_id)
    if member is None:
        raise ServiceError("error-member-not-found")
    pillar = await session.get(Pillar, member.pillar_id)
    assert pillar is not None  # a foreign key guarantees it
    if member.status != MemberStatus.PENDING:
        return DecisionResult(member, pillar, changed=False)
    member.status = MemberStatus.APPROVED if approve else MemberStatus.REJECTED
    member.decided_at = now
    member.decided_by = admin_user_id
    session.add(member)
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action="member.approve" if approve else "member.reject",
        target=f"member:{member.id}",
    )
    return DecisionResult(member, pillar, changed=True)


async def unreject(
    session: AsyncSession, *, member_id: int, admin_user_id: int, now: datetime
) -> Member | None:
    """Undo a rejection: the registration waits for approval again (it reappears in the
    digest). Returns the member, or None when they are not rejected (nothing changes).

    Raises:
        ServiceError: `error-member-not-found`.
    """
    member = await session.get(Member, member_id)
    if member is None:
        raise ServiceError("error-member-not-found")
    if member.status != MemberStatus.REJECTED:
        return None
    member.status = MemberStatus.PENDING
    member.decided_at = now
    member.decided_by = admin_user_id
    session.add(member)
    await audit.record(
        session,
        actor_user_id=admin_user_id,
        action="member.unreject",
        target=f"member:{member.id}",
    )
    return member


async def set_language(session: AsyncSession, member: Member, language: str) -> None:
    """Store a member's language choice.

    Raises:
        ServiceError: `error-unknown-language`.
    """
    if language not in LANGUAGES:
        raise ServiceError("error-unknown-language")
    member.language = language
    session.add(member)
