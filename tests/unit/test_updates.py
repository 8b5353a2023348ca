"""Tests for bot.updates: concurrent updates, each user's in order."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.updates import PerUserUpdateProcessor, ordering_key


def message_update(update_id: int, user_id: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": user_id, "is_bot": False, "first_name": "U"},
                "text": "x",
            },
        },
        None,
    )


async def test_one_user_in_order_different_users_at_once() -> None:
    processor = PerUserUpdateProcessor(8)
    log: list[tuple[str, int, str]] = []
    running: set[int] = set()
    overlap_seen = False

    async def handle(user: int, number: int, delay: float) -> None:
        nonlocal overlap_seen
        assert user not in running, "two updates of one user ran at once"
        running.add(user)
        overlap_seen |= len(running) > 1
        log.append(("start", user, str(number)))
        await asyncio.sleep(delay)
        running.discard(user)
        log.append(("end", user, str(number)))

    jobs = []
    for number, (user, delay) in enumerate([(1, 0.05), (1, 0.0), (2, 0.01), (1, 0.0), (2, 0.0)]):
        update = message_update(number, user)
        jobs.append(processor.process_update(update, handle(user, number, delay)))
    await asyncio.gather(*jobs)

    assert overlap_seen, "different users were not processed concurrently"
    for user in (1, 2):
        starts = [n for kind, u, n in log if kind == "start" and u == user]
        assert starts == sorted(starts, key=int)
    assert processor._locks == {} and processor._users == {}


def test_ordering_key() -> None:
    assert ordering_key(message_update(1, 42)) == 42
    assert ordering_key(object()) is None
