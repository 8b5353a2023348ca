"""Invitations to a published forum (SPEC section 4): one outbox row per invited member; a
replaced attachment's file to each of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import keyboards, render
from bot.i18n import Html, t
from bot.services import outbox
from bot.services.forum_options import AttachmentChanged
from bot.services.forums import Published, attachment_of
from bot.services.places import venue_parts
from models import Forum, OutboxKind, OutboxMessage


def with_venue(forum: Forum, rows: Sequence[OutboxMessage]) -> list[OutboxMessage]:
    """`rows`, each followed by the forum's venue pin (`outbox.venue_after`) when the forum
    has one: members get the venue as a Telegram venue right after the message."""
    if forum.latitude is None or forum.longitude is None:
        return list(rows)
    title, address = venue_parts(forum.venue)
    out: list[OutboxMessage] = []
    for row in rows:
        out.append(row)
        out.append(
            outbox.venue_after(
                row,
                latitude=forum.latitude,
                longitude=forum.longitude,
                title=title,
                address=address,
            )
        )
    return out


async def invitations(
    session: AsyncSession, published: Published, *, tz: ZoneInfo, office: str
) -> list[OutboxMessage]:
    """Queue an invitation with the RSVP buttons to each invitee of `bot.services.forums.publish`,
    each followed by the venue pin when the forum has one (`with_venue`) and then by its
    attachment when it has one (sendDocument / sendPhoto by `file_id`, captioned in the
    member's language), and addressed to them by name on behalf of `office`
    (`settings.office_name`).

    Dedupe key `invite:<forum>:<member>` (the pin's `venue:invite:<forum>:<member>`, the
    attachment's `file:invite:<forum>:<member>`); an unreachable member's rows are recorded
    as blocked. Times are shown in `tz`. Returns the rows added; the caller commits and
    wakes the sender.
    """
    forum = published.forum
    attachment = attachment_of(forum)
    # The forum's block, the buttons and the attachment's caption read the same in one
    # language: made once per language, only the salutation is per member.
    blocks: dict[str, tuple[Html, dict[str, Any], Html]] = {}
    for lang in {member.language for member in published.invitees}:
        blocks[lang] = (
            render.invitation_details(forum, published.pillars, lang, tz),
            keyboards.rsvp(lang, forum.id or 0).to_dict(),
            t(lang, "invitation-attachment", title=forum.title),
        )
    rows: list[OutboxMessage] = []
    for member in published.invitees:
        details, markup, caption = blocks[member.language]
        invitation = outbox.message(
            dedupe_key=f"invite:{forum.id}:{member.id}",
            kind=OutboxKind.INVITATION,
            chat_id=member.chat_id,
            member_id=member.id,
            forum_id=forum.id,
            text=render.addressed(
                details, member.language, None, name=member.full_name, office=office
            ),
            reply_markup=markup,
            reachable=member.is_reachable,
        )
        rows.extend(with_venue(forum, [invitation]))
        if attachment is not None:
            rows.append(
                outbox.file_after(
                    invitation,
                    file_kind=attachment.kind,
                    file_id=attachment.file_id,
                    caption=caption,
                )
            )
    return await outbox.enqueue_many(session, rows)


async def attachment_notices(
    session: AsyncSession, changed: AttachmentChanged
) -> list[OutboxMessage]:
    """Queue a forum's new attachment (`bot.services.forum_options.set_attachment`) to each
    recipient: the file by its `file_id` (sendDocument / sendPhoto), captioned
    "📎 Lampiran undangan <title> diperbarui" in the member's language; nothing for a
    removal.

    Dedupe key `file-update:<forum>:<file_version>:<member>`: each change is sent once, a
    second replacement again. (Not `file:…`, which marks a file that follows another row.)
    An unreachable member's row is recorded as blocked. Returns the rows added; the caller
    commits and wakes the sender.
    """
    forum, new = changed.forum, changed.new
    if new is None:
        return []
    captions = {
        lang: t(lang, "forum-file-updated", title=forum.title)
        for lang in {member.language for member in changed.recipients}
    }
    return await outbox.enqueue_many(
        session,
        [
            outbox.message(
                dedupe_key=f"file-update:{forum.id}:{forum.file_version}:{member.id}",
                kind=OutboxKind.ATTACHMENT,
                chat_id=member.chat_id,
                member_id=member.id,
                forum_id=forum.id,
                text=captions[member.language],
                reachable=member.is_reachable,
                file_kind=new.kind,
                file_id=new.file_id,
            )
            for member in changed.recipients
        ],
    )
