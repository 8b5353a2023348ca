"""Webhooks for many offices: `/telegram/<slug>` on every worker, relayed to the holder.

Telegram POSTs an office's updates to `<WEBHOOK_URL>/telegram/<slug>`; the reverse proxy
hands each POST to any worker, which need not be the one running that office. The worker
that receives it (`WebhookDoor`) checks the secret Telegram sends with it, stores the
update in the office's `inboundupdate` table and NOTIFYs `INBOUND_CHANNEL`, and only after
the commit answers 200: an update Telegram was told it delivered is in the database. The
worker holding the office (`InboundRelay`) wakes on the NOTIFY (or every `POLL_SECONDS`,
should a notification be missed while its connection was being replaced), takes the rows
out in update order and puts them on its Application's update queue, as PTB's own webhook
server does with the updates it receives.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass

from aiohttp import web
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.context import SinergiApplication
from bot.offices.registry import Office
from models import InboundUpdate

log = logging.getLogger(__name__)

INBOUND_CHANNEL = "sinergi_inbound"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_SECONDS = 2.0
BATCH = 100
# Telegram's updates are a few kilobytes; a message's text is at most 4096 characters.
MAX_BODY = 1024 * 1024
#: Update ids a holder remembers having queued. Not a high-water mark: after a week without
#: updates Telegram picks the next id at random, possibly below the last.
REMEMBERED = 10_000
#: The largest update_id the inboundupdate table holds (a BIGINT); Telegram's are far below.
MAX_UPDATE_ID = 2**63 - 1
_inbound = InboundUpdate.__table__  # type: ignore[attr-defined]


def webhook_secret(office: Office, worker_secret: str) -> str:
    """The office's setWebhook `secret_token`, the same on every worker: an HMAC of its
    slug under WEBHOOK_SECRET, or under its bot token when none is set (43 characters
    of A-Z, a-z, 0-9, `_` and `-`)."""
    key = (worker_secret or office.settings.bot_token).encode()
    digest = hmac.new(key, f"sinergi-webhook:{office.slug}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


@dataclass(frozen=True)
class Door:
    """What the door knows of one office: its schema's engine and its webhook secret."""

    office: Office
    engine: AsyncEngine
    secret: str


DOORS = web.AppKey("doors", dict[str, Door])


