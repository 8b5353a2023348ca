"""Tests for bot.render: split_message and the composite HTML texts."""

from __future__ import annotations

import html
import itertools
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import render
from bot.render import MESSAGE_LIMIT, split_message, units
from bot.services.reports import PillarRecap, Recap
from models import Forum, Member, MemberStatus, Pillar, Rsvp, RsvpAnswer
from sandbox.html_check import parse_html
from tests.factories import JAKARTA

EMOJI = ["📅", "👤", "🇮🇩", "⭐", "✅", "👨‍👩‍👧"]

plain_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_characters="\n\r"),
        st.sampled_from([e for e in EMOJI if len(e) == 1]),
    ),
    max_size=40,
)
escaped = plain_text.map(lambda s: html.escape(s, quote=False))
# One line of rendered HTML: escaped text, optionally with tags that open and close on it.
html_line = st.one_of(
    escaped,
    st.builds(lambda a, b, c: f"{a}<b>{b}</b>{c}", escaped, escaped, escaped),
    st.builds(lambda a, b: f"<i>{a}</i> · <code>{b}</code>", escaped, escaped),
    st.sampled_from(EMOJI),
)
long_line = st.integers(min_value=1, max_value=3).flatmap(
    lambda n: st.text(alphabet="ab😀 ", min_size=n * 60, max_size=n * 60 + 30)
)


def check_sizes(parts: list[str], limit: int) -> None:
    assert all(0 < units(part) <= limit for part in parts)


@settings(deadline=None)
@given(lines=st.lists(html_line.filter(bool), max_size=40), limit=st.integers(30, 200))
def test_split_keeps_lines_and_tags(lines: list[str], limit: int) -> None:
    lines = [line for line in lines if units(line) <= limit]
    text = "\n".join(lines)
    parts = split_message(text, limit)
    check_sizes(parts, limit)
    assert all(part.strip() for part in parts)  # Telegram refuses a blank message
    if all(line.strip() for line in lines):
        assert "\n".join(parts) == text
    else:  # a part of blank lines alone is dropped; nothing else is
        assert re.sub(r"\s", "", "".join(parts)) == re.sub(r"\s", "", text)
    for part in parts:
        parse_html(part)  # no tag or entity cut in half


@settings(deadline=None)
@given(
    lines=st.lists(st.one_of(html_line, long_line), max_size=30),
    limit=st.integers(20, 120),
)
def test_split_never_exceeds_limit_and_loses_no_character(lines: list[str], limit: int) -> None:
    text = "\n".join(lines)
    parts = split_message(text, limit)
    check_sizes(parts, limit)
    # A cut can leave a part of white space alone, which is dropped (Telegram refuses it):
    # every other character is kept, in order.
    shown = re.sub(r"\s", "", "".join(parse_html(part).text for part in parts))
    assert shown == re.sub(r"\s", "", parse_html(text).text) if text.strip() else parts == []


@settings(deadline=None)
@given(
    lines=st.lists(html_line.filter(str.strip), min_size=1, max_size=30),
    limit=st.integers(40, 200),
)
def test_split_is_greedy(lines: list[str], limit: int) -> None:
    """Without blank lines, a part ends only when the next line would not fit in it (a
    blank line, even a form feed alone, is where a part prefers to end)."""
    lines = [line for line in lines if units(line) <= limit]
    parts = split_message("\n".join(lines), limit)
    for part, following in itertools.pairwise(parts):
        assert units(part) + 1 + units(following.split("\n")[0]) > limit


def test_short_text_is_one_part() -> None:
    assert split_message("<b>Rekap</b>\nPOLRI: 1") == ["<b>Rekap</b>\nPOLRI: 1"]


def test_real_size_message_splits_under_4096() -> None:
    row = "<b>POLRI</b>⭐: diundang 3 · hadir 1 · Bu &lt;Ani&gt; &amp; Pak Budi 📅"
    text = "\n".join(f"{i}. {row}" for i in range(400))
    parts = split_message(text)
    assert len(parts) >= 2
    check_sizes(parts, MESSAGE_LIMIT)
    assert "\n".join(parts) == text
    for part in parts:
        parse_html(part)


def test_exact_limit_line_is_not_cut() -> None:
    line = "x" * MESSAGE_LIMIT
    assert split_message(f"{line}\n{line}") == [line, line]


def test_overlong_line_is_cut_at_the_limit() -> None:
    parts = split_message("a" * 25 + "\nb", 10)
    assert parts == ["a" * 10, "a" * 10, "a" * 5 + "\nb"]


def test_overlong_line_is_cut_outside_tags_and_entities() -> None:
    parts = split_message("\n<i></i> · <code>&lt;x&gt; abcdefghij</code>", 20)
    assert all(0 < units(part) <= 20 for part in parts)
    for part in parts:
        parse_html(part)  # balanced: the open <code> is closed and reopened
    assert "".join(parse_html(p).text for p in parts) == " · <x> abcdefghij"


def test_emoji_count_as_telegram_counts_them() -> None:
    parts = split_message("😀" * 6, 10)  # each emoji is two UTF-16 units
    assert parts == ["😀" * 5, "😀"]


@pytest.mark.parametrize("text", ["\nb", "a" * 10 + "\n\nb", "a" * 10 + "\n\n\nb"])
def test_split_keeps_blank_lines(text: str) -> None:
    assert "\n".join(split_message(text, 10)) == text


# --- composite texts -------------------------------------------------------------------------

