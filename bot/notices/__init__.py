"""What the bot tells people after something happened: service results into outbox rows.

`bot.services` apply the rules and return what happened as plain data; the functions here
render it (`bot.render`, `bot.keyboards`, the catalogs) and queue it
(`bot.services.outbox`), in the caller's session, one module per area. Handlers and the
scheduler call the service, then the notice, then commit: one transaction, so a crash
loses or repeats nothing. Dedupe keys are part of the stored data (restarts and re-runs
depend on them): never change one.
"""

from bot.notices import (
    announcements,
    approvals,
    changes,
    forums,
    groups,
    letters,
    members,
    reminders,
    survey,
    waitlist,
)

__all__ = [
    "announcements",
    "approvals",
    "changes",
    "forums",
    "groups",
    "letters",
    "members",
    "reminders",
    "survey",
    "waitlist",
]
