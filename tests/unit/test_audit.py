"""The audit log's hash chain (issue 9, finding 13): an edited or deleted row is detected."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from bot.db import SessionMaker
from bot.services import audit
from models import AuditEntry

ROOT = Path(__file__).resolve().parent.parent.parent


async def three_entries(sessions: SessionMaker) -> None:
    async with sessions() as session:
        await audit.record(session, actor_user_id=1, action="forum.create", target="forum:1")
        await audit.record(session, actor_user_id=1, action="member.approve", target="member:2")
        await session.commit()
    async with sessions() as session:
        await audit.record(
            session, actor_user_id=2, action="forum.cancel", target="forum:1", reason="Hujan 🌧"
        )
        await session.commit()


async def sql(sessions: SessionMaker, statement: str) -> None:
    async with sessions() as session:
        connection = await session.connection()
        await connection.execute(sa.text(statement))  # what someone with database access does
        await session.commit()


async def verdict(sessions: SessionMaker) -> audit.Verdict:
    async with sessions() as session:
        return await audit.verify(session)


async def test_an_untouched_chain_is_intact(sessions: SessionMaker) -> None:
    await three_entries(sessions)
    result = await verdict(sessions)
    assert result.intact and result.count == 3
    async with sessions() as session:
        entries = (await session.exec(select(AuditEntry).order_by(AuditEntry.seq))).all()
    assert entries[0].prev_hash == audit.GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert all(audit.hash_of(e) == e.entry_hash for e in entries)


async def test_an_edited_entry_is_named(sessions: SessionMaker) -> None:
    await three_entries(sessions)
    await sql(sessions, "UPDATE auditentry SET target = 'forum:9' WHERE seq = 2")
    result = await verdict(sessions)
    assert (result.broken, result.reason) == (2, "its content does not match its hash")


async def test_a_deleted_entry_is_named(sessions: SessionMaker) -> None:
    await three_entries(sessions)
    await sql(sessions, "DELETE FROM auditentry WHERE seq = 2")
    result = await verdict(sessions)
    assert (result.broken, result.reason) == (2, "entry 2 is missing")


async def test_a_deleted_and_renumbered_entry_is_named(sessions: SessionMaker) -> None:
    await three_entries(sessions)
    await sql(sessions, "DELETE FROM auditentry WHERE seq = 2")
    await sql(sessions, "UPDATE auditentry SET seq = 2 WHERE seq = 3")
    result = await verdict(sessions)
    assert (result.broken, result.reason) == (2, "its previous hash does not match")


async def test_concurrent_writers_do_not_fork_the_chain(sessions: SessionMaker) -> None:
    async def write(number: int) -> None:
        async with sessions() as session:
            await audit.record(session, actor_user_id=number, action="forum.create")
            await asyncio.sleep(0.01)  # hold the transaction open while others try
            await session.commit()

    await asyncio.gather(*(write(n) for n in range(8)))
    result = await verdict(sessions)
    assert result.intact and result.count == 8


def verify_command(database_url: str, *options: str) -> subprocess.CompletedProcess[str]:
    """`main.py audit verify [options]` on `database_url`, in a process of its own."""
    return subprocess.run(
        [sys.executable, "main.py", "audit", "verify", *options],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_main_audit_verify(sessions: SessionMaker, database_url: str) -> None:
    await three_entries(sessions)
    intact = await asyncio.to_thread(verify_command, database_url)
    assert (intact.returncode, intact.stdout.strip()) == (0, "audit log intact: 3 entries")

    await sql(sessions, "UPDATE auditentry SET detail = '{}' WHERE seq = 3")
    broken = await asyncio.to_thread(verify_command, database_url)
    assert broken.returncode == 1
    assert broken.stdout.splitlines() == [
        "audit log broken at entry 3: its content does not match its hash "
        "(2 entries before it check out)"
    ]

    await sql(sessions, "DELETE FROM auditentry WHERE seq = 1")
    deleted = await asyncio.to_thread(verify_command, database_url)
    assert deleted.returncode == 1 and "broken at entry 1: entry 1 is missing" in deleted.stdout


async def test_main_audit_verify_without_a_log_says_so_and_exits_2(tmp_path: Path) -> None:
    # Exit 1 is a broken chain: a database without the table must not read as tampered.
    empty = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    result = await asyncio.to_thread(verify_command, empty)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "sinergi: no audit log in this database; a worker's office: audit verify --office <slug>"
    ]


async def test_main_audit_verify_refuses_a_bad_office_before_any_database(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'never.db'}"
    forged = await asyncio.to_thread(verify_command, url, "--office", 'x"; DROP SCHEMA public')
    assert (forged.returncode, forged.stdout) == (2, "")
    assert forged.stderr.startswith("sinergi: 'x\"; DROP SCHEMA public' is no office slug")
    on_sqlite = await asyncio.to_thread(verify_command, url, "--office", "kota-mojokerto")
    assert on_sqlite.returncode == 2
    assert "--office reads a worker's database" in on_sqlite.stderr
    assert not (tmp_path / "never.db").exists()
