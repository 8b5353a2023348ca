"""Concurrent update processing that keeps each user's updates in order.

PTB's `concurrent_updates` alone runs any two updates at once, so a user who types the
answer to a form step right after pressing its button could have the text handled before
the press. This processor runs up to `max_concurrent_updates` updates at a time, but one
user's (or, for updates without a user, one chat's) strictly one after the other: a slow
database write for one member no longer holds up everybody else's buttons.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def ordering_key(update: object) -> int | None:
    """The id whose updates must not overlap: the user's, else the chat's, else None."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Up to `max_concurrent_updates` updates at once, each user's in arrival order.

    `on_handled` is called after each update's handlers have run (the metrics' count).

    PTB hands updates over in the order they came from getUpdates (or the webhook), and
    `asyncio.Lock` wakes its waiters first in, first out, so per user the order holds.
    """

    def __init__(
        self, max_concurrent_updates: int, *, on_handled: Callable[[], None] | None = None
    ) -> None:
        super().__init__(max_concurrent_updates)
        self._on_handled = on_handled
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # key -> updates holding or waiting for its lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers once the same user's earlier updates are done.

        A waiting update holds one of the slots (PTB takes the slot before calling this);
        with a generous slot count a user who floods the bot only slows others a little.
        """
        try:
            await self._in_turn(update, coroutine)
        finally:
            if self._on_handled is not None:
                self._on_handled()

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:  # nobody else in line: forget the key
                del self._users[key]
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: the locks go with the last update of each user."""
