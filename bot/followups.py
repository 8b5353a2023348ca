"""What follows a recorded change wherever it was made: messages sent earlier brought up to
date by editing them in place.

A forum's group posts show live RSVP counts, each admin's approval digest lists who waits,
and a member's private invitation shows their answer (ticked, also after an answer given in
a group) and their place on the waitlist as it moves. Each has one job (PTB JobQueue) that
reads the database when it runs, so a burst of changes makes one edit per message. An edit
creates no message, so it needs no outbox row; what is sent anew goes through the outbox
(`bot.notices`).
"""

from __future__ import annotations

import asyncio
import logging

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import JobQueue

from bot import keyboards, notices, render
from bot.context import SinergiContext
from bot.ratelimit import retry_seconds
from bot.services import approvals, forums, groups, rsvp
from models import Forum, ForumStatus, utcnow

log = logging.getLogger(__name__)

# Presses within this many seconds of the first share one edit of each group post: a group
# takes about 20 messages a minute, and a forum's invitation may be answered in bursts.
COUNT_REFRESH_DELAY = 3.0
DIGEST_REFRESH_DELAY = 0.5  # seconds: registrations arriving within it make one edit
INVITATION_REFRESH_DELAY = 1.0  # seconds: waitlist moves within it make one edit per member
DIGEST_JOB = "approval-digest"
DIGEST_LOCK = "approval_digest_lock"


def is_not_modified(error: BadRequest) -> bool:
    """Telegram's 400 "message is not modified" (an edit that would change nothing).

    PTB strips "Bad Request: " and capitalises the rest, so the case is not to be relied on.
    """
    return "message is not modified" in error.message.lower()


# ---------------------------------------------------------------- a recorded answer


async def answer_recorded(
    context: SinergiContext,
    session: AsyncSession,
    outcome: rsvp.RsvpOutcome,
    *,
    away_from_invitation: bool = False,
) -> None:
    """What follows `bot.services.rsvp.record`, in a private chat or a group: members it
    promoted from the waitlist are told (queued in the same transaction, then committed
    and the sender woken), the forum's group posts get new counts, the invitations of
    those still waiting show their new places, and an answer given `away_from_invitation`
    (in a group, on the dashboard) is ticked on the member's private invitation."""
    await notices.waitlist.promotions(
        session, outcome.forum, outcome.promoted, tz=context.settings.tz
    )
    await session.commit()
    if outcome.promoted:
        context.sender.wake()
    forum_id = outcome.forum.id or 0
    if outcome.changed and outcome.group_posts:
        refresh_counts_soon(context.jobs, forum_id)
    members = [p.member.id or 0 for p in outcome.promoted]
    if away_from_invitation and outcome.changed:
        members.append(outcome.rsvp.member_id)
    if members or outcome.waitlist_moved:
        refresh_invitations_soon(context.jobs, forum_id, members, waiting=outcome.waitlist_moved)


# ---------------------------------------------------------------- members' invitations


def refresh_invitations_soon(
    jobs: JobQueue[SinergiContext],
    forum_id: int,
    member_ids: list[int],
    *,
    waiting: bool,
    delay: float | None = None,
) -> None:
    """Edit the private invitations of `member_ids` (and, with `waiting`, of everyone on the
    waitlist) in `delay` seconds (default `INVITATION_REFRESH_DELAY`). One job per forum
    (`invitations:<forum>`): changes while it waits join it, and it reads the answers and
    places when it runs."""
    name = f"invitations:{forum_id}"
    for job in jobs.get_jobs_by_name(name):
        if isinstance(job.data, dict):
            job.data["members"].update(member_ids)
            job.data["waiting"] = job.data["waiting"] or waiting
            return
    jobs.run_once(
        refresh_invitations,
        INVITATION_REFRESH_DELAY if delay is None else delay,
        data={"forum_id": forum_id, "members": set(member_ids), "waiting": waiting},
        name=name,
    )


async def refresh_invitations(context: SinergiContext) -> None:
    """The job: put each target member's answer (ticked) and waitlist place into the
    invitation the outbox sent them, in their language.

    "Not modified", a deleted message and a member who blocked the bot are logged and
    skipped; a 429 postpones the members not edited yet.
    """
    assert context.job is not None and isinstance(context.job.data, dict)
    data = context.job.data
    forum_id: int = data["forum_id"]
    tz = context.settings.tz
    async with context.session() as session:
        forum = await session.get(Forum, forum_id)
        if forum is None or forum.status != ForumStatus.PUBLISHED:
            return
        targets = await rsvp.sent_invitations(
            session, forum_id, member_ids=data["members"], waiting=data["waiting"]
        )
        pillars = await forums.forum_pillars(session, forum_id)
    answering = rsvp.is_open(forum, now=utcnow())
    for index, target in enumerate(targets):
        lang = target.member.language
        text = render.invitation_with_place(
            forum,
            pillars,
            lang,
            tz,
            target.rsvp,
            target.waitlist_position,
            name=target.member.full_name,
            office=context.settings.office_name,
        )
        answer = target.rsvp.answer if target.rsvp is not None else None
        markup = keyboards.rsvp(lang, forum_id, answer) if answering else None
        try:
            await context.bot.edit_message_text(
                text, chat_id=target.chat_id, message_id=target.message_id, reply_markup=markup
            )
        except RetryAfter as exc:
            rest = [t.member.id or 0 for t in targets[index:]]
            refresh_invitations_soon(
                context.jobs, forum_id, rest, waiting=False, delay=retry_seconds(exc)
            )
            return
        except BadRequest as exc:
            if not is_not_modified(exc):
                log.info("invitation %s/%s not edited: %s", target.chat_id, target.message_id, exc)
        except TelegramError as exc:
            log.info("invitation in %s not edited: %s", target.chat_id, exc)


