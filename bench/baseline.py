"""The baseline: a bare PTB bot that answers each callback query and edits its message, and
answers a command (`/rekap`) with one fixed line.

It is built like `bot.app.build_application` builds Sinergi (same base URLs, HTML default
parse mode, `AIORateLimiter(max_retries=0)`, the bot's update processor and concurrency when
it has them, polling as `bot.app.running` does), but has no database, no catalogs and no
conversation: what is left is the cost of PTB and the sandbox.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
)

from bot.settings import Settings
from sandbox import BotApiSandbox


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Tercatat")
    # The same keyboard again; only the text changes (pressed data alternate).
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    await query.edit_message_text(f"Jawaban: <b>{query.data}</b>", reply_markup=markup)


async def _command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text("Rekap: <b>0</b> forum")


def update_processor() -> BaseUpdateProcessor | None:
    """The bot's own update processor with its default concurrency, if it has one."""
    try:
        from bot.updates import PerUserUpdateProcessor
    except ImportError:
        return None
    field = Settings.model_fields.get("concurrent_updates")
    return PerUserUpdateProcessor(int(field.default) if field else 1)


@contextlib.asynccontextmanager
async def bare_bot(sandbox: BotApiSandbox, *, rate_limiter: bool = True) -> AsyncIterator[object]:
    """Run the baseline bot against `sandbox` until the block ends."""
    builder = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
    )
    # The builder's methods change it in place (and return it with a narrower type).
    if rate_limiter:
        builder.rate_limiter(AIORateLimiter(max_retries=0))
    processor = update_processor()
    if processor is not None:
        builder.concurrent_updates(processor)
    application = builder.build()
    application.add_handler(CallbackQueryHandler(_pressed))
    application.add_handler(CommandHandler("rekap", _command))
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
