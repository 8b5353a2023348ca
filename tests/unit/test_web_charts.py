"""The dashboard's chart (web/charts.py): bars drawn from the recap's figures, names escaped."""

from __future__ import annotations

import re

from bot.services.reports import PillarRecap, Recap
from models import Forum
from web.charts import BAR, recap_chart


def recap(*rows: PillarRecap) -> Recap:
    return Recap(forum=Forum(title="F", venue="V", created_by=1), pillars=list(rows))  # type: ignore[call-arg]


def test_each_bar_is_split_by_the_answers_over_the_invitees() -> None:
    row = PillarRecap(
        "Polri", True, invited=10, attending=4, delegated=1, declined=2, waitlisted=1
    )
    assert row.bars == (4, 1, 2, 3)
    svg = recap_chart(recap(row), "id")
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="16" data-count', svg)]
    counts = [int(c) for c in re.findall(r'data-count="(\d+)"', svg)]
    assert counts == [4, 1, 2, 3]
    assert widths == [round(BAR * c / 10, 1) for c in counts]
    assert "Polri ★" in svg and "5/10" in svg


def test_a_core_pillar_nobody_confirmed_is_marked_and_names_are_escaped() -> None:
    svg = recap_chart(
        recap(
            PillarRecap("TNI", True, invited=3, attending=0, delegated=0, declined=3),
            PillarRecap("<Dinas & Co>", False, invited=0, attending=0, delegated=0, declined=0),
        ),
        "en",
    )
    assert 'class="pillar core missing"' in svg
    assert "&lt;Dinas &amp; Co&gt;" in svg and "<Dinas" not in svg
    assert 'class="s-empty"' in svg  # a pillar with nobody in it: an empty outline
    assert "Not attending" in svg
