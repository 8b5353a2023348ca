"""The desk screen over HTTP (issue 12 item 5): the one-time link sets the screen's cookie
once; the screen's code checks a member in; nobody without the cookie sees the screen."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.settings import Settings
from models import Attendance, Forum
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import Community, publish_forum, rows
from tests.e2e.test_kiosk_checkin import soon
from tests.web.conftest import PUBLIC

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Reminders a minute ahead only: none (nor the admins' summary) during a test."""
    return settings.model_copy(update={"reminder_offsets": (60,)})


OPEN = re.compile(re.escape(PUBLIC) + r"(/kiosk/open/[A-Za-z0-9_-]{43})")
CODE = re.compile(r'data-link="https://t\.me/\w+\?start=(c_k[A-Za-z0-9_-]+)"')


async def desk_link(admin: SimUser) -> str:
    """The admin's one-time link (🖥 Layar registrasi under the forum), as a local path."""
    url = await do.desk_screen_link(admin, "Diskusi")
    match = OPEN.fullmatch(url)
    assert match is not None, url
    return match.group(1)


async def test_the_link_opens_the_screen_once_and_its_code_checks_a_member_in(
    http: httpx.AsyncClient, sandbox: BotApiSandbox, community: Community
) -> None:
    await publish_forum(community, start=soon())
    path = await desk_link(community.admin)
    assert (await http.get("/kiosk")).status_code == 403  # no cookie yet
    opened = await http.get(path)
    assert opened.status_code == 303 and opened.headers["Location"] == "/kiosk"
    cookie = opened.cookies["sinergi_kiosk"]
    http.cookies.clear()  # each request below says which cookie it carries
    assert "httponly" in opened.headers["Set-Cookie"].lower()
    # Lax: the link comes from Telegram (its web client is another site); Secure: https.
    assert "samesite=lax" in opened.headers["Set-Cookie"].lower()
    assert "secure" in opened.headers["Set-Cookie"].lower()
    again = await http.get(path)
    assert again.status_code == 410
    assert "sudah dipakai" in again.text
    screen = await http.get("/kiosk", headers={"Cookie": f"sinergi_kiosk={cookie}"})
    assert screen.status_code == 200 and "Diskusi dan Konsolidasi" in screen.text
    state = await http.get("/kiosk/v/state", headers={"Cookie": f"sinergi_kiosk={cookie}"})
    assert 'data-checked-in="0" data-invited="4"' in state.text
    assert "<svg" in state.text
    match = CODE.search(state.text)
    assert match is not None
    polri = community.members["POLRI"]
    await polri.start(match.group(1))
    done = await polri.next_message()
    assert done.text.startswith("✅ Presensi tercatat, Hendra Kurniawan.")
    (row,) = await rows(community.data, Attendance)
    assert row.member_id == (await community.member_row(polri)).id
    after = await http.get("/kiosk/v/state", headers={"Cookie": f"sinergi_kiosk={cookie}"})
    assert 'data-checked-in="1"' in after.text and polri.first_name in after.text
    (forum,) = await rows(community.data, Forum)
    assert forum.static_checkin is False  # the office chose the screen
    forged = await http.get("/kiosk/v/state", headers={"Cookie": f"sinergi_kiosk={cookie[:-2]}xx"})
    assert forged.status_code == 403
