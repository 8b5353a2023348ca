"""Keyboards of the desk screen (issue 12 item 5): its one-time link and the printed code's
switch."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t


def static_switch(lang: str, forum_id: int, *, enable: bool) -> InlineKeyboardButton:
    """Switch the forum's printed check-in code on (`enable`) or off (`kstat:<forum>:<on|off>`)."""
    word = "on" if enable else "off"
    return InlineKeyboardButton(
        t(lang, f"button-static-{word}"),
        callback_data=cd.with_id_word(cd.KIOSK_STATIC, forum_id, word),
    )


def kiosk_link(lang: str, forum_id: int, url: str) -> InlineKeyboardMarkup:
    """Under a new desk-screen link: open it (a URL button), or switch the printed code on
    again (opening the screen switches it off)."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t(lang, "button-kiosk-open"), url=url)],
            [static_switch(lang, forum_id, enable=True)],
        ]
    )


def static_state(lang: str, forum_id: int, *, enabled: bool) -> InlineKeyboardMarkup:
    """Under the printed code's state: the switch to the other state."""
    return InlineKeyboardMarkup([[static_switch(lang, forum_id, enable=not enabled)]])
