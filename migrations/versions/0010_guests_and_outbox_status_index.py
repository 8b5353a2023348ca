"""attendance for the person who came; outbox status index dropped

Issue 10, items 8 and 10e. Attendance rows may stand for a representative who checked in on
their own phone or a walk-in guest (`member_id` nullable, the person's institution,
position and Telegram account).

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02

`ix_outboxmessage_status` indexed `status` alone; `ix_outboxmessage_status_next_attempt_at`
leads with `status`, so it serves every lookup by status too and the single-column index
only cost writes.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_index("ix_outboxmessage_status")

    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.alter_column("member_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column(
                "delegate_institution", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "delegate_position", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
            )
        )
        batch_op.add_column(sa.Column("delegate_user_id", sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(
            "uq_attendance_forum_delegate_user", ["forum_id", "delegate_user_id"]
        )


def downgrade() -> None:
    # Walk-in guests who represent nobody have no place in the older table.
    op.execute("DELETE FROM attendance WHERE member_id IS NULL")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_constraint("uq_attendance_forum_delegate_user", type_="unique")
        batch_op.drop_column("delegate_user_id")
        batch_op.drop_column("delegate_position")
        batch_op.drop_column("delegate_institution")
        batch_op.alter_column("member_id", existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.create_index("ix_outboxmessage_status", ["status"], unique=False)
