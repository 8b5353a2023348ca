"""Places: sendLocation and sendVenue.

As tdlib/telegram-bot-api and tdlib check them (``Client::get_location``, ``Location.cpp``,
``Venue.cpp``): an empty latitude or longitude is refused at once; a coordinate that is not a
number reads as 0; latitude must lie within [-90, 90] and longitude within [-180, 180]
degrees, checked when the message is sent (after the chat); ``horizontal_accuracy`` is clamped
to 0-1500 meters rather than refused.
"""

from __future__ import annotations

import math
from typing import Any

from sandbox.api.sending import SendingBase
from sandbox.errors import (
    HEADING_INVALID,
    LATITUDE_EMPTY,
    LIVE_PERIOD_INVALID,
    LOCATION_INVALID,
    LONGITUDE_EMPTY,
    PROXIMITY_RADIUS_INVALID,
    VENUE_LOCATION_INVALID,
    bad,
)
from sandbox.markup import check_markup, check_web_app_chat
from sandbox.params import to_double

MAX_HORIZONTAL_ACCURACY = 1500.0  # meters
#: live_period: seconds a live location is updated, or "indefinitely" (2**31 - 1).
MIN_LIVE_PERIOD, MAX_LIVE_PERIOD, LIVE_FOREVER = 60, 86400, 0x7FFFFFFF
MAX_PROXIMITY_ALERT_RADIUS = 100000  # meters


class PlacesMixin(SendingBase):
    """Location and venue messages of the bot."""

    async def _send_location(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendLocation (a live location with ``live_period``)."""
        latitude, longitude, accuracy = _coordinates(params)
        markup = check_markup(params.get("reply_markup"))
        chat = self._target_chat(params)
        check_web_app_chat(markup, params["chat_id"])
        reply_to = self._reply_to(chat, params)
        location = _location(latitude, longitude, accuracy, LOCATION_INVALID)
        location.update(_live_fields(params))
        message = self._new_message(
            chat,
            from_bot=True,
            location=location,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )
        return self._bot_sent(message, chat)

    async def _send_venue(self, params: dict[str, Any]) -> dict[str, Any]:
        """sendVenue: a place with a title and an address (Foursquare or Google Places ids
        optional; Foursquare's win when both are given, as in the Bot API server)."""
        latitude, longitude, accuracy = _coordinates(params)
        markup = check_markup(params.get("reply_markup"))
        chat = self._target_chat(params)
        check_web_app_chat(markup, params["chat_id"])
        reply_to = self._reply_to(chat, params)
        location = _location(latitude, longitude, accuracy, VENUE_LOCATION_INVALID)
        venue: dict[str, Any] = {
            "location": location,
            "title": str(params.get("title") or ""),
            "address": str(params.get("address") or ""),
        }
        provider_ids: dict[str, str] = {}
        for provider in ("google_place", "foursquare"):  # the later one wins
            given = {
                key: str(params[key])
                for key in (f"{provider}_id", f"{provider}_type")
                if params.get(key) not in (None, "")
            }
            provider_ids = given or provider_ids
        venue.update(provider_ids)
        message = self._new_message(
            chat,
            from_bot=True,
            location=dict(location),
            venue=venue,
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )
        return self._bot_sent(message, chat)


def _coordinates(params: dict[str, Any]) -> tuple[float, float, float]:
    """Latitude, longitude (degrees) and horizontal accuracy (meters) as given."""
    latitude = params.get("latitude")
    if latitude is None or str(latitude).strip() == "":
        raise bad(LATITUDE_EMPTY)
    longitude = params.get("longitude")
    if longitude is None or str(longitude).strip() == "":
        raise bad(LONGITUDE_EMPTY)
    accuracy = params.get("horizontal_accuracy")
    return (
        to_double(str(latitude).strip()),
        to_double(str(longitude).strip()),
        to_double(accuracy) if accuracy not in (None, "") else 0.0,
    )


def _location(latitude: float, longitude: float, accuracy: float, error: str) -> dict[str, Any]:
    """The ``Location`` object; ``error`` when the point is not on Earth."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise bad(error)
    if abs(latitude) > 90 or abs(longitude) > 180:
        raise bad(error)
    location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    accuracy = min(accuracy, MAX_HORIZONTAL_ACCURACY) if math.isfinite(accuracy) else 0.0
    if accuracy > 0:
        location["horizontal_accuracy"] = accuracy
    return location


def _live_fields(params: dict[str, Any]) -> dict[str, Any]:
    """``live_period``, ``heading`` and ``proximity_alert_radius`` of a live location
    (nothing for a static one)."""
    period = int(params.get("live_period") or 0)
    if period == 0:
        return {}
    if period != LIVE_FOREVER and not MIN_LIVE_PERIOD <= period <= MAX_LIVE_PERIOD:
        raise bad(LIVE_PERIOD_INVALID)
    heading = int(params.get("heading") or 0)
    if heading != 0 and not 1 <= heading <= 360:
        raise bad(HEADING_INVALID)
    radius = int(params.get("proximity_alert_radius") or 0)
    if not 0 <= radius <= MAX_PROXIMITY_ALERT_RADIUS:
        raise bad(PROXIMITY_RADIUS_INVALID)
    live: dict[str, Any] = {"live_period": period}
    if heading > 0:
        live["heading"] = heading
    if radius > 0:
        live["proximity_alert_radius"] = radius
    return live
