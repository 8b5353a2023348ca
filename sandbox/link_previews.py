"""Link previews: the ``link_preview_options`` of sendMessage and editMessageText (Bot API
7.0; the older ``disable_web_page_preview`` still works when they are absent) and whether
Telegram would show a preview.

As tdlib does (``get_first_url``, ``MessageContent.cpp``): the preview is of
``LinkPreviewOptions.url`` or else of the first link in the text (a ``text_link`` or a URL
written out; ``tg:``, ``ton:`` and ``ftp:`` links never get one), unless ``is_disabled``.
Telegram finds URLs in text by a long list of rules; the sandbox recognises the ones written
with ``http://`` or ``https://``, which is how the bot writes its links.
"""

from __future__ import annotations

import re
from typing import Any

from sandbox.errors import LINK_PREVIEW_FIELD, LINK_PREVIEW_NOT_OBJECT, bad
from sandbox.html_check import utf16_len

__all__ = ["LinkPreview", "first_url", "link_preview", "read_options"]

_FLAGS = ("is_disabled", "prefer_small_media", "prefer_large_media", "show_above_text")
_WRITTEN_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_NO_PREVIEW_SCHEMES = ("tg:", "ton:", "tonsite:", "ftp:")

LinkPreview = tuple[dict[str, Any] | None, str | None]


def link_preview(
    options: dict[str, Any], text: str, entities: list[dict[str, Any]]
) -> LinkPreview:
    """The message's ``link_preview_options`` as Telegram echoes them in the Message (None
    when all are defaults) and the URL whose preview is shown (None: no preview).

    Args:
        options: From :func:`read_options`.
        text: The message text (entities parsed).
        entities: Its entities.
    """
    options = dict(options)
    first = first_url(text, entities)
    if not first:
        # tdlib forgets is_disabled when there is no link to disable.
        options.pop("is_disabled", None)
    shown = None if options.get("is_disabled") else (options.get("url") or first)
    return (options or None), shown


def first_url(text: str, entities: list[dict[str, Any]]) -> str | None:
    """The first link of a text that can have a preview, by position."""
    found: list[tuple[int, str]] = [
        (int(e["offset"]), str(e["url"])) for e in entities if e.get("type") == "text_link"
    ]
    for match in _WRITTEN_URL.finditer(text):
        url = match.group().rstrip(".,;:!?)]}'")
        found.append((utf16_len(text[: match.start()]), url))
    for _, url in sorted(found, key=lambda item: item[0]):
        if not url.lower().startswith(_NO_PREVIEW_SCHEMES):
            return url
    return None


def read_options(params: dict[str, Any]) -> dict[str, Any]:
    """The link preview options of a call, without the false and empty ones (as the Message
    shows them).

    Raises:
        TelegramErrorReply: They are not a LinkPreviewOptions object.
    """
    raw = params.get("link_preview_options")
    if raw is None:
        return {"is_disabled": True} if params.get("disable_web_page_preview") else {}
    if not isinstance(raw, dict):
        raise bad(LINK_PREVIEW_NOT_OBJECT)
    options: dict[str, Any] = {}
    for flag in _FLAGS:
        value = raw.get(flag, False)
        if not isinstance(value, bool):
            raise bad(LINK_PREVIEW_FIELD.format(field=flag, type="Boolean"))
        if value:
            options[flag] = True
    url = raw.get("url", "")
    if isinstance(url, bool) or not isinstance(url, str | int | float):
        raise bad(LINK_PREVIEW_FIELD.format(field="url", type="String"))
    if url != "":
        options["url"] = str(url)
    return options
