"""Composite texts (forum details, profiles, recaps) rendered from the catalogs as HTML.

The one place that splits long texts under Telegram's 4,096-character limit lives here too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dates import (
    DateInputError,
    DateInputReason,
    format_clock,
    format_date,
    format_datetime,
    format_day,
    format_time,
    format_weekday,
    parse_local_span,
    zone_abbreviation,
)
from bot.i18n import Html, plain, t
from bot.services.directory import Card, Menu, Page, PillarRequest
from bot.services.forums import ForumDraft
from bot.services.member_edits import Edit
from bot.services.pillars import PillarSummary
from bot.services.reports import PillarRecap, Recap
from bot.services.series import occurrence_drafts
from models import Forum, Member, MemberStatus, Pillar, Rsvp, RsvpAnswer

MESSAGE_LIMIT = 4096

_ANSWER_KEYS = {
    RsvpAnswer.ATTENDING: "answer-attending",
    RsvpAnswer.DELEGATED: "answer-delegated",
    RsvpAnswer.DECLINED: "answer-declined",
}


def moment(value: datetime, lang: str, tz: ZoneInfo) -> Html:
    """One moment as users read it: "Senin, 14 Oktober 2024, pukul 09.00 WIB"."""
    return t(
        lang,
        "date-moment",
        date=format_date(value, tz=tz, lang=lang),
        time=format_time(value, tz=tz, lang=lang),
    )


def when(forum: Forum, lang: str, tz: ZoneInfo) -> Html:
    """A forum's time (`span` of its start and end; no end reads "s.d. selesai")."""
    return span(lang, tz, forum.starts_at, forum.ends_at, open_end=forum.ends_at is None)


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


def _example_day(now: datetime, tz: ZoneInfo) -> datetime:
    """The day examples are shown for: a week ahead, so never in the past."""
    return (now + timedelta(days=7)).astimezone(tz)


def date_examples(now: datetime, tz: ZoneInfo) -> str:
    """The accepted date forms, shown for a day a week ahead (never an example in the past)."""
    day = _example_day(now, tz)
    long_form = format_date(day, tz=tz, lang="id")  # "Minggu, 6 Desember 2026"
    return " · ".join(
        [
            f"{day:%d/%m/%Y} 09:00",
            f"{day:%d-%m-%Y} 09.00",
            f"{long_form.split(', ', 1)[1]} pukul 09.00",
            f"{long_form} 9:00",
            "besok 09:00",
            "besok jam 9 pagi",
            "Senin depan pukul 10.00",
        ]
    )


def range_examples(now: datetime, tz: ZoneInfo) -> str:
    """A start typed with its end, and with an open end, for a day a week ahead."""
    long_form = format_date(_example_day(now, tz), tz=tz, lang="id")
    return f"{long_form} pukul 09.00–12.00 · {long_form} pukul 09.00 s.d. selesai"


def span(
    lang: str, tz: ZoneInfo, start: datetime, end: datetime | None, *, open_end: bool = False
) -> Html:
    """A start with its end as staff write it: "Senin, 14 Desember 2026, pukul 09.00–12.00
    WIB", "... pukul 09.00 WIB s.d. selesai", or both dates when the end is another day."""
    date = format_date(start, tz=tz, lang=lang)
    if open_end:
        return t(lang, "date-open-end", date=date, time=format_time(start, tz=tz, lang=lang))
    if end is None:
        return moment(start, lang, tz)
    if end.astimezone(tz).date() != start.astimezone(tz).date():
        return t(lang, "date-days", start=moment(start, lang, tz), end=moment(end, lang, tz))
    same_zone = zone_abbreviation(tz, start) == zone_abbreviation(tz, end)
    return t(
        lang,
        "date-range",
        date=date,
        start=(format_clock if same_zone else format_time)(start, tz=tz, lang=lang),
        end=format_time(end, tz=tz, lang=lang),
    )


def read_back(
    lang: str,
    tz: ZoneInfo,
    start: datetime,
    end: datetime | None = None,
    *,
    open_end: bool = False,
) -> Html:
    """What a typed date was understood as, shown right after it is typed:
    "Dibaca: Senin, 14 Desember 2026, pukul 09.00 WIB" (see `span` for an end)."""
    return t(lang, "date-read", when=span(lang, tz, start, end, open_end=open_end))


