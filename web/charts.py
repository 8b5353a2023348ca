"""A forum's answers per pillar as an inline SVG chart (stacked bars, core pillars marked).

SVG rather than a script library: the page needs no JavaScript to draw it, it prints, and
a strict Content-Security-Policy (no inline styles) holds, since sizes are attributes.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from bot.i18n import plain, t
from bot.services.reports import Recap

WIDTH = 340
LABEL = 120
BAR = WIDTH - LABEL - 34
ROW = 26
# (catalog key, CSS class); the classes' colours are in app.css, theme-aware.
SERIES = (
    ("web-chart-attending", "s-attending"),
    ("web-chart-delegated", "s-delegated"),
    ("web-chart-declined", "s-declined"),
    ("web-chart-no-answer", "s-none"),
)


def recap_chart(recap: Recap, lang: str) -> str:
    """The chart of `recap` as SVG markup; texts in `lang`, names escaped."""
    rows = recap.pillars
    height = 22 + ROW * max(len(rows), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(plain(t(lang, "web-chart-label")))}">'
    ]
    x = 0
    for key, css in SERIES:
        name = escape(plain(t(lang, key)))
        parts.append(f'<rect class="{css}" x="{x}" y="2" width="10" height="10"/>')
        parts.append(f'<text class="legend" x="{x + 13}" y="11">{name}</text>')
        x += 14 + 6 * len(name) + 10
    for index, row in enumerate(rows):
        y = 22 + ROW * index
        mark = " ★" if row.is_core else ""
        missing = " missing" if row.is_core and row.confirmed == 0 else ""
        parts.append(
            f'<text class="pillar{" core" if row.is_core else ""}{missing}" x="0" y="{y + 15}">'
            f"{escape(row.name)}{mark}</text>"
        )
        left = float(LABEL)
        values = row.bars
        for (key, css), value in zip(SERIES, values, strict=True):
            if value and row.invited:
                width = BAR * value / row.invited
                title = escape(plain(t(lang, key)))
                parts.append(
                    f'<rect class="{css}" x="{left:.1f}" y="{y + 3}" width="{width:.1f}" '
                    f'height="16" data-count="{value}"><title>{title}: {value}</title></rect>'
                )
                left += width
        if not row.invited:
            parts.append(
                f'<rect class="s-empty" x="{LABEL}" y="{y + 3}" width="{BAR}" height="16"/>'
            )
        parts.append(
            f'<text class="count" x="{LABEL + BAR + 4}" y="{y + 15}">'
            f"{row.confirmed}/{row.invited}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
