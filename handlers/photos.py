"""📷 Dokumentasi under a published forum's `/forum` detail (and `/rekap`): admins send the
forum's photos with captions; the bot keeps each (its `file_id` and a stored copy), lists
them, edits a caption, deletes one, and makes the Dokumentasi PDF (issue 11, item 5).

`fphoto:<forum>` opens the view and takes photos until Selesai (`fphoto:<forum>:done`);
`fphoto:<forum>:<list|pdf>` list them or send the PDF; `fphx:<photo>:cap` asks for a new
caption, `fphx:<photo>:del` deletes the photo. An album arrives as several photo messages
(one `media_group_id`), each with its own caption or none: each is stored on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ConversationHandler, MessageHandler, filters

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.dates import format_datetime
from bot.exports import day_and_date, text
from bot.i18n import Html, t
from bot.services import audit, photos
from bot.services.errors import ServiceError
from bot.services.photos import MAX_CAPTION, MAX_PHOTOS
from handlers.common import (
    FORUM_GONE,
    NOT_TEXT,
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
    typed_caption,
    typed_text,
    with_caller,
)
from models import Forum, ForumPhoto, utcnow

PHOTOS, CAPTION = range(2)
FORM = "forum_photos"  # user_state: the forum whose photos are taken
CAPTION_OF = "photo_caption"  # user_state: the photo whose caption is asked
WORDS = ("list", "pdf", "done")
PHOTO_WORDS = ("cap", "del")
PHOTO = filters.UpdateType.MESSAGE & filters.PHOTO
IMAGE_FILE = filters.UpdateType.MESSAGE & filters.Document.IMAGE


def _view(lang: str, forum: Forum, count: int) -> str:
    return t(
        lang,
        "photos-open",
        title=forum.title,
        count=count,
        limit=MAX_PHOTOS,
        caption=MAX_CAPTION,
    )


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def open_photos(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """📷 Dokumentasi: how many photos the forum has; photos sent now are added."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum = await photos.photo_forum(session, cd.parse_id(cd.FORUM_PHOTOS, query.data))
    count = await photos.count(session, forum.id or 0)
    context.user_state[FORM] = forum.id
    begin_form(context, FORM)
    await answer_query(update)
    await reply(
        update,
        _view(who.lang, forum, count),
        keyboards.forum_photos(who.lang, forum.id or 0, count=count),
    )
    return PHOTOS


def _after(context: SinergiContext) -> int:
    """PHOTOS while the view is open, else the end."""
    return PHOTOS if isinstance(context.user_state.get(FORM), int) else ConversationHandler.END


