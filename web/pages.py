"""Templates: Jinja with autoescaping, the catalogs' texts, and the theme.

`t` in a template is `bot.i18n.t` in the viewer's language; its output is already escaped
HTML (values are escaped, catalog text is ours), so it is marked safe. Everything else a
template prints is escaped by Jinja.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from bot.dates import format_datetime, format_time
from bot.i18n import t

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


class Pages:
    """Renders the templates of `web/templates` for one language and zone at a time."""

    def __init__(self, tz: ZoneInfo) -> None:
        self._env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
            # Templates change only with a new release: no stat() per page on the event loop.
            auto_reload=False,
        )
        self._tz = tz
        self.static_url = lambda name: f"/static/{name}"

    def html(self, name: str, lang: str, **values: Any) -> str:
        """The template `name` rendered in `lang` with `values`."""

        def text(key: str, **args: object) -> Markup:
            return Markup(t(lang, key, **args))

        def when(moment: datetime | None) -> str:
            return format_datetime(moment, tz=self._tz, lang=lang) if moment is not None else ""

        def clock(moment: datetime | None) -> str:
            return format_time(moment, tz=self._tz, lang=lang) if moment is not None else ""

        return self._env.get_template(name).render(
            t=text, when=when, clock=clock, static=self.static_url, lang=lang, **values
        )

    def response(self, name: str, lang: str, *, status: int = 200, **values: Any) -> web.Response:
        """An HTML response of the template, never cached (it holds one viewer's data)."""
        return web.Response(
            text=self.html(name, lang, **values),
            status=status,
            content_type="text/html",
            headers={"Cache-Control": "no-store"},
        )
