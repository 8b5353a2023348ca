"""Offices on one database never see each other's data; a reminder goes out exactly once
across a takeover (issue 13 items 3 and 4)."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import create_session_maker, migrate
from bot.offices import schemas
from bot.services import audit
from models import AuditEntry, Forum, Member, OutboxMessage, OutboxStatus
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests import factories
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES
from tests.offices.conftest import office_engine, province, unexpected_errors
from tests.offices.test_takeover import all_answer

MEMBERS = [4001, 4002, 4003]


async def members_of(shared: object, slug: str) -> list[Member]:
    sessions = create_session_maker(office_engine(shared, slug))  # type: ignore[arg-type]
    async with sessions() as session:
        return list((await session.exec(select(Member))).all())


async def test_one_office_never_sees_another_offices_members(
    province_url: str, tmp_path: Path
) -> None:
    async with province(province_url, tmp_path, ["kota-mojokerto", "kab-jombang"]) as state:
        worker = await state.start_worker()
        await state.wait_for_holders(lambda held: len(held) == 2, 60)
        # A lock held is an office starting; it serves once it answers (slower when loaded).
        await all_answer(state, 3999, 30)
        mojokerto = state.sandboxes["kota-mojokerto"]
        jombang = state.sandboxes["kab-jombang"]
        await do.register(mojokerto.user(ADMIN_ID, "Ratna"), PROFILES["KPU"])
        await do.register(mojokerto.user(2001, "Bambang"), PROFILES["KEJAKSAAN"])
        jombang_admin = jombang.user(ADMIN_ID, "Ratna")
        await do.register(jombang_admin, PROFILES["KPU"])
        # Each admin's directory counts and finds only the office's own members.
        await jombang_admin.send("/anggota")
        assert "(1 orang)" in ((await jombang_admin.next_message(timeout=10)).text or "")
        await jombang_admin.send("/anggota Bambang")
        found = (await jombang_admin.next_message(timeout=10)).text or ""
        assert "Bambang" in found and "Kejaksaan" not in found  # the query echoed, no result
        mojokerto_admin = mojokerto.user(ADMIN_ID, "Ratna")
        await mojokerto_admin.send("/anggota Bambang")
        found = (await mojokerto_admin.next_message(timeout=10)).text or ""
        assert "Kejaksaan Negeri Kota Mojokerto" in found

        shared = schemas.shared_engine(province_url, pool_size=2)
        try:
            in_mojokerto = {m.full_name for m in await members_of(shared, "kota-mojokerto")}
            in_jombang = {m.full_name for m in await members_of(shared, "kab-jombang")}
            assert in_mojokerto == {PROFILES["KPU"].full_name, PROFILES["KEJAKSAAN"].full_name}
            assert in_jombang == {PROFILES["KPU"].full_name}
            # SQL that names a table without an office's schema reaches no office at all.
            async with shared.connect() as connection:
                with pytest.raises(ProgrammingError, match="does not exist"):
                    await connection.execute(text("SELECT count(*) FROM member"))
        finally:
            await shared.dispose()
        assert unexpected_errors(worker.log()) == [], worker.log()


async def seed_forum(url: str, slug: str, *, due_in: tuple[int, int]) -> datetime:
    """An admin, three members and a forum in five minutes whose two reminders fall
    `due_in` seconds from now; the schema is migrated first, as a worker would."""
    schema = "office_" + slug.replace("-", "_")
    await migrate(url, schema)
    shared = schemas.shared_engine(url, pool_size=2)
    try:
        async with AsyncSession(schemas.office_engine(shared, schema)) as session:
            admin = await factories.admin(session, telegram_user_id=ADMIN_ID)
            for user_id in MEMBERS:
                await factories.member(session, pillar_code="POLRI", telegram_user_id=user_id)
            starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
            forum = await factories.forum(
                session, by=admin, pillar_codes=["POLRI"], at=starts - timedelta(days=3)
            )
            until = (starts - datetime.now(UTC)).total_seconds()
            forum.reminder_offsets = [int(until - due) for due in due_in]
            session.add(forum)
            await session.commit()
            await session.refresh(forum)
            assert (await session.exec(select(Forum))).one().starts_at == starts
    finally:
        await shared.dispose()
    return starts


async def settled(url: str, slug: str) -> None:
    """Wait until the office's outbox has nothing pending or being sent."""
    shared = schemas.shared_engine(url, pool_size=1)
    waiting = col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
    try:
        async with asyncio.timeout(20):
            while True:
                async with AsyncSession(office_engine(shared, slug)) as session:
                    if not (await session.exec(select(OutboxMessage).where(waiting))).first():
                        return
                await asyncio.sleep(0.1)
    finally:
        await shared.dispose()


