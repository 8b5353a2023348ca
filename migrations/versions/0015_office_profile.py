"""office_profile and office_signatory: the letterhead and who signs each paper

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-02

The SPJ papers (surat undangan, Daftar Hadir, notulen) carry the office's kop and a
signature block. The profile row is written at the first start from the settings
(`OFFICE_*`), and edited by admins in the bot afterwards.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_profile",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("website", sa.String(length=120), nullable=False),
        sa.Column("city", sa.String(length=60), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_file_id", sa.String(length=200), nullable=True),
        sa.Column("letter_pattern", sa.String(length=120), nullable=False),
        sa.Column("letter_counter", sa.Integer(), nullable=False),
        sa.Column("letter_year", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "office_signatory",
        sa.Column("kind", sa.String(length=20), primary_key=True),
        sa.Column("position", sa.String(length=150), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("nip", sa.String(length=30), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("office_signatory")
    op.drop_table("office_profile")