# ---------------------------------------------------------------- group posts' live counts


def refresh_counts_soon(
    jobs: JobQueue[SinergiContext], forum_id: int, delay: float | None = None
) -> None:
    """Edit the forum's group posts in `delay` seconds (default `COUNT_REFRESH_DELAY`), unless
    an edit is already due: one job per forum (`groupcount:<forum>`) reads the counts when it
    runs, so a burst of answers makes one edit per post."""
    name = f"groupcount:{forum_id}"
    if jobs.get_jobs_by_name(name):
        return
    jobs.run_once(
        refresh_counts,
        COUNT_REFRESH_DELAY if delay is None else delay,
        data=forum_id,
        name=name,
    )


async def refresh_counts(context: SinergiContext) -> None:
    """The job: put the current counts into every sent group post of a forum.

    A post not sent yet is looked at again later; "not modified", a deleted message or a
    migrated chat are logged and skipped; a 403 marks the group inactive (it is not edited
    again); a 429 postpones the job.
    """
    assert context.job is not None and isinstance(context.job.data, int)
    forum_id = context.job.data
    settings = context.settings
    lang = settings.default_language
    async with context.session() as session:
        forum = await session.get(Forum, forum_id)
        if forum is None:
            return
        targets = await groups.posts_to_refresh(session, forum_id)
        if not targets.sent and not targets.unsent:
            return
        text = await notices.groups.post_text(session, forum, lang, settings.tz)
    # Once answers are closed (or the forum is cancelled) the buttons would only earn refusals.
    answering = forum.status == ForumStatus.PUBLISHED and rsvp.is_open(forum, now=utcnow())
    markup = keyboards.rsvp(lang, forum_id) if answering else None
    for post in targets.sent:
        try:
            await context.bot.edit_message_text(
                text, chat_id=post.chat_id, message_id=post.message_id, reply_markup=markup
            )
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            refresh_counts_soon(context.jobs, forum_id, delay=seconds + COUNT_REFRESH_DELAY)
            return
        except ChatMigrated as exc:
            # The post stayed in the old chat's history; the supergroup has new message ids.
            log.info("group post in %s: the chat moved to %s", post.chat_id, exc.new_chat_id)
            async with context.session() as session:
                await groups.migrate(
                    session, old_chat_id=post.chat_id, new_chat_id=exc.new_chat_id
                )
                await session.commit()
        except BadRequest as exc:
            if not is_not_modified(exc):
                log.info("group post %s/%s not edited: %s", post.chat_id, post.message_id, exc)
        except Forbidden as exc:
            # The bot was removed and the update saying so never came: post there no more.
            log.info("group post in %s not edited: %s", post.chat_id, exc.message)
            async with context.session() as session:
                await groups.lost(session, chat_id=post.chat_id, reason=exc.message)
                await session.commit()
        except TelegramError as exc:
            log.warning("group post in %s not edited: %s", post.chat_id, exc)
    if targets.unsent:
        refresh_counts_soon(context.jobs, forum_id)


# ---------------------------------------------------------------- the admins' approval digests


def refresh_digests_soon(context: SinergiContext, delay: float | None = None) -> None:
    """Refresh the approval digests in `delay` seconds (default `DIGEST_REFRESH_DELAY`)
    unless a refresh is already due."""
    if context.jobs.get_jobs_by_name(DIGEST_JOB):
        return
    context.jobs.run_once(
        _digest_job, DIGEST_REFRESH_DELAY if delay is None else delay, name=DIGEST_JOB
    )


async def _digest_job(context: SinergiContext) -> None:
    await refresh_digests(context)


async def refresh_digests(context: SinergiContext) -> None:
    """Sync every admin's digest now and make the edits (one refresh at a time).

    A digest still being sent is looked at again later; a 429 postpones the rest; a digest
    message the admin deleted is forgotten, so the next change sends a new one.
    """
    lock = context.bot_data.extra.setdefault(DIGEST_LOCK, asyncio.Lock())
    assert isinstance(lock, asyncio.Lock)
    async with lock:
        async with context.session() as session:
            result = await notices.approvals.sync(
                session, admin_ids=context.settings.admin_ids, now=utcnow()
            )
            await session.commit()
        context.sender.wake()
        for edit in result.edits:
            markup = (
                InlineKeyboardMarkup.de_json(edit.reply_markup, context.bot)
                if edit.reply_markup is not None
                else None
            )
            try:
                await context.bot.edit_message_text(
                    edit.text,
                    chat_id=edit.chat_id,
                    message_id=edit.message_id,
                    reply_markup=markup,
                )
            except RetryAfter as exc:
                seconds = retry_seconds(exc)
                refresh_digests_soon(context, seconds + DIGEST_REFRESH_DELAY)
                return
            except BadRequest as exc:
                if is_not_modified(exc):
                    continue
                log.info("approval digest in %s not edited: %s", edit.chat_id, exc.message)
                async with context.session() as session:
                    await approvals.forget(session, edit.chat_id)
                    await session.commit()
            except TelegramError as exc:
                log.warning("approval digest in %s not edited: %s", edit.chat_id, exc)
    if result.unsettled:
        refresh_digests_soon(context)
