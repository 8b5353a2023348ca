"""The member directory of `/anggota` as an XLSX workbook (openpyxl; issue 10, item 1).

One sheet: a title row (the office, the date it was made), an empty row, the header, then
one row per person with typed cells (the registration as an Excel date-time in the office's
zone), an autofilter over the table, frozen headings and fixed column widths.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bot.dates import format_datetime, zone_abbreviation
from bot.exports import text
from bot.exports.xlsx import set_widths, write_row
from bot.services.directory import ExportRow

HEADER_ROW = 3
# Characters in column widths: No, Nama, Pilar, Instansi, Jabatan, Status, Admin, Terdaftar.
_WIDTHS = (6, 34, 14, 40, 28, 22, 8, 18)


def file_name(now: datetime, *, tz: ZoneInfo) -> str:
    """ "Direktori-Anggota-<yyyy-mm-dd>.xlsx" with the local date."""
    return f"Direktori-Anggota-{now.astimezone(tz):%Y-%m-%d}.xlsx"


def render_directory(
    rows: Sequence[ExportRow], *, office_name: str, now: datetime, tz: ZoneInfo, lang: str
) -> bytes:
    """The directory as XLSX bytes, texts from the `lang` catalog; `now` (aware) is when it
    was made, named in the title row."""
    workbook = Workbook()
    workbook.properties.title = text(lang, "directory-export-title", office=office_name)
    workbook.properties.creator = "Sinergi"
    sheet = workbook.worksheets[0]
    sheet.title = text(lang, "directory-export-sheet")[:31]
    made = format_datetime(now, tz=tz, lang=lang)
    write_row(
        sheet,
        1,
        [text(lang, "directory-export-heading", office=office_name, when=made)],
        bold=True,
    )
    zone = zone_abbreviation(tz, now)
    write_row(
        sheet,
        HEADER_ROW,
        [
            text(lang, "export-col-no"),
            text(lang, "export-col-name"),
            text(lang, "export-col-pillar"),
            text(lang, "export-col-institution"),
            text(lang, "export-col-position"),
            text(lang, "directory-col-status"),
            text(lang, "directory-col-admin"),
            text(lang, "directory-col-registered", zone=zone),
        ],
        bold=True,
    )
    yes = text(lang, "export-yes")
    for number, row in enumerate(rows, start=1):
        write_row(
            sheet,
            HEADER_ROW + number,
            [
                number,
                row.full_name,
                row.pillar,
                row.institution,
                row.position,
                text(lang, f"status-{row.status}"),
                yes if row.is_admin else "",
                row.registered_at.astimezone(tz).replace(tzinfo=None),
            ],
        )
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    last_column = get_column_letter(len(_WIDTHS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + len(rows)}"
    set_widths(sheet, _WIDTHS)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
