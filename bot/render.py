"""Composite texts (forum details, profiles, recaps) rendered from the catalogs as HTML.

The one place that splits long texts under Telegram's 4,096-character limit lives here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from bot.dates import format_datetime, format_time
from bot.i18n import Html, t
from bot.services.reports import Recap
from models import Forum, Member, Pillar, Rsvp, RsvpAnswer

MESSAGE_LIMIT = 4096

_ANSWER_KEYS = {
    RsvpAnswer.ATTENDING: "answer-attending",
    RsvpAnswer.DELEGATED: "answer-delegated",
    RsvpAnswer.DECLINED: "answer-declined",
}


def when(forum: Forum, lang: str, tz: ZoneInfo) -> str:
    """ "Senin, 14 Oktober 2024, 09.00 WIB" or with the end time: "... 09.00–12.00 WIB"."""
    start = format_datetime(forum.starts_at, tz=tz, lang=lang)
    if forum.ends_at is None:
        return start
    if forum.ends_at.astimezone(tz).date() == forum.starts_at.astimezone(tz).date():
        return f"{start} – {format_time(forum.ends_at, tz=tz, lang=lang)}"
    return f"{start} – {format_datetime(forum.ends_at, tz=tz, lang=lang)}"


def forum_details(
    forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo, *, heading: str
) -> Html:
    """The block describing a forum (title, time, venue, agenda, pillars, deadline)."""
    deadline = (
        t(lang, "forum-deadline", deadline=format_datetime(forum.rsvp_deadline, tz=tz, lang=lang))
        if forum.rsvp_deadline
        else ""
    )
    return t(
        lang,
        "forum-details",
        heading=Html(heading),
        title=forum.title,
        when=when(forum, lang, tz),
        venue=forum.venue,
        agenda=forum.agenda or "-",
        pillars=", ".join(p.code for p in pillars),
        deadline=Html(deadline),
    )


def answer_label(lang: str, rsvp: Rsvp | None) -> Html:
    """ "Hadir", "Diwakilkan: <name> (<position>)", "Tidak hadir" or "belum konfirmasi"."""
    if rsvp is None:
        return t(lang, "answer-none")
    if rsvp.answer == RsvpAnswer.DELEGATED:
        return t(
            lang,
            "answer-delegated-to",
            name=rsvp.delegate_name or "",
            position=rsvp.delegate_position or "",
        )
    return t(lang, _ANSWER_KEYS[rsvp.answer])


def invitation(
    forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo, rsvp: Rsvp | None
) -> Html:
    """The invitation a member receives, with their current answer."""
    details = forum_details(forum, pillars, lang, tz, heading=t(lang, "invitation-heading"))
    return t(lang, "invitation", details=details, answer=answer_label(lang, rsvp))


def profile(member: Member, pillar: Pillar, lang: str) -> Html:
    """A member's profile card."""
    return t(
        lang,
        "profile",
        name=member.full_name,
        pillar=pillar.code,
        institution=member.institution,
        position=member.position,
        status=t(lang, f"status-{member.status}"),
    )


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split rendered HTML on line boundaries so each part stays under `limit` characters.

    Callers keep every tag within one line, so a split between lines never cuts a tag.
    A single line longer than the limit is cut at the limit as a last resort. Joining the
    parts with newlines gives back the text.
    """
    if not text:
        return []
    parts: list[str] = []
    current: list[str] = []
    size = -1  # characters in `current` joined with newlines
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append("\n".join(current))
                current, size = [], -1
            parts.append(line[:limit])
            line = line[limit:]
        if current and size + 1 + len(line) > limit:
            parts.append("\n".join(current))
            current, size = [], -1
        current.append(line)
        size += 1 + len(line)
    if current:
        parts.append("\n".join(current))
    return parts


def lines(items: Iterable[str]) -> Html:
    """Join pre-rendered HTML lines."""
    return Html("\n".join(items))


def recap(report: Recap, lang: str, tz: ZoneInfo) -> Html:
    """`/rekap` for one forum: a line per pillar, the total, and core pillars nobody confirmed."""
    rows = [
        t(
            lang,
            "recap-row",
            pillar=row.code,
            core=Html("⭐" if row.is_core else ""),
            invited=row.invited,
            attending=row.attending,
            delegated=row.delegated,
            declined=row.declined,
            none=row.no_answer,
        )
        for row in report.pillars
    ]
    total = report.total
    missing = report.core_missing
    return t(
        lang,
        "recap",
        title=report.forum.title,
        when=when(report.forum, lang, tz),
        rows=lines(rows),
        invited=total.invited,
        attending=total.attending,
        delegated=total.delegated,
        declined=total.declined,
        none=total.no_answer,
        missing=Html(
            t(lang, "recap-core-missing", pillars=", ".join(missing))
            if missing
            else t(lang, "recap-core-complete")
        ),
    )
