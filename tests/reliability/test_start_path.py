"""What the start-up does before the first getUpdates (issue 13: under 3 s from the spawn).

Neither test times anything: one pins which libraries the start path leaves unimported,
the other that the locale data loads after the updater polls, not before.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from bot import dates
from bot.app import build_application, running
from bot.context import SinergiApplication
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# What `main.py run` imports before it calls run_polling (main.run's own imports).
START_PATH = ("main", "telegram", "bot.logs", "bot.settings", "bot.app", "bot.startup")
# Libraries of the exports, the calendar rows and the web door: together more than a second
# of imports, which only a user's press or a configured web door needs; dateparser, which
# the first typed date needs; Alembic, which only a database behind HEAD_REVISION needs.
NOT_AT_START = (
    "fpdf",
    "uharfbuzz",
    "openpyxl",
    "pypdf",
    "matplotlib",
    "icalendar",
    "jinja2",
    "itsdangerous",
    "telegram_webapp_auth",
    "web.server",
    "dateparser",
    "alembic",
)


def test_the_start_path_leaves_the_exports_and_the_web_door_unimported() -> None:
    script = (
        "import importlib, json, sys\n"
        f"for name in {START_PATH!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = set(json.loads(done.stdout))
    assert "bot.app" in loaded
    assert [name for name in NOT_AT_START if name in loaded] == []


async def test_the_locale_data_loads_after_the_updater_polls(settings: Settings) -> None:
    application = build_application(settings)
    seen: list[bool] = []
    ran = asyncio.Event()

    async def record() -> None:
        assert application.updater is not None
        seen.append(application.updater.running)
        ran.set()

    application.bot_data.after_start.append(record)
    async with running(application) as started:
        await asyncio.wait_for(ran.wait(), 10)
        after_start = started.bot_data.after_start
    # post_init queues the warm-up instead of awaiting it before the first poll.
    assert dates.warm_up in after_start
    assert seen == [True]
    assert isinstance(started, SinergiApplication)
