"""Composite texts (forum details, profiles, recaps) rendered from the catalogs as HTML.

The one place that splits long texts under Telegram's 4,096-character limit lives here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dates import format_date, format_datetime, format_time
from bot.i18n import Html, t
from bot.services.members import RosterPage
from bot.services.reports import PillarRecap, Recap
from models import Forum, Member, MemberStatus, Pillar, Rsvp, RsvpAnswer

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


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis when it is longer."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def forum_button(forum: Forum, tz: ZoneInfo) -> str:
    """A forum's inline-button label: the title shortened, then the date and time whole."""
    local = forum.starts_at.astimezone(tz)
    return f"{shorten(forum.title, 40)} · {local:%d/%m/%Y %H.%M}"


def capacity_label(lang: str, capacity: int | None) -> Html:
    """ "50 kursi" or "tanpa batas"."""
    if capacity is None:
        return t(lang, "capacity-unlimited")
    return t(lang, "capacity-seats", count=capacity)


def time_until(start: datetime, now: datetime, lang: str) -> Html:
    """How far away a forum is, as staff say it: "H-1", "2 jam lagi", "15 menit lagi"."""
    seconds = max(0.0, (start - now).total_seconds())
    if seconds >= 20 * 3600:
        return t(lang, "until-days", days=max(1, round(seconds / 86400)))
    if seconds >= 3600:
        return t(lang, "until-hours", hours=round(seconds / 3600))
    return t(lang, "until-minutes", minutes=max(1, round(seconds / 60)))


def date_examples(now: datetime, tz: ZoneInfo) -> str:
    """The accepted date forms, shown for a day a week ahead (never an example in the past)."""
    day = (now + timedelta(days=7)).astimezone(tz)
    long_form = format_date(day, tz=tz, lang="id")  # "Minggu, 6 Desember 2026"
    return " · ".join(
        [
            f"{day:%d/%m/%Y} 09:00",
            f"{day:%d-%m-%Y} 09.00",
            f"{long_form.split(', ', 1)[1]} pukul 09.00",
            f"{long_form} 9:00",
            "besok 09:00",
        ]
    )


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
    """ "Hadir", "Diwakilkan: <name> (<position>)", "Tidak hadir" or "belum konfirmasi";
    an answer waiting for a seat adds " — daftar tunggu"."""
    if rsvp is None:
        return t(lang, "answer-none")
    if rsvp.answer == RsvpAnswer.DELEGATED:
        label = t(
            lang,
            "answer-delegated-to",
            name=rsvp.delegate_name or "",
            position=rsvp.delegate_position or "",
        )
    else:
        label = t(lang, _ANSWER_KEYS[rsvp.answer])
    if rsvp.answer != RsvpAnswer.DECLINED and rsvp.waitlisted_at is not None:
        return t(lang, "answer-waitlisted", answer=label)
    return label


def recorded(lang: str, rsvp: Rsvp, waitlist_position: int | None) -> Html:
    """The popup after an answer, in a private chat or a group: recorded, or its place on
    the waitlist."""
    if waitlist_position is not None:
        return t(lang, "rsvp-waitlisted", position=waitlist_position)
    return t(lang, "rsvp-recorded", answer=answer_label(lang, rsvp))


def invitation(
    forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo, rsvp: Rsvp | None
) -> Html:
    """The invitation a member receives, with their current answer."""
    details = forum_details(forum, pillars, lang, tz, heading=t(lang, "invitation-heading"))
    return t(lang, "invitation", details=details, answer=answer_label(lang, rsvp))


def invitation_with_place(
    forum: Forum,
    pillars: Sequence[Pillar],
    lang: str,
    tz: ZoneInfo,
    rsvp: Rsvp | None,
    waitlist_position: int | None,
) -> Html:
    """The invitation with the member's answer and, while waiting, their waitlist number."""
    text = invitation(forum, pillars, lang, tz, rsvp)
    if waitlist_position is None:
        return text
    return Html(f"{text}\n{t(lang, 'waitlist-position-note', position=waitlist_position)}")


