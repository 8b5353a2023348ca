"""What every PDF of the office shares (fpdf2): the embedded fonts, the A4 page with its
footer, and a fast table drawn cell by cell.

The DejaVu fonts shipped in `bot/assets/fonts` are embedded (a server has no system fonts),
so any Latin, Greek or Cyrillic letter of a name renders.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

from bot.exports import text

FONT = "DejaVu"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

FONT_SIZE = 9
_LINE = 4.2  # mm per text line
_BASELINE = 3.1  # mm from a line's top to its baseline at 9 pt
_PADDING = 1.2
_FILL_GRAY = 230


@contextmanager
def font_paths() -> Iterator[dict[str, Path]]:
    """The bundled font files as real paths (by fpdf style: "" regular, "B" bold)."""
    folder = resources.files("bot").joinpath("assets", "fonts")
    with ExitStack() as stack:
        yield {
            style: stack.enter_context(resources.as_file(folder.joinpath(name)))
            for style, name in _FONT_FILES.items()
        }


@dataclass(frozen=True)
class Numbering:
    """The page numbers of a paper inside a bundle: its first page is page `first` of
    `total`, and `footer` stands on the left of each page."""

    first: int
    total: int
    footer: str


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
        self.alias_nb_pages("{nb}")
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_fill_color(_FILL_GRAY)
        self.set_line_width(0.2)
        with font_paths() as fonts:
            for style, path in fonts.items():
                self.add_font(FONT, style, path)
        self.add_page()

    def footer(self) -> None:
        if self._numbering is not None:
            left, page = self._numbering.footer, self._numbering.first + self.page_no() - 1
            pages: object = self._numbering.total
        elif self._footer_text:
            left, page, pages = self._printed, self.page_no(), "{nb}"
        else:
            return
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, left, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, text(self._lang, "export-page", page=page, pages=pages), align="R")


class Table:
    """A table drawn cell by cell, columns `widths` mm wide and aligned by `align` ("LEFT" or
    "CENTER" per column); rows are at least `min_height` mm high.

    fpdf2's `table()` re-measures a line's text once per added character, which made a
    2,000-row list take over 15 s; here each cell is measured from the font's advance
    widths and wrapped greedily, which keeps such a list around a second. Rows never split
    across pages; the heading row is drawn again at the top of each page.
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
        self._metrics: dict[str, tuple[dict[int, float], float]] = {}
        self._heading()

    def width(self, value: str, style: str) -> float:
        """Width in mm at the table's font size: fpdf2's own sum of glyph advances (no text
        shaping, so no kerning), read from the font's table directly, which is ten times
        faster than `get_string_width` and matters at thousands of cells."""
        metrics = self._metrics.get(style)
        if metrics is None:
            self.pdf.set_font(FONT, style, FONT_SIZE)
            font = self.pdf.current_font
            assert isinstance(font, TTFFont)
            metrics = self._metrics[style] = (font.cw, FONT_SIZE * 0.001 / self.pdf.k)
        advances, scale = metrics
        return sum(advances[ord(char)] for char in value) * scale

    def wrap(self, value: str, room: float, style: str) -> list[str]:
        """`value` in lines no wider than `room` mm: between words, inside a too-long word."""
        value = " ".join(value.split())  # line breaks and runs of spaces: one space
        if self.width(value, style) <= room:
            return [value]
        lines: list[str] = []
        line, used = "", 0.0
        space = self.width(" ", style)
        for whole in value.split():
            for word in self._pieces(whole, room, style):
                width = self.width(word, style)
                if line and used + space + width > room:
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
        for lines, width, how in zip(cells, self.widths, align, strict=False):
            pdf.rect(x, y, width, height, style="DF" if fill else "D")
            for index, line in enumerate(lines):
                if not line:
                    continue
                left = x + _PADDING
                if how == "CENTER":
                    left = x + (width - self.width(line, style)) / 2
                pdf.text(left, y + _PADDING + _BASELINE + index * _LINE, line)
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
        pdf.rect(pdf.l_margin, y, sum(self.widths), group_height, style="DF")
        pdf.text(pdf.l_margin + _PADDING, y + _PADDING + _BASELINE, label)
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
