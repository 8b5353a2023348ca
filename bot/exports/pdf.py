"""The attendance list ("Daftar Hadir") as an A4 PDF to print and sign (fpdf2).

A4 landscape: seven columns with names, institutions and a signature box do not fit a
portrait page's 190 mm without cramping. The DejaVu fonts shipped in `bot/assets/fonts`
are embedded (a server has no system fonts), so any Latin, Greek or Cyrillic letter of a
name renders. Long cells wrap; the heading row repeats on every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.fonts import TTFFont

from bot.dates import format_datetime
from bot.exports import cancelled_line, day_and_date, pillar_cell, remark, text, time_range
from bot.services.exports import AttendanceSheet

FONT = "DejaVu"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

# Millimetres: No, Nama, Instansi, Jabatan, Pilar, Keterangan, Tanda Tangan (sum 277 = A4
# landscape minus 10 mm margins).
_WIDTHS = (12, 52, 62, 42, 25, 44, 40)
_ALIGN = ("CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT")
_FONT_SIZE = 9
_LINE = 4.2  # mm per text line
_BASELINE = 3.1  # mm from a line's top to its baseline at 9 pt
_PADDING = 1.2
# Room for a hand signature.
_ROW_HEIGHT = 12
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


class Document(FPDF):
    """An A4 landscape page with the bundled fonts and the footer "Dicetak ..." on the left
    and "Halaman 1 dari 3" on the right; the first page is added."""

    def __init__(self, *, printed: str, lang: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self._printed = printed
        self._lang = lang
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
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, self._printed, align="L")
        self.set_x(self.l_margin)
        self.cell(
            0, 5, text(self._lang, "export-page", page=self.page_no(), pages="{nb}"), align="R"
        )


def render_pdf(sheet: AttendanceSheet, *, office_name: str, tz: ZoneInfo, lang: str) -> bytes:
    """The attendance list as PDF bytes (A4 landscape), rows grouped by pillar.

    Heading: `office_name` in capitals, "DAFTAR HADIR", the forum's title, its day and date,
    time with the zone and venue; then the table No, Nama, Instansi, Jabatan, Pilar,
    Keterangan, Tanda Tangan (walk-in guests last, under "Tamu"); every page has
    "Halaman n dari N" and the printing time.
    Texts come from the `lang` catalog; times are shown in `tz`.
    """
    forum = sheet.forum
    printed = text(
        lang, "export-generated", when=format_datetime(sheet.generated_at, tz=tz, lang=lang)
    )
    pdf = Document(printed=printed, lang=lang)
    pdf.set_title(f"{text(lang, 'export-title')}: {forum.title}")
    pdf.set_author(office_name)
    pdf.set_creator("Sinergi")

    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 6, office_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, text(lang, "export-title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, forum.title, align="C", new_x="LMARGIN", new_y="NEXT")
    cancelled = cancelled_line(forum, lang)
    if cancelled is not None:
        pdf.multi_cell(0, 6, cancelled, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, size=10)
    for line in (
        text(lang, "export-day-date", date=day_and_date(forum, tz=tz, lang=lang)),
        text(lang, "export-time", time=time_range(forum, tz=tz, lang=lang)),
        text(lang, "export-venue", venue=forum.venue),
    ):
        pdf.multi_cell(0, 5, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    headings = [
        text(lang, key)
        for key in (
            "export-col-no",
            "export-col-name",
            "export-col-institution",
            "export-col-position",
            "export-col-pillar",
            "export-col-remark",
            "export-col-signature",
        )
    ]
    table = Table(pdf, headings)
    pillar = None
    for number, row in enumerate(sheet.rows, start=1):
        group = pillar_cell(row, lang)
        cells = [
            str(number),
            row.name,
            row.institution,
            row.position,
            group,
            remark(row, tz=tz, lang=lang),
        ]
        if group != pillar:
            pillar = group
            table.group(pillar, keep_with=cells)
        table.row(cells, number)
    return bytes(pdf.output())


class Table:
    """The attendance table, drawn cell by cell.

    fpdf2's `table()` re-measures a line's text once per added character, which made a
    2,000-row list take over 15 s; here each cell is measured from the font's advance
    widths and wrapped greedily, which keeps such a list around a second. Rows never split
    across pages; the heading row is drawn again at the top of each page.
    """

    def __init__(self, pdf: Document, headings: list[str]) -> None:
        self.pdf = pdf
        self.headings = headings
        self._metrics: dict[str, tuple[dict[int, float], float]] = {}
        self._heading()

    def width(self, value: str, style: str) -> float:
        """Width in mm at the table's font size: fpdf2's own sum of glyph advances (no text
        shaping, so no kerning), read from the font's table directly, which is ten times
        faster than `get_string_width` and matters at thousands of cells."""
        metrics = self._metrics.get(style)
        if metrics is None:
            self.pdf.set_font(FONT, style, _FONT_SIZE)
            font = self.pdf.current_font
            assert isinstance(font, TTFFont)
            metrics = self._metrics[style] = (font.cw, _FONT_SIZE * 0.001 / self.pdf.k)
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

    def _fits(self, height: float) -> bool:
        return self.pdf.get_y() + height <= self.pdf.page_break_trigger

    def _new_page(self) -> None:
        self.pdf.add_page()
        self._heading()

    def _draw(
        self,
        cells: list[list[str]],
        height: float,
        *,
        style: str = "",
        fill: bool = False,
        align: tuple[str, ...] = _ALIGN,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style, _FONT_SIZE)
        x, y = pdf.l_margin, pdf.get_y()
        for lines, width, how in zip(cells, _WIDTHS, align, strict=False):
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
        self.pdf.set_font(FONT, "B", _FONT_SIZE)
        cells = [
            self.wrap(label, width - 2 * _PADDING, "B")
            for label, width in zip(self.headings, _WIDTHS, strict=True)
        ]
        height = max(len(lines) for lines in cells) * _LINE + 2 * _PADDING
        self._draw(cells, height, style="B", fill=True, align=("CENTER",) * len(_WIDTHS))

    def _measure(self, values: list[str]) -> tuple[list[list[str]], float]:
        self.pdf.set_font(FONT, "", _FONT_SIZE)
        cells = [
            self.wrap(value, width - 2 * _PADDING, "")
            for value, width in zip(values, _WIDTHS, strict=False)
        ]
        height = max(_ROW_HEIGHT, max(len(lines) for lines in cells) * _LINE + 2 * _PADDING)
        return cells, height

    def group(self, pillar: str, *, keep_with: list[str]) -> None:
        """A shaded row naming the pillar, kept on the page of the first row under it."""
        group_height = _LINE + 2 * _PADDING
        _, next_height = self._measure(keep_with)
        if not self._fits(group_height + next_height):
            self._new_page()
        pdf = self.pdf
        pdf.set_font(FONT, "B", _FONT_SIZE)
        y = pdf.get_y()
        pdf.rect(pdf.l_margin, y, sum(_WIDTHS), group_height, style="DF")
        pdf.text(pdf.l_margin + _PADDING, y + _PADDING + _BASELINE, pillar)
        pdf.set_y(y + group_height)

    def row(self, values: list[str], number: int) -> None:
        """One invitee; the signature cell holds "n." left for odd n, further right for even
        n (the paper custom: neighbours do not sign over each other)."""
        cells, height = self._measure(values)
        if not self._fits(height):
            self._new_page()
        cells.append([f"{number}."])
        self._draw(cells, height, align=(*_ALIGN[:-1], "LEFT" if number % 2 else "CENTER"))
