"""A forum's photo documentation ("Dokumentasi") as A4 portrait pages (fpdf2; SPEC section 7).

Four photos to a page in a 2×2 grid, each scaled to fit its box with its aspect ratio kept,
centred, its number and caption under it; the first page starts with "DOKUMENTASI" and the
forum's title lines. `draw_photos` draws the same pages into a `Document` someone else
holds (the Berkas SPJ binds every paper into one PDF, page numbers across the whole).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image

from bot.exports import text
from bot.exports.document import FONT, Document, Numbering
from models import ForumPhoto

PER_PAGE = 4
_COLUMNS = 2
_GAP = 6.0  # mm between boxes
_CAPTION = 18.0  # mm under each photo: its number and up to four lines of caption
_CAPTION_LINE = 4.0


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height in px of a JPEG, PNG or WebP's bytes (Pillow reads the header only).

    Raises:
        ValueError: not an image Pillow can open.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.size
    except (OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValueError("not an image") from exc


def render_photos(
    photos: Sequence[ForumPhoto],
    *,
    title_lines: Sequence[str],
    printed: str,
    lang: str,
    numbering: Numbering | None = None,
) -> bytes:
    """The photos as PDF bytes: A4 portrait, `PER_PAGE` to a page, the heading "DOKUMENTASI"
    then `title_lines` (the forum's title, date, venue) on the first page; `printed` is the
    footer's "Dicetak ..." line, or the bundle's `numbering` in the Berkas SPJ. Texts from
    the `lang` catalog."""
    pdf = Document(printed=printed, lang=lang, orientation="P", numbering=numbering)
    pdf.set_title(text(lang, "photos-pdf-title"))
    pdf.set_creator("Sinergi")
    draw_photos(pdf, photos, title_lines=title_lines, lang=lang, new_page=False)
    return bytes(pdf.output())


def draw_photos(
    pdf: Document,
    photos: Sequence[ForumPhoto],
    *,
    title_lines: Sequence[str],
    lang: str,
    new_page: bool = True,
) -> None:
    """Draw the Dokumentasi pages into `pdf` (portrait pages are assumed), starting on a new
    page unless `new_page` is False (the current page is still empty)."""
    if new_page:
        pdf.add_page(orientation="P")
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 6, text(lang, "photos-pdf-title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 11)
    for line in title_lines:
        pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for start in range(0, len(photos), PER_PAGE):
        if start:
            pdf.add_page(orientation="P")
        _grid(pdf, photos[start : start + PER_PAGE], lang)


def _grid(pdf: Document, photos: Sequence[ForumPhoto], lang: str) -> None:
    """Up to `PER_PAGE` photos in two rows of two below the current position."""
    top = pdf.get_y()
    width = (pdf.epw - _GAP * (_COLUMNS - 1)) / _COLUMNS
    rows = PER_PAGE // _COLUMNS
    height = (pdf.page_break_trigger - top - _GAP * (rows - 1)) / rows
    for index, photo in enumerate(photos):
        row, column = divmod(index, _COLUMNS)
        x = pdf.l_margin + column * (width + _GAP)
        y = top + row * (height + _GAP)
        _photo(pdf, photo, x, y, width, height, lang)


def _photo(
    pdf: Document, photo: ForumPhoto, x: float, y: float, width: float, height: float, lang: str
) -> None:
    """The photo fitted into the box above its caption, centred across and standing on the
    caption (so the captions of a row line up); the caption right under it."""
    room = height - _CAPTION
    scale = min(width / max(photo.width, 1), room / max(photo.height, 1))
    shown_w, shown_h = photo.width * scale, photo.height * scale
    left = x + (width - shown_w) / 2
    top = y + room - shown_h
    pdf.image(io.BytesIO(photo.data), x=left, y=top, w=shown_w, h=shown_h)
    pdf.set_xy(x, top + shown_h + 1.5)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(
        width,
        _CAPTION_LINE,
        text(lang, "photos-pdf-number", number=photo.position),
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    if photo.caption:
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(
            width,
            _CAPTION_LINE,
            photo.caption,
            align="C",
            max_line_height=_CAPTION_LINE,
            new_x="LEFT",
            new_y="NEXT",
        )
