"""The Berkas SPJ of a forum drawn from `bot.services.spj.SpjData` (issue 11, item 6): the
papers in the order an office files them, as one PDF numbered across the whole
(`bot.exports.bundle`), and a ZIP of the originals with the XLSX."""

from __future__ import annotations

import functools
from zoneinfo import ZoneInfo

from bot.exports import day_and_date, text, time_range
from bot.exports.bundle import Part, assemble, zip_files
from bot.exports.document import Numbering
from bot.exports.pdf import render_pdf
from bot.exports.xlsx import render_xlsx
from bot.services.spj import SpjData
from models import PaperKind


def render_spj(data: SpjData, *, tz: ZoneInfo, lang: str) -> tuple[bytes, bytes]:
    """(the bundle's PDF, the ZIP): the cover with the contents, then the Daftar Hadir; the
    ZIP holds each paper as printed on its own, numbered "01-…", and the Daftar Hadir's
    XLSX. Texts come from the `lang` catalog, times in `tz`."""
    forum = data.forum
    parts = [
        Part(
            text(lang, "spj-part-attendance"),
            functools.partial(_attendance, data, tz=tz, lang=lang),
        ),
    ]
    bundle = assemble(
        parts,
        office=data.office,
        details=[
            (text(lang, "export-label-event"), forum.title),
            (text(lang, "export-label-date"), day_and_date(forum, tz=tz, lang=lang)),
            (text(lang, "export-label-time"), time_range(forum, tz=tz, lang=lang)),
            (text(lang, "export-label-venue"), forum.venue),
        ],
        footer=text(lang, "spj-footer", title=forum.title),
        lang=lang,
    )
    files = [
        (f"{index:02d}-{_file_stem(part.title)}.pdf", original)
        for index, (part, original) in enumerate(zip(parts, bundle.originals, strict=True), 1)
    ]
    files.append(
        (
            f"{_file_stem(text(lang, 'spj-part-attendance'))}.xlsx",
            render_xlsx(data.sheet, office=data.office, tz=tz, lang=lang),
        )
    )
    return bundle.pdf, zip_files(files)


def _attendance(data: SpjData, numbering: Numbering | None, *, tz: ZoneInfo, lang: str) -> bytes:
    return render_pdf(
        data.sheet,
        office=data.office,
        signatory=data.signatories[PaperKind.ATTENDANCE],
        tz=tz,
        lang=lang,
        numbering=numbering,
    )


def _file_stem(title: str) -> str:
    """ "Daftar Hadir" -> "Daftar-Hadir"."""
    return "-".join(title.split())
