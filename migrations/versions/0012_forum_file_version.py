"""forum.file_version: how many times a published forum's attachment changed

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-12

The count names the notices of each change (`file-update:<forum>:<version>:<member>`), so a
second replacement is sent again while a restart never repeats one. Forums stored before
this revision start at 0 (their attachment never changed after publishing).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        batch.add_column(
            sa.Column("file_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        batch.drop_column("file_version")
