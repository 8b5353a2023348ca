"""Validation of ``parse_mode=HTML`` text the way Telegram does it.

Telegram (tdlib, ``parse_html``) does not use a general HTML parser: it scans the text for a
small set of tags and a handful of entities and rejects anything else with
``Bad Request: can't parse entities: ...``. This module mirrors that scanner, including its
error texts and UTF-8 byte offsets, and also produces the resulting plain text and
``MessageEntity`` dicts (offsets/lengths in UTF-16 code units) like the Bot API returns them.

Python's :mod:`html.parser` is deliberately *not* used for the scan: it silently accepts a
bare ``<``, unknown tags and unknown entities, which are exactly the mistakes the sandbox must
catch. :func:`html.unescape` semantics are likewise too lenient.

One deliberate difference: by default a ``&`` that does not start a valid entity
(``&amp;``, ``&lt;``, ``&gt;``, ``&quot;``, ``&#NN;``, ``&#xHH;``) is rejected, as the Bot API
documentation demands, although the production server tolerates it. Pass
``strict_entities=False`` to get the production (lenient) behaviour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sandbox.links import UrlError, check_link

__all__ = [
    "HtmlParseError",
    "ParsedText",
    "parse_html",
    "strip_entities",
    "utf16_len",
]

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)

_TAG_TO_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NUMERIC_ENTITY = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_NAMED_ENTITY = re.compile(r"&([a-zA-Z]{1,10});")


class HtmlParseError(ValueError):
    """Raised when text is rejected; ``str(exc)`` is the part after "can't parse entities: "."""


@dataclass
class ParsedText:
    """Result of parsing: the plain text and its entities (Bot API ``MessageEntity`` dicts)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    argument: str
    start_u16: int
    start_chars: int
    expandable: bool = False


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Bot API entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, pos: int) -> tuple[str, int] | None:
    """Decodes the HTML entity starting at ``source[pos] == "&"``; returns (char, end)."""
    match = _NUMERIC_ENTITY.match(source, pos)
    if match:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code), match.end()
        return None
    match = _NAMED_ENTITY.match(source, pos)
    if match and match.group(1) in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[match.group(1)], match.end()
    return None


def _is_space(ch: str) -> bool:
    return ch in " \t\r\n\f\v"


def _is_nonzero_int64(value: str) -> bool:
    if re.fullmatch(r"-?[0-9]+", value) is None:
        return False
    number = int(value)
    return number != 0 and -(2**63) <= number < 2**63


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def parse_html(source: str, *, strict_entities: bool = True) -> ParsedText:
    """Parses Telegram-flavoured HTML (``parse_mode=HTML`` of sendMessage & co.).

    Args:
        source: The text as the bot sent it.
        strict_entities: Reject a ``&`` that does not start a supported HTML entity.

    Returns:
        The plain text (tags removed, entities decoded, *not* yet trimmed) and its entities.

    Raises:
        HtmlParseError: With Telegram's description of the first problem.
    """
    out: list[str] = []
    out_u16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[_OpenTag] = []
    n = len(source)
    i = 0

    def emit(chunk: str) -> None:
        nonlocal out_u16
        out.append(chunk)
        out_u16 += utf16_len(chunk)

    while i < n:
        ch = source[i]
        if ch == "&":
            decoded = _decode_entity(source, i)
            if decoded is not None:
                emit(decoded[0])
                i = decoded[1]
                continue
            if strict_entities:
                raise HtmlParseError(
                    f"Character '&' at byte offset {_byte_offset(source, i)} must be escaped "
                    'as "&amp;"'
                )
            emit(ch)
            i += 1
            continue
        if ch != "<":
            start = i
            while i < n and source[i] not in "<&":
                i += 1
            emit(source[start:i])
            continue

        begin = i
        i += 1
        if i < n and source[i] == "/":
            i = _parse_end_tag(source, begin, stack, entities, out_u16, out)
            continue

        # A start tag.
        while i < n and not _is_space(source[i]) and source[i] != ">":
            i += 1
        if i >= n:
            raise HtmlParseError(
                f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
            )
        tag_name = source[begin + 1 : i].lower()
        if tag_name not in SUPPORTED_TAGS:
            raise HtmlParseError(
                f'Unsupported start tag "{tag_name}" at byte offset {_byte_offset(source, begin)}'
            )
        argument, expandable, i = _parse_attributes(source, begin, i, tag_name)
        if tag_name == "span" and argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        stack.append(_OpenTag(tag_name, argument, out_u16, sum(map(len, out)), expandable))
        i += 1  # skip ">"

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities)


