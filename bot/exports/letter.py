"""The surat undangan as a PDF (issue 11, item 2): an A4 letter in the form of an
Indonesian government letter.

The kop; the place and date on the right; Nomor, Sifat, Lampiran and Perihal as aligned
"label : value" lines; "Kepada Yth." with the invited institutions (or "daftar terlampir"
and a second page listing them when there are more than `LISTED_MAX`), "di Tempat"; the
body with Hari/Tanggal, Pukul, Tempat and Acara; the closing; the signature of the
office's invitation signatory. CPU work: callers run `render_letter` in a thread.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.exports import day_and_date, text, time_range
from bot.exports.document import FONT, Document, Numbering
from bot.exports.letterhead import SignatureBlock, draw_kop, draw_signatures, place_and_date
from bot.services.letters import Letter
from models import OfficeProfile

# More invited institutions than this go on an attached list ("daftar terlampir").
LISTED_MAX = 8
_LEFT, _TOP, _RIGHT = 25.0, 12.0, 20.0  # mm: a letter's wider margins, room to bind it
_LINE = 5.5  # mm per line at 11 pt
_SIZE = 11
_LABEL = 24.0  # mm: "Lampiran" and room after it
_COLON = 4.0
_INDENT = 12.0  # mm: the body's details under "Dengan hormat,"


def file_name(letter: Letter) -> str:
    """ "Surat-Undangan-<forum id>.pdf"."""
    return f"Surat-Undangan-{letter.forum.id}.pdf"


def attachment_text(letter: Letter, lang: str) -> str:
    """The Lampiran line: "1 (satu) berkas" when the addressees are attached, else "-"."""
    listed = len(letter.addressees) > LISTED_MAX
    return text(lang, "letter-attachment-list") if listed else "-"


def addressee(institution: str, lang: str) -> str:
    """ "Pimpinan Kejaksaan Negeri Kota Mojokerto": the head of an invited institution."""
    return text(lang, "letter-addressee", institution=institution)


def _labelled(pdf: Document, rows: list[tuple[str, str]], *, left: float, label: float) -> None:
    """ "Label : value" lines, the colons in one column, long values wrapping under
    themselves."""
    room = pdf.w - pdf.r_margin - left - label - _COLON
    for name, value in rows:
        y = pdf.get_y()
        pdf.set_xy(left, y)
        pdf.cell(label, _LINE, name)
        pdf.cell(_COLON, _LINE, ":")
        pdf.multi_cell(room, _LINE, value or "-", new_x="LMARGIN", new_y="NEXT")


def _numbered(pdf: Document, items: list[str], *, left: float) -> None:
    """A numbered list ("1. ...") from `left`, each item wrapping under its own text."""
    room = pdf.w - pdf.r_margin - left - 7
    for number, item in enumerate(items, start=1):
        pdf.set_x(left)
        pdf.cell(7, _LINE, f"{number}.")
        pdf.multi_cell(room, _LINE, item, new_x="LMARGIN", new_y="NEXT")


def _addressees(pdf: Document, letter: Letter, lang: str) -> None:
    pdf.ln(_LINE)
    pdf.cell(0, _LINE, text(lang, "letter-to"), new_x="LMARGIN", new_y="NEXT")
    heads = [addressee(name, lang) for name in letter.addressees]
    dear = text(lang, "letter-dear")
    width = pdf.get_string_width(dear) + 2
    pdf.cell(width, _LINE, dear)
    if len(heads) > LISTED_MAX:
        pdf.multi_cell(0, _LINE, text(lang, "letter-see-list"), new_x="LMARGIN", new_y="NEXT")
    elif len(heads) == 1:
        pdf.multi_cell(0, _LINE, heads[0], new_x="LMARGIN", new_y="NEXT")
    elif heads:
        _numbered(pdf, heads, left=pdf.l_margin + width)
    else:
        pdf.ln(_LINE)
    pdf.cell(0, _LINE, text(lang, "letter-at"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(pdf.l_margin + width)
    pdf.cell(0, _LINE, text(lang, "letter-place"), new_x="LMARGIN", new_y="NEXT")


def _body(pdf: Document, letter: Letter, *, tz: ZoneInfo, lang: str) -> None:
    forum = letter.forum
    pdf.ln(_LINE)
    pdf.cell(0, _LINE, text(lang, "letter-greeting"), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        _LINE,
        text(lang, "letter-opening", title=forum.title),
        align="J",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(1.5)
    _labelled(
        pdf,
        [
            (text(lang, "letter-day-date"), day_and_date(forum, tz=tz, lang=lang)),
            (text(lang, "letter-time"), time_range(forum, tz=tz, lang=lang)),
            (text(lang, "letter-venue"), forum.venue),
            (text(lang, "letter-event"), forum.agenda.strip() or forum.title),
        ],
        left=pdf.l_margin + _INDENT,
        label=_LABEL + 4,
    )
    pdf.ln(1.5)
    pdf.multi_cell(
        0, _LINE, text(lang, "letter-closing"), align="J", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(_LINE)


def _attached_list(pdf: Document, letter: Letter, *, dated: str, lang: str) -> None:
    """Page 2: "Lampiran" with the letter's Nomor and date, then "DAFTAR UNDANGAN"."""
    pdf.add_page()
    pdf.set_font(FONT, size=_SIZE)
    _labelled(
        pdf,
        [
            (text(lang, "letter-attachment"), text(lang, "letter-attachment-of")),
            (text(lang, "letter-number"), letter.number),
            (text(lang, "letter-date"), dated),
        ],
        left=pdf.l_margin + 60,
        label=_LABEL - 4,
    )
    pdf.ln(_LINE * 2)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, _LINE + 1, text(lang, "letter-list-heading"), align="C")
    pdf.ln(_LINE * 2)
    pdf.set_font(FONT, size=_SIZE)
    _numbered(pdf, [addressee(name, lang) for name in letter.addressees], left=pdf.l_margin)


