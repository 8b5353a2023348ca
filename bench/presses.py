"""RSVP button presses by many simulated members, timed from the press to answer and edit.

Each pressing member gets, in their sandbox chat, the invitation the bot would have sent
(`render.invitation` + `keyboards.rsvp`, injected as a bot message), then presses Hadir and
Tidak hadir in turn, so that every press writes an answer and changes the invitation.
A press counts as done when the bot has both answered the callback query and edited the
invitation; its latency is measured to the later of the two.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select
from telegram import Update
from telegram.ext import TypeHandler

from bench.common import percentile
from bench.data import Dataset
from bot import callback_data as cd
from bot import keyboards, render
from bot.context import SinergiApplication, SinergiContext
from bot.db import create_engine, create_session_maker
from bot.settings import Settings
from models import Forum, ForumPillar, Pillar, Rsvp, RsvpAnswer
from sandbox import BotApiSandbox, SandboxEvent, SandboxMessage, SimUser

PRESS_TIMEOUT = 60.0
#: Handlers in this group run before every handler of the bot (`StatementCounter`).
OBSERVER_GROUP = -1000
# The invitation the bot sends names the office (`settings.office_name`): its default here.
OFFICE = Settings.model_fields["office_name"].default
#: How long after its answer an edit may come before the press counts as failed.
EDIT_TIMEOUT = 10.0


@dataclass(frozen=True)
class PlannedPress:
    """One member's invitation (HTML and keyboard as the bot renders them) and the two
    callback data pressed in turn (the first differs from the stored answer)."""

    user_id: int
    first_name: str
    html: str
    markup: dict[str, object]
    data: tuple[str, str]


@dataclass
class PressStats:
    """What one batch of presses gave: successful presses, wall time, their latencies
    (seconds), failed presses (refused, errors, no answer or no edit), and the SQL
    statements per press where counted."""

    presses: int = 0
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    #: SQL statements of each press, where counted (`StatementCounter`).
    statements: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.presses / self.wall if self.wall > 0 else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 0.5)

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 0.99)


async def plan(dataset: Dataset, *, users: int, tz: ZoneInfo, seed: int = 5) -> list[PlannedPress]:
    """Pick `users` members, each with a forum inviting their pillar."""
    rng = random.Random(seed)
    member_ids = rng.sample(sorted(dataset.members), min(users, len(dataset.members)))
    engine = create_engine(dataset.url)
    planned = []
    try:
        async with create_session_maker(engine)() as session:
            pillars = {p.id: p for p in (await session.exec(select(Pillar))).all()}
            for member_id in member_ids:
                user_id, pillar_id, name, lang = dataset.members[member_id]
                forum_id = rng.choice(dataset.forums_inviting(pillar_id))
                forum = await session.get(Forum, forum_id)
                assert forum is not None
                invited = (
                    await session.exec(
                        select(ForumPillar.pillar_id).where(ForumPillar.forum_id == forum_id)
                    )
                ).all()
                answer = (
                    await session.exec(
                        select(Rsvp).where(
                            Rsvp.forum_id == forum_id, col(Rsvp.member_id) == member_id
                        )
                    )
                ).first()
                forum_pillars = sorted((pillars[p] for p in invited), key=lambda p: p.sort_order)
                html = render.invitation(
                    forum, forum_pillars, lang, tz, answer, name=name, office=OFFICE
                )
                current = answer.answer if answer else None
                markup = keyboards.rsvp(lang, forum_id, current).to_dict()
                first, second = (
                    (RsvpAnswer.DECLINED, RsvpAnswer.ATTENDING)
                    if current == RsvpAnswer.ATTENDING
                    else (RsvpAnswer.ATTENDING, RsvpAnswer.DECLINED)
                )
                data = (cd.rsvp(forum_id, first), cd.rsvp(forum_id, second))
                planned.append(PlannedPress(user_id, name.split()[0], html, markup, data))
    finally:
        await engine.dispose()
    return planned


@dataclass
class Presser:
    """A planned press sequence installed in one sandbox: the user, the invitation, the data."""

    user: SimUser
    message: SandboxMessage
    data: tuple[str, str]
    pressed: int = 0

    def next_data(self) -> str:
        data = self.data[self.pressed % 2]
        self.pressed += 1
        return data


def install(sandbox: BotApiSandbox, planned: Sequence[PlannedPress]) -> list[Presser]:
    """Open each member's chat and put the invitation there, as if the bot had sent it."""
    pressers = []
    for item in planned:
        user = sandbox.user(item.user_id, item.first_name)
        message = sandbox.put_bot_message(user, item.html, item.markup)
        pressers.append(Presser(user, message, item.data))
    return pressers


