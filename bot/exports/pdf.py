"""The attendance list ("Daftar Hadir") as an A4 PDF to print and sign (fpdf2).

A4 landscape: seven columns with names, institutions and a signature box do not fit a
portrait page's 190 mm without cramping. Long cells wrap; the heading row repeats on every
page (`bot.exports.document.Table`).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.dates import format_datetime
from bot.exports import (
    cancelled_line,
    clock,
    day_and_date,
    pillar_cell,
    remark,
    representative,
    text,
    time_range,
)
from bot.exports.document import FONT, Document, Numbering, Table
from bot.exports.letterhead import (
    SignatureBlock,
    draw_details,
    draw_kop,
    draw_signatures,
    place_and_date,
)
from bot.services.exports import AttendanceSheet, Remark, SheetRow
from models import OfficeProfile, Signatory

# Millimetres: No, Nama, Instansi, Jabatan, Pilar, Keterangan, Tanda Tangan (sum 277 = A4
# landscape minus 10 mm margins).
_WIDTHS = (12, 52, 62, 42, 25, 44, 40)
_ALIGN = ("CENTER", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT")
# The part of those who stay away has no signature column: its room goes to the texts.
_AWAY_WIDTHS = (12, 62, 72, 52, 35, 44)
# Room for a hand signature.
_ROW_HEIGHT = 12
_COLUMNS = (
    "export-col-no",
    "export-col-name",
    "export-col-institution",
    "export-col-position",
    "export-col-pillar",
    "export-col-remark",
)


def stays_away(row: SheetRow) -> bool:
    """Whether a row belongs in "Berhalangan hadir" rather than among those who sign: a
    member who declined, or who did not come to a forum that has ended."""
    return row.remark in (Remark.DECLINED, Remark.ABSENT)


def signer(row: SheetRow, *, tz: ZoneInfo, lang: str) -> list[str]:
    """Nama, Instansi, Jabatan and Keterangan of the one who signs the row: the member, or
    the representative who came (or is announced) with their own position and "Mewakili
    <member>, <member's position>" in Keterangan."""
    delegate, position = representative(row)
    if row.remark not in (Remark.REPRESENTED, Remark.DELEGATED) or not delegate:
        return [row.name, row.institution, row.position, remark(row, tz=tz, lang=lang)]
    if row.position:
        behalf = text(lang, "export-remark-on-behalf", name=row.name, position=row.position)
    else:
        behalf = text(lang, "export-remark-on-behalf-name", name=row.name)
    if row.checked_in_at is not None:
        behalf = f"{behalf} ({clock(row.checked_in_at, tz=tz, lang=lang)})"
    return [delegate, row.checkin_delegate_institution or row.institution, position or "", behalf]


def render_pdf(
    sheet: AttendanceSheet,
    *,
    office: OfficeProfile,
    signatory: Signatory,
    tz: ZoneInfo,
    lang: str,
    numbering: Numbering | None = None,
) -> bytes:
    """The attendance list as PDF bytes (A4 landscape), fit to file in the SPJ.

    The office's kop (`draw_kop`), "DAFTAR HADIR", then Acara, Hari/Tanggal, Pukul and
    Tempat; the table No, Nama, Instansi, Jabatan, Pilar, Keterangan, Tanda Tangan grouped
    by pillar, where Nama is whoever signs (a representative, "Mewakili …" the member: see
    `signer`), walk-in guests under "Tamu", and while the forum has not ended
    `office.attendance_blank_rows` numbered empty rows for walk-ins; then "Berhalangan
    hadir" (those who declined, and after the end those who did not come) without
    signature boxes; last the "Mengetahui" block of `signatory` dated the forum's day in
    `office.city`. Every page has "Halaman n dari N" and the printing time, or in the
    Berkas SPJ its `numbering` across the whole.
    Texts come from the `lang` catalog; times are shown in `tz`.
    """
    forum = sheet.forum
    printed = text(
        lang, "export-generated", when=format_datetime(sheet.generated_at, tz=tz, lang=lang)
    )
    pdf = Document(printed=printed, lang=lang, numbering=numbering)
    pdf.set_title(f"{text(lang, 'export-title')}: {forum.title}")
    pdf.set_author(office.name)
    pdf.set_creator("Sinergi")
    draw_kop(pdf, office, lang=lang)

    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 6, text(lang, "export-title"), align="C", new_x="LMARGIN", new_y="NEXT")
    cancelled = cancelled_line(forum, lang)
    if cancelled is not None:
        pdf.multi_cell(0, 6, cancelled, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    draw_details(
        pdf,
        [
            (text(lang, "export-label-event"), forum.title),
            (text(lang, "export-label-date"), day_and_date(forum, tz=tz, lang=lang)),
            (text(lang, "export-label-time"), time_range(forum, tz=tz, lang=lang)),
            (text(lang, "export-label-venue"), forum.venue),
        ],
    )
    pdf.ln(3)

    headings = [text(lang, key) for key in (*_COLUMNS, "export-col-signature")]
    table = Table(pdf, headings, widths=_WIDTHS, align=_ALIGN, min_height=_ROW_HEIGHT)
    signing = [row for row in sheet.rows if not stays_away(row)]
    pillar = None
    number = 0
    for number, row in enumerate(signing, start=1):
        group = pillar_cell(row, lang)
        cells = [str(number), *signer(row, tz=tz, lang=lang)]
        cells.insert(4, group)
        if group != pillar:
            pillar = group
            table.group(pillar, keep_with=cells)
        _signature_row(table, cells, number)
    if not sheet.ended and office.attendance_blank_rows:
        table.group(text(lang, "export-walk-ins"), keep_with=[""])
        for blank in range(number + 1, number + 1 + office.attendance_blank_rows):
            _signature_row(table, [str(blank), "", "", "", "", ""], blank)

    away = [row for row in sheet.rows if stays_away(row)]
    if away:
        pdf.ln(4)
        if not table.fits(20):
            pdf.add_page()
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, text(lang, "export-away"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        others = Table(
            pdf,
            [text(lang, key) for key in _COLUMNS],
            widths=_AWAY_WIDTHS,
            align=_ALIGN[:-1],
        )
        for index, row in enumerate(away, start=1):
            cells = [str(index), row.name, row.institution, row.position, row.pillar]
            others.row([*cells, remark(row, tz=tz, lang=lang)])

    pdf.ln(6)
    draw_signatures(
        pdf,
        [
            SignatureBlock.of(
                signatory,
                heading=text(lang, "paper-acknowledged"),
                place_date=place_and_date(office, forum.starts_at, tz=tz, lang=lang),
            )
        ],
    )
    return bytes(pdf.output())


def _signature_row(table: Table, cells: list[str], number: int) -> None:
    # The signature cell holds "n." left for odd n, further right for even n (the paper
    # custom: neighbours do not sign over each other).
    table.row(
        cells, extra=[f"{number}."], align=(*_ALIGN[:-1], "LEFT" if number % 2 else "CENTER")
    )
