"""The web door's aiohttp server, run inside the bot's process (issue 12 item 2).

Started by `bot.app.post_init` when the web door is configured (`Settings.public_web_url`)
and stopped in `post_stop`, it listens on WEB_LISTEN:WEB_PORT (loopback by default), behind
the same reverse proxy as the webhook: the proxy sends `/telegram` to the webhook's port and
`/app`, `/kiosk` and `/static` here. With polling it is the only listening port.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from aiohttp import web
from itsdangerous import URLSafeTimedSerializer

from bot.context import SinergiApplication
from web.auth import InitDataCheck
from web.context import DOOR, Door
from web.pages import STATIC, Pages
from web.views import downloads, forums, kiosk, people

log = logging.getLogger(__name__)

# Telegram's web clients show a Mini App in an iframe of their own origin; nobody else may.
FRAME_ANCESTORS = "https://web.telegram.org https://*.telegram.org"
CSP = (
    "default-src 'self'; script-src 'self' https://telegram.org; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    f"frame-ancestors {FRAME_ANCESTORS}"
)


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """A strict Content-Security-Policy and no sniffing or referrers on every response,
    errors and static files included (`on_response_prepare`)."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")


async def shell(request: web.Request) -> web.StreamResponse:
    """`/app`: the Mini App's page; its script reads the initData and loads the views."""
    shared = request.app[DOOR]
    return shared.pages.response("shell.html", shared.settings.default_language)


def build(
    application: SinergiApplication,
    *,
    extra_routes: Callable[[web.Application], None] | None = None,
) -> web.Application:
    """The aiohttp application of the web door for `application` (a bot with settings).

    `extra_routes` adds routes that exist only in one setting (the demo's local sign-in).
    """
    settings = application.bot_data.settings
    assert settings is not None
    app = web.Application(client_max_size=64 * 1024)
    app.on_response_prepare.append(security_headers)
    # The download links' key is derived from the token, so it changes when the token does
    # and is never the token itself.
    link_key = hashlib.sha256(b"sinergi-downloads:" + settings.bot_token.encode()).hexdigest()
    app[DOOR] = Door(
        application=application,
        check=InitDataCheck(settings.bot_token, settings.web_init_data_max_age),
        pages=Pages(settings.tz),
        signer=URLSafeTimedSerializer(link_key),
    )
    app.router.add_get("/app", shell)
    static = app.router.add_static("/static/", STATIC, name="static", append_version=True)
    # A versioned URL hashes its file: all of them once at start, none per page.
    urls = {path.name: str(static.url_for(filename=path.name)) for path in STATIC.iterdir()}
    app[DOOR].pages.static_url = urls.__getitem__
    forums.register(app.router)
    people.register(app.router)
    downloads.register(app.router)
    kiosk.register(app.router)
    if extra_routes is not None:
        extra_routes(app)
    return app


class WebServer:
    """The web door's server: `start` binds and serves, `stop` closes.

    Args:
        app: The aiohttp application (`build`, or web/ops.py's).
        host: Address to bind (WEB_LISTEN).
        port: Port to bind (WEB_PORT; 0: any free port, see `port` after `start`).
        name: What listens, for the log line.
    """

    def __init__(
        self, app: web.Application, host: str, port: int, *, name: str = "web door"
    ) -> None:
        self._runner = web.AppRunner(app, access_log=None)
        self._host, self._port = host, port
        self._name = name
        self.port = port

    @property
    def address(self) -> str:
        """`host:port` as asked for (the port bound, once started on port 0)."""
        return f"{self._host}:{self.port}"

    async def start(self) -> None:
        """Bind and serve.

        Raises:
            OSError: the address is in use or cannot be bound.
        """
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        log.info("%s listening on %s:%d", self._name, self._host, self.port)

    async def stop(self) -> None:
        """Stop serving and close open connections."""
        await self._runner.cleanup()
