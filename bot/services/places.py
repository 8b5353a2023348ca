"""Where a forum is, besides its venue text: a pin (latitude, longitude) and a maps link.

Decisions where the SPEC is silent:

* A maps link is accepted only over `https`, on a maps host (`MAP_HOSTS`: Google Maps and
  its short links, OpenStreetMap), without a user name, password or port, at most
  `MAP_URL_MAX` characters, and without characters that would need quoting in HTML. Any
  other link is refused (`error-map-url`): the link goes into every invitation, so it must
  not lead members anywhere else.
* When the link itself names the place (`@-7.47,112.43`, `?q=-7.47,112.43`,
  `?mlat=..&mlon=..`, `#map=17/-7.47/112.43`), those coordinates become the pin too, so a
  Telegram venue can be sent; a short link (`maps.app.goo.gl/...`) names no coordinates and
  stays a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from bot.services.errors import ServiceError

MAP_URL_MAX = 500
# Host -> the path a maps link on it must start with ("" for any path).
MAP_HOSTS = {
    "maps.app.goo.gl": "",
    "goo.gl": "/maps",
    "maps.google.com": "",
    "maps.google.co.id": "",
    "google.com": "/maps",
    "www.google.com": "/maps",
    "google.co.id": "/maps",
    "www.google.co.id": "/maps",
    "openstreetmap.org": "",
    "www.openstreetmap.org": "",
    "osm.org": "",
}
# What a link may hold: RFC 3986's unreserved, reserved and percent characters, nothing that
# HTML would have to quote.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_NUMBER = r"(-?\d{1,3}(?:\.\d+)?)"
_PAIR = re.compile(rf"^{_NUMBER},\s*{_NUMBER}$")
_AT_PAIR = re.compile(rf"@{_NUMBER},{_NUMBER}")
_OSM_FRAGMENT = re.compile(rf"map=\d{{1,2}}/{_NUMBER}/{_NUMBER}")


@dataclass(frozen=True)
class Place:
    """A forum's pin and/or maps link; degrees (WGS 84) or None, the link or None."""

    latitude: float | None = None
    longitude: float | None = None
    map_url: str | None = None

    @property
    def has_pin(self) -> bool:
        """Whether a Telegram venue can be sent (it needs both coordinates)."""
        return self.latitude is not None and self.longitude is not None


def check_pin(latitude: float, longitude: float) -> Place:
    """A pin from a Telegram location or venue message.

    Raises:
        ServiceError: `error-location-invalid` (outside -90..90 / -180..180, or not finite).
    """
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise ServiceError("error-location-invalid")
    return Place(latitude=latitude, longitude=longitude)


def check_map_url(text: str) -> Place:
    """A typed maps link, with the pin it names when it names one.

    Raises:
        ServiceError: `error-map-url` for anything but an https link on a maps host.
    """
    url = text.strip()
    if len(url) > MAP_URL_MAX or not _URL_CHARS.fullmatch(url):
        raise ServiceError("error-map-url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ServiceError("error-map-url") from None
    host = (parts.hostname or "").lower()
    if (
        parts.scheme.lower() != "https"
        or parts.username is not None
        or parts.password is not None
        or port is not None
        or host not in MAP_HOSTS
        or not parts.path.startswith(MAP_HOSTS[host])
    ):
        raise ServiceError("error-map-url")
    pin = _coordinates(parts.path, parts.query, parts.fragment)
    if pin is None:
        return Place(map_url=url)
    return Place(latitude=pin[0], longitude=pin[1], map_url=url)


def _coordinates(path: str, query: str, fragment: str) -> tuple[float, float] | None:
    """The coordinates a maps link names, if it names valid ones."""
    found: list[tuple[str, str]] = []
    match = _AT_PAIR.search(unquote(path))
    if match:
        found.append((match.group(1), match.group(2)))
    params = parse_qs(query)
    for key in ("q", "query", "ll", "destination"):
        for value in params.get(key, []):
            pair = _PAIR.match(value.strip())
            if pair:
                found.append((pair.group(1), pair.group(2)))
    if "mlat" in params and "mlon" in params:
        found.append((params["mlat"][0], params["mlon"][0]))
    match = _OSM_FRAGMENT.search(fragment)
    if match:
        found.append((match.group(1), match.group(2)))
    for lat_text, lng_text in found:
        try:
            latitude, longitude = float(lat_text), float(lng_text)
        except ValueError:
            continue
        if -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0:
            return latitude, longitude
    return None


def venue_parts(venue: str) -> tuple[str, str]:
    """A venue text as sendVenue's title and address: the part before the first comma, and
    the rest ("Ballroom Hotel Ayola", "Jl. Benteng Pancasila, Kota Mojokerto"); a venue
    without a comma is both."""
    title, _, address = venue.partition(",")
    title, address = title.strip(), address.strip()
    return title or venue, address or title or venue
