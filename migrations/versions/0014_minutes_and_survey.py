"""forum_minutes, survey_run, survey_response: the notulen and the satisfaction survey

Issue 11, items 4 and 7. One notulen per forum (written in the bot's form or uploaded as a
document); one survey run per forum (the survey goes once, also across restarts); one
response per forum and member, whose member is never shown in a report.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

Written beside 0013, 0015 and 0016 and chained after them at the merge, so the migrations keep
one head: 0012, 0015, 0016, 0013, 0014.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from models.base import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forum_minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("opening", sa.Text(), nullable=False),
        sa.Column("points", sa.JSON(), nullable=True),
        sa.Column("conclusions", sa.Text(), nullable=False),
        sa.Column("follow_ups", sa.JSON(), nullable=True),
        sa.Column("notetaker_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "notetaker_position", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("notetaker_nip", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("file_id", sa.String(length=200), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("file_bytes", sa.LargeBinary(), nullable=True),
        sa.Column("written_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.ForeignKeyConstraint(["written_by"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum_id"),
    )
    op.create_table(
        "survey_run",
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("ran_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.PrimaryKeyConstraint("forum_id"),
    )
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.Column("usefulness", sa.Integer(), nullable=True),
        sa.Column("service", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("commented_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["forum_id"], ["forum.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["pillar_id"], ["pillar.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum_id", "member_id"),
    )
    op.create_index("ix_survey_response_forum_id", "survey_response", ["forum_id"])


def downgrade() -> None:
    op.drop_index("ix_survey_response_forum_id", table_name="survey_response")
    op.drop_table("survey_response")
    op.drop_table("survey_run")
    op.drop_table("forum_minutes")
