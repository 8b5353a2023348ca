"""RSVP buttons on invitations (with the delegate's name and position) and /jadwal."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    filters,
)

from bot import callback_data as cd
from bot import followups, keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import Html, t
from bot.services import forums, rsvp
from bot.services.errors import ServiceError
from bot.services.members import NAME_MAX, clean_text
from handlers.common import (
    PRIVATE,
    Caller,
    Form,
    answer_and_edit,
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
from models import FileKind, Forum, Pillar, Rsvp, RsvpAnswer, utcnow

log = logging.getLogger(__name__)

DELEGATE_NAME, DELEGATE_POSITION = range(2)
SCHEDULE_BUTTONS = 20
PENDING = "delegate"


@with_caller()
@refusing(then=ConversationHandler.END)
async def pressed(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """Hadir / Tidak hadir are recorded at once; Diwakilkan asks for the representative."""
    query = update.callback_query
    assert query is not None and query.data is not None
    context.user_state.pop(PENDING, None)
    press = cd.parse_rsvp(query.data)
    now = utcnow()
    try:
        if press.answer == RsvpAnswer.DELEGATED:
            forum = await rsvp.open_forum_for(
                session, forum_id=press.forum_id, member=who.member, now=now
            )
            context.user_state[PENDING] = {
                "forum_id": press.forum_id,
                "message_id": query.message.message_id if query.message else None,
            }
            begin_form(context, PENDING)
            await answer_query(update)
            await reply(update, t(who.lang, "delegate-ask-name", title=forum.title))
            return DELEGATE_NAME
        outcome = await rsvp.record(
            session, forum_id=press.forum_id, member=who.member, answer=press.answer, now=now
        )
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return ConversationHandler.END
    await followups.answer_recorded(context, session, outcome)
    await answer_and_edit(
        update,
        render.recorded(who.lang, outcome.rsvp, outcome.waitlist_position),
        _refresh_invitation(update, context, who, outcome),
    )
    return ConversationHandler.END


def _invitation_text(
    context: SinergiContext,
    who: Caller,
    forum: Forum,
    pillars: Sequence[Pillar],
    answer: Rsvp | None,
    waitlist_position: int | None = None,
) -> Html:
    """The invitation addressed to the caller, with their answer and, while waiting, their
    waitlist number."""
    assert who.member is not None
    lang, settings = who.lang, context.settings
    return render.invitation_with_place(
        forum,
        pillars,
        lang,
        settings.tz,
        answer,
        waitlist_position,
        name=who.member.full_name,
        office=settings.office_name,
    )


async def _refresh_invitation(
    update: Update, context: SinergiContext, who: Caller, outcome: rsvp.RsvpOutcome
) -> None:
    """The pressed invitation edited to show the recorded answer, from the forum and pillars
    `rsvp.record` read (nothing is read again)."""
    forum_id = outcome.forum.id or 0
    text = _invitation_text(
        context, who, outcome.forum, outcome.pillars, outcome.rsvp, outcome.waitlist_position
    )
    markup = keyboards.rsvp(who.lang, forum_id, outcome.rsvp.answer)
    # An invitation opened from /jadwal keeps its calendar button.
    if pressed_message_has(update, cd.ICS):
        markup = keyboards.with_ics(who.lang, forum_id, markup)
    await edit_query_message(update, text, markup)


@with_caller()
async def delegate_link(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """/start w_<forum>, opened from Diwakilkan on a group post: ask for the representative
    here, in private (the group is no place to type a name)."""
    payload = context.args[0] if context.args else ""
    forum_id = int(payload.removeprefix(cd.DELEGATE_PAYLOAD))
    try:
        if who.member is None:
            raise ServiceError("error-not-registered")
        if forum_id > cd.MAX_ROW_ID:
            raise ServiceError("error-forum-not-found")
        forum = await rsvp.open_forum_for(
            session, forum_id=forum_id, member=who.member, now=utcnow()
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return ConversationHandler.END
    context.user_state[PENDING] = {"forum_id": forum_id, "message_id": None}
    begin_form(context, PENDING)
    await reply(update, t(who.lang, "delegate-ask-name", title=forum.title))
    return DELEGATE_NAME


@with_caller(member=True)
async def got_delegate_name(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The representative's name typed."""
    assert update.effective_message is not None
    pending = context.user_state.get(PENDING)
    if not pending:
        return ConversationHandler.END
    try:
        pending["name"] = clean_text(typed_text(update), max_length=NAME_MAX)
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        return DELEGATE_NAME
    await reply(update, t(who.lang, "delegate-ask-position", name=pending["name"]))
    return DELEGATE_POSITION


