"""Tests for bot.callback_data: encoders, parsers, the 64-byte limit and forged data."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot import callback_data as cd
from models import RsvpAnswer

MAX_ID = cd.MAX_ROW_ID  # ids are 32-bit integer columns
ids = st.integers(min_value=0, max_value=MAX_ID)
answers = st.sampled_from(list(RsvpAnswer))
prefixes = st.sampled_from(
    [
        cd.REG_PILLAR,
        cd.INVITE_PILLAR,
        cd.FORUM_PILLAR,
        cd.FORUM_DETAIL,
        cd.RECAP,
        cd.SCHEDULE,
        cd.AUDIENCE,
    ]
)
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)

# Text that looks like callback data: a known prefix, then colon-separated pieces made of
# digits (ASCII and others), answer codes and noise; plus arbitrary text.
_pieces = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.text(alphabet="0123456789", min_size=0, max_size=12),
    st.text(st.characters(categories=["Nd"]), min_size=1, max_size=3),
    st.sampled_from(["a", "d", "n", "r", "x", "", " 1", "1 ", "-1", "+1", "1\n"]),
    st.text(max_size=5),
)
callback_like = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda prefix, parts: ":".join([prefix, *parts]),
        st.sampled_from([cd.RSVP, cd.APPROVAL, cd.RECAP, "x", ""]),
        st.lists(_pieces, max_size=3),
    ),
)


@pytest.mark.parametrize("answer", list(RsvpAnswer))
@pytest.mark.parametrize("forum_id", [0, 1, 42, MAX_ID])
def test_rsvp_round_trip(forum_id: int, answer: RsvpAnswer) -> None:
    data = cd.rsvp(forum_id, answer)
    assert re.fullmatch(cd.pattern(cd.RSVP), data.split(":")[0] + ":") is not None
    assert cd.parse_rsvp(data) == cd.RsvpPress(forum_id, answer)


def test_rsvp_data_is_short_and_stable() -> None:
    assert cd.rsvp(7, RsvpAnswer.ATTENDING) == "rsvp:7:a"
    assert cd.rsvp(7, RsvpAnswer.DELEGATED) == "rsvp:7:d"
    assert cd.rsvp(7, RsvpAnswer.DECLINED) == "rsvp:7:n"


@pytest.mark.parametrize("approve", [True, False])
def test_approval_round_trip(approve: bool) -> None:
    data = cd.approval(123, approve)
    assert data == f"appr:123:{'a' if approve else 'r'}"
    assert cd.parse_approval(data) == cd.Decision(123, approve)


def test_with_id_round_trip() -> None:
    data = cd.with_id(cd.RECAP, 99)
    assert data == "rekap:99"
    assert cd.parse_id(cd.RECAP, data) == 99


def test_with_word_round_trip() -> None:
    data = cd.with_word(cd.AUDIENCE, "every")
    assert cd.parse_word(cd.AUDIENCE, data, ("every", "done")) == "every"


def test_parse_word_refuses_words_not_allowed() -> None:
    with pytest.raises(cd.InvalidCallbackData):
        cd.parse_word(cd.AUDIENCE, "aud:core", ("every", "done"))


@pytest.mark.parametrize(
    "data",
    [
        "",
        "rsvp",
        "rsvp:",
        "rsvp:1",
        "rsvp:1:",
        "rsvp:1:x",
        "rsvp:x:a",
        "rsvp:-1:a",
        "rsvp:12345678901:a",
        "rsvp:1:a:extra",
        "rsvp:1:a\n",
        " rsvp:1:a",
        "RSVP:1:a",
        "appr:1:a",
    ],
)
def test_parse_rsvp_rejects_forged(data: str) -> None:
    with pytest.raises(cd.InvalidCallbackData):
        cd.parse_rsvp(data)


@pytest.mark.parametrize("data", ["appr:1", "appr:1:n", "rsvp:1:a", "appr::a", "appr:1:a "])
def test_parse_approval_rejects_forged(data: str) -> None:
    with pytest.raises(cd.InvalidCallbackData):
        cd.parse_approval(data)


@pytest.mark.parametrize("data", ["rekap", "rekap:", "rekap:x", "jad:1", "rekap:1:2", "rekap:1 "])
def test_parse_id_rejects_forged(data: str) -> None:
    with pytest.raises(cd.InvalidCallbackData):
        cd.parse_id(cd.RECAP, data)


def test_invalid_callback_data_is_a_value_error() -> None:
    assert issubclass(cd.InvalidCallbackData, ValueError)


def test_encoders_refuse_oversized_data() -> None:
    with pytest.raises(ValueError, match="1-64 bytes"):
        cd.with_word("x", "y" * 70)


@given(forum_id=ids, answer=answers)
def test_rsvp_property_round_trip(forum_id: int, answer: RsvpAnswer) -> None:
    data = cd.rsvp(forum_id, answer)
    assert len(data.encode()) <= cd.MAX_BYTES
    assert cd.parse_rsvp(data) == cd.RsvpPress(forum_id, answer)


@given(member_id=ids, approve=st.booleans())
def test_approval_property_round_trip(member_id: int, approve: bool) -> None:
    data = cd.approval(member_id, approve)
    assert len(data.encode()) <= cd.MAX_BYTES
    assert cd.parse_approval(data) == cd.Decision(member_id, approve)


@given(prefix=prefixes, item_id=ids)
def test_with_id_property_round_trip(prefix: str, item_id: int) -> None:
    data = cd.with_id(prefix, item_id)
    assert len(data.encode()) <= cd.MAX_BYTES
    assert re.match(cd.pattern(prefix), data)
    assert cd.parse_id(prefix, data) == item_id


@given(prefix=prefixes, word=words)
def test_with_word_property_round_trip(prefix: str, word: str) -> None:
    data = cd.with_word(prefix, word)
    assert len(data.encode()) <= cd.MAX_BYTES
    assert cd.parse_word(prefix, data, (word,)) == word


def _canonical(data: str) -> bool:
    """Data an encoder could have produced: ASCII digits without leading zeros."""
    return (
        all(part == "0" or not part.startswith("0") for part in data.split(":") if part.isdigit())
        and data.isascii()
    )


@given(data=callback_like)
def test_parse_rsvp_raises_or_round_trips(data: str) -> None:
    try:
        press = cd.parse_rsvp(data)
    except cd.InvalidCallbackData:
        return
    assert 0 <= press.forum_id <= MAX_ID
    assert isinstance(press.answer, RsvpAnswer)
    if _canonical(data):
        assert cd.rsvp(press.forum_id, press.answer) == data


@given(data=callback_like)
def test_parse_approval_raises_or_round_trips(data: str) -> None:
    try:
        decision = cd.parse_approval(data)
    except cd.InvalidCallbackData:
        return
    assert 0 <= decision.member_id <= MAX_ID
    if _canonical(data):
        assert cd.approval(decision.member_id, decision.approve) == data


@given(data=callback_like)
def test_parse_id_raises_or_round_trips(data: str) -> None:
    try:
        item_id = cd.parse_id(cd.RECAP, data)
    except cd.InvalidCallbackData:
        return
    assert 0 <= item_id <= MAX_ID
    if _canonical(data):
        assert cd.with_id(cd.RECAP, item_id) == data


@given(data=callback_like)
@example(data="rsvp:\u0661:a")
@example(data="rsvp:01:a")
def test_parse_rsvp_raises_or_round_trips_exactly(data: str) -> None:
    try:
        press = cd.parse_rsvp(data)
    except cd.InvalidCallbackData:
        return
    assert cd.rsvp(press.forum_id, press.answer) == data


def test_parse_approval_and_id_refuse_non_ascii_digits() -> None:
    with pytest.raises(cd.InvalidCallbackData):
        cd.parse_approval("appr:\u0662:a")
    with pytest.raises(cd.InvalidCallbackData):
        cd.parse_id(cd.RECAP, "rekap:\u0663")


@pytest.mark.parametrize("answer", list(RsvpAnswer))
def test_every_encoder_fits_64_bytes_with_ten_digit_ids(answer: RsvpAnswer) -> None:
    longest_prefix = max(
        (value for name, value in vars(cd).items() if name.isupper() and isinstance(value, str)),
        key=len,
    )
    assert len(cd.rsvp(MAX_ID, answer).encode()) <= 64
    assert len(cd.approval(MAX_ID, True).encode()) <= 64
    assert len(cd.with_id(longest_prefix, MAX_ID).encode()) <= 64
    assert len(cd.with_word(longest_prefix, "z" * 10).encode()) <= 64


def test_patterns_route_only_their_prefix() -> None:
    assert re.match(cd.pattern(cd.FORUM_PILLAR), "fpil:3")
    assert re.match(cd.pattern(cd.FORUM_SKIP), "fskip")
    assert not re.match(cd.pattern(cd.RSVP), "rsvpx:1:a")
    assert not re.match(cd.pattern(cd.APPROVAL), "approve:1:a")


@pytest.mark.parametrize("data", ["rsvp:2147483648:a", "appr:9999999999:r", "fdet:2147483648"])
def test_ids_beyond_a_32_bit_column_are_refused(data: str) -> None:
    parse = {
        "rsvp": cd.parse_rsvp,
        "appr": cd.parse_approval,
        "fdet": lambda d: cd.parse_id(cd.FORUM_DETAIL, d),
    }[data.split(":")[0]]
    with pytest.raises(cd.InvalidCallbackData):
        parse(data)
