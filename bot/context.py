"""The typed callback context: `context.settings`, `context.session()`, `context.sender`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram.ext import Application, CallbackContext, ExtBot

from bot.db import SessionMaker
from bot.settings import Settings

if TYPE_CHECKING:
    from scheduler.outbox import Sender


@dataclass
class BotData:
    """Resources shared by all handlers, created in `post_init` and closed in `post_shutdown`."""

    settings: Settings | None = None
    sessions: SessionMaker | None = None
    sender: Sender | None = None
    extra: dict[str, object] = field(default_factory=dict)


class SinergiContext(CallbackContext[ExtBot[None], dict, dict, BotData]):  # type: ignore[type-arg]
    """CallbackContext with typed access to the bot's resources."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
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

    def session(self):  # type: ignore[no-untyped-def]
        """A new AsyncSession (use `async with`); one per update."""
        assert self.bot_data.sessions is not None, "sessions are created in post_init"
        return self.bot_data.sessions()
