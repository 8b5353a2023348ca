"""Forums on the dashboard: the list with each forum's answers per pillar as a chart, and a
forum's invitees by pillar with check-ins arriving live (issue 12 item 4).

Admins see names; a member sees only the forums they are invited to and their own answer,
which they can change here through the same service as the invitation's buttons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import followups
from bot.services import exports, forums, reports, rsvp
from bot.services.errors import ServiceError
from bot.services.exports import SheetRow
from models import Forum, RsvpAnswer, utcnow
from web.charts import recap_chart
from web.context import Viewer, door, int_param, signed_in
from web.views.downloads import download_links

PAST_SHOWN = 20


@dataclass(frozen=True)
class ForumCard:
    """A forum in the list: the forum and its recap, drawn as a chart."""

    forum: Forum
    recap: reports.Recap
    chart: str


async def _cards(session: AsyncSession, listed: list[Forum], lang: str) -> list[ForumCard]:
    recaps = await reports.recaps(session, listed)
    return [ForumCard(r.forum, r, recap_chart(r, lang)) for r in recaps]


@signed_in()
async def home(request: web.Request, session: AsyncSession, viewer: Viewer) -> web.Response:
    """`/app/v/home`: admins get the forums (upcoming, then past) with charts; a member gets
    their invitations and answers."""
    shared, now = door(request), utcnow()
    if not viewer.is_admin:
        entries = await forums.schedule_for(session, viewer.member, now=now)
        return shared.pages.response(
            "member_home.html", viewer.lang, viewer=viewer, entries=entries
        )
    upcoming = await _cards(session, list(await forums.upcoming(session, now=now)), viewer.lang)
    past = await _cards(
        session, list(await forums.past(session, now=now, limit=PAST_SHOWN)), viewer.lang
    )
    return shared.pages.response(
        "admin_home.html", viewer.lang, viewer=viewer, upcoming=upcoming, past=past
    )


def _by_pillar(rows: list[SheetRow]) -> dict[str, list[SheetRow]]:
    grouped: dict[str, list[SheetRow]] = defaultdict(list)
    for row in rows:
        grouped[row.pillar].append(row)
    return dict(grouped)


@signed_in()
async def forum(request: web.Request, session: AsyncSession, viewer: Viewer) -> web.Response:
    """`/app/v/forum/<id>`: the invitees by pillar with answers, representatives and
    check-ins for admins; the member's own invitation and answer for a member."""
    shared, forum_id = door(request), int_param(request, "forum")
    if not viewer.is_admin:
        return await _member_forum(request, session, viewer, forum_id)
    sheet = await _sheet(request, session, viewer, forum_id)
    if isinstance(sheet, web.Response):
        return sheet
    found = sheet.forum
    invitees = [row for row in sheet.rows if not row.guest]
    return shared.pages.response(
        "admin_forum.html",
        viewer.lang,
        viewer=viewer,
        forum=found,
        recap=sheet.recap,
        chart=recap_chart(sheet.recap, viewer.lang),
        pillars=_by_pillar(invitees),
        arrivals=_arrivals(sheet.rows),
        downloads=download_links(shared, viewer, found),
    )


async def _sheet(
    request: web.Request, session: AsyncSession, viewer: Viewer, forum_id: int
) -> exports.AttendanceSheet | web.Response:
    """The forum's attendance sheet as of now, or the page refusing an unknown forum."""
    shared = door(request)
    try:
        found = await forums.published_forum(session, forum_id, allow_cancelled=True)
    except ServiceError as exc:
        return shared.pages.response("refused.html", viewer.lang, status=404, error=exc)
    return await exports.attendance_sheet(
        session, found, now=utcnow(), default_duration=shared.settings.forum_default_duration
    )


def _arrivals(rows: list[SheetRow]) -> list[SheetRow]:
    present = [row for row in rows if row.checked_in_at is not None]
    return sorted(present, key=lambda row: row.checked_in_at or utcnow(), reverse=True)


@signed_in(admin=True)
async def arrivals(request: web.Request, session: AsyncSession, viewer: Viewer) -> web.Response:
    """`/app/v/forum/<id>/arrivals`: the check-ins so far, newest first (polled by the
    forum page every few seconds)."""
    shared, forum_id = door(request), int_param(request, "forum")
    sheet = await _sheet(request, session, viewer, forum_id)
    if isinstance(sheet, web.Response):
        return sheet
    found = sheet.forum
    return shared.pages.response(
        "arrivals.html", viewer.lang, forum=found, arrivals=_arrivals(sheet.rows)
    )


async def _member_forum(
    request: web.Request,
    session: AsyncSession,
    viewer: Viewer,
    forum_id: int,
    error: ServiceError | None = None,
) -> web.Response:
    shared = door(request)
    try:
        found = await rsvp.invited_forum(session, forum_id=forum_id, member=viewer.member)
    except ServiceError as exc:
        return shared.pages.response("refused.html", viewer.lang, status=404, error=exc)
    answer = await rsvp.get_rsvp(session, forum_id=forum_id, member_id=viewer.member.id or 0)
    return shared.pages.response(
        "member_forum.html",
        viewer.lang,
        status=400 if error is not None else 200,
        viewer=viewer,
        forum=found,
        answer=answer,
        open=rsvp.is_open(found, now=utcnow()),
        error=error,
    )


ANSWERS = {answer.value: answer for answer in RsvpAnswer}


@signed_in()
async def answer(request: web.Request, session: AsyncSession, viewer: Viewer) -> web.Response:
    """`POST /app/v/forum/<id>/rsvp`: the member's answer (`answer`, and for a
    representative `delegate_name` and `delegate_position`), recorded by
    `bot.services.rsvp.record` as the invitation's buttons do; their invitation in the
    chat is ticked, the forum's group posts recounted."""
    forum_id = int_param(request, "forum")
    form = await request.post()
    chosen = ANSWERS.get(str(form.get("answer", "")))
    if chosen is None:
        return await _member_forum(
            request, session, viewer, forum_id, ServiceError("error-web-answer")
        )
    try:
        outcome = await rsvp.record(
            session,
            forum_id=forum_id,
            member=viewer.member,
            answer=chosen,
            now=utcnow(),
            delegate_name=str(form.get("delegate_name", "")) or None,
            delegate_position=str(form.get("delegate_position", "")) or None,
        )
    except ServiceError as exc:
        await session.rollback()
        await session.refresh(viewer.member)
        return await _member_forum(request, session, viewer, forum_id, exc)
    # Answered away from the invitation message: like an answer in a group, it is ticked
    # on the member's private invitation.
    await followups.answer_recorded(
        door(request).bot_context(), session, outcome, away_from_invitation=True
    )
    await session.refresh(viewer.member)  # the follow-ups committed: rows are expired
    return await _member_forum(request, session, viewer, forum_id)


def register(router: web.UrlDispatcher) -> None:
    """Add this module's routes."""
    router.add_get("/app/v/home", home)
    router.add_get("/app/v/forum/{forum}", forum)
    router.add_get("/app/v/forum/{forum}/arrivals", arrivals)
    router.add_post("/app/v/forum/{forum}/rsvp", answer)
