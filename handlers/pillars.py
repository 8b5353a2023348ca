"""/pilar: admins keep the pillars (add, rename, mark core, hide or show, delete)."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import pillars
from bot.services.errors import ServiceError
from handlers.common import (
    PRIVATE,
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

NAME = 0
FORM = "pillar_name"
# The flag each button sets: the state wanted, so a stale second press changes nothing.
_FLAGS = {
    "core": pillars.Change.CORE,
    "uncore": pillars.Change.UNCORE,
    "hide": pillars.Change.HIDE,
    "show": pillars.Change.SHOW,
}
_FLAG_DONE = {
    pillars.Change.CORE: "pillar-made-core",
    pillars.Change.UNCORE: "pillar-made-uncore",
    pillars.Change.HIDE: "pillar-made-hidden",
    pillars.Change.SHOW: "pillar-made-shown",
}


async def _list(session: AsyncSession, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    summaries = await pillars.overview(session)
    return render.pillar_list(summaries, lang), keyboards.pillar_list(lang, summaries)


@with_caller(admin=True)
async def pillar_list(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/pilar: every pillar with its marks and members, a button each, and "add"."""
    await reply(update, *await _list(session, who.lang))


def _press(update: Update) -> cd.PillarPress:
    query = update.callback_query
    assert query is not None and query.data is not None
    return cd.parse_pillar(query.data)


@with_caller(admin=True)
@refusing()
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A button under /pilar (but add and rename, which ask for a name): back to the list,
    a pillar's card, a flag, or a delete asked for and confirmed."""
    press = _press(update)
    if press.pillar_id is None:
        await answer_query(update)
        await edit_query_message(update, *await _list(session, who.lang))
        return
    try:
        if press.action in _FLAGS:
            await _set_flag(update, session, who, press.pillar_id, _FLAGS[press.action])
        elif press.action == "del":
            found = await pillars.removable(session, press.pillar_id)
            await answer_query(update)
            await edit_query_message(
                update,
                t(who.lang, "pillar-delete-ask", name=found.pillar.name),
                keyboards.pillar_delete(who.lang, press.pillar_id),
            )
        elif press.action == "delok":
            name = await pillars.remove(
                session, pillar_id=press.pillar_id, admin_user_id=who.user_id
            )
            await session.commit()
            await answer_query(update)
            text, markup = await _list(session, who.lang)
            done = t(who.lang, "pillar-deleted", name=name)
            await edit_query_message(update, f"{done}\n\n{text}", markup)
        else:
            await _card(update, session, who, press.pillar_id)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))


async def _card(
    update: Update, session: AsyncSession, who: Caller, pillar_id: int, *, toast: str | None = None
) -> None:
    found = await pillars.summary(session, pillar_id)
    await answer_query(update, toast)
    await edit_query_message(
        update, render.pillar_card(found, who.lang), keyboards.pillar_card(who.lang, found.pillar)
    )


async def _set_flag(
    update: Update, session: AsyncSession, who: Caller, pillar_id: int, change: pillars.Change
) -> None:
    result = await pillars.set_flag(
        session, pillar_id=pillar_id, change=change, admin_user_id=who.user_id
    )
    await session.commit()
    await _card(
        update,
        session,
        who,
        pillar_id,
        toast=t(who.lang, _FLAG_DONE[change], name=result.pillar.name) if result.changed else None,
    )


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def ask_name(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """➕ Tambah pilar or ✏️ Ganti nama: ask for the name."""
    press = _press(update)
    current = (
        (await pillars.summary(session, press.pillar_id)).pillar.name
        if press.pillar_id is not None
        else None
    )
    context.user_state[FORM] = press.pillar_id
    begin_form(context, FORM)
    await answer_query(update)
    if current is None:
        await reply(update, t(who.lang, "pillar-ask-name", limit=pillars.NAME_MAX))
    else:
        await reply(update, t(who.lang, "pillar-ask-rename", name=current))
    return NAME


@with_caller(admin=True)
async def got_name(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The name typed: add the pillar, or rename the one being edited."""
    if FORM not in context.user_state:
        return ConversationHandler.END
    pillar_id = context.user_state[FORM]
    try:
        if pillar_id is None:
            added = await pillars.add(session, name=typed_text(update), admin_user_id=who.user_id)
            done = t(who.lang, "pillar-added", name=added.name)
        else:
            renamed = await pillars.rename(
                session, pillar_id=pillar_id, name=typed_text(update), admin_user_id=who.user_id
            )
            if not renamed.changed:
                await reply(update, t(who.lang, "error-change-same"))
                return NAME
            done = t(who.lang, "pillar-renamed", old=renamed.old_name, new=renamed.pillar.name)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        # A name refused can be typed again; a pillar deleted meanwhile ends the form.
        if exc.key == "error-unknown-pillar":
            context.user_state.pop(FORM, None)
            return ConversationHandler.END
        return NAME
    await session.commit()
    context.user_state.pop(FORM, None)
    text, markup = await _list(session, who.lang)
    await reply(update, f"{done}\n\n{text}", markup)
    return ConversationHandler.END


def register(application: SinergiApplication) -> None:
    """Add /pilar, its name form (add, rename) and its buttons."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CallbackQueryHandler(ask_name, pattern=rf"^{cd.PILLAR}:(add|[0-9]{{1,10}}:ren)$")
            ],
            states={NAME: form.text(got_name)},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="pillar_name",
        )
    )
    application.add_handler(CommandHandler(["pilar", "pillars"], pillar_list, PRIVATE))
    application.add_handler(CallbackQueryHandler(pressed, pattern=cd.pattern(cd.PILLAR)))
