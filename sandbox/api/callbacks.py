"""Callback queries: a simulated press (a ``callback_query`` update) and answerCallbackQuery."""

# The public API takes plain ``timeout`` seconds on purpose (simple to call from tests).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

from sandbox.core import PendingQuery, SandboxCore
from sandbox.errors import ANSWER_TOO_LONG, QUERY_INVALID, URL_INVALID, bad
from sandbox.messages import CallbackAnswer, SandboxMessage

if TYPE_CHECKING:
    from sandbox.users import SimUser

MAX_CALLBACK_ANSWER_LENGTH = 200


class CallbacksMixin(SandboxCore):
    """Inline button presses and their answers."""

    async def _press(
        self, user: SimUser, message: SandboxMessage, data: str, timeout: float
    ) -> CallbackAnswer:
        """Enqueues a ``callback_query`` update and waits for answerCallbackQuery."""
        if message.deleted:
            raise LookupError(f"Message {message.message_id} was deleted")
        if not message.from_bot:
            raise LookupError("Only bot messages carry inline buttons")
        query_id = str(4_000_000_000_000 + self._next_query_id)
        self._next_query_id += 1
        future: asyncio.Future[CallbackAnswer] = asyncio.get_running_loop().create_future()
        self._queries[query_id] = PendingQuery(query_id, user, message, data, future)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": self.message_json(message),
            "chat_instance": str(abs(message.chat_id) * 7919 + 1234567),
            "data": data,
        }
        self._enqueue("callback_query", query)
        self._emit("button_press", message.chat_id, user, message, None, data=data)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            self._queries.pop(query_id, None)
            raise TimeoutError(
                f"The bot did not call answerCallbackQuery within {timeout}s for the press of "
                f"{data!r} on {message!r}"
            ) from None

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        """answerCallbackQuery; resolves the waiting :meth:`SimUser.press`."""
        query_id = str(params.get("callback_query_id") or "")
        pending = self._queries.pop(query_id, None)
        if pending is None:
            raise bad(QUERY_INVALID)
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
            self._queries[query_id] = pending
            raise bad(ANSWER_TOO_LONG)
        url = params.get("url")
        # Telegram opens only the bot's own deep links (or a game) from a callback answer.
        if url and not re.fullmatch(
            rf"https?://t\.me/{re.escape(self.bot_username)}\?start=[A-Za-z0-9_-]{{1,64}}",
            str(url),
        ):
            self._queries[query_id] = pending
            raise bad(URL_INVALID)
        answer = CallbackAnswer(
            text=str(text) if text not in (None, "") else None,
            show_alert=bool(params.get("show_alert")),
            url=params.get("url") or None,
        )
        if not pending.future.done():
            pending.future.set_result(answer)
        self._notify()
        self._emit(
            "callback_answer",
            pending.message.chat_id,
            pending.user,
            pending.message,
            answer.text,
            data=pending.data,
            show_alert=answer.show_alert,
            url=answer.url,
        )
        return True
