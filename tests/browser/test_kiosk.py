"""The desk screen in Chromium (issue 12 items 5 and 8): opened by the admin's one-time link,
its code read off the screen by a simulated phone checks the member in and the arrival
appears on the screen and on the dashboard without a reload; a code that has expired, and
the printed code once the screen is open, are refused."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from playwright.async_api import expect

from bot.services import kiosk
from bot.settings import Settings
from models import Attendance, Forum, utcnow
from sandbox import BotApiSandbox
from tests.browser.conftest import screenshot
from tests.e2e.conftest import Community, publish_forum, rows
from tests.e2e.test_kiosk_checkin import printed_payload
from tests.web.conftest import PUBLIC
from tests.web.test_kiosk_screen import desk_link, soon

if TYPE_CHECKING:
    from playwright.async_api import Page

pytestmark = [pytest.mark.usefixtures("app"), pytest.mark.timeout(90)]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Reminders a minute ahead only: none (nor the admins' summary) during a test."""
    return settings.model_copy(update={"reminder_offsets": (60,)})


async def test_a_scan_of_the_screens_code_appears_live_and_an_expired_code_is_refused(
    desk: Page, phone: Page, local: str, sandbox: BotApiSandbox, community: Community
) -> None:
    await publish_forum(community, start=soon())
    printed = await printed_payload(community.admin)  # the QR on paper, made before
    # Opened from another site, as from Telegram's web client: the screen's cookie must
    # still come with the redirect after the one-time link.
    await desk.goto(f"http://localhost:{local.rsplit(':', 1)[1]}/static/app.css")
    await desk.set_content(
        f'<a id="open" href="{local}{await desk_link(community.admin)}">open</a>'
    )
    await desk.click("#open")
    qr = desk.locator(".qr")
    await expect(qr.locator("svg")).to_be_visible()
    counter = desk.locator(".counter")
    await expect(counter).to_have_attribute("data-checked-in", "0")
    await expect(counter).to_have_attribute("data-invited", "4")
    await screenshot(desk, "kiosk-waiting")

    # The admin's dashboard is open on the forum meanwhile.
    await phone.goto(sandbox.web_app_url(community.admin, f"{PUBLIC}/app"))
    await phone.locator("[data-view=admin-home] a.title").click()
    await phone.locator("[data-view=admin-forum]").wait_for()

    # A phone reads the QR: the deep link's payload, /start c_k<forum>-<step>-<mac>.
    link = await qr.get_attribute("data-link")
    assert link is not None and "?start=c_k" in link
    polri = community.members["POLRI"]
    await polri.start(link.rsplit("?start=", 1)[1])
    assert (await polri.next_message()).text.startswith("✅ Presensi tercatat")
    arrivals = desk.locator(".arrivals-panel")
    await expect(arrivals).to_contain_text("Hendra Kurniawan", timeout=6000)
    await expect(counter).to_have_attribute("data-checked-in", "1")
    await screenshot(desk, "kiosk-arrival")
    await expect(phone.locator("#arrivals")).to_contain_text("Hendra Kurniawan", timeout=8000)
    await screenshot(phone, "dashboard-admin-arrival")

    # A photo of an older code, forwarded home: four steps (two minutes) old, refused.
    (forum,) = await rows(community.data, Forum)
    assert forum.kiosk_secret is not None
    old = kiosk.code_token(
        forum.kiosk_secret, forum.id or 0, kiosk.step_of(utcnow() - timedelta(seconds=120))
    )
    tni = community.members["TNI"]
    await tni.start(f"c_{old}")
    assert "kedaluwarsa" in (await tni.next_message()).text
    # The printed code is off while the screen is in use.
    await tni.start(printed)
    assert "dimatikan" in (await tni.next_message()).text
    assert len(await rows(community.data, Attendance)) == 1
    await expect(counter).to_have_attribute("data-checked-in", "1")
