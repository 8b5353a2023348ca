"""A forum's texts: details, invitations (HTML and WhatsApp), answers, reminders and the recap."""

from __future__ import annotations

import html
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.i18n import Html, plain, t
from bot.render.text import attachment_line, lines, shorten
from bot.render.times import moment, offsets_label, when
from bot.services.forums import ForumDraft
from bot.services.reports import PillarRecap, Recap
from bot.services.series import occurrence_drafts
from models import Forum, Pillar, Rsvp, RsvpAnswer

_ANSWER_KEYS = {
    RsvpAnswer.ATTENDING: "answer-attending",
    RsvpAnswer.DELEGATED: "answer-delegated",
    RsvpAnswer.DECLINED: "answer-declined",
}


def forum_button(forum: Forum, tz: ZoneInfo) -> str:
    """A forum's inline-button label: the title shortened, then the date and time whole."""
    local = forum.starts_at.astimezone(tz)
    return f"{shorten(forum.title, 40)} · {local:%d/%m/%Y %H.%M}"


def capacity_label(lang: str, capacity: int | None) -> Html:
    """ "50 kursi" or "tanpa batas"."""
    if capacity is None:
        return t(lang, "capacity-unlimited")
    return t(lang, "capacity-seats", count=capacity)


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
    """The block describing a forum (title, time, venue, agenda, pillars, deadline), the
    map link when it has one, and its attachment's line ("📎 Lampiran: dokumen «…»")."""
    details = _forum_details(forum, pillars, lang, tz, heading=heading)
    link = map_line(forum, lang)
    attached = attachment_line(lang, forum.file_kind, forum.file_name) if forum.file_kind else None
    return lines([details, *(line for line in (link, attached) if line is not None)])


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
