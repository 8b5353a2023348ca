"""The /forum_baru draft in the user's state, the form's states, and its optional steps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot import callback_data as cd
from bot import render
from bot.context import SinergiContext
from bot.dates import DateInputError
from bot.i18n import Html, t
from bot.services import forums
from bot.services.errors import ServiceError
from handlers.common import (
    NOT_TEXT,
    TYPED_TEXT,
    Callback,
    Caller,
    Form,
    StepHandler,
    answer_query,
    edit_query_message,
    error_text,
    expect_text,
    reply,
    with_caller,
)
from models import utcnow

TITLE, START, END, VENUE, AGENDA, PILLARS, DEADLINE, PREVIEW = range(8)
CAPACITY = 40  # the optional capacity, after the deadline (apart from the range: others append)
# After the capacity: the map, the reminders, their note, the repeat; a duplicate's new start;
# the invitation's attachment, the last step before the preview.
LOCATION, OFFSETS, NOTE, REPEAT, OCCURRENCES, DUPLICATE_START, FILE = range(41, 48)
DRAFT = "forum_draft"


def draft_of(context: SinergiContext) -> forums.ForumDraft:
    """The user's forum draft (a new, empty one if the state holds none)."""
    draft = context.user_state.get(DRAFT)
    if not isinstance(draft, forums.ForumDraft):
        draft = context.user_state[DRAFT] = forums.ForumDraft()
    return draft


async def ask(
    update: Update,
    who: Caller,
    key: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    read: Html | None = None,
) -> None:
    """Ask the next question (`key`), after the read-back of the answer just given if any."""
    question = t(who.lang, key)
    await reply(update, question if read is None else Html(f"{read}\n\n{question}"), markup)


async def refuse_input(
    update: Update, context: SinergiContext, who: Caller, exc: Exception
) -> None:
    """Tell why a typed answer is refused: a date that cannot be read, or a service's rule."""
    if isinstance(exc, DateInputError):
        await reply(update, render.date_error(who.lang, exc, utcnow(), context.settings.tz))
    else:
        assert isinstance(exc, ServiceError)
        await reply(update, error_text(who.lang, exc))


# Reads one kind of answer into the draft: returns its read-back (None: nothing to show);
# raises DateInputError or ServiceError for an answer that cannot be taken.
Reader = Callable[[Update, SinergiContext, Caller, forums.ForumDraft], Html | None]
# Asks the question after the step (given the read-back) and returns the next state.
Then = Callable[[Update, SinergiContext, AsyncSession, Caller, Html | None], Awaitable[int]]


@dataclass(frozen=True)
class OptionalStep:
    """An optional step of the form: answered (`typed` text, or a message one of `inputs`
    accepts) or skipped with the Lewati button (`cd.FORUM_SKIP`), which edits its question
    to `skipped_key` and sets the `cleared` fields to None; either way `then` asks what
    comes next. Any other message gets `otherwise` (a step without `typed` refuses typed
    text that way too)."""

    state: int
    skipped_key: str
    cleared: tuple[str, ...]  # the draft's fields a skip sets to None
    then: Then
    typed: Reader | None = None
    inputs: Sequence[tuple[filters.BaseFilter, Reader]] = ()
    otherwise: Callback = expect_text

    def handlers(self, form: Form) -> list[StepHandler]:
        """The step's handlers, for its ConversationHandler state."""
        inputs = [*self.inputs, *([(TYPED_TEXT, self.typed)] if self.typed else [])]
        rest = NOT_TEXT if self.typed else TYPED_TEXT | NOT_TEXT
        return [
            *(MessageHandler(accept & form.only, self._answered(read)) for accept, read in inputs),
            CallbackQueryHandler(self._skipped(), pattern=f"^{cd.FORUM_SKIP}$"),
            MessageHandler(rest & form.only, self.otherwise),
        ]

    def _answered(self, read: Reader) -> Callback:
        @with_caller(admin=True)
        async def answered(
            update: Update, context: SinergiContext, session: AsyncSession, who: Caller
        ) -> int:
            try:
                shown = read(update, context, who, draft_of(context))
            except (DateInputError, ServiceError) as exc:
                await refuse_input(update, context, who, exc)
                return self.state
            return await self.then(update, context, session, who, shown)

        return answered

    def _skipped(self) -> Callback:
        @with_caller(admin=True)
        async def skipped(
            update: Update, context: SinergiContext, session: AsyncSession, who: Caller
        ) -> int:
            draft = draft_of(context)
            for name in self.cleared:
                setattr(draft, name, None)
            await answer_query(update)
            await edit_query_message(update, t(who.lang, self.skipped_key))
            return await self.then(update, context, session, who, None)

        return skipped


def pin_line(lang: str, latitude: float, longitude: float) -> Html:
    """ "📍 Titik lokasi: <latitude>, <longitude>" (degrees, six decimals)."""
    return t(lang, "forum-location-pin", latitude=f"{latitude:.6f}", longitude=f"{longitude:.6f}")
