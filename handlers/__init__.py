"""Telegram update handlers, one module per area; `register` adds them in their one order."""

from __future__ import annotations

import warnings

from telegram.warnings import PTBUserWarning

from bot.context import SinergiApplication
from handlers import (
    announcements,
    approvals,
    attendance,
    audit,
    broadcasts,
    changes,
    checkin,
    exports,
    forum_attachment,
    forum_form,
    forum_letter,
    forum_options,
    forums,
    general,
    groups,
    kiosk,
    members,
    minutes,
    office,
    photos,
    pillars,
    profile,
    registration,
    reports,
    rsvp,
    spj,
    survey,
    waitlist,
)


def register(application: SinergiApplication) -> None:
    """Add every handler: conversations first, plain commands and buttons, catch-alls last."""
    # Conversations are per user on purpose: a step's buttons belong to that user's form,
    # whichever message carries them, so PTB's per_message advice does not apply.
    warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
    checkin.register(application)
    # A group's presses and service messages, and the RSVP conversation with its
    # `/start w_<forum>` entry, come before the registration's /start would take them.
    groups.register(application)
    rsvp.register(application)
    registration.register(application)
    members.register(application)
    profile.register(application)
    pillars.register(application)
    office.register(application)
    approvals.register(application)
    forum_form.register(application)
    forums.register(application)
    changes.register(application)
    forum_options.register(application)
    forum_attachment.register(application)
    forum_letter.register(application)
    photos.register(application)
    minutes.register(application)
    waitlist.register(application)
    announcements.register(application)
    broadcasts.register(application)
    reports.register(application)
    survey.register(application)
    attendance.register(application)
    kiosk.register(application)
    exports.register(application)
    spj.register(application)
    audit.register(application)
    general.register(application)
    general.register_fallbacks(application)
