"""Many presses at once while the reminder job writes, and a database that is slow to answer."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select

from bot import notices
from bot.services import forums, members
from bot.settings import Settings
from models import Member, Rsvp
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests import factories as f
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import JAKARTA, PROFILES
from tests.reliability.conftest import seed_members


def hold_write_lock(database_url: str, seconds: float) -> threading.Thread:
    """Another writer keeps the SQLite database locked for `seconds` (a slow database)."""
    path = make_url(database_url).database
    assert path is not None
    ready = threading.Event()

    def hold() -> None:
        # The bot may be writing (the sender records its sends): wait for it, as a writer does.
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        connection.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
        connection.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    # Without the lock the test would measure nothing: fail rather than pass by chance.
    assert ready.wait(30), "the other writer could not lock the database"
    return thread


async def test_twenty_presses_in_one_second_while_reminders_are_written(
    app, sandbox: BotApiSandbox, settings: Settings, caplog: pytest.LogCaptureFixture
):
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the slow-database part locks a SQLite file")
    admin = sandbox.user(ADMIN_ID, "Ratna")
    await do.register(admin, PROFILES["KPU"])
    users = await seed_members(app.bot_data, sandbox, 220, opened_earlier=True)
    pressing = users[:20]
    data = app.bot_data
    async with data.sessions() as session:
        boss = (
            await session.exec(select(Member).where(Member.telegram_user_id == ADMIN_ID))
        ).one()
        pps = {p.id or 0 for p in await members.list_pillars(session) if p.code == "PPS"}
        draft = forums.ForumDraft(
            title="Rapat Koordinasi PPS",
            starts_at=datetime.now(UTC) + timedelta(days=2),
            venue="Aula KPU",
            agenda="Logistik",
            pillar_ids=set(pps),
        )
        result = await forums.publish(session, draft, admin=boss, now=datetime.now(UTC))
        await notices.forums.invitations(session, result, tz=JAKARTA, office=f.OFFICE)
        await session.commit()
    data.sender.wake()
    invitations = {user.id: await user.next_message(timeout=30) for user in pressing}
    caplog.set_level(logging.ERROR)

    async def reminder_run() -> None:
        async with data.sessions() as session:
            await f.remind(
                session,
                forum_id=result.forum.id,
                offset_seconds=86400,
                offsets=(86400,),
                admin_ids=settings.admin_ids,
                now=datetime.now(UTC),
            )
            await session.commit()

    # The other 200 invitations are still being sent, a write each: let them finish, or the
    # other writer may wait behind them for its lock.
    async with asyncio.timeout(60):
        await data.sender.wait_idle()
    lock = hold_write_lock(settings.database_url, 2.0)
    started = time.monotonic()
    answers = await asyncio.gather(
        reminder_run(),
        *(user.press(invitations[user.id], "Hadir", timeout=10) for user in pressing),
    )
    elapsed = time.monotonic() - started
    lock.join()

    assert all(answer.text == "Terima kasih, tercatat: Hadir." for answer in answers[1:])
    assert 1.5 < elapsed < 8.0  # the database was slow, and still every query was answered
    # a double tap: one answer, the unchanged invitation is not edited again
    again = await pressing[0].press(invitations[pressing[0].id], "Hadir")
    assert again.text == "Terima kasih, tercatat: Hadir."
    async with data.sessions() as session:
        rsvps = (await session.exec(select(Rsvp))).all()
    assert len(rsvps) == 20
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
