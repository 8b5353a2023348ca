"""Plain text helpers of every message: shortening, Telegram's length units, and the one place
that splits long texts under Telegram's 4,096-character limit (sendMessage).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.i18n import Html, t
from models import FileKind

MESSAGE_LIMIT = 4096


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis when it is longer."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def units(text: str) -> int:
    """Length in UTF-16 code units (an emoji may count two): never less than the characters
    Telegram counts (code points, tdlib's utf8_length), so a text within a limit here is
    within Telegram's."""
    return len(text.encode("utf-16-le")) // 2


_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]|[<&]")


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split rendered HTML so each part stays within `limit` UTF-16 units.

    Parts break between lines, as late as possible, and at a blank line when the part has
    one, so that blocks separated by blank lines (a schedule's rows, an announcement's
    paragraphs) stay whole; joining the parts with newlines gives back the text (a blank
    line at a break may be dropped: Telegram trims it anyway). A single line longer than
    the limit is cut between characters, never inside a tag or an entity, with its open
    tags closed at the cut and reopened in the next part.
    """
    parts: list[str] = []
    current: list[str] = []
    size = -1  # units of `current` joined with newlines

    def flush() -> None:
        nonlocal current, size
        if any(line.strip() for line in current):  # Telegram refuses a blank message
            parts.append("\n".join(current))
        current, size = [], -1

    for line in text.split("\n"):
        length = units(line)
        if length > limit:
            flush()
            *whole, line = _cut_line(line, limit)
            parts.extend(whole)
            length = units(line)
        if current and size + 1 + length > limit:
            tail = _after_last_blank(current)
            if tail is not None:
                current = current[: len(current) - len(tail) - 1]
                flush()
                current, size = tail, units("\n".join(tail)) if tail else -1
            if current and size + 1 + length > limit:
                flush()
        current.append(line)
        size += 1 + length
    flush()
    return parts


def _after_last_blank(lines: list[str]) -> list[str] | None:
    """The lines after the last blank one, when some non-blank line comes before it."""
    for index in range(len(lines) - 1, 0, -1):
        if not lines[index].strip():
            return lines[index + 1 :] if any(kept.strip() for kept in lines[:index]) else None
    return None


def _cut_line(line: str, limit: int) -> list[str]:
    """Cut one over-long line of HTML into pieces within `limit`, keeping tags balanced."""
    pieces: list[str] = []
    piece = ""
    opened: list[tuple[str, str]] = []  # (tag name, opening tag) open before the next token

    def closing(tags: list[tuple[str, str]]) -> str:
        return "".join(f"</{name}>" for name, _ in reversed(tags))

    for token in _TOKEN.findall(line):
        after = list(opened)
        if token.startswith("</"):
            after = after[:-1]
        elif token.startswith("<") and token.endswith(">") and len(token) > 2:
            after.append((token[1:-1].split()[0].lower(), token))
        reopened = "".join(tag for _, tag in opened)
        if piece != reopened and units(piece + token + closing(after)) > limit:
            pieces.append(piece + closing(opened))
            piece = reopened
        piece += token
        opened = after
    pieces.append(piece)
    return pieces


def lines(items: Iterable[str]) -> Html:
    """Join pre-rendered HTML lines."""
    return Html("\n".join(items))


def attachment_line(lang: str, kind: FileKind, file_name: str | None) -> Html:
    """ "📎 Lampiran: dokumen «TOR.pdf»" (or "foto"): an attachment as previews and a
    forum's details show it."""
    name = f" «{file_name}»" if file_name else ""
    return t(lang, "attachment-line", kind=t(lang, f"attachment-kind-{kind}"), name=name)
