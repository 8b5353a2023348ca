"""The approval digest: one message per admin chat listing who waits (issue 9, finding 8).

Each admin has at most one digest message at a time, listing the pending registrations
(the first `bot.render.WAITING_SHOWN` with Approve / Reject buttons) and edited in place as
people register and are decided.

The first version of a digest is an outbox row like every bot-initiated message (SPEC
section 5), so it survives a restart and is paced by the sender. While that row is still
pending, a change rewrites the row, and the sender sends the latest list; once it is sent,
a change is an edit of the sent message (`DigestEdit`), made by the caller directly: an
edit creates no message, so it needs no outbox row, and editing from the outbox would
need a second kind of row for what is one message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import callback_data as cd
from bot.i18n import t
from bot.render import first_waiting, lines, pillar_request_row, registration_row, shorten
from bot.services import outbox
from bot.services.approvals import pending
from bot.services.directory import PillarRequest, pillar_requests
from bot.services.members import admin_members
from models import (
    ApprovalDigest,
    Member,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Pillar,
)


@dataclass(frozen=True)
class DigestEdit:
    """An edit of a sent digest (Bot API editMessageText); `reply_markup` as a dict."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: dict[str, Any] | None


@dataclass
class SyncResult:
    """What `sync` leaves to the caller: edits to make, and whether a digest was being sent
    (then the caller syncs again a little later)."""

    edits: list[DigestEdit] = field(default_factory=list)
    unsettled: bool = False


def render(
    lang: str,
    waiting: Sequence[tuple[Member, Pillar]],
    pillar_changes: Sequence[PillarRequest] = (),
) -> tuple[str, dict[str, Any]]:
    """The digest's HTML text and inline keyboard for an admin whose language is `lang`:
    registrations first, then pillar changes members asked for in `/profil`."""
    shown, changes = first_waiting(waiting, pillar_changes)
    rows = [
        registration_row(number, member, pillar, lang)
        for number, (member, pillar) in enumerate(shown, 1)
    ]
    rows += [
        pillar_request_row(number, request, lang)
        for number, request in enumerate(changes, len(shown) + 1)
    ]
    count = len(waiting) + len(pillar_changes)
    hidden = count - len(shown) - len(changes)
    more = t(lang, "approval-digest-more", count=hidden) if hidden else ""
    text = t(lang, "approval-digest", count=count, rows=lines(rows), more=more)
    keyboard = [
        [
            {
                "text": f"✅ {number}. {shorten(member.full_name, 40)}",
                "callback_data": cd.approval(member.id or 0, True),
            },
            {"text": f"❌ {number}", "callback_data": cd.approval(member.id or 0, False)},
        ]
        for number, (member, _pillar) in enumerate(shown, 1)
    ]
    keyboard += [
        [
            {
                "text": f"🔁 {number}. {shorten(request.member.full_name, 40)}",
                "callback_data": cd.pillar_decision(
                    request.member.id or 0, request.requested.id or 0, True
                ),
            },
            {
                "text": f"❌ {number}",
                "callback_data": cd.pillar_decision(
                    request.member.id or 0, request.requested.id or 0, False
                ),
            },
        ]
        for number, request in enumerate(changes, len(shown) + 1)
    ]
    return text, {"inline_keyboard": keyboard}


async def sync(session: AsyncSession, *, admin_ids: Sequence[int], now: datetime) -> SyncResult:
    """Bring every admin's digest up to date with the pending registrations and pillar
    changes.

    A digest not yet sent is rewritten in its outbox row; a sent one yields a `DigestEdit`
    (only when its text or buttons change); nobody waiting closes the digest (a last edit
    saying so, or its unsent row dropped), so the next registration starts a new message.
    A new digest is queued in the outbox. The caller commits, wakes the sender, makes the
    edits, and syncs again later when `unsettled`. Callers run one `sync` at a time.
    """
    result = SyncResult()
    waiting = await pending(session)
    pillar_changes = await pillar_requests(session)
    for admin in await admin_members(session, admin_ids):
        digest = await session.get(ApprovalDigest, admin.chat_id)
        row = await session.get(OutboxMessage, digest.outbox_id) if digest else None
        if row is not None and row.status == OutboxStatus.SENDING:
            result.unsettled = True
            continue
        sent = row is not None and row.status == OutboxStatus.SENT and row.telegram_message_id
        if not waiting and not pillar_changes:
            if digest is None:
                continue
            await session.delete(digest)
            if row is not None and row.status == OutboxStatus.PENDING:
                await session.flush()
                await session.delete(row)
            elif sent and row is not None and row.telegram_message_id is not None:
                closing = str(t(admin.language, "approval-digest-empty"))
                edit = DigestEdit(admin.chat_id, row.telegram_message_id, closing, None)
                result.edits.append(edit)
            continue
        text, markup = render(admin.language, waiting, pillar_changes)
        if row is not None and (row.status == OutboxStatus.PENDING or sent):
            if row.text == text and row.reply_markup == markup:
                continue
            row.text, row.reply_markup = text, markup
            session.add(row)
            if sent and row.telegram_message_id is not None:
                result.edits.append(
                    DigestEdit(admin.chat_id, row.telegram_message_id, text, markup)
                )
            continue
        # No digest yet, or its message failed or was blocked: a new one.
        new = await outbox.enqueue(
            session,
            dedupe_key=f"approval-digest:{admin.chat_id}:{now.isoformat()}",
            kind=OutboxKind.APPROVAL_REQUEST,
            chat_id=admin.chat_id,
            member_id=admin.id,
            text=text,
            reply_markup=markup,
            reachable=admin.is_reachable,
        )
        if new is None:
            continue
        await session.flush()
        assert new.id is not None
        if digest is None:
            digest = ApprovalDigest(chat_id=admin.chat_id, outbox_id=new.id, updated_at=now)
        digest.outbox_id, digest.updated_at = new.id, now
        session.add(digest)
    return result
