"""initData as the web door checks it (web/auth.py), against the sandbox's signer, which is
written from Telegram's documentation alone (sandbox/webapps.py)."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sandbox.webapps import init_data
from web.auth import InitDataCheck, Refused

TOKEN = "123456:TEST-TOKEN"
USER = {"id": 2002, "first_name": "Hendra", "language_code": "id"}
CHECK = InitDataCheck(TOKEN, max_age=3600)


def header(data: str) -> str:
    return f"tma {data}"


def test_telegram_signed_data_names_its_user() -> None:
    user = CHECK.user(header(init_data(TOKEN, USER)))
    assert user.id == 2002 and user.language_code == "id"


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (None, "web-auth-missing"),
        ("", "web-auth-missing"),
        ("Bearer abc", "web-auth-missing"),
        ("tma " + "x" * 9000, "web-auth-missing"),
        ("tma ", "web-auth-invalid"),
        ("tma user=1&hash=00", "web-auth-invalid"),
    ],
)
def test_headers_without_valid_init_data_are_refused(value: str | None, key: str) -> None:
    with pytest.raises(Refused) as refused:
        CHECK.user(value)
    assert refused.value.key == key


def test_another_bots_token_and_old_data_are_refused() -> None:
    with pytest.raises(Refused) as other:
        CHECK.user(header(init_data("999:OTHER", USER)))
    assert other.value.key == "web-auth-invalid"
    with pytest.raises(Refused) as old:
        CHECK.user(header(init_data(TOKEN, USER, auth_date=int(time.time()) - 3700)))
    assert old.value.key == "web-auth-expired"
    # Within the age: accepted.
    CHECK.user(header(init_data(TOKEN, USER, auth_date=int(time.time()) - 3500)))
    with pytest.raises(Refused):  # signed "in the future"
        CHECK.user(header(init_data(TOKEN, USER, auth_date=int(time.time()) + 600)))
    with pytest.raises(Refused):  # an id no Telegram user has
        CHECK.user(header(init_data(TOKEN, {**USER, "id": 2**63})))


@given(
    field=st.sampled_from(["user", "auth_date", "query_id", "hash"]),
    position=st.integers(min_value=0, max_value=200),
    char=st.characters(codec="ascii", categories=["L", "N"]),
)
def test_any_changed_character_is_refused(field: str, position: int, char: str) -> None:
    fields = dict(parse_qsl(init_data(TOKEN, USER)))
    value = fields[field]
    index = position % len(value)
    if value[index] == char:
        return
    fields[field] = value[:index] + char + value[index + 1 :]
    with pytest.raises(Refused):
        CHECK.user(header(urlencode(fields, quote_via=quote)))
