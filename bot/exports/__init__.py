"""Documents made from a forum (SPEC section 4, Reports): pure renderers, no database.

`pdf.render_pdf` and `xlsx.render_xlsx` turn a `bot.services.exports.AttendanceSheet` into
the attendance list ("Daftar Hadir"); `ics.render_ics` turns a forum into a calendar file.
They are CPU work: handlers run them with `asyncio.to_thread`. This module holds what the
renderers share: plain-text catalog lookups, the remarks column and the file names.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.dates import format_date, format_datetime, format_time
from bot.i18n import plain, t
from bot.services.exports import Remark, SheetRow
from models import Forum, ForumStatus


def text(lang: str, key: str, **values: object) -> str:
    """A catalog message as plain text (documents are not HTML)."""
    return plain(t(lang, key, **values))


def clock(moment: datetime, *, tz: ZoneInfo, lang: str) -> str:
    """The wall-clock time alone, "09.12" (the documents state the zone once, in the heading)."""
    return _clock(moment.replace(second=0, microsecond=0), tz, lang)


@lru_cache(maxsize=4096)
def _clock(minute: datetime, tz: ZoneInfo, lang: str) -> str:
    # Babel is slow per call and a list of 2,000 check-ins has far fewer distinct minutes.
    return format_time(minute, tz=tz, lang=lang).rsplit(" ", 1)[0]


def remark(row: SheetRow, *, tz: ZoneInfo, lang: str) -> str:
    """The "Keterangan" of a row: "Hadir (09.12)", "Diwakili oleh <name>, <position> (09.15)"
    ("Diwakili oleh <name> (09.15)" without a position), for a guest "Hadir, tidak mewakili
    undangan (09.20)", "Tidak hadir", or the RSVP before the forum's end ("Konfirmasi
    hadir", "Diwakili oleh <name> (<position>)", "Tidak hadir (konfirmasi)", "Daftar
    tunggu", "Belum konfirmasi")."""
    key = f"export-remark-{row.remark}"
    if row.remark in (Remark.PRESENT, Remark.GUEST) and row.checked_in_at is not None:
        return text(lang, key, time=clock(row.checked_in_at, tz=tz, lang=lang))
    if row.remark == Remark.REPRESENTED and row.checked_in_at is not None:
        if row.checkin_delegate_position:
            return text(
                lang,
                "export-remark-represented-by",
                name=row.checkin_delegate or "",
                position=row.checkin_delegate_position,
                time=clock(row.checked_in_at, tz=tz, lang=lang),
            )
        return text(
            lang,
            key,
            name=row.checkin_delegate or "",
            time=clock(row.checked_in_at, tz=tz, lang=lang),
        )
    if row.remark == Remark.DELEGATED:
        return text(lang, key, name=row.delegate_name or "", position=row.delegate_position or "")
    return text(lang, key)


def representative(row: SheetRow) -> tuple[str | None, str | None]:
    """(name, position) of the representative: who came, once known, before whom the
    member said would come (check-ins stored before representatives had positions carry
    only the name the RSVP gave)."""
    name = row.checkin_delegate or row.delegate_name
    if row.checkin_delegate_position:
        return name, row.checkin_delegate_position
    return name, row.delegate_position if name == row.delegate_name else None


def pillar_cell(row: SheetRow, lang: str) -> str:
    """The "Pilar" cell: the pillar's name, or "Tamu" for a walk-in guest."""
    return text(lang, "export-guests") if row.guest else row.pillar


def cancelled_line(forum: Forum, lang: str) -> str | None:
    """ "DIBATALKAN: <reason>" for a cancelled forum: its papers must not pass for a held one."""
    if forum.status != ForumStatus.CANCELLED:
        return None
    return text(lang, "export-cancelled", reason=forum.cancel_reason or "-")


def day_and_date(forum: Forum, *, tz: ZoneInfo, lang: str) -> str:
    """ "Senin, 14 Oktober 2024" (the start's local day)."""
    return format_date(forum.starts_at, tz=tz, lang=lang)


def time_range(forum: Forum, *, tz: ZoneInfo, lang: str) -> str:
    """ "09.00–12.00 WIB", "09.00 WIB s.d. selesai" without an end, or with an end on
    another day the end's full date."""
    start = format_time(forum.starts_at, tz=tz, lang=lang)
    if forum.ends_at is None:
        return text(lang, "export-time-open", start=start)
    if forum.ends_at.astimezone(tz).date() == forum.starts_at.astimezone(tz).date():
        end = format_time(forum.ends_at, tz=tz, lang=lang)
        return f"{clock(forum.starts_at, tz=tz, lang=lang)}–{end}"
    return f"{start} – {format_datetime(forum.ends_at, tz=tz, lang=lang)}"


def file_name(forum: Forum, extension: str, *, tz: ZoneInfo) -> str:
    """ "Daftar-Hadir-<forum id>-<yyyy-mm-dd>.<extension>" with the start's local date."""
    return f"Daftar-Hadir-{forum.id}-{forum.starts_at.astimezone(tz):%Y-%m-%d}.{extension}"


def ics_file_name(forum: Forum) -> str:
    """ "forum-<id>.ics"."""
    return f"forum-{forum.id}.ics"
