"""Every name prints: Arabic shaped and right to left, CJK from its own font (issue 11, item 8)."""

from __future__ import annotations

import io
import re
from functools import cache

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfReader

from bot.exports.document import Document, Table
from bot.services.exports import Remark
from tests.unit.test_exports import (
    ACCENTED,
    LONG_NAME,
    attendance_pdf,
    flat,
    make_row,
    make_sheet,
    sample_rows,
)

ARABIC = "محمد"
CHINESE = "王小明"
CYRILLIC = "Иван Петров"
MIXED = f"{ARABIC} bin Abdullah {CHINESE}"


def scripts_pdf() -> bytes:
    rows = [
        *sample_rows(),
        make_row(ARABIC, "PEMDA", Remark.ABSENT),
        make_row(CHINESE, "PEMDA", Remark.ABSENT),
        make_row(CYRILLIC, "PEMDA", Remark.ABSENT),
        make_row(MIXED, "PEMDA", Remark.ABSENT, position=f"Staf {ARABIC}"),
    ]
    return attendance_pdf(make_sheet(rows))


def fonts_of(reader: PdfReader) -> dict[str, str]:
    """Base font name (without the subset tag) -> its ToUnicode CMap, over all pages."""
    found = {}
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            font = fonts[key].get_object()
            name = str(font["/BaseFont"]).split("+", 1)[1]
            found[name] = font["/ToUnicode"].get_object().get_data().decode()
    return found


def glyphs(cmap: str) -> list[tuple[int, str]]:
    """The (glyph code, text) pairs of a ToUnicode CMap, in code order (fpdf2 numbers a
    subset's glyphs in the order they are first drawn)."""
    pairs = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)
    return sorted(
        (int(code, 16), bytes.fromhex(value).decode("utf-16-be"))
        for code, value in pairs
        if int(code, 16) not in (0, 0x20)
    )


def test_every_name_reads_back_from_the_daftar_hadir() -> None:
    reader = PdfReader(io.BytesIO(scripts_pdf()))
    content = flat(" ".join(page.extract_text() for page in reader.pages))
    for name in (LONG_NAME, ACCENTED, CYRILLIC, ARABIC, CHINESE):
        assert name in content, name
    # fpdf2 maps each shaped glyph back to the letters it stands for: no presentation forms.
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", content)


def test_arabic_and_cjk_fonts_are_embedded_and_arabic_is_shaped() -> None:
    reader = PdfReader(io.BytesIO(scripts_pdf()))
    fonts = fonts_of(reader)
    assert set(fonts) == {
        "DejaVuSansBook",
        "DejaVuSansBold",
        "NotoSansArabic",
        "DroidSansFallback",
    }
    for page in reader.pages:
        for key in page["/Resources"]["/Font"]:
            descriptor = page["/Resources"]["/Font"][key].get_object()["/DescendantFonts"][0]
            assert "/FontFile2" in descriptor.get_object()["/FontDescriptor"]
    arabic = glyphs(fonts["NotoSansArabic"])
    # Shaped: the two meems of محمد are two glyphs (initial and medial forms); drawn as
    # stored, both would be the one isolated glyph.
    assert [text for _, text in arabic].count("م") == 2
    # Right to left: the first glyph drawn (the leftmost) is the word's last letter, dal.
    assert arabic[0][1] == "د"
    # No Arabic letter was drawn from DejaVu, whose cmap has them too.
    assert not re.search("[\u0600-\u06ff]", "".join(t for _, t in glyphs(fonts["DejaVuSansBook"])))
    assert {text for _, text in glyphs(fonts["DroidSansFallback"])} == set(CHINESE)


def test_plain_latin_names_stay_on_the_fast_path() -> None:
    table = a_table()
    for value in ("Peserta Nomor 12", LONG_NAME, ACCENTED, CYRILLIC):
        assert table.plain(value, "")
    for value in (ARABIC, CHINESE, MIXED, "Ṣ\u0323iti"):  # a combining mark needs the shaper
        assert not table.plain(value, "")


def test_a_list_with_arabic_and_cjk_names_shapes_only_those_names(monkeypatch) -> None:
    # Shaping is what makes a mixed list slow (several times per text): the plain rows must
    # keep the fast path however many shaped names share their list. Counted, not timed.
    measured: list[str] = []
    shaped_measure = Document.get_string_width

    def recording(self: Document, value: str, *args: object, **kwargs: object) -> float:
        measured.append(value)
        return shaped_measure(self, value, *args, **kwargs)

    monkeypatch.setattr(Document, "get_string_width", recording)
    codes = ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU")
    names = ["Peserta Nomor"] * 18 + [ARABIC, CHINESE]
    rows = [
        make_row(f"{names[index % 20]} {index}", codes[index * 4 // 500], Remark.NO_ANSWER)
        for index in range(500)
    ]
    data = attendance_pdf(make_sheet(rows))
    content = flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))
    assert f"{CHINESE} 19" in content
    shaped_names = [value for value in measured if ARABIC in value or CHINESE in value]
    assert len(shaped_names) >= 50  # each of the 50 such rows went through the shaper
    assert [value for value in measured if value not in shaped_names] == []


@cache
def a_table() -> Table:
    """One table for every example (loading the fonts takes a while)."""
    return Table(
        Document(printed="", lang="id"), ["No", ""], widths=(12, 100), align=("CENTER", "LEFT")
    )


WORDS = st.sampled_from([ARABIC, CHINESE, "Siti", "Иван", "بن", "عبد الله", "小", "Ñur", "明明明"])


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDS, max_size=25), room=st.floats(min_value=6, max_value=60))
def test_mixed_script_lines_fit_their_cell(words: list[str], room: float) -> None:
    table = a_table()
    value = " ".join(words)
    lines = table.wrap(value, room, "")
    assert all(table.width(line, "") <= room + 1e-9 for line in lines)
    assert "".join(lines).replace(" ", "") == "".join(value.split())
