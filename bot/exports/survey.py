"""The satisfaction survey's summary as a page of the Berkas SPJ (issue 11, item 7):
anonymous, counts and averages per pillar, the answers per score, and the comments."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.exports import day_and_date, text
from bot.exports.document import FONT, Document, Numbering, Table
from bot.exports.letterhead import draw_details
from bot.services.survey import SurveySummary
from models import Forum

# Millimetres, summing to A4 portrait's 190: Pilar, Tanggapan, Kemanfaatan, Pelayanan.
_PILLAR_WIDTHS = (70, 40, 40, 40)
# Pertanyaan, then the scores 1 to 5 and the average.
_SCORE_WIDTHS = (70, 20, 20, 20, 20, 20, 20)


def score(value: float | None, lang: str) -> str:
    """An average "4,5" ("4.5" in English), "–" without answers."""
    if value is None:
        return "–"
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if lang == "id" else shown


def render_survey(
    summary: SurveySummary,
    forum: Forum,
    *,
    tz: ZoneInfo,
    lang: str,
    numbering: Numbering | None = None,
) -> bytes:
    """The summary as PDF bytes (A4 portrait): "RINGKASAN SURVEI KEPUASAN", the forum,
    the number of responses, a table per pillar (responses and both averages), the answers
    per score 1-5 for each question, and the comments numbered, without names."""
    pdf = Document(printed="", lang=lang, orientation="P", footer_text=False, numbering=numbering)
    pdf.set_title(text(lang, "survey-pdf-title"))
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 7, text(lang, "survey-pdf-title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    draw_details(
        pdf,
        [
            (text(lang, "export-label-event"), forum.title),
            (text(lang, "export-label-date"), day_and_date(forum, tz=tz, lang=lang)),
            (text(lang, "survey-pdf-responses"), str(summary.responses)),
        ],
    )
    pdf.ln(4)
    pillars = Table(
        pdf,
        [text(lang, key) for key in ("export-col-pillar", "survey-pdf-count",
                                       "survey-pdf-usefulness", "survey-pdf-service")],
        widths=_PILLAR_WIDTHS,
        align=("LEFT", "CENTER", "CENTER", "CENTER"),
    )  # fmt: skip
    for name, pillar in summary.pillars.items():
        pillars.row(
            [
                name,
                str(pillar.responses),
                score(pillar.usefulness, lang),
                score(pillar.service, lang),
            ]
        )
    pillars.row(
        [
            text(lang, "export-total"),
            str(summary.responses),
            score(summary.usefulness_average, lang),
            score(summary.service_average, lang),
        ]
    )
    pdf.ln(4)
    per_score = Table(
        pdf,
        [text(lang, "survey-pdf-question"), "1", "2", "3", "4", "5",
         text(lang, "survey-pdf-average")],
        widths=_SCORE_WIDTHS,
        align=("LEFT", *("CENTER",) * 6),
    )  # fmt: skip
    for key, counts, average in (
        ("survey-pdf-usefulness", summary.usefulness, summary.usefulness_average),
        ("survey-pdf-service", summary.service, summary.service_average),
    ):
        per_score.row(
            [text(lang, key), *(str(counts.get(n, 0)) for n in range(1, 6)), score(average, lang)]
        )
    pdf.ln(4)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, text(lang, "survey-pdf-comments"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    if not summary.comments:
        pdf.multi_cell(0, 5, "–", new_x="LMARGIN", new_y="NEXT")
    for number, comment in enumerate(summary.comments, start=1):
        pdf.multi_cell(0, 5, f"{number}. {comment}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())
