"""The Berkas SPJ of a forum drawn from `bot.services.spj.SpjData` (issue 11, item 6): the
papers in the order an office files them (surat undangan, Daftar Hadir, notulen,
dokumentasi, then the survey's summary), as one PDF numbered across the whole
(`bot.exports.bundle`), and a ZIP of the originals with the photos and the XLSX."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.dates import format_datetime
from bot.exports import day_and_date, text, time_range
from bot.exports.bundle import Part, assemble, safe_name, zip_files
from bot.exports.letter import render_letter
from bot.exports.minutes import render_minutes
from bot.exports.pdf import render_pdf
from bot.exports.photos import render_photos
from bot.exports.survey import render_survey
from bot.exports.xlsx import render_xlsx
from bot.services.spj import SpjData
from models import PaperKind


def parts_of(data: SpjData, *, tz: ZoneInfo, lang: str) -> list[Part]:
    """The bundle's papers that exist for the forum, in filing order: no surat undangan for
    a cancelled forum, no notulen, dokumentasi or survey while there is none. An uploaded
    notulen PDF goes in as it is (stamped with the bundle's numbers); an uploaded DOCX
    cannot be drawn and stays out (it is kept in the bot, under 📝 Notulen)."""
    forum = data.forum
    parts = []
    letter = data.letter
    if letter is not None:
        parts.append(
            Part(
                text(lang, "spj-part-letter"),
                lambda n: render_letter(letter, numbering=n, tz=tz, lang=lang),
            )
        )
    parts.append(
        Part(
            text(lang, "spj-part-attendance"),
            lambda n: render_pdf(
                data.sheet,
                office=data.office,
                signatory=data.signatories[PaperKind.ATTENDANCE],
                numbering=n,
                tz=tz,
                lang=lang,
            ),
        )
    )
    notes = data.minutes
    if notes is not None and not notes.is_upload:
        parts.append(
            Part(
                text(lang, "spj-part-minutes"),
                lambda n: render_minutes(
                    notes,
                    office=data.office,
                    signatory=data.signatories[PaperKind.MINUTES],
                    printed_at=data.sheet.generated_at,
                    numbering=n,
                    tz=tz,
                    lang=lang,
                ),
            )
        )
    elif notes is not None and notes.pdf is not None:
        upload = notes.pdf
        parts.append(Part(text(lang, "spj-part-minutes"), lambda _: upload, drawn=False))
    if data.photos:
        title_lines = [
            forum.title,
            text(lang, "export-day-date", date=day_and_date(forum, tz=tz, lang=lang)),
            text(lang, "export-venue", venue=forum.venue),
        ]
        printed = text(
            lang,
            "export-generated",
            when=format_datetime(data.sheet.generated_at, tz=tz, lang=lang),
        )
        parts.append(
            Part(
                text(lang, "spj-part-photos"),
                lambda n: render_photos(
                    data.photos, title_lines=title_lines, printed=printed, lang=lang, numbering=n
                ),
            )
        )
    if data.survey.responses:
        parts.append(
            Part(
                text(lang, "spj-part-survey"),
                lambda n: render_survey(data.survey, forum, tz=tz, lang=lang, numbering=n),
            )
        )
    return parts


def render_spj(data: SpjData, *, tz: ZoneInfo, lang: str) -> tuple[bytes, bytes]:
    """(the bundle's PDF, the ZIP). The ZIP holds each paper as printed on its own, numbered
    "01-…" in filing order (an uploaded notulen PDF under its own name), each photo as it
    was stored ("Foto/01.jpg"), and the Daftar Hadir's XLSX. Texts come from the `lang`
    catalog, times in `tz`. CPU work: run it in a worker thread."""
    forum = data.forum
    parts = parts_of(data, tz=tz, lang=lang)
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
    files = []
    for index, (part, original) in enumerate(zip(parts, bundle.originals, strict=True), 1):
        name = f"{_stem(part.title)}.pdf"
        if not part.drawn and data.minutes is not None and data.minutes.file_name:
            name = safe_name(data.minutes.file_name, fallback=name)
        files.append((f"{index:02d}-{name}", original))
    for number, photo in enumerate(data.photos, start=1):
        # Telegram sends photos as JPEG; PNG is what the sandbox's users may send.
        suffix = "png" if photo.data.startswith(b"\x89PNG") else "jpg"
        files.append((f"{_stem(text(lang, 'spj-part-photos'))}/{number:02d}.{suffix}", photo.data))
    files.append(
        (
            f"{_stem(text(lang, 'spj-part-attendance'))}.xlsx",
            render_xlsx(data.sheet, office=data.office, tz=tz, lang=lang),
        )
    )
    return bundle.pdf, zip_files(files)


def _stem(title: str) -> str:
    """ "Daftar Hadir" -> "Daftar-Hadir"."""
    return "-".join(title.split())
