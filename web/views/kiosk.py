"""The venue kiosk (issue 12 item 5): the registration desk's screen with a rotating check-in
QR code and the arrivals as they come.

An admin gets a one-time link in the chat (🖥 Layar registrasi); the browser that opens it
gets a session cookie for that forum and nothing else (`bot.services.kiosk`). The screen
polls `/kiosk/v/state` every two seconds: the current code (a new one every 30 s, each
working 90 s, so a photo of it forwarded home stops working) and the latest check-ins.
"""

from __future__ import annotations

import io
import math

import segno
from aiohttp import web
from markupsafe import Markup

from bot.services import attendance, kiosk
from bot.services.errors import ServiceError
from models import ForumStatus, utcnow
from web.context import door

COOKIE = "sinergi_kiosk"
ARRIVALS_SHOWN = 12


def _qr_svg(link: str) -> Markup:
    out = io.BytesIO()
    # No size but a viewBox: the page's CSS sizes it to the screen.
    segno.make(link, error="m").save(out, kind="svg", border=2, xmldecl=False, omitsize=True)
    return Markup(out.getvalue().decode())


async def open_link(request: web.Request) -> web.StreamResponse:
    """`/kiosk/open/<ticket>`: redeem the one-time link, set the screen's cookie, and go to
    the screen. A used, expired or unknown link gets a page saying so (410 or 404)."""
    shared, now = door(request), utcnow()
    settings = shared.settings
    async with shared.session() as session:
        try:
            _, token = await kiosk.redeem_ticket(
                session,
                request.match_info["ticket"],
                now=now,
                default_duration=settings.forum_default_duration,
            )
        except ServiceError as exc:
            status = 410 if exc.key in ("error-kiosk-used", "error-kiosk-expired") else 404
            return shared.pages.response(
                "kiosk_refused.html", settings.default_language, status=status, error=exc
            )
        await session.commit()
    response = web.HTTPSeeOther("/kiosk")
    # HttpOnly: no script reads it. Lax, not Strict: the link is opened from Telegram (its
    # web client is another site), and a Strict cookie would not come with the redirect
    # that follows, leaving a used ticket and no screen; the screen only reads (GET), so
    # Lax gives nothing away. Secure whenever the public address is https.
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="Lax",
        secure=settings.public_web_url.startswith("https://") or request.secure,
        path="/kiosk",
    )
    raise response


async def screen(request: web.Request) -> web.StreamResponse:
    """`/kiosk`: the desk screen's page (its state comes by polling)."""
    shared, lang = door(request), door(request).settings.default_language
    async with shared.session() as session:
        try:
            forum = await kiosk.kiosk_forum(session, request.cookies.get(COOKIE, ""), utcnow())
        except ServiceError as exc:
            return shared.pages.response("kiosk_refused.html", lang, status=403, error=exc)
        return shared.pages.response("kiosk.html", lang, forum=forum)


async def state(request: web.Request) -> web.StreamResponse:
    """`/kiosk/v/state`: the current code as a QR and the latest arrivals, with counts."""
    shared, now = door(request), utcnow()
    lang = shared.settings.default_language
    async with shared.session() as session:
        try:
            forum = await kiosk.kiosk_forum(session, request.cookies.get(COOKIE, ""), now)
        except ServiceError as exc:
            return shared.pages.response("kiosk_refused.html", lang, status=403, error=exc)
        found = await kiosk.arrivals(session, forum.id or 0, limit=ARRIVALS_SHOWN)
        if forum.status == ForumStatus.CANCELLED:
            return shared.pages.response(
                "kiosk_state.html", lang, forum=forum, code=None, qr=None, arrivals=found
            )
        code = await kiosk.current_code(session, forum.id or 0, now)
        await session.commit()  # the forum's secret is made on first use
    link = attendance.link(shared.application.bot.username, code.token)
    return shared.pages.response(
        "kiosk_state.html",
        lang,
        forum=forum,
        code=code,
        link=link,
        qr=_qr_svg(link),
        seconds_left=max(1, math.ceil((code.refresh_at - now).total_seconds())),
        arrivals=found,
    )


def register(router: web.UrlDispatcher) -> None:
    """Add this module's routes."""
    router.add_get("/kiosk/open/{ticket}", open_link)
    router.add_get("/kiosk", screen)
    router.add_get("/kiosk/v/state", state)