NASTY = '<script>&amp; "Bu" Ani</b>'


def make_forum(**changes: object) -> Forum:
    values: dict[str, object] = {
        "id": 1,
        "title": NASTY,
        "starts_at": datetime(2024, 10, 14, 2, 0, tzinfo=UTC),  # 09.00 WIB
        "ends_at": datetime(2024, 10, 14, 5, 0, tzinfo=UTC),
        "venue": "Hotel <Ayola> & Ballroom",
        "agenda": "",
        "created_by": 1,
    }
    values.update(changes)
    return Forum(**values)  # type: ignore[arg-type]


PILLARS = [Pillar(id=2, code="KEJAKSAAN", name="Kejari", is_core=True, sort_order=2)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_invitation_escapes_user_text(lang: str) -> None:
    rsvp = Rsvp(
        forum_id=1,
        member_id=1,
        answer=RsvpAnswer.DELEGATED,
        delegate_name="A<b>",
        delegate_position="Kasi & Staf",
    )
    text = render.invitation(
        make_forum(), PILLARS, lang, JAKARTA, rsvp, name="Dr. <Ani> & co", office="KPU <Kota>"
    )
    parsed = parse_html(text)
    assert NASTY in parsed.text
    assert "Hotel <Ayola> & Ballroom" in parsed.text
    assert "A<b> (Kasi & Staf)" in parsed.text
    assert "Kejari" in parsed.text and "KEJAKSAAN" not in parsed.text
    salutation = "Yth. Bapak/Ibu Dr. <Ani> & co," if lang == "id" else "Dear Dr. <Ani> & co,"
    assert parsed.text.startswith(salutation)
    assert "KPU <Kota>" in parsed.text.split("\n")[1]
    assert ("09.00" if lang == "id" else "09:00") in parsed.text
    assert ("12.00" if lang == "id" else "12:00") in parsed.text


def test_when_spanning_days_names_both_dates() -> None:
    forum = make_forum(ends_at=datetime(2024, 10, 15, 5, 0, tzinfo=UTC))
    text = render.when(forum, "id", JAKARTA)
    assert "14 Oktober 2024" in text
    assert "15 Oktober 2024" in text


def test_forum_details_with_deadline_and_no_agenda() -> None:
    forum = make_forum(rsvp_deadline=datetime(2024, 10, 13, 10, 0, tzinfo=UTC), ends_at=None)
    parsed = parse_html(render.forum_details(forum, PILLARS, "id", JAKARTA, heading="<b>H</b>"))
    assert "Agenda: -" in parsed.text
    assert "Batas konfirmasi" in parsed.text
    assert "17.00" in parsed.text  # 10:00 UTC in WIB


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (None, "belum konfirmasi"),
        (RsvpAnswer.ATTENDING, "Hadir"),
        (RsvpAnswer.DECLINED, "Tidak hadir"),
    ],
)
def test_answer_label(answer: RsvpAnswer | None, expected: str) -> None:
    rsvp = None if answer is None else Rsvp(forum_id=1, member_id=1, answer=answer)
    assert render.answer_label("id", rsvp) == expected


def test_profile_escapes_and_shows_status() -> None:
    member = Member(
        telegram_user_id=1,
        chat_id=1,
        full_name="Dr. <Ani> & co",
        pillar_id=2,
        institution="Kejari",
        position="Kasi",
        status=MemberStatus.PENDING,
    )
    parsed = parse_html(render.profile(member, PILLARS[0], "en"))
    assert "Dr. <Ani> & co" in parsed.text
    assert "Pillar: Kejari" in parsed.text and "KEJAKSAAN" not in parsed.text
    assert "Status: awaiting approval" in parsed.text


def test_recap_names_missing_core_pillars() -> None:
    report = Recap(
        forum=make_forum(),
        pillars=[
            PillarRecap("Kejaksaan", True, invited=2, attending=0, delegated=0, declined=1),
            PillarRecap("Polri", True, invited=1, attending=1, delegated=0, declined=0),
            PillarRecap("Pemda", False, invited=1, attending=0, delegated=0, declined=0),
        ],
    )
    parsed = parse_html(render.recap(report, "id", JAKARTA))
    assert NASTY in parsed.text
    assert "⚠️ Belum ada konfirmasi kehadiran dari pilar utama: Kejaksaan\n" in parsed.text
    assert "Polri" not in parsed.text.split("pilar utama:")[1]
    assert "Kejaksaan ⭐: diundang 2" in parsed.text and "Pemda: diundang 1" in parsed.text
    assert parsed.text.endswith("\n⭐ pilar utama")  # the legend of the mark
    assert "diundang 4 · hadir 1 · diwakilkan 0 · tidak hadir 1 · belum konfirmasi 2" in (
        parsed.text
    )


def test_recap_complete_when_every_core_pillar_confirmed() -> None:
    report = Recap(
        forum=make_forum(),
        pillars=[PillarRecap("Polri", True, invited=1, attending=0, delegated=1, declined=0)],
    )
    assert "Setiap pilar utama yang diundang sudah ada" in render.recap(report, "id", JAKARTA)


def test_recap_says_nothing_of_core_pillars_when_none_is_invited() -> None:
    report = Recap(
        forum=make_forum(),
        pillars=[PillarRecap("PPS", False, invited=3, attending=1, delegated=0, declined=0)],
    )
    text = render.recap(report, "id", JAKARTA)
    assert "pilar utama" not in text.lower()
