"""The office's letterhead ("kop surat") and signature blocks, shared by every SPJ paper
(issue 11: surat undangan, Daftar Hadir, notulen).

The kop is the logo on the left, the office's name in bold capitals, its address and
contacts, all centred in the room beside the logo, and the double rule under it (a thick
line over a thin one), as Indonesian government letters are headed. A signature block is
the place and date line, a heading ("Mengetahui,"), the position, room to sign, the name in
bold and underlined, and "NIP. …".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import dates as babel_dates

from bot.exports import text
from bot.exports.document import FONT, Document
from models import OfficeProfile, Signatory

LOGO_HEIGHT = 24.0  # mm
_GAP = 3.0  # mm between the logo and the text
_SIGN_ROOM = 20.0  # mm left blank for a hand signature and a stamp
_BLOCK_WIDTH = 80.0  # mm


@dataclass(frozen=True)
class SignatureBlock:
    """One signature: `heading` ("Mengetahui,", "Notulis,", or "" for none) above the
    `position`, then room to sign, `name` and `nip` (no NIP line when empty);
    `place_date` ("Mojokerto, 14 Oktober 2024") on top when given."""

    heading: str
    position: str
    name: str
    nip: str = ""
    place_date: str | None = None

    @classmethod
    def of(
        cls, signatory: Signatory, *, heading: str, place_date: str | None = None
    ) -> SignatureBlock:
        """The block of the office's `signatory` for a kind of paper."""
        return cls(
            heading=heading,
            position=signatory.position,
            name=signatory.name,
            nip=signatory.nip,
            place_date=place_date,
        )


def long_date(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """ "14 Oktober 2024": the date of a date line, without the weekday."""
    return babel_dates.format_date(
        moment.astimezone(tz).date(), "d MMMM y", locale="id_ID" if lang == "id" else "en_GB"
    )


def place_and_date(office: OfficeProfile, moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """ "Mojokerto, 14 Oktober 2024" (the date alone when the office has no city set)."""
    day = long_date(moment, tz=tz, lang=lang)
    return f"{office.city}, {day}" if office.city else day


def draw_kop(pdf: Document, office: OfficeProfile, *, lang: str) -> None:
    """Draw the letterhead at the top of the current page and move below its rule.

    The name is set in bold 14 pt (wrapping to a second line when long), the address in
    10 pt, then "Telp. … · Email … · Laman …" for the contacts the office has.
    """
    top = pdf.get_y()
    left = pdf.l_margin
    room = pdf.w - pdf.l_margin - pdf.r_margin
    if office.logo:
        pdf.image(io.BytesIO(office.logo), x=left, y=top, h=LOGO_HEIGHT)
        shift = LOGO_HEIGHT + _GAP
        left, room = left + shift, room - 2 * shift  # centred over the page, clear of the logo
    pdf.set_xy(left, top)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(room, 6.5, office.name.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    if office.address:
        pdf.multi_cell(room, 5, office.address, align="C", new_x="LEFT", new_y="NEXT")
    contacts = [
        text(lang, key, value=value)
        for key, value in (
            ("kop-phone", office.phone),
            ("kop-email", office.email),
            ("kop-website", office.website),
        )
        if value
    ]
    # One line when the contacts fit, else the website on a line of its own.
    lines = [" · ".join(contacts)]
    if len(contacts) > 1 and pdf.get_string_width(lines[0]) > room:
        lines = [" · ".join(contacts[:-1]), contacts[-1]]
    for line in filter(None, lines):
        pdf.multi_cell(room, 5, line, align="C", new_x="LEFT", new_y="NEXT")
    bottom = max(pdf.get_y(), top + (LOGO_HEIGHT if office.logo else 0)) + 1.5
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, bottom, pdf.w - pdf.r_margin, bottom)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, bottom + 1.2, pdf.w - pdf.r_margin, bottom + 1.2)
    pdf.set_xy(pdf.l_margin, bottom + 5)


def signatures_height(blocks: Sequence[SignatureBlock]) -> float:
    """The height in mm `draw_signatures` takes for `blocks`."""
    lines = max(
        (block.place_date is not None) + bool(block.heading) + 2 + bool(block.nip)
        for block in blocks
    )
    return lines * 5 + _SIGN_ROOM + 5


def draw_signatures(pdf: Document, blocks: Sequence[SignatureBlock]) -> None:
    """Draw one signature block on the right, or two side by side (left and right), from
    the current position; a new page first when they would not fit. Their lines end at the
    same height, so the names stand on one line. Moves below them."""
    if not blocks:
        return
    if pdf.get_y() + signatures_height(blocks) > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    right = pdf.w - pdf.r_margin - _BLOCK_WIDTH
    places = [right] if len(blocks) == 1 else [pdf.l_margin + 5, right]
    above = [
        [line for line in (block.place_date, block.heading or None, block.position) if line]
        for block in blocks
    ]
    most = max(len(lines) for lines in above)
    pdf.set_font(FONT, size=10)
    names_at = top
    for lines, x in zip(above, places, strict=False):
        pdf.set_xy(x, top + (most - len(lines)) * 5)
        for line in lines:
            pdf.multi_cell(_BLOCK_WIDTH, 5, line, align="C", new_x="LEFT", new_y="NEXT")
        names_at = max(names_at, pdf.get_y() + _SIGN_ROOM)
    bottom = names_at
    for block, x in zip(blocks, places, strict=False):
        pdf.set_xy(x, names_at)
        pdf.set_font(FONT, "BU", 10)
        pdf.multi_cell(_BLOCK_WIDTH, 5, block.name or " ", align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, size=10)
        if block.nip:
            pdf.multi_cell(
                _BLOCK_WIDTH, 5, f"NIP. {block.nip}", align="C", new_x="LEFT", new_y="NEXT"
            )
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom + 5)
