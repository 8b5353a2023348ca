"""The satisfaction survey's buttons and its optional comment (issue 11, item 7).

The survey arrives as one message (`bot.notices.survey`) that is edited step by step:
question 1, question 2 (one tap each), then Tulis komentar / Lewati, then the thanks with
Ubah penilaian to go through it again. A comment is typed in a short form.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import survey
from bot.services.survey import Answered
from handlers.common import (
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    refusing,
    reply,
    typed_text,
    with_caller,
)
from models import utcnow

COMMENT = 0
FORM = "survey_comment"
# After a score, the next step; the chosen score of a question shown again is ticked.
NEXT_STEP = {"usefulness": "service", "service": "comment"}


async def _show(
    update: Update, context: SinergiContext, who: Caller, answered: Answered, step: str
) -> None:
    forum_id = answered.forum.id or 0
    chosen = getattr(answered, step) if step in NEXT_STEP else None
    await edit_query_message(
        update,
        render.survey(who.lang, answered.forum, answered, step, context.settings.tz),
        keyboards.survey(who.lang, forum_id, step, chosen),
    )


@with_caller(member=True)
@refusing()
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A score (stored, then the next step), Lewati (the thanks) or Ubah penilaian (back
    to question 1, the scores kept until pressed again)."""
    query = update.callback_query
    assert query is not None and query.data is not None and who.member is not None
    press = cd.parse_survey(query.data)
    if press.score is not None:
        answered = await survey.score(
            session,
            press.forum_id,
            who.member,
            question=press.action,
            value=press.score,
            now=utcnow(),
        )
        await session.commit()
        step = NEXT_STEP[press.action]
    else:
        answered = await survey.current(session, press.forum_id, who.member)
        step = "done" if press.action == "skip" else "usefulness"
    await answer_query(update)
    await _show(update, context, who, answered, step)


@with_caller(member=True)
@refusing(then=ConversationHandler.END)
async def ask_comment(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Tulis komentar: the survey shows its thanks, and the comment is asked for."""
    query = update.callback_query
    assert query is not None and query.data is not None and who.member is not None
    press = cd.parse_survey(query.data)
    answered = await survey.current(session, press.forum_id, who.member)
    context.user_state[FORM] = press.forum_id
    begin_form(context, FORM)
    await answer_query(update)
    await _show(update, context, who, answered, "done")
    await reply(
        update,
        t(who.lang, "survey-ask-comment", title=answered.forum.title, limit=survey.COMMENT_MAX),
    )
    return COMMENT


@with_caller(member=True)
@refusing(then=COMMENT)
async def got_comment(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The typed comment: stored (an empty or over-long one is asked again)."""
    assert who.member is not None
    forum_id = context.user_state.get(FORM)
    if not isinstance(forum_id, int):
        return ConversationHandler.END
    await survey.comment(session, forum_id, who.member, text=typed_text(update), now=utcnow())
    await session.commit()
    context.user_state.pop(FORM, None)
    await reply(update, t(who.lang, "survey-comment-saved"))
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers: the comment's form before the other buttons."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_comment, pattern=cd.SURVEY_COMMENT_PATTERN)],
            states={COMMENT: form.text(got_comment)},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name=FORM,
        )
    )
    application.add_handler(CallbackQueryHandler(pressed, pattern=cd.pattern(cd.SURVEY)))
