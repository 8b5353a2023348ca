"""A forum as an iCalendar file (`.ics`) a member saves to their calendar (icalendar)."""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Alarm, Calendar, Event

from bot.services.exports import forum_end
from models import Forum, ForumStatus

PRODID = "-//KPU//Sinergi//ID"


def sequence(forum: Forum) -> int:
    """The event's revision number (RFC 5545 SEQUENCE): 0 as published, then the seconds
    from publishing to its latest change.

    The forum keeps no change counter, only `updated_at` / `cancelled_at`; seconds since
    publishing grow with every later change, which is all a calendar needs to let the newer
    file replace the older one. A cancelled forum's is one more than that.
    """
    published = forum.published_at or forum.created_at
    changes = [moment for moment in (forum.updated_at, forum.cancelled_at) if moment is not None]
    if not changes:
        return 0
    seconds = max(0, int((max(changes) - published).total_seconds()))
    # A cancellation is the last change there can be: one more, so that it outranks a file
    # of an edit made within the same second.
    return seconds + 1 if forum.cancelled_at is not None else seconds


def render_ics(forum: Forum, *, default_duration: int, alarm_before: int) -> bytes:
    """The forum as a VCALENDAR with one VEVENT, as bytes.

    UID `forum-<id>@sinergi`; DTSTART and DTEND in UTC (the end is the start plus
    `default_duration` seconds when the forum has none); LOCATION the venue; DESCRIPTION
    the agenda; DTSTAMP the forum's last change. A published forum: METHOD:PUBLISH,
    STATUS:CONFIRMED and a display alarm `alarm_before` seconds before the start. A
    cancelled one (RFC 5546 section 3.2.5): METHOD:CANCEL and STATUS:CANCELLED with a
    higher SEQUENCE, so a calendar that saved the invitation's file removes the event.
    """
    cancelled = forum.status == ForumStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")

    event = Event()
    changed = forum.updated_at or forum.published_at or forum.created_at
    event.add("uid", f"forum-{forum.id}@sinergi")
    event.add("dtstamp", changed.astimezone(UTC))
    event.add("last-modified", changed.astimezone(UTC))
    event.add("dtstart", forum.starts_at.astimezone(UTC))
    event.add("dtend", forum_end(forum, default_duration=default_duration).astimezone(UTC))
    event.add("summary", forum.title)
    event.add("location", forum.venue)
    if forum.agenda:
        event.add("description", forum.agenda)
    event.add("sequence", sequence(forum))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", forum.title)
        alarm.add("trigger", -timedelta(seconds=alarm_before))
        event.add_component(alarm)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
