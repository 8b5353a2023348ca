"""Keyboards of the office's papers: the profile (/kantor), its signatories, and a forum's
surat undangan."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t
from bot.keyboards.common import in_rows

# The profile's fields as /kantor's buttons name them (`ofc:<word>`), in the card's order.
OFFICE_FIELD_WORDS = ("name", "address", "phone", "email", "website", "city", "pattern", "rows")
PAPERS = ("undangan", "daftar_hadir", "notulen", "spj")


def _button(lang: str, key: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t(lang, key), callback_data=data)


def office_card(lang: str, *, has_logo: bool) -> InlineKeyboardMarkup:
    """Under /kantor: a button per field, the logo (send, remove), the sample kop, and the
    signatory of each paper."""
    fields = [
        _button(lang, f"button-office-{word}", cd.with_word(cd.OFFICE, word))
        for word in OFFICE_FIELD_WORDS
    ]
    rows = in_rows(fields, 2)
    logo = [_button(lang, "button-office-logo", cd.with_word(cd.OFFICE, "logo"))]
    if has_logo:
        logo.append(_button(lang, "button-office-nologo", cd.with_word(cd.OFFICE, "nologo")))
    rows.append(logo)
    rows.append([_button(lang, "button-office-kop", cd.with_word(cd.OFFICE, "kop"))])
    rows.extend(
        in_rows([_button(lang, f"button-signer-{paper}", cd.signer(paper)) for paper in PAPERS], 2)
    )
    return InlineKeyboardMarkup(rows)


def signer_card(lang: str, paper: str) -> InlineKeyboardMarkup:
    """Under a paper's signatory: edit the position, name or NIP; back to the profile."""
    return InlineKeyboardMarkup(
        [
            [
                _button(lang, f"button-signer-field-{field}", cd.signer(paper, field))
                for field in cd.SIGNER_FIELDS
            ],
            [_button(lang, "button-back", cd.with_word(cd.OFFICE, "card"))],
        ]
    )


def letter_menu(lang: str, forum_id: int) -> InlineKeyboardMarkup:
    """Under a forum's surat undangan: send it to the invitees, or change its Nomor, Sifat
    or Perihal (`flet:<forum>:<word>`)."""
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    lang, "button-letter-send", cd.with_id_word(cd.FORUM_LETTER, forum_id, "send")
                )
            ],
            [
                _button(
                    lang, f"button-letter-{word}", cd.with_id_word(cd.FORUM_LETTER, forum_id, word)
                )
                for word in ("number", "nature", "subject")
            ],
        ]
    )
