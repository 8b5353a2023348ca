"""Downloads of every export from the dashboard (issue 12 item 4).

A download is a plain link, so it cannot carry the initData header: the page signed in
with initData gets links signed for that user, one kind and one forum, valid for
`LINK_SECONDS` (itsdangerous). The download checks the signature and its age, and that the
user is still an admin, then makes the file the way the chat does (`bot.exports.files`).
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from itsdangerous import BadSignature, SignatureExpired

from bot.exports import files
from bot.services import forums, members
from bot.services.errors import ServiceError
from models import Forum, MemberStatus, utcnow
from web.context import Door, Viewer, door

LINK_SECONDS = 300
SALT = "download"
# (kind, catalog key of its label, the file's name without the forum's number); the
# "members" kind needs no forum.
FORUM_KINDS = (
    ("pdf", "web-download-pdf", "Daftar-Hadir.pdf"),
    ("xlsx", "web-download-xlsx", "Daftar-Hadir.xlsx"),
    ("spj.pdf", "web-download-spj-pdf", "Berkas-SPJ.pdf"),
    ("spj.zip", "web-download-spj-zip", "Berkas-SPJ.zip"),
    ("ics", "web-download-ics", "forum.ics"),
)
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".ics": "text/calendar",
}


@dataclass(frozen=True)
class Link:
    """A signed download link, its label's catalog key, and a name for the file (what
    Telegram's `WebApp.downloadFile` needs before the download starts)."""

    key: str
    url: str
    file_name: str


def link(shared: Door, viewer: Viewer, kind: str, forum_id: int = 0) -> str:
    """The signed URL of one download for `viewer`."""
    token = shared.signer.dumps({"u": viewer.user_id, "k": kind, "f": forum_id}, salt=SALT)
    return f"/app/dl/{token}"


def download_links(shared: Door, viewer: Viewer, forum: Forum) -> list[Link]:
    """The forum's downloads for an admin (none for anyone else)."""
    if not viewer.is_admin:
        return []
    number = forum.id or 0
    return [
        Link(key, link(shared, viewer, kind, number), name.replace(".", f"-{number}.", 1))
        for kind, key, name in FORUM_KINDS
    ]


async def download(request: web.Request) -> web.StreamResponse:
    """`/app/dl/<token>`: the file, as an attachment.

    Raises:
        web.HTTPForbidden: a forged or expired link, or a user no longer an admin.
        web.HTTPNotFound: the forum is gone.
    """
    shared = door(request)
    try:
        claim = shared.signer.loads(request.match_info["token"], salt=SALT, max_age=LINK_SECONDS)
    except (SignatureExpired, BadSignature):
        raise web.HTTPForbidden(text="link expired or invalid") from None
    user_id, kind, forum_id = int(claim["u"]), str(claim["k"]), int(claim["f"])
    settings, now = shared.settings, utcnow()
    async with shared.session() as session:
        member = await members.get_member(session, user_id)
        approved = member is not None and member.status == MemberStatus.APPROVED
        if not approved or not members.is_admin(member, user_id, settings.admin_ids):
            raise web.HTTPForbidden(text="admins only")
        if kind == "members":
            made = await files.members(session, settings=settings, now=now, actor_user_id=user_id)
        else:
            try:
                forum = await forums.published_forum(session, forum_id, allow_cancelled=True)
            except ServiceError:
                raise web.HTTPNotFound() from None
            if kind in files.ATTENDANCE_FORMATS:
                made, _ = await files.attendance(
                    session, forum, kind, settings=settings, now=now, actor_user_id=user_id
                )
            elif kind == "spj.pdf" or kind == "spj.zip":
                bundle, archive = await files.spj_bundle(
                    session, forum, settings=settings, now=now, actor_user_id=user_id
                )
                made = bundle if kind == "spj.pdf" else archive
            elif kind == "ics":
                made = files.calendar(forum, settings=settings)
            else:
                raise web.HTTPNotFound()
    suffix = made.name[made.name.rfind(".") :]
    return web.Response(
        body=made.data,
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        headers={
            "Content-Disposition": f'attachment; filename="{made.name}"',
            "Cache-Control": "no-store",
        },
    )


def register(router: web.UrlDispatcher) -> None:
    """Add this module's routes."""
    router.add_get("/app/dl/{token}", download)
