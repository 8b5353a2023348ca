"""The one sender of the outbox: rate-limited, resumable, idempotent per row (SPEC section 5)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from sqlalchemy import bindparam, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select
from telegram import InlineKeyboardMarkup, InputFile, LinkPreviewOptions, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot

from bot import notices
from bot.db import SessionMaker
from bot.exports import ics_file_name
from bot.metrics import OfficeMetrics
from bot.ratelimit import BULK, retry_seconds
from bot.services import announcements, groups, outbox
from models import FileKind, Forum, Member, OutboxKind, OutboxMessage, OutboxStatus, utcnow
from scheduler.group_commit import GroupCommit

log = logging.getLogger(__name__)

BATCH = 50
# Telegram sometimes answers slowly; a timeout may mean "delivered, answer lost", and a retry
# would repeat the message, so the sender waits longer than PTB's 5-second default.
READ_TIMEOUT = 20.0
UPDATE_ATTEMPTS = 4
# Reminders, nudges and summaries lose their sense once the forum has started.
EXPIRE_AT_START = {OutboxKind.REMINDER, OutboxKind.NUDGE, OutboxKind.SUMMARY}
# Invitations and reminders (and the change and waitlist notices that repeat an invitation's
# details) carry a maps link: no preview card (it would push the RSVP buttons off the screen
# and show a site's card in the office's message).
NO_LINK_PREVIEW = {
    OutboxKind.INVITATION,
    OutboxKind.REMINDER,
    OutboxKind.NUDGE,
    OutboxKind.CHANGE_NOTICE,
    OutboxKind.WAITLIST,
}
# A venue pin or an invitation's attachment waits this long before it looks again whether
# its message has been sent.
FOLLOW_WAIT = timedelta(seconds=1)
# Telegram's limits: about one message per second to a private chat, 20 per minute to a group.
PRIVATE_CHAT_INTERVAL = 1.0
GROUP_CHAT_INTERVAL = 3.0


def chat_interval(chat_id: int) -> float:
    """Seconds between two messages to the same chat (groups have negative ids)."""
    return GROUP_CHAT_INTERVAL if chat_id < 0 else PRIVATE_CHAT_INTERVAL


#: The sender's pace allows this many sends at once after a pause (see `Sender.__init__`).
BUCKET = 2


class Sender:
    """Sends pending outbox rows through the Bot API's sendMessage (sendPhoto / sendDocument
    for a row with a file, sendVenue for a venue pin; a pin or an invitation's attachment
    waits for the message it follows), paced, a few at a time.

    Delivery: a row is claimed (`sending`, with a lease of `claim_lease` seconds) before the
    request and marked `sent` right after Telegram's answer. A crash between the two repeats
    the messages then in flight (at most `concurrency`) once the lease has passed (a lease,
    so that a second instance starting up cannot take over a row the first is sending); a
    timeout whose message did arrive is retried and may arrive twice.
    Reminders, nudges and summaries still queued when their forum starts are dropped.
    A calendar row (`OutboxKind.CALENDAR`) is the forum's `.ics` made when it is sent
    (sendDocument), its text the caption.

    Limits: `rate_per_second` overall (aiolimiter), one message per second per private chat
    and one per three seconds per group; rows to a chat that is not ready yet are passed over,
    not waited for. Up to `concurrency` requests are in flight (never two to one chat, so a
    chat gets its messages in order): with Telegram a round trip away, one at a time could
    not keep the pace. On 429 the whole sender pauses until `retry_after` has passed; a
    second 429 can only extend the pause. On 403 the row is `blocked` and the member marked
    unreachable (a group: marked inactive, its other waiting rows blocked too); on
    ChatMigrated the row follows the chat's new id; network errors, timeouts and 5xx are
    retried with exponential backoff (durable: `next_attempt_at`) up to
    `max_attempts` (waiting `retry_base` × 2ⁿ⁻¹ seconds before attempt n + 1), then `failed`;
    other 400s are `failed` at once.

    `metrics` (bot/metrics.py) counts each row recorded sent, failed or blocked, and the
    lag of each reminder sent.
    """

    def __init__(
        self,
        bot: ExtBot[str],
        sessions: SessionMaker,
        *,
        rate_per_second: float,
        max_attempts: int = 5,
        retry_base: float = 2.0,
        claim_lease: float = 120.0,
        concurrency: int = 1,
        clock: Callable[[], float] = time.monotonic,
        forum_default_duration: int = 3 * 3600,
        alarm_before: int = 2 * 3600,
        metrics: OfficeMetrics | None = None,
    ) -> None:
        self._bot = bot
        self._metrics = metrics
        # For the `.ics` files of calendar rows (`OutboxKind.CALENDAR`): seconds.
        self._forum_duration = forum_default_duration
        self._alarm_before = alarm_before
        self._max_attempts = max_attempts
        self._retry_base = retry_base
        self._claim_lease = timedelta(seconds=claim_lease)
        self._sessions = sessions
        engine = sessions.kw["bind"]
        self._autocommit = engine.dialect.name == "postgresql"
        self._writes: AsyncEngine = (
            engine.execution_options(isolation_level="AUTOCOMMIT") if self._autocommit else engine
        )
        # `rate` a second with a bucket of 2: a send the event loop wakes late is made up by
        # the next one (with a bucket of 1 each late wake-up was lost: 27.7/s of 28.5 in
        # `bench --only largest`), and any one-second window, which is what Telegram
        # counts, holds at most rate + 2 (a bucket of `rate` would let twice that through).
        self._limiter = AsyncLimiter(BUCKET, BUCKET / rate_per_second)
        self._clock = clock
        self._ready_at: dict[int, float] = {}  # chat id -> clock() when it may get the next one
        self._paused_until = 0.0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._stopping = False
        self._in_flight: dict[int, asyncio.Task[None]] = {}  # row id -> its delivery
        self._busy_chats: set[int] = set()  # chats with a request in flight
        self._slots = asyncio.Semaphore(concurrency)
        # Claims and "sent" records of deliveries that finish together share a statement.
        self._claims = GroupCommit(self._claim_rows)
        self._sent = GroupCommit(self._record_sent)

    async def start(self, *, requeue_all_claims: bool = False) -> None:
        """Requeue rows whose claim a crash left behind, then start the loop.

        A claim is requeued once its lease has passed; with `requeue_all_claims` at once
        (the caller knows the process that claimed them is gone).
        """
        await self._requeue_expired_claims(all_claims=requeue_all_claims)
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
            # Rows whose request is cut off stay claimed and go again after the lease.
            for delivery in list(self._in_flight.values()):
                delivery.cancel()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._claims.close()
        await self._sent.close()
        self._task = None

    @property
    def running(self) -> bool:
        """Whether the sending loop is alive: started, not stopped, not ended by an error."""
        return self._task is not None and not self._task.done()

    def wake(self) -> None:
        """Tell the sender new rows were committed."""
        self._idle.clear()
        self._wake.set()

    async def wait_idle(self) -> None:
        """Wait until nothing is due (for tests and the demo; wrap in `asyncio.timeout`)."""
        await self._idle.wait()

    async def _run(self) -> None:
        try:
            await self._loop()
        finally:
            if self._in_flight:  # the messages in flight finish (or are cancelled by stop)
                await asyncio.wait(list(self._in_flight.values()))

    async def _loop(self) -> None:
        while not self._stopping:
            # Cleared before the pass, not after it: a row committed (and `wake` called) while
            # the pass runs its last query would otherwise wait for the 30 s poll.
            self._wake.clear()
            try:
                delay = await self._drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox sender pass failed; retrying")
                delay = 1.0
            if delay is None and not self._wake.is_set():
                self._idle.set()
            if self._stopping:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=30.0 if delay is None else delay)

    async def _drain(self) -> float | None:
        """Send what is due; return seconds until the next retry is due (None: nothing left)."""
        while not self._stopping:
            now = self._clock()
            # Chats that just had a message wait their turn; the query skips them so that a
            # queue of messages to one chat does not hold up everyone else's.
            self._ready_at = {chat: at for chat, at in self._ready_at.items() if at > now}
            cooling = list(self._ready_at.keys() | self._busy_chats)
            rows = await self._due_rows(excluding=cooling)
            if not rows:
                if self._in_flight:  # their outcome may queue a row again (429, migration)
                    await asyncio.wait(
                        list(self._in_flight.values()), return_when=asyncio.FIRST_COMPLETED
                    )
                    continue
                if cooling and await self._due_rows(only=cooling, limit=1):
                    await asyncio.sleep(max(0.0, min(self._ready_at.values()) - self._clock()))
                    continue
                return await self._finish_pass()
            for row in rows:
                if self._stopping:
                    return None
                if (
                    self._ready_at.get(row.chat_id, 0.0) > self._clock()
                    or row.chat_id in self._busy_chats
                ):
                    continue  # a second row to a chat served earlier in this batch
                await self._dispatch(row)
        return None

    async def _due_rows(
        self,
        *,
        excluding: list[int] | None = None,
        only: list[int] | None = None,
        limit: int = BATCH,
    ) -> list[OutboxMessage]:
        query = select(OutboxMessage).where(
            col(OutboxMessage.status) == OutboxStatus.PENDING,
            col(OutboxMessage.next_attempt_at) <= utcnow(),
        )
        if excluding:
            query = query.where(col(OutboxMessage.chat_id).not_in(excluding))
        if only is not None:
            query = query.where(col(OutboxMessage.chat_id).in_(only))
        async with self._sessions() as session:
            result = await session.exec(query.order_by(col(OutboxMessage.id)).limit(limit))
            return list(result.all())

    async def _requeue_expired_claims(self, *, all_claims: bool = False) -> int:
        claimed = col(OutboxMessage.status) == OutboxStatus.SENDING
        expired = col(OutboxMessage.next_attempt_at) <= utcnow()
        return await self._write(
            update(OutboxMessage)
            .where(claimed if all_claims else claimed & expired)
            .values(status=OutboxStatus.PENDING, next_attempt_at=utcnow())
        )

    async def _finish_pass(self) -> float | None:
        """Nothing is due: report finished announcements; say when the next retry is due."""
        if await self._requeue_expired_claims():
            return 0.0
        async with self._sessions() as session:
            finished = await announcements.finished(session, now=utcnow())
            if finished:
                await notices.announcements.delivery_reports(session, finished)
                await session.commit()
                return 0.0
            waiting = (
                await session.exec(
                    select(OutboxMessage.next_attempt_at)
                    .where(
                        col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
                    )
                    .order_by(col(OutboxMessage.next_attempt_at))
                    .limit(1)
                )
            ).first()
        if waiting is None:
            return None
        return max(0.05, (waiting - utcnow()).total_seconds())

    async def _pause_if_told(self) -> None:
        # Only the dispatching loop sleeps here, so nothing can shorten the pause; a later
        # 429 (from any delivery) only moves `_paused_until` further out (max), never earlier.
        wait = self._paused_until - self._clock()
        if wait > 0:
            await asyncio.sleep(wait)

    async def _dispatch(self, row: OutboxMessage) -> None:
        """Wait for a free slot, the pace and any 429 pause, then start the row's delivery."""
        if await self._expired(row):
            await self._update(
                row, status=OutboxStatus.FAILED, error="forum already started; not sent"
            )
            return
        if not await self._follows_sent(row):
            return
        await self._slots.acquire()
        try:
            await self._pause_if_told()
            await self._limiter.acquire()
            await self._pause_if_told()  # a 429 may have come back while it waited
        except BaseException:
            self._slots.release()
            raise
        row_id, chat_id = row.id or 0, row.chat_id
        self._ready_at[chat_id] = self._clock() + chat_interval(chat_id)
        self._busy_chats.add(chat_id)
        delivery = asyncio.create_task(self._deliver(row), name=f"outbox-row-{row_id}")
        self._in_flight[row_id] = delivery

        def done(_: asyncio.Task[None]) -> None:
            self._in_flight.pop(row_id, None)
            self._busy_chats.discard(chat_id)
            self._slots.release()

        delivery.add_done_callback(done)

    async def _deliver(self, row: OutboxMessage) -> None:
        try:
            await self._send(row)
        except Exception:
            # The row stays claimed and is sent again after its lease: logged, not lost.
            log.exception("outbox row %s: delivery failed", row.id)

    async def _send(self, row: OutboxMessage) -> None:
        """Claim the row, send it and record the outcome (one delivery task per row)."""
        if not await self._claim(row):
            return
        values: dict[str, object]
        try:
            message = await self._request(row)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            log.warning("429 from Telegram: the sender pauses %.0f s", seconds)
            self._paused_until = max(self._paused_until, self._clock() + seconds)
            await self._update(row, status=OutboxStatus.PENDING, next_attempt_at=utcnow())
            return
        except ChatMigrated as exc:
            log.info("chat %s became %s; its messages follow", row.chat_id, exc.new_chat_id)
            await self._follow_migration(row.chat_id, exc.new_chat_id)
            return
        except Forbidden as exc:
            values = {"status": OutboxStatus.BLOCKED, "error": exc.message[:500]}
            if row.chat_id < 0:
                await self._group_lost(row.chat_id, exc.message)
            else:
                await self._mark_unreachable(row, exc.message)
        except BadRequest as exc:
            values = {"status": OutboxStatus.FAILED, "error": exc.message[:500]}
        except (NetworkError, TelegramError) as exc:
            values = self._retry_values(row, exc)
        else:
            values = {
                "status": OutboxStatus.SENT,
                "telegram_message_id": message.message_id,
                "sent_at": utcnow(),
                "error": None,
            }
        self._ready_at[row.chat_id] = self._clock() + chat_interval(row.chat_id)
        await self._update(row, **values)
        if self._metrics is not None and values["status"] == OutboxStatus.SENT:
            due = notices.reminders.reminder_due_at(row.dedupe_key)
            if due is not None:
                self._metrics.reminder_sent((utcnow() - due).total_seconds())

    async def _request(self, row: OutboxMessage) -> Message:
        """The one Bot API call of a row: sendVenue for a venue pin; sendPhoto / sendDocument
        by its `file_id` for a row with a file, the text as caption (the file is never uploaded
        again); else sendMessage."""
        # Interactive replies go first; a 429 is handled by the caller, durably.
        common: dict[str, Any] = {
            "chat_id": row.chat_id,
            "read_timeout": READ_TIMEOUT,
            "rate_limit_args": BULK,
        }
        if row.kind == OutboxKind.CALENDAR:
            return await self._send_calendar(row)
        if row.kind == OutboxKind.VENUE and row.venue is not None:
            return await self._bot.send_venue(
                latitude=row.venue["latitude"],
                longitude=row.venue["longitude"],
                title=row.venue["title"],
                address=row.venue["address"],
                **common,
            )
        common["reply_markup"] = (
            InlineKeyboardMarkup.de_json(row.reply_markup, self._bot) if row.reply_markup else None
        )
        if row.file_id is not None and row.file_kind == FileKind.PHOTO:
            return await self._bot.send_photo(photo=row.file_id, caption=row.text, **common)
        if row.file_id is not None:
            return await self._bot.send_document(document=row.file_id, caption=row.text, **common)
        return await self._bot.send_message(
            text=row.text,
            link_preview_options=(
                LinkPreviewOptions(is_disabled=True) if row.kind in NO_LINK_PREVIEW else None
            ),
            **common,
        )

    async def _follows_sent(self, row: OutboxMessage) -> bool:
        """Whether the message a venue pin or an attachment follows has been sent (True for
        any other row).

        While that message waits, the row waits too (looking again after `FOLLOW_WAIT`, or
        after that message's next attempt); when it was not sent (failed, blocked, dropped)
        the row is not sent either.
        """
        key = outbox.followed_key(row)
        if key is None:
            return True
        async with self._sessions() as session:
            followed = (
                await session.exec(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))
            ).first()
        if followed is None or followed.status == OutboxStatus.SENT:
            return True
        if followed.status in (OutboxStatus.FAILED, OutboxStatus.BLOCKED):
            await self._update(
                row, status=followed.status, error="its message was not sent; not sent"
            )
            return False
        later = utcnow() + FOLLOW_WAIT
        if followed.status == OutboxStatus.PENDING:
            later = max(later, followed.next_attempt_at + FOLLOW_WAIT)
        await self._update(row, next_attempt_at=later)
        return False

    async def _send_calendar(self, row: OutboxMessage) -> Message:
        """The forum's `.ics` as it stands now (sendDocument), `row.text` as its caption.

        Raises:
            BadRequest: the forum is gone (recorded as failed like any other 400).
        """
        async with self._sessions() as session:
            forum = await session.get(Forum, row.forum_id) if row.forum_id else None
        if forum is None:
            raise BadRequest("forum not found: no calendar file to send")
        # icalendar is about 50 ms of imports that the start-up would pay for a file that
        # only calendar rows need; imported on the first one instead.
        from bot.exports.ics import render_ics

        data = render_ics(
            forum, default_duration=self._forum_duration, alarm_before=self._alarm_before
        )
        return await self._bot.send_document(
            chat_id=row.chat_id,
            document=InputFile(data, filename=ics_file_name(forum)),
            caption=row.text,
            read_timeout=READ_TIMEOUT,
            rate_limit_args=BULK,
        )

    def _retry_values(self, row: OutboxMessage, exc: TelegramError) -> dict[str, object]:
        attempts = row.attempts + 1
        if attempts >= self._max_attempts:
            log.warning("outbox row %s failed after %d attempts: %s", row.id, attempts, exc)
            return {"status": OutboxStatus.FAILED, "attempts": attempts, "error": str(exc)[:500]}
        return {
            "status": OutboxStatus.PENDING,
            "attempts": attempts,
            "error": str(exc)[:500],
            "next_attempt_at": utcnow()
            + timedelta(seconds=self._retry_base * 2 ** (attempts - 1)),
        }

    async def _expired(self, row: OutboxMessage) -> bool:
        if row.kind not in EXPIRE_AT_START or row.forum_id is None:
            return False
        async with self._sessions() as session:
            forum = await session.get(Forum, row.forum_id)
        return forum is not None and forum.starts_at <= utcnow()

    async def _claim(self, row: OutboxMessage) -> bool:
        return await self._claims.submit(row.id or 0)

    async def _claim_rows(self, row_ids: Sequence[int]) -> list[bool]:
        """Claim the pending rows among `row_ids`: whether each was claimed (one statement)."""
        async with self._writes.connect() as connection:
            result = await connection.execute(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.id).in_(row_ids),
                    col(OutboxMessage.status) == OutboxStatus.PENDING,
                )
                .values(status=OutboxStatus.SENDING, next_attempt_at=utcnow() + self._claim_lease)
                .returning(col(OutboxMessage.id))
            )
            claimed = set(result.scalars().all())
            if not self._autocommit:
                await connection.commit()
        return [row_id in claimed for row_id in row_ids]

    async def _record_sent(self, sent: Sequence[tuple[int, int, datetime]]) -> list[None]:
        """Mark rows sent, each (row id, Telegram's message id, when): one executemany."""
        async with self._writes.connect() as connection:
            await connection.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == bindparam("row_id"))
                .values(
                    status=OutboxStatus.SENT,
                    telegram_message_id=bindparam("message_id"),
                    sent_at=bindparam("at"),
                    error=None,
                ),
                [{"row_id": r, "message_id": m, "at": at} for r, m, at in sent],
            )
            if not self._autocommit:
                await connection.commit()
        return [None] * len(sent)

    async def _write(self, statement: Any) -> int:
        """Run one UPDATE in a transaction of its own; return the rows it changed.

        On the connection, not through the ORM: the sender holds no objects the statement
        could change, and the ORM's bulk-update bookkeeping cost more CPU than the statement
        (about 1.5 ms of 9 per send on PostgreSQL). On PostgreSQL in autocommit: one
        statement is its own transaction there, and BEGIN and COMMIT were two more round
        trips per write.
        """
        async with self._writes.connect() as connection:
            result = await connection.execute(statement)
            if not self._autocommit:
                await connection.commit()
        return int(result.rowcount)

    async def _update(self, row: OutboxMessage, **values: Any) -> None:
        if values.get("status") == OutboxStatus.SENT:
            sent = (row.id or 0, values["telegram_message_id"], values["sent_at"])
            write: Callable[[], Awaitable[object]] = functools.partial(self._sent.submit, sent)
        else:
            statement = update(OutboxMessage).where(col(OutboxMessage.id) == row.id)
            write = functools.partial(self._write, statement.values(**values))
        # After a send this write is what keeps the message from going out again: a busy
        # database gets a few more chances before the error is left to the next pass.
        for attempt in range(UPDATE_ATTEMPTS):
            try:
                await write()
                self._count(values.get("status"))
                return
            except OperationalError:
                if attempt == UPDATE_ATTEMPTS - 1:
                    raise
                log.warning("outbox row %s: database busy, retrying its update", row.id)
                await asyncio.sleep(0.5 * 2**attempt)

    def _count(self, status: object) -> None:
        if self._metrics is None:
            return
        if status == OutboxStatus.SENT:
            self._metrics.message_sent()
        elif status in (OutboxStatus.FAILED, OutboxStatus.BLOCKED):
            self._metrics.message_failed(str(status))

    async def _follow_migration(self, old_chat_id: int, new_chat_id: int) -> None:
        async with self._sessions() as session:
            await session.exec(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.chat_id) == old_chat_id,
                    col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
                )
                .values(chat_id=new_chat_id, status=OutboxStatus.PENDING, next_attempt_at=utcnow())
            )
            # A coordination group's stored id follows too (members' chats are private).
            await groups.migrate(session, old_chat_id=old_chat_id, new_chat_id=new_chat_id)
            await session.commit()

    async def _group_lost(self, chat_id: int, reason: str) -> None:
        log.info("group %s refused a message (%s): marked inactive", chat_id, reason)
        async with self._sessions() as session:
            await groups.lost(session, chat_id=chat_id, reason=reason)
            await session.commit()

    async def _mark_unreachable(self, row: OutboxMessage, reason: str) -> None:
        if row.member_id is None:
            return
        async with self._sessions() as session:
            await session.exec(
                update(Member)
                .where(col(Member.id) == row.member_id)
                .values(is_reachable=False, unreachable_reason=reason[:200])
            )
            await session.commit()
