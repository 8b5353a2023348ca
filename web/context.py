"""What every view reaches: the bot's Application (its sessions, settings and sender), the
initData check, the templates and the download signer, kept on the aiohttp app."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps

from aiohttp import web
from itsdangerous import URLSafeTimedSerializer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.context import SinergiApplication, SinergiContext
from bot.i18n import normalize_language
from bot.services import members
from bot.services.errors import ServiceError
from bot.settings import Settings
from models import Member, MemberStatus
from web.auth import InitDataCheck, Refused
from web.pages import Pages


@dataclass
class Door:
    """The shared state of the web door (one per bot process)."""

    application: SinergiApplication
    check: InitDataCheck
    pages: Pages
    signer: URLSafeTimedSerializer

    @property
    def settings(self) -> Settings:
        assert self.application.bot_data.settings is not None
        return self.application.bot_data.settings

    def session(self) -> AsyncSession:
        """A new database session (one per request)."""
        sessions = self.application.bot_data.sessions
        assert sessions is not None, "sessions are opened in post_init"
        return sessions()

    def bot_context(self) -> SinergiContext:
        """A callback context for the chat's follow-ups (`bot.followups`) of a web action."""
        return SinergiContext(self.application)


DOOR = web.AppKey("door", Door)
ID = re.compile(r"[1-9][0-9]{0,8}")


def door(request: web.Request) -> Door:
    """The web door of the request's app."""
    return request.app[DOOR]


@dataclass(frozen=True)
class Viewer:
    """The Telegram user behind a request, as the database knows them."""

    user_id: int
    member: Member
    lang: str
    is_admin: bool


View = Callable[[web.Request, AsyncSession, Viewer], Awaitable[web.StreamResponse]]


def signed_in(
    *, admin: bool = False
) -> Callable[[View], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """Let through requests whose initData proves an approved member (`admin`: an admin).

    The view gets one database session and the viewer. A refused request gets a page in
    the user's language: 401 for missing, forged or stale initData; 403 for someone who is
    not an approved member, or not an admin where one is needed.
    """

    def decorate(view: View) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        @wraps(view)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            shared = door(request)
            fallback = shared.settings.default_language
            try:
                user = shared.check.user(request.headers.get("Authorization"))
            except Refused as exc:
                return shared.pages.response(
                    "refused.html", fallback, status=401, error=ServiceError(exc.key)
                )
            async with shared.session() as session:
                member = await members.get_member(session, user.id)
                lang = normalize_language(
                    member.language if member else user.language_code or fallback
                )
                if member is None or member.status != MemberStatus.APPROVED:
                    return shared.pages.response(
                        "refused.html", lang, status=403, error=ServiceError("web-not-member")
                    )
                is_admin = members.is_admin(member, user.id, shared.settings.admin_ids)
                if admin and not is_admin:
                    return shared.pages.response(
                        "refused.html", lang, status=403, error=ServiceError("web-admins-only")
                    )
                viewer = Viewer(user_id=user.id, member=member, lang=lang, is_admin=is_admin)
                return await view(request, session, viewer)

        return wrapper

    return decorate


def int_param(request: web.Request, name: str) -> int:
    """A route's integer parameter.

    Raises:
        web.HTTPNotFound: when it is not a positive integer below 2**31.
    """
    value = request.match_info.get(name, "")
    if not ID.fullmatch(value):  # ASCII only: int() also reads "١" and "²"-like digits
        raise web.HTTPNotFound()
    return int(value)
