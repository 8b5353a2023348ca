"""The one cleaner of typed text (issue 9, finding 10)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from bot.text import ZWJ, _is_emoji_part, clean_text

FAMILY = "👨\u200d👩\u200d👧"
RAINBOW_FLAG = "🏳\ufe0f\u200d🌈"
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = set("\u200b\u200c\u2060\ufeff\u00ad")


def forbidden(text: str, *, multiline: bool = True) -> list[str]:
    """Characters the cleaner must never leave."""
    bad = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if char == "\n" and multiline:
            continue
        if (
            category in ("Cc", "Cs")
            or char in BIDI
            or char in ZERO_WIDTH
            or (category == "Cf" and char != ZWJ and not 0xE0020 <= ord(char) < 0xE0080)
            or (
                char == ZWJ
                and not (
                    0 < index < len(text) - 1
                    and _is_emoji_part(text[index - 1])
                    and _is_emoji_part(text[index + 1])
                )
            )
        ):
            bad.append(char)
    return bad


pieces = st.one_of(
    st.characters(),
    st.sampled_from(sorted(BIDI | ZERO_WIDTH | {ZWJ, "\ufe0f", "\x1b", "\x00", "\t", "\r"})),
    st.sampled_from(["👨", "👩", "👧", "🏳", "🌈", "❤", "\x1b[31m", "\x9b1m", "[", "m"]),
)
texts = st.lists(pieces).map("".join)


@given(texts)
@example("\x1b\x1b[31m[0m")
@example("e\u200b\u0301")
def test_cleaning_is_idempotent(value: str) -> None:
    once = clean_text(value)
    assert clean_text(once) == once
    single = clean_text(value, multiline=False)
    assert clean_text(single, multiline=False) == single


@given(texts)
def test_no_forbidden_character_is_left(value: str) -> None:
    assert forbidden(clean_text(value)) == []
    single = clean_text(value, multiline=False)
    assert forbidden(single, multiline=False) == [] and "\n" not in single


@given(st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCÉéè .,-'/()0123456789")))
def test_ordinary_indonesian_text_is_kept(value: str) -> None:
    assert clean_text(value) == unicodedata.normalize("NFC", value).strip()


def test_examples() -> None:
    assert clean_text("Budi\x00Santoso") == "BudiSantoso"
    assert clean_text("\x1b[31mBudi\x1b[0m Santoso\x1b]0;title\x07") == "Budi Santoso"
    assert clean_text("Ahmad \u202eFauzi\u2066") == "Ahmad Fauzi"
    assert clean_text("Bu\u200bdi\ufeff") == "Budi"
    assert clean_text("Kepala\tSeksi") == "Kepala Seksi"
    assert clean_text("baris 1\r\nbaris 2") == "baris 1\nbaris 2"
    assert clean_text("baris 1\nbaris 2", multiline=False) == "baris 1 baris 2"
    assert clean_text(f"Keluarga {FAMILY} {RAINBOW_FLAG} ❤\ufe0f") == (
        f"Keluarga {FAMILY} {RAINBOW_FLAG} ❤\ufe0f"
    )
    assert clean_text("Bu\u200ddi") == "Budi"  # a joiner between letters is stray
    assert clean_text("Jose\u0301") == "José"  # NFC
    assert clean_text(" \u200b\x00 ") == ""


def test_handlers_read_typed_text_only_through_the_cleaner() -> None:
    """Every typed-text step goes through `handlers.common.typed_text`: no handler module
    reads a message's text itself (finding 10: nothing is missed)."""
    reads = re.compile(r"message\.text\b(?!_)|\.text or \"\"")
    offenders = [
        f"{path}:{number}"
        for path in sorted(Path("handlers").rglob("*.py"))
        if path.name != "common.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if reads.search(line)
    ]
    assert offenders == []
