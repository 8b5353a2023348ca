"""The outbox sender under Telegram's faults: 429, 403, 400, 5xx, timeouts, dropped connections."""

from __future__ import annotations

import asyncio
import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot import notices
from bot.app import build_application, running
from bot.context import BotData
from bot.services import announcements, outbox
from bot.settings import Settings
from models import Forum, ForumStatus, Member, OutboxKind, OutboxMessage, OutboxStatus
from sandbox import BotApiSandbox, RecordedRequest, SimUser
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID
from tests.e2e.conftest import PROFILES
from tests.reliability.conftest import (
    copies,
    outbox_rows,
    queue_announcement,
    reached,
    seed_members,
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # a first retry wait above the one-second pause per chat, so the doubling is visible
    return settings.model_copy(update={"send_retry_base_seconds": 1.2, "send_max_attempts": 3})


async def broadcast(data: BotData, text: str) -> None:
    """Queue an announcement to every member, as /umumkan does, and wake the sender."""
    await queue_announcement(data, text)
    assert data.sender is not None
    data.sender.wake()


async def settle(data: BotData, admin: SimUser) -> str:
    """Wait for the sender to finish and return the delivery report's text."""
    assert data.sender is not None
    async with asyncio.timeout(30):
        await data.sender.wait_idle()
    while True:
        message = await admin.next_message(timeout=10)
        if "Laporan pengiriman" in (message.text or ""):
            return message.text or ""


@pytest.fixture
async def crowd(app, sandbox: BotApiSandbox) -> tuple[SimUser, list[SimUser]]:
    admin = sandbox.user(ADMIN_ID, "Ratna")
    await do.register(admin, PROFILES["KPU"])
    return admin, await seed_members(app.bot_data, sandbox, 12)


def sends(sandbox: BotApiSandbox, chat_id: int, needle: str) -> list[RecordedRequest]:
    """sendMessage calls (answered or not) to one chat whose text contains `needle`."""
    return [
        r
        for r in sandbox.requests
        if r.method == "sendMessage"
        and r.params.get("chat_id") == chat_id
        and needle in str(r.params.get("text", ""))
    ]


async def test_429_pauses_the_whole_sender_for_retry_after(app, sandbox, crowd):
    admin, users = crowd
    start = len(sandbox.requests)
    sandbox.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 2",
        retry_after=2,
        chat_id=users[3].id,
    )

    await broadcast(app.bot_data, "Uji 429")
    report = await settle(app.bot_data, admin)

    assert set(copies(sandbox, users, "Uji 429").values()) == {1}
    calls = [r for r in sandbox.requests[start:] if r.method == "sendMessage"]
    refused = next(r for r in calls if r.status == 429)
    after = [r for r in calls if r.at > refused.at]
    assert after and min(r.at for r in after) - refused.at >= 2.0  # nobody got anything earlier
    assert re.search(r"^Terkirim: 13$", report, re.M)


async def test_403_marks_the_member_unreachable_and_stops_sends(app, sandbox, crowd):
    admin, users = crowd
    sandbox.fail_next(
        "sendMessage",
        error_code=403,
        description="Forbidden: user is deactivated",
        chat_id=users[0].id,
    )
    await broadcast(app.bot_data, "Uji 403 pertama")
    report = await settle(app.bot_data, admin)
    assert re.search(r"^Tidak dapat dihubungi \(memblokir bot / akun nonaktif\): 1$", report, re.M)

    await broadcast(app.bot_data, "Uji 403 kedua")
    report = await settle(app.bot_data, admin)

    assert re.search(
        r"^Tidak dapat dihubungi \(memblokir bot / akun nonaktif\): 1$", report, re.M
    ) and re.search(r"^Terkirim: 12$", report, re.M)
    assert sends(sandbox, users[0].id, "Uji 403 kedua") == []
    async with app.bot_data.sessions() as session:
        gone = (
            await session.exec(select(Member).where(Member.telegram_user_id == users[0].id))
        ).one()
    assert not gone.is_reachable
    assert gone.unreachable_reason == "Forbidden: user is deactivated"


async def test_5xx_is_retried_with_backoff_then_recorded_failed(app, sandbox, crowd):
    admin, users = crowd
    sandbox.fail_next(
        "sendMessage", error_code=502, description="Bad Gateway", chat_id=users[1].id, times=2
    )
    sandbox.fail_next(
        "sendMessage", error_code=500, description="Internal Server Error", chat_id=users[2].id,
        times=10,
    )  # fmt: skip

    await broadcast(app.bot_data, "Uji 5xx")
    report = await settle(app.bot_data, admin)

    per_chat = copies(sandbox, users, "Uji 5xx")
    assert per_chat[users[1].id] == 1  # third attempt succeeded
    assert per_chat[users[2].id] == 0  # three attempts, then failed
    attempts = sends(sandbox, users[1].id, "Uji 5xx")
    gaps = [b.at - a.at for a, b in itertools.pairwise(attempts)]
    assert len(attempts) == 3 and gaps[0] >= 1.2 and gaps[1] >= 2.4  # the wait doubles
    assert re.search(r"^Gagal: 1$", report, re.M)
    rows = await outbox_rows(app.bot_data)
    failed = [row for row in rows if row.status == OutboxStatus.FAILED]
    assert len(failed) == 1 and failed[0].attempts == 3 and failed[0].chat_id == users[2].id


