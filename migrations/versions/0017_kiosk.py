"""kiosk: the desk screen's rotating check-in code (issue 12 item 5)

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-02

forum.kiosk_secret (the HMAC key of the rotating codes, made on first need) and
forum.static_checkin (whether the printed code is accepted); forums stored before this
revision keep their printed code working (true). kiosk_ticket holds the one-time links that
open a desk screen, kiosk_session the browser sessions that redeemed them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        batch.add_column(sa.Column("kiosk_secret", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("static_checkin", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "kiosk_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_kiosk_ticket_forum_id", "kiosk_ticket", ["forum_id"])
    op.create_table(
        "kiosk_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.ForeignKeyConstraint(["ticket_id"], ["kiosk_ticket.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_hash"),
    )
    op.create_index("ix_kiosk_session_forum_id", "kiosk_session", ["forum_id"])


def downgrade() -> None:
    op.drop_index("ix_kiosk_session_forum_id", table_name="kiosk_session")
    op.drop_table("kiosk_session")
    op.drop_index("ix_kiosk_ticket_forum_id", table_name="kiosk_ticket")
    op.drop_table("kiosk_ticket")
    with op.batch_alter_table("forum") as batch:
        batch.drop_column("static_checkin")
        batch.drop_column("kiosk_secret")
