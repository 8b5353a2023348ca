"""One office's bot inside a worker: started when the worker takes the office's lock,
stopped before it gives the lock up (bot/offices/worker.py)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.app import (
    OfficeHost,
    build_application,
    polling_error,
    post_init,
    post_shutdown,
    post_stop,
)
from bot.context import SinergiApplication
from bot.metrics import Metrics
from bot.offices import schemas
from bot.offices.registry import Office
from bot.offices.webhooks import InboundRelay

log = logging.getLogger(__name__)


class HostedOffice:
    """An office's Application with its updates' source: long polling, or the webhook
    relayed through the office's schema when `webhook_base` is set.

    Args:
        office: The office.
        engine: The worker's shared engine (the office binds it to its schema).
        metrics: The worker's registry; the office counts under its slug.
        webhook_base: The public https:// base (WEBHOOK_URL) or "" for long polling.
        secret: The office's webhook secret (bot/offices/webhooks.py).
        on_stop_request: Called with this office and a reason when its bot asks to stop
            (Telegram answered 409 Conflict).
    """

    def __init__(
        self,
        office: Office,
        engine: AsyncEngine,
        metrics: Metrics,
        *,
        webhook_base: str,
        secret: str,
        on_stop_request: Callable[[HostedOffice, str], None],
    ) -> None:
        self.office = office
        self.engine = schemas.office_engine(engine, office.schema)
        self._metrics = metrics
        self._webhook_base = webhook_base
        self._secret = secret
        self._on_stop_request = on_stop_request
        self.application: SinergiApplication | None = None
        self.relay: InboundRelay | None = None

    @property
    def trouble(self) -> str | None:
        """Why the running bot no longer works (None: it does): its Application or its
        outbox sender stopped by itself."""
        application = self.application
        if application is None or not application.running:
            return "its bot stopped"
        sender = application.bot_data.sender
        if sender is None or not sender.running:
            return "its outbox sender stopped"
        return None

    @property
    def webhook_url(self) -> str:
        return f"{self._webhook_base}/telegram/{self.office.slug}"

    async def start(self) -> None:
        """Migrate the office's schema, start its bot and its updates' source.

        Raises:
            telegram.error.TelegramError, sqlalchemy.exc.SQLAlchemyError, OSError: it
                could not start (the bot is stopped again before this is raised).
        """
        settings = self.office.settings
        if await schemas.upgrade(settings.database_url, self.engine, self.office.schema):
            log.info("office %s: schema %s migrated", self.office.slug, self.office.schema)
        host = OfficeHost(
            engine=self.engine,
            label=self.office.slug,
            request_stop=lambda reason: self._on_stop_request(self, reason),
        )
        application = build_application(settings, self._metrics, host=host)
        self.application = application
        try:
            await application.initialize()
            await post_init(application)
            if self._webhook_base:
                await application.bot.set_webhook(
                    self.webhook_url, secret_token=self._secret, allowed_updates=Update.ALL_TYPES
                )
                self.relay = InboundRelay(self.engine, application)
            else:
                assert application.updater is not None
                await application.updater.start_polling(
                    allowed_updates=Update.ALL_TYPES,
                    error_callback=functools.partial(polling_error, application),
                )
            await application.start()
            if self.relay is not None:
                self.relay.start()
        except BaseException:
            await self.stop()
            raise
        log.info("office %s: bot @%s running", self.office.slug, application.bot.username)

    async def stop(self) -> None:
        """Stop the updates' source, the sender (it finishes the messages in flight), then
        the bot; idempotent."""
        application, self.application = self.application, None
        if application is None:
            return
        if self.relay is not None:
            await self.relay.stop()
            self.relay = None
        try:
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            # The sender before the handlers are waited for (application.stop can wait long
            # for them): when the worker lost its locks, another worker may start this
            # office meanwhile and requeue every claimed row, so a row this sender went on
            # claiming would go twice. Rows left pending go out from the next holder.
            if application.bot_data.sender is not None:
                await application.bot_data.sender.stop()
            if application.running:
                await application.stop()
                await post_stop(application)
        finally:
            await application.shutdown()
            await post_shutdown(application)
        log.info("office %s: stopped", self.office.slug)
