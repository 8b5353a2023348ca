"""An announcement's copies, one per recipient, and its delivery report (SPEC section 4)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import LANGUAGES, Html, normalize_language, t
from bot.render import shorten
from bot.services import outbox
from bot.services.announcements import Broadcast, Finished
from models import OutboxKind, OutboxMessage

UNREACHED_LISTED = 20


async def copies(session: AsyncSession, broadcast: Broadcast) -> list[OutboxMessage]:
    """Queue the announcement of `bot.services.announcements.create` once per recipient, in
    their language. Dedupe key `announce:<announcement>:<member>`; members already known to
    have blocked the bot get a row recorded as blocked (counted in the report, not sent)."""
    announcement = broadcast.announcement
    texts = {lang: t(lang, "announcement", text=announcement.text) for lang in LANGUAGES}
    return await outbox.enqueue_many(
        session,
        [
            outbox.message(
                dedupe_key=f"announce:{announcement.id}:{member.id}",
                kind=OutboxKind.ANNOUNCEMENT,
                chat_id=member.chat_id,
                member_id=member.id,
                announcement_id=announcement.id,
                text=texts[normalize_language(member.language)],
                reachable=member.is_reachable,
            )
            for member in broadcast.recipients
        ],
    )


async def delivery_reports(session: AsyncSession, done: Sequence[Finished]) -> list[OutboxMessage]:
    """Queue each finished announcement's delivery report to its sender (none when the
    sender is gone). Dedupe key `report:<announcement>`. Returns the rows added."""
    rows = []
    for report in done:
        sender, announcement, counts = report.sender, report.announcement, report.counts
        if sender is None:
            continue
        row = await outbox.enqueue(
            session,
            dedupe_key=f"report:{announcement.id}",
            kind=OutboxKind.DELIVERY_REPORT,
            chat_id=sender.chat_id,
            member_id=sender.id,
            text=t(
                sender.language,
                "delivery-report",
                total=announcement.recipients,
                sent=counts.sent,
                blocked=counts.blocked,
                failed=counts.failed,
                preview=shorten(announcement.text, 60),
                unreached=unreached(report.unreached, sender.language),
            ),
        )
        if row is not None:
            rows.append(row)
    return rows


def unreached(names: Sequence[tuple[str, str]], lang: str) -> Html:
    """The report's line naming who was not reached (the first `UNREACHED_LISTED`, then how
    many more); empty when everyone was."""
    if not names:
        return Html("")
    listed = ", ".join(f"{name} ({code})" for name, code in names[:UNREACHED_LISTED])
    more = len(names) - UNREACHED_LISTED
    return t(lang, "delivery-unreached", names=listed, more=max(more, 0))
