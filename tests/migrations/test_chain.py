"""Alembic migrations on the configured backend (SQLite, or PostgreSQL with TEST_DATABASE_URL).

An empty database and a database at the previous revision both upgrade to head, the data
survives, downgrades work, and the models match the migrated schema (no autogenerate drift).
"""

from __future__ import annotations

import asyncio
import logging

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, select

import models  # noqa: F401  (registers every table on SQLModel.metadata)
from bot import db
from bot.db import create_session_maker
from bot.services import audit
from models import AuditEntry, Member, OutboxMessage, Pillar
from tests.migrations.steps import (
    MOMENT,
    columns,
    current_revision,
    downgrade,
    head,
    insert_rows_with_sql,
    inspect,
    outbox_indexes,
    upgrade,
)

PREVIOUS = "0001"
NEW_INDEX = "ix_outboxmessage_status_next_attempt_at"


async def test_empty_database_upgrades_to_head(config: Config, engine: AsyncEngine):
    await upgrade(config, "head")

    assert await current_revision(engine) == head()
    tables = set(await inspect(engine, lambda i: i.get_table_names()))
    assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}
    async with create_session_maker(engine)() as session:
        pillars = (await session.exec(select(Pillar).order_by(Pillar.sort_order))).all()
    assert [p.code for p in pillars[:5]] == ["KPU", "KEJAKSAAN", "POLRI", "TNI", "BAWASLU"]
    assert len(pillars) == 11
    assert {p.code for p in pillars if p.is_core} == {"KEJAKSAAN", "POLRI", "TNI", "BAWASLU"}


async def test_the_start_knows_the_newest_revision(
    empty_database_url: str, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
):
    """`db.upgrade` (the start's) skips Alembic on a database at HEAD_REVISION: a new
    migration must move HEAD_REVISION, or a start would not apply it."""
    assert head() == db.HEAD_REVISION
    assert await db.revision_of(engine) is None  # no version table yet
    caplog.set_level(logging.INFO, logger="bot.db")
    await db.upgrade(engine, empty_database_url)
    migrated = [r.getMessage() for r in caplog.records if "migrated to revision" in r.getMessage()]
    assert len(migrated) == int(head())
    assert await db.revision_of(engine) == head()
    caplog.clear()
    await db.upgrade(engine, empty_database_url)
    assert [r for r in caplog.records if "migrated" in r.getMessage()] == []


async def test_database_at_the_previous_revision_upgrades_and_keeps_its_data(
    config: Config, engine: AsyncEngine
):
    await upgrade(config, PREVIOUS)
    assert "unreachable_reason" not in await columns(engine, "member")
    await insert_rows_with_sql(engine)

    await upgrade(config, "head")

    assert await current_revision(engine) == head()
    assert "unreachable_reason" in await columns(engine, "member")
    assert (await outbox_indexes(engine))[NEW_INDEX] == ["status", "next_attempt_at"]
    async with create_session_maker(engine)() as session:
        member = (
            await session.exec(select(Member).where(Member.telegram_user_id == 7000000001))
        ).one()
        outbox = (await session.exec(select(OutboxMessage))).one()
        assert member.full_name == "Hendra Kurniawan"
        assert member.created_at == MOMENT
        assert member.is_reachable is True and member.is_admin is False
        assert member.unreachable_reason is None
        assert outbox.member_id == member.id and outbox.forum_id is not None
        assert outbox.next_attempt_at == MOMENT
        assert outbox.reply_markup == {"inline_keyboard": []}
        # The new column is usable, and the ids keep counting after the migrated rows.
        member.unreachable_reason = "Forbidden: bot was blocked by the user"
        session.add(
            Member(
                telegram_user_id=7000000002,
                chat_id=7000000002,
                full_name="Eko Budi Setiawan",
                pillar_id=member.pillar_id,
                institution="Kodim 0815/Mojokerto",
                position="Dandim",
            )
        )
        await session.commit()
    async with create_session_maker(engine)() as session:
        reasons = (await session.exec(select(Member.unreachable_reason).order_by(Member.id))).all()
    assert reasons == ["Forbidden: bot was blocked by the user", None]


