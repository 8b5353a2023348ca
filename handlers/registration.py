"""Registration (/start, /daftar) and pillar invite links (/tautan)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from bot import callback_data as cd
from bot import followups, keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import members
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
    refuse,
    refusing,
    reply,
    throttled,
    token_throttle,
    typed_text,
    with_caller,
)
from models import MemberStatus, Pillar, utcnow

NAME, PILLAR, INSTITUTION, POSITION, CONFIRM = range(5)
INVITE_PREFIX = "inv_"
FORM = "registration"


@with_caller()
async def start(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """/start, optionally with a deep-link payload (`inv_<token>`: a pillar invite)."""
    payload = context.args[0] if context.args else ""
    if payload.startswith(INVITE_PREFIX):
        if await throttled(update, context, who, kind="invite"):
            return ConversationHandler.END
        invite = await members.resolve_invite(
            session, payload.removeprefix(INVITE_PREFIX), now=utcnow()
        )
        if invite is None:
            token_throttle(context).failed(who.user_id)
            await reply(update, t(who.lang, "error-invite-invalid"))
            return ConversationHandler.END
        pillar = await members.get_pillar(session, invite.pillar_id)
        assert pillar is not None
        # The pillar may have been hidden since the link was made.
        if pillar.id not in {p.id for p in await _offered(session, who)}:
            await reply(update, t(who.lang, "error-pillar-hidden", name=pillar.name))
            return ConversationHandler.END
        context.user_state[FORM] = {"pillar_id": invite.pillar_id, "invite_id": invite.id}
        begin_form(context, FORM)
        await reply(update, t(who.lang, "register-invited", pillar=pillar.name))
        await reply(update, t(who.lang, "register-ask-name"))
        return NAME
    if who.member is not None:
        key = {
            MemberStatus.APPROVED: "welcome-back",
            MemberStatus.PENDING: "register-pending",
            MemberStatus.REJECTED: "register-still-rejected",
            MemberStatus.INACTIVE: "register-inactive",
        }[who.member.status]
        await reply(update, t(who.lang, key, name=who.member.full_name))
        return ConversationHandler.END
    await reply(update, t(who.lang, "welcome"))
    return await _begin(update, context, who.lang)


@with_caller()
async def daftar(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """/daftar: (re)fill the registration form; a rejected person is told they stay
    rejected (until an admin undoes it) and asks no admin anything."""
    if who.member is not None and who.member.status == MemberStatus.REJECTED:
        await reply(update, t(who.lang, "register-still-rejected"))
        return ConversationHandler.END
    if who.member is not None and who.member.status == MemberStatus.INACTIVE:
        await reply(update, t(who.lang, "register-inactive"))
        return ConversationHandler.END
    return await _begin(update, context, who.lang)


async def _offered(session: AsyncSession, who: Caller) -> Sequence[Pillar]:
    """The pillars a registrant may choose: the visible ones, and their own."""
    return await offered(session, keep=who.member.pillar_id if who.member else None)


async def _begin(update: Update, context: SinergiContext, lang: str) -> int:
    context.user_state[FORM] = {}
    begin_form(context, FORM)
    await reply(update, t(lang, "register-ask-name"))
    return NAME


@with_caller()
async def got_name(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Full name typed."""
    return await _text_step(
        update,
        context,
        session,
        who,
        field="full_name",
        max_length=members.NAME_MAX,
        next_state=PILLAR,
    )


