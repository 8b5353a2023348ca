"""📝 Notulen: a forum's minutes, written in a guided form or uploaded (issue 11, item 4).

`note:<forum>` shows the saved minutes (or that there are none) with what can be done:
`note:<forum>:write` starts the form (pembukaan; points, each a speaker, a pillar's button
or a typed name, and its text, "➕ Poin berikutnya" / "Selesai"; kesimpulan; tindak
lanjut; the notulis, the admin by default; a preview, then save), `note:<forum>:upload`
takes a PDF or DOCX instead. Saving either replaces what was saved. `note:<forum>:pdf`
sends the form's PDF, `note:<forum>:file` the uploaded document.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.dates import format_datetime
from bot.i18n import Html, t
from bot.services import audit, minutes, office
from bot.services.errors import ServiceError
from bot.services.forums import forum_pillars
from bot.services.minutes import Minutes, MinutesDraft, MinutesPoint, NoteTaker
from handlers.common import (
    NOT_TEXT,
    TYPED_TEXT,
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
from models import Forum, PaperKind, utcnow

OPENING, SPEAKER, POINT, MORE, CONCLUSIONS, FOLLOW_UPS, NOTETAKER, PREVIEW, UPLOAD = range(9)
FORM = "minutes"


def _saved_kind(saved: Minutes | None) -> str | None:
    if saved is None:
        return None
    return "upload" if saved.is_upload else "form"


def _view(lang: str, saved: Minutes | None, forum: Forum, context: SinergiContext) -> Html:
    if saved is None:
        return t(lang, "minutes-none", title=forum.title)
    body = (
        t(lang, "minutes-view-file", file=saved.file_name or "")
        if saved.is_upload
        else render.minutes_body(
            lang,
            opening=saved.opening,
            points=saved.points,
            conclusions=saved.conclusions,
            follow_ups=saved.follow_ups,
        )
    )
    return t(
        lang,
        "minutes-view",
        title=forum.title,
        body=body,
        notetaker=render.notetaker(saved.notetaker),
        when=format_datetime(saved.updated_at, tz=context.settings.tz, lang=lang),
    )


@with_caller(admin=True)
@refusing()
async def open_minutes(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """📝 Notulen: the saved minutes and the buttons to download, write or upload."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum = await minutes.minutes_forum(session, cd.parse_id(cd.MINUTES, query.data))
    saved = await minutes.minutes_of(session, forum.id or 0)
    await answer_query(update)
    await reply(
        update,
        _view(who.lang, saved, forum, context),
        keyboards.minutes_menu(who.lang, forum.id or 0, _saved_kind(saved)),
    )


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Tulis notulen (ask the opening) or Unggah dokumen (ask the file)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, word = cd.parse_id_word(cd.MINUTES, query.data, cd.MINUTES_START)
    forum = await minutes.minutes_forum(session, forum_id)
    context.user_state[FORM] = {"forum_id": forum_id, "title": forum.title, "points": []}
    begin_form(context, FORM)
    await answer_query(update)
    if word == "upload":
        limit = minutes.UPLOAD_MAX_BYTES // (1024 * 1024)
        await reply(update, t(who.lang, "minutes-ask-upload", title=forum.title, limit=limit))
        return UPLOAD
    await reply(
        update,
        t(who.lang, "minutes-ask-opening", title=forum.title, limit=minutes.SECTION_MAX),
    )
    return OPENING


def _draft(context: SinergiContext) -> dict[str, Any] | None:
    draft = context.user_state.get(FORM)
    return draft if isinstance(draft, dict) else None


