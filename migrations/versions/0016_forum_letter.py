"""forum letter columns: the surat undangan's Nomor, Sifat, Perihal and its uploaded file

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

A forum's invitation letter (issue 11, item 2) keeps the number it was given when first
made (so a regenerated letter keeps it), the nature and subject the admin may change, the
date it is dated, and the Telegram `file_id` of its last upload with a digest of what it
showed, so an unchanged letter is sent by `file_id` and a changed one is uploaded again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

COLUMNS = (
    ("letter_number", sa.String(length=120)),
    ("letter_nature", sa.String(length=60)),
    ("letter_subject", sa.String(length=200)),
    ("letter_date", sa.DateTime(timezone=True)),
    ("letter_file_id", sa.String(length=200)),
    ("letter_digest", sa.String(length=64)),
)


def upgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("forum") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
