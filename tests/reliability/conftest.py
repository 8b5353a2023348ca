"""Helpers for the reliability tests: many members at once, counting what each chat got."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

from sqlmodel import select

from bot import notices
from bot.context import BotData
from bot.services import announcements
from models import Member, MemberStatus, OutboxMessage, Pillar
from sandbox import BotApiSandbox, SimUser
from tests.conftest import ADMIN_ID

FIRST_MEMBER_ID = 50_000


async def seed_members(
    data: BotData,
    sandbox: BotApiSandbox,
    count: int,
    *,
    pillar: str = "PPS",
    opened_earlier: bool = False,
) -> list[SimUser]:
    """`count` approved members who have opened a chat with the bot: each sent /bantuan and
    read the answer, or, `opened_earlier`, opened it before the test began (its update long
    gone, as Telegram drops them after a day: `BotApiSandbox.open_chat`). The answers go at
    Telegram's 30 a second overall, so 300 members took 10 s of a test about something else;
    a test that does not need the bot to have seen them today passes `opened_earlier`.
    """
    assert data.sessions is not None
    async with data.sessions() as session:
        pillar_row = (await session.exec(select(Pillar).where(Pillar.code == pillar))).one()
        for index in range(count):
            user_id = FIRST_MEMBER_ID + index
            session.add(
                Member(
                    telegram_user_id=user_id,
                    chat_id=user_id,
                    full_name=f"Anggota {index:03d}",
                    pillar_id=pillar_row.id or 0,
                    institution=f"PPS Kelurahan {index:03d}",
                    position="Ketua",
                    status=MemberStatus.APPROVED,
                )
            )
        await session.commit()
    users = [sandbox.user(FIRST_MEMBER_ID + i, f"Anggota{i}") for i in range(count)]
    if opened_earlier:
        for user in users:
            sandbox.open_chat(user)
        return users
    await asyncio.gather(*(user.send("/bantuan") for user in users))
    for user in users:
        await user.next_message(timeout=30)
    return users


def copies(sandbox: BotApiSandbox, users: list[SimUser], needle: str) -> Counter[int]:
    """How many bot messages containing `needle` each user's chat holds."""
    return Counter(
        {
            user.id: sum(
                1
                for message in sandbox.messages(user.id)
                if message.from_bot and needle in (message.text or "")
            )
            for user in users
        }
    )


async def outbox_rows(data: BotData) -> list[OutboxMessage]:
    assert data.sessions is not None
    async with data.sessions() as session:
        return list((await session.exec(select(OutboxMessage))).all())


async def queue_announcement(data: BotData, text: str) -> None:
    """Queue an announcement from the admin to every member, as /umumkan does (not woken)."""
    assert data.sessions is not None
    async with data.sessions() as session:
        sender = (
            await session.exec(select(Member).where(Member.telegram_user_id == ADMIN_ID))
        ).one()
        broadcast = await announcements.create(
            session, sender=sender, text=text, pillar_ids=[], now=datetime.now(UTC)
        )
        await notices.announcements.copies(session, broadcast)
        await session.commit()


async def reached(sandbox: BotApiSandbox, users: list[SimUser], text: str, at_least: int) -> None:
    """Wait until at least `at_least` of `users` got a message containing `text`."""
    await sandbox.wait_until(
        lambda: True if sum(copies(sandbox, users, text).values()) >= at_least else None,
        60,
        lambda: f"fewer than {at_least} members got {text!r}",
    )
