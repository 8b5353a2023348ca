"""/forum_baru: the guided creation of a forum, its preview and publishing; 📄 Duplikat
starts it from an existing forum. One ConversationHandler; its steps by what they ask."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot import callback_data as cd
from bot.context import SinergiApplication
from handlers.common import PRIVATE, Form
from handlers.forum_form import attachment, basics, duplicate, options, preview
from handlers.forum_form.draft import (
    AGENDA,
    CAPACITY,
    DEADLINE,
    DRAFT,
    DUPLICATE_START,
    END,
    FILE,
    LOCATION,
    NOTE,
    OCCURRENCES,
    OFFSETS,
    PILLARS,
    PREVIEW,
    REPEAT,
    START,
    TITLE,
    VENUE,
)


def register(application: SinergiApplication) -> None:
    """Add the form's ConversationHandler."""
    form = Form(application, DRAFT)
    application.add_handler(
        ConversationHandler(
            entry_points=[
                CommandHandler(["forum_baru", "newforum"], basics.new_forum, PRIVATE),
                CallbackQueryHandler(
                    duplicate.duplicate, pattern=rf"^{cd.FORUM_DUPLICATE}:[0-9]+$"
                ),
            ],
            states={
                TITLE: form.text(basics.got_title),
                START: form.text(basics.got_start),
                END: basics.END_STEP.handlers(form),
                VENUE: form.text(basics.got_venue),
                AGENDA: form.text(basics.got_agenda),
                PILLARS: form.buttons(
                    CallbackQueryHandler(
                        basics.toggled_pillar, pattern=cd.pattern(cd.FORUM_PILLAR)
                    )
                ),
                DEADLINE: basics.DEADLINE_STEP.handlers(form),
                CAPACITY: basics.CAPACITY_STEP.handlers(form),
                LOCATION: options.LOCATION_STEP.handlers(form),
                OFFSETS: form.buttons(
                    CallbackQueryHandler(
                        options.toggled_offset, pattern=cd.pattern(cd.FORUM_OFFSET)
                    )
                ),
                NOTE: options.NOTE_STEP.handlers(form),
                REPEAT: form.buttons(
                    CallbackQueryHandler(options.chose_repeat, pattern=cd.pattern(cd.FORUM_REPEAT))
                ),
                OCCURRENCES: form.text(options.got_occurrences),
                DUPLICATE_START: form.text(duplicate.got_duplicate_start),
                FILE: [
                    CallbackQueryHandler(attachment.keep_file, pattern=f"^{cd.FORUM_FILE_KEEP}$"),
                    *attachment.FILE_STEP.handlers(form),
                ],
                PREVIEW: form.buttons(
                    CallbackQueryHandler(preview.publish, pattern=cd.pattern(cd.FORUM_PUBLISH))
                ),
            },
            fallbacks=[form.cancel()],
            allow_reentry=True,
            name="new_forum",
        )
    )
