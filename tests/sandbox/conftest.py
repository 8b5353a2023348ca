"""Clients of the sandbox for its own tests: a real telegram.Bot and a raw HTTP client (for
what PTB would never send, such as malformed JSON)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot

from sandbox import BotApiSandbox, SimUser


@pytest.fixture
async def bot(sandbox: BotApiSandbox) -> AsyncIterator[Bot]:
    async with Bot(
        sandbox.token, base_url=sandbox.base_url, base_file_url=sandbox.base_file_url
    ) as the_bot:
        yield the_bot


@pytest.fixture
async def http(sandbox: BotApiSandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{sandbox.base_url}{sandbox.token}/") as client:
        yield client


async def opened(sandbox: BotApiSandbox, user_id: int, name: str = "Budi") -> SimUser:
    """A user who has started the bot (so the bot may write to them)."""
    user = sandbox.user(user_id, name)
    sandbox.open_chat(user)
    return user
