"""Announcements: what goes out, to whom, when; cancelling; when the delivery report is due
(SPEC section 4; issue 10, item 5).

`bot.notices.announcements` queues the copies, the progress message and the reports;
`bot.services.receipts` keeps the read confirmations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import text as bot_text
from bot.services import audit
from bot.services.attachments import Attachment
from bot.services.errors import ServiceError
from bot.services.forums import published_forum
from bot.services.members import clean_block
from models import (
    Announcement,
    Attendance,
    AudienceKind,
    Forum,
    ForumPillar,
    ForumStatus,
    Member,
    MemberStatus,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Pillar,
    Rsvp,
    RsvpAnswer,
)

TEXT_MAX = 3500
# Telegram allows 1,024 characters in a caption; the heading ("📢 Pengumuman KPU") and
# its blank line take the rest, in either language.
CAPTION_TEXT_MAX = 1000
# Forums offered as an audience: the upcoming ones and those of the last RECENT_DAYS.
RECENT_DAYS = 30
FORUM_CHOICES = 8
# Recipients read per round trip while streaming an audience.
STREAM_CHUNK = 2000


def check_text(text: str) -> str:
    """The announcement body, stripped; fits one message with its heading after escaping.

    Raises:
        ServiceError: `error-text-empty` or `error-text-too-long`.
    """
    return clean_block(text, max_length=TEXT_MAX)


def _utf16_units(text: str) -> int:
    # Telegram counts characters (code points: tdlib's utf8_length); UTF-16 units are never
    # fewer, so a caption that passes here is never refused (an emoji may count two).
    return len(text.encode("utf-16-le")) // 2


def check_body(text: str, attachment: Attachment | None) -> str:
    """The announcement's text, with or without an attachment.

    Without one it is `check_text`. With one the text becomes the file's caption: it may be
    empty, and at most `CAPTION_TEXT_MAX` characters (UTF-16 units, never fewer than
    Telegram's count); longer texts are refused rather than split, so each member gets one
    message to confirm.

    Raises:
        ServiceError: `error-text-empty`, `error-text-too-long`, `error-caption-too-long`
            (values `limit`, `length`).
    """
    if attachment is None:
        return check_text(text)
    cleaned = bot_text.clean_text(text)
    if _utf16_units(cleaned) > CAPTION_TEXT_MAX:
        raise ServiceError(
            "error-caption-too-long", limit=CAPTION_TEXT_MAX, length=_utf16_units(cleaned)
        )
    return cleaned


def join_caption(text: str, caption: str) -> str:
    """The text typed first and the caption of the file sent after it, one after the other."""
    return "\n\n".join(part for part in (text.strip(), caption.strip()) if part)


@dataclass(frozen=True)
class Audience:
    """Who receives an announcement: everyone, `pillar_ids`, or one of `forum_id`'s groups
    (its invitees, its attendees, those invited who have not answered)."""

    kind: AudienceKind = AudienceKind.EVERYONE
    pillar_ids: tuple[int, ...] = ()
    forum_id: int | None = None

    @staticmethod
    def of_pillars(pillar_ids: Sequence[int]) -> Audience:
        """Everyone when `pillar_ids` is empty, else those pillars."""
        if not pillar_ids:
            return Audience()
        return Audience(AudienceKind.PILLARS, tuple(sorted(pillar_ids)))

    @property
    def by_forum(self) -> bool:
        return self.kind in (AudienceKind.INVITEES, AudienceKind.ATTENDEES, AudienceKind.NO_ANSWER)


class Recipient(NamedTuple):
    """What a copy of an announcement needs of its member: four columns, not a `Member`
    (at 60,000 recipients the ORM objects took 130 MB of the bot's memory)."""

    id: int
    chat_id: int
    language: str
    is_reachable: bool


async def _who(session: AsyncSession, audience: Audience) -> ColumnElement[bool]:
    """The condition on `Member` that selects `audience`'s approved members.

    Raises:
        ServiceError: for a forum audience, as `bot.services.forums.published_forum`.
    """
    approved = col(Member.status) == MemberStatus.APPROVED
    if audience.kind == AudienceKind.EVERYONE:
        return approved
    if audience.kind == AudienceKind.PILLARS:
        return and_(approved, col(Member.pillar_id).in_(audience.pillar_ids))
    forum = await published_forum(session, audience.forum_id or 0)
    # The invitees are those of `bot.services.forums.invited_members`.
    invited = col(Member.pillar_id).in_(
        select(ForumPillar.pillar_id).where(ForumPillar.forum_id == forum.id)
    )
    if audience.kind == AudienceKind.INVITEES:
        return and_(approved, invited)
    if audience.kind == AudienceKind.NO_ANSWER:
        answered = select(Rsvp.id).where(Rsvp.forum_id == forum.id, Rsvp.member_id == Member.id)
        return and_(approved, invited, ~answered.exists())
    seated = select(Rsvp.member_id).where(
        Rsvp.forum_id == forum.id,
        col(Rsvp.answer).in_([RsvpAnswer.ATTENDING, RsvpAnswer.DELEGATED]),
        col(Rsvp.waitlisted_at).is_(None),
    )
    present = select(Attendance.member_id).where(
        Attendance.forum_id == forum.id, col(Attendance.member_id).is_not(None)
    )
    return and_(approved, or_(col(Member.id).in_(seated), col(Member.id).in_(present)))


async def recipients(session: AsyncSession, audience: Audience) -> list[Recipient]:
    """The approved members `audience` names now (reachable or not), by id, as the columns
    a copy needs (`Recipient`).

    Attendees are invitees whose answer holds a seat (Hadir or Diwakilkan, not on the
    waitlist) and anyone checked in at the forum; "no answer" are invitees without an RSVP.

    Raises:
        ServiceError: for a forum audience, as `bot.services.forums.published_forum`.
    """
    query = (
        select(Member.id, Member.chat_id, Member.language, Member.is_reachable)
        .where(await _who(session, audience))
        .order_by(col(Member.id))
    )
    # Streamed in partitions: the driver's rows of a whole office are never all held beside
    # the recipients (12 MB more at 60,000). The languages are a handful of values: one
    # string each, not one per member.
    languages: dict[str, str] = {}
    found = []
    async for chunk in (await session.stream(query)).partitions(STREAM_CHUNK):
        for member_id, chat_id, language, reachable in chunk:
            language = languages.setdefault(language, language)
            found.append(Recipient(member_id, chat_id, language, reachable))
    return found


async def count_recipients(session: AsyncSession, audience: Audience) -> int:
    """How many `recipients` has, counted in the database (the audience and preview steps
    of /umumkan show the number only).

    Raises:
        ServiceError: as `recipients`.
    """
    query = select(func.count(col(Member.id))).where(await _who(session, audience))
    return int((await session.exec(query)).one())


async def audience(session: AsyncSession, pillar_ids: Sequence[int]) -> list[Recipient]:
    """Approved members of the pillars (all pillars when empty)."""
    return await recipients(session, Audience.of_pillars(pillar_ids))


async def forum_choices(session: AsyncSession, *, now: datetime) -> list[Forum]:
    """Published forums to choose a forum audience from: the upcoming ones (soonest first),
    then those of the last `RECENT_DAYS` (latest first); `FORUM_CHOICES` at most."""
    upcoming = (
        await session.exec(
            select(Forum)
            .where(Forum.status == ForumStatus.PUBLISHED, Forum.starts_at > now)
            .order_by(col(Forum.starts_at))
            .limit(FORUM_CHOICES)
        )
    ).all()
    recent = (
        await session.exec(
            select(Forum)
            .where(
                Forum.status == ForumStatus.PUBLISHED,
                Forum.starts_at <= now,
                Forum.starts_at >= now - timedelta(days=RECENT_DAYS),
            )
            .order_by(col(Forum.starts_at).desc())
            .limit(FORUM_CHOICES)
        )
    ).all()
    return [*upcoming, *recent][:FORUM_CHOICES]


@dataclass(frozen=True)
class Broadcast:
    """A queued announcement and its recipients (approved members; unreachable ones too:
    their copies are recorded as blocked and counted in the report). `sender` is the
    admin who made it (None when gone)."""

    announcement: Announcement
    recipients: Sequence[Recipient]
    sender: Member | None = None


async def _store(
    session: AsyncSession,
    *,
    sender: Member,
    text: str,
    audience: Audience,
    attachment: Attachment | None,
    now: datetime,
    send_at: datetime | None,
) -> tuple[Announcement, list[Recipient]]:
    text = check_body(text, attachment)
    members = await recipients(session, audience)
    if not members:
        raise ServiceError("error-no-recipients")
    codes = (
        (
            await session.exec(
                select(Pillar.code)
                .where(col(Pillar.id).in_(audience.pillar_ids))
                .order_by(col(Pillar.sort_order))
            )
        ).all()
        if audience.pillar_ids
        else []
    )
    announcement = Announcement(
        sender_id=sender.id or 0,
        text=text,
        pillar_codes=list(codes),
        audience=audience.kind,
        forum_id=audience.forum_id,
        file_kind=attachment.kind if attachment else None,
        file_id=attachment.file_id if attachment else None,
        file_name=attachment.file_name if attachment else None,
        recipients=len(members) if send_at is None else 0,
        created_at=now,
        send_at=send_at,
        queued_at=now if send_at is None else None,
    )
    session.add(announcement)
    await session.flush()
    detail: dict[str, object] = {"recipients": len(members), "pillars": list(codes)}
    if audience.kind not in (AudienceKind.EVERYONE, AudienceKind.PILLARS):
        detail.update(audience=str(audience.kind), forum=audience.forum_id)
    if attachment is not None:
        detail["attachment"] = str(attachment.kind)
    if send_at is not None:
        detail["send_at"] = send_at.isoformat()
    await audit.record(
        session,
        actor_user_id=sender.telegram_user_id,
        action="announcement.schedule" if send_at is not None else "announcement.create",
        target=f"announcement:{announcement.id}",
        **detail,
    )
    return announcement, members


async def create(
    session: AsyncSession,
    *,
    sender: Member,
    text: str,
    now: datetime,
    pillar_ids: Sequence[int] = (),
    audience: Audience | None = None,
    attachment: Attachment | None = None,
    progress: tuple[int, int] | None = None,
) -> Broadcast:
    """Store an announcement sent now (audit-logged) and name its recipients.

    `audience` defaults to `pillar_ids` (everyone when empty); `progress` is the
    (chat id, message id) of the message that shows its progress. The caller queues the
    copies (`bot.notices.announcements.copies`) and commits.

    Raises:
        ServiceError: as `check_body`, `recipients`, or `error-no-recipients`.
    """
    chosen = audience if audience is not None else Audience.of_pillars(pillar_ids)
    announcement, members = await _store(
        session,
        sender=sender,
        text=text,
        audience=chosen,
        attachment=attachment,
        now=now,
        send_at=None,
    )
    if progress is not None:
        announcement.progress_chat_id, announcement.progress_message_id = progress
    return Broadcast(announcement=announcement, recipients=members, sender=sender)


async def schedule(
    session: AsyncSession,
    *,
    sender: Member,
    text: str,
    audience: Audience,
    send_at: datetime,
    now: datetime,
    attachment: Attachment | None = None,
) -> Announcement:
    """Store an announcement to be sent at `send_at` (aware UTC, after `now`); the
    audience is read again when it goes out (`release`). The caller schedules its job
    (`scheduler.announcements.schedule`) after committing.

    Raises:
        ServiceError: `error-send-at-past`, or as `create`.
    """
    if send_at <= now:
        raise ServiceError("error-send-at-past")
    announcement, _ = await _store(
        session,
        sender=sender,
        text=text,
        audience=audience,
        attachment=attachment,
        now=now,
        send_at=send_at,
    )
    return announcement


def audience_of(announcement: Announcement, pillar_ids: Sequence[int] = ()) -> Audience:
    """The stored audience of an announcement (`pillar_ids` from its codes, by the caller)."""
    return Audience(announcement.audience, tuple(pillar_ids), announcement.forum_id)


async def release(
    session: AsyncSession, announcement_id: int, *, now: datetime
) -> Broadcast | None:
    """A scheduled announcement's time has come: mark it queued and name its recipients as
    they are now. None when it was cancelled, queued already (a job run twice) or is gone;
    an audience that has become empty is queued with no recipients (its report says so).
    The caller queues the progress message and the copies in the same transaction.
    """
    claimed = await session.exec(
        update(Announcement)
        .where(
            col(Announcement.id) == announcement_id,
            col(Announcement.queued_at).is_(None),
            col(Announcement.cancelled_at).is_(None),
        )
        .values(queued_at=now)
    )
    if claimed.rowcount != 1:
        return None
    announcement = await session.get(Announcement, announcement_id)
    assert announcement is not None
    await session.refresh(announcement)
    pillar_ids = (
        await session.exec(
            select(Pillar.id).where(col(Pillar.code).in_(announcement.pillar_codes))
        )
    ).all()
    try:
        members = await recipients(
            session, audience_of(announcement, [p or 0 for p in pillar_ids])
        )
    except ServiceError:
        members = []  # the forum was cancelled meanwhile: nobody of it is written to
    announcement.recipients = len(members)
    session.add(announcement)
    sender = await session.get(Member, announcement.sender_id)
    return Broadcast(announcement=announcement, recipients=members, sender=sender)


async def scheduled(session: AsyncSession) -> Sequence[Announcement]:
    """Announcements waiting for their `send_at` (not queued, not cancelled)."""
    query = select(Announcement).where(
        col(Announcement.send_at).is_not(None),
        col(Announcement.queued_at).is_(None),
        col(Announcement.cancelled_at).is_(None),
    )
    return (await session.exec(query.order_by(col(Announcement.send_at)))).all()


async def sending(session: AsyncSession) -> Sequence[Announcement]:
    """Announcements queued whose delivery report is not out yet."""
    query = select(Announcement).where(
        col(Announcement.queued_at).is_not(None), col(Announcement.reported_at).is_(None)
    )
    return (await session.exec(query.order_by(col(Announcement.id)))).all()


async def active(session: AsyncSession) -> Sequence[Announcement]:
    """What an admin can still cancel: scheduled ones, then those being sent."""
    going = [a for a in await sending(session) if a.cancelled_at is None]
    return [*await scheduled(session), *going]


@dataclass(frozen=True)
class Cancelled:
    """A cancelled announcement: `not_sent` copies were pending and will never be sent;
    `was_scheduled` when nothing had gone out yet."""

    announcement: Announcement
    not_sent: int
    was_scheduled: bool


async def cancel(
    session: AsyncSession, *, announcement_id: int, admin: Member, now: datetime
) -> Cancelled:
    """Stop an announcement: before its time nothing is sent; during the sending the copies
    still pending are marked `cancelled` (those in flight finish). Audit-logged.

    Raises:
        ServiceError: `error-announcement-not-found`, `error-announcement-cancelled`
            (cancelled before), `error-announcement-finished` (every copy went out).
    """
    announcement = await session.get(Announcement, announcement_id)
    if announcement is None:
        raise ServiceError("error-announcement-not-found")
    if announcement.cancelled_at is not None:
        raise ServiceError("error-announcement-cancelled")
    if announcement.reported_at is not None:
        raise ServiceError("error-announcement-finished")
    # The same claim `release` makes: whichever of the two commits first wins.
    claimed = await session.exec(
        update(Announcement)
        .where(col(Announcement.id) == announcement_id, col(Announcement.cancelled_at).is_(None))
        .values(cancelled_at=now)
    )
    if claimed.rowcount != 1:
        raise ServiceError("error-announcement-cancelled")
    await session.refresh(announcement)
    was_scheduled = announcement.queued_at is None
    await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.announcement_id) == announcement_id,
            col(OutboxMessage.kind).in_(
                [OutboxKind.ANNOUNCEMENT, OutboxKind.ANNOUNCEMENT_PROGRESS]
            ),
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.CANCELLED, error="cancelled by an admin")
    )
    if was_scheduled:
        announcement.reported_at = now  # nothing went out: there is nothing to report
    session.add(announcement)
    not_sent = await session.exec(
        select(func.count()).where(
            col(OutboxMessage.announcement_id) == announcement_id,
            col(OutboxMessage.kind) == OutboxKind.ANNOUNCEMENT,
            col(OutboxMessage.status) == OutboxStatus.CANCELLED,
        )
    )
    count = int(not_sent.one())
    await audit.record(
        session,
        actor_user_id=admin.telegram_user_id,
        action="announcement.cancel",
        target=f"announcement:{announcement_id}",
        not_sent=count,
        scheduled=was_scheduled,
    )
    return Cancelled(announcement=announcement, not_sent=count, was_scheduled=was_scheduled)


