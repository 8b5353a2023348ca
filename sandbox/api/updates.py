"""Getting updates: getUpdates (long polling), setWebhook, deleteWebhook, getWebhookInfo."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from sandbox.core import SandboxCore
from sandbox.errors import (
    POLL_CONFLICT,
    SECRET_CHARACTERS,
    SECRET_TOO_LONG,
    WEBHOOK_ACTIVE,
    WEBHOOK_NOT_HTTPS,
    WEBHOOK_PORT,
    WEBHOOK_URL_INVALID,
    bad,
)
from sandbox.links import UrlError, parse_url
from sandbox.messages import TelegramErrorReply

WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})
MAX_SECRET_TOKEN_LENGTH = 256


class UpdatesMixin(SandboxCore):
    """The update queue's Bot API side."""

    def raw_update(self, payload: dict[str, Any]) -> int:
        """Enqueues an arbitrary update dict as it is (e.g. a kind of update PTB does not know)
        for the next getUpdates; ``allowed_updates`` is not applied.

        Args:
            payload: The update; without ``update_id`` the next free id is added.

        Returns:
            The update's ``update_id``.
        """
        update = dict(payload)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        update_id = int(update["update_id"])
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._updates.append(update)
        self._notify()
        return update_id

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """getUpdates, with offset confirmation, limit, allowed_updates and long polling."""
        if self.webhook_url:
            raise TelegramErrorReply(409, WEBHOOK_ACTIVE)
        offset = params.get("offset")
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        if isinstance(offset, int) and offset != 0:
            if offset < 0:
                self._updates = self._updates[offset:]
            else:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # terminates an older concurrent long poll
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._updates and not self._closing and generation == self._poll_generation:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            event = self._changed
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                break
        if generation != self._poll_generation:
            raise TelegramErrorReply(409, POLL_CONFLICT)
        if self._closing:
            return []
        return self._updates[:limit]

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        """deleteWebhook (optionally dropping pending updates); deliveries stop."""
        self.webhook_url = None
        await self.webhook.stop()
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        """setWebhook: updates are POSTed to the URL (sandbox/webhook.py); getUpdates 409s.

        An empty URL removes the webhook, as deleteWebhook does. A URL without a scheme is
        taken as ``https://``; Telegram delivers only over HTTPS, to ports 80, 88, 443 and
        8443.
        """
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        url = str(params.get("url") or "") or None
        delivery_url = None
        secret = str(params.get("secret_token") or "")
        if url is not None:
            try:
                parsed = parse_url(url, default_https=True)
            except UrlError:
                raise bad(WEBHOOK_URL_INVALID) from None
            if len(secret) > MAX_SECRET_TOKEN_LENGTH:
                raise bad(SECRET_TOO_LONG)
            if not re.fullmatch(r"[A-Za-z0-9_-]*", secret):
                raise bad(SECRET_CHARACTERS)
            if not parsed.https:
                raise bad(WEBHOOK_NOT_HTTPS)
            if parsed.port not in WEBHOOK_PORTS:
                raise bad(WEBHOOK_PORT)
            delivery_url = url if "://" in url else f"https://{url}"
        self.webhook_url = url
        if delivery_url is None:
            await self.webhook.stop()
        else:
            self.webhook.start(delivery_url, secret or None)
        self._notify()
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        """getWebhookInfo."""
        info: dict[str, Any] = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
            **self.webhook.info(),
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = self._allowed_updates
        return info
