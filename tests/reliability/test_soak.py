"""Broadcasts back to back while members keep writing: Telegram never has to refuse (issue 9 D).

A soak, not part of the default run (about 4 minutes at Telegram's 30 a second):
`make soak` runs it. The strict sandbox counts every new message the bot sends; the replies
to the members who write meanwhile share the overall budget with the broadcast.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import os

import pytest

from models import OutboxStatus
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES
from tests.reliability.conftest import copies, outbox_rows, queue_announcement, seed_members

log = logging.getLogger(__name__)

pytestmark = pytest.mark.soak

MEMBERS = 300
BROADCASTS = int(os.environ.get("SOAK_BROADCASTS", "20"))
WRITERS_PER_SECOND = 5


async def keep_writing(users: list, stop: asyncio.Event) -> int:
    """Five members send /bantuan every second until `stop`; returns how many wrote."""
    count = 0
    while not stop.is_set():
        for user in users[count % len(users) :][:WRITERS_PER_SECOND]:
            await user.send("/bantuan")
            count += 1
        await asyncio.sleep(1.0)
    return count


@pytest.mark.timeout(900)
async def test_twenty_broadcasts_of_300_with_members_writing_get_no_429(
    app, sandbox: BotApiSandbox
):
    admin = sandbox.user(ADMIN_ID, "Ratna")
    await do.register(admin, PROFILES["KPU"])
    users = await seed_members(app.bot_data, sandbox, MEMBERS)
    writers = users[:50]
    first = len(sandbox.requests)
    stop = asyncio.Event()
    writing = asyncio.create_task(keep_writing(writers, stop))

    for n in range(BROADCASTS):
        await queue_announcement(app.bot_data, f"Pengumuman uji ke-{n:02d}")
        app.bot_data.sender.wake()
        async with asyncio.timeout(120):
            await app.bot_data.sender.wait_idle()
    stop.set()
    wrote = await writing

    sends = [r for r in sandbox.requests[first:] if r.method == "sendMessage" and r.status == 200]
    times = [r.at for r in sends]
    busiest = max(bisect.bisect_left(times, t + 1.0) - i for i, t in enumerate(times))
    rate = (len(times) - 1) / (times[-1] - times[0])
    log.warning(
        "soak: %d broadcasts of %d, %d writes, %d sends at %.1f/s, busiest second %d, %d × 429",
        BROADCASTS,
        MEMBERS,
        wrote,
        len(sends),
        rate,
        busiest,
        sandbox.count_429,
    )
    assert sandbox.count_429 == 0
    assert busiest <= 30
    for n in range(BROADCASTS):
        per_chat = copies(sandbox, users, f"Pengumuman uji ke-{n:02d}")
        assert all(per_chat[user.id] == 1 for user in users), n
    rows = [row for row in await outbox_rows(app.bot_data) if row.kind == "announcement"]
    assert all(row.status == OutboxStatus.SENT for row in rows)
