"""A forum's paper trail in the chat: the attendees' survey and its anonymous summary, and
the notulen as its form shows and previews it."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.i18n import Html, t
from bot.render.text import lines
from bot.render.times import when
from bot.services.minutes import MinutesPoint, NoteTaker
from bot.services.survey import Answered, SurveySummary
from models import Forum


def _score(lang: str, value: int | None) -> Html:
    return t(lang, "survey-no-score") if value is None else Html(str(value))


def average(lang: str, value: float | None) -> str:
    """An average score with one decimal as the language writes it ("4,5" / "4.5"), or "–"."""
    if value is None:
        return "–"
    return str(format_decimal(value, format="0.0", locale=lang))


def survey(lang: str, forum: Forum, answered: Answered | None, step: str, tz: ZoneInfo) -> Html:
    """The survey message at one step (`bot.keyboards.paper.SURVEY_STEPS`): the forum, the
    scores so far, and what is asked now (or the thanks, with the comment kept)."""
    comment = answered.comment if answered is not None else None
    closing = t(lang, f"survey-step-{step}")
    if step == "done" and comment:
        closing = Html(f"{closing}\n{t(lang, 'survey-your-comment', comment=comment)}")
    return t(
        lang,
        "survey",
        title=forum.title,
        when=when(forum, lang, tz),
        usefulness=_score(lang, answered.usefulness if answered else None),
        service=_score(lang, answered.service if answered else None),
        step=closing,
    )


def survey_recap(summary: SurveySummary, lang: str) -> Html:
    """The survey under `/rekap`: the totals, then a line per pillar; counts and averages only
    (comments are counted, not shown: a recap may be shown in a group)."""
    rows = [
        t(
            lang,
            "survey-recap-row",
            pillar=name,
            count=scores.responses,
            usefulness=average(lang, scores.usefulness),
            service=average(lang, scores.service),
        )
        for name, scores in summary.pillars.items()
    ]
    return t(
        lang,
        "survey-recap",
        count=summary.responses,
        usefulness=average(lang, summary.usefulness_average),
        service=average(lang, summary.service_average),
        comments=len(summary.comments),
        rows=lines(rows),
    )


def minutes_body(
    lang: str,
    *,
    opening: str,
    points: Sequence[MinutesPoint],
    conclusions: str,
    follow_ups: Sequence[str],
) -> Html:
    """The notulen's sections as the chat shows them (typed text escaped)."""
    return t(
        lang,
        "minutes-body",
        opening=opening,
        points=lines(
            t(lang, "minutes-point-line", number=number, speaker=point.speaker, text=point.text)
            for number, point in enumerate(points, start=1)
        ),
        conclusions=conclusions,
        follow_ups=lines(
            t(lang, "minutes-follow-up-line", number=number, text=line)
            for number, line in enumerate(follow_ups, start=1)
        )
        or t(lang, "minutes-follow-ups-none"),
    )


def notetaker(person: NoteTaker) -> str:
    """ "Ratna Dewi Lestari, Anggota Divisi Hukum, NIP 1980…" (plain: `t` escapes it)."""
    nip = f"NIP {person.nip}" if person.nip else ""
    return ", ".join(part for part in (person.name, person.position, nip) if part)
