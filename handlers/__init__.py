"""Telegram update handlers, one module per area; `register` adds them in their one order."""

from __future__ import annotations

import warnings

from telegram.warnings import PTBUserWarning

from bot.context import SinergiApplication
from handlers import announcements, forums, general, registration, reports, rsvp


def register(application: SinergiApplication) -> None:
    """Add every handler: conversations first, plain commands and buttons, catch-alls last."""
    # Conversations are per user on purpose: a step's buttons belong to that user's form,
    # whichever message carries them, so PTB's per_message advice does not apply.
    warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
    registration.register(application)
    forums.register(application)
    rsvp.register(application)
    announcements.register(application)
    reports.register(application)
    general.register(application)
    general.register_fallbacks(application)
