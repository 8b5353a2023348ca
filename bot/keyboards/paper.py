"""Keyboards of a forum's paper trail: the attendees' survey and the admins' notulen."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cd
from bot.i18n import t

SURVEY_STEPS = ("usefulness", "service", "comment", "done")


def survey(lang: str, forum_id: int, step: str, chosen: int | None = None) -> InlineKeyboardMarkup:
    """The buttons of one survey step: 1-5 for a question (the `chosen` score ticked),
    Tulis komentar / Lewati for the comment, Ubah jawaban when done."""
    if step in ("usefulness", "service"):
        scores = [
            InlineKeyboardButton(
                f"✅ {score}" if score == chosen else str(score),
                callback_data=cd.survey_score(forum_id, step, score),
            )
            for score in range(1, 6)
        ]
        return InlineKeyboardMarkup([scores])
    if step == "comment":
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(lang, "button-survey-comment"),
                        callback_data=cd.survey_step(forum_id, "comment"),
                    ),
                    InlineKeyboardButton(
                        t(lang, "button-survey-skip"),
                        callback_data=cd.survey_step(forum_id, "skip"),
                    ),
                ]
            ]
        )
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t(lang, "button-survey-redo"), callback_data=cd.survey_step(forum_id, "redo")
                )
            ]
        ]
    )