@dataclass(frozen=True)
class DeliveryCounts:
    """States of an announcement's copies: final ones, and `pending` (pending or being sent)."""

    sent: int
    blocked: int
    failed: int
    cancelled: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.blocked + self.failed + self.cancelled + self.pending


async def delivery_counts(session: AsyncSession, announcement_id: int) -> DeliveryCounts:
    """Count an announcement's copies by status."""
    rows = (
        await session.exec(
            select(OutboxMessage.status, func.count())
            .where(
                OutboxMessage.announcement_id == announcement_id,
                OutboxMessage.kind == OutboxKind.ANNOUNCEMENT,
            )
            .group_by(col(OutboxMessage.status))
        )
    ).all()
    by_status = {status: count for status, count in rows}
    return DeliveryCounts(
        sent=by_status.get(OutboxStatus.SENT, 0),
        blocked=by_status.get(OutboxStatus.BLOCKED, 0),
        failed=by_status.get(OutboxStatus.FAILED, 0),
        cancelled=by_status.get(OutboxStatus.CANCELLED, 0),
        pending=by_status.get(OutboxStatus.PENDING, 0) + by_status.get(OutboxStatus.SENDING, 0),
    )


@dataclass(frozen=True)
class Progress:
    """Where an announcement's sending stands, for its live progress message.

    `chat_id`/`message_id` locate that message (None until it has been sent); `done` once
    every copy ended (sent, blocked, failed or cancelled).
    """

    announcement: Announcement
    sender: Member | None
    counts: DeliveryCounts
    chat_id: int | None
    message_id: int | None

    @property
    def done(self) -> bool:
        return self.announcement.queued_at is not None and self.counts.pending == 0


