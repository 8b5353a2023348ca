"""URLs the way Telegram checks them (tdlib ``parse_url`` and ``LinkManager::check_link``).

Used for the URLs of inline buttons, ``<a href>`` links and setWebhook. IPv6 hosts are not
modelled (the sandbox never sees them).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HttpUrl", "UrlError", "check_link", "parse_url"]

# Characters tdlib allows in a URL's host and userinfo besides letters and digits
# (RFC 7230 and RFC 3986); any non-ASCII character is allowed too.
_URL_PART_EXTRA = frozenset(".-_!$,~*'();&+=")
_HEX = frozenset("0123456789abcdefABCDEF")


class UrlError(ValueError):
    """A URL Telegram rejects; ``str(exc)`` is tdlib's reason (e.g. ``Wrong HTTP URL``)."""


@dataclass(frozen=True)
class HttpUrl:
    """A parsed URL: ``https`` or not, the lower-cased host, the port (0 when not given)."""

    https: bool
    host: str
    specified_port: int
    path: str

    @property
    def port(self) -> int:
        """The port connected to: the given one or the protocol's default."""
        return self.specified_port or (443 if self.https else 80)


def parse_url(url: str, *, default_https: bool = False) -> HttpUrl:
    """``[http[s]://][userinfo@]host[:port][/...]``, checked like tdlib's ``parse_url``.

    Raises:
        UrlError: With tdlib's reason.
    """
    rest = url
    https = default_https
    cut = min((i for i, c in enumerate(url) if c in ":/?#@[]"), default=len(url))
    if url[cut : cut + 3] == "://":
        scheme = url[:cut].lower()
        if scheme not in ("http", "https"):
            raise UrlError("Unsupported URL protocol")
        https = scheme == "https"
        rest = url[cut + 3 :]
    end = min((i for i, c in enumerate(rest) if c in "/?#"), default=len(rest))
    userinfo_host_port, path = rest[:end], rest[end:]
    userinfo_host, port = userinfo_host_port, 0
    colon = userinfo_host_port.rfind(":")
    if colon > 0 and not {"]", "@"} & set(userinfo_host_port[colon:]):
        digits = userinfo_host_port[colon + 1 :].lstrip("0") or "0"
        port = int(digits) if digits.isdigit() and digits.isascii() else -1
        port = port if port != 0 else -1
        userinfo_host = userinfo_host_port[:colon]
    if port < 0 or port > 65535:
        raise UrlError("Wrong port number specified in the URL")
    userinfo, _, host = userinfo_host.rpartition("@")
    if not host:
        raise UrlError("URL host is empty")
    if host == ".":
        raise UrlError("Host is invalid")
    host = host.lower()
    _check_part(host, "host", allow_colon=False)
    _check_part(userinfo, "userinfo", allow_colon=True)
    return HttpUrl(https, host, port, path or "/")


def check_link(link: str) -> None:
    """Raises :class:`UrlError` when Telegram would refuse ``link`` in a button or a text link
    (tdlib ``check_link``: http(s) with a dotted host, or ``tg://``)."""
    if link.lower().startswith("tg:"):
        target = link[3:].removeprefix("//")
        host = target.split("/", 1)[0].split("?", 1)[0]
        if not host or not all(c.isascii() and (c.isalnum() or c in "-_") for c in host):
            raise UrlError("Unallowed characters in URL host")
        return
    url = parse_url(link)
    if "." not in url.host:
        raise UrlError("Wrong HTTP URL")


def _check_part(part: str, name: str, *, allow_colon: bool) -> None:
    i = 0
    while i < len(part):
        c = part[i]
        if (c.isascii() and c.isalnum()) or c in _URL_PART_EXTRA or (allow_colon and c == ":"):
            i += 1
            continue
        if c == "%":
            if part[i + 1 : i + 2] in _HEX and part[i + 2 : i + 3] in _HEX:
                i += 3
                continue
            raise UrlError(f"Wrong percent-encoded symbol in URL {name}")
        if not c.isascii():
            i += 1
            continue
        raise UrlError(f"Disallowed character in URL {name}")
