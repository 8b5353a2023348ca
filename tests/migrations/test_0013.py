"""Migration 0013: the forum_photo table, on the configured backend."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from alembic.config import Config
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from models.base import UTCDateTime
from tests.migrations.steps import MOMENT, downgrade, insert_rows_with_sql, inspect, upgrade

BEFORE = "0016"
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4  # binary, with every byte value

INSERT = sa.text(
    """
    INSERT INTO forum_photo (forum_id, file_id, file_unique_id, sha256, caption, data, width,
                             height, position, added_by_user_id, added_at)
    SELECT id, :file_id, :unique, :sha, 'Pembukaan oleh Ketua KPU', :data, 1280, 960, 1,
           7000000001, :at
    FROM forum
    """
).bindparams(sa.bindparam("data", type_=sa.LargeBinary()), sa.bindparam("at", type_=UTCDateTime()))


async def test_photos_keep_their_bytes_and_a_photo_twice_is_refused(
    config: Config, engine: AsyncEngine
):
    await upgrade(config, BEFORE)
    await insert_rows_with_sql(engine)
    assert "forum_photo" not in await inspect(engine, lambda i: i.get_table_names())

    await upgrade(config, "0013")

    values = {"file_id": "AgAD-1", "unique": "AQAD-1", "data": JPEG, "at": MOMENT}
    sha = hashlib.sha256(JPEG).hexdigest()
    async with engine.begin() as connection:
        await connection.execute(INSERT, {**values, "sha": sha})
        data, at = (
            await connection.execute(
                sa.text("SELECT data, added_at FROM forum_photo").columns(
                    sa.column("data", sa.LargeBinary()), sa.column("added_at", UTCDateTime())
                )
            )
        ).one()
    assert bytes(data) == JPEG and at == MOMENT
    for twice in ({**values, "sha": "other"}, {**values, "unique": "AQAD-2", "sha": sha}):
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(INSERT, twice)

    await downgrade(config, BEFORE)

    assert "forum_photo" not in await inspect(engine, lambda i: i.get_table_names())
    async with engine.connect() as connection:
        title = (await connection.execute(sa.text("SELECT title FROM forum"))).scalar_one()
    assert title == "Rapat Koordinasi"
    await upgrade(config, "head")
