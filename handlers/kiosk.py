"""The desk screen (issue 12 item 5) from the chat: 🖥 Layar registrasi under a forum's
detail gives the admin a one-time link that opens it in a browser (the page itself is the
web door's, `web/`), and the printed check-in code is switched on or off here."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot import callback_data as cd
from bot import keyboards
from bot.context import SinergiApplication, SinergiContext
from bot.i18n import t
from bot.services import forums, kiosk
from handlers.common import Caller, answer_query, refusing, reply, with_caller
from models import utcnow


def open_url(base: str, ticket: str) -> str:
    """The one-time link a ticket opens the desk screen by."""
    return f"{base}/kiosk/open/{ticket}"


@with_caller(admin=True)
@refusing()
async def open_kiosk(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`kiosk:<forum>`: a one-time link to the forum's desk screen, as a URL button; the
    ticket is stored before the admin sees it. Without a web door (WEB_URL) the admin is
    told what is missing."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id = cd.parse_id(cd.KIOSK, query.data)
    settings = context.settings
    base = settings.public_web_url
    forum = await forums.published_forum(session, forum_id)
    if not base:
        await answer_query(update)
        await reply(update, t(who.lang, "kiosk-needs-web"))
        return
    assert who.member is not None and who.member.id is not None
    ticket = await kiosk.issue_ticket(
        session,
        forum_id,
        who.member.id,
        now=utcnow(),
        default_duration=settings.forum_default_duration,
    )
    await session.commit()
    await answer_query(update)
    await reply(
        update,
        t(who.lang, "kiosk-link", title=forum.title, minutes=kiosk.TICKET_SECONDS // 60),
        keyboards.kiosk_link(who.lang, forum_id, open_url(base, ticket)),
    )


@with_caller(admin=True)
@refusing()
async def switch_static(
    update: Update, context: SinergiContext, session: AsyncSession, who: Caller
) -> None:
    """`kstat:<forum>:<on|off>`: switch the forum's printed check-in code; the reply says
    its state now (also when it already was so) with the switch back."""
    query = update.callback_query
    assert query is not None and query.data is not None
    forum_id, word = cd.parse_id_word(cd.KIOSK_STATIC, query.data, ("on", "off"))
    forum, _ = await kiosk.set_static(
        session, forum_id, enabled=word == "on", actor_user_id=who.user_id
    )
    await session.commit()
    await answer_query(update)
    enabled = forum.static_checkin
    await reply(
        update,
        t(who.lang, "kiosk-static-on" if enabled else "kiosk-static-off", title=forum.title),
        keyboards.static_state(who.lang, forum_id, enabled=enabled),
    )


def register(application: SinergiApplication) -> None:
    """Add this module's handlers."""
    application.add_handler(CallbackQueryHandler(open_kiosk, pattern=cd.pattern(cd.KIOSK)))
    application.add_handler(
        CallbackQueryHandler(switch_static, pattern=cd.pattern(cd.KIOSK_STATIC))
    )
