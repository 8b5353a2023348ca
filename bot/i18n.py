"""User-facing text: Fluent catalogs per language (`bot/locales/<lang>/*.ftl`), Indonesian first.

Each language is one catalog split into files by area (`core.ftl`, `attendance.ftl`, ...);
the files are read in name order and a message id must be unique across them.

`t()` is the one place where user-supplied values enter HTML: every string argument is
HTML-escaped unless it is wrapped in `Html` (already-rendered markup from this package).
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast

from models import LANGUAGES as LANGUAGES  # one catalog per language a member may choose

DEFAULT_LANGUAGE = "id"
_PLACEHOLDER = re.compile("\x00([a-z_]+)\x00")


class Html(str):
    """A string that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def escape(text: str) -> Html:
    """Escape user text for parse_mode HTML."""
    return Html(html.escape(text, quote=False))


def catalog_source(lang: str) -> str:
    """Return the raw `.ftl` text of one catalog: its files joined in name order."""
    folder = resources.files("bot").joinpath("locales", lang)
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".ftl")),
        key=lambda entry: entry.name,
    )
    return "\n".join(entry.read_text("utf-8") for entry in files)


@cache
def _bundle(lang: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource(catalog_source(lang)))
    return bundle


def normalize_language(lang: str | None) -> str:
    """Map a Telegram `language_code` or stored preference to a catalog we have."""
    if lang and lang.split("-")[0].lower() in LANGUAGES:
        return lang.split("-")[0].lower()
    return DEFAULT_LANGUAGE


def t(lang: str, key: str, **values: object) -> Html:
    """Render message `key` in `lang` as HTML.

    Text values are escaped (unless `Html`) and put in after Fluent has formatted the
    pattern: Fluent refuses placeables over 2,500 characters, a limit meant for catalogs,
    not for an announcement or a long list.

    Raises:
        KeyError: the key is in neither the chosen catalog nor the default one.
    """
    bundle = _bundle(normalize_language(lang))
    if not bundle.has_message(key):
        bundle = _bundle(DEFAULT_LANGUAGE)
        if not bundle.has_message(key):
            raise KeyError(key)
    texts: dict[str, str] = {}
    args: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, str):
            texts[name] = value if isinstance(value, Html) else escape(value)
            args[name] = f"\x00{name}\x00"
        else:
            args[name] = value
    pattern = bundle.get_message(key).value
    if pattern is None:  # a message with attributes only: none of ours is like that
        raise KeyError(f"{key}: the message has no value")
    text, errors = bundle.format_pattern(pattern, args)
    if errors:
        raise KeyError(f"{key}: {errors[0]}")
    # Fluent gives FluentNone only for a cyclic reference, which also reports an error.
    assert isinstance(text, str)
    return Html(_PLACEHOLDER.sub(lambda match: texts[match.group(1)], text))


def message_ids(lang: str) -> set[str]:
    """Every message id of a catalog (for the completeness test)."""
    resource = FluentParser().parse(catalog_source(lang))
    return {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}


def plain(text: str) -> str:
    """Rendered HTML as plain text (for callback-query popups, which take no markup)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))
