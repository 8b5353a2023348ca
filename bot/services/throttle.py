"""Throttling of wrong deep-link tokens per user (SPEC section 10: wrong tokens are throttled).

Pillar-invite tokens (`/start inv_<token>`) and check-in tokens (`/start c_<token>`) carry
16 or more random bytes, so guessing one is hopeless; the throttle stops a user from making
the bot look tokens up without end (issue 9, finding 9).

Kept in memory, not in the database: one instance serves a bot at a time (the instance
lock), and a restart that forgets the counts gives a guesser at most `limit` more tries,
which costs nothing against tokens of that size. Failures are counted per user id.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable

log = logging.getLogger(__name__)

LIMIT = 5
WINDOW = 600.0  # seconds


class TokenThrottle:
    """At most `limit` wrong tokens per user within `window` seconds; then a wait.

    `clock` returns seconds (monotonic by default; tests pass their own).
    """

    def __init__(
        self,
        *,
        limit: int = LIMIT,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._failures: dict[int, deque[float]] = {}

    def _recent(self, user_id: int) -> deque[float]:
        now = self._clock()
        failures = self._failures.get(user_id)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[user_id]
        return failures

    def wait(self, user_id: int, *, kind: str) -> float:
        """Seconds `user_id` must wait before a token of theirs is looked up; 0.0 when they may.

        A refusal is logged at WARNING with the user id and `kind` ("invite", "checkin"),
        never the token.
        """
        failures = self._recent(user_id)
        if len(failures) < self.limit:
            return 0.0
        seconds = failures[0] + self.window - self._clock()
        log.warning(
            "wrong-token throttle: %s token of user %s refused, %d wrong within %.0f s",
            kind,
            user_id,
            len(failures),
            self.window,
        )
        return max(seconds, 0.0)

    def failed(self, user_id: int) -> None:
        """Count one wrong token of `user_id` now."""
        self._recent(user_id)
        self._failures.setdefault(user_id, deque()).append(self._clock())