@with_caller()
async def got_institution(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Institution typed."""
    return await _text_step(
        update,
        context,
        session,
        who,
        field="institution",
        max_length=members.INSTITUTION_MAX,
        next_state=POSITION,
    )


@with_caller()
async def got_position(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Position typed: show the form to confirm."""
    return await _text_step(
        update,
        context,
        session,
        who,
        field="position",
        max_length=members.POSITION_MAX,
        next_state=CONFIRM,
    )


async def _text_step(
    update: Update,
    context: SinergiContext,
    session: AsyncSession,
    who: Caller,
    *,
    field: str,
    max_length: int,
    next_state: int,
) -> int:
    form = context.user_state.setdefault(FORM, {})
    try:
        form[field] = members.clean_text(typed_text(update), max_length=max_length)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return {"full_name": NAME, "institution": INSTITUTION, "position": POSITION}[field]
    if next_state == PILLAR and "pillar_id" in form:
        next_state = INSTITUTION
    if next_state == PILLAR:
        pillars = await _offered(session, who)
        await reply(
            update,
            t(who.lang, "register-ask-pillar"),
            keyboards.pillars(who.lang, pillars, cd.REG_PILLAR),
        )
    elif next_state == INSTITUTION:
        await reply(update, t(who.lang, "register-ask-institution"))
    elif next_state == POSITION:
        await reply(update, t(who.lang, "register-ask-position"))
    else:
        pillar = await members.get_pillar(session, form["pillar_id"])
        assert pillar is not None
        await reply(
            update,
            t(
                who.lang,
                "register-confirm",
                name=form["full_name"],
                pillar=pillar.name,
                institution=form["institution"],
                position=form["position"],
            ),
            keyboards.confirm(who.lang, cd.REG_CONFIRM),
        )
    return next_state


@with_caller()
async def got_pillar(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Pillar chosen from the inline keyboard."""
    query = update.callback_query
    assert query is not None and query.data is not None
    try:
        pillar_id = cd.parse_id(cd.REG_PILLAR, query.data)
    except cd.InvalidCallbackData:
        pillar_id = -1
    pillar = next((p for p in await _offered(session, who) if p.id == pillar_id), None)
    if pillar is None:
        await refuse(update, t(who.lang, "error-unknown-pillar"))
        return PILLAR
    context.user_state.setdefault(FORM, {})["pillar_id"] = pillar.id
    await answer_query(update)
    await edit_query_message(update, t(who.lang, "register-pillar-chosen", pillar=pillar.name))
    await reply(update, t(who.lang, "register-ask-institution"))
    return INSTITUTION


@with_caller()
@refusing(then=CONFIRM)
async def confirmed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Confirm or cancel the filled form."""
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_user is not None
    form = context.user_state.get(FORM, {})
    choice = cd.parse_word(cd.REG_CONFIRM, query.data, ("ok", "no"))
    if choice == "no":
        await answer_query(update)
        await edit_query_message(update, t(who.lang, "cancelled"))
        context.user_state.pop(FORM, None)
        return ConversationHandler.END
    try:
        result = await members.register(
            session,
            members.Registration(
                full_name=form.get("full_name", ""),
                pillar_id=form.get("pillar_id", -1),
                institution=form.get("institution", ""),
                position=form.get("position", ""),
                language=who.lang,
                invite_id=form.get("invite_id"),
            ),
            telegram_user_id=update.effective_user.id,
            chat_id=update.effective_chat.id
            if update.effective_chat
            else update.effective_user.id,
            admin_ids=context.settings.admin_ids,
            now=utcnow(),
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    await session.commit()
    context.user_state.pop(FORM, None)
    await answer_query(update)
    profile = render.profile(result.member, result.pillar, who.lang)
    key = "register-done-pending" if result.needs_approval else "register-done-approved"
    await edit_query_message(update, t(who.lang, key, profile=profile))
    if result.needs_approval:
        followups.refresh_digests_soon(context)
    return ConversationHandler.END


@with_caller(admin=True)
async def invite_link(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/tautan: an admin picks a pillar to get its invite link (hidden ones take nobody new)."""
    pillars = await offered(session)
    await reply(
        update,
        t(who.lang, "invite-ask-pillar"),
        keyboards.pillars(who.lang, pillars, cd.INVITE_PILLAR),
    )


@with_caller(admin=True)
@refusing()
async def invite_pillar_chosen(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """Create the invite for the chosen pillar and show its deep link."""
    query = update.callback_query
    assert query is not None and query.data is not None
    invite = await members.create_invite(
        session,
        pillar_id=cd.parse_id(cd.INVITE_PILLAR, query.data),
        admin_user_id=who.user_id,
        now=utcnow(),
        ttl_days=context.settings.invite_ttl_days,
    )
    pillar = await members.get_pillar(session, invite.pillar_id)
    await session.commit()
    assert pillar is not None
    link = f"https://t.me/{context.bot.username}?start={INVITE_PREFIX}{invite.token}"
    await answer_query(update)
    await edit_query_message(
        update,
        t(
            who.lang,
            "invite-link",
            pillar=pillar.name,
            link=link,
            days=context.settings.invite_ttl_days,
        ),
    )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers (group 0, before the catch-alls)."""
    form = Form(application, FORM)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CommandHandler("start", start, PRIVATE),
                CommandHandler(["daftar", "register"], daftar, PRIVATE),
            ],
            states={
                NAME: form.text(got_name),
                PILLAR: form.buttons(
                    CallbackQueryHandler(got_pillar, pattern=cd.pattern(cd.REG_PILLAR))
                ),
                INSTITUTION: form.text(got_institution),
                POSITION: form.text(got_position),
                CONFIRM: form.buttons(
                    CallbackQueryHandler(confirmed, pattern=cd.pattern(cd.REG_CONFIRM))
                ),
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="registration",
        )
    )
    application.add_handler(CommandHandler(["tautan", "invite"], invite_link, PRIVATE))
    application.add_handler(
        CallbackQueryHandler(invite_pillar_chosen, pattern=cd.pattern(cd.INVITE_PILLAR))
    )
