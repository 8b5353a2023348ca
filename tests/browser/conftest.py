"""Browser tests: the web door's pages in Debian's Chromium, driven by Playwright
(sandbox/browser.py), against the bot and the sandbox as tests/web/ runs them.

Without Chromium the tests are skipped with the reason, except in CI (`CI` set), where a
missing browser is a failure: .ci/run installs it. Each test writes screenshots of what it
looked at to test-output/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sandbox import browser
from tests.web.conftest import admin, community, http, local, settings  # noqa: F401 - fixtures

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@pytest.fixture
async def chromium() -> AsyncIterator[Browser]:
    reason = browser.available()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await browser.launch(playwright)
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def phone(chromium: Browser) -> AsyncIterator[Page]:
    """A phone-sized page, as Telegram shows a Mini App; telegram.org's script is not
    fetched (no network here): the page must work from the URL fragment alone."""
    context = await chromium.new_context(
        viewport={"width": 400, "height": 820}, device_scale_factor=1
    )
    page = await context.new_page()
    await page.route("https://telegram.org/**", lambda route: route.abort())
    try:
        yield page
    finally:
        await context.close()


@pytest.fixture
async def desk(chromium: Browser) -> AsyncIterator[Page]:
    """The laptop at the registration desk."""
    context = await chromium.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    try:
        yield page
    finally:
        await context.close()


async def screenshot(page: Page, name: str) -> Path:
    """Write `name`.png of the whole page to test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=path, full_page=True)
    return path
