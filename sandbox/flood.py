"""Telegram's flood limits (``strict_limits``) and the send statistics tests read."""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from typing import Any, NoReturn

from sandbox.core import SandboxCore, Send
from sandbox.messages import TelegramErrorReply

logger = logging.getLogger(__name__)

#: Methods that send a new message: in strict mode they count against the overall limit
#: (Telegram's "30 messages per second" for notifications) and against the chat's.
FLOOD_LIMITED_METHODS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "sendlocation", "sendvenue"}
)
#: Methods that change a message in place: Telegram counts them against the chat's limit
#: (rapid edits of one chat earn 429s too), not against the overall one. Deletions,
#: callback answers and sendChatAction count nowhere.
CHAT_LIMITED_METHODS = FLOOD_LIMITED_METHODS | frozenset(
    {"editmessagetext", "editmessagecaption", "editmessagereplymarkup"}
)


class FloodLimitsMixin(SandboxCore):
    """Counts accepted sends and, in strict mode, answers 429 beyond the limits."""

    def sent_rate(self, method: str | None = "sendMessage") -> float:
        """Accepted sends per second between the first and the last accepted send
        (``(n - 1) / (last - first)``); 0.0 with fewer than two sends, ``inf`` if they all
        happened at the same instant.

        Args:
            method: Only this method (case-insensitive); None: all flood-limited methods.
        """
        times = [
            s.at
            for s in self._sends
            if (
                s.method in FLOOD_LIMITED_METHODS if method is None else s.method == method.lower()
            )
        ]
        if len(times) < 2:
            return 0.0
        span = times[-1] - times[0]
        return (len(times) - 1) / span if span > 0 else math.inf

    def max_sends_in_window(
        self, window: float = 1.0, chat_id: int | None = None, method: str | None = None
    ) -> int:
        """The most accepted sends (:data:`FLOOD_LIMITED_METHODS`) that fell within any
        ``window`` seconds (half-open, like the strict limits), optionally for one chat or one
        method only. Counted whether or not :attr:`strict_limits` is on."""
        times = [
            s.at
            for s in self._sends
            if (chat_id is None or s.chat_id == chat_id)
            and (
                s.method in FLOOD_LIMITED_METHODS if method is None else s.method == method.lower()
            )
        ]
        best = 0
        start = 0
        for end, at in enumerate(times):
            while times[start] <= at - window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def _record_send(self, name: str, params: dict[str, Any]) -> None:
        """Logs an executed call of ``name`` (lower case) for the flood limits."""
        if name in CHAT_LIMITED_METHODS:
            chat_id = params.get("chat_id")
            send = Send(time.monotonic(), chat_id if isinstance(chat_id, int) else None, name)
            self._sends.append(send)
            if name in FLOOD_LIMITED_METHODS:
                self._window_sends.append(send)
            if send.chat_id is not None:
                self._chat_sends.setdefault(send.chat_id, deque()).append(send)

    def _check_flood_limits(self, method: str, params: dict[str, Any]) -> None:
        """In strict mode, answers 429 to a send beyond Telegram's flood limits."""
        name = method.lower()
        if not self.strict_limits or name not in CHAT_LIMITED_METHODS:
            return
        now = time.monotonic()
        chat_id = params.get("chat_id")
        scopes: list[tuple[int | None, deque[Send], int, float]] = []
        if name in FLOOD_LIMITED_METHODS:
            scopes.append((None, self._window_sends, self.overall_limit, self.overall_window))
        if isinstance(chat_id, int):
            sends = self._chat_sends.setdefault(chat_id, deque())
            if chat_id < 0:
                scopes.append((chat_id, sends, self.group_limit, self.group_window))
            else:
                scopes.append((chat_id, sends, self.chat_limit, self.chat_window))
        # Still punished for an earlier excess: 429 until its retry_after has passed.
        for scope, _, _, _ in scopes:
            until = self._flood_until.get(scope)
            if until is not None and until > now:
                self._flood_wait(scope, chat_id, until - now)
        for scope, sends, limit, window in scopes:
            while sends and sends[0].at <= now - window:
                sends.popleft()
            if len(sends) >= limit:
                # The window frees a place when the oldest of the last ``limit`` sends leaves.
                wait = sends[len(sends) - limit].at + window - now if limit > 0 else window
                self._flood_wait(scope, chat_id, wait, start=now)

    def _flood_wait(
        self, scope: int | None, chat_id: Any, wait: float, *, start: float | None = None
    ) -> NoReturn:
        """Raises the 429 reply; with ``start``, a new flood wait begins for ``scope``."""
        retry_after = max(1, math.ceil(wait))
        if start is not None:
            self._flood_until[scope] = start + retry_after
            logger.info(
                "Flood limit of %s exceeded: retry after %s",
                "the bot" if scope is None else f"chat {scope}",
                retry_after,
            )
        description = f"Too Many Requests: retry after {retry_after}"
        self._emit(
            "flood_wait",
            chat_id if isinstance(chat_id, int) else 0,
            None,
            None,
            description,
        )
        raise TelegramErrorReply(429, description, {"retry_after": retry_after})
