"""announcements 2.0: attachments, audiences, schedule and cancel, read confirmations (issue 10)

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-08

Announcements stored before this revision were queued at once: `queued_at` becomes their
`created_at`, and their audience is everyone or their pillars.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("announcement") as batch:
        batch.add_column(
            sa.Column(
                "audience",
                sa.String(length=16),
                nullable=False,
                server_default="everyone",
            )
        )
        batch.add_column(sa.Column("forum_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("file_kind", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("file_id", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
        for name in ("send_at", "queued_at", "cancelled_at"):
            batch.add_column(
                sa.Column(name, models.base.UTCDateTime(timezone=True), nullable=True)
            )
        batch.add_column(sa.Column("progress_chat_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("progress_message_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_announcement_forum_id_forum", "forum", ["forum_id"], ["id"])
    announcement = sa.table(
        "announcement",
        sa.column("id", sa.Integer()),
        sa.column("audience", sa.String()),
        sa.column("pillar_codes", sa.JSON()),
        sa.column("created_at", models.base.UTCDateTime(timezone=True)),
        sa.column("queued_at", models.base.UTCDateTime(timezone=True)),
    )
    connection = op.get_bind()
    connection.execute(announcement.update().values(queued_at=announcement.c.created_at))
    # JSON has no equality operator on PostgreSQL: the rows with pillars are found here.
    rows = connection.execute(sa.select(announcement.c.id, announcement.c.pillar_codes)).all()
    with_pillars = [row.id for row in rows if row.pillar_codes]
    if with_pillars:
        connection.execute(
            announcement.update()
            .where(announcement.c.id.in_(with_pillars))
            .values(audience="pillars")
        )
    with op.batch_alter_table("announcement") as batch:
        batch.alter_column("audience", existing_type=sa.String(length=16), server_default=None)
    with op.batch_alter_table("outboxmessage") as batch:
        batch.add_column(sa.Column("file_kind", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("file_id", sa.String(length=200), nullable=True))
    op.create_table(
        "announcementreceipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["announcement_id"], ["announcement.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("announcement_id", "member_id"),
    )
    with op.batch_alter_table("announcementreceipt") as batch:
        batch.create_index(
            batch.f("ix_announcementreceipt_announcement_id"), ["announcement_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("announcementreceipt") as batch:
        batch.drop_index(batch.f("ix_announcementreceipt_announcement_id"))
    op.drop_table("announcementreceipt")
    with op.batch_alter_table("outboxmessage") as batch:
        batch.drop_column("file_id")
        batch.drop_column("file_kind")
    with op.batch_alter_table("announcement") as batch:
        batch.drop_constraint("fk_announcement_forum_id_forum", type_="foreignkey")
        for name in (
            "progress_message_id",
            "progress_chat_id",
            "cancelled_at",
            "queued_at",
            "send_at",
            "file_name",
            "file_id",
            "file_kind",
            "forum_id",
            "audience",
        ):
            batch.drop_column(name)
