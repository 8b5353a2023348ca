"""The demo's local sign-in (`main.py demo --serve`): a person's link opens the dashboard
signed in as them, the desk-screen link and a scan of its code work (sandbox/demo_web.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import httpx
import pytest

from bot.app import WEB_EXTRA_ROUTES, build_application, running
from bot.settings import Settings
from models import Attendance
from sandbox import BotApiSandbox, SimUser
from sandbox.demo_web import DemoDoor
from tests.e2e.conftest import Community, publish_forum, rows
from tests.e2e.test_kiosk_checkin import soon


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Reminders a minute ahead only: none (nor the admins' summary) during a test."""
    return settings.model_copy(update={"reminder_offsets": (60,)})


@pytest.fixture
def people() -> dict[int, tuple[SimUser, str]]:
    """The demo's people, filled in by the test once the community exists."""
    return {}


@pytest.fixture
async def app(
    settings: Settings, sandbox: BotApiSandbox, local: str, people: dict[int, tuple[SimUser, str]]
) -> AsyncIterator[object]:
    application = build_application(settings)
    admin = sandbox.user(1001, "Ratna")
    door = DemoDoor(sandbox, people, admin, "Diskusi", local)
    application.bot_data.extra[WEB_EXTRA_ROUTES] = door.routes()
    async with running(application):
        yield application


async def test_the_demo_signs_people_in_and_opens_the_desk_screen(
    http: httpx.AsyncClient,
    sandbox: BotApiSandbox,
    community: Community,
    people: dict[int, tuple[SimUser, str]],
) -> None:
    await publish_forum(community, start=soon())
    polri = community.members["POLRI"]
    people.update({u.id: (u, name) for name, u in [("Ratna", community.admin), ("Hendra", polri)]})
    page = await http.get("/demo")
    assert page.status_code == 200 and f"/demo/as/{polri.id}" in page.text
    opened = await http.get(f"/demo/as/{polri.id}")
    assert opened.status_code == 302
    path, fragment = opened.headers["Location"].split("#", 1)
    assert path == "/app"
    data = dict(parse_qsl(fragment))["tgWebAppData"]
    home = await http.get("/app/v/home", headers={"Authorization": f"tma {data}"})
    assert home.status_code == 200 and "Forum Bapak/Ibu" in home.text
    assert (await http.get("/demo/as/abc")).status_code == 404
    desk = await http.get("/demo/desk")
    assert desk.status_code == 302 and desk.headers["Location"].startswith("/kiosk/open/")
    scanned = await http.post(f"/demo/scan/{polri.id}")
    assert scanned.status_code == 302
    (row,) = await rows(community.data, Attendance)
    assert row.member_id == (await community.member_row(polri)).id