@with_caller(member=True)
async def got_delegate_position(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> int:
    """The representative's position typed: record the delegated answer."""
    assert update.effective_message is not None and update.effective_chat is not None
    pending = context.user_state.get(PENDING)
    if not pending or "name" not in pending:
        return ConversationHandler.END
    try:
        outcome = await rsvp.record(
            session,
            forum_id=pending["forum_id"],
            member=who.member,
            answer=RsvpAnswer.DELEGATED,
            delegate_name=pending["name"],
            delegate_position=typed_text(update),
            now=utcnow(),
        )
    except ServiceError as exc:
        await reply(update, error_text(who.lang, exc))
        if exc.key.startswith("error-text-"):
            return DELEGATE_POSITION
        context.user_state.pop(PENDING, None)
        return ConversationHandler.END
    await followups.answer_recorded(context, session, outcome)
    context.user_state.pop(PENDING, None)
    recorded = t(who.lang, "rsvp-recorded", answer=render.answer_label(who.lang, outcome.rsvp))
    if outcome.waitlist_position is not None:
        note = t(who.lang, "waitlist-position-note", position=outcome.waitlist_position)
        recorded = Html(f"{recorded}\n{note}")
    await reply(update, recorded)
    if pending.get("message_id"):
        try:
            await context.bot.edit_message_text(
                _invitation_text(
                    context,
                    who,
                    outcome.forum,
                    outcome.pillars,
                    outcome.rsvp,
                    outcome.waitlist_position,
                ),
                chat_id=update.effective_chat.id,
                message_id=pending["message_id"],
                reply_markup=keyboards.rsvp(who.lang, outcome.forum.id or 0, RsvpAnswer.DELEGATED),
            )
        except BadRequest as exc:
            # The answer is recorded and the member was told: an invitation that shows it
            # already, or that was deleted meanwhile, leaves nothing to do.
            if not followups.is_not_modified(exc):
                log.info("invitation %s not updated: %s", pending["message_id"], exc.message)
    return ConversationHandler.END


@with_caller(member=True)
async def schedule(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/jadwal: the member's upcoming forums and answers, a button per forum."""
    assert who.member is not None
    entries = await forums.schedule_for(session, who.member, now=utcnow())
    if not entries:
        await reply(update, t(who.lang, "schedule-empty"))
        return
    tz = context.settings.tz
    rows = [
        t(
            who.lang,
            "schedule-row",
            title=entry.forum.title,
            when=render.when(entry.forum, who.lang, tz),
            venue=entry.forum.venue,
            answer=render.answer_label(who.lang, entry.rsvp),
        )
        for entry in entries
    ]
    # Every forum is listed; buttons only for the nearest (a keyboard has room for so many).
    nearest = [e.forum for e in entries[:SCHEDULE_BUTTONS]]
    labels = {forum.id or 0: render.forum_button(forum, tz) for forum in nearest}
    if len(entries) > SCHEDULE_BUTTONS:
        rows.append(t(who.lang, "schedule-more", shown=SCHEDULE_BUTTONS))
    await reply(
        update,
        t(who.lang, "schedule", rows=render.lines(rows)),
        keyboards.with_dashboard(
            who.lang,
            keyboards.forum_list(nearest, cd.SCHEDULE, labels),
            context.settings.public_web_url,
        ),
    )


@with_caller(member=True)
@refusing()
async def schedule_forum(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """A forum from /jadwal: its invitation again, with RSVP buttons while answers are open."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id = cd.parse_id(cd.SCHEDULE, query.data)
    await _show_invitation(update, context, session, who, forum_id)


@with_caller()
async def invitation_link(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """/start f_<forum>, the link in an invitation passed on outside Telegram (the WhatsApp
    text): the invitation with its RSVP buttons for an invited member; anyone else is told
    why not (to register first, to wait for approval, or that their pillar is not invited)."""
    payload = context.args[0] if context.args else ""
    forum_id = int(payload.removeprefix(cd.INVITATION_PAYLOAD))
    if who.member is None:
        await reply(update, t(who.lang, "error-invitation-not-registered"))
        return
    if forum_id > cd.MAX_ROW_ID:
        await reply(update, t(who.lang, "error-forum-not-found"))
        return
    await _show_invitation(update, context, session, who, forum_id)


async def _show_invitation(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller, forum_id: int
) -> None:
    """Send the invitation to an approved member, with RSVP buttons while answers are open,
    and its calendar button, then the forum's attachment if it has one; refuse a forum
    they are not invited to."""
    assert who.member is not None
    try:
        forum = await rsvp.invited_forum(session, forum_id=forum_id, member=who.member)
    except ServiceError as exc:
        await refuse(update, error_text(who.lang, exc))
        return
    answer = await rsvp.get_rsvp(session, forum_id=forum_id, member_id=who.member.id or 0)
    pillars = await forums.forum_pillars(session, forum_id)
    if update.callback_query is not None:
        await answer_query(update)
    text = _invitation_text(context, who, forum, pillars, answer)
    if not rsvp.is_open(forum, now=utcnow()):
        # Answers are closed; the calendar file is still useful.
        await reply(
            update,
            Html(f"{text}\n{t(who.lang, 'rsvp-closed-note')}"),
            keyboards.with_ics(who.lang, forum_id),
        )
    else:
        await reply(
            update,
            text,
            keyboards.with_ics(
                who.lang,
                forum_id,
                keyboards.rsvp(who.lang, forum_id, answer.answer if answer else None),
            ),
        )
    await _send_attachment(update, who, forum)


async def _send_attachment(update: Update, who: Caller, forum: Forum) -> None:
    """The forum's attachment after its invitation, as the published invitations have it
    (sendDocument / sendPhoto by `file_id`; nothing without one)."""
    attachment = forums.attachment_of(forum)
    message = update.effective_message
    if attachment is None or message is None:
        return
    caption = t(who.lang, "invitation-attachment", title=forum.title)
    if attachment.kind == FileKind.PHOTO:
        await message.reply_photo(attachment.file_id, caption=caption)
    else:
        await message.reply_document(attachment.file_id, caption=caption)


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    press = CallbackQueryHandler(pressed, pattern=cd.pattern(cd.RSVP))
    # Before the registration's /start (see handlers/__init__.py), which would take it.
    link = CommandHandler(
        "start",
        delegate_link,
        PRIVATE & filters.Regex(rf"^/start {cd.DELEGATE_PAYLOAD}[0-9]{{1,10}}$"),
    )
    form = Form(application, PENDING)
    application.add_handler(
        CommandHandler(
            "start",
            invitation_link,
            PRIVATE & filters.Regex(rf"^/start {cd.INVITATION_PAYLOAD}[0-9]{{1,10}}$"),
        )
    )
    application.add_handler(
        ConversationHandler(
            entry_points=[press, link],
            states={
                DELEGATE_NAME: [
                    *form.text(got_delegate_name),
                    press,
                ],
                DELEGATE_POSITION: [
                    *form.text(got_delegate_position),
                    press,
                ],
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="rsvp",
        )
    )
    application.add_handler(CommandHandler(["jadwal", "schedule"], schedule, PRIVATE))
    application.add_handler(CallbackQueryHandler(schedule_forum, pattern=cd.pattern(cd.SCHEDULE)))
