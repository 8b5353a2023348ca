"""The recap as a picture (issue 12 item 6): per pillar a stacked bar of hadir, diwakilkan,
tidak hadir and belum, core pillars marked, for `/rekap`.

Drawn with Pillow (rectangles and text) rather than a plotting library: the picture is a
handful of bars on a fixed grid, and matplotlib cost 0.9 s and 53 MB to import and 0.3 s per
picture on a slow host, against a few tens of milliseconds here (docs/PERFORMANCE.md).
Pillow's text layout (libraqm, where the wheel has it) joins Arabic letters and runs them
right to left; a name DejaVu cannot draw is drawn in the bundled Arabic or CJK font.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from bot.dates import format_datetime
from bot.exports import text
from bot.exports.document import ARABIC_FONT, CJK_FONT, FONT, font_paths, is_arabic
from bot.services.reports import PillarRecap, Recap, added_up

# Hadir, diwakilkan, tidak hadir, belum: the web dashboard's colours (web/static/app.css).
COLOURS = ("#2e9e5b", "#3b82c4", "#d9534f", "#b0b7bf")
KEYS = ("chart-attending", "chart-delegated", "chart-declined", "chart-no-answer")
INK = "#1b1b1b"
WIDTH = 1100  # px
MARGIN = 24
ROW = 60  # px per bar, the bar itself 37 high
BAR = 37
#: A pillar's name takes at most this much of the width; a longer one ends in "…".
LABEL_ROOM = 380
#: Bars in one picture. Telegram shows a photo at most 2,560 px on its long side (and
#: refuses one whose sides add up past 10,000 px); 20 bars are about 1,350 px tall, readable
#: on a phone. The text under the picture lists every pillar.
MAX_BARS = 20
# Text sizes in px.
SIZE, TITLE_SIZE, SMALL_SIZE = 20, 24, 17


def render_recap_chart(recap: Recap, *, lang: str, tz: ZoneInfo) -> bytes:
    """A PNG of the recap's bars, `WIDTH` px wide, texts in `lang`, the forum's start in `tz`.
    Each bar spans the pillar's invitees; its figure on the right is confirmed/invited, and
    the check-ins so far. The same recap gives the same bytes.

    Raises:
        ValueError: the recap has no pillars.
    """
    if not recap.pillars:
        raise ValueError("a recap without pillars")
    rows = bars(recap.pillars, lang)
    labels = [f"{row.name} ★" if row.is_core else row.name for row in rows]
    with _fonts() as fonts:
        figures = [
            text(
                lang,
                "chart-figures",
                confirmed=r.confirmed,
                invited=r.invited,
                present=r.checked_in,
            )
            for r in rows
        ]
        label_room = min(
            LABEL_ROOM,
            max(
                fonts.face(label, bold=row.is_core).getlength(label)
                for label, row in zip(labels, rows, strict=True)
            ),
        )
        figure_room = max(fonts.small.getlength(figure) for figure in figures)
        bar_left = MARGIN + round(label_room) + 12
        bar_right = WIDTH - MARGIN - round(figure_room) - 12
        title = [recap.forum.title, format_datetime(recap.forum.starts_at, tz=tz, lang=lang)]
        top = MARGIN + 2 * 32 + 16 + 28 + 16  # two title lines, the legend, a gap
        image = Image.new("RGB", (WIDTH, top + ROW * len(rows) + MARGIN), "white")
        draw = ImageDraw.Draw(image)
        for number, line in enumerate(title):
            font = fonts.face(line, bold=True, size=TITLE_SIZE)
            draw.text(
                (MARGIN, MARGIN + 32 * number),
                _fit(line, font, WIDTH - 2 * MARGIN),
                font=font,
                fill=INK,
            )
        _legend(draw, fonts, lang, x=MARGIN, y=MARGIN + 2 * 32 + 16)
        for index, (row, label, figure) in enumerate(zip(rows, labels, figures, strict=True)):
            middle = top + ROW * index + ROW // 2
            font = fonts.face(label, bold=row.is_core)
            colour = COLOURS[2] if row.is_core and row.confirmed == 0 else INK
            draw.text(
                (bar_left - 10, middle),
                _fit(label, font, label_room),
                font=font,
                fill=colour,
                anchor="rm",
            )
            _bar(draw, row, left=bar_left, right=bar_right, middle=middle)
            draw.text((bar_right + 12, middle), figure, font=fonts.small, fill=INK, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG")  # Pillow writes no timestamp: the bytes depend on the recap only
    return out.getvalue()


def bars(pillars: list[PillarRecap], lang: str) -> list[PillarRecap]:
    """The pillars as the picture draws them: all of them when they are at most `MAX_BARS`;
    else every core pillar and the first others in the recap's order, and one last bar
    adding up the rest ("12 pilar lainnya")."""
    if len(pillars) <= MAX_BARS:
        return pillars
    room = max(MAX_BARS - 1 - sum(p.is_core for p in pillars), 0)
    rest = [p for p in pillars if not p.is_core][room:]
    folded = {id(p) for p in rest}
    kept = [p for p in pillars if id(p) not in folded]
    return [*kept, added_up(rest, text(lang, "chart-others", count=len(rest)))]


def _bar(
    draw: ImageDraw.ImageDraw, row: PillarRecap, *, left: int, right: int, middle: int
) -> None:
    """The pillar's bar from `left` to `right`: whole pixels, so the segments add up to the
    bar exactly; a pillar without invitees has an empty bar."""
    if not row.invited:
        return
    shares = (row.attending, row.delegated, row.declined, row.waitlisted + row.no_answer)
    start, so_far = left, 0
    for share, colour in zip(shares, COLOURS, strict=True):
        so_far += share
        end = left + round((right - left) * so_far / row.invited)
        if end > start:
            draw.rectangle((start, middle - BAR // 2, end - 1, middle + BAR // 2), fill=colour)
        start = end


def _legend(draw: ImageDraw.ImageDraw, fonts: _Fonts, lang: str, *, x: int, y: int) -> None:
    """The four colours and their names in one line, from (`x`, `y`) at the top left."""
    for key, colour in zip(KEYS, COLOURS, strict=True):
        name = text(lang, key)
        draw.rectangle((x, y + 6, x + 26, y + 22), fill=colour)
        draw.text((x + 34, y + 14), name, font=fonts.regular, fill=INK, anchor="lm")
        x += 34 + round(fonts.regular.getlength(name)) + 30


def _fit(value: str, font: ImageFont.FreeTypeFont, room: float) -> str:
    """`value`, cut and ended with "…" where it is wider than `room` px."""
    if font.getlength(value) <= room:
        return value
    low, high = 0, len(value)
    while low < high:  # the longest cut that fits
        half = (low + high + 1) // 2
        if font.getlength(value[:half].rstrip() + "…") <= room:
            low = half
        else:
            high = half - 1
    return value[:low].rstrip() + "…"


@dataclass
class _Fonts:
    """The picture's faces; a text DejaVu cannot draw gets the Arabic or CJK font instead."""

    paths: dict[str, dict[str, Path]]
    loaded: dict[tuple[Path, int], ImageFont.FreeTypeFont] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.regular = self.face("", bold=False)
        self.small = self.face("", bold=False, size=SMALL_SIZE)

    def face(self, value: str, *, bold: bool, size: int = SIZE) -> ImageFont.FreeTypeFont:
        family = _family(value, self.paths[FONT][""])
        styles = self.paths[family]
        path = styles["B"] if bold and "B" in styles else styles[""]
        # Loaded once per picture, not across pictures: a FreeType face is not safe to share
        # between worker threads.
        if (path, size) not in self.loaded:
            self.loaded[path, size] = ImageFont.truetype(str(path), size)
        return self.loaded[path, size]


@contextmanager
def _fonts() -> Iterator[_Fonts]:
    with ExitStack() as stack:
        paths = {
            family: stack.enter_context(font_paths(family))
            for family in (FONT, ARABIC_FONT, CJK_FONT)
        }
        yield _Fonts(paths)


def _family(value: str, dejavu: Path) -> str:
    if any(is_arabic(ord(char)) for char in value):
        return ARABIC_FONT
    if set(map(ord, value)) <= _codepoints(dejavu):
        return FONT
    return CJK_FONT


@cache
def _codepoints(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())
