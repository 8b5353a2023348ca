"""Keyboards of a forum's photo documentation (issue 11, item 5)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.services.photos import PhotoLine


def forum_photos(lang: str, forum_id: int, *, count: int) -> InlineKeyboardMarkup:
    """Under the Dokumentasi view: the list and the PDF (with photos), and Selesai
    (`fphoto:<forum>:<list|pdf|done>`)."""

    def button(key: str, word: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            t(lang, key), callback_data=cd.with_id_word(cd.FORUM_PHOTOS, forum_id, word)
        )

    rows = []
    if count:
        rows.append([button("button-photos-list", "list"), button("button-photos-pdf", "pdf")])
    rows.append([button("button-photos-done", "done")])
    return InlineKeyboardMarkup(rows)


def photo_list(lang: str, photos: Sequence[PhotoLine]) -> InlineKeyboardMarkup:
    """A caption and a delete button per photo (`fphx:<photo>:<cap|del>`), by its number;
    at most 40 photos, so 80 buttons, under Telegram's 100."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-photo-caption", number=photo.position),
                    callback_data=cd.with_id_word(cd.PHOTO, photo.id, "cap"),
                ),
                InlineKeyboardButton(
                    t(lang, "button-photo-delete", number=photo.position),
                    callback_data=cd.with_id_word(cd.PHOTO, photo.id, "del"),
                ),
            ]
            for photo in photos
        ]
    )
