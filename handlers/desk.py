"""The steps that take down a person at the check-in desk who is not an invited member: name,
institution, position, then whom they represent (a page of invitees by button). Shared by
the representative's own form (`handlers.checkin`) and the desk admin's walk-in guest form
(`handlers.attendance`); each adds its own last step, the press that records the person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ConversationHandler

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import guests
from bot.services.errors import ServiceError
from bot.services.members import INSTITUTION_MAX, NAME_MAX, clean_text
from handlers.common import (
    Callback,
    Caller,
    Form,
    StepHandler,
    answer_query,
    edit_query_message,
    error_text,
    refuse,
    reply,
    typed_text,
    with_caller,
)

NAME, INSTITUTION, POSITION, CHOICE = range(10, 14)


@dataclass(frozen=True)
class DeskForm:
    """One desk form: its name (the `context.user_state` key holding `forum_id`, then
    `name`, `institution` and `position`), who may fill it, the catalog keys of its
    questions after the name (`ask_institution` gets `$name`, `ask_position`, and
    `ask_represent` gets `$title`, `$page`, `$pages`), and the callback prefixes of its
    choice list (`choose:<forum>:<member>`, `turn:<forum>:<page>`; with `nobody`, member 0
    for a guest who represents no one)."""

    name: str
    admin: bool
    ask_institution: str
    ask_position: str
    ask_represent: str
    choose: str
    turn: str
    nobody: bool

    def choice(self, lang: str, listing: guests.RepresentablePage) -> tuple[str, Any]:
        """The question whom the person represents, with that page of invitees as buttons."""
        text = t(
            lang,
            self.ask_represent,
            title=listing.forum.title,
            page=listing.page + 1,
            pages=listing.pages,
        )
        markup: InlineKeyboardMarkup = keyboards.representable(
            lang, listing, choose=self.choose, turn=self.turn, nobody=self.nobody
        )
        return text, markup

    def details(self, state: dict[str, Any]) -> guests.GuestDetails:
        """The person as the form took them down (cleaned again, never trusted)."""
        return guests.guest_details(state["name"], state["institution"], state["position"])

    def chosen(self, update: Update, context: SinergiContext) -> tuple[int, dict[str, Any]]:
        """The invitee id of a `choose:<forum>:<member>` press on this form's list, and the
        form's state.

        Raises:
            cd.InvalidCallbackData: forged data, another forum's list, or no form open.
        """
        query = update.callback_query
        assert query is not None and query.data is not None
        state = context.user_state.get(self.name)
        forum_id, member_id = cd.parse_ids(self.choose, query.data, 2)
        if state is None or forum_id != state["forum_id"] or "position" not in state:
            raise cd.InvalidCallbackData(query.data)
        return member_id, state

    def states(self, application: SinergiApplication, choose: Callback) -> dict[object, Any]:
        """The ConversationHandler states of the form, `choose` taking the last press."""
        form = Form(application, self.name)
        handlers: dict[object, list[StepHandler]] = {
            NAME: form.text(self._typed("name", NAME_MAX, NAME, INSTITUTION)),
            INSTITUTION: form.text(
                self._typed("institution", INSTITUTION_MAX, INSTITUTION, POSITION)
            ),
            POSITION: form.text(self._position()),
            CHOICE: form.buttons(
                CallbackQueryHandler(choose, pattern=cd.pattern(self.choose)),
                CallbackQueryHandler(self._turn(), pattern=cd.pattern(self.turn)),
            ),
        }
        return dict(handlers)

    def cancel(self, application: SinergiApplication) -> StepHandler:
        """/batal for this form."""
        return Form(application, self.name).cancel()

    def _typed(self, field: str, limit: int, here: int, after: int) -> Callback:
        @with_caller(admin=self.admin)
        async def step(
            update: Update, context: SinergiContext, session: AsyncSession, who: Caller
        ) -> int:
            state = context.user_state.get(self.name)
            if state is None:
                return ConversationHandler.END
            try:
                state[field] = clean_text(typed_text(update), max_length=limit)
            except ServiceError as exc:
                await reply(update, error_text(who.lang, exc))
                return here
            key = self.ask_institution if field == "name" else self.ask_position
            await reply(update, t(who.lang, key, name=state["name"]))
            return after

        return step

    def _position(self) -> Callback:
        @with_caller(admin=self.admin)
        async def step(
            update: Update, context: SinergiContext, session: AsyncSession, who: Caller
        ) -> int:
            state = context.user_state.get(self.name)
            if state is None:
                return ConversationHandler.END
            try:
                details = guests.guest_details(
                    state["name"], state["institution"], typed_text(update)
                )
            except ServiceError as exc:
                await reply(update, error_text(who.lang, exc))
                return POSITION
            try:
                listing = await guests.representable_page(
                    session, state["forum_id"], 0, name=details.name
                )
            except ServiceError as exc:
                context.user_state.pop(self.name, None)
                await reply(update, error_text(who.lang, exc))
                return ConversationHandler.END
            if not listing.entries and not self.nobody:
                context.user_state.pop(self.name, None)
                await reply(
                    update, t(who.lang, "guest-none-to-represent", title=listing.forum.title)
                )
                return ConversationHandler.END
            state["position"] = details.position
            await reply(update, *self.choice(who.lang, listing))
            return CHOICE

        return step

    def _turn(self) -> Callback:
        @with_caller(admin=self.admin)
        async def turn(
            update: Update, context: SinergiContext, session: AsyncSession, who: Caller
        ) -> int:
            query = update.callback_query
            assert query is not None and query.data is not None
            state = context.user_state.get(self.name)
            try:
                forum_id, page = cd.parse_ids(self.turn, query.data, 2)
                if state is None or forum_id != state["forum_id"]:
                    raise cd.InvalidCallbackData(query.data)
                listing = await guests.representable_page(
                    session, forum_id, page, name=state["name"]
                )
            except cd.InvalidCallbackData:
                await refuse(update, t(who.lang, "error-button-invalid"))
                return CHOICE if state is not None else ConversationHandler.END
            except ServiceError as exc:
                await refuse(update, error_text(who.lang, exc))
                return ConversationHandler.END
            await answer_query(update)
            await edit_query_message(update, *self.choice(who.lang, listing))
            return CHOICE

        return turn


# A press on a stale or forged choice keeps the form at its list (another may be chosen).
RETRY_KEYS = ("error-represent-taken", "error-represent-not-invited")
