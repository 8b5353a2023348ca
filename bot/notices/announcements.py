"""An announcement's copies, one per recipient, its progress message, its delivery report
and the follow-up to who has not confirmed it (SPEC section 4; issue 10, item 5)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards
from bot.dates import format_datetime
from bot.i18n import LANGUAGES, Html, normalize_language, t
from bot.render import lines, shorten
from bot.services import outbox, receipts
from bot.services.announcements import Broadcast, DeliveryCounts, Finished, Progress
from models import Announcement, AudienceKind, Forum, Member, OutboxKind, OutboxMessage

UNREACHED_LISTED = 20
BAR_CELLS = 10
PREVIEW_WIDTH = 60


def body(lang: str, announcement: Announcement) -> Html:
    """What a member receives: the heading and the text (a caption when it has a file)."""
    if not announcement.text:
        return t(lang, "announcement-heading")
    return t(lang, "announcement", text=announcement.text)


async def copies(session: AsyncSession, broadcast: Broadcast) -> int:
    """Queue the announcement once per recipient, in their language, with its attachment
    and a "Sudah diterima" button; returns how many copies were queued. Dedupe key
    `announce:<announcement>:<member>`; members already known to have blocked the bot get a
    row recorded as blocked (counted in the report, not sent). Queued in bulk
    (`outbox.enqueue_bulk`): the whole office may be the audience."""
    announcement = broadcast.announcement
    announcement_id = announcement.id or 0
    texts = {lang: body(lang, announcement) for lang in LANGUAGES}
    markups = {lang: keyboards.receipt(lang, announcement_id).to_dict() for lang in LANGUAGES}
    return await outbox.enqueue_bulk(
        session,
        (
            {
                "dedupe_key": f"announce:{announcement_id}:{member.id}",
                "kind": OutboxKind.ANNOUNCEMENT,
                "chat_id": member.chat_id,
                "member_id": member.id,
                "announcement_id": announcement_id,
                "text": texts[normalize_language(member.language)],
                "reply_markup": markups[normalize_language(member.language)],
                "reachable": member.is_reachable,
                "file_kind": announcement.file_kind,
                "file_id": announcement.file_id,
            }
            for member in broadcast.recipients
        ),
    )


def _bar(counts: DeliveryCounts, total: int) -> str:
    ended = counts.sent + counts.blocked + counts.failed + counts.cancelled
    filled = BAR_CELLS if total == 0 else round(BAR_CELLS * ended / total)
    return "▓" * filled + "░" * (BAR_CELLS - filled)


def progress_text(lang: str, state: Progress) -> Html:
    """ "▓▓▓▓░░░░░░ 120/300 terkirim · 2 gagal" under a heading that says whether the
    sending goes on, ended or was cancelled (blocked members count as failed here)."""
    announcement, counts = state.announcement, state.counts
    total = announcement.recipients
    if announcement.cancelled_at is not None:
        key = "announce-progress-cancelled" if state.done else "announce-progress-cancelling"
    else:
        key = "announce-progress-done" if state.done else "announce-progress"
    return t(
        lang,
        key,
        bar=_bar(counts, total),
        sent=counts.sent,
        total=total,
        failed=counts.failed + counts.blocked,
        not_sent=counts.cancelled,
        preview=shorten(announcement.text or announcement.file_name or "", PREVIEW_WIDTH),
    )


async def progress_message(session: AsyncSession, broadcast: Broadcast) -> OutboxMessage | None:
    """Queue a scheduled announcement's progress message to its sender, before its copies
    (rows go out in id order, so it is the first). Dedupe key `progress:<announcement>`."""
    sender = broadcast.sender
    if sender is None:
        return None
    announcement = broadcast.announcement
    state = Progress(
        announcement=announcement,
        sender=sender,
        counts=DeliveryCounts(sent=0, blocked=0, failed=0, pending=announcement.recipients),
        chat_id=None,
        message_id=None,
    )
    row = await outbox.enqueue(
        session,
        dedupe_key=f"progress:{announcement.id}",
        kind=OutboxKind.ANNOUNCEMENT_PROGRESS,
        chat_id=sender.chat_id,
        member_id=sender.id,
        announcement_id=announcement.id,
        text=progress_text(sender.language, state),
        reply_markup=keyboards.cancel_sending(sender.language, announcement.id or 0).to_dict(),
    )
    return row


def report_text(lang: str, report: receipts.Report, unreached: Sequence[tuple[str, str]]) -> Html:
    """The delivery report: counts, who was not reached, confirmations per pillar."""
    announcement, counts = report.announcement, report.counts
    pillar_lines = lines(
        t(
            lang,
            "delivery-receipts-row",
            pillar=p.name,
            confirmed=p.confirmed,
            delivered=p.delivered,
        )
        for p in report.pillars
    )
    cancelled = t(lang, "delivery-cancelled", count=counts.cancelled) if counts.cancelled else ""
    return t(
        lang,
        "delivery-report",
        total=announcement.recipients,
        sent=counts.sent,
        blocked=counts.blocked,
        failed=counts.failed,
        preview=shorten(announcement.text or announcement.file_name or "", PREVIEW_WIDTH),
        unreached=unreached_line(unreached, lang),
        cancelled=cancelled,
        receipts=t(
            lang,
            "delivery-receipts",
            confirmed=report.confirmed,
            delivered=counts.sent,
            pillars=pillar_lines,
        ),
    )


async def delivery_reports(session: AsyncSession, done: Sequence[Finished]) -> list[OutboxMessage]:
    """Queue each finished announcement's delivery report to its sender (none when the
    sender is gone), with buttons to refresh it and to remind who has not confirmed.
    Dedupe key `report:<announcement>`. Returns the rows added."""
    rows = []
    for finished in done:
        sender, announcement = finished.sender, finished.announcement
        if sender is None:
            continue
        report = await receipts.report(session, announcement)
        row = await outbox.enqueue(
            session,
            dedupe_key=f"report:{announcement.id}",
            kind=OutboxKind.DELIVERY_REPORT,
            chat_id=sender.chat_id,
            member_id=sender.id,
            text=report_text(sender.language, report, finished.unreached),
            reply_markup=keyboards.delivery_report(
                sender.language, announcement.id or 0, report.unconfirmed
            ).to_dict(),
        )
        if row is not None:
            rows.append(row)
    return rows


def unreached_line(names: Sequence[tuple[str, str]], lang: str) -> Html:
    """The report's line naming who was not reached (the first `UNREACHED_LISTED`, then how
    many more); empty when everyone was."""
    if not names:
        return Html("")
    listed = ", ".join(f"{name} ({pillar})" for name, pillar in names[:UNREACHED_LISTED])
    more = len(names) - UNREACHED_LISTED
    return t(lang, "delivery-unreached", names=listed, more=max(more, 0))


async def follow_ups(
    session: AsyncSession, announcement: Announcement, members: Sequence[Member]
) -> list[OutboxMessage]:
    """Queue "Mohon konfirmasi penerimaan" to each member (from
    `bot.services.receipts.unconfirmed`), with the "Sudah diterima" button. Dedupe key
    `announce-remind:<announcement>:<member>`: a member is reminded once, however often
    the admin presses. Returns the rows added."""
    announcement_id = announcement.id or 0
    preview = shorten(announcement.text or announcement.file_name or "", PREVIEW_WIDTH)
    return await outbox.enqueue_many(
        session,
        [
            outbox.message(
                dedupe_key=f"announce-remind:{announcement_id}:{member.id}",
                kind=OutboxKind.ANNOUNCEMENT_REMINDER,
                chat_id=member.chat_id,
                member_id=member.id,
                announcement_id=announcement_id,
                text=t(member.language, "announcement-reminder", preview=preview),
                reply_markup=keyboards.receipt(member.language, announcement_id).to_dict(),
            )
            for member in members
        ],
    )


def audience_label(lang: str, announcement: Announcement, forum: Forum | None) -> Html:
    """ "semua anggota", "POLRI, TNI", "belum menjawab — <forum title>"."""
    if announcement.audience == AudienceKind.PILLARS:
        return Html(", ".join(announcement.pillar_codes))
    if announcement.audience == AudienceKind.EVERYONE or forum is None:
        return t(lang, "announce-everyone")
    return t(
        lang, f"announce-audience-{announcement.audience.replace('_', '-')}", forum=forum.title
    )


def scheduled_text(lang: str, announcement: Announcement, tz: ZoneInfo) -> Html:
    """The message a scheduled announcement leaves in the admin's chat."""
    assert announcement.send_at is not None
    return t(
        lang,
        "announce-scheduled",
        when=format_datetime(announcement.send_at, tz=tz, lang=lang),
        preview=shorten(announcement.text or announcement.file_name or "", PREVIEW_WIDTH),
    )


def active_list(lang: str, listed: Sequence[Announcement], tz: ZoneInfo) -> Html:
    """The /umumkan list of scheduled announcements and those being sent."""
    entries = []
    for announcement in listed:
        preview = shorten(announcement.text or announcement.file_name or "", 40)
        if announcement.queued_at is None and announcement.send_at is not None:
            entries.append(
                t(
                    lang,
                    "announce-list-scheduled",
                    number=announcement.id or 0,
                    when=format_datetime(announcement.send_at, tz=tz, lang=lang),
                    preview=preview,
                )
            )
        else:
            entries.append(
                t(lang, "announce-list-sending", number=announcement.id or 0, preview=preview)
            )
    return t(lang, "announce-list", entries=lines(entries))
