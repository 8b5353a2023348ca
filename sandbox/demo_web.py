"""The demo's web door: a local sign-in page that exists only in `main.py demo`, and the
screenshots of the dashboard and the desk screen.

In Telegram the dashboard opens from the menu button, signed in by Telegram's initData. On
a machine without Telegram, `/demo` stands in for the Telegram client: it lists the demo's
people, and each link opens the dashboard with initData signed for that person, as the
client would (`BotApiSandbox.web_app_url`). It also opens the desk screen through the
admin's one-time link and lets a person scan its current code.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import kiosk, members
from bot.services.errors import ServiceError
from models import Forum, ForumStatus, utcnow
from sandbox import browser
from sandbox import scenarios as do
from sandbox.server import BotApiSandbox
from sandbox.users import SimUser
from web.context import DOOR

if TYPE_CHECKING:
    from playwright.async_api import Browser

PUBLIC = "https://sinergi.kpu.test"
CODE = re.compile(r'data-link="https://t\.me/\w+\?start=(c_k[A-Za-z0-9_-]+)"')


@dataclass
class DemoDoor:
    """The demo's people and the admin's way to the desk screen, for `/demo`."""

    sandbox: BotApiSandbox
    people: dict[int, tuple[SimUser, str]]
    admin: SimUser
    forum_word: str
    local: str = ""
    kiosk_pages: list[str] = field(default_factory=list)

    def routes(self) -> Callable[[web.Application], None]:
        """The `extra_routes` of the web door: `/demo` and what its links do."""

        def add(app: web.Application) -> None:
            app.router.add_get("/demo", self._page)
            app.router.add_get("/demo/as/{user}", self._as_user)
            app.router.add_get("/demo/desk", self._desk)
            app.router.add_post("/demo/scan/{user}", self._scan)

        return add

    def dashboard_url(self, user: SimUser) -> str:
        """The local address of the dashboard signed in as `user`."""
        return self.sandbox.web_app_url(user, f"{PUBLIC}/app")

    async def desk_link(self) -> str:
        """The admin asks the bot for the desk screen's one-time link (🖥 Layar registrasi
        under the forum): its local address."""
        url = await do.desk_screen_link(self.admin, self.forum_word)
        return url.replace(PUBLIC, self.local, 1)

    async def _page(self, request: web.Request) -> web.Response:
        rows = "".join(
            f'<li><a href="/demo/as/{user.id}">{html.escape(name)}</a></li>'
            for user, name in self.people.values()
        )
        scans = "".join(
            f'<li><form method="post" action="/demo/scan/{user.id}">'
            f'<button type="submit">{html.escape(name)}</button></form></li>'
            for user, name in self.people.values()
        )
        body = (
            "<h1>Sinergi demo: the web door</h1>"
            "<p>In Telegram the dashboard opens from the bot's menu button. Here, pick who "
            "you are (a link signs you in as Telegram would):</p>"
            f"<ul>{rows}</ul>"
            '<h2>The desk screen</h2><p><a href="/demo/desk">Open the desk screen</a> '
            "(the admin gets a one-time link from the bot; it works once).</p>"
            "<h2>Scan the desk screen's current code as…</h2>"
            f"<ul>{scans}</ul>"
            "<p>These pages exist only in <code>main.py demo --serve</code>.</p>"
        )
        return web.Response(
            text=f'<!doctype html><meta charset="utf-8"><title>Sinergi demo</title>{body}',
            content_type="text/html",
        )

    def _person(self, request: web.Request) -> SimUser:
        value = request.match_info["user"]
        found = self.people.get(int(value)) if value.isascii() and value.isdigit() else None
        if found is None:
            raise web.HTTPNotFound()
        return found[0]

    async def _forum(self, session: AsyncSession) -> Forum:
        """The demo's forum (the latest published one)."""
        query = select(Forum).where(Forum.status == ForumStatus.PUBLISHED)
        forum = (await session.exec(query.order_by(col(Forum.id).desc()))).first()
        if forum is None:
            raise web.HTTPConflict(text="No forum is published yet.")
        return forum

    async def _as_user(self, request: web.Request) -> web.StreamResponse:
        # The Location header as it is: HTTPFound runs it through yarl, which decodes the
        # fragment's %26 and %3D and so splits the signed initData.
        target = self.dashboard_url(self._person(request)).removeprefix(self.local)
        return web.Response(status=302, headers={"Location": target})

    async def _desk(self, request: web.Request) -> web.StreamResponse:
        """A one-time link for the admin, as 🖥 Layar registrasi makes it (the service
        directly: once the forum has started the chat's /forum menu no longer lists it)."""
        shared = request.app[DOOR]
        async with shared.session() as session:
            forum = await self._forum(session)
            admin = await members.get_member(session, self.admin.id)
            assert admin is not None and admin.id is not None
            try:
                ticket = await kiosk.issue_ticket(
                    session,
                    forum.id or 0,
                    admin.id,
                    now=utcnow(),
                    default_duration=shared.settings.forum_default_duration,
                )
            except ServiceError as exc:
                raise web.HTTPConflict(text=f"No desk screen: {exc.key}") from None
            await session.commit()
        raise web.HTTPFound(f"/kiosk/open/{ticket}")

    async def _scan(self, request: web.Request) -> web.StreamResponse:
        """The person's phone reads the screen's current code and opens its link."""
        user = self._person(request)
        async with request.app[DOOR].session() as session:
            forum = await self._forum(session)
            try:
                code = await kiosk.current_code(session, forum.id or 0, utcnow())
            except ServiceError as exc:
                raise web.HTTPConflict(text=f"No code: {exc.key}") from None
            await session.commit()
        await user.start(code.payload)
        await user.next_message()
        raise web.HTTPFound("/demo")


