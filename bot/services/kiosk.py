"""The desk screen ("kiosk", issue 12 item 5): a rotating check-in code, the one-time links
that open the screen in a browser, and the live list of arrivals it shows.

The screen shows the deep link `https://t.me/<bot>?start=c_<code>` as a QR code, a new code
every `STEP_SECONDS` (30 s). A code is `k<forum_id>-<step>-<mac>`: `step` counts 30-second
steps since the Unix epoch (`step_of`), `mac` is the first 16 characters of the unpadded
base64url HMAC-SHA256 of `"<forum_id>:<step>"` under the forum's `kiosk_secret`. A code
shown at the start of step s works until the end of step s + 2 (`VALID_STEPS` = 3, 90 s), so
a photo of the screen forwarded to someone at home stops working soon. The printed code
(`/start c_<forum.checkin_token>`) keeps working while `forum.static_checkin` is True;
opening a desk screen switches it off, an admin can switch it on again (`set_static`).

Both kinds go through `checkin_forum`, which `attendance.check_in` and `guests.start` use.

Opening a screen: an admin gets a ticket (`issue_ticket`, once, within 10 minutes), the
browser redeems it (`redeem_ticket`) for a session token it keeps (a cookie), and each later
request names the forum by that token (`kiosk_forum`). Only SHA-256 digests of tickets and
session tokens are stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.forums import forum_pillars, invited_members, published_forum
from models import Attendance, Forum, KioskSession, KioskTicket, Member, Pillar

STEP_SECONDS = 30
VALID_STEPS = 3
MAC_CHARS = 16
SECRET_BYTES = 32
TICKET_BYTES = 32
TICKET_SECONDS = 600
# The screen may stay on while the last guests are added after the forum's end.
SESSION_AFTER_END = timedelta(hours=1)
ARRIVALS_MAX = 200
# Forum ids are 32-bit integer columns: a bigger forged id would be a database error.
MAX_FORUM_ID = 2**31 - 1
# No leading zeros: one code, one spelling.
_CODE = re.compile(r"k([1-9][0-9]{0,9})-(0|[1-9][0-9]{0,11})-([A-Za-z0-9_-]{16})")


def step_of(now: datetime) -> int:
    """The 30-second step that aware `now` falls in (steps since the Unix epoch)."""
    return int(now.timestamp() // STEP_SECONDS)


def step_start(step: int) -> datetime:
    """The moment (aware UTC) a step begins."""
    return datetime.fromtimestamp(step * STEP_SECONDS, UTC)


def code_mac(secret: str, forum_id: int, step: int) -> str:
    """The 16-character mac of a forum's code at `step` (base64url, A-Z a-z 0-9 _ -)."""
    digest = hmac.new(secret.encode(), f"{forum_id}:{step}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:MAC_CHARS]


def code_token(secret: str, forum_id: int, step: int) -> str:
    """The rotating code of a forum at `step`: `k<forum_id>-<step>-<mac>` (no `c_` prefix)."""
    return f"k{forum_id}-{step}-{code_mac(secret, forum_id, step)}"


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _forum_end(forum: Forum, default_duration: int) -> datetime:
    # As `attendance.forum_end`, which imports this module.
    return forum.ends_at or forum.starts_at + timedelta(seconds=default_duration)


@dataclass(frozen=True)
class KioskCode:
    """The code the desk screen shows now.

    `token` is the code (`k<forum>-<step>-<mac>`), `payload` the deep-link payload
    (`c_<token>`, at most 64 characters) for `https://t.me/<bot>?start=<payload>`
    (`attendance.link(bot_username, token)`). `shown_at` is the start of `step`,
    `refresh_at` when the next code is due (+30 s), `expires_at` when this one stops working
    (+90 s); all aware UTC.
    """

    forum_id: int
    step: int
    token: str
    payload: str
    shown_at: datetime
    refresh_at: datetime
    expires_at: datetime


async def _secret(session: AsyncSession, forum: Forum) -> str:
    """The forum's kiosk secret, made and stored the first time (a racing request's wins)."""
    if forum.kiosk_secret is None:
        await session.exec(
            update(Forum)
            .where(col(Forum.id) == forum.id, col(Forum.kiosk_secret).is_(None))
            .values(kiosk_secret=secrets.token_urlsafe(SECRET_BYTES))
        )
        await session.refresh(forum)
    assert forum.kiosk_secret is not None
    return forum.kiosk_secret


async def current_code(session: AsyncSession, forum_id: int, now: datetime) -> KioskCode:
    """The rotating check-in code of a published forum at aware `now`; the forum's secret is
    made (flushed, the caller commits) on first need.

    Raises:
        ServiceError: `error-forum-not-found` (missing or draft), `error-forum-cancelled`.
    """
    forum = await published_forum(session, forum_id)
    secret = await _secret(session, forum)
    step = step_of(now)
    token = code_token(secret, forum_id, step)
    return KioskCode(
        forum_id=forum_id,
        step=step,
        token=token,
        payload=f"c_{token}",
        shown_at=step_start(step),
        refresh_at=step_start(step + 1),
        expires_at=step_start(step + VALID_STEPS),
    )


async def checkin_forum(session: AsyncSession, token: str, *, now: datetime) -> Forum:
    """The forum a check-in link's token (the payload without `c_`) names, whatever its
    status (the caller checks that): the printed token while the forum accepts it, or a
    rotating code of the last `VALID_STEPS` steps at aware `now`.

    Raises:
        ServiceError: `error-checkin-invalid` (unknown token, wrong mac),
            `error-checkin-static-off` (the printed token of a forum that switched it off),
            `error-checkin-expired` (a genuine rotating code outside its 90 s).
    """
    forum = (await session.exec(select(Forum).where(Forum.checkin_token == token))).first()
    if forum is not None:
        if not forum.static_checkin:
            raise ServiceError("error-checkin-static-off")
        return forum
    forum_id = code_forum(token)
    forum = await session.get(Forum, forum_id) if forum_id is not None else None
    if forum is None or forum.kiosk_secret is None:
        raise ServiceError("error-checkin-invalid")
    verify_code(forum.kiosk_secret, forum_id or 0, token, now=now)
    return forum


def code_forum(token: str) -> int | None:
    """The forum id a rotating code names (unverified), or None for anything else."""
    match = _CODE.fullmatch(token)
    if match is None or int(match.group(1)) > MAX_FORUM_ID:
        return None
    return int(match.group(1))


def verify_code(secret: str, forum_id: int, token: str, *, now: datetime) -> None:
    """Check that `token` is forum `forum_id`'s rotating code under `secret`, shown within the
    last `VALID_STEPS` steps at aware `now` (the current step and the two before it).

    Raises:
        ServiceError: `error-checkin-invalid` (not a code, another forum's, a wrong mac),
            `error-checkin-expired` (a genuine code outside its 90 s, or from the future).
    """
    match = _CODE.fullmatch(token)
    if match is None or int(match.group(1)) != forum_id:
        raise ServiceError("error-checkin-invalid")
    step, mac = int(match.group(2)), match.group(3)
    # Constant time: a mac guessed character by character is not told how far it got.
    if not hmac.compare_digest(code_mac(secret, forum_id, step), mac):
        raise ServiceError("error-checkin-invalid")
    if not 0 <= step_of(now) - step < VALID_STEPS:
        raise ServiceError("error-checkin-expired")


async def issue_ticket(
    session: AsyncSession,
    forum_id: int,
    admin_member_id: int,
    *,
    now: datetime,
    default_duration: int,
) -> str:
    """A one-time link secret (URL-safe, 43 characters) that opens the forum's desk screen
    within `TICKET_SECONDS` (10 minutes) of aware `now`; only its digest is stored.

    `default_duration` (seconds) is the length of a forum without an end.

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`, `error-kiosk-ended`
            (the forum has ended).
    """
    forum = await published_forum(session, forum_id)
    if now >= _forum_end(forum, default_duration):
        raise ServiceError("error-kiosk-ended")
    raw = secrets.token_urlsafe(TICKET_BYTES)
    session.add(
        KioskTicket(
            forum_id=forum_id,
            token_hash=_digest(raw),
            created_by=admin_member_id,
            created_at=now,
            expires_at=now + timedelta(seconds=TICKET_SECONDS),
        )
    )
    await session.flush()
    return raw


async def redeem_ticket(
    session: AsyncSession, ticket: str, *, now: datetime, default_duration: int
) -> tuple[Forum, str]:
    """The browser opens a ticket's link: the forum and a new raw session token (URL-safe,
    43 characters) that names it until an hour after the forum's end (`kiosk_forum`).

    The ticket is used up (a race between two browsers has one winner), the forum's printed
    code is switched off (the office chose the desk screen) and `kiosk.open` is audit-logged
    in the name of the admin who made the ticket. The caller commits.

    Raises:
        ServiceError: `error-kiosk-invalid` (unknown ticket), `error-kiosk-used`,
            `error-kiosk-expired` (older than 10 minutes), `error-forum-not-found`,
            `error-forum-cancelled`.
    """
    row = (
        await session.exec(select(KioskTicket).where(KioskTicket.token_hash == _digest(ticket)))
    ).first()
    if row is None or row.id is None:
        raise ServiceError("error-kiosk-invalid")
    if row.used_at is not None:
        raise ServiceError("error-kiosk-used")
    if now >= row.expires_at:
        raise ServiceError("error-kiosk-expired")
    forum = await published_forum(session, row.forum_id)
    claimed = await session.exec(
        update(KioskTicket)
        .where(col(KioskTicket.id) == row.id, col(KioskTicket.used_at).is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise ServiceError("error-kiosk-used")
    raw = secrets.token_urlsafe(TICKET_BYTES)
    session.add(
        KioskSession(
            forum_id=row.forum_id,
            ticket_id=row.id,
            session_hash=_digest(raw),
            created_at=now,
            expires_at=_forum_end(forum, default_duration) + SESSION_AFTER_END,
        )
    )
    forum.static_checkin = False
    session.add(forum)
    await _secret(session, forum)
    admin = await session.get(Member, row.created_by)
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id if admin is not None else 0,
        action="kiosk.open",
        target=f"forum:{forum.id}",
        ticket=row.id,
    )
    return forum, raw


async def kiosk_forum(session: AsyncSession, raw_session_token: str, now: datetime) -> Forum:
    """The forum a desk screen's session token names, at aware `now` (any status: a forum
    cancelled meanwhile is the caller's to show).

    Raises:
        ServiceError: `error-kiosk-invalid` (unknown, expired or revoked session).
    """
    row = (
        await session.exec(
            select(KioskSession).where(KioskSession.session_hash == _digest(raw_session_token))
        )
    ).first()
    if row is None or row.revoked_at is not None or now >= row.expires_at:
        raise ServiceError("error-kiosk-invalid")
    forum = await session.get(Forum, row.forum_id)
    if forum is None:
        raise ServiceError("error-kiosk-invalid")
    return forum


async def set_static(
    session: AsyncSession, forum_id: int, *, enabled: bool, actor_user_id: int
) -> tuple[Forum, bool]:
    """Switch the forum's printed check-in code on (`enabled`) or off; the forum and whether
    anything changed (audit-logged as `kiosk.static` by Telegram user `actor_user_id` then).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`.
    """
    forum = await published_forum(session, forum_id)
    if forum.static_checkin == enabled:
        return forum, False
    forum.static_checkin = enabled
    session.add(forum)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="kiosk.static",
        target=f"forum:{forum_id}",
        enabled=enabled,
    )
    return forum, True


@dataclass(frozen=True)
class Arrival:
    """One check-in on the desk screen's list. `name` is who came (the representative or
    guest when one came, else the member); `member_name` and `pillar` are the invited member's
    and their pillar's (None for a guest who represents nobody); `checked_in_at` aware UTC."""

    attendance_id: int
    name: str
    member_name: str | None
    pillar: str | None
    delegate_name: str | None
    checked_in_at: datetime


@dataclass(frozen=True)
class Arrivals:
    """The latest check-ins, newest first, and the counts: `checked_in` invitees (themselves
    or represented) of `invited`, and `guests` who represent nobody."""

    entries: list[Arrival]
    checked_in: int
    invited: int
    guests: int


async def arrivals(
    session: AsyncSession, forum_id: int, since_id: int | None = None, limit: int = 50
) -> Arrivals:
    """The forum's check-ins newest first (by id), at most `limit` (1-200), only those with an
    id above `since_id` when given (the screen asks for what is new since its last poll).

    Raises:
        ServiceError: `error-forum-not-found`, `error-forum-cancelled`.
    """
    await published_forum(session, forum_id)
    limit = min(max(limit, 1), ARRIVALS_MAX)
    query = (
        select(Attendance, Member, Pillar)
        .outerjoin(Member, col(Member.id) == Attendance.member_id)
        .outerjoin(Pillar, col(Pillar.id) == Member.pillar_id)
        .where(Attendance.forum_id == forum_id)
    )
    if since_id is not None:
        query = query.where(col(Attendance.id) > since_id)
    found = (await session.exec(query.order_by(col(Attendance.id).desc()).limit(limit))).all()
    entries = []
    for row, joined_member, joined_pillar in found:
        # Outer joins: a guest who represents nobody has neither.
        member: Member | None = joined_member
        pillar: Pillar | None = joined_pillar
        member_name = member.full_name if member is not None else None
        entries.append(
            Arrival(
                attendance_id=row.id or 0,
                name=row.delegate_name or member_name or "",
                member_name=member_name,
                pillar=pillar.name if pillar is not None else None,
                delegate_name=row.delegate_name,
                checked_in_at=row.checked_in_at,
            )
        )
    pillar_ids = [p.id or 0 for p in await forum_pillars(session, forum_id)]
    invited = {m.id for m in await invited_members(session, forum_id, pillar_ids)}
    member_ids = (
        await session.exec(select(Attendance.member_id).where(Attendance.forum_id == forum_id))
    ).all()
    return Arrivals(
        entries=entries,
        checked_in=sum(1 for member_id in member_ids if member_id in invited),
        invited=len(invited),
        guests=sum(1 for member_id in member_ids if member_id is None),
    )
