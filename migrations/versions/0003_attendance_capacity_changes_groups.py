"""attendance, capacity and waitlist, forum changes, coordination groups (issue 3)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordinationgroup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id"),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("delegate_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("marked_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum_id", "member_id"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_member_id"), ["member_id"], unique=False)

    op.create_table(
        "grouppost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("posted_by", sa.Integer(), nullable=False),
        sa.Column("posted_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["coordinationgroup.id"]),
        sa.ForeignKeyConstraint(["outbox_id"], ["outboxmessage.id"]),
        sa.ForeignKeyConstraint(["posted_by"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum_id", "group_id"),
    )
    with op.batch_alter_table("grouppost", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grouppost_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_grouppost_group_id"), ["group_id"], unique=False)

    # All nullable: existing forums get no capacity, no token yet, no cancellation.
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("checkin_token", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("cancelled_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("updated_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_forum_checkin_token"), ["checkin_token"], unique=True)

    with op.batch_alter_table("rsvp", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("waitlisted_at", models.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("rsvp", schema=None) as batch_op:
        batch_op.drop_column("waitlisted_at")

    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_checkin_token"))
        batch_op.drop_column("updated_at")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("checkin_token")
        batch_op.drop_column("capacity")

    with op.batch_alter_table("grouppost", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grouppost_group_id"))
        batch_op.drop_index(batch_op.f("ix_grouppost_forum_id"))
    op.drop_table("grouppost")

    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_member_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_forum_id"))
    op.drop_table("attendance")
    op.drop_table("coordinationgroup")
