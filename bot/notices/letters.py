"""A forum's surat undangan to its invitees (issue 11, item 2): one outbox row each, the
PDF sent by the Telegram `file_id` of its one upload."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.i18n import t
from bot.services import outbox
from models import FileKind, Forum, Member, OutboxKind, OutboxMessage

# The part of a letter's digest its dedupe keys carry: 64 bits name a version well enough.
DIGEST_CHARS = 16


async def letter_notices(
    session: AsyncSession,
    forum: Forum,
    recipients: Sequence[Member],
    *,
    file_id: str,
    digest: str,
) -> list[OutboxMessage]:
    """Queue the letter (sendDocument by `file_id`, captioned "✉️ Surat undangan <title>"
    in the member's language) to each of `recipients`.

    Dedupe key `letter:<forum>:<digest prefix>:<member>`: the same letter is sent to a
    member once however often an admin presses send or the bot restarts; a changed letter
    (another digest, `bot.services.letters.digest`) is sent again. An unreachable member's
    row is recorded as blocked. Returns the rows added; the caller commits and wakes the
    sender.
    """
    captions = {
        lang: t(lang, "letter-for-invitee", title=forum.title)
        for lang in {member.language for member in recipients}
    }
    version = digest[:DIGEST_CHARS]
    return await outbox.enqueue_many(
        session,
        [
            outbox.message(
                dedupe_key=f"letter:{forum.id}:{version}:{member.id}",
                kind=OutboxKind.LETTER,
                chat_id=member.chat_id,
                member_id=member.id,
                forum_id=forum.id,
                text=captions[member.language],
                reachable=member.is_reachable,
                file_kind=FileKind.DOCUMENT,
                file_id=file_id,
            )
            for member in recipients
        ],
    )
