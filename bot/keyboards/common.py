"""The pieces every keyboard uses: rows, catalog-labelled buttons, pillar choices, page turns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo

from bot import callback_data as cd
from bot.i18n import t
from models import Pillar


def in_rows(
    buttons: Sequence[InlineKeyboardButton], width: int
) -> list[list[InlineKeyboardButton]]:
    """`buttons` laid out `width` to a row."""
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def with_dashboard(
    lang: str, markup: InlineKeyboardMarkup | None, web_url: str
) -> InlineKeyboardMarkup | None:
    """`markup` with a last row "📊 Buka dasbor" opening the Mini App at `web_url`/app; as it
    was when there is no web door (`web_url` ""). Private chats only: Telegram refuses
    web_app buttons elsewhere."""
    if not web_url:
        return markup
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    rows.append(
        [InlineKeyboardButton(t(lang, "web-open-dashboard"), web_app=WebAppInfo(f"{web_url}/app"))]
    )
    return InlineKeyboardMarkup(rows)


def pillars(lang: str, pillar_rows: Iterable[Pillar], prefix: str) -> InlineKeyboardMarkup:
    """One button per pillar (registration, invite links)."""
    buttons = [
        InlineKeyboardButton(p.name, callback_data=cd.with_id(prefix, p.id or 0))
        for p in pillar_rows
    ]
    return InlineKeyboardMarkup(in_rows(buttons, 3))


def pillar_toggles(
    lang: str, pillar_rows: Iterable[Pillar], chosen: set[int], prefix: str
) -> InlineKeyboardMarkup:
    """Multi-select of pillars with ticks, plus "core pillars", "all" and "done"."""
    buttons = [
        InlineKeyboardButton(
            f"{'✅ ' if p.id in chosen else ''}{p.name}",
            callback_data=cd.with_id(prefix, p.id or 0),
        )
        for p in pillar_rows
    ]
    rows = in_rows(buttons, 3)
    rows.append(
        [
            InlineKeyboardButton(
                t(lang, "button-core-pillars"), callback_data=cd.with_word(prefix, "core")
            ),
            InlineKeyboardButton(
                t(lang, "button-all-pillars"), callback_data=cd.with_word(prefix, "all")
            ),
        ]
    )
    rows.append(
        [InlineKeyboardButton(t(lang, "button-done"), callback_data=cd.with_word(prefix, "done"))]
    )
    return InlineKeyboardMarkup(rows)


def confirm(lang: str, prefix: str, yes_key: str = "button-confirm") -> InlineKeyboardMarkup:
    """A yes / cancel pair (`prefix:ok`, `prefix:no`)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t(lang, yes_key), callback_data=cd.with_word(prefix, "ok")),
                InlineKeyboardButton(
                    t(lang, "button-cancel"), callback_data=cd.with_word(prefix, "no")
                ),
            ]
        ]
    )


def skip(lang: str) -> InlineKeyboardMarkup:
    """A single "skip" button for an optional step."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t(lang, "button-skip"), callback_data=cd.FORUM_SKIP)]]
    )


def languages() -> InlineKeyboardMarkup:
    """Bahasa Indonesia / English."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "🇮🇩 Bahasa Indonesia", callback_data=cd.with_word(cd.LANGUAGE, "id")
                ),
                InlineKeyboardButton("🇬🇧 English", callback_data=cd.with_word(cd.LANGUAGE, "en")),
            ]
        ]
    )


def page_turns(
    lang: str, page: int, pages: int, to: Callable[[int], str]
) -> list[InlineKeyboardButton]:
    """◀️ / ▶️ of a paged list (pages 0 to `pages` - 1), those that lead somewhere; `to(page)`
    is the callback data that opens a page."""
    turns = []
    if page > 0:
        turns.append(button(lang, "button-previous", to(page - 1)))
    if page + 1 < pages:
        turns.append(button(lang, "button-next", to(page + 1)))
    return turns


def with_ics(
    lang: str, forum_id: int, markup: InlineKeyboardMarkup | None = None
) -> InlineKeyboardMarkup:
    """`markup` (or nothing) with a row below it: the forum's `.ics` file (`ics:<forum>`)."""
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    rows.append(
        [InlineKeyboardButton(t(lang, "button-ics"), callback_data=cd.with_id(cd.ICS, forum_id))]
    )
    return InlineKeyboardMarkup(rows)


def pages(lang: str, prefix: str, page: int, has_older: bool) -> InlineKeyboardMarkup | None:
    """Older / Newer buttons of a paginated list (`prefix:<page>`, page 0 the newest)."""
    row = [button(lang, "button-older", cd.with_id(prefix, page + 1))] if has_older else []
    if page > 0:
        row.append(button(lang, "button-newer", cd.with_id(prefix, page - 1)))
    return InlineKeyboardMarkup([row]) if row else None


def button(lang: str, key: str, data: str, **values: object) -> InlineKeyboardButton:
    """A button labelled by catalog message `key` (with `values`) sending callback `data`."""
    return InlineKeyboardButton(t(lang, key, **values), callback_data=data)
