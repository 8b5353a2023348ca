"""/profil: a member's own profile, and their edits of it (issue 10, item 2).

An approved member edits their name, institution and position at once (a typed reply,
/batal cancels), without registering again; a pillar change is a request an admin approves
(the approval digest and `/anggota` › ⏳ list it): the member keeps their pillar, and its
invitations, until then, and is told the outcome (`bot.notices.members.pillar_decision`).
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot import callback_data as cd
from bot import followups, keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.services import directory, member_edits
from bot.services.errors import ServiceError
from bot.services.pillars import offered
from handlers.common import (
    PRIVATE,
    Caller,
    Form,
    answer_query,
    begin_form,
    edit_query_message,
    error_text,
    refusing,
    reply,
    typed_text,
    with_caller,
)
from models import Member, MemberStatus, utcnow

FORM = "profile_edit"
TYPING = 0
EDIT_WORDS = (*member_edits.TEXT_FIELDS, "pillar")


async def _profile_text(session: AsyncSession, member: Member, lang: str) -> Html:
    card = await directory.card(session, member.id or 0)
    assert card is not None  # the caller's own row
    profile = render.profile(member, card.pillar, lang)
    if member.status != MemberStatus.APPROVED:
        return t(lang, "profile-card", profile=profile)
    requested = (
        t(lang, "profile-pillar-waiting", pillar=card.requested_pillar.name)
        if card.requested_pillar is not None
        else ""
    )
    return t(lang, "profile-own", profile=profile, requested=Html(requested))


@with_caller()
async def profile(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/profil: the caller's own profile; an approved member gets the edit buttons."""
    if who.member is None:
        await reply(update, t(who.lang, "error-not-registered"))
        return
    markup = keyboards.own_profile(who.lang) if who.approved else None
    await reply(update, await _profile_text(session, who.member, who.lang), markup)


@with_caller(member=True)
@refusing(then=ConversationHandler.END)
async def edit_pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """`pedit:<name|inst|pos>` asks for the new text; `pedit:pillar` shows the pillars."""
    query = update.callback_query
    assert query is not None and query.data is not None and who.member is not None
    word = cd.parse_word(cd.PROFILE_EDIT, query.data, EDIT_WORDS)
    await answer_query(update)
    if word == "pillar":
        pillars = await offered(session, keep=who.member.pillar_id)
        await edit_query_message(
            update,
            t(who.lang, "profile-ask-pillar"),
            keyboards.member_pillars(who.lang, who.member, pillars, cd.PROFILE_PILLAR),
        )
        return ConversationHandler.END
    column, _limit = member_edits.TEXT_FIELDS[word]
    context.user_state[FORM] = {"field": word}
    begin_form(context, FORM)
    await reply(
        update,
        t(
            who.lang,
            "profile-ask-text",
            field=t(who.lang, f"field-{word}"),
            current=str(getattr(who.member, column)),
        ),
    )
    return TYPING


@with_caller(member=True)
async def text_typed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The member's new name, institution or position."""
    assert who.member is not None
    field = context.user_state.get(FORM, {}).get("field")
    if field not in member_edits.TEXT_FIELDS:
        return ConversationHandler.END
    try:
        edit = await member_edits.edit_text(
            session,
            member_id=who.member.id or 0,
            field=field,
            value=typed_text(update),
            actor_user_id=who.user_id,
            own=True,
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return TYPING
    await session.commit()
    context.user_state.pop(FORM, None)
    note = render.change_line(edit, who.lang) if edit.changed else t(who.lang, "member-unchanged")
    text = await _profile_text(session, edit.member, who.lang)
    await reply(update, Html(f"{note}\n\n{text}"), keyboards.own_profile(who.lang))
    return ConversationHandler.END


@with_caller(member=True)
@refusing()
async def pillar_chosen(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`ppil:<pillar>`: ask an admin to move the member to that pillar."""
    query = update.callback_query
    assert query is not None and query.data is not None and who.member is not None
    result = await member_edits.request_pillar(
        session,
        member_id=who.member.id or 0,
        pillar_id=cd.parse_id(cd.PROFILE_PILLAR, query.data),
        now=utcnow(),
    )
    await session.commit()
    await answer_query(update)
    await edit_query_message(
        update,
        t(
            who.lang,
            "profile-pillar-requested",
            old=result.current.name,
            new=result.requested.name,
        ),
    )
    followups.refresh_digests_soon(context)


def register(application: SinergiApplication) -> None:
    """Add /profil, its edit buttons and the typed replies they ask for."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(edit_pressed, pattern=cd.pattern(cd.PROFILE_EDIT))],
            states={TYPING: form.text(text_typed)},
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name=FORM,
        )
    )
    application.add_handler(CommandHandler(["profil", "profile"], profile, PRIVATE))
    application.add_handler(
        CallbackQueryHandler(pillar_chosen, pattern=cd.pattern(cd.PROFILE_PILLAR))
    )
