"""A forum's notulen as an A4 portrait PDF in the office's format (fpdf2; issue 11, item 4).

The office's kop, "NOTULEN RAPAT", the forum's day and date, time, venue, event and chair,
the sections (I. Pembukaan, II. Pokok-pokok pembahasan per speaker, III. Kesimpulan,
IV. Tindak lanjut), then the "Mengetahui," block of the notulen's signatory beside the
note-taker's ("Notulis,") under the place and date.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.dates import format_datetime
from bot.exports import day_and_date, text, time_range
from bot.exports.document import FONT, Document, Numbering
from bot.exports.letterhead import SignatureBlock, draw_kop, draw_signatures, place_and_date
from bot.services.minutes import Minutes
from models import OfficeProfile, Signatory, utcnow

_LINE = 5.5  # mm per line of body text at 10.5 pt
_INDENT = 8.0  # mm: the numbers of a list hang in it


def render_minutes(
    minutes_data: Minutes,
    *,
    office: OfficeProfile,
    signatory: Signatory,
    tz: ZoneInfo,
    lang: str,
    printed_at: datetime | None = None,
    numbering: Numbering | None = None,
) -> bytes:
    """The form minutes as PDF bytes (A4 portrait), every page footed "Dicetak …" (at
    `printed_at`, aware UTC, default now) and "Halaman n dari N".

    `signatory` is the office's signatory for the notulen (`PaperKind.MINUTES`): the chair
    line and the "Mengetahui," block, both left out while nobody is set. Texts come from
    the `lang` catalog, times are shown in `tz`; in the Berkas SPJ the pages carry the
    bundle's `numbering`. CPU work: call it in a worker thread.
    """
    forum = minutes_data.forum
    printed = text(
        lang,
        "export-generated",
        when=format_datetime(printed_at or utcnow(), tz=tz, lang=lang),
    )
    pdf = Document(printed=printed, lang=lang, orientation="P", numbering=numbering)
    pdf.set_title(f"{text(lang, 'minutes-pdf-title')}: {forum.title}")
    pdf.set_author(office.name)
    pdf.set_creator("Sinergi")
    draw_kop(pdf, office, lang=lang)

    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 7, text(lang, "minutes-pdf-title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    chair = ", ".join(part for part in (signatory.name, signatory.position) if part)
    details = [
        ("minutes-pdf-day-date", day_and_date(forum, tz=tz, lang=lang)),
        ("minutes-pdf-time", time_range(forum, tz=tz, lang=lang)),
        ("minutes-pdf-venue", forum.venue),
        ("minutes-pdf-event", forum.title),
        ("minutes-pdf-chair", chair),
    ]
    pdf.set_font(FONT, size=10.5)
    label_width = 38.0
    for key, value in details:
        if not value:
            continue
        pdf.cell(label_width, _LINE, text(lang, key))
        pdf.multi_cell(0, _LINE, f": {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    _section(pdf, text(lang, "minutes-pdf-opening"))
    _paragraph(pdf, minutes_data.opening)
    _section(pdf, text(lang, "minutes-pdf-points"))
    for number, point in enumerate(minutes_data.points, start=1):
        _numbered(pdf, number, point.text, heading=point.speaker)
    _section(pdf, text(lang, "minutes-pdf-conclusions"))
    _paragraph(pdf, minutes_data.conclusions)
    _section(pdf, text(lang, "minutes-pdf-follow-ups"))
    for number, line in enumerate(minutes_data.follow_ups, start=1):
        _numbered(pdf, number, line)
    if not minutes_data.follow_ups:
        _paragraph(pdf, "-")
    pdf.ln(6)

    notetaker = minutes_data.notetaker
    blocks = []
    if signatory.name:
        blocks.append(SignatureBlock.of(signatory, heading=text(lang, "minutes-pdf-acknowledged")))
    blocks.append(
        SignatureBlock(
            heading=text(lang, "minutes-pdf-notetaker"),
            position=notetaker.position,
            name=notetaker.name,
            nip=notetaker.nip,
            place_date=place_and_date(office, forum.starts_at, tz=tz, lang=lang),
        )
    )
    draw_signatures(pdf, blocks)
    return bytes(pdf.output())


def _section(pdf: Document, heading: str) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(0, _LINE, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10.5)


def _paragraph(pdf: Document, body: str) -> None:
    pdf.set_x(pdf.l_margin + _INDENT)
    pdf.multi_cell(0, _LINE, body or "-", new_x="LMARGIN", new_y="NEXT")


def _numbered(pdf: Document, number: int, body: str, *, heading: str = "") -> None:
    """ "1." hanging in the indent, then `heading` in bold (a speaker) and `body` under it."""
    pdf.set_x(pdf.l_margin)
    pdf.cell(_INDENT, _LINE, f"{number}.", align="R")
    if heading:
        pdf.set_font(FONT, "B", 10.5)
        pdf.multi_cell(0, _LINE, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=10.5)
        pdf.set_x(pdf.l_margin + _INDENT)
    pdf.multi_cell(0, _LINE, body, new_x="LMARGIN", new_y="NEXT")