def _parse_attributes(source: str, begin: int, i: int, tag_name: str) -> tuple[str, bool, int]:
    """Parses the attributes of a start tag; returns (argument, expandable, index of ">")."""
    n = len(source)
    argument = ""
    expandable = False
    at = _byte_offset(source, begin)
    while i < n and source[i] != ">":
        while i < n and _is_space(source[i]):
            i += 1
        if i >= n:
            break
        if source[i] == ">":
            break
        attr_begin = i
        while i < n and not _is_space(source[i]) and source[i] not in "=>/\"'":
            i += 1
        # Attribute names are compared as written: tdlib ignores ``HREF``.
        attr_name = source[attr_begin:i]
        if not attr_name:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{tag_name}" at byte offset {at}'
            )
        while i < n and _is_space(source[i]):
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag_name}" at byte offset {at}')
        if source[i] != "=":
            # An attribute without a value is skipped (``expandable`` is the one that counts).
            if tag_name == "blockquote" and attr_name == "expandable":
                expandable = True
            continue
        i += 1
        while i < n and _is_space(source[i]):
            i += 1
        if i >= n:
            raise HtmlParseError(f'Unclosed start tag "{tag_name}" at byte offset {at}')
        if source[i] not in "'\"":
            token_begin = i
            while i < n and (_is_ascii_alnum(source[i]) or source[i] in ".-"):
                i += 1
            value = source[token_begin:i].lower()
            if i >= n or (not _is_space(source[i]) and source[i] != ">"):
                raise HtmlParseError(
                    "Unexpected end of name token at byte offset "
                    f"{_byte_offset(source, token_begin)}"
                )
        else:
            quote = source[i]
            i += 1
            chars: list[str] = []
            while i < n and source[i] != quote:
                if source[i] == "&":
                    decoded = _decode_entity(source, i)
                    if decoded is not None:
                        chars.append(decoded[0])
                        i = decoded[1]
                        continue
                chars.append(source[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(chars)
        if tag_name == "a" and attr_name == "href":
            argument = value
        elif tag_name == "code" and attr_name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag_name == "span" and attr_name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
        elif tag_name == "tg-emoji" and attr_name == "emoji-id":
            argument = value
        elif tag_name == "blockquote" and attr_name == "expandable":
            expandable = True
    if i >= n:
        raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
    return argument, expandable, i


def _parse_end_tag(
    source: str,
    begin: int,
    stack: list[_OpenTag],
    entities: list[dict[str, Any]],
    out_u16: int,
    out: list[str],
) -> int:
    """Parses ``</name>`` at ``begin``, closes the entity; returns the index after ``>``."""
    n = len(source)
    at = _byte_offset(source, begin)
    if not stack:
        raise HtmlParseError(f"Unexpected end tag at byte offset {at}")
    i = begin + 2
    while i < n and not _is_space(source[i]) and source[i] != ">":
        i += 1
    end_name = source[begin + 2 : i].lower()
    while i < n and _is_space(source[i]):
        i += 1
    if i >= n or source[i] != ">":
        raise HtmlParseError(f"Unclosed end tag at byte offset {at}")
    tag = stack.pop()
    if end_name and end_name != tag.name:
        raise HtmlParseError(
            f'Unmatched end tag at byte offset {at}, expected "</{tag.name}>", '
            f'found "</{end_name}>"'
        )
    length = out_u16 - tag.start_u16
    if length > 0:
        entity: dict[str, Any] = {
            "type": _TAG_TO_ENTITY[tag.name],
            "offset": tag.start_u16,
            "length": length,
        }
        if tag.name == "a":
            # tdlib: without href the text is the URL; a URL it refuses gives no entity.
            url = tag.argument or "".join(out)[tag.start_chars :]
            try:
                check_link(url)
            except UrlError:
                return i + 1
            entity["url"] = url
        elif tag.name == "tg-emoji":
            if not _is_nonzero_int64(tag.argument):
                raise HtmlParseError("Invalid custom emoji identifier specified")
            entity["custom_emoji_id"] = tag.argument
        elif tag.name == "blockquote" and tag.expandable:
            entity["type"] = "expandable_blockquote"
        elif (
            # <pre><code class="language-x">...</code></pre> becomes one pre entity.
            tag.name == "pre"
            and entities
            and entities[-1]["type"] == "code"
            and entities[-1]["offset"] == tag.start_u16
            and entities[-1]["length"] == length
        ):
            inner = entities.pop()
            if inner.get("_language"):
                entity["language"] = inner["_language"]
        if tag.name == "code" and tag.argument:
            entity["_language"] = tag.argument
        entities.append(entity)
    return i + 1


def strip_entities(text: str, entities: list[dict[str, Any]]) -> ParsedText:
    """Trims leading/trailing whitespace like Telegram does and shifts/clips the entities.

    Args:
        text: Plain text.
        entities: Entities of ``text`` (UTF-16 offsets).

    Returns:
        The trimmed text with adjusted entities (empty ones dropped, internal keys removed).
    """
    stripped = text.strip()
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    result: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end <= start:
            continue
        clean = {k: v for k, v in entity.items() if not k.startswith("_")}
        clean["offset"] = start
        clean["length"] = end - start
        result.append(clean)
    return ParsedText(stripped, result)
