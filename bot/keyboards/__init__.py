"""Every inline keyboard the bot shows, by area; labels come from the catalogs.

Callers use `bot.keyboards.<name>`; the area modules hold the code. Callback-data formats
live in `bot.callback_data`.
"""

from __future__ import annotations

from bot.keyboards.announcements import (
    FORUM_AUDIENCE_WORDS,
    active_announcements,
    announce_now,
    announce_skip_file,
    audience,
    audience_forums,
    cancel_sending,
    delivery_report,
    receipt,
)
from bot.keyboards.common import (
    confirm,
    languages,
    pages,
    pillar_toggles,
    pillars,
    skip,
    with_ics,
)
from bot.keyboards.forums import (
    attendance_page,
    change_scope,
    exports,
    exports_row,
    forum_list,
    forum_manage,
    forum_reminders,
    group_choice,
    new_forum_offsets,
    offset_toggles,
    repeat_choice,
    representable,
    rsvp,
)
from bot.keyboards.members import (
    approval,
    directory_menu,
    directory_page,
    member_card,
    member_pillars,
    own_profile,
    pillar_card,
    pillar_delete,
    pillar_list,
    unreject,
    waiting,
)

__all__ = [
    "FORUM_AUDIENCE_WORDS",
    "active_announcements",
    "announce_now",
    "announce_skip_file",
    "approval",
    "attendance_page",
    "audience",
    "audience_forums",
    "cancel_sending",
    "change_scope",
    "confirm",
    "delivery_report",
    "directory_menu",
    "directory_page",
    "exports",
    "exports_row",
    "forum_list",
    "forum_manage",
    "forum_reminders",
    "group_choice",
    "languages",
    "member_card",
    "member_pillars",
    "new_forum_offsets",
    "offset_toggles",
    "own_profile",
    "pages",
    "pillar_card",
    "pillar_delete",
    "pillar_list",
    "pillar_toggles",
    "pillars",
    "receipt",
    "repeat_choice",
    "representable",
    "rsvp",
    "skip",
    "unreject",
    "waiting",
    "with_ics",
]
