"""Builds the `telegram.ext.Application` and owns its resources' life cycle."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import BotCommand, BotCommandScopeDefault, MenuButtonWebApp, WebAppInfo
from telegram.constants import ParseMode
from telegram.error import Conflict, TelegramError
from telegram.ext import (
    ApplicationBuilder,
    ApplicationHandlerStop,
    ContextTypes,
    Defaults,
)

import handlers
from bot import dates, followups, logs
from bot.context import BotData, SinergiApplication, SinergiContext
from bot.db import create_engine, create_session_maker, upgrade
from bot.i18n import t
from bot.instance import InstanceGuard, instance_guard
from bot.metrics import Metrics
from bot.ratelimit import TelegramBudget
from bot.services import member_edits, office
from bot.settings import Settings
from bot.startup import ExitCode, StartupFailure, database_failure
from bot.transport import AiohttpRequest
from bot.updates import PerUserUpdateProcessor
from scheduler import announcements, reminders, surveys
from scheduler.outbox import Sender

if TYPE_CHECKING:
    from web.server import WebServer

log = logging.getLogger(__name__)


MEMBER_COMMANDS = ("start", "jadwal", "profil", "bahasa", "bantuan")
# The menu names each command once per language: English readers see the English aliases
# (the bot answers to both names), as the English catalog writes them.
ENGLISH_COMMANDS = {
    "jadwal": "schedule",
    "profil": "profile",
    "bahasa": "language",
    "bantuan": "help",
}


@functools.cache
def tls() -> ssl.SSLContext:
    """The TLS context every Bot API client of this process shares: httpx's default (the
    certifi roots, SSL_CERT_FILE honoured), built once. Each client building its own loads
    the root certificates again, about 20 ms of CPU per client."""
    return httpx.create_ssl_context()


@dataclass(frozen=True)
class OfficeHost:
    """What a multi-office worker (bot/offices/) gives the Application of an office it hosts.

    Attributes:
        engine: The office's engine: its schema on the worker's shared pool, already
            migrated. The worker holds the office's claim and disposes the pool; the
            Application only uses it.
        label: The office's `office` label in the metrics (its slug).
        request_stop: Called with a one-line reason when the bot must stop (409 Conflict);
            the worker stops this office. `Application.stop_running` would stop the event
            loop, and with it every other office of the process.
    """

    engine: AsyncEngine
    label: str
    request_stop: Callable[[str], None]


def build_application(
    settings: Settings, metrics: Metrics | None = None, *, host: OfficeHost | None = None
) -> SinergiApplication:
    """Wire settings, handlers and life-cycle hooks into an Application (nothing connects yet).

    Its metrics are `metrics`' (bot/metrics.py) under the label `office` = OFFICE_NAME (the
    host's label when hosted); by default a registry of its own. Without a `host` the
    Application claims the bot and migrates its database itself in post_init.
    """
    label = host.label if host is not None else settings.office_name
    office_metrics = (metrics or Metrics()).for_office(label)
    context_types = ContextTypes(context=SinergiContext, bot_data=BotData)
    builder = (
        ApplicationBuilder()
        .application_class(SinergiApplication)
        .token(settings.bot_token)
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .context_types(context_types)
        # Telegram's limits as one budget for replies, edits and the outbox (bot/ratelimit.py).
        .rate_limiter(
            TelegramBudget(
                private=settings.chat_burst,
                on_429=lambda bulk: office_metrics.rate_limited(bulk=bulk),
            )
        )
        .request(AiohttpRequest(ssl_context=tls()))
        # A long poll cancelled at stop (or cut by the network) can keep PTB's only getUpdates
        # connection checked out; the last getUpdates that marks fetched updates read then
        # times out on the pool and they come again after a restart. Seen under load in the
        # suite; a second connection leaves that call room.
        .get_updates_request(AiohttpRequest(ssl_context=tls(), connection_pool_size=2))
        .concurrent_updates(
            PerUserUpdateProcessor(
                settings.concurrent_updates, on_handled=office_metrics.update_handled
            )
        )
        # PTB types its hooks for any Application; ours take the SinergiApplication built here.
        .post_init(cast("Any", post_init))
        .post_stop(cast("Any", post_stop))
        .post_shutdown(cast("Any", post_shutdown))
    )
    application = cast("SinergiApplication", builder.build())
    application.bot_data.settings = settings
    application.bot_data.metrics = office_metrics
    if host is not None:
        application.bot_data.extra[HOST] = host
    application.add_error_handler(stop_on_conflict)  # before the general error handler
    handlers.register(application)
    return application


CONFLICT_EXIT_CODE = ExitCode.ANOTHER_INSTANCE
# bot_data.extra keys: the running web server, the operations endpoints' server, and routes
# only the demo adds (its sign-in).
WEB_SERVER = "web_server"
OPS_SERVER = "ops_server"
WEB_EXTRA_ROUTES = "web_extra_routes"
HOST = "host"


def _host(application: SinergiApplication) -> OfficeHost | None:
    host = application.bot_data.extra.get(HOST)
    return host if isinstance(host, OfficeHost) else None


def _stop(application: SinergiApplication, reason: str) -> None:
    """Stop the bot after `reason` was logged: the worker's way when hosted, else PTB's."""
    application.bot_data.extra["conflict"] = True
    host = _host(application)
    if host is not None:
        host.request_stop(reason)
    else:
        application.stop_running()


async def stop_on_conflict(update: object, context: SinergiContext) -> None:
    """Stop, with one clear log line, when Telegram answers getUpdates with 409 Conflict.

    409 means another process polls this token, or a webhook was set for it meanwhile;
    PTB would retry forever. `main.py run` exits with `CONFLICT_EXIT_CODE`.

    Raises:
        ApplicationHandlerStop: so the general error handler does not log it again.
    """
    if not isinstance(context.error, Conflict):
        return
    if not context.bot_data.extra.get("conflict"):
        log.critical(
            "Telegram answered 409 Conflict (%s): another instance is polling this bot token "
            "or a webhook is set for it. Stopping; run exactly one instance.",
            context.error.message,
        )
        _stop(cast("SinergiApplication", context.application), "409 Conflict")
    raise ApplicationHandlerStop


async def office_defaults(settings: Settings) -> office.OfficeDefaults:
    """The office profile of a first start, from the `OFFICE_*` settings (the logo file is
    read here, off the event loop)."""
    logo = None
    if settings.office_logo is not None:
        logo = await asyncio.to_thread(settings.office_logo.read_bytes)
    return office.OfficeDefaults(
        name=settings.office_full_name or settings.office_name.upper(),
        address=settings.office_address,
        phone=settings.office_phone,
        email=settings.office_email,
        website=settings.office_website,
        city=settings.office_city,
        logo=logo,
        signatory_position=settings.office_signatory_position,
        signatory_name=settings.office_signatory_name,
        signatory_nip=settings.office_signatory_nip,
    )


async def post_init(application: SinergiApplication) -> None:
    """Claim the bot, migrate the database, open sessions, start the sender, schedule reminders.

    Runs after getMe and before the updater asks Telegram for updates (setWebhook or
    getUpdates), so a second instance stops before it takes the updates away.

    Raises:
        AnotherInstanceRunning: another process runs this bot on this database.
        StartupFailure: the database cannot be reached, opened or written.
    """
    logs.started()  # getMe answered
    data: BotData = application.bot_data
    assert data.settings is not None
    settings = data.settings
    host = _host(application)
    if host is not None:  # the worker holds the claim and migrated the office's schema
        data.extra["engine"] = host.engine
    else:
        try:
            await _claim_and_migrate(application, settings)
        except StartupFailure:
            raise
        except Exception as exc:
            failure = database_failure(exc, settings.database_url)
            if failure is None:
                raise
            raise failure from exc
    engine = data.extra["engine"]
    assert isinstance(engine, AsyncEngine)
    data.sessions = create_session_maker(engine)
    async with data.sessions() as session:
        await member_edits.bootstrap_admins(session, settings.admin_ids)
        await office.ensure_profile(session, await office_defaults(settings))
        await session.commit()
    data.sender = Sender(
        application.bot,
        data.sessions,
        rate_per_second=settings.send_rate_per_second,
        max_attempts=settings.send_max_attempts,
        retry_base=settings.send_retry_base_seconds,
        claim_lease=settings.send_claim_lease_seconds,
        concurrency=settings.send_concurrency,
        forum_default_duration=settings.forum_default_duration,
        alarm_before=settings.calendar_alarm_before,
        metrics=data.metrics,
    )
    # A worker takes an office over only once the server has dropped the last holder's
    # lock with its connection: nothing of its claims is still being sent.
    await data.sender.start(requeue_all_claims=host is not None)
    context = SinergiContext(application)
    # dateparser's and Babel's locale data take about 0.5 s of CPU to load; awaited here
    # they held the first getUpdates back by as much. Loaded once the Application has
    # started instead (the updater polls by then), before a member is likely to type a date.
    data.after_start.append(dates.warm_up)
    await reminders.schedule_all(context)
    await announcements.schedule_all(context)
    await surveys.schedule_all(context)
    # A registration committed just before a crash may be missing from the admins' digests.
    await followups.refresh_digests(context)
    await _set_commands(application, settings)
    await _open_ops_door(application, settings)
    await _open_web_door(application, settings)
    data.sender.wake()


async def _open_web_door(application: SinergiApplication, settings: Settings) -> None:
    """Serve the dashboard and the kiosk, and make the menu button open the dashboard, when
    the web door is configured (`Settings.public_web_url`); otherwise nothing listens.

    Raises:
        StartupFailure: WEB_LISTEN:WEB_PORT cannot be bound.
    """
    base = settings.public_web_url
    if not base:
        return
    from web.server import WebServer, build

    extra = application.bot_data.extra.get(WEB_EXTRA_ROUTES)
    server = WebServer(
        build(application, extra_routes=extra if callable(extra) else None),
        settings.web_listen,
        settings.web_port,
    )
    await _serve(application, server, WEB_SERVER, "the web door", "WEB_PORT")
    await application.bot.set_chat_menu_button(
        menu_button=MenuButtonWebApp(
            t(settings.default_language, "web-menu-button"), WebAppInfo(f"{base}/app")
        )
    )


async def _open_ops_door(application: SinergiApplication, settings: Settings) -> None:
    """Serve `/healthz`, `/readyz` and `/metrics` (web/ops.py) on OPS_LISTEN:OPS_PORT when
    OPS_PORT is set; otherwise nothing listens.

    Raises:
        StartupFailure: OPS_LISTEN:OPS_PORT cannot be bound.
    """
    if settings.ops_port is None:
        return
    from web import ops
    from web.server import WebServer

    server = WebServer(
        ops.build(ops.Ops(application)), settings.ops_listen, settings.ops_port, name="operations"
    )
    await _serve(application, server, OPS_SERVER, "the operations endpoints", "OPS_PORT")


async def _serve(
    application: SinergiApplication, server: WebServer, key: str, what: str, setting: str
) -> None:
    """Start `server` and keep it in `bot_data.extra[key]` until `_close_doors`.

    Raises:
        StartupFailure: its address cannot be bound (`setting` names the port's setting).
    """
    try:
        await server.start()
    except OSError as exc:
        await server.stop()
        raise StartupFailure(
            ExitCode.WEBHOOK_PORT,
            f"cannot listen on {server.address} for {what} ({exc.strerror or exc}); "
            f"stop what uses it or change {setting}",
        ) from exc
    application.bot_data.extra[key] = server


async def _close_doors(application: SinergiApplication) -> None:
    for key in (WEB_SERVER, OPS_SERVER):
        server = application.bot_data.extra.pop(key, None)
        if server is not None:
            from web.server import WebServer

            assert isinstance(server, WebServer)
            await server.stop()


async def _claim_and_migrate(application: SinergiApplication, settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    application.bot_data.extra["engine"] = engine
    guard = instance_guard(engine, application.bot.id, functools.partial(_claim_lost, application))
    application.bot_data.extra["guard"] = guard
    if not guard.needs_schema:  # the advisory lock: taken before migrations run
        await guard.acquire()
    await upgrade(engine, settings.database_url)
    if guard.needs_schema:
        await guard.acquire()


def _claim_lost(application: SinergiApplication, line: str) -> None:
    log.critical("%s", line)
    _stop(application, line)


async def _release_claim(application: SinergiApplication) -> None:
    guard = application.bot_data.extra.get("guard")
    if isinstance(guard, InstanceGuard):
        await guard.release()


async def _set_commands(application: SinergiApplication, settings: Settings) -> None:
    for lang in ("id", "en"):
        await application.bot.set_my_commands(
            [
                BotCommand(
                    ENGLISH_COMMANDS.get(name, name) if lang == "en" else name,
                    t(lang, f"command-{name}"),
                )
                for name in MEMBER_COMMANDS
            ],
            scope=BotCommandScopeDefault(),
            language_code=None if lang == settings.default_language else lang,
        )


async def post_stop(application: SinergiApplication) -> None:
    """Close the web door and the operations endpoints; stop the sender while the bot's
    HTTP client is still open; give up the claim."""
    data: BotData = application.bot_data
    await _close_doors(application)
    if data.sender is not None:
        await data.sender.stop()
    await _release_claim(application)


async def post_shutdown(application: SinergiApplication) -> None:
    """Stop the sender and give up the claim if post_stop did not run; close the engine.

    post_stop runs only when the application was running: a start that failed after
    post_init (the webhook port in use) reaches here with the sender still going.
    """
    data: BotData = application.bot_data
    await _close_doors(application)
    if data.sender is not None:
        await data.sender.stop()
    await _release_claim(application)
    engine = application.bot_data.extra.pop("engine", None)
    # Stored by post_init, absent if it never ran; a hosted office's pool is the worker's.
    if isinstance(engine, AsyncEngine) and _host(application) is None:
        await engine.dispose()


def polling_error(application: SinergiApplication, exc: TelegramError) -> None:
    """getUpdates failed: to the error handlers, as `Application.run_polling` sends it."""
    application.create_task(application.process_error(error=exc, update=None))


@contextlib.asynccontextmanager
async def running(
    application: SinergiApplication,
    *,
    poll_timeout: int = 1,
) -> AsyncIterator[SinergiApplication]:
    """Run the application inside an event loop that is already running (tests, demo).

    Follows `Application.run_polling`'s order: initialize, post_init, start polling, start;
    then updater stop, stop, post_stop, shutdown, post_shutdown.
    """
    await application.initialize()
    try:
        await post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            # As run_polling does: getUpdates' errors go to the error handlers.
            error_callback=functools.partial(polling_error, application),
        )
        await application.start()
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
                await post_stop(application)
    finally:
        await application.shutdown()
        await post_shutdown(application)