def reminders_per_member(sandbox: BotApiSandbox) -> Counter[int]:
    return Counter(
        {
            user_id: sum(
                1
                for message in sandbox.messages(user_id)
                if message.from_bot and "Pengingat" in (message.text or "")
            )
            for user_id in MEMBERS
        }
    )


async def test_a_reminder_goes_out_once_across_a_takeover(
    province_url: str, tmp_path: Path
) -> None:
    slugs = ["kota-mojokerto", "kab-jombang"]
    async with province(province_url, tmp_path, slugs) as state:
        await seed_forum(province_url, "kota-mojokerto", due_in=(12, 26))
        sandbox = state.sandboxes["kota-mojokerto"]
        users = [sandbox.user(user_id, f"Anggota{user_id}") for user_id in MEMBERS]
        for user in users:
            await user.send("/bantuan")  # the chat is open before the bot writes
        first = await state.start_worker()
        second = await state.start_worker()
        holders = await state.wait_for_holders(
            lambda held: len(held) == 2 and len(set(held.values())) == 2, 60
        )
        holder = first if holders["kota-mojokerto"] == first.pid else second
        other = second if holder is first else first

        await sandbox.wait_until(
            lambda: min(reminders_per_member(sandbox).values()) == 1 or None,
            40,
            lambda: f"the first reminder did not reach everyone: {reminders_per_member(sandbox)}",
        )
        # Killed once the first reminder is recorded as sent: a message in flight at the
        # kill may go twice (the outbox's promise), one recorded as sent never does.
        await settled(province_url, "kota-mojokerto")
        holder.process.send_signal(signal.SIGKILL)
        await holder.process.wait()
        await state.wait_for_holders(lambda held: held.get("kota-mojokerto") == other.pid, 30)
        await sandbox.wait_until(
            lambda: min(reminders_per_member(sandbox).values()) == 2 or None,
            40,
            lambda: f"the second reminder did not reach everyone: {reminders_per_member(sandbox)}",
        )
        await asyncio.sleep(3)  # anything repeated would have come by now
        assert reminders_per_member(sandbox) == dict.fromkeys(MEMBERS, 2)
        assert unexpected_errors(other.log()) == [], other.log()


async def test_each_office_keeps_its_own_audit_chain_and_never_waits_for_anothers(
    province_url: str,
) -> None:
    for slug in ("kota-mojokerto", "kab-jombang"):
        await migrate(province_url, "office_" + slug.replace("-", "_"))
    shared = schemas.shared_engine(province_url, pool_size=2)
    try:
        async with (
            AsyncSession(office_engine(shared, "kota-mojokerto")) as mojokerto,
            AsyncSession(office_engine(shared, "kab-jombang")) as jombang,
        ):
            await audit.record(mojokerto, actor_user_id=ADMIN_ID, action="member.approve")
            # Mojokerto's transaction still holds its chain's lock: Jombang's entry is
            # written at once, not after it.
            async with asyncio.timeout(5):
                await audit.record(jombang, actor_user_id=ADMIN_ID, action="member.reject")
                await jombang.commit()
            await mojokerto.commit()
            for session, action in ((mojokerto, "member.approve"), (jombang, "member.reject")):
                entries = (await session.exec(select(AuditEntry))).all()
                assert [(e.seq, e.action) for e in entries] == [(1, action)]
                assert (await audit.verify(session)).intact
    finally:
        await shared.dispose()
