"""The recap's picture (bot/exports/chart.py): each bar split as the recap counts."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PIL import Image

from bot.exports.chart import (
    COLOURS,
    LABEL_ROOM,
    MARGIN,
    MAX_BARS,
    WIDTH,
    _fonts,
    bars,
    render_recap_chart,
)
from bot.services.reports import PillarRecap, Recap
from models import Forum

FORUM = Forum(
    title="Rapat", venue="Aula", created_by=1, starts_at=datetime(2037, 12, 14, 2, tzinfo=UTC)
)


def runs(png: bytes) -> list[int]:
    """Pixel lengths of the coloured segments along the middle of the only bar."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)): c for c in COLOURS}
    lengths: dict[str, int] = dict.fromkeys(COLOURS, 0)
    y = (
        next(
            y
            for y in range(image.height)
            if image.getpixel((image.width // 2, y)) in colours  # type: ignore[comparison-overlap]
        )
        + 5
    )
    for x in range(image.width):
        found = colours.get(image.getpixel((x, y)))  # type: ignore[arg-type]
        if found is not None:
            lengths[found] += 1
    return [lengths[c] for c in COLOURS]


def test_a_bar_is_split_in_proportion_to_the_answers() -> None:
    row = PillarRecap("Polri", True, invited=8, attending=2, delegated=2, declined=1, waitlisted=1)
    lengths = runs(render_recap_chart(Recap(FORUM, [row]), lang="id", tz=ZoneInfo("Asia/Jakarta")))
    total = sum(lengths)
    # 2, 2, 1 and 3 (two unanswered and one waiting) of 8, to within antialiasing.
    for length, share in zip(lengths, (2, 2, 1, 3), strict=True):
        assert abs(length / total - share / 8) < 0.01


def test_the_same_recap_gives_the_same_bytes() -> None:
    recap = Recap(
        FORUM, [PillarRecap("TNI", True, invited=2, attending=1, delegated=0, declined=0)]
    )
    tz = ZoneInfo("Asia/Jakarta")
    assert render_recap_chart(recap, lang="en", tz=tz) == render_recap_chart(
        recap, lang="en", tz=tz
    )


def test_a_recap_of_60_pillars_is_drawn_as_20_bars_the_rest_added_up() -> None:
    pillars = [
        PillarRecap(
            f"Pilar {n}", n in (3, 41), invited=5, attending=n % 3, delegated=1, declined=1
        )
        for n in range(60)
    ]
    shown = bars(pillars, "id")
    assert len(shown) == MAX_BARS
    # Both core pillars stay, wherever they are; then the first others in order.
    assert [p.name for p in shown[:-1]] == [f"Pilar {n}" for n in [*range(18), 41]]
    rest = shown[-1]
    assert rest.name == "41 pilar lainnya" and not rest.is_core
    assert rest.invited == 41 * 5
    assert rest.attending == sum(n % 3 for n in range(18, 60) if n != 41)
    assert sum(p.confirmed for p in shown) == sum(p.confirmed for p in pillars)
    assert bars(pillars[:MAX_BARS], "en") == pillars[:MAX_BARS]
    assert bars(pillars, "en")[-1].name == "41 other pillars"

    png = render_recap_chart(Recap(FORUM, pillars), lang="id", tz=ZoneInfo("Asia/Jakarta"))
    width, height = Image.open(io.BytesIO(png)).size
    assert max(width, height) <= 2560  # Telegram shows it without scaling it down


def bar_start(png: bytes) -> int:
    """The x of the first coloured pixel along the middle of the only bar."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in COLOURS}
    x = image.width // 2
    y = next(y for y in range(image.height) if image.getpixel((x, y)) in colours)
    return next(x for x in range(image.width) if image.getpixel((x, y + 5)) in colours)


def test_a_long_name_is_cut_and_leaves_the_bar_its_room() -> None:
    tz = ZoneInfo("Asia/Jakarta")
    short = PillarRecap("Polri", True, invited=4, attending=4, delegated=0, declined=0)
    long = PillarRecap(
        "Dinas Komunikasi dan Informatika " * 6,
        False,
        invited=4,
        attending=4,
        delegated=0,
        declined=0,
    )
    narrow = bar_start(render_recap_chart(Recap(FORUM, [short]), lang="id", tz=tz))
    png = render_recap_chart(Recap(FORUM, [long]), lang="id", tz=tz)
    assert Image.open(io.BytesIO(png)).width == WIDTH
    assert narrow < bar_start(png) <= MARGIN + LABEL_ROOM + 12
    # The bar still spans its full share: 4 of 4 attending, one colour to the figures.
    assert runs(png)[0] > WIDTH / 3


def test_arabic_and_cjk_names_get_a_font_that_has_their_letters() -> None:
    with _fonts() as fonts:
        dejavu = fonts.face("Polri", bold=False)
        assert fonts.face("محمد علي", bold=False).path != dejavu.path
        assert fonts.face("北京办事处", bold=True).path != dejavu.path
        assert fonts.face("Kodim 0815 ★", bold=False).path == dejavu.path
