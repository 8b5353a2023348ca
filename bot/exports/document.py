"""What every PDF of the office shares (fpdf2): the embedded fonts, the A4 page with its
footer, and a fast table drawn cell by cell.

Every name prints: the fonts shipped in `bot/assets/fonts` are embedded (a server has no
system fonts): DejaVu Sans for Latin, Greek and Cyrillic, Noto Sans Arabic for Arabic
script, Droid Sans Fallback for Chinese, Japanese and Korean. fpdf2 switches to a fallback
font for a character DejaVu lacks, and shapes text with HarfBuzz (`uharfbuzz`), so Arabic
letters join and run right to left.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextEmphasis
from fpdf.fonts import TTFFont

from bot.exports import text

FONT = "DejaVu"
ARABIC_FONT = "NotoSansArabic"
CJK_FONT = "DroidSansFallback"
# Family -> fpdf style ("" regular, "B" bold) -> file. The CJK font has no bold: bold text
# falls back to its regular face.
_FONT_FILES = {
    FONT: {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"},
    ARABIC_FONT: {"": "NotoSansArabic-Regular.ttf", "B": "NotoSansArabic-Bold.ttf"},
    CJK_FONT: {"": "DroidSansFallback.ttf"},
}
# DejaVu has basic Arabic letters, so fpdf2 would never fall back for them; the Arabic font
# draws Arabic script instead (its own shapes and joins, a matching weight). Blocks:
# Arabic, Arabic Supplement, Arabic Extended-A, Presentation Forms-A and -B.
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Bidi classes of right-to-left text: drawn after the bidi algorithm and shaping, never as
# they are stored.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})

FONT_SIZE = 9
_LINE = 4.2  # mm per text line
_BASELINE = 3.1  # mm from a line's top to its baseline at 9 pt
_PADDING = 1.2
_FILL_GRAY = 230


@contextmanager
def font_paths(family: str = FONT) -> Iterator[dict[str, Path]]:
    """The bundled files of font `family` (FONT, ARABIC_FONT, CJK_FONT) as real paths, by fpdf
    style ("" regular, "B" bold)."""
    folder = resources.files("bot").joinpath("assets", "fonts")
    with ExitStack() as stack:
        yield {
            style: stack.enter_context(resources.as_file(folder.joinpath(name)))
            for style, name in _FONT_FILES[family].items()
        }


@dataclass(frozen=True)
class Numbering:
    """The page numbers of a paper inside a bundle: its first page is page `first` of
    `total`, and `footer` stands on the left of each page."""

    first: int
    total: int
    footer: str


@cache
def _plain(codepoints: frozenset[int]) -> frozenset[int]:
    """Of a font's `codepoints`, those `text()` draws right as stored: no right-to-left
    letter, no combining mark (which needs the shaper to sit on its letter)."""
    return frozenset(
        code
        for code in codepoints
        if unicodedata.bidirectional(chr(code)) not in _RIGHT_TO_LEFT
        and not unicodedata.combining(chr(code))
    )


class Document(FPDF):
    """An A4 page (`orientation` "L" landscape, "P" portrait) with the bundled fonts and the
    footer "Dicetak ..." on the left and "Halaman 1 dari 3" on the right; the first page is
    added. Margins are 10 mm; `footer_text=False` leaves the footer out (a letter). With
    `numbering` the footer is the bundle's, whatever `footer_text` says."""

    def __init__(
        self,
        *,
        printed: str,
        lang: str,
        orientation: str = "L",
        footer_text: bool = True,
        numbering: Numbering | None = None,
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self._printed = printed
        self._lang = lang
        self._footer_text = footer_text
        self._numbering = numbering
        # The tables drawn on it: a page's end draws their column lines (`Table`).
        self.tables: list[Table] = []
        self.alias_nb_pages("{nb}")
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(auto=True, margin=15)
        # The fill colour stays the text's (black) but while a shaded box is drawn: where
        # they differ, fpdf2 wraps every text() in its own colour change.
        self.set_line_width(0.2)
        self._add_family(FONT)
        self._add_family(ARABIC_FONT)
        for style in _FONT_FILES[FONT]:
            self._leave_arabic(self._ttf(FONT, style))
        # The CJK font takes a fifth of a second to load: only a text that needs it does.
        self._cjk_loaded = False
        self._covered = frozenset(self._ttf(FONT).cmap) | frozenset(self._ttf(ARABIC_FONT).cmap)
        self._fallbacks = [ARABIC_FONT]
        self.set_fallback_fonts(self._fallbacks, exact_match=False)
        self.set_text_shaping(True)
        self.set_font(FONT, size=FONT_SIZE)
        self.add_page()

    def _add_family(self, family: str) -> None:
        with font_paths(family) as fonts:
            for style, path in fonts.items():
                self.add_font(family, style, path)

    def _ttf(self, family: str, style: str = "") -> TTFFont:
        font = self.fonts[f"{family.lower()}{style}"]
        assert isinstance(font, TTFFont)
        return font

    @staticmethod
    def _leave_arabic(font: TTFFont) -> None:
        for code in [code for code in font.cmap if is_arabic(code)]:
            del font.cmap[code]
            font.glyph_ids.pop(code, None)

    def plain_codepoints(self, style: str) -> frozenset[int]:
        """The characters the primary font draws with `text()` exactly as stored (see
        `Table.width`)."""
        return _plain(frozenset(self._ttf(FONT, style).cmap))

    def normalize_text(self, text: str) -> str:
        # Every text fpdf2 draws or measures passes here first: the moment to load the CJK
        # font, once, for a character no other font has.
        if (
            not self._cjk_loaded
            and not text.isascii()
            and not self._covered.issuperset(map(ord, text))
        ):
            self._cjk_loaded = True
            self._add_family(CJK_FONT)
            self._fallbacks.append(CJK_FONT)
            self.set_fallback_fonts(self._fallbacks, exact_match=False)
        return super().normalize_text(text)

    def set_font(
        self, family: str | None = None, style: str | TextEmphasis = "", size: float = 0
    ) -> None:
        super().set_font(family, style, size)
        self._font_on_page()

    def header(self) -> None:
        self._font_on_page()

    def _font_on_page(self) -> None:
        # fpdf2 2.8 bug: when a page's first text after a font change is drawn in a
        # fallback font, it selects the primary font inside that line's "q ... Q" only, and
        # the text after it has no font ("No font in show"). Selecting the font in the page
        # first (an empty text object) avoids it.
        if self.page > 0 and not self.current_font_is_set_on_page:
            self.text(0, 0, "")

    def footer(self) -> None:
        for table in self.tables:
            table.end_run()
        if self._numbering is not None:
            left, page = self._numbering.footer, self._numbering.first + self.page_no() - 1
            pages: object = self._numbering.total
        elif self._footer_text:
            left, page, pages = self._printed, self.page_no(), "{nb}"
        else:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8)
        # Catalog text and a date: DejaVu draws them as they are, and shaping them on every
        # page would cost a 2,000-row list a tenth of its time. A bundle's footer names the
        # forum, which may be in any script: that line is shaped.
        if self._numbering is not None:
            self.cell(0, 5, left, align="L")
        with self.unshaped():
            if self._numbering is None:
                self.cell(0, 5, left, align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, text(self._lang, "export-page", page=page, pages=pages), align="R")

    @contextmanager
    def unshaped(self) -> Iterator[None]:
        """Within: no shaping and no fallback fonts, for texts known to be plain (catalog
        texts, numbers), which fpdf2 then lays out several times faster."""
        self.set_text_shaping(False)
        self.set_fallback_fonts([])
        try:
            yield
        finally:
            self.set_fallback_fonts(self._fallbacks, exact_match=False)
            self.set_text_shaping(True)


