"""The one cleaner every typed text goes through before it is checked or stored (issue 9).

A name, an institution, a forum's agenda or a reason is shown to other people, exported to
PDF and Excel and written to the audit log, so it must not carry characters that hide or
disguise what it says: terminal escapes, NUL and other control characters, bidi overrides
(which reverse what follows them on screen) and invisible characters between letters.
"""

from __future__ import annotations

import re
import unicodedata

# ANSI / ECMA-48 sequences (CSI `ESC [ ... final`, its one-byte form 0x9B, and OSC `ESC ]
# ... BEL|ST`): removed whole, so "\x1b[31mBudi" becomes "Budi" rather than "[31mBudi".
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
)
ZWJ = "\u200d"
VS16 = "\ufe0f"
# Tag characters build subdivision flags (🏴 + tags + cancel tag); they are format
# characters too but belong to the emoji they follow.
_TAGS = range(0xE0020, 0xE0080)


def _is_emoji_part(char: str) -> bool:
    """Whether `char` can stand next to a joiner inside an emoji ZWJ sequence (an emoji,
    a skin tone, a variation selector or a keycap)."""
    code = ord(char)
    return (
        char == VS16
        or code >= 0x1F000
        or 0x2190 <= code <= 0x2BFF  # arrows, technical, dingbats, misc. symbols (♀ ♂ ⚕ ❤)
        or code in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x20E3, 0x3030, 0x303D)
    )


def _dropped(char: str, multiline: bool) -> bool:
    """Characters removed wherever they are (before the joiner pass)."""
    if char == "\n":
        return not multiline
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Zl", "Zp"):  # controls, lone surrogates, line separators
        return True
    if category == "Cf":  # format: bidi controls, zero-width space/non-joiner, BOM, ...
        return char != ZWJ and ord(char) not in _TAGS
    return char == "\u00ad"  # soft hyphen: invisible unless a line breaks there


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` with every character that can hide or disguise text removed, NFC, trimmed.

    Removed: ANSI escape sequences whole; C0 and C1 control characters (a tab becomes a
    space, CR LF and CR become LF, kept only when `multiline`, else a space); lone
    surrogates; every format character (category Cf: bidi embeddings, overrides and
    isolates U+202A-202E and U+2066-2069, LRM/RLM, zero-width space U+200B, ZWNJ U+200C, word
    joiner U+2060, BOM U+FEFF, ...) except tag characters and the zero-width joiner U+200D
    where it joins two parts of an emoji (👨‍👩‍👧); a joiner anywhere else is removed.
    Variation selectors (U+FE0F) stay. The result is NFC-normalised and stripped of
    surrounding white space; it may be empty (callers refuse an empty text).

    Idempotent: `clean_text(clean_text(s)) == clean_text(s)`.
    """
    text = _ESCAPE_SEQUENCE.sub("", value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if not multiline:
        text = text.replace("\n", " ")
    kept = [char for char in text if not _dropped(char, multiline)]
    # A joiner stays only between two emoji parts of the text left after the first pass;
    # its neighbours are never joiners, so a second run keeps exactly the same joiners.
    joined = "".join(
        char
        for index, char in enumerate(kept)
        if char != ZWJ
        or (
            0 < index < len(kept) - 1
            and _is_emoji_part(kept[index - 1])
            and _is_emoji_part(kept[index + 1])
        )
    )
    return unicodedata.normalize("NFC", joined).strip()
