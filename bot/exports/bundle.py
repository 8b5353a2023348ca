"""The Berkas SPJ (issue 11, item 6): a forum's papers as one PDF in the order an office files
them, numbered across the whole, and a ZIP of the originals.

Each paper is rendered twice: once on its own (the original, for the ZIP, numbered "Halaman
1 dari N" by itself) and once with the bundle's `Numbering`, which counts from where the paper
starts. Rendering again costs less than stamping numbers on the merged pages afterwards
(pypdf's `merge_page` took 2 s for a 289-page bundle, a second rendering 0.5 s). Only a paper
the bot did not draw (an uploaded notulen PDF) is stamped. The cover, with the contents, is
page 1; pypdf appends the rest.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from bot.exports import text
from bot.exports.document import FONT, Document, Numbering, font_paths
from bot.exports.letterhead import draw_details, draw_kop
from models import OfficeProfile

_FOOTER_SIZE = 8  # pt, as `Document.footer`
# mm: under the foot of an uploaded page, whose own footer (Word puts one about 12 mm up)
# must stay readable.
_STAMP_FROM_BOTTOM = 7.0
_MM = 72 / 25.4  # points per millimetre

# Draws a paper, numbered within a bundle or (None) on its own.
Renderer = Callable[[Numbering | None], bytes]


@dataclass(frozen=True)
class Part:
    """One paper of the bundle: its title in the contents ("Surat Undangan") and how it is
    drawn; `drawn=False` for a PDF the bot did not make, whose `render` ignores the
    numbering: its pages are stamped instead."""

    title: str
    render: Renderer
    drawn: bool = True


@dataclass(frozen=True)
class Bundle:
    """The bundle's PDF and each part's original PDF, in order."""

    pdf: bytes
    originals: list[bytes]


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF."""
    return len(PdfReader(io.BytesIO(pdf)).pages)


def cover(
    parts: Sequence[tuple[str, int]],
    *,
    office: OfficeProfile,
    details: Sequence[tuple[str, str]],
    numbering: Numbering,
    lang: str,
) -> bytes:
    """The first page: the kop, "BERKAS SPJ", the forum's `details` (label, value), and the
    contents: each part's title with the page it starts on (`parts`: title, first page)."""
    pdf = Document(printed="", lang=lang, orientation="P", numbering=numbering)
    draw_kop(pdf, office, lang=lang)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, text(lang, "spj-title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    draw_details(pdf, details)
    pdf.ln(6)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, text(lang, "spj-contents"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=11)
    room = pdf.w - pdf.l_margin - pdf.r_margin
    for number, (title, first) in enumerate(parts, start=1):
        pdf.cell(room - 30, 7, f"{number}. {title}")
        pdf.cell(
            30, 7, text(lang, "spj-page", page=first), align="R", new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())


def assemble(
    parts: Sequence[Part],
    *,
    office: OfficeProfile,
    details: Sequence[tuple[str, str]],
    footer: str,
    lang: str,
) -> Bundle:
    """The bundle: the cover (see `cover`), then `parts` in order, every page with `footer`
    on the left and "Halaman n dari N" on the right (CPU work: run it in a thread).

    Raises:
        pypdf.errors.PdfReadError: a part is not a readable PDF.
    """
    originals = [part.render(None) for part in parts]
    counts = [page_count(original) for original in originals]
    total = 1 + sum(counts)
    starts = [2 + sum(counts[:index]) for index in range(len(parts))]
    writer = PdfWriter()
    front = cover(
        [(part.title, start) for part, start in zip(parts, starts, strict=True)],
        office=office,
        details=details,
        numbering=Numbering(first=1, total=total, footer=footer),
        lang=lang,
    )
    writer.append(PdfReader(io.BytesIO(front)))
    for part, original, start in zip(parts, originals, starts, strict=True):
        numbering = Numbering(first=start, total=total, footer=footer)
        if part.drawn:
            writer.append(PdfReader(io.BytesIO(part.render(numbering))))
        else:
            writer.append(PdfReader(io.BytesIO(stamped(original, numbering, lang=lang))))
    out = io.BytesIO()
    writer.write(out)
    return Bundle(pdf=out.getvalue(), originals=originals)


def stamped(pdf: bytes, numbering: Numbering, *, lang: str) -> bytes:
    """`pdf` with the bundle's footer over the foot of each page."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    writer.append(reader)
    stamp = FPDF(unit="pt")
    stamp.set_auto_page_break(False)
    with font_paths() as fonts:
        stamp.add_font(FONT, "", fonts[""])
    for number, page in enumerate(writer.pages, start=numbering.first):
        # A page turned by /Rotate would turn its stamp too.
        page.transfer_rotation_to_content()
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        stamp.add_page(format=(width, height))
        stamp.set_font(FONT, size=_FOOTER_SIZE)
        margin, y = 10 * _MM, height - _STAMP_FROM_BOTTOM * _MM
        for value, align in (
            (numbering.footer, "L"),
            (text(lang, "export-page", page=number, pages=numbering.total), "R"),
        ):
            stamp.set_xy(margin, y)
            stamp.cell(width - 2 * margin, 10, value, align=align)
    stamps = PdfReader(io.BytesIO(bytes(stamp.output())))
    for page, over in zip(writer.pages, stamps.pages, strict=True):
        page.merge_page(over)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_files(files: Sequence[tuple[str, bytes]]) -> bytes:
    """A ZIP of `files` (name, content) in order; names are kept as given (callers make
    them safe: `safe_name`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return out.getvalue()


def safe_name(name: str, *, fallback: str) -> str:
    """A file name fit for a ZIP entry: no folders, no control characters, at most 100
    characters; `fallback` when nothing is left."""
    kept = "".join(char for char in name if char.isprintable() and char not in '/\\:*?"<>|')
    kept = kept.strip(" .")[:100]
    return kept or fallback