async def progress(session: AsyncSession, announcement_id: int) -> Progress | None:
    """The progress of a queued announcement (None when it is gone or not queued)."""
    announcement = await session.get(Announcement, announcement_id)
    if announcement is None or announcement.queued_at is None:
        return None
    chat_id, message_id = announcement.progress_chat_id, announcement.progress_message_id
    if message_id is None:  # a scheduled one: its progress message is an outbox row
        row = (
            await session.exec(
                select(OutboxMessage).where(
                    OutboxMessage.dedupe_key == f"progress:{announcement_id}"
                )
            )
        ).first()
        if row is not None and row.telegram_message_id is not None:
            chat_id, message_id = row.chat_id, row.telegram_message_id
    return Progress(
        announcement=announcement,
        sender=await session.get(Member, announcement.sender_id),
        counts=await delivery_counts(session, announcement_id),
        chat_id=chat_id,
        message_id=message_id,
    )


@dataclass(frozen=True)
class Finished:
    """An announcement whose sends all ended, for its delivery report.

    `sender` is None when the admin who sent it is gone; `unreached` names who did not get
    it (blocked the bot or failed) as (full name, pillar name), by pillar order then name.
    """

    announcement: Announcement
    sender: Member | None
    counts: DeliveryCounts
    unreached: list[tuple[str, str]] = field(default_factory=list)


