"""Injected faults (:meth:`FaultsMixin.fail_next`): errors, slow answers, dropped connections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.core import SandboxCore


@dataclass
class FailRule:
    method: str
    error_code: int | None
    description: str | None
    chat_id: int | None
    parameters: dict[str, Any] | None
    times: int
    delay: float = 0.0
    deliver: bool = False
    drop_connection: bool = False

    @property
    def label(self) -> str:
        parts = []
        if self.error_code is not None:
            parts.append("error")
        if self.delay > 0:
            parts.append("delay")
        if self.drop_connection:
            parts.append("drop")
        return "+".join(parts)


class ConnectionDropped(Exception):
    """Internal: the call ends by closing the connection without an answer."""


class FaultsMixin(SandboxCore):
    """The fault rules; the call pipeline in :mod:`sandbox.server` applies them."""

    def fail_next(
        self,
        method: str,
        *,
        error_code: int | None = None,
        description: str | None = None,
        chat_id: int | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
        delay: float = 0.0,
        deliver: bool | None = None,
        drop_connection: bool = False,
    ) -> None:
        """Injects a fault into the next ``times`` calls of ``method`` (optionally only those
        for ``chat_id``).

        * ``error_code`` + ``description``: answer that error. By default the call is not
          executed (nothing is sent); with ``deliver=True`` it is executed first (the message
          is stored) and the error is answered anyway.
        * ``delay``: hold the answer that many seconds (answering normally or with the error).
          With ``deliver`` (the default without an error) the message is stored at once, so a
          client that times out and retries creates a duplicate; with ``deliver=False`` the
          call is executed only after the delay, and only if the client is still waiting.
        * ``drop_connection``: close the TCP connection without any HTTP answer (the client
          sees a network error), after executing the call if ``deliver`` (the default).

        Faulty calls are always recorded in :attr:`requests` (``fault``, ``delivered``,
        ``client_gone``; ``status`` 0 for a dropped connection).

        Args:
            method: Bot API method name (case-insensitive), e.g. ``"sendMessage"``.
            error_code: HTTP status and ``error_code``, e.g. 429 (needs ``description``).
            description: Error description, e.g. ``"Too Many Requests: retry after 5"``.
            chat_id: Only calls with this chat_id match.
            retry_after: Adds ``parameters.retry_after``.
            migrate_to_chat_id: Adds ``parameters.migrate_to_chat_id``.
            times: How many matching calls are affected.
            delay: Seconds to hold the answer (or the drop).
            deliver: Whether the call is executed; default: True unless ``error_code``.
            drop_connection: Close the connection instead of answering.

        Raises:
            ValueError: Nothing to inject, an error without description, or an error combined
                with ``drop_connection``.
        """
        if (error_code is None) != (description is None):
            raise ValueError("error_code and description go together")
        if error_code is not None and drop_connection:
            raise ValueError("A dropped connection carries no error; pass only one of them")
        if error_code is None and delay <= 0 and not drop_connection:
            raise ValueError("fail_next needs error_code/description, delay or drop_connection")
        if delay < 0 or times < 1:
            raise ValueError("delay must be >= 0 and times >= 1")
        parameters: dict[str, Any] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        self._fail_rules.append(
            FailRule(
                method.lower(),
                error_code,
                description,
                chat_id,
                parameters or None,
                times,
                delay=delay,
                deliver=(error_code is None) if deliver is None else deliver,
                drop_connection=drop_connection,
            )
        )

    def _take_fail_rule(self, method: str, params: dict[str, Any]) -> FailRule | None:
        """The first ``fail_next`` rule matching this call (used up after ``times`` calls)."""
        for rule in self._fail_rules:
            if rule.method != method.lower():
                continue
            if rule.chat_id is not None and params.get("chat_id") != rule.chat_id:
                continue
            rule.times -= 1
            if rule.times <= 0:
                self._fail_rules.remove(rule)
            return rule
        return None
