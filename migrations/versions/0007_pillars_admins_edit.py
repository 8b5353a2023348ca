"""pillar.is_hidden; the seeded pillars' names as users read them (issue 10, item 3)

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-02

The first migration seeded official long names ("Kepolisian Negara Republik Indonesia");
users read the names the office writes (Polri, Bawaslu, Pemda...). A name an admin has
changed since is left alone: only a row still holding its seeded name is renamed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0010"
branch_labels = None
depends_on = None

# code -> (seeded name, name as users read it)
NAMES = {
    "KPU": ("Komisi Pemilihan Umum", "KPU"),
    "KEJAKSAAN": ("Kejaksaan Negeri", "Kejaksaan"),
    "POLRI": ("Kepolisian Negara Republik Indonesia", "Polri"),
    "TNI": ("Tentara Nasional Indonesia", "TNI"),
    "BAWASLU": ("Badan Pengawas Pemilihan Umum", "Bawaslu"),
    "PEMDA": ("Pemerintah Daerah", "Pemda"),
    "FORKOPIMDA": ("Forum Koordinasi Pimpinan Daerah", "Forkopimda"),
    "PPK": ("Panitia Pemilihan Kecamatan", "PPK"),
    "PPS": ("Panitia Pemungutan Suara", "PPS"),
    "PANWASCAM": ("Panitia Pengawas Pemilu Kecamatan", "Panwascam"),
    "PKD": ("Pengawas Kelurahan/Desa", "PKD"),
}

_pillar = sa.table("pillar", sa.column("code", sa.String), sa.column("name", sa.String))


def _rename(old_index: int, new_index: int) -> None:
    for code, names in NAMES.items():
        op.execute(
            _pillar.update()
            .where(_pillar.c.code == code, _pillar.c.name == names[old_index])
            .values(name=names[new_index])
        )


def upgrade() -> None:
    with op.batch_alter_table("pillar") as batch:
        batch.add_column(
            sa.Column("is_hidden", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    _rename(0, 1)


def downgrade() -> None:
    _rename(1, 0)
    with op.batch_alter_table("pillar") as batch:
        batch.drop_column("is_hidden")
