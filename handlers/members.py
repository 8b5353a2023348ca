"""/anggota: the member directory for admins (issue 10, item 1).

A menu of pillars with counts, a pillar's pages, search by name or institution, a member's
card with its changes (name, institution, position, pillar, admin, deactivate / restore,
approve / reject, undo a rejection), who waits (registrations and pillar changes), and the
directory as XLSX. Every change is made by `bot.services.member_edits` (audit-logged) and
answered with the new card. Only admins, only in a private chat (`with_caller(admin=True)`).
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot import callback_data as cd
from bot import followups, keyboards, notices, render
from bot.context import SinergiApplication, SinergiContext
from bot.exports import files
from bot.i18n import Html, t
from bot.services import approvals, directory, member_edits, members
from bot.services.errors import ServiceError
from handlers.common import (
    PRIVATE,
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    pressed_message_has,
    refuse,
    refusing,
    reply,
    typed_text,
    with_caller,
)
from models import utcnow

FORM = "member_text"  # the typed reply an admin's button asked for: an edit or a search
SEARCH = "member_search"  # the caller's last search, paged by `msq:<page>`
TYPING = 0
MENU_WORDS = ("menu", "find", "wait", "xlsx")
ACTION_WORDS = ("admin", "unadmin", "off", "on", "unrej", "ok", "no")
EDIT_WORDS = (*member_edits.TEXT_FIELDS, "pillar")


# ---------------------------------------------------------------- the menu, pages and search


@with_caller(admin=True)
async def directory_command(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/anggota: the pillar menu; `/anggota <words>` searches names and institutions."""
    words = typed_text(update).split(None, 1)[1:]
    if words:
        await _search(update, context, session, who, words[0])
        return
    menu = await directory.menu(session)
    await reply(
        update, render.directory_menu(menu, who.lang), keyboards.directory_menu(who.lang, menu)
    )


async def _search(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, query: str
) -> None:
    try:
        cleaned = members.clean_text(query, max_length=directory.SEARCH_MAX)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return
    context.user_state[SEARCH] = cleaned
    page = await directory.search(session, cleaned, 0)
    await reply(
        update,
        render.directory_page(page, who.lang, query=cleaned),
        keyboards.directory_page(who.lang, page, search=True),
    )


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def menu_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`mdir:menu|find|wait|xlsx`: back to the menu, search (asks for the words), who
    waits, or the XLSX."""
    query = update.callback_query
    assert query is not None and query.data is not None
    word = cd.parse_word(cd.DIRECTORY, query.data, MENU_WORDS)
    if word == "find":
        context.user_state[FORM] = {"kind": "search"}
        begin_form(context, FORM)
        await answer_query(update)
        await reply(update, t(who.lang, "directory-search-ask"))
        return TYPING
    if word == "xlsx":
        await _export(update, context, session, who)
        return ConversationHandler.END
    await answer_query(update)
    if word == "wait":
        await _show_waiting(update, session, who)
        return ConversationHandler.END
    menu = await directory.menu(session)
    await edit_query_message(
        update, render.directory_menu(menu, who.lang), keyboards.directory_menu(who.lang, menu)
    )
    return ConversationHandler.END


@with_caller(admin=True)
@refusing()
async def page_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`mpg:<pillar>:<page>`: a page of one pillar (0: everyone)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    pillar_id, number = cd.parse_ids(cd.DIRECTORY_PAGE, query.data, 2)
    page = await directory.pillar_page(session, pillar_id or None, number)
    if page is None:
        await refuse(update, t(who.lang, "error-unknown-pillar"))
        return
    await answer_query(update)
    await edit_query_message(
        update, render.directory_page(page, who.lang), keyboards.directory_page(who.lang, page)
    )


@with_caller(admin=True)
@refusing()
async def search_page_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`msq:<page>`: another page of the caller's last search (kept while the bot runs)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    (number,) = cd.parse_ids(cd.SEARCH_PAGE, query.data, 1)
    words = context.user_state.get(SEARCH)
    if not isinstance(words, str):
        await refuse(update, t(who.lang, "directory-search-expired"))
        return
    page = await directory.search(session, words, number)
    await answer_query(update)
    await edit_query_message(
        update,
        render.directory_page(page, who.lang, query=words),
        keyboards.directory_page(who.lang, page, search=True),
    )


async def _show_waiting(update: Update, session: AsyncSession, who: Caller) -> None:
    registrations = await approvals.pending(session)
    changes = await directory.pillar_requests(session)
    await edit_query_message(
        update,
        render.waiting_list(registrations, changes, who.lang),
        keyboards.waiting(who.lang, *render.first_waiting(registrations, changes)),
    )


async def _export(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """The directory as XLSX, in the office's language (it is the office's paper)."""
    made = await files.members(
        session, settings=context.settings, now=utcnow(), actor_user_id=who.user_id
    )
    await answer_query(update)
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        made.data,
        filename=made.name,
        caption=t(who.lang, "directory-export-caption", count=made.rows),
    )


# ---------------------------------------------------------------- a member's card


async def _card_text(
    context: SinergiContext, session: AsyncSession, who: Caller, member_id: int
) -> tuple[Html, InlineKeyboardMarkup] | None:
    card = await directory.card(session, member_id)
    if card is None:
        return None
    return (
        render.member_card(card, who.lang, context.settings.tz),
        keyboards.member_card(who.lang, card),
    )


async def _show_card(
    update: Update,
    context: SinergiContext,
    session: AsyncSession,
    who: Caller,
    member_id: int,
    *,
    note: str = "",
    new_message: bool = False,
) -> None:
    shown = await _card_text(context, session, who, member_id)
    if shown is None:
        await refuse(update, t(who.lang, "error-member-not-found"))
        return
    text, markup = shown
    text = Html(f"{note}\n\n{text}") if note else text
    if new_message:
        await reply(update, text, markup)
    else:
        await edit_query_message(update, text, markup)


@with_caller(admin=True)
@refusing()
async def card_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`mcard:<member>`: the member's card in place of the page."""
    query = update.callback_query
    assert query is not None and query.data is not None
    (member_id,) = cd.parse_ids(cd.MEMBER_CARD, query.data, 1)
    if await directory.card(session, member_id) is None:
        await refuse(update, t(who.lang, "error-member-not-found"))
        return
    await answer_query(update)
    await _show_card(update, context, session, who, member_id)


