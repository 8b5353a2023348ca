"""A local stand-in for the Telegram Bot API server (``https://api.telegram.org``).

:class:`BotApiSandbox` is an aiohttp server on 127.0.0.1 that speaks enough of the Bot API
for python-telegram-bot to run a bot against it (``ApplicationBuilder().base_url(...)``),
keeps the state of the simulated chats and lets tests drive simulated users
(:mod:`sandbox.users`). Rejections use Telegram's exact error texts (:mod:`sandbox.errors`).

For reliability tests it can enforce Telegram's flood limits (``strict_limits``) and inject
faults (:meth:`BotApiSandbox.fail_next` with errors, slow answers and dropped connections;
:meth:`~BotApiSandbox.deactivate`; :meth:`~BotApiSandbox.migrate_group`;
:meth:`~BotApiSandbox.add_bot_to_group` and :meth:`~BotApiSandbox.remove_bot_from_group` give
the bot's ``my_chat_member`` updates).

This module holds the HTTP side and the call pipeline (round trip, flood limits, faults,
recording); the state is in :mod:`sandbox.core`, the methods by area in :mod:`sandbox.api`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from aiohttp import web

from sandbox.api.bot_settings import BotSettingsMixin
from sandbox.api.callbacks import MAX_CALLBACK_ANSWER_LENGTH, CallbacksMixin
from sandbox.api.chats import GROUP_ANONYMOUS_BOT, ChatsMixin
from sandbox.api.media import MAX_CAPTION_LENGTH, MediaMixin
from sandbox.api.messages import MAX_TEXT_LENGTH, MessagesMixin
from sandbox.api.places import PlacesMixin
from sandbox.api.updates import UpdatesMixin
from sandbox.core import TOKEN_RE
from sandbox.errors import (
    BLOCKED,
    BOT_KICKED,
    BOT_LEFT,
    BUTTON_DATA_INVALID,
    CANT_INITIATE,
    CAPTION_TOO_LONG,
    CHAT_NOT_FOUND,
    DEACTIVATED,
    DELETE_NOT_FOUND,
    EDIT_NOT_FOUND,
    GROUP_MIGRATED,
    MARKUP_UNPARSABLE,
    NOT_MODIFIED,
    POLL_CONFLICT,
    QUERY_INVALID,
    TEXT_BUTTONS_UNALLOWED,
    TEXT_EMPTY,
    TEXT_TOO_LONG,
    URL_INVALID,
    WEBHOOK_ACTIVE,
)
from sandbox.faults import ConnectionDropped, FailRule, FaultsMixin
from sandbox.flood import CHAT_LIMITED_METHODS, FLOOD_LIMITED_METHODS, FloodLimitsMixin
from sandbox.markup import MAX_CALLBACK_DATA_BYTES
from sandbox.messages import RecordedRequest, TelegramErrorReply
from sandbox.params import read_params
from sandbox.simulation import SimulationMixin

# The names this module had before it was split by area stay importable from it.
__all__ = [
    "BLOCKED",
    "BOT_KICKED",
    "BOT_LEFT",
    "BUTTON_DATA_INVALID",
    "CANT_INITIATE",
    "CAPTION_TOO_LONG",
    "CHAT_LIMITED_METHODS",
    "CHAT_NOT_FOUND",
    "DEACTIVATED",
    "DELETE_NOT_FOUND",
    "EDIT_NOT_FOUND",
    "FLOOD_LIMITED_METHODS",
    "GROUP_ANONYMOUS_BOT",
    "GROUP_MIGRATED",
    "MARKUP_UNPARSABLE",
    "MAX_CALLBACK_ANSWER_LENGTH",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_TEXT_LENGTH",
    "NOT_MODIFIED",
    "POLL_CONFLICT",
    "QUERY_INVALID",
    "TEXT_BUTTONS_UNALLOWED",
    "TEXT_EMPTY",
    "TEXT_TOO_LONG",
    "URL_INVALID",
    "WEBHOOK_ACTIVE",
    "BotApiSandbox",
]

logger = logging.getLogger(__name__)

MethodImpl = Callable[["BotApiSandbox", dict[str, Any]], Awaitable[Any]]


@dataclass
class _CallState:
    """Internal: what happened to one call (for :class:`RecordedRequest`)."""

    delivered: bool = False


class BotApiSandbox(
    SimulationMixin,
    ChatsMixin,
    CallbacksMixin,
    MediaMixin,
    PlacesMixin,
    MessagesMixin,
    BotSettingsMixin,
    UpdatesMixin,
    FaultsMixin,
    FloodLimitsMixin,
):
    """The fake Bot API server and the state of all simulated chats.

    Args:
        token: The bot token the bot must use (``<bot id>:<secret>``).
        bot_username: The bot's username (without ``@``), returned by getMe.
        bot_name: The bot's first name.
        strict_html_entities: Reject a bare ``&`` in HTML text (the documented rule) instead
            of tolerating it like the production server.
        host: Interface to bind.
        strict_limits: Enforce Telegram's flood limits: new messages
            (:data:`FLOOD_LIMITED_METHODS`: sendMessage, sendDocument, sendPhoto,
            sendLocation, sendVenue) count
            overall and per chat, edits (:data:`CHAT_LIMITED_METHODS`) per chat only;
            deletions, callback answers and chat actions do not count. Excess calls are
            answered ``429 Too Many Requests: retry after N`` with ``parameters.retry_after``;
            until those N seconds have passed every further call in the same scope (the bot
            overall, or that chat) gets 429 too. Can be switched later via the attribute.
        overall_limit: Sends allowed in any ``overall_window`` seconds, all chats together.
        overall_window: Seconds of the overall sliding window (Telegram: 30 per second).
        chat_limit: Sends and edits allowed to one private chat (positive id) in any
            ``chat_window`` (Telegram: about 1 per second, short bursts tolerated; a burst of
            more than 3 at once is refused here).
        chat_window: Seconds of the per-private-chat window.
        group_limit: Sends and edits allowed to one group/supergroup/channel (negative id) in any
            ``group_window`` (Telegram: 20 per minute).
        group_window: Seconds of the per-group window (shorten it in tests).

    Attributes:
        round_trip: Seconds every Bot API call takes, like the network between a bot and
            Telegram (half before the call is executed, half after); 0 on loopback.
    """

    #: The Bot API methods it answers, by lower-case name (Telegram's are case-insensitive).
    _METHODS: ClassVar[dict[str, MethodImpl]] = {
        "getme": BotSettingsMixin._get_me,
        "logout": BotSettingsMixin._log_out,
        "close": BotSettingsMixin._log_out,
        "getupdates": UpdatesMixin._get_updates,
        "deletewebhook": UpdatesMixin._delete_webhook,
        "setwebhook": UpdatesMixin._set_webhook,
        "getwebhookinfo": UpdatesMixin._get_webhook_info,
        "setmycommands": BotSettingsMixin._set_my_commands,
        "getmycommands": BotSettingsMixin._get_my_commands,
        "deletemycommands": BotSettingsMixin._delete_my_commands,
        "setchatmenubutton": BotSettingsMixin._set_chat_menu_button,
        "getchatmenubutton": BotSettingsMixin._get_chat_menu_button,
        "sendmessage": MessagesMixin._send_message,
        "editmessagetext": MessagesMixin._edit_message_text,
        "editmessagereplymarkup": MessagesMixin._edit_message_reply_markup,
        "editmessagecaption": MediaMixin._edit_message_caption,
        "answercallbackquery": CallbacksMixin._answer_callback_query,
        "senddocument": MediaMixin._send_document,
        "sendphoto": MediaMixin._send_photo,
        "sendlocation": PlacesMixin._send_location,
        "sendvenue": PlacesMixin._send_venue,
        "sendchataction": MessagesMixin._send_chat_action,
        "deletemessage": MessagesMixin._delete_message,
        "getchat": ChatsMixin._get_chat,
        "getfile": MediaMixin._get_file,
    }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Starts the HTTP server on ``host`` and a random free port."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        self._closing = False
        self._changed = asyncio.Event()  # bound to the loop that runs this server
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        address = self._runner.addresses[0]
        self._port = int(address[1])
        logger.info("Bot API sandbox listening on %s", self.root_url)

    async def stop(self) -> None:
        """Releases waiting getUpdates long polls and stops the HTTP server."""
        self._closing = True
        await self.webhook.stop()
        self._notify()
        for pending in list(self._queries.values()):
            if not pending.future.done():
                pending.future.cancel()
        self._queries.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        logger.info("Bot API sandbox stopped")

    async def __aenter__(self) -> BotApiSandbox:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The bound TCP port (after :meth:`start`)."""
        if self._port is None:
            raise RuntimeError("BotApiSandbox is not started")
        return self._port

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder().base_url(...)``; PTB appends the token."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder().base_file_url(...)``."""
        return f"{self.root_url}/file/bot"

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_method(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        started = time.monotonic()
        params: dict[str, Any] = {}
        rule: FailRule | None = None
        state = _CallState()
        try:
            if not TOKEN_RE.fullmatch(token):
                raise TelegramErrorReply(404, "Not Found")
            if token != self.token:
                raise TelegramErrorReply(401, "Unauthorized")
            params = await read_params(request)
            impl = self._METHODS.get(method.lower())
            if impl is None:
                raise TelegramErrorReply(404, "Not Found")
            if self.round_trip > 0 and method.lower() != "getupdates":
                await asyncio.sleep(self.round_trip / 2)  # the request on its way
            self._check_flood_limits(method, params)
            rule = self._take_fail_rule(method, params)
            if rule is None:
                result = await self._execute(impl, method, params, state)
            else:
                result = await self._execute_faulty(rule, impl, method, params, request, state)
            status, body = 200, {"ok": True, "result": result}
        except TelegramErrorReply as err:
            status, body = err.error_code, err.to_json()
        except ConnectionDropped:
            delivered = state.delivered
            if request.transport is not None:
                request.transport.close()
            self.requests.append(
                RecordedRequest(
                    method, params, started, 0, delivered, rule.label if rule else None
                )
            )
            logger.info("%s -> connection dropped (delivered: %s)", method, delivered)
            return web.Response(status=500)  # never written: the transport is closed
        except ConnectionResetError:
            # aiohttp's reading of the request body when the client hung up mid-request
            # (a long poll cancelled as a bot stops): nobody is left to answer.
            logger.debug("%s: the client hung up before its request was read", method)
            return web.Response(status=499)
        except Exception as exc:
            logger.exception("Sandbox failed handling %s", method)
            status = 500
            body = {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc}"}
        if self.round_trip > 0 and method.lower() != "getupdates":
            await asyncio.sleep(self.round_trip / 2)  # the answer on its way back
        if status == 429:
            self.count_429 += 1
        fault = rule.label if rule is not None else None
        client_gone = request.transport is None or request.transport.is_closing()
        if client_gone and fault is None:
            # The bot gave up on this request (e.g. a long poll cancelled when the updater
            # stopped): nobody reads the answer, so it is not recorded.
            logger.debug("%s abandoned by the client (would answer %s)", method, status)
            return web.json_response(body, status=status)
        self.requests.append(
            RecordedRequest(
                method,
                params,
                started,
                status,
                state.delivered,
                fault,
                client_gone,
                body.get("description"),
            )
        )
        if status != 200:
            logger.info("%s -> %s %s", method, status, body.get("description"))
        return web.json_response(body, status=status)

    async def _execute(
        self, impl: MethodImpl, method: str, params: dict[str, Any], state: _CallState
    ) -> Any:
        """Runs a method implementation; logs accepted sends for the flood limits."""
        result = await impl(self, params)
        state.delivered = True
        self._record_send(method.lower(), params)
        return result

    async def _execute_faulty(
        self,
        rule: FailRule,
        impl: MethodImpl,
        method: str,
        params: dict[str, Any],
        request: web.Request,
        state: _CallState,
    ) -> Any:
        """Executes a call hit by a ``fail_next`` rule (``state.delivered`` tells whether the
        method ran); raises the injected error or :class:`ConnectionDropped`."""
        result: Any = None
        outcome: TelegramErrorReply | None = None
        if rule.deliver:
            try:
                result = await self._execute(impl, method, params, state)
            except TelegramErrorReply as err:
                outcome = err
        if rule.delay > 0:
            await asyncio.sleep(rule.delay)
        if rule.drop_connection:
            raise ConnectionDropped()
        if rule.error_code is not None and rule.description is not None:
            raise TelegramErrorReply(rule.error_code, rule.description, rule.parameters)
        if outcome is not None:
            raise outcome
        if not rule.deliver:
            if request.transport is None or request.transport.is_closing():
                return None  # the client gave up before the slow server got to it
            result = await self._execute(impl, method, params, state)
        return result