async def test_400_chat_not_found_fails_at_once(app, sandbox, crowd):
    admin, users = crowd
    sandbox.fail_next(
        "sendMessage", error_code=400, description="Bad Request: chat not found",
        chat_id=users[4].id,
    )  # fmt: skip
    await broadcast(app.bot_data, "Uji 400")
    report = await settle(app.bot_data, admin)
    assert re.search(r"^Gagal: 1$", report, re.M)
    assert len(sends(sandbox, users[4].id, "Uji 400")) == 1  # not retried


async def test_timeouts_and_dropped_connections_are_retried_at_most_one_copy_extra(
    app, sandbox, crowd
):
    admin, users = crowd
    # the first answer comes after PTB's read timeout although Telegram delivered the message
    sandbox.fail_next("sendMessage", delay=8.0, deliver=True, chat_id=users[5].id)
    # the connection drops before any answer, the message not delivered
    sandbox.fail_next("sendMessage", drop_connection=True, deliver=False, chat_id=users[6].id)

    await broadcast(app.bot_data, "Uji jaringan")
    await settle(app.bot_data, admin)

    per_chat = copies(sandbox, users, "Uji jaringan")
    assert per_chat[users[6].id] == 1
    # the documented window: a message whose answer was lost may arrive twice, never more
    assert per_chat[users[5].id] in (1, 2)
    assert all(count == 1 for chat, count in per_chat.items() if chat != users[5].id)


async def test_a_row_committed_as_a_pass_ends_is_sent_at_once(app, sandbox, crowd):
    # The commit and its wake() land between the pass's last query and its sleep: the sender
    # must take the row now, not at its 30-second poll. Seen as a late approval digest.
    _, users = crowd
    sender, data = app.bot_data.sender, app.bot_data
    async with asyncio.timeout(10):
        await sender.wait_idle()
    finish, armed = sender._finish_pass, [True]  # the row is committed once

    async def finish_then_commit() -> float | None:
        delay = await finish()
        if armed:
            armed.clear()
            async with data.sessions() as session:
                await outbox.enqueue(
                    session,
                    dedupe_key="late-row",
                    kind=OutboxKind.DECISION,
                    chat_id=users[0].id,
                    text="Datang di akhir putaran",
                )
                await session.commit()
            sender.wake()
        return delay

    sender._finish_pass = finish_then_commit
    sender.wake()  # a pass with nothing to send

    message = await users[0].next_message(timeout=3)
    assert message.text == "Datang di akhir putaran"
    assert not armed


async def test_one_message_per_second_to_the_same_chat(app, sandbox, crowd):
    _, users = crowd
    for index in range(4):
        await broadcast(app.bot_data, f"Uji jeda {index}")
    assert app.bot_data.sender is not None
    async with asyncio.timeout(30):
        await app.bot_data.sender.wait_idle()
    times = sorted(r.at for r in sends(sandbox, users[7].id, "Uji jeda"))
    assert len(times) == 4
    assert all(b - a >= 0.99 for a, b in itertools.pairwise(times))


async def test_restart_with_rows_left_sending_sends_them_once(sandbox, settings: Settings):
    first = build_application(settings)
    async with running(first):
        admin = sandbox.user(ADMIN_ID, "Ratna")
        await do.register(admin, PROFILES["KPU"])
        users = await seed_members(first.bot_data, sandbox, 5)
    # a crash left one row 'sending' (claimed, never answered) and the rest pending
    async with first.bot_data.sessions() as session:  # type: ignore[misc]
        sender = (
            await session.exec(select(Member).where(Member.telegram_user_id == ADMIN_ID))
        ).one()
        broadcast = await announcements.create(
            session, sender=sender, text="Uji sisa", pillar_ids=[], now=datetime.now(UTC)
        )
        await notices.announcements.copies(session, broadcast)
        await session.commit()
    rows = await outbox_rows(first.bot_data)
    async with first.bot_data.sessions() as session:  # type: ignore[misc]
        row = next(r for r in rows if r.kind == "announcement")
        row.status = OutboxStatus.SENDING
        session.add(row)
        await session.commit()

    second = build_application(settings)
    async with running(second):
        await settle(second.bot_data, admin)
    assert set(copies(sandbox, users, "Uji sisa").values()) == {1}