def profile(member: Member, pillar: Pillar, lang: str) -> Html:
    """A member's profile card."""
    return t(
        lang,
        "profile",
        name=member.full_name,
        pillar=pillar.code,
        institution=member.institution,
        position=member.position,
        status=t(lang, "status-admin" if member.is_admin else f"status-{member.status}"),
    )


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji may count two)."""
    return len(text.encode("utf-16-le")) // 2


_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&]|[<&]")


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split rendered HTML so each part stays within `limit` UTF-16 units.

    Parts break between lines, as late as possible; joining them with newlines gives back
    the text (a blank line at a break may be dropped: Telegram trims it anyway). A single
    line longer than the limit is cut between characters, never inside a tag or an entity,
    with its open tags closed at the cut and reopened in the next part.
    """
    parts: list[str] = []
    current: list[str] = []
    size = -1  # units of `current` joined with newlines

    def flush() -> None:
        nonlocal current, size
        if any(line.strip() for line in current):  # Telegram refuses a blank message
            parts.append("\n".join(current))
        current, size = [], -1

    for line in text.split("\n"):
        length = units(line)
        if length > limit:
            flush()
            *whole, line = _cut_line(line, limit)
            parts.extend(whole)
            length = units(line)
        if current and size + 1 + length > limit:
            flush()
        current.append(line)
        size += 1 + length
    flush()
    return parts


def _cut_line(line: str, limit: int) -> list[str]:
    """Cut one over-long line of HTML into pieces within `limit`, keeping tags balanced."""
    pieces: list[str] = []
    piece = ""
    opened: list[tuple[str, str]] = []  # (tag name, opening tag) open before the next token

    def closing(tags: list[tuple[str, str]]) -> str:
        return "".join(f"</{name}>" for name, _ in reversed(tags))

    for token in _TOKEN.findall(line):
        after = list(opened)
        if token.startswith("</"):
            after = after[:-1]
        elif token.startswith("<") and token.endswith(">") and len(token) > 2:
            after.append((token[1:-1].split()[0].lower(), token))
        reopened = "".join(tag for _, tag in opened)
        if piece != reopened and units(piece + token + closing(after)) > limit:
            pieces.append(piece + closing(opened))
            piece = reopened
        piece += token
        opened = after
    pieces.append(piece)
    return pieces


def lines(items: Iterable[str]) -> Html:
    """Join pre-rendered HTML lines."""
    return Html("\n".join(items))


def _waitlist(report: Recap, row: PillarRecap, lang: str) -> Html:
    """ " · daftar tunggu 3" for a forum with a capacity, nothing otherwise."""
    if report.forum.capacity is None:
        return Html("")
    return t(lang, "recap-waitlist", waitlisted=row.waitlisted)


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
            waitlist=_waitlist(report, row, lang),
            checked_in=row.checked_in,
        )
        for row in report.pillars
    ]
    total = report.total
    missing = report.core_missing
    text = t(
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
        waitlist=_waitlist(report, total, lang),
        checked_in=total.checked_in,
        capacity=Html(
            t(lang, "recap-capacity", capacity=report.forum.capacity)
            if report.forum.capacity is not None
            else ""
        ),
        missing=Html(
            t(lang, "recap-core-missing", pillars=", ".join(missing))
            if missing
            else t(lang, "recap-core-complete")
            if any(row.is_core for row in report.pillars)
            else ""
        ),
    )
    if not report.guests:
        return text
    # Walk-in guests are in no pillar: a line of their own, under the pillars' counts.
    return Html(f"{text}\n{t(lang, 'recap-guests', count=report.guests)}")


def roster(listing: RosterPage, lang: str) -> Html:
    """`/anggota`, one page: members per pillar (each page names the pillar of its first
    row), marking admins, pending ones and the unreachable; the page number when there are
    several."""
    out: list[str] = [t(lang, "roster-heading", count=listing.total)]
    pillar = None
    for entry in listing.entries:
        if entry.pillar.code != pillar:
            pillar = entry.pillar.code
            out.append(t(lang, "roster-pillar", pillar=pillar))
        member = entry.member
        marks = "".join(
            mark
            for flag, mark in (
                (member.is_admin, "👑"),
                (member.status == MemberStatus.PENDING, "⏳"),
                (not member.is_reachable, "⛔"),
            )
            if flag
        )
        out.append(
            t(
                lang,
                "roster-row",
                name=member.full_name,
                institution=member.institution,
                position=member.position,
                marks=Html(f" {marks}" if marks else ""),
            )
        )
    if listing.pages > 1:
        out.append(t(lang, "roster-page", page=listing.page + 1, pages=listing.pages))
    out.append(t(lang, "roster-legend"))
    return lines(out)
