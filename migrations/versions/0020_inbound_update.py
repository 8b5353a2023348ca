"""inboundupdate: webhook updates waiting for the worker that holds the office (issue 13)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

A multi-office worker (`main.py worker`) stores each update Telegram POSTs to
`/telegram/<office>` before it answers 200; the worker holding that office's bot takes
them out in update order. Empty, and never written, for a single office.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inboundupdate",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )


def downgrade() -> None:
    op.drop_table("inboundupdate")