async def screenshots(
    door: DemoDoor, output: Path, scan: Callable[[str], Awaitable[None]]
) -> list[str]:
    """Screenshots of the dashboard (admin and member) and the desk screen, before and
    after a person scans its code, in `output`; the lines for the transcript.

    `scan(payload)` is awaited with the code read from the screen. Without Playwright or
    Chromium no picture is taken (the line says why) and the screen is opened and read over
    plain HTTP instead, so the scan happens all the same.
    """
    reason = browser.available()
    if reason is not None:
        await _desk_over_http(door, scan)
        return [f"(Screenshots skipped: {reason}.)"]
    from playwright.async_api import async_playwright

    await asyncio.to_thread(output.mkdir, parents=True, exist_ok=True)
    lines = []
    async with async_playwright() as playwright:
        chromium = await browser.launch(playwright)
        try:
            lines += await _dashboard(door, chromium, output)
            lines += await _desk(door, chromium, output, scan)
        finally:
            await chromium.close()
    return lines


async def _desk_over_http(door: DemoDoor, scan: Callable[[str], Awaitable[None]]) -> None:
    """The desk screen opened by its link and its code read, as a browser would."""
    import httpx

    async with httpx.AsyncClient(timeout=10) as client:
        opened = await client.get(await door.desk_link())
        # The cookie is Secure (WEB_URL is https): a browser sends it to 127.0.0.1, httpx's
        # jar would not, so it goes by hand.
        cookie = opened.cookies["sinergi_kiosk"]
        state = await client.get(
            f"{door.local}/kiosk/v/state", headers={"Cookie": f"sinergi_kiosk={cookie}"}
        )
    match = CODE.search(state.text)
    assert match is not None, state.text
    await scan(match.group(1))


async def _dashboard(door: DemoDoor, chromium: Browser, output: Path) -> list[str]:
    lines = []
    admin_user = door.admin
    member = next(user for user, _ in door.people.values() if user.id != admin_user.id)
    context = await chromium.new_context(
        viewport={"width": 420, "height": 900}, device_scale_factor=2
    )
    try:
        page = await context.new_page()
        await page.route("https://telegram.org/**", lambda route: route.abort())
        await page.goto(door.dashboard_url(admin_user))
        await page.wait_for_selector("[data-view=admin-home]")
        await page.screenshot(path=output / "dashboard-forums.png", full_page=True)
        await page.click("[data-view=admin-home] a.title")
        await page.wait_for_selector("[data-view=admin-forum]")
        await page.screenshot(path=output / "dashboard-forum.png", full_page=True)
        await page.click("text=" + "Pengumuman")
        await page.wait_for_selector("[data-view=announcements]")
        await page.screenshot(path=output / "dashboard-announcements.png", full_page=True)
        # A new tab: the same page with another fragment would not load again.
        page = await context.new_page()
        await page.route("https://telegram.org/**", lambda route: route.abort())
        await page.goto(door.dashboard_url(member))
        await page.wait_for_selector("[data-view=member-home]")
        await page.screenshot(path=output / "dashboard-member.png", full_page=True)
        lines.append(
            "(Dashboard screenshots: dashboard-forums.png, dashboard-forum.png, "
            "dashboard-announcements.png, dashboard-member.png)"
        )
    finally:
        await context.close()
    return lines


async def _desk(
    door: DemoDoor, chromium: Browser, output: Path, scan: Callable[[str], Awaitable[None]]
) -> list[str]:
    from playwright.async_api import expect

    context = await chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = await context.new_page()
        await page.goto(await door.desk_link())
        await page.wait_for_selector(".qr svg")
        await page.screenshot(path=output / "kiosk.png")
        link = await page.get_attribute(".qr", "data-link")
        assert link is not None
        before = int(await page.get_attribute(".counter", "data-checked-in") or 0)
        await scan(link.rsplit("?start=", 1)[1])
        await expect(page.locator(".counter")).to_have_attribute(
            "data-checked-in", str(before + 1), timeout=10_000
        )
        await page.screenshot(path=output / "kiosk-arrival.png")
    finally:
        await context.close()
    return ["(Desk screen screenshots: kiosk.png, and kiosk-arrival.png after the scan)"]