async def finished(session: AsyncSession, *, now: datetime) -> list[Finished]:
    """Mark every queued announcement whose copies all ended (sent, blocked, failed or
    cancelled) as reported (`reported_at` = `now`), and return them: the caller queues
    their delivery reports (`bot.notices.announcements.delivery_reports`) in the same
    transaction.

    Idempotent: `reported_at` marks the done ones.
    """
    unfinished = select(OutboxMessage.announcement_id).where(
        OutboxMessage.announcement_id == Announcement.id,
        OutboxMessage.kind == OutboxKind.ANNOUNCEMENT,
        col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
    )
    done = (
        await session.exec(
            select(Announcement).where(
                col(Announcement.reported_at).is_(None),
                col(Announcement.queued_at).is_not(None),
                ~unfinished.exists(),
            )
        )
    ).all()
    reports = []
    for announcement in done:
        counts = await delivery_counts(session, announcement.id or 0)
        sender = await session.get(Member, announcement.sender_id)
        announcement.reported_at = now
        session.add(announcement)
        unreached = await unreached_members(session, announcement.id or 0) if sender else []
        reports.append(Finished(announcement, sender, counts, unreached))
    return reports


async def unreached_members(session: AsyncSession, announcement_id: int) -> list[tuple[str, str]]:
    """Who did not get an announcement (blocked the bot or failed), for its sender (an admin)."""
    rows = (
        await session.exec(
            select(Member.full_name, Pillar.name)
            .join(OutboxMessage, col(OutboxMessage.member_id) == col(Member.id))
            .join(Pillar, col(Pillar.id) == col(Member.pillar_id))
            .where(
                col(OutboxMessage.announcement_id) == announcement_id,
                col(OutboxMessage.kind) == OutboxKind.ANNOUNCEMENT,
                col(OutboxMessage.status).in_([OutboxStatus.BLOCKED, OutboxStatus.FAILED]),
            )
            .order_by(col(Pillar.sort_order), col(Member.full_name))
        )
    ).all()
    return [(name, pillar) for name, pillar in rows]