def _pressed_step(update: Update, context: SinergiContext) -> tuple[dict[str, Any], str]:
    """The form's draft and the pressed step's word; a button of another forum's form (or
    of no form) is forged or stale: `cd.InvalidCallbackData`."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, word = cd.parse_id_word(cd.MINUTES, query.data, cd.MINUTES_STEP)
    draft = _draft(context)
    if draft is None or draft["forum_id"] != forum_id:
        raise cd.InvalidCallbackData(query.data)
    return draft, word


async def _ask_speaker(
    update: Update, session: AsyncSession, who: Caller, draft: dict[str, Any]
) -> int:
    pillars = await forum_pillars(session, draft["forum_id"])
    await reply(
        update,
        t(who.lang, "minutes-ask-speaker", number=len(draft["points"]) + 1),
        keyboards.minutes_speakers(who.lang, draft["forum_id"], pillars),
    )
    return SPEAKER


@with_caller(admin=True)
@refusing(then=OPENING)
async def got_opening(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The opening: kept, then the first point's speaker."""
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    draft["opening"] = minutes.clean_section(typed_text(update))
    return await _ask_speaker(update, session, who, draft)


async def _ask_point(update: Update, who: Caller, draft: dict[str, Any], speaker: str) -> int:
    draft["speaker"] = speaker
    await reply(
        update, t(who.lang, "minutes-ask-point", speaker=speaker, limit=minutes.SECTION_MAX)
    )
    return POINT