@with_caller(admin=True)
@refusing(then=ConversationHandler.END)
async def edit_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`medit:<member>:<name|inst|pos>` asks for the new text; `medit:<member>:pillar`
    shows the pillars."""
    query = update.callback_query
    assert query is not None and query.data is not None
    member_id, word = cd.parse_id_word(cd.MEMBER_EDIT, query.data, EDIT_WORDS)
    card = await directory.card(session, member_id)
    if card is None:
        await refuse(update, t(who.lang, "error-member-not-found"))
        return ConversationHandler.END
    await answer_query(update)
    if word == "pillar":
        pillars = await members.list_pillars(session)
        await edit_query_message(
            update,
            t(who.lang, "member-ask-pillar", name=card.member.full_name, pillar=card.pillar.name),
            keyboards.member_pillars(who.lang, card.member, pillars, cd.MEMBER_PILLAR),
        )
        return ConversationHandler.END
    column, _limit = member_edits.TEXT_FIELDS[word]
    context.user_state[FORM] = {"kind": "edit", "member_id": member_id, "field": word}
    begin_form(context, FORM)
    await reply(
        update,
        t(
            who.lang,
            "member-ask-text",
            field=t(who.lang, f"field-{word}"),
            name=card.member.full_name,
            current=str(getattr(card.member, column)),
        ),
    )
    return TYPING


@with_caller(admin=True)
async def text_typed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The typed reply: a member's new name, institution or position, or search words."""
    form = context.user_state.get(FORM, {})
    if form.get("kind") == "search":
        context.user_state.pop(FORM, None)
        await _search(update, context, session, who, typed_text(update))
        return ConversationHandler.END
    if form.get("kind") != "edit":
        return ConversationHandler.END
    try:
        edit = await member_edits.edit_text(
            session,
            member_id=form["member_id"],
            field=form["field"],
            value=typed_text(update),
            actor_user_id=who.user_id,
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key == "error-member-not-found":
            context.user_state.pop(FORM, None)
            return ConversationHandler.END
        return TYPING
    await session.commit()
    context.user_state.pop(FORM, None)
    await _show_card(
        update,
        context,
        session,
        who,
        edit.member.id or 0,
        note=_note(edit, who.lang),
        new_message=True,
    )
    return ConversationHandler.END


def _note(edit: member_edits.Edit, lang: str) -> str:
    if not edit.changed:
        return t(lang, "member-unchanged")
    return render.change_line(edit, lang)


@with_caller(admin=True)
@refusing()
async def pillar_chosen(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`mpil:<member>:<pillar>`: the member moves to that pillar at once."""
    query = update.callback_query
    assert query is not None and query.data is not None
    member_id, pillar_id = cd.parse_ids(cd.MEMBER_PILLAR, query.data, 2)
    edit = await member_edits.change_pillar(
        session, member_id=member_id, pillar_id=pillar_id, actor_user_id=who.user_id
    )
    await session.commit()
    await answer_query(update)
    if edit.changed:
        followups.refresh_digests_soon(context)  # a pillar change asked for is settled
    await _show_card(update, context, session, who, member_id, note=_note(edit, who.lang))


@with_caller(admin=True)
@refusing()
async def action_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`mact:<member>:<word>`: make / revoke admin, deactivate / restore, undo a rejection,
    approve / reject a registration (from the card or the waiting list)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    member_id, word = cd.parse_id_word(cd.MEMBER_ACTION, query.data, ACTION_WORDS)
    bootstrap = context.settings.admin_ids
    note = ""
    try:
        if word in ("admin", "unadmin"):
            edit = await member_edits.set_admin(
                session,
                member_id=member_id,
                admin=word == "admin",
                actor_user_id=who.user_id,
                bootstrap_ids=bootstrap,
            )
            note = _note(edit, who.lang)
        elif word in ("off", "on"):
            edit = await member_edits.set_active(
                session,
                member_id=member_id,
                active=word == "on",
                actor_user_id=who.user_id,
                bootstrap_ids=bootstrap,
            )
            note = _note(edit, who.lang)
        elif word == "unrej":
            unrejected = await members.unreject(
                session, member_id=member_id, admin_user_id=who.user_id, now=utcnow()
            )
            if unrejected is None:
                await refuse(update, t(who.lang, "approval-not-rejected"))
                return
            note = t(who.lang, "approval-unrejected", name=unrejected.full_name)
        else:
            decision = await members.decide(
                session,
                member_id=member_id,
                approve=word == "ok",
                admin_user_id=who.user_id,
                now=utcnow(),
            )
            if not decision.changed:
                await refuse(update, t(who.lang, "approval-already-decided"))
                return
            await notices.members.decision(session, decision)
            note = t(
                who.lang,
                f"approval-done-{decision.member.status}",
                name=decision.member.full_name,
            )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    await session.commit()
    context.sender.wake()
    await answer_query(update)
    if word in ("unrej", "ok", "no"):
        await followups.refresh_digests(context)
    if pressed_message_has(update, cd.DIRECTORY):  # the waiting list
        await _show_waiting(update, session, who)
    else:
        await _show_card(update, context, session, who, member_id, note=note)


@with_caller(admin=True)
@refusing()
async def pillar_decided(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`pilr:<member>:<pillar>:<a|r>`: approve or reject a pillar change a member asked for,
    on the digest, the waiting list or the member's card; the member is told."""
    query = update.callback_query
    assert query is not None and query.data is not None
    press = cd.parse_pillar_decision(query.data)
    result = await member_edits.decide_pillar(
        session,
        member_id=press.member_id,
        pillar_id=press.pillar_id,
        approve=press.approve,
        actor_user_id=who.user_id,
        now=utcnow(),
    )
    if not result.changed:
        await refuse(update, t(who.lang, "pillar-change-already-decided"))
        return
    await notices.members.pillar_decision(session, result)
    await session.commit()
    context.sender.wake()
    key = "pillar-change-done-approved" if result.approved else "pillar-change-done-rejected"
    note = t(
        who.lang, key, name=result.member.full_name, old=result.old.name, new=result.requested.name
    )
    await answer_query(update, note)
    await followups.refresh_digests(context)
    if pressed_message_has(update, cd.DIRECTORY):
        await _show_waiting(update, session, who)
    elif pressed_message_has(update, cd.MEMBER_EDIT):
        await _show_card(update, context, session, who, press.member_id, note=note)


def register(application: SinergiApplication) -> None:
    """Add the directory's command, its typed replies and its buttons."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CallbackQueryHandler(menu_pressed, pattern=cd.pattern(cd.DIRECTORY)),
                CallbackQueryHandler(edit_pressed, pattern=cd.pattern(cd.MEMBER_EDIT)),
            ],
            states={TYPING: form.text(text_typed)},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name=FORM,
        )
    )
    application.add_handler(CommandHandler(["anggota", "members"], directory_command, PRIVATE))
    for prefix, callback in (
        (cd.DIRECTORY_PAGE, page_pressed),
        (cd.SEARCH_PAGE, search_page_pressed),
        (cd.MEMBER_CARD, card_pressed),
        (cd.MEMBER_PILLAR, pillar_chosen),
        (cd.MEMBER_ACTION, action_pressed),
        (cd.PILLAR_DECISION, pillar_decided),
    ):
        application.add_handler(CallbackQueryHandler(callback, pattern=cd.pattern(prefix)))
