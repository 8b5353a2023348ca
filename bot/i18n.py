"""User-facing text: Fluent catalogs per language (`bot/locales/<lang>/*.ftl`), Indonesian first.

Each language is one catalog split into files by area (`core.ftl`, `attendance.ftl`, ...);
the files are read in name order and a message id must be unique across them.

`t()` is the one place where user-supplied values enter HTML: every string argument is
HTML-escaped unless it is wrapped in `Html` (already-rendered markup from this package).
"""

from __future__ import annotations

import html
import re
import threading
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


# Fluent entries begin in the first column, so a message's file is known without parsing
# it. Parsing both catalogs whole took about 0.5 s of the start (issue 13: under 3 s);
# each file is parsed when one of its messages is first needed.
_MESSAGE_ID = re.compile(r"^([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=", re.MULTILINE)


def catalog_files(lang: str) -> list[tuple[str, str]]:
    """Return one catalog's files as (name, `.ftl` text), in name order."""
    folder = resources.files("bot").joinpath("locales", lang)
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".ftl")),
        key=lambda entry: entry.name,
    )
    return [(entry.name, entry.read_text("utf-8")) for entry in files]


def catalog_source(lang: str) -> str:
    """Return the raw `.ftl` text of one catalog: its files joined in name order."""
    return "\n".join(text for _, text in catalog_files(lang))


class Catalog:
    """One language's messages, each file parsed into the bundle on first use.

    A message that refers to a message or term of a file not parsed yet makes Fluent
    report an unknown reference; `format` then parses every file and formats again.

    Attributes:
        bundle: The Fluent bundle of the files parsed so far.
        parsed: Their names, in the order they were parsed.
    """

    def __init__(self, lang: str, files: list[tuple[str, str]]) -> None:
        self.bundle = FluentBundle([lang], use_isolating=False)
        self._texts = dict(files)  # the files not parsed yet
        self.parsed: list[str] = []
        self._file_of = {key: name for name, text in files for key in _MESSAGE_ID.findall(text)}
        # Text is rendered in worker threads too (the PDF exports).
        self._lock = threading.Lock()

    def has(self, key: str) -> bool:
        """Whether the catalog defines message `key`."""
        return key in self._file_of

    def format(self, key: str, args: dict[str, object]) -> tuple[str, list[Exception]]:
        """Fluent's `format_pattern` of message `key` (which `has`): the text and errors."""
        self._load(self._file_of[key])
        pattern = self.bundle.get_message(key).value
        if pattern is None:  # a message with attributes only: none of ours is like that
            raise KeyError(f"{key}: the message has no value")
        text, errors = self.bundle.format_pattern(pattern, args)
        if errors and self._load_all():
            text, errors = self.bundle.format_pattern(pattern, args)
        # Fluent gives FluentNone only for a cyclic reference, which also reports an error.
        assert errors or isinstance(text, str)
        return str(text), errors

    def _load(self, name: str) -> bool:
        with self._lock:
            text = self._texts.pop(name, None)
            if text is not None:
                self.bundle.add_resource(FluentResource(text))
                self.parsed.append(name)
            return text is not None

    def _load_all(self) -> bool:
        loaded = [name for name in list(self._texts) if self._load(name)]
        return bool(loaded)


@cache
def _catalog(lang: str) -> Catalog:
    return Catalog(lang, catalog_files(lang))


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
    catalog = _catalog(normalize_language(lang))
    if not catalog.has(key):
        catalog = _catalog(DEFAULT_LANGUAGE)
        if not catalog.has(key):
            raise KeyError(key)
    texts: dict[str, str] = {}
    args: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, str):
            texts[name] = value if isinstance(value, Html) else escape(value)
            args[name] = f"\x00{name}\x00"
        else:
            args[name] = value
    text, errors = catalog.format(key, args)
    if errors:
        raise KeyError(f"{key}: {errors[0]}")
    return Html(_PLACEHOLDER.sub(lambda match: texts[match.group(1)], text))


def message_ids(lang: str) -> set[str]:
    """Every message id of a catalog (for the completeness test)."""
    resource = FluentParser().parse(catalog_source(lang))
    return {entry.id.name for entry in resource.body if isinstance(entry, ast.Message)}


def plain(text: str) -> str:
    """Rendered HTML as plain text (for callback-query popups, which take no markup)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))