@with_caller(admin=True)
async def got_photo(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A photo sent: its size of at most 1,280 px is downloaded and stored with the caption."""
    assert who.member is not None
    message = update.effective_message
    assert message is not None and message.photo
    forum_id = context.user_state.get(FORM)
    if not isinstance(forum_id, int):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return ConversationHandler.END
    size = message.photo[photos.choose_size([(s.width, s.height) for s in message.photo])]
    try:
        caption = photos.check_caption(typed_caption(update))
        # Refused before the download: a full forum or a photo sent twice costs nothing.
        await photos.check_room(session, forum_id, file_unique_id=size.file_unique_id)
        try:
            data = bytes(await (await size.get_file()).download_as_bytearray())
        except TelegramError:
            await reply(update, t(who.lang, "error-photo-download"))
            return PHOTOS
        try:
            width, height = await asyncio.to_thread(_image_size, data)
        except ValueError:
            await reply(update, t(who.lang, "error-photo-unreadable"))
            return PHOTOS
        added = await photos.add_photo(
            session,
            forum_id,
            admin=who.member,
            file_id=size.file_id,
            file_unique_id=size.file_unique_id,
            data=data,
            width=width,
            height=height,
            caption=caption,
            now=utcnow(),
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key in FORUM_GONE:
            context.user_state.pop(FORM, None)
        return _after(context)
    await session.commit()
    await reply(
        update,
        t(
            who.lang,
            "photos-saved",
            number=added.photo.position,
            count=added.count,
            limit=MAX_PHOTOS,
        ),
    )
    return PHOTOS


def _image_size(data: bytes) -> tuple[int, int]:
    """The stored copy's pixels, read from its bytes (CPU work: a worker thread). The
    renderers are imported on first use (fpdf2 and Pillow take a while to import)."""
    from bot.exports.photos import image_size

    return image_size(data)


@with_caller(admin=True)
async def image_as_file(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A picture sent as a file: the original, often many megabytes; asked as a photo."""
    await reply(update, t(who.lang, "error-photo-as-file"))
    return PHOTOS


@with_caller(admin=True)
async def not_a_photo(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Text, a sticker or a document: not a photo; nothing changes."""
    await reply(update, t(who.lang, "error-photo-unsupported"))
    return PHOTOS


@with_caller(admin=True)
@refusing()
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int | None:
    """📋 Daftar foto, ⬇️ PDF Dokumentasi, or ✅ Selesai (which ends taking photos)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, word = cd.parse_id_word(cd.FORUM_PHOTOS, query.data, WORDS)
    forum = await photos.photo_forum(session, forum_id)
    if word == "done":
        if context.user_state.get(FORM) == forum_id:
            context.user_state.pop(FORM, None)
        await answer_query(update)
        count = await photos.count(session, forum_id)
        await edit_query_message(
            update, t(who.lang, "photos-done", title=forum.title, count=count)
        )
        return ConversationHandler.END
    if word == "list":
        lines = await photos.list_photos(session, forum_id)
        await answer_query(update)
        await reply(update, _list_text(who.lang, forum, lines), _list_keyboard(who.lang, lines))
        return None
    await _send_pdf(update, context, session, who, forum)
    return None


def _list_text(lang: str, forum: Forum, lines: Sequence[photos.PhotoLine]) -> Html:
    if not lines:
        return t(lang, "photos-none")
    rows = [
        t(
            lang,
            "photos-list-line",
            number=line.position,
            caption=line.caption or text(lang, "photos-no-caption"),
        )
        for line in lines
    ]
    return Html("\n".join([t(lang, "photos-list", title=forum.title), *rows]))


def _list_keyboard(lang: str, lines: Sequence[photos.PhotoLine]) -> InlineKeyboardMarkup | None:
    return keyboards.photo_list(lang, lines) if lines else None


async def _send_pdf(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, forum: Forum
) -> None:
    """The Dokumentasi PDF as a document, in the office's language (an official paper)."""
    printed = await photos.photos_for_print(session, forum.id or 0)
    if not printed:
        await refuse(update, t(who.lang, "photos-none"))
        return
    await audit.record(
        session,
        actor_user_id=who.user_id,
        action="forum.export.photos",
        target=f"forum:{forum.id}",
        photos=len(printed),
    )
    await session.commit()
    await answer_query(update)
    settings = context.settings
    lang, tz = settings.default_language, settings.tz
    title_lines = [
        forum.title,
        text(lang, "export-day-date", date=day_and_date(forum, tz=tz, lang=lang)),
        text(lang, "export-venue", venue=forum.venue),
    ]
    footer = text(lang, "export-generated", when=format_datetime(utcnow(), tz=tz, lang=lang))
    data = await asyncio.to_thread(_render, printed, title_lines, footer, lang)
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        data,
        filename=f"Dokumentasi-{forum.id}-{forum.starts_at.astimezone(tz):%Y-%m-%d}.pdf",
        caption=t(who.lang, "photos-pdf-caption", title=forum.title, count=len(printed)),
    )


def _render(
    printed: Sequence[ForumPhoto], title_lines: Sequence[str], footer: str, lang: str
) -> bytes:
    """Render the PDF (CPU work: runs in a worker thread)."""
    from bot.exports.photos import render_photos

    return render_photos(printed, title_lines=title_lines, printed=footer, lang=lang)


@with_caller(admin=True)
@refusing()
async def delete(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """🗑 Hapus n under the list: the photo goes, the list message shows the rest."""
    assert who.member is not None
    query = update.callback_query
    assert query is not None and query.data is not None
    photo_id, _ = cd.parse_id_word(cd.PHOTO, query.data, ("del",))
    forum, number = await photos.delete_photo(session, photo_id, admin=who.member)
    await session.commit()
    lines = await photos.list_photos(session, forum.id or 0)
    deleted = t(who.lang, "photo-deleted", number=number, count=len(lines))
    await answer_query(update, deleted)
    await edit_query_message(
        update,
        Html(f"{deleted}\n\n{_list_text(who.lang, forum, lines)}"),
        _list_keyboard(who.lang, lines),
    )


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def ask_caption(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """✏️ Keterangan n: the next text typed is the photo's new caption."""
    query = update.callback_query
    assert query is not None and query.data is not None
    photo_id, _ = cd.parse_id_word(cd.PHOTO, query.data, ("cap",))
    _, line = await photos.photo_line(session, photo_id)
    context.user_state[CAPTION_OF] = photo_id
    begin_form(context, FORM)
    await answer_query(update)
    await reply(
        update,
        t(
            who.lang,
            "photo-ask-caption",
            number=line.position,
            limit=MAX_CAPTION,
            caption=line.caption or text(who.lang, "photos-no-caption"),
        ),
    )
    return CAPTION


@with_caller(admin=True)
async def got_caption(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The new caption typed ("-" clears it); too long is refused and asked again."""
    assert who.member is not None
    photo_id = context.user_state.get(CAPTION_OF)
    if not isinstance(photo_id, int):
        await refuse(update, t(who.lang, "error-button-invalid"))
        return _after(context)
    typed = typed_text(update).strip()
    try:
        _, line = await photos.set_caption(
            session, photo_id, "" if typed == "-" else typed, admin=who.member
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key == "error-photo-caption-long":
            return CAPTION
        context.user_state.pop(CAPTION_OF, None)
        return _after(context)
    await session.commit()
    context.user_state.pop(CAPTION_OF, None)
    await reply(
        update,
        t(
            who.lang,
            "photo-caption-set",
            number=line.position,
            caption=line.caption or text(who.lang, "photos-no-caption"),
        ),
    )
    return _after(context)


@with_caller(admin=True)
async def caption_not_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """A photo or sticker where the caption is asked."""
    await reply(update, t(who.lang, "error-photo-expect-caption"))
    return CAPTION


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    form = Form(application, FORM)
    buttons = CallbackQueryHandler(pressed, pattern=cd.pattern(cd.FORUM_PHOTOS))
    application.add_handler(
        ConversationHandler(
            # Entry points are tried first (re-entry): the bare `fphoto:<forum>` opens the
            # view, `fphx:<photo>:cap` asks for a caption.
            entry_points=[
                CallbackQueryHandler(open_photos, pattern=rf"^{cd.FORUM_PHOTOS}:[0-9]+$"),
                CallbackQueryHandler(ask_caption, pattern=rf"^{cd.PHOTO}:[0-9]+:cap$"),
            ],
            states={
                PHOTOS: [
                    MessageHandler(PHOTO & form.only, got_photo),
                    MessageHandler(IMAGE_FILE & form.only, image_as_file),
                    MessageHandler((TYPED_TEXT | NOT_TEXT) & form.only, not_a_photo),
                    buttons,
                ],
                CAPTION: [
                    MessageHandler(TYPED_TEXT & form.only, got_caption),
                    MessageHandler(NOT_TEXT & form.only, caption_not_text),
                    buttons,
                ],
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="forum_photos",
        )
    )
    # The list and the PDF outside the form too (after Selesai, or from an old message),
    # and anything else `fphx:` (a forged word is refused there).
    application.add_handler(buttons)
    application.add_handler(CallbackQueryHandler(delete, pattern=cd.pattern(cd.PHOTO)))
