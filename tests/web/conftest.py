"""The bot with its web door open: WEB_URL set to a public https:// name that the sandbox
maps to the port the web server listens on here, as the reverse proxy would."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.settings import Settings
from sandbox import BotApiSandbox, SimUser
from sandbox.webapps import init_data
from tests.e2e.conftest import admin, community  # noqa: F401 - fixtures used here

PUBLIC = "https://sinergi.kpu.test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def settings(settings: Settings, sandbox: BotApiSandbox) -> Settings:
    port = free_port()
    sandbox.web_proxy(PUBLIC, f"http://127.0.0.1:{port}")
    return settings.model_copy(update={"web_url": PUBLIC, "web_port": port})


@pytest.fixture
def local(settings: Settings) -> str:
    """Where the web door listens."""
    return f"http://127.0.0.1:{settings.web_port}"


@pytest.fixture
async def http(app: object, local: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=local, timeout=10) as client:
        yield client


def signed(sandbox: BotApiSandbox, user: SimUser, *, age: int = 0) -> dict[str, str]:
    """The header the Mini App's script sends for `user`, signed as Telegram signs it."""
    data = init_data(
        sandbox.token,
        {"id": user.id, "first_name": user.first_name, "language_code": user.language_code},
        auth_date=int(time.time()) - age,
    )
    return {"Authorization": f"tma {data}"}