async def test_downgrade_to_the_previous_revision_and_upgrade_again(
    config: Config, engine: AsyncEngine
):
    await upgrade(config, PREVIOUS)
    await insert_rows_with_sql(engine)
    await upgrade(config, "head")

    await downgrade(config, PREVIOUS)

    assert await current_revision(engine) == PREVIOUS
    assert "unreachable_reason" not in await columns(engine, "member")
    assert NEW_INDEX not in await outbox_indexes(engine)
    async with engine.connect() as connection:
        counts = [
            (await connection.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one()
            for table in ("member", "forum", "outboxmessage")
        ]
    assert counts == [1, 1, 1]

    await upgrade(config, "head")

    assert await current_revision(engine) == head()
    assert "unreachable_reason" in await columns(engine, "member")
    assert NEW_INDEX in await outbox_indexes(engine)
    async with create_session_maker(engine)() as session:
        outbox = (await session.exec(select(OutboxMessage))).one()
    assert outbox.created_at == MOMENT


async def test_downgrade_to_an_empty_database(config: Config, engine: AsyncEngine):
    await upgrade(config, "head")
    await downgrade(config, "base")

    assert set(await inspect(engine, lambda i: i.get_table_names())) <= {"alembic_version"}
    await upgrade(config, "head")
    assert await current_revision(engine) == head()


async def test_models_match_the_migrated_schema(config: Config, engine: AsyncEngine):
    await upgrade(config, "head")

    async with engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata)
        )
    assert differences == []
    # The same check as `alembic check`, through env.py (raises if autogenerate sees drift).
    await asyncio.to_thread(command.check, config)


async def test_existing_audit_entries_are_chained_by_the_migration(
    config: Config, engine: AsyncEngine
):
    await upgrade(config, "0004")
    async with engine.begin() as connection:
        for number, action in enumerate(["forum.create", "member.approve", "forum.cancel"]):
            await connection.execute(
                sa.text(
                    "INSERT INTO auditentry (actor_user_id, action, target, detail, at) "
                    "VALUES (:actor, :action, :target, :detail, :at)"
                ),
                {
                    "actor": 111,
                    "action": action,
                    "target": f"forum:{number}",
                    "detail": '{"why": "Rapat ditunda"}' if number == 2 else "{}",
                    "at": MOMENT.replace(tzinfo=None)
                    if engine.dialect.name == "sqlite"
                    else MOMENT,
                },
            )

    await upgrade(config, "head")

    async with create_session_maker(engine)() as session:
        verdict = await audit.verify(session)
        entries = (await session.exec(select(AuditEntry).order_by(AuditEntry.seq))).all()
        assert verdict.intact and verdict.count == 3
        assert [e.seq for e in entries] == [1, 2, 3]
        assert entries[0].prev_hash == audit.GENESIS
        assert entries[2].detail == {"why": "Rapat ditunda"}
        await audit.record(session, actor_user_id=111, action="forum.create", target="forum:9")
        await session.commit()
        verdict = await audit.verify(session)
    assert verdict.intact and verdict.count == 4


async def test_seeded_pillars_get_the_names_users_read_and_admin_names_stay(
    config: Config, engine: AsyncEngine
):
    """0007: the seeded long names become the office's short ones (Polri, Bawaslu...), a
    name someone already changed is left alone, every pillar is shown; downgrading gives
    the seeded names back."""
    await upgrade(config, "0005")
    async with engine.begin() as connection:
        await connection.execute(
            sa.text("UPDATE pillar SET name = 'Polres Mojokerto Kota' WHERE code = 'POLRI'")
        )

    await upgrade(config, "0007")

    async with create_session_maker(engine)() as session:
        rows = (await session.exec(select(Pillar).order_by(Pillar.sort_order))).all()
    assert [p.name for p in rows] == [
        "KPU",
        "Kejaksaan",
        "Polres Mojokerto Kota",
        "TNI",
        "Bawaslu",
        "Pemda",
        "Forkopimda",
        "PPK",
        "PPS",
        "Panwascam",
        "PKD",
    ]
    assert not any(p.is_hidden for p in rows)

    await downgrade(config, "0005")

    async with engine.connect() as connection:
        rows = (await connection.execute(sa.text("SELECT code, name FROM pillar"))).all()
        names = {code: name for code, name in rows}
        columns = await connection.run_sync(
            lambda sync: {c["name"] for c in sa.inspect(sync).get_columns("pillar")}
        )
    assert names["BAWASLU"] == "Badan Pengawas Pemilihan Umum"
    assert names["POLRI"] == "Polres Mojokerto Kota"
    assert "is_hidden" not in columns
