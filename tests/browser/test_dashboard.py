"""The dashboard as people see it, in Chromium (issue 12 item 8): counts and names shown to
an admin, a member changing their answer, a member kept out of admin views, and forged or
stale initData refused on the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.async_api import expect

from models import Rsvp, RsvpAnswer
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.browser.conftest import screenshot
from tests.e2e.conftest import Community, days_ahead, publish_forum, rows
from tests.web.conftest import PUBLIC

if TYPE_CHECKING:
    from playwright.async_api import Page

pytestmark = [pytest.mark.usefixtures("app"), pytest.mark.timeout(90)]
APP = f"{PUBLIC}/app"


async def test_an_admin_sees_counts_per_pillar_names_and_announcements(
    phone: Page, sandbox: BotApiSandbox, community: Community
) -> None:
    invitations = await publish_forum(community, start=days_ahead(3))
    await community.members["POLRI"].press(invitations["POLRI"], "Hadir")
    await community.members["TNI"].press(invitations["TNI"], "Tidak hadir")
    await do.announce(community.admin, "Rapat koordinasi <b>pukul 09.00</b>")
    await phone.goto(sandbox.web_app_url(community.admin, APP))
    home = phone.locator("[data-view=admin-home]")
    await home.wait_for()
    card = home.locator("article.forum").first
    totals = card.locator(".totals")
    assert await totals.get_attribute("data-confirmed") == "1"
    assert await totals.get_attribute("data-invited") == "4"
    assert "1 dari 4 undangan akan hadir" in await totals.inner_text()
    # The chart: one bar per pillar, core pillars starred, segments sized by the counts.
    labels = await card.locator("svg.chart text.pillar").all_text_contents()
    assert labels == ["Kejaksaan ★", "Polri ★", "TNI ★", "Bawaslu ★"]
    assert await card.locator("svg.chart rect.s-attending[data-count]").count() == 1
    assert await card.locator("svg.chart rect.s-declined[data-count]").count() == 1
    await screenshot(phone, "dashboard-admin-forums")

    await card.locator("a.title").click()
    forum = phone.locator("[data-view=admin-forum]")
    await forum.wait_for()
    polri = forum.locator("details.pillar", has_text="Polri")
    assert "Hadir" in await polri.inner_text()
    assert community.members["POLRI"].first_name in await polri.inner_text()
    tni = forum.locator("details.pillar", has_text="TNI")
    assert "Tidak hadir" in await tni.inner_text()
    assert await forum.locator(".downloads a").count() == 5
    await screenshot(phone, "dashboard-admin-forum")

    await phone.locator("nav.tabs a", has_text="Pengumuman").click()
    listing = phone.locator("[data-view=announcements]")
    await listing.wait_for()
    # The typed markup is shown as text, never as markup.
    assert "Rapat koordinasi <b>pukul 09.00</b>" in await listing.inner_text()
    await listing.locator("a.title").first.click()
    report = phone.locator("[data-view=announcement] .delivery")
    await report.wait_for()
    await expect(report).to_have_attribute("data-pending", "0", timeout=15_000)
    # Everyone: the members and the admin.
    assert await report.get_attribute("data-sent") == str(len(community.members) + 1)
    await screenshot(phone, "dashboard-admin-announcement")

    await phone.locator("nav.tabs a", has_text="Anggota").click()
    await phone.locator("[data-view=members]").wait_for()
    await phone.fill("input[name=q]", "polres")
    await phone.locator("form.search button").click()
    await expect(phone.locator("[data-view=members] .people li")).to_have_count(1)
    names = await phone.locator("[data-view=members] .people .name").all_inner_texts()
    assert len(names) == 1
    assert community.members["POLRI"].first_name in names[0]
    await screenshot(phone, "dashboard-admin-members")


async def test_a_member_answers_on_the_dashboard_and_cannot_open_admin_views(
    phone: Page, sandbox: BotApiSandbox, community: Community
) -> None:
    await publish_forum(community, start=days_ahead(3), pillars=["POLRI"])
    polri = community.members["POLRI"]
    await phone.goto(sandbox.web_app_url(polri, APP))
    home = phone.locator("[data-view=member-home]")
    await home.wait_for()
    assert "Belum menjawab" in await home.inner_text()
    assert await phone.locator("nav.tabs").count() == 0  # no admin tabs
    await screenshot(phone, "dashboard-member-forums")
    await home.locator("a.title").click()
    await phone.locator("[data-view=member-forum]").wait_for()
    await phone.locator("button.b-attending").click()
    await expect(phone.locator("#my-answer")).to_contain_text("Hadir")
    (answer,) = await rows(community.data, Rsvp)
    assert answer.answer == RsvpAnswer.ATTENDING
    await screenshot(phone, "dashboard-member-answered")
    # An admin view asked for from the member's page (as a curious member might).
    await phone.evaluate("htmx.ajax('GET', '/app/v/members', {target: '#main'})")
    refused = phone.locator("[data-status=refused]")
    await refused.wait_for()
    assert "hanya untuk admin KPU" in await refused.inner_text()
    await screenshot(phone, "dashboard-member-refused")


async def test_forged_and_stale_init_data_are_refused_on_the_page(
    phone: Page, sandbox: BotApiSandbox, community: Community
) -> None:
    stale = sandbox.web_app_url(community.admin, APP, auth_date=1_700_000_000)
    await phone.goto(stale)
    refused = phone.locator("[data-status=refused]")
    await refused.wait_for()
    assert "kedaluwarsa" in await refused.inner_text()
    await screenshot(phone, "dashboard-stale")
    # The same page with the admin's id swapped for another's in the signed data.
    url = sandbox.web_app_url(community.members["TNI"], APP)
    forged = url.replace(
        f"%2522id%2522%253A{community.members['TNI'].id}",
        f"%2522id%2522%253A{community.admin.id}",
    )
    assert forged != url
    page = await phone.context.new_page()
    await page.route("https://telegram.org/**", lambda route: route.abort())
    await page.goto(forged)
    await page.locator("[data-status=refused]").wait_for()
    assert "tidak sah" in await page.locator("[data-status=refused]").inner_text()
    assert await page.locator("[data-view=admin-home]").count() == 0
