"""outbox due-row index and member.unreachable_reason

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The sender polls `status = 'pending' AND next_attempt_at <= now ORDER BY next_attempt_at`.
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outboxmessage_status_next_attempt_at",
            ["status", "next_attempt_at"],
            unique=False,
        )

    # Nullable, so existing rows need no value; SQLite adds it without rebuilding the table.
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "unreachable_reason",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("unreachable_reason")

    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_index("ix_outboxmessage_status_next_attempt_at")
