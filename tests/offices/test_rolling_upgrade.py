"""A rolling upgrade: an office whose schema a newer worker already migrated is left to
the newer workers. That is expected while the upgrade runs, so it is a warning, not an
error (an alert on ERROR lines would page the operator for every upgrade)."""

from __future__ import annotations

from pathlib import Path

from tests.offices.conftest import province, unexpected_errors
from tests.offices.test_locks import logged
from tests.postgres import connect


async def test_an_office_a_newer_worker_migrated_is_left_alone_with_a_warning(
    province_url: str, tmp_path: Path
) -> None:
    async with province(province_url, tmp_path, ["kota-mojokerto"]) as state:
        admin = await connect(province_url)
        try:
            await admin.execute(
                "CREATE SCHEMA office_kota_mojokerto;"
                "CREATE TABLE office_kota_mojokerto.alembic_version (version_num varchar(32));"
                "INSERT INTO office_kota_mojokerto.alembic_version VALUES ('9999_newer')"
            )
        finally:
            await admin.close()
        worker = await state.start_worker()
        await logged(worker, "newer than this worker", within=30)
        text = worker.log()
        assert " WARNING bot.offices.worker: office kota-mojokerto cannot start" in text, text
        assert unexpected_errors(text) == [], text
