"""The member directory with search, and announcements' delivery and confirmations
(issue 12 item 4): admins only, the same services as `/anggota` and the delivery report."""

from __future__ import annotations

import re

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import announcements, directory, receipts
from bot.services.errors import ServiceError
from web.context import Viewer, door, int_param, signed_in
from web.views.downloads import link

QUERY_MAX = 100
PAGE = re.compile(r"[0-9]{1,5}")  # ASCII digits only


@signed_in(admin=True)
async def members(request: web.Request, session: AsyncSession, viewer: Viewer) -> web.Response:
    """`/app/v/members?q=&page=`: a search over names and institutions (every word a
    substring, accents ignored), or everyone page by page when `q` is empty."""
    query = request.query.get("q", "")[:QUERY_MAX].strip()
    page_text = request.query.get("page", "0")
    page = int(page_text) if PAGE.fullmatch(page_text) else 0
    if query:
        found = await directory.search(session, query, page)
    else:  # everyone: pillar None always exists
        everyone = await directory.pillar_page(session, None, page)
        assert everyone is not None
        found = everyone
    shared = door(request)
    return shared.pages.response(
        "members.html",
        viewer.lang,
        viewer=viewer,
        query=query,
        page=found,
        export=link(shared, viewer, "members"),
    )


@signed_in(admin=True)
async def announcement_list(
    request: web.Request, session: AsyncSession, viewer: Viewer
) -> web.Response:
    """`/app/v/announcements`: the latest announcements with their delivery so far."""
    listed = await receipts.recent(session)
    counts = [
        (item, await announcements.delivery_counts(session, item.id or 0)) for item in listed
    ]
    return door(request).pages.response(
        "announcements.html", viewer.lang, viewer=viewer, items=counts
    )


@signed_in(admin=True)
async def announcement(
    request: web.Request, session: AsyncSession, viewer: Viewer
) -> web.Response:
    """`/app/v/announcement/<id>`: delivery and read confirmations per pillar; the page
    polls it while copies are still pending."""
    shared = door(request)
    try:
        found = await receipts.reportable(session, int_param(request, "announcement"))
    except ServiceError as exc:
        return shared.pages.response("refused.html", viewer.lang, status=404, error=exc)
    report = await receipts.report(session, found)
    return shared.pages.response("announcement.html", viewer.lang, viewer=viewer, report=report)


def register(router: web.UrlDispatcher) -> None:
    """Add this module's routes."""
    router.add_get("/app/v/members", members)
    router.add_get("/app/v/announcements", announcement_list)
    router.add_get("/app/v/announcement/{announcement}", announcement)
