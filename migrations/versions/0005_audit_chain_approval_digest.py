"""auditentry hash chain; approvaldigest (issue 9)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Existing audit entries are chained in id order with the recipe of
`bot.services.audit` (copied here, so that a later change of the code cannot change
what this migration wrote).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _hash(row: dict[str, Any], seq: int, prev_hash: str) -> str:
    at: datetime = row["at"]
    content = {
        "seq": seq,
        "actor_user_id": row["actor_user_id"],
        "action": row["action"],
        "target": row["target"],
        "detail": row["detail"] or {},
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("auditentry") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch.add_column(
            sa.Column("entry_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    entries = sa.table(
        "auditentry",
        sa.column("id", sa.Integer()),
        sa.column("actor_user_id", sa.BigInteger()),
        sa.column("action", sa.String()),
        sa.column("target", sa.String()),
        sa.column("detail", sa.JSON()),
        sa.column("at", models.base.UTCDateTime(timezone=True)),
        sa.column("seq", sa.Integer()),
        sa.column("prev_hash", sa.String()),
        sa.column("entry_hash", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(entries).order_by(entries.c.id)).mappings().all()
    prev = GENESIS
    for seq, row in enumerate(rows, 1):
        digest = _hash(dict(row), seq, prev)
        connection.execute(
            entries.update()
            .where(entries.c.id == row["id"])
            .values(seq=seq, prev_hash=prev, entry_hash=digest, detail=row["detail"] or {})
        )
        prev = digest
    with op.batch_alter_table("auditentry") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column(
            "prev_hash", existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        )
        batch.alter_column(
            "entry_hash", existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        )
        batch.create_unique_constraint("uq_auditentry_seq", ["seq"])
        batch.create_unique_constraint("uq_auditentry_prev_hash", ["prev_hash"])
    op.create_table(
        "approvaldigest",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["outbox_id"], ["outboxmessage.id"]),
        sa.PrimaryKeyConstraint("chat_id"),
    )


def downgrade() -> None:
    op.drop_table("approvaldigest")
    with op.batch_alter_table("auditentry") as batch:
        batch.drop_constraint("uq_auditentry_prev_hash", type_="unique")
        batch.drop_constraint("uq_auditentry_seq", type_="unique")
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
