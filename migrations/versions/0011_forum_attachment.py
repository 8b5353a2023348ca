"""forum.file_kind, file_id, file_name: an invitation's attachment (issue 10, item 5)

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-10

Forums stored before this revision have no attachment (all three None).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        batch.add_column(sa.Column("file_kind", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("file_id", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        batch.drop_column("file_name")
        batch.drop_column("file_id")
        batch.drop_column("file_kind")
