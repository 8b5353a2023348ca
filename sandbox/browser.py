"""Debian's Chromium, headless, driven by Playwright: for the browser tests and the demo's
screenshots of the web door. Never Playwright's own browser download (`playwright install`):
Chromium comes from the system's packages (`apt-get install chromium`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

# As root on a machine with no network but the package registries: no sandbox (root), no
# GPU, and none of Chromium's background connections, which would be refused many at a time.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def chromium_path() -> Path | None:
    """Chromium's executable: $CHROMIUM, else `chromium` on the PATH; None when absent."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return Path(configured) if Path(configured).exists() else None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def available() -> str | None:
    """Why a browser cannot be driven here (None: it can)."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if chromium_path() is None:
        return "Chromium is not installed (apt-get install chromium)"
    return None


async def launch(playwright: Playwright) -> Browser:
    """Start Debian's Chromium headless.

    Raises:
        FileNotFoundError: no Chromium (see `available`).
    """
    path = chromium_path()
    if path is None:
        raise FileNotFoundError("chromium")
    return await playwright.chromium.launch(
        executable_path=str(path), headless=True, args=list(FLAGS)
    )
