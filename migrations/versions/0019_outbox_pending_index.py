"""outbox: a partial index of the pending rows, in id order (issue 13 item 1)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02

The sender's pass asks for the oldest due pending rows (`ORDER BY id LIMIT` a batch). With
60,000 sent rows before the pending ones, PostgreSQL's planner could walk the primary key
through all of them; this index holds only the pending rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_index(
        "ix_outboxmessage_pending",
        "outboxmessage",
        ["id"],
        postgresql_where=PENDING,
        sqlite_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("ix_outboxmessage_pending", table_name="outboxmessage")
