"""The typed callback context: `.settings`, `.session()`, `.sender`, `.user_state`, `.jobs`."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.db import SessionMaker
from bot.metrics import OfficeMetrics
from bot.settings import Settings

if TYPE_CHECKING:
    from scheduler.outbox import Sender

# PTB's defaults for `user_data` and `chat_data`: plain dicts, one per user and per chat.
UserData: TypeAlias = dict[Any, Any]
ChatData: TypeAlias = dict[Any, Any]


@dataclass
class BotData:
    """Resources shared by all handlers, created in `post_init` and closed in `post_shutdown`."""

    settings: Settings | None = None
    sessions: SessionMaker | None = None
    sender: Sender | None = None
    metrics: OfficeMetrics | None = None
    extra: dict[str, object] = field(default_factory=dict)
    # Work the first updates may use but the first getUpdates need not wait for (loading
    # locale data): `SinergiApplication.start` runs each as a task once PTB has started.
    after_start: list[Callable[[], Coroutine[Any, Any, None]]] = field(default_factory=list)


class SinergiContext(CallbackContext[ExtBot[str], UserData, ChatData, BotData]):
    """CallbackContext with typed access to the bot's resources."""

    def __init__(
        self,
        application: SinergiApplication,
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def settings(self) -> Settings:
        assert self.bot_data.settings is not None
        return self.bot_data.settings

    @property
    def sender(self) -> Sender:
        assert self.bot_data.sender is not None, "sender is created in post_init"
        return self.bot_data.sender

    @property
    def user_state(self) -> UserData:
        """This user's `user_data`; every update the handlers take comes from a user."""
        user_data = self.user_data
        assert user_data is not None, "the update has no user"
        return user_data

    @property
    def jobs(self) -> JobQueue[SinergiContext]:
        """The application's JobQueue (the `job-queue` extra is a dependency)."""
        job_queue = self.job_queue
        assert job_queue is not None, "PTB was installed without the job-queue extra"
        # PTB annotates `CallbackContext.job_queue` with a type variable that only its
        # `__init__` binds, so mypy cannot see that it is this context's queue.
        return cast("JobQueue[SinergiContext]", job_queue)

    def session(self) -> AsyncSession:
        """A new AsyncSession (use `async with`); one per update."""
        assert self.bot_data.sessions is not None, "sessions are created in post_init"
        return self.bot_data.sessions()


class SinergiApplication(
    Application[ExtBot[str], SinergiContext, UserData, ChatData, BotData, Any]
):
    """The Application as `build_application` builds it: an ExtBot with the TelegramBudget
    (whose per-call argument is a str, `BULK`) and `ContextTypes(context=SinergiContext,
    bot_data=BotData)`. The last parameter is `Any` because PTB's builder keeps its default
    JobQueue type after `context_types()`; handlers reach the queue through
    `SinergiContext.jobs`."""

    async def start(self) -> None:
        """PTB's `Application.start`, then each of `BotData.after_start` as a task.

        Both `run_polling` and `bot.app.running` start the updater before the Application,
        so the tasks run while the first getUpdates is out. PTB's `stop` waits for them;
        an exception in one goes to the error handlers.
        """
        await super().start()
        for work in self.bot_data.after_start:
            self.create_task(work(), name=f"after start: {work.__qualname__}")

    async def initialize(self) -> None:
        """PTB's `Application.initialize`; when it fails, the bot's HTTP clients are closed.

        PTB opens them and then calls getMe; when getMe fails (a wrong token, no network)
        it leaves them open, and a collected aiohttp session (bot/transport.py) is an
        ERROR line at exit.
        """
        try:
            await super().initialize()
        except BaseException:
            await self.bot.shutdown()
            raise