@with_caller(admin=True)
@refusing(then=SPEAKER)
async def typed_speaker(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A speaker's name typed."""
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    return await _ask_point(update, who, draft, minutes.clean_speaker(typed_text(update)))


@with_caller(admin=True)
@refusing(then=SPEAKER)
async def pressed_speaker(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A pillar pressed as the speaker: one the forum invites, of this form's forum."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, pillar_id = cd.parse_ids(cd.MINUTES_SPEAKER, query.data, 2)
    draft = _draft(context)
    pillars = {p.id: p for p in await forum_pillars(session, forum_id)}
    if draft is None or draft["forum_id"] != forum_id or pillar_id not in pillars:
        raise cd.InvalidCallbackData(query.data)
    await answer_query(update)
    return await _ask_point(update, who, draft, pillars[pillar_id].name)


@with_caller(admin=True)
@refusing(then=POINT)
async def got_point(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A point's text: kept; another point, or done."""
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    draft["points"].append([draft.pop("speaker", ""), minutes.clean_section(typed_text(update))])
    await reply(
        update,
        t(who.lang, "minutes-point-added", number=len(draft["points"])),
        keyboards.minutes_step(who.lang, draft["forum_id"], "more", "done"),
    )
    return MORE


def _points(draft: dict[str, Any]) -> list[MinutesPoint]:
    return [MinutesPoint(speaker, text) for speaker, text in draft["points"]]


@with_caller(admin=True)
@refusing(then=MORE)
async def more_or_done(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """➕ Poin berikutnya (up to `minutes.POINTS_MAX`) or Selesai (the conclusions)."""
    draft, word = _pressed_step(update, context)
    if word == "more":
        minutes.check_points(_points(draft))
        await answer_query(update)
        return await _ask_speaker(update, session, who, draft)
    if word != "done":
        raise cd.InvalidCallbackData(word)
    await answer_query(update)
    await reply(update, t(who.lang, "minutes-ask-conclusions", limit=minutes.SECTION_MAX))
    return CONCLUSIONS


@with_caller(admin=True)
@refusing(then=CONCLUSIONS)
async def got_conclusions(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The conclusions: kept, then the follow-ups."""
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    draft["conclusions"] = minutes.clean_section(typed_text(update))
    await reply(
        update,
        t(who.lang, "minutes-ask-follow-ups", limit=minutes.FOLLOW_UPS_MAX),
        keyboards.minutes_step(who.lang, draft["forum_id"], "skip"),
    )
    return FOLLOW_UPS


async def _ask_notetaker(update: Update, who: Caller, draft: dict[str, Any]) -> int:
    assert who.member is not None
    default = minutes.default_notetaker(who.member)
    await reply(
        update,
        t(who.lang, "minutes-ask-notetaker", notetaker=render.notetaker(default)),
        keyboards.minutes_step(who.lang, draft["forum_id"], "keep"),
    )
    return NOTETAKER


@with_caller(admin=True)
@refusing(then=FOLLOW_UPS)
async def got_follow_ups(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The follow-ups, one per line."""
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    draft["follow_ups"] = minutes.clean_follow_ups(typed_text(update))
    return await _ask_notetaker(update, who, draft)


@with_caller(admin=True)
@refusing(then=FOLLOW_UPS)
async def skip_follow_ups(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Lewati: no follow-ups."""
    draft, word = _pressed_step(update, context)
    if word != "skip":
        raise cd.InvalidCallbackData(word)
    draft["follow_ups"] = []
    await answer_query(update)
    return await _ask_notetaker(update, who, draft)


def _form_draft(draft: dict[str, Any]) -> MinutesDraft:
    return MinutesDraft(
        opening=draft["opening"],
        points=_points(draft),
        conclusions=draft["conclusions"],
        follow_ups=draft["follow_ups"],
        notetaker=NoteTaker(*draft["notetaker"]),
    )


async def _preview(update: Update, who: Caller, draft: dict[str, Any], person: NoteTaker) -> int:
    draft["notetaker"] = [person.name, person.position, person.nip]
    ready = _form_draft(draft)
    await reply(
        update,
        t(
            who.lang,
            "minutes-preview",
            title=draft["title"],
            body=render.minutes_body(
                who.lang,
                opening=ready.opening,
                points=ready.points,
                conclusions=ready.conclusions,
                follow_ups=ready.follow_ups,
            ),
            notetaker=render.notetaker(person),
        ),
        keyboards.minutes_step(who.lang, draft["forum_id"], "save", "drop"),
    )
    return PREVIEW


@with_caller(admin=True)
@refusing(then=NOTETAKER)
async def got_notetaker(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Another note-taker typed: name, position and NIP on their own lines."""
    draft = _draft(context)
    if draft is None:
        return ConversationHandler.END
    return await _preview(update, who, draft, minutes.clean_notetaker(typed_text(update)))


@with_caller(admin=True)
@refusing(then=NOTETAKER)
async def keep_notetaker(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Pakai ini: the admin is the note-taker."""
    draft, word = _pressed_step(update, context)
    if word != "keep":
        raise cd.InvalidCallbackData(word)
    assert who.member is not None
    await answer_query(update)
    return await _preview(update, who, draft, minutes.default_notetaker(who.member))


@with_caller(admin=True)
@refusing(then=PREVIEW)
async def save_or_drop(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Simpan (replacing any saved minutes) or Batal (nothing saved)."""
    draft, word = _pressed_step(update, context)
    if word not in ("save", "drop"):
        raise cd.InvalidCallbackData(word)
    if word == "drop":
        context.user_state.pop(FORM, None)
        await answer_query(update)
        await edit_query_message(update, t(who.lang, "minutes-dropped"))
        return ConversationHandler.END
    assert who.member is not None
    try:
        saved = await minutes.save_form(
            session, draft["forum_id"], admin=who.member, draft=_form_draft(draft), now=utcnow()
        )
    except ServiceError:
        context.user_state.pop(FORM, None)  # the forum is gone: the form ends
        raise
    await session.commit()
    context.user_state.pop(FORM, None)
    await answer_query(update)
    await edit_query_message(
        update,
        t(who.lang, "minutes-saved", title=saved.forum.title),
        keyboards.minutes_menu(who.lang, draft["forum_id"], "form"),
    )
    return ConversationHandler.END


@with_caller(admin=True)
@refusing(then=UPLOAD)
async def got_upload(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A document sent: a PDF's bytes are fetched (getFile) and kept for the Berkas SPJ."""
    draft = _draft(context)
    message = update.effective_message
    assert message is not None and message.document is not None and who.member is not None
    if draft is None:
        return ConversationHandler.END
    document = message.document
    name = minutes.check_upload(document.file_name, document.file_size)
    pdf = None
    if minutes.is_pdf(name):
        file = await context.bot.get_file(document.file_id)
        pdf = bytes(await file.download_as_bytearray())
    saved = await minutes.save_upload(
        session,
        draft["forum_id"],
        admin=who.member,
        file_id=document.file_id,
        file_name=name,
        pdf=pdf,
        notetaker=minutes.default_notetaker(who.member),
        now=utcnow(),
    )
    await session.commit()
    context.user_state.pop(FORM, None)
    await reply(
        update,
        t(who.lang, "minutes-uploaded", file=name, title=saved.forum.title),
        keyboards.minutes_menu(who.lang, draft["forum_id"], "upload"),
    )
    return ConversationHandler.END


@with_caller(admin=True)
async def expect_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Typed text, a photo or a sticker where the document is wanted."""
    await reply(update, t(who.lang, "error-minutes-expect-file"))
    return UPLOAD


@with_caller(admin=True)
@refusing()
async def download(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """📄 Unduh PDF (the form's minutes drawn in the office's format and language) or
    📄 Kirim dokumen (the uploaded file, by its file_id). Admins, private chat only."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, word = cd.parse_id_word(cd.MINUTES, query.data, cd.MINUTES_FILE)
    saved = await minutes.minutes_of(session, forum_id)
    if saved is None or (word == "file") != saved.is_upload:
        # The minutes changed since this button was shown (replaced, or never saved).
        raise ServiceError("error-button-invalid")
    await audit.record(
        session,
        actor_user_id=who.user_id,
        action=f"forum.minutes.{word}",
        target=f"forum:{forum_id}",
    )
    await session.commit()
    await answer_query(update)
    message = update.effective_message
    assert message is not None
    caption = t(who.lang, "minutes-pdf-caption", title=saved.forum.title)
    if saved.file_id is not None:
        await message.reply_document(saved.file_id, caption=caption)
        return
    settings = context.settings
    profile = await office.profile(session)
    signatory = await office.signatory(session, PaperKind.MINUTES)
    from bot.exports.minutes import render_minutes  # fpdf2: imported on first use

    data = await asyncio.to_thread(
        render_minutes,
        saved,
        office=profile,
        signatory=signatory,
        tz=settings.tz,
        lang=settings.default_language,
    )
    local = saved.forum.starts_at.astimezone(settings.tz)
    await message.reply_document(
        data, filename=f"Notulen-{forum_id}-{local:%Y-%m-%d}.pdf", caption=caption
    )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers: the form's conversation, then the downloads and the view."""
    form = Form(application, FORM)
    steps = cd.minutes_pattern(cd.MINUTES_STEP)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CallbackQueryHandler(start, pattern=cd.minutes_pattern(cd.MINUTES_START))
            ],
            states={
                OPENING: form.text(got_opening),
                SPEAKER: [
                    CallbackQueryHandler(pressed_speaker, pattern=cd.pattern(cd.MINUTES_SPEAKER)),
                    *form.text(typed_speaker),
                ],
                POINT: form.text(got_point),
                MORE: form.buttons(CallbackQueryHandler(more_or_done, pattern=steps)),
                CONCLUSIONS: form.text(got_conclusions),
                FOLLOW_UPS: [
                    CallbackQueryHandler(skip_follow_ups, pattern=steps),
                    *form.text(got_follow_ups),
                ],
                NOTETAKER: [
                    CallbackQueryHandler(keep_notetaker, pattern=steps),
                    *form.text(got_notetaker),
                ],
                PREVIEW: form.buttons(CallbackQueryHandler(save_or_drop, pattern=steps)),
                UPLOAD: [
                    MessageHandler(
                        filters.UpdateType.MESSAGE & filters.Document.ALL & form.only, got_upload
                    ),
                    MessageHandler((TYPED_TEXT | NOT_TEXT) & form.only, expect_file),
                ],
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name=FORM,
        )
    )
    application.add_handler(
        CallbackQueryHandler(download, pattern=cd.minutes_pattern(cd.MINUTES_FILE))
    )
    application.add_handler(CallbackQueryHandler(open_minutes, pattern=cd.MINUTES_OPEN_PATTERN))
