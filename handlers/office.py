"""/kantor (/office): admins keep the office profile of the SPJ papers (issue 11, item 1):
its name, address and contacts, the logo, the city of the date line, the invitation
number pattern, and who signs each kind of paper.

The admin presses a field's button, the bot asks, the admin types ("-" clears an optional
field); a refused value is explained and changes nothing. The logo comes as a photo (or an
image sent as a file, which keeps a PNG's transparency); 🖨 Contoh kop sends a one-page
PDF of the letterhead as the papers will show it.
"""

from __future__ import annotations

import asyncio

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, plain, t
from bot.keyboards.office import OFFICE_FIELD_WORDS, PAPERS
from bot.services import office
from bot.services.errors import ServiceError
from handlers.common import (
    NOT_TEXT,
    PRIVATE,
    TYPED_TEXT,
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    refuse,
    refusing,
    reply,
    typed_text,
    with_caller,
)
from models import PaperKind, utcnow

TEXT, LOGO = range(2)
FORM = "office_form"
# `ofc:<word>` -> the profile field it edits (`bot.services.office.FIELDS`).
_FIELDS = {
    **{word: word for word in OFFICE_FIELD_WORDS},
    "pattern": "letter_pattern",
    "rows": "attendance_blank_rows",
}
_SIGNER_FIELDS = {"pos": "position", "name": "name", "nip": "nip"}
_WORDS = ("card", "nologo", "kop")
# A logo may come as a photo or as an image file (a PNG keeps its transparency that way).
LOGO_SENT = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.IMAGE)


def _shown(lang: str, value: str) -> str:
    return value or plain(t(lang, "office-empty"))


async def _card(session: AsyncSession, lang: str) -> tuple[Html, InlineKeyboardMarkup]:
    """The profile as /kantor shows it, with its buttons."""
    kop = await office.profile(session)
    lines = []
    for paper in PAPERS:
        signer = await office.signatory(session, PaperKind(paper))
        who = t(
            lang,
            "office-signer-who",
            position=_shown(lang, signer.position),
            name=_shown(lang, signer.name),
            nip=_shown(lang, signer.nip),
        )
        lines.append(
            t(lang, "office-signer-line", paper=t(lang, f"office-paper-{paper}"), who=who)
        )
    counter = (
        t(lang, "office-counter", counter=kop.letter_counter, year=str(kop.letter_year))
        if kop.letter_year is not None
        else t(lang, "office-counter-none")
    )
    text = t(
        lang,
        "office-card",
        name=kop.name,
        address=_shown(lang, kop.address),
        phone=_shown(lang, kop.phone),
        email=_shown(lang, kop.email),
        website=_shown(lang, kop.website),
        city=_shown(lang, kop.city),
        logo=t(lang, "office-logo-present" if kop.logo else "office-logo-absent"),
        pattern=kop.letter_pattern,
        counter=counter,
        rows=kop.attendance_blank_rows,
        signers=Html("\n".join(lines)),
    )
    return text, keyboards.office_card(lang, has_logo=kop.logo is not None)


async def _signer_card(
    session: AsyncSession, lang: str, paper: str
) -> tuple[Html, InlineKeyboardMarkup]:
    signer = await office.signatory(session, PaperKind(paper))
    text = t(
        lang,
        "office-signer-card",
        paper=t(lang, f"office-paper-{paper}"),
        position=_shown(lang, signer.position),
        name=_shown(lang, signer.name),
        nip=_shown(lang, signer.nip),
    )
    return text, keyboards.signer_card(lang, paper)


@with_caller(admin=True)
async def show(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/kantor: the office profile with a button per field."""
    await reply(update, *await _card(session, who.lang))


def _data(update: Update) -> str:
    query = update.callback_query
    assert query is not None and query.data is not None
    return query.data


@with_caller(admin=True)
@refusing()
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Back to the profile, 🗑 Hapus logo, or 🖨 Contoh kop (a one-page PDF)."""
    word = cd.parse_word(cd.OFFICE, _data(update), _WORDS)
    if word == "card":
        await answer_query(update)
        await edit_query_message(update, *await _card(session, who.lang))
        return
    if word == "nologo":
        if not await office.remove_logo(session, actor_user_id=who.user_id):
            raise cd.InvalidCallbackData(_data(update))  # a stale button: no logo left
        await session.commit()
        await answer_query(update, t(who.lang, "office-logo-removed"))
        await edit_query_message(update, *await _card(session, who.lang))
        return
    kop = await office.profile(session)
    await answer_query(update)
    settings = context.settings
    from bot.exports.letter import render_kop_sample  # fpdf2 is imported on first use

    data = await asyncio.to_thread(
        render_kop_sample, kop, moment=utcnow(), tz=settings.tz, lang=settings.default_language
    )
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        InputFile(data, filename="Contoh-Kop.pdf"),
        caption=t(who.lang, "office-kop-caption", name=kop.name),
    )


