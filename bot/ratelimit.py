"""Telegram's flood limits as one budget for every request that posts into a chat.

Telegram documents about 30 messages a second overall (for notifications to many users),
about one a second to one chat with short bursts tolerated, and 20 a minute to one group;
beyond them it answers 429 with `retry_after`. The bot has two kinds of traffic: interactive
calls (a reply or an edit answering a user's own update) and the outbox's bulk sends
(scheduler/outbox.py). Both go through :class:`TelegramBudget`, so together they stay under
the limits, and an interactive call is served before any waiting bulk send: a member who
presses Hadir while a broadcast runs sees the edit at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

#: `rate_limit_args` of the outbox's sends: bulk, served after interactive calls, and not
#: retried here on 429 (the outbox pauses and requeues the row itself, durably).
BULK = "bulk"

#: Methods that put a new message into a chat: they count toward the overall limit.
NEW_MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "sendVenue",
        "sendMediaGroup",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendContact",
        "sendPoll",
        "copyMessage",
        "forwardMessage",
    }
)
#: Methods that change a message in place: they count toward the chat's limit only.
EDIT_METHODS = frozenset(
    {
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "editMessageMedia",
        "editMessageLiveLocation",
    }
)


def retry_seconds(error: RetryAfter) -> float:
    """A 429's `retry_after` in seconds (PTB gives a timedelta or a number)."""
    retry = error.retry_after
    return retry.total_seconds() if isinstance(retry, timedelta) else float(retry)


class _Window:
    """At most `limit` calls in any `period` seconds, each counted from its start until
    `period` after its answer: Telegram counts a call when it arrives, somewhere between the
    two, so a window of answers keeps the limit on Telegram's clock whatever the latency."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._ends: list[float] = []  # answer times of the calls that counted lately
        self._in_flight = 0

    def wait(self, now: float) -> float:
        """Seconds until one more call fits (0.0: it fits now)."""
        self._ends = [end for end in self._ends if end > now - self.period]
        if len(self._ends) + self._in_flight < self.limit:
            return 0.0
        if len(self._ends) + self._in_flight - self.limit >= len(self._ends):
            return 0.01  # the window is full of calls still waiting for their answer
        self._ends.sort()
        return self._ends[len(self._ends) + self._in_flight - self.limit] + self.period - now

    def take(self) -> None:
        self._in_flight += 1

    def done(self, now: float) -> None:
        self._in_flight -= 1
        self._ends.append(now)


class TelegramBudget(BaseRateLimiter[str]):
    """A `telegram.ext.BaseRateLimiter` that paces requests so Telegram never has to refuse.

    Budgets, each a sliding window so no window of that length ever holds more:
    `overall` new messages in any second, all chats together (edits do not count there);
    `private` sends and edits to one private chat in any `private_period` seconds; `group`
    sends and edits to one group or channel in any minute. The defaults keep a margin under
    Telegram's figures because the clock here and Telegram's are not the same clock.

    Priority: a call whose `rate_limit_args` is :data:`BULK` waits while any interactive
    call waits for the overall budget. Per chat, calls are served in the order they came.

    429: an interactive call waits `retry_after` and is sent again, up to `max_retries`
    times, so nothing a user should see is lost; the chat waits meanwhile, so its other
    calls do not earn 429s too. A bulk call's 429 is raised at once (the outbox pauses).
    Every 429, of any method, is reported to `on_429` (its argument: whether the call was
    bulk) before it is retried or raised.

    Raises:
        RetryAfter: from `process_request`, for a bulk call, or when the retries ran out.
    """

    def __init__(
        self,
        *,
        overall: int = 29,
        private: int = 3,
        private_period: float = 1.0,
        group: int = 19,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
        on_429: Callable[[bool], None] | None = None,
    ) -> None:
        self._on_429 = on_429
        self._overall = _Window(overall, 1.0)
        self._private = (private, private_period)
        self._group = group
        self._chats: dict[int | str, _Window] = {}
        self._chat_locks: dict[int | str, asyncio.Lock] = {}
        self._held_until: dict[int | str, float] = {}  # chat -> end of its 429 wait
        self._overall_held_until = 0.0
        self._max_retries = max_retries
        self._clock = clock
        self._interactive_waiting = 0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the request's budgets, then make it (see the class docstring)."""
        new_message = endpoint in NEW_MESSAGE_METHODS
        bulk = rate_limit_args == BULK
        if not new_message and endpoint not in EDIT_METHODS:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter:
                self._count_429(bulk)
                raise
        chat = _chat_key(data.get("chat_id"))
        attempt = 0
        while True:
            windows = []
            if chat is not None:
                windows.append(await self._chat_turn(chat))
            if new_message:
                windows.append(await self._overall_turn(bulk))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self._count_429(bulk)
                # Telegram does not say which limit was passed: hold the chat and, for new
                # messages, everybody's, as its flood wait does.
                until = self._clock() + retry_seconds(exc)
                if chat is not None:
                    self._held_until[chat] = max(self._held_until.get(chat, 0.0), until)
                if new_message:
                    self._overall_held_until = max(self._overall_held_until, until)
                if bulk or attempt >= self._max_retries:
                    raise
                attempt += 1
                log.warning(
                    "429 on %s to chat %s: sending it again in %.0f s (attempt %d)",
                    endpoint,
                    chat,
                    until - self._clock(),
                    attempt + 1,
                )
            finally:
                now = self._clock()
                for window in windows:
                    window.done(now)

    def _count_429(self, bulk: bool) -> None:
        if self._on_429 is not None:
            self._on_429(bulk)

    async def _chat_turn(self, chat: int | str) -> _Window:
        window = self._chats.get(chat)
        if window is None:
            limit, period = (self._group, 60.0) if _is_group(chat) else self._private
            window = self._chats[chat] = _Window(limit, period)
        lock = self._chat_locks.setdefault(chat, asyncio.Lock())
        async with lock:  # first come, first served within a chat
            while True:
                now = self._clock()
                wait = max(window.wait(now), self._held_until.get(chat, 0.0) - now)
                if wait <= 0:
                    window.take()
                    return window
                await asyncio.sleep(wait)

    async def _overall_turn(self, bulk: bool) -> _Window:
        if not bulk:
            self._interactive_waiting += 1
        try:
            while True:
                now = self._clock()
                wait = max(self._overall.wait(now), self._overall_held_until - now)
                if wait <= 0 and (not bulk or self._interactive_waiting == 0):
                    self._overall.take()
                    return self._overall
                # A bulk call that could go but yields to an interactive one looks again
                # right after it has taken its place.
                await asyncio.sleep(wait if wait > 0 else 0.001)
        finally:
            if not bulk:
                self._interactive_waiting -= 1


def _chat_key(chat_id: object) -> int | str | None:
    if isinstance(chat_id, int):
        return chat_id
    if isinstance(chat_id, str) and chat_id:
        with contextlib.suppress(ValueError):
            return int(chat_id)
        return chat_id  # "@channelusername"
    return None


def _is_group(chat: int | str) -> bool:
    # Private chats have the user's (positive) id; groups, supergroups and channels are
    # negative, and only channels and supergroups have a public "@username".
    return isinstance(chat, str) or chat < 0
