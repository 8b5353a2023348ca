"""The Bot API client's HTTP transport: PTB's `BaseRequest` on aiohttp's client.

PTB's own `HTTPXRequest` spends about 2 ms of CPU per call in httpx and httpcore; aiohttp's
client, already a dependency for the web door, spends well under half of that. For the
outbox that was 7.6 against 5.6 ms of CPU per send (PostgreSQL, 1,500 sends, in-process
sandbox), and in a worker hosting many offices CPU is what bounds the sends per second
(docs/PERFORMANCE.md). The long poll (getUpdates) goes over it too: at a member's pace each
update is a getUpdates call of its own, so a press cost 1.3 ms of CPU less.

The python-telegram-bot team's ptbcontrib has an `AiohttpRequest` of the same idea; it is not
published on PyPI, so this is our own, with PTB's timeouts and errors as `HTTPXRequest` maps
them.
"""

from __future__ import annotations

import ssl

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """A `telegram.request.BaseRequest` on one `aiohttp.ClientSession`.

    Timeouts are seconds, as PTB passes them per call (`None`: no limit), with the
    defaults of `HTTPXRequest`: read 5, write 5 (20 for a call that uploads a file),
    connect 5, pool 1. aiohttp knows no write timeout of its own, so each call also has a
    total limit, the sum of its four (none when any is `None`).

    Errors, as `HTTPXRequest` raises them: `telegram.error.TimedOut` for any timeout
    (waiting for a pooled connection or connecting included: the request was not sent),
    `telegram.error.NetworkError` for any other failure of the connection.
    """

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_ssl",
        "_write_timeout",
    )

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._ssl = ssl_context
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        # Made in `initialize`: aiohttp binds a session to the running event loop.
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds (see `BaseRequest.read_timeout`)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (again after `shutdown`: PTB may initialize a bot twice)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ssl=self._ssl),
                timeout=aiohttp.ClientTimeout(total=None),
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See `BaseRequest.do_request`: returns the HTTP status and the body.

        Raises:
            RuntimeError: before `initialize` or after `shutdown`.
            telegram.error.TimedOut: a timeout (see the class docstring).
            telegram.error.NetworkError: any other failure of the connection.
        """
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = (
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        )
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        if isinstance(write_timeout, DefaultValue):
            write = self._media_write_timeout if files else self._write_timeout
        else:
            write = write_timeout
        parts = (read, write, connect, pool)
        timeout = aiohttp.ClientTimeout(
            total=None if None in parts else sum(p for p in parts if p is not None),
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=read,
        )
        data: aiohttp.FormData | dict[str, str] | None = None
        if request_data is not None:
            # Form-encoded, as HTTPXRequest sends them; multipart when a file goes along.
            data = request_data.json_parameters
            if files:
                form = aiohttp.FormData()
                for name, value in data.items():
                    form.add_field(name, value)
                for name, (filename, content, mime_type) in files.items():
                    form.add_field(name, content, filename=filename, content_type=mime_type)
                data = form
        try:
            async with session.request(
                method,
                url,
                data=data,
                headers={"User-Agent": self.USER_AGENT},
                timeout=timeout,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            if isinstance(error, aiohttp.ConnectionTimeoutError):
                raise TimedOut(
                    "Connect timeout: no connection to Telegram in time. "
                    "Request was *not* sent to Telegram."
                ) from error
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
