"""What every handler needs: who is asking, in which language, and how to answer."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import math
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeAlias
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.dates import DateInputError, format_datetime
from bot.followups import is_not_modified
from bot.i18n import Html, normalize_language, plain, t
from bot.render import date_examples, forum_button, split_message
from bot.services import attachments, forums, members
from bot.services.attachments import Attachment
from bot.services.attendance import Window
from bot.services.errors import ServiceError
from bot.services.throttle import TokenThrottle
from bot.text import clean_text
from models import FileKind, Forum, Member, MemberStatus, Pillar, utcnow

_log = logging.getLogger(__name__)

# Refusals about the forum itself: a form about a published forum ends on one of these.
FORUM_GONE = frozenset({"error-forum-not-found", "error-forum-cancelled", "error-forum-started"})


@dataclass(frozen=True)
class Caller:
    """The user behind an update, as the database knows them."""

    user_id: int
    member: Member | None
    lang: str
    is_admin: bool

    @property
    def approved(self) -> bool:
        return self.member is not None and self.member.status == MemberStatus.APPROVED


async def caller(update: Update, context: SinergiContext, session: AsyncSession) -> Caller:
    """Look up the update's user; the language is the member's, else the one chosen by /bahasa."""
    user = update.effective_user
    assert user is not None
    member = await members.get_member(session, user.id)
    chosen = context.user_data.get("lang") if context.user_data is not None else None
    lang = normalize_language(
        member.language if member else chosen or context.settings.default_language
    )
    return Caller(
        user_id=user.id,
        member=member,
        lang=lang,
        is_admin=members.is_admin(member, user.id, context.settings.admin_ids),
    )


async def reply(
    update: Update, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer in the update's chat, split under the message limit; buttons go on the last part."""
    message = update.effective_message
    assert message is not None
    parts = split_message(text)
    sent = None
    for index, part in enumerate(parts):
        sent = await message.reply_text(
            part, reply_markup=reply_markup if index == len(parts) - 1 else None
        )
    return sent


# The callback queries answered while handling the current update. Each update is handled in
# a task of its own and the error handler runs in that same task, so it can tell whether the
# query was answered already (a second answerCallbackQuery fails: "query is too old").
_ANSWERED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "answered_queries", default=frozenset()
)


async def answer_query(
    update: Update, text: str | None = None, *, alert: bool = False, url: str | None = None
) -> None:
    """Answer the callback query at once (answerCallbackQuery; Telegram shows a spinner until
    then). `text` is shown as a popup (`alert`) or a toast, cut to Telegram's 200 characters;
    `url` opens the bot's private chat with a deep link."""
    query = update.callback_query
    assert query is not None
    await query.answer(plain(text)[:200] if text else None, show_alert=alert, url=url)
    _ANSWERED.set(_ANSWERED.get() | {query.id})


def query_answered(update: Update) -> bool:
    """Whether this update's callback query was answered while handling it."""
    query = update.callback_query
    return query is not None and query.id in _ANSWERED.get()