async def receive(request: web.Request) -> web.StreamResponse:
    """POST `/telegram/{slug}`: store one update for the office's holder.

    Answers 403 without the office's secret, or for an office it does not serve (the
    same answer, so the door does not tell which offices exist; nothing is read), 400 for
    a body that is not an update, 503 when the database does not take it (Telegram
    delivers it again later), else 200.
    """
    slug = request.match_info["slug"]
    door = request.app[DOORS].get(slug)
    # aiohttp keeps a header's bytes that are not UTF-8 as surrogates: encoded back as they
    # came, they are compared like any other wrong secret instead of raising (a 500 and a
    # traceback at ERROR for anyone who sends one byte 0xff).
    given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
    if door is None or not hmac.compare_digest(given, door.secret.encode()):
        _refused(slug if door is not None else None)
        raise web.HTTPForbidden()
    try:
        payload = json.loads(await request.read(), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise web.HTTPBadRequest() from None
    update_id = payload.get("update_id") if isinstance(payload, dict) else None
    if (
        not isinstance(update_id, int)
        or isinstance(update_id, bool)
        or not 0 <= update_id <= MAX_UPDATE_ID
    ):
        raise web.HTTPBadRequest()
    try:
        async with door.engine.begin() as connection:
            await connection.execute(
                insert(_inbound)
                .values(update_id=update_id, payload=payload)
                .on_conflict_do_nothing(index_elements=[_inbound.c.update_id])
            )
            await connection.execute(select(func.pg_notify(INBOUND_CHANNEL, door.office.slug)))
    except (SQLAlchemyError, OSError) as exc:  # OSError: a connection refused, unwrapped
        # The driver's words only: SQLAlchemy's own text carries the statement's parameters,
        # which here are the whole update (a member's name, phone number, what they typed).
        reason = getattr(exc, "orig", None) or exc
        log.warning(
            "webhook of office %s: the update was not stored: %s: %s",
            door.office.slug,
            type(reason).__name__,
            str(reason).splitlines()[0] if str(reason) else "",
        )
        raise web.HTTPServiceUnavailable() from None
    return web.Response()


def _no_constant(name: str) -> object:
    """NaN and Infinity: Python's JSON reads them, JSON (and PostgreSQL's jsonb) has none."""
    raise ValueError(f"not JSON: {name}")


#: Seconds between two log lines about refused POSTs: anyone can send them, and a line
#: for each would let them fill the log.
REFUSED_LOG_EVERY = 60.0
_refusals: dict[str | None, tuple[float, int]] = {}  # office (None: unknown) -> last line, count


def _refused(slug: str | None) -> None:
    """Count a refused POST; log a WARNING for the first, then at most one a minute per
    office with how many came since."""
    now = time.monotonic()
    logged_at, count = _refusals.get(slug, (-REFUSED_LOG_EVERY, 0))
    count += 1
    if now - logged_at < REFUSED_LOG_EVERY:
        _refusals[slug] = (logged_at, count)
        return
    _refusals[slug] = (now, 0)
    where = f"office {slug}" if slug is not None else "an office this worker does not serve"
    log.warning("webhook of %s: %d POST(s) without its secret refused", where, count)


def build(doors: dict[str, Door]) -> web.Application:
    """The aiohttp application of the offices' webhooks."""
    app = web.Application(client_max_size=MAX_BODY)
    app[DOORS] = doors
    app.router.add_post("/telegram/{slug}", receive)
    return app


class InboundRelay:
    """Moves one hosted office's stored updates onto its Application's update queue.

    Args:
        engine: The office's engine (its schema).
        application: The office's running Application.
    """

    def __init__(self, engine: AsyncEngine, application: SinergiApplication) -> None:
        self._engine = engine
        self._application = application
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        # The updates queued lately, oldest first: a retry Telegram sends after its row was
        # taken out (the 200 lost on the way) finds no row to conflict with, but its id here.
        self._relayed: dict[int, None] = {}

    def start(self) -> None:
        self._wake.set()  # what arrived while no worker held the office
        self._task = asyncio.create_task(self._run(), name="inbound-relay")

    def wake(self) -> None:
        """An update for this office was committed (a NOTIFY)."""
        self._wake.set()

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the batch in hand is queued (waiting up to `grace` seconds for it).

        A batch is never cancelled by choice: cancelled while its DELETE commits, its rows
        would be gone from the table and never queued, updates Telegram was told arrived.
        """
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:  # the database has not answered for `grace` seconds
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _run(self) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            self._wake.clear()
            if self._stopping:
                return
            try:
                while await self._relay() == BATCH and not self._stopping:
                    pass
            except (SQLAlchemyError, OSError) as exc:
                # OSError: a new pool connection that could not be opened (refused, DNS),
                # which SQLAlchemy does not wrap; the task must outlive it, or the office's
                # stored updates wait for its next start while the door answers 200.
                log.warning("could not read the office's webhook updates (retrying): %s", exc)

    async def _relay(self) -> int:
        """Take up to BATCH updates out, oldest first, and queue them; how many."""
        oldest = (
            select(_inbound.c.update_id)
            .order_by(_inbound.c.update_id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        async with self._engine.begin() as connection:
            rows = (
                await connection.execute(
                    delete(_inbound)
                    .where(_inbound.c.update_id.in_(oldest))
                    .returning(_inbound.c.update_id, _inbound.c.payload)
                )
            ).all()
        bot = self._application.bot
        for update_id, payload in sorted(rows, key=lambda row: int(row[0])):
            if update_id in self._relayed:
                log.debug("webhook update %s came again, after it was handled: dropped", update_id)
                continue
            self._relayed[update_id] = None
            if len(self._relayed) > REMEMBERED:
                del self._relayed[next(iter(self._relayed))]
            try:
                update = Update.de_json(payload, bot)
            except Exception as exc:  # a body that passed the door's check but is no update
                log.warning("webhook update %s could not be read (dropped): %s", update_id, exc)
                continue
            await self._application.update_queue.put(update)
        return len(rows)