class EditClock:
    """Times of the bot's edits, per (chat, message), taken when the sandbox applies them."""

    def __init__(self, sandbox: BotApiSandbox) -> None:
        self._sandbox = sandbox
        self._waiting: dict[tuple[int, int], asyncio.Future[float]] = {}

    def __enter__(self) -> EditClock:
        self._sandbox.add_listener(self._on_event)
        return self

    def __exit__(self, *exc: object) -> None:
        self._sandbox.remove_listener(self._on_event)

    def expect(self, message: SandboxMessage) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[(message.chat_id, message.message_id)] = future
        return future

    def _on_event(self, event: SandboxEvent) -> None:
        if event.kind != "bot_edit" or event.message is None:
            return
        future = self._waiting.pop((event.chat_id, event.message.message_id), None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())


async def _press(clock: EditClock, presser: Presser, stats: PressStats) -> None:
    """One press; a refusal, an error or a missing answer or edit counts as a failure.

    After a failure the same answer is pressed next time, so that presses keep writing.
    """
    data = presser.next_data()
    edited = clock.expect(presser.message)
    started = time.perf_counter()
    try:
        answer = await presser.user.press_data(presser.message, data, timeout=PRESS_TIMEOUT)
        answered = time.perf_counter()
        if answer.show_alert:  # a refusal or the error handler's popup: no edit follows
            raise LookupError(answer.text)
        async with asyncio.timeout(EDIT_TIMEOUT):
            edit_at = await edited
    except (TimeoutError, LookupError):
        stats.failures += 1
        presser.pressed -= 1
        edited.cancel()
        return
    stats.latencies.append(max(answered, edit_at) - started)


async def serial(sandbox: BotApiSandbox, pressers: Sequence[Presser], count: int) -> PressStats:
    """`count` presses one after the other (one in flight): latency without queueing."""
    stats = PressStats()
    with EditClock(sandbox) as clock:
        started = time.perf_counter()
        for index in range(count):
            await _press(clock, pressers[index % len(pressers)], stats)
        stats.wall = time.perf_counter() - started
    stats.presses = count - stats.failures
    return stats


async def concurrent(
    sandbox: BotApiSandbox, pressers: Sequence[Presser], per_user: int
) -> PressStats:
    """Every presser presses `per_user` times, all members at once: throughput."""
    stats = PressStats()

    async def member(presser: Presser) -> None:
        for _ in range(per_user):
            await _press(clock, presser, stats)

    with EditClock(sandbox) as clock:
        started = time.perf_counter()
        await asyncio.gather(*(member(p) for p in pressers))
        stats.wall = time.perf_counter() - started
    stats.presses = per_user * len(pressers) - stats.failures
    return stats


class StatementCounter:
    """The SQL statements the bot's engine executes while handling each update, counted while
    inside the `with` block; `statements` has one list per update, in arrival order.

    Counted is what SQLAlchemy's `before_cursor_execute` sees: every statement the dialect
    sends through a cursor. BEGIN and COMMIT are not among them on either backend (pysqlite
    begins implicitly and commits with `connection.commit()`; SQLAlchemy's asyncpg adapter
    uses asyncpg's transaction object). A handler in a group of its own, ahead of the bot's,
    marks the task that handles each update; what runs in other tasks (the sender, the
    scheduler's jobs, the instance guard) is not counted.
    """

    def __init__(self, application: SinergiApplication) -> None:
        engine = application.bot_data.extra["engine"]
        assert isinstance(engine, AsyncEngine)
        self._application = application
        self._engine = engine
        self._observer = TypeHandler(Update, self._observe)
        self._current: dict[asyncio.Task[Any], list[str]] = {}
        self._tasks: list[asyncio.Task[Any]] = []
        self.statements: list[list[str]] = []

    async def _observe(self, update: Update, context: SinergiContext) -> None:
        task = asyncio.current_task()
        assert task is not None
        # A task may handle several updates one after the other: each gets its own list.
        self._current[task] = []
        self.statements.append(self._current[task])
        self._tasks.append(task)

    def _record(self, *args: Any) -> None:
        task = asyncio.current_task()
        if task is not None and task in self._current:
            self._current[task].append(args[2])

    def __enter__(self) -> StatementCounter:
        self._application.add_handler(self._observer, group=OBSERVER_GROUP)
        event.listen(self._engine.sync_engine, "before_cursor_execute", self._record)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        event.remove(self._engine.sync_engine, "before_cursor_execute", self._record)
        self._application.remove_handler(self._observer, group=OBSERVER_GROUP)

    @property
    def counts(self) -> list[int]:
        """Statements per update, in arrival order."""
        return [len(statements) for statements in self.statements]

    async def handled(self) -> None:
        """Wait until every update seen so far is handled to the end: the answer and the edit
        are not the end (the session closes after them). Bound it with `asyncio.timeout`."""
        pending = [task for task in self._tasks if not task.done()]
        if pending:
            await asyncio.wait(pending)
