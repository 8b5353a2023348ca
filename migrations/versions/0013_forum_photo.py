"""forum_photo: a forum's photo documentation, stored whole (issue 11, item 5)

Revision ID: 0013
Revises: 0016
Create Date: 2026-12-02

A new table; forums stored before this revision have no photos.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from models.base import UTCDateTime

revision = "0013"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forum_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=200), nullable=False),
        sa.Column("file_unique_id", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("caption", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_by_user_id", sa.BigInteger(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum_id", "file_unique_id", name="uq_forum_photo_file_unique_id"),
        sa.UniqueConstraint("forum_id", "sha256", name="uq_forum_photo_sha256"),
    )
    op.create_index("ix_forum_photo_forum_id", "forum_photo", ["forum_id"])


def downgrade() -> None:
    op.drop_index("ix_forum_photo_forum_id", table_name="forum_photo")
    op.drop_table("forum_photo")
