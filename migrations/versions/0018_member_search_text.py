"""member.search_text: the directory's search in SQL (issue 13 item 1)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02

The directory's search read every member's name and institution into Python for each
search; at 60,000 members it filters, counts and pages in SQL on a folded copy of the two,
kept by the Member mapper's events. Existing rows are folded here.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    # A copy of models.member.fold as it is at this revision: a migration must not change
    # when the application's code does.
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def upgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, full_name, institution FROM member")).all()
    if rows:
        connection.execute(
            sa.text("UPDATE member SET search_text = :folded WHERE id = :id"),
            [{"id": id_, "folded": _fold(f"{name} {inst}")} for id_, name, inst in rows],
        )


def downgrade() -> None:
    with op.batch_alter_table("member") as batch:
        batch.drop_column("search_text")
