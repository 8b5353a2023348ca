"""The one sender of the outbox: rate-limited, resumable, idempotent per row (SPEC section 5)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from aiolimiter import AsyncLimiter
from sqlalchemy import update
from sqlmodel import col, select
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.db import SessionMaker
from bot.services import announcements
from models import Member, OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger(__name__)

BATCH = 50
MAX_ATTEMPTS = 5
PER_CHAT_INTERVAL = 1.0  # Telegram: about one message per second to the same chat


class Sender:
    """Sends pending outbox rows through the Bot API's sendMessage.

    A row is marked `sending` before the request and `sent` right after the answer, so a crash
    can repeat at most the one message in flight. Limits: `rate_per_second` overall and one
    message per second per chat. On 429 the whole sender pauses for `retry_after`; on 403 the
    member is marked unreachable and the row `blocked`; network errors and 5xx are retried
    with exponential backoff up to `MAX_ATTEMPTS`, then `failed`; other 400s are `failed`.
    """

    def __init__(
        self,
        bot: Bot,
        sessions: SessionMaker,
        *,
        rate_per_second: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bot = bot
        self._sessions = sessions
        self._limiter = AsyncLimiter(rate_per_second, 1)
        self._clock = clock
        self._last_sent: dict[int, float] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._stopping = False

    async def start(self) -> None:
        """Requeue rows left `sending` by a crash, then start the loop."""
        async with self._sessions() as session:
            await session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.status) == OutboxStatus.SENDING)
                .values(status=OutboxStatus.PENDING)
            )
            await session.commit()
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the message in flight (waiting up to `grace` seconds for it).

        Rows not yet sent stay pending for the next start.
        """
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    def wake(self) -> None:
        """Tell the sender new rows were committed."""
        self._idle.clear()
        self._wake.set()

    async def wait_idle(self) -> None:
        """Wait until nothing is due (for tests and the demo; wrap in `asyncio.timeout`)."""
        await self._idle.wait()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                delay = await self._drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox sender pass failed; retrying")
                delay = 1.0
            if delay is None:
                self._idle.set()
            if self._stopping:
                return
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay or 30.0)

    async def _drain(self) -> float | None:
        """Send what is due; return seconds until the next retry is due (None: nothing left)."""
        while True:
            async with self._sessions() as session:
                rows = (
                    await session.exec(
                        select(OutboxMessage)
                        .where(
                            OutboxMessage.status == OutboxStatus.PENDING,
                            OutboxMessage.next_attempt_at <= utcnow(),
                        )
                        .order_by(col(OutboxMessage.id))
                        .limit(BATCH)
                    )
                ).all()
            if not rows:
                async with self._sessions() as session:
                    if await announcements.report_finished(session, now=utcnow()):
                        await session.commit()
                        continue
                    waiting = (
                        await session.exec(
                            select(OutboxMessage.next_attempt_at)
                            .where(OutboxMessage.status == OutboxStatus.PENDING)
                            .order_by(col(OutboxMessage.next_attempt_at))
                            .limit(1)
                        )
                    ).first()
                if waiting is None:
                    return None
                return max(0.05, (waiting - utcnow()).total_seconds())
            for row in rows:
                if self._stopping:
                    return None
                await self._send(row)

    async def _send(self, row: OutboxMessage) -> None:
        last = self._last_sent.get(row.chat_id)
        if last is not None and (wait := PER_CHAT_INTERVAL - (self._clock() - last)) > 0:
            await asyncio.sleep(wait)
        async with self._limiter:
            async with self._sessions() as session:
                claimed = await session.exec(
                    update(OutboxMessage)
                    .where(
                        col(OutboxMessage.id) == row.id,
                        col(OutboxMessage.status) == OutboxStatus.PENDING,
                    )
                    .values(status=OutboxStatus.SENDING)
                )
                await session.commit()
                if claimed.rowcount != 1:
                    return
            values: dict[str, object]
            try:
                message = await self._bot.send_message(
                    chat_id=row.chat_id,
                    text=row.text,
                    reply_markup=InlineKeyboardMarkup.de_json(row.reply_markup, self._bot)
                    if row.reply_markup
                    else None,
                )
            except RetryAfter as exc:
                retry = exc.retry_after
                seconds = retry.total_seconds() if isinstance(retry, timedelta) else float(retry)
                log.warning("429 from Telegram: the sender pauses %.0f s", seconds)
                await self._release(row, {"status": OutboxStatus.PENDING})
                await asyncio.sleep(seconds)
                return
            except Forbidden as exc:
                values = {"status": OutboxStatus.BLOCKED, "error": exc.message[:500]}
                await self._mark_unreachable(row)
            except BadRequest as exc:
                values = {"status": OutboxStatus.FAILED, "error": exc.message[:500]}
            except (NetworkError, TelegramError) as exc:
                attempts = row.attempts + 1
                if attempts >= MAX_ATTEMPTS:
                    values = {
                        "status": OutboxStatus.FAILED,
                        "attempts": attempts,
                        "error": str(exc)[:500],
                    }
                else:
                    values = {
                        "status": OutboxStatus.PENDING,
                        "attempts": attempts,
                        "error": str(exc)[:500],
                        "next_attempt_at": utcnow() + timedelta(seconds=2**attempts),
                    }
            else:
                values = {
                    "status": OutboxStatus.SENT,
                    "telegram_message_id": message.message_id,
                    "sent_at": utcnow(),
                    "error": None,
                }
            self._last_sent[row.chat_id] = self._clock()
            await self._release(row, values)

    async def _release(self, row: OutboxMessage, values: dict[str, object]) -> None:
        async with self._sessions() as session:
            await session.exec(
                update(OutboxMessage).where(col(OutboxMessage.id) == row.id).values(**values)
            )
            await session.commit()

    async def _mark_unreachable(self, row: OutboxMessage) -> None:
        if row.member_id is None:
            return
        async with self._sessions() as session:
            await session.exec(
                update(Member).where(col(Member.id) == row.member_id).values(is_reachable=False)
            )
            await session.commit()
