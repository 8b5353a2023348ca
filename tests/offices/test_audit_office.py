"""`main.py audit verify --office <slug>`: one office's audit chain on a worker's database."""

from __future__ import annotations

import asyncio

from bot.db import create_session_maker
from bot.offices import schemas
from bot.offices.registry import schema_of
from bot.services import audit
from tests.offices.conftest import office_engine
from tests.unit.test_audit import verify_command


async def test_audit_verify_reads_the_offices_schema_and_no_other(province_url: str) -> None:
    shared = schemas.shared_engine(province_url, pool_size=2)
    try:
        for slug in ("kota-mojokerto", "kab-mojokerto"):
            engine = office_engine(shared, slug)
            await schemas.upgrade(province_url, engine, schema_of(slug))
        sessions = create_session_maker(office_engine(shared, "kota-mojokerto"))
        for target in ("forum:1", "forum:2"):
            async with sessions() as session:
                await audit.record(session, actor_user_id=7, action="forum.create", target=target)
                await session.commit()
    finally:
        await shared.dispose()

    city = await asyncio.to_thread(verify_command, province_url, "--office", "kota-mojokerto")
    assert (city.returncode, city.stdout, city.stderr) == (
        0,
        "audit log intact: 2 entries\n",
        "",
    )
    regency = await asyncio.to_thread(verify_command, province_url, "--office", "kab-mojokerto")
    assert (regency.returncode, regency.stdout.strip()) == (0, "audit log intact: 0 entries")
    unknown = await asyncio.to_thread(verify_command, province_url, "--office", "kab-nowhere")
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr.splitlines() == [
        "sinergi: no audit log in schema office_kab_nowhere of this database"
    ]