@with_caller(admin=True)
@refusing()
async def signer_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """✍️ <paper>: who signs that paper, with buttons to change each line."""
    press = cd.parse_signer(_data(update))
    await answer_query(update)
    await edit_query_message(update, *await _signer_card(session, who.lang, press.paper))


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def ask_field(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """✏️ <field>: ask for its new value."""
    word = cd.parse_word(cd.OFFICE, _data(update), OFFICE_FIELD_WORDS)
    field = _FIELDS[word]
    current = _shown(who.lang, str(getattr(await office.profile(session), field)))
    label = t(who.lang, f"office-field-{word}")
    if word == "pattern":
        text = t(who.lang, "office-ask-pattern", current=current)
    elif word == "rows":
        text = t(who.lang, "office-ask-rows", current=current, limit=office.BLANK_ROWS_MAX)
    else:
        key = "office-ask-required" if word == "name" else "office-ask"
        text = t(who.lang, key, field=label, current=current)
    context.user_state[FORM] = {"field": field, "label": str(label)}
    begin_form(context, FORM)
    await answer_query(update)
    await reply(update, text)
    return TEXT


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def ask_signer_field(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """✏️ Jabatan / Nama / NIP of a paper's signatory: ask for it."""
    press = cd.parse_signer(_data(update))
    if not press.field:
        raise cd.InvalidCallbackData(_data(update))
    field = _SIGNER_FIELDS[press.field]
    signer = await office.signatory(session, PaperKind(press.paper))
    paper = t(who.lang, f"office-paper-{press.paper}")
    label = t(who.lang, f"office-signer-field-{press.field}", paper=paper)
    key = "office-ask" if field == "nip" else "office-ask-required"
    current = _shown(who.lang, str(getattr(signer, field)))
    context.user_state[FORM] = {"field": field, "label": str(label), "paper": press.paper}
    begin_form(context, FORM)
    await answer_query(update)
    await reply(update, t(who.lang, key, field=label, current=current))
    return TEXT


@with_caller(admin=True)
async def got_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The value typed: stored when it passes the service's checks, else explained (the
    step is asked again, nothing changes)."""
    state = context.user_state.get(FORM)
    if not isinstance(state, dict):
        return ConversationHandler.END
    paper = state.get("paper")
    try:
        if state["field"] == "attendance_blank_rows":
            await office.set_blank_rows(
                session, value=typed_text(update), actor_user_id=who.user_id
            )
        elif paper is None:
            await office.set_field(
                session, field=state["field"], value=typed_text(update), actor_user_id=who.user_id
            )
        else:
            await office.set_signatory(
                session,
                kind=PaperKind(paper),
                field=state["field"],
                value=typed_text(update),
                actor_user_id=who.user_id,
            )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return TEXT
    await session.commit()
    context.user_state.pop(FORM, None)
    done = t(who.lang, "office-saved", field=state["label"])
    text, markup = (
        await _card(session, who.lang)
        if paper is None
        else await _signer_card(session, who.lang, paper)
    )
    await reply(update, Html(f"{done}\n\n{text}"), markup)
    return ConversationHandler.END


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def ask_logo(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """🖼 Kirim logo: ask for a photo."""
    cd.parse_word(cd.OFFICE, _data(update), ("logo",))
    context.user_state[FORM] = {"field": "logo"}
    begin_form(context, FORM)
    await answer_query(update)
    await reply(update, t(who.lang, "office-logo-ask"))
    return LOGO


@with_caller(admin=True)
async def got_logo(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A photo (its largest size) or an image file: downloaded (getFile), normalised and
    kept as the logo; a file too big or not a picture is refused and nothing changes."""
    if FORM not in context.user_state:
        return ConversationHandler.END
    message = update.effective_message
    assert message is not None
    sent = message.photo[-1] if message.photo else message.document
    assert sent is not None
    try:
        if sent.file_size is not None and sent.file_size > office.LOGO_MAX_BYTES:
            raise ServiceError("error-office-logo")
        data = bytes(await (await sent.get_file()).download_as_bytearray())
        await office.set_logo(session, data=data, file_id=sent.file_id, actor_user_id=who.user_id)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return LOGO
    await session.commit()
    context.user_state.pop(FORM, None)
    text, markup = await _card(session, who.lang)
    await reply(update, Html(f"{t(who.lang, 'office-logo-saved')}\n\n{text}"), markup)
    return ConversationHandler.END


@with_caller(admin=True)
async def not_a_photo(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Text, a sticker or another file where the logo is asked for."""
    await refuse(update, t(who.lang, "office-logo-not-photo"))
    return LOGO


def register(application: SinergiApplication) -> None:
    """Add /kantor, its forms (a field, a signatory's line, the logo) and its buttons."""
    form = Form(application, FORM)
    fields = "|".join(OFFICE_FIELD_WORDS)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CallbackQueryHandler(ask_field, pattern=rf"^{cd.OFFICE}:({fields})$"),
                CallbackQueryHandler(ask_logo, pattern=rf"^{cd.OFFICE}:logo$"),
                CallbackQueryHandler(
                    ask_signer_field, pattern=rf"^{cd.OFFICE_SIGNER}:[a-z]+:[a-z]+$"
                ),
            ],
            states={
                TEXT: form.text(got_text),
                LOGO: [
                    MessageHandler(LOGO_SENT & form.only, got_logo),
                    MessageHandler((TYPED_TEXT | NOT_TEXT) & form.only, not_a_photo),
                ],
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="office_form",
        )
    )
    application.add_handler(CommandHandler(["kantor", "office"], show, PRIVATE))
    application.add_handler(CallbackQueryHandler(pressed, pattern=cd.pattern(cd.OFFICE)))
    application.add_handler(
        CallbackQueryHandler(signer_pressed, pattern=cd.pattern(cd.OFFICE_SIGNER))
    )
