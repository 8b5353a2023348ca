"""member: a requested pillar change (/profil) waiting for an admin (issue 10)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

A deactivated member is the status value "inactive" of the existing `status` column
(a 16-character string), so it needs no schema change.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("requested_pillar_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("pillar_requested_at", models.base.UTCDateTime(), nullable=True)
        )
        batch.create_foreign_key(
            "fk_member_requested_pillar_id_pillar", "pillar", ["requested_pillar_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.drop_constraint("fk_member_requested_pillar_id_pillar", type_="foreignkey")
        batch.drop_column("pillar_requested_at")
        batch.drop_column("requested_pillar_id")
