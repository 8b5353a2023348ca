"""forum: reminder offsets and note, venue pin and map link, series; outbox venue (issue 10)

Revision ID: 0008
Revises: 0009
Create Date: 2026-12-02

Forums made before keep `reminder_offsets` NULL: they go on with the configured
`REMINDER_OFFSETS`, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        batch.add_column(sa.Column("reminder_offsets", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column("reminder_note", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True)
        )
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch.add_column(
            sa.Column("map_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch.create_index("ix_forum_series_id", ["series_id"])
    with op.batch_alter_table("outboxmessage") as batch:
        batch.add_column(sa.Column("venue", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outboxmessage") as batch:
        batch.drop_column("venue")
    with op.batch_alter_table("forum") as batch:
        batch.drop_index("ix_forum_series_id")
        batch.drop_column("series_id")
        batch.drop_column("map_url")
        batch.drop_column("longitude")
        batch.drop_column("latitude")
        batch.drop_column("reminder_note")
        batch.drop_column("reminder_offsets")
