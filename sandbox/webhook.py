"""The sandbox's webhook delivery: what Telegram does after a successful setWebhook.

Telegram then POSTs every update, as JSON, to the webhook URL with the header
``X-Telegram-Bot-Api-Secret-Token`` when setWebhook was given a ``secret_token``; an
answer other than 2XX is "an unsuccessful request": the update is sent again later, and
getWebhookInfo shows ``last_error_date`` and ``last_error_message``. While a webhook is
set getUpdates answers 409 (sandbox/api/updates.py).

The sandbox delivers one update at a time, in update_id order (Telegram may use up to
``max_connections`` parallel requests; one at a time is one of the behaviours it allows).
Telegram requires an HTTPS URL; as in production, where a reverse proxy terminates TLS
and forwards to the bot on the loopback, a test maps the public URL to the bot's local
address with :meth:`WebhookDelivery.proxy`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp

if TYPE_CHECKING:
    from sandbox.core import SandboxCore

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Delivery:
    """One POST of an update to the webhook: ``status`` 0 when no HTTP answer came."""

    update_id: int
    url: str
    status: int
    at: float


class WebhookDelivery:
    """Delivers the sandbox's pending updates to the webhook set by setWebhook.

    Attributes:
        retry_base: Seconds before the first repeat of a failed delivery, doubling up to
            ``retry_cap`` (Telegram's own waits are longer; tests need short ones).
        deliveries: Every POST made, in order.
        last_error_date: Unix time of the last failed delivery (getWebhookInfo).
        last_error_message: Its description, worded like Telegram's.
    """

    def __init__(self, sandbox: SandboxCore) -> None:
        self.sandbox = sandbox
        self.url: str | None = None
        self.secret_token: str | None = None
        self.retry_base = 0.2
        self.retry_cap = 5.0
        self.timeout = 10.0
        self.deliveries: list[Delivery] = []
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._routes: dict[str, str] = {}
        self._task: asyncio.Task[None] | None = None

    def proxy(self, public_prefix: str, local_prefix: str) -> None:
        """Deliver to ``local_prefix`` what is addressed to ``public_prefix``.

        Models the reverse proxy in front of the bot: ``https://bot.kpu.test`` (what
        setWebhook is given) forwarded to ``http://127.0.0.1:8443`` (where it listens).
        """
        self._routes[public_prefix.rstrip("/")] = local_prefix.rstrip("/")

    def start(self, url: str, secret_token: str | None) -> None:
        """Begin (or continue, with new parameters) delivering to ``url``."""
        self.url, self.secret_token = url, secret_token
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="sandbox-webhook")

    async def stop(self) -> None:
        """Stop delivering (deleteWebhook, or the sandbox stopping)."""
        self.url = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def target(self, url: str) -> str:
        """Where a POST for ``url`` goes: through the proxy, if one was set for it."""
        for public, local in self._routes.items():
            if url == public or url.startswith(public + "/"):
                return local + url[len(public) :]
        return url

    async def _run(self) -> None:
        async with aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout)
        ) as http:
            wait = self.retry_base
            while True:
                update = await self.sandbox.wait_until(
                    self._next_update, timeout=10**9, describe=lambda: "no update"
                )
                if await self._post(http, update):
                    self._confirm(update["update_id"])
                    wait = self.retry_base
                else:
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, self.retry_cap)

    def _next_update(self) -> dict[str, Any] | None:
        pending = self.sandbox.pending_updates
        return pending[0] if pending and self.url else None

    async def _post(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        assert self.url is not None
        headers = {"Content-Type": "application/json"}
        if self.secret_token:
            headers[SECRET_HEADER] = self.secret_token
        target = self.target(self.url)
        status, error = 0, ""
        if urlsplit(target).hostname not in LOOPBACK:
            # The sandbox is offline: a host no proxy route leads to cannot be resolved.
            error = "Failed to resolve host: Name or service not known"
        else:
            status, error = await self._send(http, target, update, headers)
        self.deliveries.append(Delivery(update["update_id"], target, status, time.monotonic()))
        if error:
            self.last_error_date = int(time.time())
            self.last_error_message = error
            logger.info("webhook delivery of update %s failed: %s", update["update_id"], error)
            return False
        return True

    async def _send(
        self,
        http: aiohttp.ClientSession,
        target: str,
        update: dict[str, Any],
        headers: dict[str, str],
    ) -> tuple[int, str]:
        status, error = 0, ""
        try:
            async with http.post(target, data=json.dumps(update), headers=headers) as answer:
                status = answer.status
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status} {answer.reason}"
        except TimeoutError:
            error = "Read timeout expired"
        except aiohttp.ClientConnectorError:
            error = "Connection refused"
        except aiohttp.ClientError as exc:
            error = f"Connection error: {type(exc).__name__}"
        return status, error

    def _confirm(self, update_id: int) -> None:
        self.sandbox.confirm_update(update_id)

    def info(self) -> dict[str, Any]:
        """getWebhookInfo's error fields, when a delivery failed."""
        if self.last_error_date is None:
            return {}
        return {
            "last_error_date": self.last_error_date,
            "last_error_message": self.last_error_message,
        }