async def test_reminders_still_queued_when_the_forum_starts_are_dropped(app, sandbox, crowd):
    _, users = crowd
    data = app.bot_data
    async with data.sessions() as session:
        admin = (
            await session.exec(select(Member).where(Member.telegram_user_id == ADMIN_ID))
        ).one()
        forum = Forum(
            title="Rapat yang sudah mulai",
            starts_at=datetime.now(UTC) - timedelta(minutes=1),
            venue="Aula",
            status=ForumStatus.PUBLISHED,
            created_by=admin.id or 0,
        )
        session.add(forum)
        await session.flush()
        for kind in (OutboxKind.REMINDER, OutboxKind.NUDGE):
            await outbox.enqueue(
                session,
                dedupe_key=f"stale:{kind}",
                kind=kind,
                chat_id=users[8].id,
                forum_id=forum.id,
                text=f"Pengingat basi {kind}",
            )
        await session.commit()
    data.sender.wake()
    async with asyncio.timeout(10):
        await data.sender.wait_idle()

    assert sends(sandbox, users[8].id, "Pengingat basi") == []
    rows = [row for row in await outbox_rows(data) if row.dedupe_key.startswith("stale:")]
    assert [row.status for row in rows] == [OutboxStatus.FAILED] * 2
    assert all("started" in (row.error or "") for row in rows)


async def test_a_row_another_instance_is_sending_is_not_taken_over(sandbox, settings: Settings):
    first = build_application(settings)
    async with running(first):
        admin = sandbox.user(ADMIN_ID, "Ratna")
        await do.register(admin, PROFILES["KPU"])
        users = await seed_members(first.bot_data, sandbox, 2)
        await queue_announcement(first.bot_data, "Uji klaim")
        assert first.bot_data.sender is not None
        await first.bot_data.sender.stop()  # nothing sent yet
    async with first.bot_data.sessions() as session:  # type: ignore[misc]
        row = next(
            r
            for r in (await session.exec(select(OutboxMessage))).all()
            if r.chat_id == users[0].id and r.kind == "announcement"
        )
        # another instance claimed it a moment ago and is sending it now
        row.status = OutboxStatus.SENDING
        row.next_attempt_at = datetime.now(UTC) + timedelta(seconds=60)
        session.add(row)
        await session.commit()

    second = build_application(settings)
    async with running(second):
        await reached(sandbox, users, "Uji klaim", 1)  # the unclaimed row goes out
        await asyncio.sleep(1.0)
        per_chat = copies(sandbox, users, "Uji klaim")
    assert per_chat[users[0].id] == 0  # left to the instance that claimed it
    assert per_chat[users[1].id] == 1


async def test_a_queue_to_one_chat_does_not_hold_up_the_others(app, sandbox, crowd):
    admin, users = crowd
    data = app.bot_data
    async with data.sessions() as session:
        for index in range(60):  # more than one batch, all to the admin
            await outbox.enqueue(
                session,
                dedupe_key=f"flood:{index}",
                kind=OutboxKind.DECISION,
                chat_id=admin.id,
                text=f"Pesan beruntun {index}",
            )
        await session.commit()
    await broadcast(data, "Uji antrean")  # queued after the 60, to the 12 members

    await reached(sandbox, users, "Uji antrean", len(users))

    to_admin = [m for m in admin.unread() if "Pesan beruntun" in (m.text or "")]
    assert len(to_admin) <= 6  # the members did not wait behind the admin's sixty
    sent = [r.at for r in sandbox.requests if "Pesan beruntun" in str(r.params.get("text"))]
    assert all(b - a >= 0.99 for a, b in itertools.pairwise(sent))  # still one per second


async def test_requests_overlap_over_a_slow_network_and_each_chat_keeps_its_order(
    app, sandbox, crowd
):
    """With every call taking a 0.2 s round trip, one at a time would send 5 a second; a few
    in flight keep the pace, never two to one chat, so each chat reads them in order."""
    admin, users = crowd
    sandbox.round_trip = 0.2
    for index in range(3):
        await queue_announcement(app.bot_data, f"Urutan {index}")
    assert app.bot_data.sender is not None
    app.bot_data.sender.wake()
    await settle(app.bot_data, admin)
    delivered = [
        r
        for r in sandbox.requests
        if r.method == "sendMessage" and "</b>\n\nUrutan" in str(r.params.get("text"))
    ]
    assert len(delivered) == 3 * (len(users) + 1)
    # 39 messages at 0.2 s each would take 7.8 s one at a time
    span = max(r.at for r in delivered) - min(r.at for r in delivered)
    assert span < 4.0, span
    for user in users:
        texts = [m.text or "" for m in sandbox.messages(user.id) if "Urutan" in (m.text or "")]
        assert [re.findall(r"Urutan (\d)", text) for text in texts] == [["0"], ["1"], ["2"]]
