"""Files an admin attaches (an announcement's, a forum's invitation's): kept by Telegram
`file_id`, never downloaded (issue 10, item 5)."""

from __future__ import annotations

from dataclasses import dataclass

from bot import text as bot_text
from bot.services.errors import ServiceError
from models import FileKind

# Telegram takes files of up to 2 GB from users and resends any of them by `file_id`; this
# office's members read on phones, often on mobile data, so a file for many of them is kept
# to 20 MB (also the most a bot may ever download itself, Bot API getFile).
MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 200


@dataclass(frozen=True)
class Attachment:
    """A photo or document the admin sent, kept by its Telegram `file_id` (reusable for
    sending: the file is on Telegram's servers once and never uploaded again)."""

    kind: FileKind
    file_id: str
    file_name: str | None = None


def received(
    kind: FileKind, file_id: str, *, file_name: str | None, size: int | None
) -> Attachment:
    """The attachment of a photo or document sent (Bot API `PhotoSize` / `Document`): its
    name cleaned (one line, at most `NAME_MAX` characters; None when it has none) and its
    `size` in bytes (None: Telegram did not say) checked against `MAX_BYTES`.

    Raises:
        ServiceError: `error-file-too-big` (value `limit`, in MB).
    """
    if size is not None and size > MAX_BYTES:
        raise ServiceError("error-file-too-big", limit=MAX_BYTES // (1024 * 1024))
    name = bot_text.clean_text(file_name or "", multiline=False)[:NAME_MAX]
    return Attachment(kind, file_id, name or None)
