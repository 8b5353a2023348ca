"""The attendance list and its recap as an XLSX workbook (openpyxl).

Sheet 1 ("Daftar Hadir"): the heading (the office's name, "DAFTAR HADIR", Acara,
Hari/Tanggal, Pukul, Tempat), one row of column headings, then one row per invitee with
typed cells (No as a number, the check-in as an Excel date-time in the office's zone), then
the walk-in guests
(Pilar "Tamu"); a representative who came is in the member's row (Perwakilan, Jabatan and
Instansi perwakilan). Sheet 2 ("Rekap"): the counts per pillar and their total, then the
forum's details. Sheet 1 prints on A4 landscape, fit to the page's width, with the column
headings repeated on every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from bot.dates import format_datetime, zone_abbreviation
from bot.exports import (
    cancelled_line,
    day_and_date,
    pillar_cell,
    remark,
    representative,
    text,
    time_range,
)
from bot.services.exports import AttendanceSheet, SheetRow
from models import OfficeProfile, RsvpAnswer

# What a cell of ours holds: text, a count, or a date and time.
CellValue = str | int | float | datetime | None
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_ANSWER_KEYS = {
    RsvpAnswer.ATTENDING: "answer-attending",
    RsvpAnswer.DELEGATED: "answer-delegated",
    RsvpAnswer.DECLINED: "answer-declined",
}
# Characters in column widths: No, Nama, Instansi, Jabatan, Pilar, Konfirmasi, Perwakilan,
# Jabatan perwakilan, Keterangan, Waktu presensi, Instansi perwakilan.
_LIST_WIDTHS = (6, 34, 40, 26, 14, 20, 28, 24, 36, 20, 34)
_RECAP_WIDTHS = (16, 12, 11, 11, 14, 13, 14, 17, 11)


def write_row(
    sheet: Worksheet, row: int, values: Sequence[CellValue], *, bold: bool = False
) -> None:
    """Put `values` in row `row`, text always as text.

    openpyxl reads a string starting with "=" as a formula; a member's name must never run
    as one in the office's spreadsheet, so strings are stored as strings, stripped of the
    control characters XLSX cannot hold.
    """
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = sheet.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        if bold:
            cell.font = Font(bold=True)


def set_widths(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _rsvp(row: SheetRow, lang: str) -> str:
    if row.answer is None:
        return text(lang, "answer-none")
    if row.waitlisted:
        return text(lang, "export-remark-waitlisted")
    return text(lang, _ANSWER_KEYS[row.answer])


def heading_lines(
    sheet: AttendanceSheet, *, office: OfficeProfile, tz: ZoneInfo, lang: str
) -> list[str]:
    """The lines above the list: the office's name, "DAFTAR HADIR", a cancellation, then
    "Acara: …", "Hari/Tanggal: …", "Pukul: …", "Tempat: …"."""
    forum = sheet.forum
    details = (
        ("export-label-event", forum.title),
        ("export-label-date", day_and_date(forum, tz=tz, lang=lang)),
        ("export-label-time", time_range(forum, tz=tz, lang=lang)),
        ("export-label-venue", forum.venue),
    )
    return [
        office.name.upper(),
        text(lang, "export-title"),
        *filter(None, [cancelled_line(forum, lang)]),
        *(f"{text(lang, key)}: {value}" for key, value in details),
    ]


def render_xlsx(
    sheet: AttendanceSheet, *, office: OfficeProfile, tz: ZoneInfo, lang: str
) -> bytes:
    """The attendance list as XLSX bytes, texts from the `lang` catalog.

    Check-in times are naive date-times in `tz` (Excel has no zones; the header names it,
    e.g. "Waktu presensi (WIB)"). The list has frozen headings, an autofilter and fixed
    column widths; the recap sheet has one row per invited pillar and a total.
    """
    forum = sheet.forum
    workbook = Workbook()
    workbook.properties.title = f"{text(lang, 'export-title')}: {forum.title}"
    workbook.properties.creator = "Sinergi"

    # A new workbook's first sheet (`workbook.active` is typed as possibly a chart sheet).
    listing = workbook.worksheets[0]
    listing.title = text(lang, "export-sheet-list")[:31]
    zone = zone_abbreviation(tz, forum.starts_at)
    heading = heading_lines(sheet, office=office, tz=tz, lang=lang)
    for index, line in enumerate(heading, start=1):
        write_row(listing, index, [line], bold=index <= 2)
    top = len(heading) + 2  # the column headings, after an empty row
    write_row(
        listing,
        top,
        [
            text(lang, "export-col-no"),
            text(lang, "export-col-name"),
            text(lang, "export-col-institution"),
            text(lang, "export-col-position"),
            text(lang, "export-col-pillar"),
            text(lang, "export-col-rsvp"),
            text(lang, "export-col-delegate"),
            text(lang, "export-col-delegate-position"),
            text(lang, "export-col-remark"),
            text(lang, "export-col-checkin", zone=zone),
            text(lang, "export-col-delegate-institution"),
        ],
        bold=True,
    )
    for number, row in enumerate(sheet.rows, start=1):
        checked_in = (
            row.checked_in_at.astimezone(tz).replace(tzinfo=None)
            if row.checked_in_at is not None
            else None
        )
        write_row(
            listing,
            top + number,
            [
                number,
                row.name,
                row.institution,
                row.position,
                pillar_cell(row, lang),
                None if row.guest else _rsvp(row, lang),
                *representative(row),
                remark(row, tz=tz, lang=lang),
                checked_in,
                row.checkin_delegate_institution,
            ],
        )
    listing.freeze_panes = f"A{top + 1}"
    last_column = get_column_letter(len(_LIST_WIDTHS))
    listing.auto_filter.ref = f"A{top}:{last_column}{top + len(sheet.rows)}"
    set_widths(listing, _LIST_WIDTHS)
    listing.page_setup.orientation = "landscape"
    listing.page_setup.paperSize = listing.PAPERSIZE_A4
    listing.page_setup.fitToWidth = 1
    listing.page_setup.fitToHeight = 0  # as many pages as the rows need
    listing.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    listing.print_title_rows = f"{top}:{top}"
    listing.print_options.horizontalCentered = True

    summary = workbook.create_sheet(text(lang, "export-sheet-recap")[:31])
    write_row(
        summary,
        1,
        [
            text(lang, "export-col-pillar"),
            text(lang, "export-col-core"),
            text(lang, "export-col-invited"),
            text(lang, "export-col-attending"),
            text(lang, "export-col-delegated"),
            text(lang, "export-col-declined"),
            text(lang, "export-col-waitlisted"),
            text(lang, "export-col-unanswered"),
            text(lang, "export-col-checked-in"),
        ],
        bold=True,
    )
    recap = sheet.recap
    pillars = [(p.name, text(lang, "export-yes") if p.is_core else "", p) for p in recap.pillars]
    total = recap.total  # a new object per access
    pillars.append((text(lang, "export-total"), "", total))
    for index, (label, core, counts) in enumerate(pillars, start=2):
        write_row(
            summary,
            index,
            [
                label,
                core,
                counts.invited,
                counts.attending,
                counts.delegated,
                counts.declined,
                counts.waitlisted,
                counts.no_answer,
                counts.checked_in,
            ],
            bold=counts is total,
        )
    details = len(pillars) + 3
    for offset, line in enumerate(
        (
            text(lang, "export-info-forum", title=forum.title),
            *filter(None, [cancelled_line(forum, lang)]),
            text(lang, "export-day-date", date=day_and_date(forum, tz=tz, lang=lang)),
            text(lang, "export-time", time=time_range(forum, tz=tz, lang=lang)),
            text(lang, "export-venue", venue=forum.venue),
            *([text(lang, "export-info-guests", count=recap.guests)] if recap.guests else []),
            text(
                lang,
                "export-generated",
                when=format_datetime(sheet.generated_at, tz=tz, lang=lang),
            ),
        )
    ):
        write_row(summary, details + offset, [line])
    summary.freeze_panes = "A2"
    set_widths(summary, _RECAP_WIDTHS)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
