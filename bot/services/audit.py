"""The audit log of admin actions (SPEC section 2)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from models import AuditEntry


def record(
    session: AsyncSession, *, actor_user_id: int, action: str, target: str = "", **detail: object
) -> None:
    """Add an audit entry to the session (committed with the action it records)."""
    session.add(
        AuditEntry(actor_user_id=actor_user_id, action=action, target=target, detail=detail)
    )
