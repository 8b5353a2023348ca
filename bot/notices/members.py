"""Messages telling a person what an admin decided: their registration (SPEC section 2), a
pillar change they asked for (issue 10)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import t
from bot.services import outbox
from bot.services.member_edits import PillarDecision
from bot.services.members import DecisionResult
from models import MemberStatus, OutboxKind, OutboxMessage


async def decision(session: AsyncSession, result: DecisionResult) -> OutboxMessage | None:
    """Queue "approved" or "not approved" to the member of `bot.services.members.decide`;
    nothing when the press changed nothing.

    Dedupe key `decision:<member>:<decided at, ISO 8601>`. Returns the row, or None.
    """
    member = result.member
    if not result.changed:
        return None
    assert member.decided_at is not None  # `decide` sets it with the decision
    approved = member.status == MemberStatus.APPROVED
    return await outbox.enqueue(
        session,
        dedupe_key=f"decision:{member.id}:{member.decided_at.isoformat()}",
        kind=OutboxKind.DECISION,
        chat_id=member.chat_id,
        member_id=member.id,
        text=t(member.language, "decision-approved" if approved else "decision-rejected"),
    )


async def pillar_decision(session: AsyncSession, result: PillarDecision) -> OutboxMessage | None:
    """Queue the outcome of a pillar change the member asked for in `/profil` (moved, or
    kept in their pillar); nothing when the press changed nothing.

    Dedupe key `pillar-decision:<member>:<pillar asked>:<decided at, ISO 8601>`.
    """
    if not result.changed:
        return None
    member = result.member
    key = "pillar-change-approved" if result.approved else "pillar-change-rejected"
    return await outbox.enqueue(
        session,
        dedupe_key=(
            f"pillar-decision:{member.id}:{result.requested.id}:{result.decided_at.isoformat()}"
        ),
        kind=OutboxKind.DECISION,
        chat_id=member.chat_id,
        member_id=member.id,
        text=t(member.language, key, old=result.old.name, new=result.requested.name),
    )
