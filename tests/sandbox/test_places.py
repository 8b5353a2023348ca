"""sendLocation and sendVenue through a real telegram.Bot: the Message Telegram returns, what
the sandbox stores, the checks and their texts, the flood limits."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, RetryAfter

from sandbox import BotApiSandbox
from tests.sandbox.conftest import opened

# Hotel Ayola, Mojokerto: where the demo's forum meets.
LATITUDE, LONGITUDE = -7.4727, 112.4340


async def _ayola(bot: Bot, chat_id: int, **extra: Any) -> Message:
    return await bot.send_venue(chat_id, LATITUDE, LONGITUDE, "Hotel Ayola", "Mojokerto", **extra)


async def _refused(sandbox: BotApiSandbox, method: str, error: str) -> None:
    assert sandbox.calls(method)[-1].description == error


async def test_a_location(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 6001)
    sent = await bot.send_location(user.id, LATITUDE, LONGITUDE, horizontal_accuracy=25.5)
    assert sent.location is not None
    assert (sent.location.latitude, sent.location.longitude) == (LATITUDE, LONGITUDE)
    assert sent.location.horizontal_accuracy == 25.5
    assert sent.venue is None and sent.text is None
    stored = user.inbox[-1]
    assert stored.location == {
        "latitude": LATITUDE,
        "longitude": LONGITUDE,
        "horizontal_accuracy": 25.5,
    }
    assert stored.venue is None
    # Telegram clamps the accuracy to 1500 m instead of refusing it.
    await bot.send_location(user.id, LATITUDE, LONGITUDE, horizontal_accuracy=5000)
    assert user.inbox[-1].location == {
        "latitude": LATITUDE,
        "longitude": LONGITUDE,
        "horizontal_accuracy": 1500.0,
    }


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(90.5, 1.0), (-91, 10), (0.5, 180.01), (0.5, -181)]
)
async def test_a_point_off_the_earth_is_refused(
    sandbox: BotApiSandbox, bot: Bot, latitude: float, longitude: float
) -> None:
    user = await opened(sandbox, 6002)
    with pytest.raises(BadRequest, match="Invalid location specified"):
        await bot.send_location(user.id, latitude, longitude)
    await _refused(sandbox, "sendLocation", "Bad Request: invalid location specified")
    with pytest.raises(BadRequest, match="Wrong venue location specified"):
        await bot.send_venue(user.id, latitude, longitude, "Hotel Ayola", "Jl. Benteng Pancasila")
    await _refused(sandbox, "sendVenue", "Bad Request: wrong venue location specified")
    assert user.inbox == []


async def test_edges_of_the_map_are_fine(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 6003)
    await bot.send_location(user.id, 90, -180)
    assert user.inbox[-1].location == {"latitude": 90.0, "longitude": -180.0}


async def test_missing_and_malformed_coordinates(
    sandbox: BotApiSandbox, http: httpx.AsyncClient
) -> None:
    user = await opened(sandbox, 6004)
    missing = await http.post("sendLocation", data={"chat_id": str(user.id), "longitude": "1"})
    assert missing.json()["description"] == "Bad Request: latitude is empty"
    blank = await http.post(
        "sendVenue", data={"chat_id": str(user.id), "latitude": "1", "longitude": " "}
    )
    assert blank.json()["description"] == "Bad Request: longitude is empty"
    # The Bot API reads a coordinate that is not a number as 0 (tdlib's to_double).
    junk = await http.post(
        "sendLocation", data={"chat_id": str(user.id), "latitude": "utara", "longitude": "5"}
    )
    assert junk.json()["result"]["location"] == {"latitude": 0.0, "longitude": 5.0}


async def test_a_venue(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 6005)
    sent = await bot.send_venue(
        user.id,
        LATITUDE,
        LONGITUDE,
        "Ballroom Hotel Ayola",
        "Jl. Benteng Pancasila No. 1, Mojokerto",
        google_place_id="ChIJ-ayola",
        google_place_type="lodging",
    )
    assert sent.venue is not None
    assert sent.venue.title == "Ballroom Hotel Ayola"
    assert sent.venue.google_place_id == "ChIJ-ayola"
    assert sent.venue.location.latitude == LATITUDE
    # For clients that know only locations, a venue message carries its location too.
    assert sent.location is not None and sent.location.longitude == LONGITUDE
    stored = user.inbox[-1]
    assert stored.venue == {
        "location": {"latitude": LATITUDE, "longitude": LONGITUDE},
        "title": "Ballroom Hotel Ayola",
        "address": "Jl. Benteng Pancasila No. 1, Mojokerto",
        "google_place_id": "ChIJ-ayola",
        "google_place_type": "lodging",
    }
    assert stored.location == {"latitude": LATITUDE, "longitude": LONGITUDE}
    assert "venue='Ballroom Hotel Ayola'" in repr(stored)


async def test_foursquare_ids_win_over_google_ones(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 6006)
    sent = await _ayola(bot, user.id, foursquare_id="4b5f", google_place_id="ChIJ-ayola")
    assert sent.venue is not None
    assert sent.venue.foursquare_id == "4b5f" and sent.venue.google_place_id is None


async def test_reply_markup_and_chat_checks(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 6007)
    keyboard = {"inline_keyboard": [[{"text": "Hadir", "callback_data": "rsvp:1:yes"}]]}
    sent = await _ayola(bot, user.id, reply_markup=keyboard)
    assert user.inbox[-1].buttons == [[("Hadir", "rsvp:1:yes")]]
    assert sent.reply_markup is not None
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_location(987654, LATITUDE, LONGITUDE)
    sandbox.block_bot(user.id)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await _ayola(bot, user.id)


async def test_live_locations(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 6008)
    sent = await bot.send_location(user.id, LATITUDE, LONGITUDE, live_period=600, heading=90)
    assert sent.location is not None and sent.location.live_period == 600
    assert user.inbox[-1].location == {
        "latitude": LATITUDE,
        "longitude": LONGITUDE,
        "live_period": 600,
        "heading": 90,
    }
    cases = [
        ({"live_period": 30}, "Bad Request: wrong live location period specified"),
        (
            {"live_period": 600, "heading": 361},
            "Bad Request: wrong live location heading specified",
        ),
        (
            {"live_period": 600, "proximity_alert_radius": 100001},
            "Bad Request: wrong live location proximity alert radius specified",
        ),
    ]
    for extra, error in cases:
        with pytest.raises(BadRequest):
            await bot.send_location(user.id, LATITUDE, LONGITUDE, **extra)
        await _refused(sandbox, "sendLocation", error)


@pytest.mark.telegram_pace
async def test_places_count_against_the_flood_limits(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 6009)
    await bot.send_location(user.id, LATITUDE, LONGITUDE)
    await _ayola(bot, user.id)
    await bot.send_message(user.id, "Sampai jumpa di forum")
    with pytest.raises(RetryAfter):
        await _ayola(bot, user.id)
    assert sandbox.max_sends_in_window(1.0, chat_id=user.id) == 3
    assert sandbox.max_sends_in_window(1.0, method="sendVenue") == 1
    assert len(user.inbox) == 3