_DATE_ERROR_KEYS: dict[DateInputReason, str] = {
    "unparseable": "error-date-unparseable",
    "two_times": "error-date-two-times",
    "no_day": "error-date-no-day",
    "two_dates": "error-date-two-dates",
    "invalid": "error-date-invalid",
    "ambiguous_day": "error-date-ambiguous-day",
    "ambiguous_hour": "error-date-ambiguous-hour",
    "no_date": "error-date-no-date",
    "no_time": "error-date-no-time",
    "weekday_mismatch": "error-date-weekday-mismatch",
    "range": "error-date-range",
    "end_before_start": "error-date-end-before-start",
    "past": "error-date-past-when",
}


def _with_a_time(text: str, now: datetime, tz: ZoneInfo) -> str:
    """A day typed without a time, with one that fits it: "besok 09:00", "nanti sore 15.00"
    (a morning hour would contradict "sore")."""
    for clock, hour in (("09:00", 9), ("15.00", 15), ("19.00", 19)):
        try:
            read = parse_local_span(f"{text} {clock}", now=now, tz=tz, allow_past=True)
        except DateInputError:
            continue
        if read.starts_at.astimezone(tz).hour == hour:  # "malam 09:00" would be 21.00
            return f"{text} {clock}"
    return f"{text} 09:00"


def date_error(lang: str, error: DateInputError, now: datetime, tz: ZoneInfo) -> Html:
    """Why a typed date is refused, quoting it, with examples for a day a week after `now`."""
    day = _example_day(now, tz)
    values: dict[str, str] = {"text": error.text, "examples": date_examples(now, tz)}
    if error.reason in ("two_times", "end_before_start"):
        values["range"] = f"{day:%d/%m/%Y} 09.00–12.00"
        values["overnight"] = f"{day:%d/%m/%Y} 20.00 s.d. {day + timedelta(days=1):%d/%m/%Y} 01.00"
    elif error.reason == "ambiguous_day":
        first, second = error.candidates
        values |= {
            "first": format_day(first, lang=lang),
            "second": format_day(second, lang=lang),
            "weekday": format_weekday(first, lang=lang),
            "example": f"{second:%d/%m/%Y} 09.00",
        }
    elif error.reason == "no_time":
        values["example"] = _with_a_time(error.text, now, tz)
    elif error.reason == "ambiguous_hour":
        values["late"] = f"{day:%d/%m/%Y} 23.00"
        values["early"] = f"{day + timedelta(days=1):%d/%m/%Y} 00.30"
    elif error.reason == "past":
        assert error.moment is not None  # the parser always says what was read
        values["when"] = moment(error.moment, lang, tz)
    return t(lang, _DATE_ERROR_KEYS[error.reason], **values)


