"""✉️ Surat undangan under a published forum's `/forum` detail (issue 11, item 2).

`flet:<forum>` sends the admin the letter as a PDF (given its Nomor the first time), with
buttons to send it to the invitees or change its Nomor, Sifat or Perihal. The PDF is
uploaded once, in that reply to the admin; the invitees get it by the `file_id` Telegram
gave it. A letter that changed since (the forum moved, a detail or the office profile was
edited) is drawn and uploaded again, with the same Nomor, and goes to the invitees only
when the admin presses send again.
"""

from __future__ import annotations

import asyncio

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot import callback_data as cd
from bot import keyboards, notices
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import plain, t
from bot.services import letters
from bot.services.errors import ServiceError
from bot.services.forums import published_forum
from handlers.common import (
    Caller,
    Form,
    answer_query,
    begin_form,
    error_text,
    refusing,
    reply,
    typed_text,
    with_caller,
)
from models import utcnow

TEXT = 0
FORM = "forum_letter"
DETAILS = ("number", "nature", "subject")
_DEFAULTS = {"nature": "letter-nature-default", "subject": "letter-subject-default"}


async def _to_admin(
    update: Update,
    context: SinergiContext,
    session: AsyncSession,
    who: Caller,
    forum_id: int,
    *,
    show_unchanged: bool = True,
) -> tuple[letters.Letter, str, str]:
    """Make the letter and send it to the admin: by its `file_id` when it is unchanged
    since its upload (not at all unless `show_unchanged`), else drawn and uploaded, its
    new `file_id` kept. Returns the letter, its `file_id` and its digest.

    Raises:
        ServiceError: as `bot.services.letters.make`.
    """
    settings = context.settings
    lang, tz = settings.default_language, settings.tz  # the office's paper, its language
    letter = await letters.make(session, forum_id, now=utcnow(), tz=tz, actor_user_id=who.user_id)
    await session.commit()  # the Nomor is given for good before anything is sent
    forum = letter.forum
    digest = letters.digest(letter, lang=lang, tz=tz)
    message = update.effective_message
    assert message is not None
    caption = t(who.lang, "letter-caption", title=forum.title, number=letter.number)
    markup = keyboards.letter_menu(who.lang, forum.id or 0)
    if forum.letter_file_id is not None and forum.letter_digest == digest:
        if show_unchanged:
            await message.reply_document(
                forum.letter_file_id, caption=caption, reply_markup=markup
            )
        return letter, forum.letter_file_id, digest
    from bot.exports.letter import file_name, render_letter  # fpdf2 is imported on first use

    data = await asyncio.to_thread(render_letter, letter, tz=tz, lang=lang)
    sent = await message.reply_document(
        InputFile(data, filename=file_name(letter)), caption=caption, reply_markup=markup
    )
    assert sent.document is not None
    file_id = sent.document.file_id
    await letters.uploaded(
        session, forum, file_id=file_id, digest=digest, actor_user_id=who.user_id
    )
    await session.commit()
    return letter, file_id, digest


def _data(update: Update) -> str:
    query = update.callback_query
    assert query is not None and query.data is not None
    return query.data


@with_caller(admin=True)
@refusing()
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """✉️ Surat undangan (the PDF to the admin) or 📤 Kirim ke undangan (to every invitee
    who has not declined, by `file_id`; each member gets each version once)."""
    data = _data(update)
    if ":" not in data.removeprefix(f"{cd.FORUM_LETTER}:"):
        forum_id = cd.parse_id(cd.FORUM_LETTER, data)
        await published_forum(session, forum_id)  # refused before the query is answered
        await answer_query(update)
        await _to_admin(update, context, session, who, forum_id)
        return
    forum_id, _ = cd.parse_id_word(cd.FORUM_LETTER, data, ("send",))
    forum = await published_forum(session, forum_id, not_started_at=utcnow())
    await answer_query(update)
    letter, file_id, digest = await _to_admin(
        update, context, session, who, forum.id or 0, show_unchanged=False
    )
    members = await letters.recipients(session, letter.forum, actor_user_id=who.user_id)
    rows = await notices.letters.letter_notices(
        session, letter.forum, members, file_id=file_id, digest=digest
    )
    await session.commit()
    context.sender.wake()
    if members and not rows:
        await reply(update, t(who.lang, "letter-sent-before"))
    else:
        await reply(update, t(who.lang, "letter-queued", title=forum.title, count=len(rows)))


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def ask_detail(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """✏️ Nomor / Sifat / Perihal: ask for it, showing what the letter says now."""
    forum_id, word = cd.parse_id_word(cd.FORUM_LETTER, _data(update), DETAILS)
    forum = await published_forum(session, forum_id)
    office_lang = context.settings.default_language
    current = {
        "number": forum.letter_number,
        "nature": forum.letter_nature,
        "subject": forum.letter_subject,
    }[word] or (plain(t(office_lang, _DEFAULTS[word])) if word in _DEFAULTS else "—")
    context.user_state[FORM] = (forum_id, word)
    begin_form(context, FORM)
    await answer_query(update)
    await reply(update, t(who.lang, f"letter-ask-{word}", title=forum.title, current=current))
    return TEXT


@with_caller(admin=True)
async def got_detail(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The detail typed: stored and the new letter sent to the admin; a refused value is
    explained and asked again (nothing changes)."""
    state = context.user_state.get(FORM)
    if not isinstance(state, tuple):
        return ConversationHandler.END
    forum_id, word = state
    try:
        await letters.set_detail(
            session, forum_id, field=word, value=typed_text(update), actor_user_id=who.user_id
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key.startswith("error-text-"):
            return TEXT
        context.user_state.pop(FORM, None)  # the forum is gone
        return ConversationHandler.END
    await session.commit()
    context.user_state.pop(FORM, None)
    await reply(update, t(who.lang, "letter-detail-saved"))
    await _to_admin(update, context, session, who, forum_id)
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CallbackQueryHandler(
                    ask_detail,
                    pattern=rf"^{cd.FORUM_LETTER}:[0-9]+:({'|'.join(DETAILS)})$",
                )
            ],
            states={TEXT: form.text(got_detail)},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="forum_letter",
        )
    )
    application.add_handler(CallbackQueryHandler(pressed, pattern=cd.pattern(cd.FORUM_LETTER)))
