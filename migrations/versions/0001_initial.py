"""initial schema and pillars

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The pillars of SPEC section 1; the four core ones are the "empat pilar".
PILLARS = [
    ("KPU", "Komisi Pemilihan Umum", False),
    ("KEJAKSAAN", "Kejaksaan Negeri", True),
    ("POLRI", "Kepolisian Negara Republik Indonesia", True),
    ("TNI", "Tentara Nasional Indonesia", True),
    ("BAWASLU", "Badan Pengawas Pemilihan Umum", True),
    ("PEMDA", "Pemerintah Daerah", False),
    ("FORKOPIMDA", "Forum Koordinasi Pimpinan Daerah", False),
    ("PPK", "Panitia Pemilihan Kecamatan", False),
    ("PPS", "Panitia Pemungutan Suara", False),
    ("PANWASCAM", "Panitia Pengawas Pemilu Kecamatan", False),
    ("PKD", "Pengawas Kelurahan/Desa", False),
]


def upgrade() -> None:
    op.create_table(
        "auditentry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_user_id", sa.BigInteger(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.Column("at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "pillar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("is_core", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pillar", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pillar_code"), ["code"], unique=True)

    op.create_table(
        "pillarinvite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pillar_id"],
            ["pillar.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pillarinvite", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pillarinvite_token"), ["token"], unique=True)

    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("full_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.Column("institution", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("position", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("is_reachable", sa.Boolean(), nullable=False),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invite_id"],
            ["pillarinvite.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pillar_id"],
            ["pillar.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("telegram_user_id"),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_pillar_id"), ["pillar_id"], unique=False)

    op.create_table(
        "announcement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("pillar_codes", sa.JSON(), nullable=True),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reported_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "forum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("starts_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("venue", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("rsvp_deadline", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_forum_status"), ["status"], unique=False)

    op.create_table(
        "forumpillar",
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pillar_id"],
            ["pillar.id"],
        ),
        sa.PrimaryKeyConstraint("forum_id", "pillar_id"),
    )
    op.create_table(
        "outboxmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("forum_id", sa.Integer(), nullable=True),
        sa.Column("announcement_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reply_markup", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("telegram_message_id", sa.Integer(), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcement.id"],
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outboxmessage_announcement_id"), ["announcement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outboxmessage_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outboxmessage_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outboxmessage_status"), ["status"], unique=False)

    op.create_table(
        "reminderrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("offset_seconds", sa.Integer(), nullable=False),
        sa.Column("ran_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum_id", "offset_seconds"),
    )
    op.create_table(
        "rsvp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("delegate_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column(
            "delegate_position", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column("answered_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forum.id"],
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum_id", "member_id"),
    )
    with op.batch_alter_table("rsvp", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rsvp_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rsvp_member_id"), ["member_id"], unique=False)

    pillar = sa.table(
        "pillar",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("is_core", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        pillar,
        [
            {"code": code, "name": name, "is_core": core, "sort_order": order}
            for order, (code, name, core) in enumerate(PILLARS, start=1)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("rsvp", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rsvp_member_id"))
        batch_op.drop_index(batch_op.f("ix_rsvp_forum_id"))

    op.drop_table("rsvp")
    op.drop_table("reminderrun")
    with op.batch_alter_table("outboxmessage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outboxmessage_status"))
        batch_op.drop_index(batch_op.f("ix_outboxmessage_member_id"))
        batch_op.drop_index(batch_op.f("ix_outboxmessage_forum_id"))
        batch_op.drop_index(batch_op.f("ix_outboxmessage_announcement_id"))

    op.drop_table("outboxmessage")
    op.drop_table("forumpillar")
    with op.batch_alter_table("forum", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_status"))
        batch_op.drop_index(batch_op.f("ix_forum_starts_at"))

    op.drop_table("forum")
    op.drop_table("announcement")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_pillar_id"))

    op.drop_table("member")
    with op.batch_alter_table("pillarinvite", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pillarinvite_token"))

    op.drop_table("pillarinvite")
    with op.batch_alter_table("pillar", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pillar_code"))

    op.drop_table("pillar")
    op.drop_table("auditentry")
