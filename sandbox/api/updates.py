"""Getting updates: getUpdates (long polling), setWebhook, deleteWebhook, getWebhookInfo."""

from __future__ import annotations

import asyncio
from typing import Any

from sandbox.core import SandboxCore
from sandbox.errors import POLL_CONFLICT, WEBHOOK_ACTIVE, bad
from sandbox.messages import TelegramErrorReply


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

        An empty URL removes the webhook, as deleteWebhook does.
        """
        url = params.get("url") or None
        if url is not None and not str(url).startswith("https://"):
            raise bad("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = url
        if url is None:
            await self.webhook.stop()
        else:
            secret = params.get("secret_token")
            self.webhook.start(str(url), str(secret) if secret else None)
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
