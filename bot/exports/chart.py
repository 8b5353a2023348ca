"""The recap as a picture (issue 12 item 6): per pillar a stacked bar of hadir, diwakilkan,
tidak hadir and belum, core pillars marked, drawn with matplotlib for `/rekap`.

matplotlib is imported on first use (about 0.5 s) and only its object-oriented API is used
(`Figure`, never `pyplot`'s global state), so drawing is safe in a worker thread.
"""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

from bot.dates import format_datetime
from bot.exports import text
from bot.exports.document import font_paths
from bot.services.reports import PillarRecap, Recap, added_up

# Hadir, diwakilkan, tidak hadir, belum: the web dashboard's colours (web/static/app.css).
COLOURS = ("#2e9e5b", "#3b82c4", "#d9534f", "#b0b7bf")
KEYS = ("chart-attending", "chart-delegated", "chart-declined", "chart-no-answer")
WIDTH_INCHES = 10.0
DPI = 110
#: Bars in one picture. Telegram shows a photo at most 2,560 px on its long side (and
#: refuses one whose sides add up past 10,000 px); 20 bars are 1,480 px tall, readable on a
#: phone, and drawn in 0.7 s on a slow host (60 bars took 1.7). The text lists every pillar.
MAX_BARS = 20


def render_recap_chart(recap: Recap, *, lang: str, tz: ZoneInfo) -> bytes:
    """A PNG of the recap's bars (about 1,100 px wide), texts in `lang`, the forum's start
    in `tz`. Each bar spans the pillar's invitees; its figure on the right is
    confirmed/invited, and the check-ins so far.

    Raises:
        ValueError: the recap has no pillars.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    if not recap.pillars:
        raise ValueError("a recap without pillars")
    with font_paths() as files:
        regular = FontProperties(fname=str(files[""]), size=13)
        bold = FontProperties(fname=str(files["B"]), size=13)
        title_font = FontProperties(fname=str(files["B"]), size=16)
        small = FontProperties(fname=str(files[""]), size=11)
        # barh draws upwards: reversed, the first pillar is on top.
        rows = list(reversed(bars(recap.pillars, lang)))
        figure = Figure(figsize=(WIDTH_INCHES, 1.9 + 0.55 * len(rows)), dpi=DPI)
        axes = figure.subplots()
        positions = range(len(rows))
        left = [0.0] * len(rows)
        for index, (key, colour) in enumerate(zip(KEYS, COLOURS, strict=True)):
            widths = [row.bars[index] / row.invited if row.invited else 0.0 for row in rows]
            axes.barh(
                positions, widths, left=left, height=0.62, color=colour, label=text(lang, key)
            )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.set_yticks(list(positions))
        labels = axes.set_yticklabels(
            [f"{row.name} ★" if row.is_core else row.name for row in rows]
        )
        for label, row in zip(labels, rows, strict=True):
            label.set_fontproperties(bold if row.is_core else regular)
            if row.is_core and row.confirmed == 0:
                label.set_color(COLOURS[2])
        for position, row in zip(positions, rows, strict=True):
            figure_text = text(
                lang,
                "chart-figures",
                confirmed=row.confirmed,
                invited=row.invited,
                present=row.checked_in,
            )
            axes.text(1.02, position, figure_text, va="center", fontproperties=small)
        axes.set_xlim(0, 1)
        axes.set_xticks([])
        for side in ("top", "right", "bottom", "left"):
            axes.spines[side].set_visible(False)
        axes.tick_params(axis="y", length=0)
        when = format_datetime(recap.forum.starts_at, tz=tz, lang=lang)
        axes.set_title(
            f"{recap.forum.title}\n{when}", loc="left", fontproperties=title_font, pad=34
        )
        legend = axes.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncol=4,
            frameon=False,
            prop=regular,
            handlelength=1.2,
            borderaxespad=0.2,
        )
        assert legend is not None
        figure.subplots_adjust(left=0.2, right=0.8, top=1 - 1.25 / figure.get_figheight())
        out = io.BytesIO()
        # No metadata that changes from run to run: the same recap gives the same bytes.
        figure.savefig(out, format="png", metadata={"Software": None})
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