def is_arabic(code: int) -> bool:
    """Whether Unicode code point `code` is in one of the Arabic script blocks."""
    return any(first <= code <= last for first, last in _ARABIC_BLOCKS)


class Table:
    """A table drawn cell by cell, columns `widths` mm wide and aligned by `align` ("LEFT" or
    "CENTER" per column); rows are at least `min_height` mm high.

    fpdf2's `table()` re-measures a line's text once per added character, which made a
    2,000-row list take over 15 s; here each cell is measured from the font's advance
    widths and wrapped greedily, which keeps such a list around a second. A text the
    primary font cannot draw as stored (a character from a fallback font, right-to-left
    script, a combining mark) is measured and drawn through fpdf2's shaping instead, slower
    but right. Rows never split across pages; the heading row is drawn again at the top of
    each page.

    Borders: a row draws only its bottom line; the column lines of the rows between two
    shaded rows (the heading, a group) are drawn once, from the first row's top to the
    last row's bottom, when the next shaded row comes or the page ends (`Document.footer`):
    a 10,000-row list had spent a fifth of its time in 70,000 cell rectangles.
    """

    def __init__(
        self,
        pdf: Document,
        headings: Sequence[str],
        *,
        widths: Sequence[float],
        align: Sequence[str],
        min_height: float = 0.0,
    ) -> None:
        self.pdf = pdf
        self.headings = list(headings)
        self.widths = tuple(widths)
        self.align = tuple(align)
        self.min_height = min_height
        self._metrics: dict[str, tuple[dict[int, float], float, frozenset[int]]] = {}
        self._shaped: dict[tuple[str, str], float] = {}
        edges = [pdf.l_margin]
        for width in self.widths:
            edges.append(edges[-1] + width)
        self._edges = tuple(edges)
        self._run: tuple[float, float] | None = None  # top and bottom of unshaded rows
        pdf.tables.append(self)
        self._heading()

    def end_run(self) -> None:
        """Draw the column lines still owed on this page (see the class docstring)."""
        if self._run is not None:
            top, bottom = self._run
            for edge in self._edges:
                self.pdf.line(edge, top, edge, bottom)
            self._run = None

    @contextmanager
    def _shading(self) -> Iterator[None]:
        self.end_run()
        self.pdf.set_fill_color(_FILL_GRAY)
        try:
            yield
        finally:
            self.pdf.set_fill_color(0)

    def _font(self, style: str) -> tuple[dict[int, float], float, frozenset[int]]:
        metrics = self._metrics.get(style)
        if metrics is None:
            self.pdf.set_font(FONT, style, FONT_SIZE)
            font = self.pdf.current_font
            assert isinstance(font, TTFFont)
            metrics = self._metrics[style] = (
                font.cw,
                FONT_SIZE * 0.001 / self.pdf.k,
                self.pdf.plain_codepoints(style),
            )
        return metrics

    def plain(self, value: str, style: str) -> bool:
        """Whether the primary font draws `value` as stored (`text()`, the fast path)."""
        return value.isascii() or self._font(style)[2].issuperset(map(ord, value))

    def width(self, value: str, style: str) -> float:
        """Width in mm at the table's font size. A plain text (`plain`): fpdf2's own sum of
        glyph advances (no kerning), read from the font's table directly, which is ten times
        faster than `get_string_width` and matters at thousands of cells. Any other text:
        fpdf2's measure after fallback fonts and shaping, as `cell()` draws it."""
        if self.plain(value, style):
            advances, scale, _ = self._font(style)
            return sum(advances[ord(char)] for char in value) * scale
        known = self._shaped.get((value, style))
        if known is None:
            self.pdf.set_font(FONT, style, FONT_SIZE)
            known = self._shaped[value, style] = self.pdf.get_string_width(value)
        return known

    def wrap(self, value: str, room: float, style: str) -> list[str]:
        """`value` in lines no wider than `room` mm: between words, inside a too-long word."""
        value = " ".join(value.split())  # line breaks and runs of spaces: one space
        if self.width(value, style) <= room:
            return [value]
        # A plain line's width is the sum of its words' and spaces'; a shaped one is
        # measured whole (joins, kerning and bidi do not add up).
        plain = self.plain(value, style)
        lines: list[str] = []
        line, used = "", 0.0
        space = self.width(" ", style)
        for whole in value.split():
            for word in self._pieces(whole, room, style):
                width = self.width(word, style)
                if line:
                    wider = used + space + width if plain else self.width(f"{line} {word}", style)
                    if wider > room:
                        lines.append(line)
                        line, used = "", 0.0
                line, used = (f"{line} {word}", used + space + width) if line else (word, width)
        lines.append(line)
        return lines

    def _pieces(self, word: str, room: float, style: str) -> list[str]:
        if self.width(word, style) <= room:
            return [word]
        pieces, piece = [], ""
        for char in word:
            if piece and self.width(piece + char, style) > room:
                pieces.append(piece)
                piece = ""
            piece += char
        pieces.append(piece)
        return pieces

    def _put(self, left: float, top: float, line: str, style: str) -> None:
        """`line` with its left edge at `left` and its line box's top at `top` (mm)."""
        pdf = self.pdf
        if self.plain(line, style):
            pdf.text(left, top + _BASELINE, line)
            return
        # `cell()` applies the fallback fonts and shaping; `text()` does neither. Its
        # baseline sits at half the height plus 0.3 of the font size: 3.05 mm, as `text()`'s.
        pdf.set_xy(left - pdf.c_margin, top)
        pdf.cell(self.width(line, style) + 2 * pdf.c_margin, _LINE, line)

    def fits(self, height: float) -> bool:
        """Whether `height` mm more fit on the current page."""
        return self.pdf.get_y() + height <= self.pdf.page_break_trigger

    def new_page(self) -> None:
        """A new page, the heading row on top."""
        self.pdf.add_page()
        self._heading()

    def _draw(
        self,
        cells: list[list[str]],
        height: float,
        *,
        style: str = "",
        fill: bool = False,
        align: Sequence[str],
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style, FONT_SIZE)
        x, y = pdf.l_margin, pdf.get_y()
        if fill:
            with self._shading():
                for left, width in zip(self._edges, self.widths, strict=False):
                    pdf.rect(left, y, width, height, style="DF")
        else:
            pdf.line(self._edges[0], y + height, self._edges[-1], y + height)
            self._run = (y if self._run is None else self._run[0], y + height)
        for lines, width, how in zip(cells, self.widths, align, strict=False):
            for index, line in enumerate(lines):
                if not line:
                    continue
                left = x + _PADDING
                if how == "CENTER":
                    left = x + (width - self.width(line, style)) / 2
                self._put(left, y + _PADDING + index * _LINE, line, style)
            x += width
        pdf.set_y(y + height)

    def _heading(self) -> None:
        self.pdf.set_font(FONT, "B", FONT_SIZE)
        cells = [
            self.wrap(label, width - 2 * _PADDING, "B")
            for label, width in zip(self.headings, self.widths, strict=True)
        ]
        height = max(len(lines) for lines in cells) * _LINE + 2 * _PADDING
        self._draw(cells, height, style="B", fill=True, align=("CENTER",) * len(self.widths))

    def measure(self, values: Sequence[str]) -> tuple[list[list[str]], float]:
        """`values` wrapped to their columns, and the row's height in mm."""
        self.pdf.set_font(FONT, "", FONT_SIZE)
        cells = [
            self.wrap(value, width - 2 * _PADDING, "")
            for value, width in zip(values, self.widths, strict=False)
        ]
        height = max(self.min_height, max(len(lines) for lines in cells) * _LINE + 2 * _PADDING)
        return cells, height

    def group(self, label: str, *, keep_with: Sequence[str]) -> None:
        """A shaded row across the table (a pillar's name), kept on the page of the first
        row under it (`keep_with`)."""
        group_height = _LINE + 2 * _PADDING
        _, next_height = self.measure(keep_with)
        if not self.fits(group_height + next_height):
            self.new_page()
        pdf = self.pdf
        pdf.set_font(FONT, "B", FONT_SIZE)
        y = pdf.get_y()
        with self._shading():
            pdf.rect(pdf.l_margin, y, sum(self.widths), group_height, style="DF")
        self._put(pdf.l_margin + _PADDING, y + _PADDING, label, "B")
        pdf.set_y(y + group_height)

    def row(
        self,
        values: Sequence[str],
        *,
        extra: Sequence[str] = (),
        align: Sequence[str] | None = None,
    ) -> None:
        """One row of `values` (wrapped); `extra` cells are drawn as given (a signature
        box's number), not wrapped; `align` overrides the columns' alignment."""
        cells, height = self.measure(values)
        if not self.fits(height):
            self.new_page()
        cells.extend([value] for value in extra)
        self._draw(cells, height, align=align or self.align)