def _letter_page(
    kop: OfficeProfile, *, title: str, lang: str, numbering: Numbering | None = None
) -> Document:
    """A portrait page with a letter's margins and the kop drawn; no footer but a bundle's
    `numbering`."""
    pdf = Document(printed="", lang=lang, orientation="P", footer_text=False, numbering=numbering)
    pdf.set_title(title)
    pdf.set_margins(_LEFT, _TOP, _RIGHT)
    pdf.set_xy(_LEFT, _TOP)
    draw_kop(pdf, kop, lang=lang)
    pdf.set_font(FONT, size=_SIZE)
    return pdf


def render_kop_sample(kop: OfficeProfile, *, moment: datetime, tz: ZoneInfo, lang: str) -> bytes:
    """ "Contoh kop": one page with the letterhead and the date line as the office's letters
    show them (`moment` aware UTC), for an admin to check the logo and the lines."""
    pdf = _letter_page(kop, title=text(lang, "letter-kop-sample"), lang=lang)
    pdf.cell(0, _LINE, place_and_date(kop, moment, tz=tz, lang=lang), align="R")
    return bytes(pdf.output())


def render_letter(
    letter: Letter, *, tz: ZoneInfo, lang: str, numbering: Numbering | None = None
) -> bytes:
    """The letter as PDF bytes: page 1 the letter, page 2 the list of addressees when
    there are more than `LISTED_MAX`. Dates and times are shown in `tz`, texts in `lang`
    (the office's language); in the Berkas SPJ its pages carry the bundle's `numbering`."""
    kop = letter.office
    dated = place_and_date(kop, letter.dated, tz=tz, lang=lang)
    pdf = _letter_page(
        kop,
        title=text(lang, "letter-title", title=letter.forum.title),
        lang=lang,
        numbering=numbering,
    )
    pdf.cell(0, _LINE, dated, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    _labelled(
        pdf,
        [
            (text(lang, "letter-number"), letter.number),
            (text(lang, "letter-nature"), letter.nature or text(lang, "letter-nature-default")),
            (text(lang, "letter-attachment"), attachment_text(letter, lang)),
            (
                text(lang, "letter-subject"),
                letter.subject or text(lang, "letter-subject-default"),
            ),
        ],
        left=pdf.l_margin,
        label=_LABEL,
    )
    _addressees(pdf, letter, lang)
    _body(pdf, letter, tz=tz, lang=lang)
    signer = letter.signatory
    draw_signatures(pdf, [SignatureBlock.of(signer, heading="")])
    if len(letter.addressees) > LISTED_MAX:
        _attached_list(pdf, letter, dated=dated, lang=lang)
    return bytes(pdf.output())
