"""The attendance list ("Daftar Hadir") as an A4 PDF to print and sign (fpdf2).

A4 landscape: seven columns with names, institutions and a signature box do not fit a
portrait page's 190 mm without cramping. Long cells wrap; the heading row repeats on every
page (`bot.exports.document.Table`).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.dates import format_datetime
from bot.exports import cancelled_line, day_and_date, pillar_cell, remark, text, time_range
from bot.exports.document import FONT, Document, Table
from bot.services.exports import AttendanceSheet

# Millimetres: No, Nama, Instansi, Jabatan, Pilar, Keterangan, Tanda Tangan (sum 277 = A4
# landscape minus 10 mm margins).
_WIDTHS = (12, 52, 62, 42, 25, 44, 40)
_ALIGN = ("CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT")
# Room for a hand signature.
_ROW_HEIGHT = 12


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
    table = Table(pdf, headings, widths=_WIDTHS, align=_ALIGN, min_height=_ROW_HEIGHT)
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
        # The signature cell holds "n." left for odd n, further right for even n (the
        # paper custom: neighbours do not sign over each other).
        table.row(
            cells,
            extra=[f"{number}."],
            align=(*_ALIGN[:-1], "LEFT" if number % 2 else "CENTER"),
        )
    return bytes(pdf.output())