async def edit_query_message(
    update: Update, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the message that carried the pressed button, skipping edits that change nothing."""
    query = update.callback_query
    assert query is not None
    message = query.message
    if (
        isinstance(message, Message)
        and message.text_html == text
        and (message.reply_markup == reply_markup)
    ):
        return
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as exc:
        if not is_not_modified(exc):
            raise


async def answer_and_edit(
    update: Update, text: str | None, edit: Coroutine[Any, Any, None]
) -> None:
    """Answer the callback query with `text` (as `answer_query`, a toast) while `edit`, the
    pressed message's edit (e.g. `edit_query_message`), runs: both are round trips to
    Telegram and neither needs the other, so the press is done after the slower of the two,
    not after both (docs/PERFORMANCE.md, the press).

    Errors are the ones the two would raise one after the other: the answer's is raised
    (the edit's, if it failed too, is logged, since only one error reaches the error
    handler); else the edit's. The answer is made in this task, so `query_answered` sees it
    in the error handler; the edit runs in a task of its own, cancelled with this one.

    Raises:
        telegram.error.TelegramError: from answerCallbackQuery or the edit.
    """
    editing = asyncio.ensure_future(edit)
    try:
        await answer_query(update, text)
    except asyncio.CancelledError:
        editing.cancel()
        raise
    except BaseException:
        try:
            await asyncio.wait([editing])
        except asyncio.CancelledError:
            editing.cancel()
            raise
        if not editing.cancelled() and editing.exception() is not None:
            _log.error("the pressed message was not edited either", exc_info=editing.exception())
        raise
    await editing


def pressed_message_has(update: Update, prefix: str) -> bool:
    """Whether the message whose button was pressed carries a `prefix:` button too (tells
    apart the messages one handler is reached from)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    return any(
        isinstance(button.callback_data, str) and button.callback_data.startswith(f"{prefix}:")
        for row in message.reply_markup.inline_keyboard
        for button in row
    )


def window_text(lang: str, times: Window, context: SinergiContext) -> dict[str, str]:
    """A check-in window's `opens` and `closes` as the catalogs' messages show them."""
    tz = context.settings.tz
    return {
        "opens": format_datetime(times.opens_at, tz=tz, lang=lang),
        "closes": format_datetime(times.closes_at, tz=tz, lang=lang),
    }


def error_text(lang: str, error: ServiceError) -> Html:
    """The user's message for a refused request."""
    return t(lang, error.key, **error.values)


async def refuse(update: Update, text: str) -> None:
    """Tell the user no: as a popup for a button, else as a reply."""
    if update.callback_query is not None:
        await answer_query(update, text, alert=True)
    else:
        await reply(update, text)


# What PTB calls (`HandlerCallback`), and what `with_caller` turns into one.
Callback = Callable[[Update, SinergiContext], Coroutine[Any, Any, Any]]
Handler = Callable[[Update, SinergiContext, AsyncSession, Caller], Coroutine[Any, Any, Any]]


def with_caller(
    *, admin: bool = False, member: bool = False, in_groups: bool = False
) -> Callable[[Handler], Callback]:
    """Give a handler its one database session and its caller, refusing the unauthorised.

    `admin=True` lets only admins through, `member=True` only approved members; anyone else
    is told so in their language and, inside a conversation, the conversation ends.

    Admin answers hold names, QR codes, links and forum details (SPEC section 10: admin-only
    data never goes to a group), so an admin handler runs only in a private chat unless it is
    marked `in_groups=True` (answers meant for a group, without names); elsewhere a press
    gets a popup pointing to the private chat and the group gets nothing.
    """

    def decorate(handler: Handler) -> Callback:
        @functools.wraps(handler)
        async def wrapper(update: Update, context: SinergiContext) -> Any:
            async with context.session() as session:
                who = await caller(update, context, session)
                if admin and not who.is_admin:
                    await refuse(update, t(who.lang, "error-admin-only"))
                    return ConversationHandler.END
                if admin and not in_groups and not _is_private(update):
                    await refuse(
                        update, t(who.lang, "error-admin-private", bot=context.bot.username)
                    )
                    return ConversationHandler.END
                if member and not who.approved:
                    key = (
                        "error-not-registered"
                        if who.member is None
                        else "register-inactive"
                        if who.member.status == MemberStatus.INACTIVE
                        else "error-not-member"
                    )
                    await refuse(update, t(who.lang, key))
                    return ConversationHandler.END
                return await handler(update, context, session, who)

        return wrapper

    return decorate


def refusing(*, then: object = None) -> Callable[[Handler], Handler]:
    """Under `with_caller`: a press whose callback data is forged (`cd.InvalidCallbackData`)
    or whose service call refuses (`ServiceError`) gets a popup in the caller's language,
    and the handler returns `then` (the conversation's next state; None outside one or to
    stay in the same step). Nothing is committed: the update's session closes without."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(
            update: Update, context: SinergiContext, session: AsyncSession, who: Caller
        ) -> Any:
            try:
                return await handler(update, context, session, who)
            except cd.InvalidCallbackData:
                await refuse(update, t(who.lang, "error-button-invalid"))
            except ServiceError as exc:
                await refuse(update, error_text(who.lang, exc))
            return then

        return wrapper

    return decorate


def _is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


# What a form step accepts: a new (not edited) message, typed text or anything else.
TYPED_TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
NOT_TEXT = (
    filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL
)


# What may be attached: a photo, or any document but an animation (a GIF arrives as both).
ATTACHMENT = filters.UpdateType.MESSAGE & (
    filters.PHOTO | (filters.Document.ALL & ~filters.ANIMATION)
)


def sent_attachment(update: Update) -> Attachment:
    """The photo (its largest size) or document of a message `ATTACHMENT` let through.

    Raises:
        ServiceError: as `bot.services.attachments.received` (a file too big).
    """
    message = update.effective_message
    assert message is not None
    if message.photo:
        photo = message.photo[-1]
        return attachments.received(
            FileKind.PHOTO, photo.file_id, file_name=None, size=photo.file_size
        )
    document = message.document
    assert document is not None
    return attachments.received(
        FileKind.DOCUMENT, document.file_id, file_name=document.file_name, size=document.file_size
    )


@with_caller()
async def expect_text(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A photo, document or sticker where a form step wants typed text."""
    await reply(update, t(who.lang, "error-expect-text"))


@with_caller()
async def expect_button(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Typed text where a form step wants a button press."""
    await reply(update, t(who.lang, "error-expect-button"))


def toggle_pillars(
    prefix: str, data: str, pillars: Sequence[Pillar], chosen: set[int]
) -> set[int] | None:
    """The pillars chosen after a press on a pillar toggle keyboard (`keyboards.pillar_toggles`).

    "core" picks the four core pillars, "all" every pillar, an id flips that pillar.
    Returns None for data no button of that keyboard carries.
    """
    word = data.split(":", 1)[-1]
    if word == "core":
        return {p.id or 0 for p in pillars if p.is_core}
    if word == "all":
        return {p.id or 0 for p in pillars}
    try:
        pillar_id = cd.parse_id(prefix, data)
    except cd.InvalidCallbackData:
        return None
    if pillar_id not in {p.id for p in pillars}:
        return None
    return chosen ^ {pillar_id}


async def pressed_forum(
    update: Update, session: AsyncSession, who: Caller, *, prefix: str
) -> Forum | None:
    """The forum named by a pressed `prefix:<forum id>` button, or None after refusing it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        forum = await forums.get_forum(session, cd.parse_id(prefix, query.data))
    except cd.InvalidCallbackData:
        forum = None
    if forum is None:
        await refuse(update, t(who.lang, "error-forum-not-found"))
    return forum


async def forum_menu(
    update: Update,
    context: SinergiContext,
    session: AsyncSession,
    who: Caller,
    *,
    prefix: str,
    heading_key: str,
    since: datetime,
) -> None:
    """A list of forums starting after `since`, one button each (`prefix:<forum id>`)."""
    listed = await forums.upcoming(session, now=since)
    if not listed:
        await reply(update, t(who.lang, "forum-none"))
        return
    labels = {f.id or 0: forum_button(f, context.settings.tz) for f in listed}
    await reply(update, t(who.lang, heading_key), keyboards.forum_list(listed, prefix, labels))


ACTIVE_FORM = "active_form"

# Commands that show one's own data or start a form answer only in a private chat.
PRIVATE = filters.ChatType.PRIVATE
PRIVATE_COMMANDS = (
    "start", "daftar", "register", "profil", "profile", "jadwal", "schedule",
    "forum_baru", "newforum", "forum", "umumkan", "announce", "tautan", "invite", "anggota",
    "members", "pilar", "pillars", "spj", "paperwork", "kantor", "office",
)  # fmt: skip


def begin_form(context: SinergiContext, name: str) -> None:
    """Mark `name` as the form this user started last: only it takes their typing."""
    context.user_state[ACTIVE_FORM] = name


class _InForm(filters.UpdateFilter):
    """Passes updates of users whose most recently started form is `name`."""

    def __init__(self, application: SinergiApplication, name: str) -> None:
        super().__init__(name=f"InForm({name})")
        self._user_data = application.user_data
        self._form = name

    def filter(self, update: Update) -> bool:
        user = update.effective_user
        data = self._user_data.get(user.id) if user is not None else None
        return data is not None and data.get(ACTIVE_FORM) == self._form


# One handler of a form step (a ConversationHandler state, entry point or fallback).
StepHandler: TypeAlias = BaseHandler[Update, SinergiContext, Any]


class Form:
    """Handlers of one guided form (a ConversationHandler's states).

    Several forms can be left open at once (a registration, a forum draft, a delegate's
    name); typed text and /batal go only to the one the user started last.
    """

    def __init__(self, application: SinergiApplication, name: str) -> None:
        self.name = name
        self.only = _InForm(application, name)

    def text(self, callback: Callback) -> list[StepHandler]:
        """A step that wants typed text: the text, or a polite refusal of anything else."""
        return [
            MessageHandler(TYPED_TEXT & self.only, callback),
            MessageHandler(NOT_TEXT & self.only, expect_text),
        ]

    def buttons(self, *handlers: StepHandler) -> list[StepHandler]:
        """A step that wants a button press; anything typed or sent is asked to press one."""
        return [*handlers, MessageHandler((TYPED_TEXT | NOT_TEXT) & self.only, expect_button)]

    def cancel(self) -> StepHandler:
        """/batal (/cancel) for this form: its answers so far are dropped, nothing is saved.

        The form keeps them in `context.user_state[<form name>]`.
        """
        return CommandHandler(["batal", "cancel"], _drop_form(self.name), self.only)


def _drop_form(name: str) -> Callback:
    @with_caller()
    async def cancel(
        update: Update, context: SinergiContext, session: AsyncSession, who: Caller
    ) -> int:
        context.user_state.pop(name, None)
        await reply(update, t(who.lang, "cancelled"))
        return ConversationHandler.END

    return cancel


def typed_text(update: Update) -> str:
    """The text the user typed, through `bot.text.clean_text` (line breaks kept): the one way
    handlers read typed text, so no control, bidi or zero-width character reaches a service
    (a test checks that no handler reads `message.text` itself)."""
    message = update.effective_message
    assert message is not None
    return clean_text(message.text or "")


def typed_caption(update: Update) -> str:
    """The caption of a photo or document the user sent, cleaned like `typed_text`."""
    message = update.effective_message
    assert message is not None
    return clean_text(message.caption or "")


def date_error(lang: str, tz: ZoneInfo, error: DateInputError) -> Html:
    """The message for a typed date that cannot be accepted, with the accepted forms."""
    key = f"error-date-{error.reason.replace('_', '-')}"
    return t(lang, key, text=error.text, examples=date_examples(utcnow(), tz))


THROTTLE = "token_throttle"


def token_throttle(context: SinergiContext) -> TokenThrottle:
    """The application's wrong-token throttle (created on first use; tests may put their own
    in `bot_data.extra` first)."""
    throttle = context.bot_data.extra.setdefault(THROTTLE, TokenThrottle())
    assert isinstance(throttle, TokenThrottle)
    return throttle


async def throttled(update: Update, context: SinergiContext, who: Caller, *, kind: str) -> bool:
    """Whether the caller has had too many wrong tokens lately; if so they are told how long
    to wait (in whole minutes) and nothing may be looked up."""
    seconds = token_throttle(context).wait(who.user_id, kind=kind)
    if seconds <= 0:
        return False
    minutes = max(1, math.ceil(seconds / 60))
    await reply(update, t(who.lang, "error-token-throttled", minutes=minutes))
    return True