def offset_label(lang: str, seconds: int) -> Html:
    """A reminder offset as staff say it: "H-1", "2 jam", "30 menit" (or "45 detik")."""
    for size, key, name in ((86400, "offset-days", "days"), (3600, "offset-hours", "hours")):
        if seconds % size == 0:
            return t(lang, key, **{name: seconds // size})
    if seconds % 60 == 0:
        return t(lang, "offset-minutes", minutes=seconds // 60)
    return t(lang, "offset-seconds", seconds=seconds)


def offset_labels(lang: str, offsets: Sequence[int]) -> dict[int, str]:
    """Each offset (seconds) with its label, in the given order (for toggle buttons)."""
    return {offset: offset_label(lang, offset) for offset in offsets}


def offsets_label(lang: str, offsets: Sequence[int]) -> Html:
    """ "H-1, 2 jam" (largest first), or "tanpa pengingat"."""
    if not offsets:
        return t(lang, "offsets-none")
    return Html(", ".join(offset_label(lang, o) for o in sorted(offsets, reverse=True)))


def map_line(forum: Forum, lang: str) -> Html | None:
    """ "🗺️ Peta lokasi" linking the forum's maps link, or None without one."""
    if not forum.map_url:
        return None
    # The link is checked (`bot.services.places.check_map_url`) and quoted for the attribute
    # here, not in the catalog: `t` escapes values for text, not for attributes.
    href = html.escape(forum.map_url, quote=True)
    label = t(lang, "forum-map-label")
    return t(lang, "forum-map-link", link=Html(f'<a href="{href}">{label}</a>'))


AGENDA_LINE = 80


def agenda_line(forum: Forum, lang: str) -> Html | None:
    """The agenda as a reminder shows it: its first line, shortened, pointing to the
    invitation when there is more; None for an empty agenda."""
    lines_ = [line.strip() for line in forum.agenda.splitlines() if line.strip()]
    if not lines_:
        return None
    first = shorten(lines_[0], AGENDA_LINE)
    if len(lines_) == 1 and first == lines_[0]:
        return t(lang, "reminder-agenda", agenda=first)
    return t(lang, "reminder-agenda-more", agenda=first)


def reminder_details(forum: Forum, lang: str, tz: ZoneInfo, *, heading: str) -> Html:
    """The block of a reminder or a nudge: title, time, venue, map link, the forum's note and
    the agenda's first line (the invitation has it whole)."""
    extras = [
        line
        for line in (
            map_line(forum, lang),
            t(lang, "forum-note-line", note=forum.reminder_note) if forum.reminder_note else None,
            agenda_line(forum, lang),
        )
        if line is not None
    ]
    return t(
        lang,
        "reminder-details",
        heading=Html(heading),
        title=forum.title,
        when=when(forum, lang, tz),
        venue=forum.venue,
        extras=Html("".join(f"\n{line}" for line in extras)),
    )


def reminder_settings(lang: str, offsets: Sequence[int], note: str | None) -> Html:
    """ "⏰ Pengingat: H-1, 2 jam" and, with a note, "📝 Catatan: …" (admins' views)."""
    out = [t(lang, "forum-reminders-line", offsets=offsets_label(lang, offsets))]
    if note:
        out.append(t(lang, "forum-note-line", note=note))
    return lines(out)


def series_dates(draft: ForumDraft, lang: str, tz: ZoneInfo) -> Html:
    """A series' preview: "🔁 Rangkaian setiap minggu, 3 kali:" and each occurrence's time."""
    occurrences = occurrence_drafts(draft, tz)
    out = [
        t(
            lang,
            "forum-series-line",
            repeat=t(lang, f"repeat-{draft.repeat}"),
            count=len(occurrences),
        )
    ]
    for occurrence in occurrences:
        assert occurrence.starts_at is not None
        shown = Forum(
            title="",
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            venue="",
            created_by=0,
        )
        out.append(t(lang, "forum-series-date", when=when(shown, lang, tz)))
    return lines(out)


def forum_details(
    forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo, *, heading: str
) -> Html:
    """The block describing a forum (title, time, venue, agenda, pillars, deadline), and
    the map link when it has one."""
    details = _forum_details(forum, pillars, lang, tz, heading=heading)
    link = map_line(forum, lang)
    return details if link is None else Html(f"{details}\n{link}")


def _forum_details(
    forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo, *, heading: str
) -> Html:
    return t(
        lang, "forum-details", heading=Html(heading), **_forum_values(forum, pillars, lang, tz)
    )


def _forum_values(
    forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo
) -> dict[str, str]:
    """A forum's fields as its texts show them (`forum-details`, `whatsapp-invitation`)."""
    deadline = (
        t(lang, "forum-deadline", deadline=moment(forum.rsvp_deadline, lang, tz))
        if forum.rsvp_deadline
        else Html("")
    )
    return {
        "title": forum.title,
        "when": when(forum, lang, tz),
        "venue": forum.venue,
        "agenda": forum.agenda or "-",
        "pillars": ", ".join(p.name for p in pillars),
        "deadline": deadline,
    }


def answer_label(lang: str, rsvp: Rsvp | None) -> Html:
    """ "Hadir", "diwakili oleh <name> (<position>)", "Tidak hadir" or "belum konfirmasi";
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


def invitation_details(forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo) -> Html:
    """The forum's block of an invitation: the same for every invitee in one language."""
    return forum_details(forum, pillars, lang, tz, heading=t(lang, "invitation-heading"))


def addressed(details: Html, lang: str, rsvp: Rsvp | None, *, name: str, office: str) -> Html:
    """An invitation as one invitee reads it: "Yth. Bapak/Ibu <name>," and the office that
    invites, the forum's `details` (`invitation_details`), then their current answer."""
    return t(
        lang,
        "invitation",
        salutation=t(lang, "invitation-salutation", name=name, office=office),
        details=details,
        answer=answer_label(lang, rsvp),
    )


def invitation(
    forum: Forum,
    pillars: Sequence[Pillar],
    lang: str,
    tz: ZoneInfo,
    rsvp: Rsvp | None,
    *,
    name: str,
    office: str,
) -> Html:
    """The invitation a member (`name`) receives from `office`, with their current answer."""
    details = invitation_details(forum, pillars, lang, tz)
    return addressed(details, lang, rsvp, name=name, office=office)


def whatsapp_invitation(
    forum: Forum, pillars: Sequence[Pillar], lang: str, tz: ZoneInfo, *, office: str, link: str
) -> str:
    """The invitation as plain text for an admin to paste into WhatsApp, for officials who
    are not on Telegram: no HTML (WhatsApp shows tags as typed; its own *bold* marks the
    title), addressed to "Bapak/Ibu", with `link`, the forum's RSVP deep link."""
    values = _forum_values(forum, pillars, lang, tz)
    return plain(t(lang, "whatsapp-invitation", office=office, link=link, **values))


def invitation_with_place(
    forum: Forum,
    pillars: Sequence[Pillar],
    lang: str,
    tz: ZoneInfo,
    rsvp: Rsvp | None,
    waitlist_position: int | None,
    *,
    name: str,
    office: str,
) -> Html:
    """The invitation a member (`name`) receives from `office`, with their answer and, while
    waiting, their waitlist number."""
    text = invitation(forum, pillars, lang, tz, rsvp, name=name, office=office)
    if waitlist_position is None:
        return text
    return Html(f"{text}\n{t(lang, 'waitlist-position-note', position=waitlist_position)}")


def profile(member: Member, pillar: Pillar, lang: str) -> Html:
    """A member's profile card."""
    return t(
        lang,
        "profile",
        name=member.full_name,
        pillar=pillar.name,
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

    Parts break between lines, as late as possible, and at a blank line when the part has
    one, so that blocks separated by blank lines (a schedule's rows, an announcement's
    paragraphs) stay whole; joining the parts with newlines gives back the text (a blank
    line at a break may be dropped: Telegram trims it anyway). A single line longer than
    the limit is cut between characters, never inside a tag or an entity, with its open
    tags closed at the cut and reopened in the next part.
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
            tail = _after_last_blank(current)
            if tail is not None:
                current = current[: len(current) - len(tail) - 1]
                flush()
                current, size = tail, units("\n".join(tail)) if tail else -1
            if current and size + 1 + length > limit:
                flush()
        current.append(line)
        size += 1 + length
    flush()
    return parts


def _after_last_blank(lines: list[str]) -> list[str] | None:
    """The lines after the last blank one, when some non-blank line comes before it."""
    for index in range(len(lines) - 1, 0, -1):
        if not lines[index].strip():
            return lines[index + 1 :] if any(kept.strip() for kept in lines[:index]) else None
    return None


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
            pillar=row.name,
            core=Html(" ⭐" if row.is_core else ""),
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
        legend=Html(t(lang, "recap-legend") if any(row.is_core for row in report.pillars) else ""),
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


def _marks(member: Member, *, requested: bool = False) -> Html:
    """ " 👑⏳" after a name: admin, pending, deactivated, rejected, unreachable, asked to
    change pillar."""
    marks = "".join(
        mark
        for flag, mark in (
            (member.is_admin, "👑"),
            (member.status == MemberStatus.PENDING, "⏳"),
            (member.status == MemberStatus.INACTIVE, "💤"),
            (member.status == MemberStatus.REJECTED, "❌"),
            (not member.is_reachable, "⛔"),
            (requested or member.requested_pillar_id is not None, "🔁"),
        )
        if flag
    )
    return Html(f" {marks}" if marks else "")


def directory_menu(menu: Menu, lang: str) -> Html:
    """`/anggota`'s first message: how many people, what to press."""
    return t(lang, "directory-menu", count=menu.total, waiting=menu.waiting)


def directory_page(page: Page, lang: str, *, query: str | None = None) -> Html:
    """A page of the directory (a pillar's, everyone's, or search results for `query`):
    numbered rows under their pillar's name, marks, the page number when there are several,
    and the legend. One message whatever the directory's size."""
    if query is not None:
        heading = t(lang, "directory-search-heading", query=query, count=page.total)
    elif page.pillar is not None:
        heading = t(lang, "directory-pillar-heading", pillar=page.pillar.name, count=page.total)
    else:
        heading = t(lang, "roster-heading", count=page.total)
    out: list[str] = [heading]
    if not page.entries:
        out.append(t(lang, "directory-search-none" if query is not None else "directory-empty"))
    pillar = None
    for number, entry in enumerate(page.entries, start=page.first_number):
        if entry.pillar.name != pillar and page.pillar is None:
            pillar = entry.pillar.name
            out.append(t(lang, "roster-pillar", pillar=pillar))
        member = entry.member
        out.append(
            t(
                lang,
                "directory-row",
                number=number,
                name=member.full_name,
                institution=member.institution,
                position=member.position,
                marks=_marks(member),
            )
        )
    if page.pages > 1:
        out.append(t(lang, "roster-page", page=page.page + 1, pages=page.pages))
    out.append(t(lang, "directory-legend"))
    return lines(out)


def member_card(card: Card, lang: str, tz: ZoneInfo) -> Html:
    """A member's card in `/anggota`: every field an admin may change and its dates."""
    member = card.member
    requested = (
        t(lang, "card-pillar-requested", pillar=card.requested_pillar.name)
        if card.requested_pillar is not None
        else ""
    )
    decided = format_datetime(member.decided_at, tz=tz, lang=lang) if member.decided_at else "-"
    return t(
        lang,
        "member-card",
        name=member.full_name,
        pillar=card.pillar.name,
        requested=Html(requested),
        institution=member.institution,
        position=member.position,
        status=t(lang, f"status-{member.status}"),
        admin=t(lang, "card-yes" if member.is_admin else "card-no"),
        language=t(lang, f"card-language-{member.language}"),
        registered=format_datetime(member.created_at, tz=tz, lang=lang),
        decided=decided,
        reachable=Html("" if member.is_reachable else t(lang, "card-unreachable")),
    )


def waiting_list(
    registrations: Sequence[tuple[Member, Pillar]],
    pillar_changes: Sequence[PillarRequest],
    lang: str,
) -> Html:
    """`/anggota` › ⏳: registrations, then pillar changes, numbered as their buttons."""
    out: list[str] = [
        t(lang, "directory-waiting-heading", count=len(registrations) + len(pillar_changes))
    ]
    for number, (member, pillar) in enumerate(registrations, start=1):
        out.append(registration_row(number, member, pillar, lang))
    first = len(registrations) + 1
    for number, request in enumerate(pillar_changes, start=first):
        out.append(pillar_request_row(number, request, lang))
    if not registrations and not pillar_changes:
        out.append(t(lang, "directory-waiting-none"))
    return lines(out)


def registration_row(number: int, member: Member, pillar: Pillar, lang: str) -> Html:
    """ "1. <name> · PPK · <institution> · <position>" (the waiting list and the digest)."""
    return t(
        lang,
        "approval-digest-row",
        number=number,
        name=member.full_name,
        pillar=pillar.name,
        institution=member.institution,
        position=member.position,
    )


def pillar_request_row(number: int, request: PillarRequest, lang: str) -> Html:
    """ "3. 🔁 <name> · Polri → TNI · <institution>" (the waiting list and the digest)."""
    return t(
        lang,
        "pillar-request-row",
        number=number,
        name=request.member.full_name,
        old=request.current.name,
        new=request.requested.name,
        institution=request.member.institution,
    )


def _change_value(field: str, value: str, lang: str) -> str:
    if field == "admin":
        return t(lang, "card-yes" if value == "true" else "card-no")
    if field == "status":
        return t(lang, f"status-{value}")
    return value  # a typed text or a pillar name: `t` escapes it


def change_line(edit: Edit, lang: str) -> Html:
    """ "✅ Nama: <old> → <new>" over a card after a change (a pillar by its names)."""
    old, new = edit.shown or (edit.old, edit.new)
    return t(
        lang,
        "member-changed",
        field=t(lang, f"field-{edit.field}"),
        old=_change_value(edit.field, old, lang),
        new=_change_value(edit.field, new, lang),
    )


def _pillar_marks(pillar: Pillar) -> str:
    """ " ⭐" for a core pillar, " 🙈" for a hidden one (explained by `pillar-legend`)."""
    return (" ⭐" if pillar.is_core else "") + (" 🙈" if pillar.is_hidden else "")


def pillar_list(summaries: Sequence[PillarSummary], lang: str) -> Html:
    """`/pilar`: each pillar with its marks and members, the legend, what to do."""
    rows = [
        t(
            lang,
            "pillar-row",
            name=s.pillar.name,
            marks=_pillar_marks(s.pillar),
            members=s.members,
        )
        for s in summaries
    ]
    return t(lang, "pillar-list", count=len(summaries), rows=lines(rows))


def pillar_card(found: PillarSummary, lang: str) -> Html:
    """One pillar under `/pilar`: name, core or not, shown or hidden, members, forums."""
    pillar = found.pillar
    return t(
        lang,
        "pillar-card",
        name=pillar.name,
        marks=_pillar_marks(pillar),
        core=t(lang, "pillar-core-yes" if pillar.is_core else "pillar-core-no"),
        shown=t(lang, "pillar-hidden" if pillar.is_hidden else "pillar-shown"),
        members=found.members,
        forums=found.forums,
    )
