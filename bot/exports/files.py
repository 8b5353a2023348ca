"""Every download as a named file, made the same way for the chat and the dashboard.

Each function gathers the data through the services, records the export in the audit log
and commits it before rendering (no write lock is held while a PDF is drawn), and renders
in a worker thread in the office's language: these are
the office's papers, whatever language the admin reads. The renderers are imported on first
use: fpdf2 and openpyxl take about 0.6 s to import, which every start would otherwise pay.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.exports import file_name, ics_file_name
from bot.services import audit, directory, exports, office, spj
from bot.services.reminders import offsets_of
from bot.settings import Settings
from models import Forum, PaperKind

ATTENDANCE_FORMATS = ("pdf", "xlsx")


@dataclass(frozen=True)
class File:
    """A file to hand over: its name, its bytes, and how many rows it lists."""

    name: str
    data: bytes
    rows: int = 0


async def attendance(
    session: AsyncSession,
    forum: Forum,
    kind: str,
    *,
    settings: Settings,
    now: datetime,
    actor_user_id: int,
) -> tuple[File, exports.AttendanceSheet]:
    """The Daftar Hadir as PDF or XLSX (`kind`), and the sheet it was made from.

    Raises:
        ValueError: `kind` is not one of `ATTENDANCE_FORMATS`.
    """
    if kind not in ATTENDANCE_FORMATS:
        raise ValueError(kind)
    sheet = await exports.attendance_sheet(
        session, forum, now=now, default_duration=settings.forum_default_duration
    )
    profile = await office.profile(session)
    signatory = await office.signatory(session, PaperKind.ATTENDANCE)
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action=f"forum.export.{kind}",
        target=f"forum:{forum.id}",
        rows=len(sheet.rows),
    )
    await session.commit()
    lang, tz = settings.default_language, settings.tz
    if kind == "pdf":
        from bot.exports.pdf import render_pdf

        data = await asyncio.to_thread(
            render_pdf, sheet, office=profile, signatory=signatory, tz=tz, lang=lang
        )
    else:
        from bot.exports.xlsx import render_xlsx

        data = await asyncio.to_thread(render_xlsx, sheet, office=profile, tz=tz, lang=lang)
    return File(file_name(forum, kind, tz=tz), data, len(sheet.rows)), sheet


async def spj_bundle(
    session: AsyncSession,
    forum: Forum,
    *,
    settings: Settings,
    now: datetime,
    actor_user_id: int,
) -> tuple[File, File]:
    """The Berkas SPJ: its numbered PDF and the ZIP of the originals (issue 11, item 6)."""
    data = await spj.gather(
        session,
        forum,
        now=now,
        tz=settings.tz,
        default_duration=settings.forum_default_duration,
        actor_user_id=actor_user_id,
    )
    await audit.record(
        session,
        actor_user_id=actor_user_id,
        action="forum.export.spj",
        target=f"forum:{forum.id}",
        rows=len(data.sheet.rows),
    )
    await session.commit()
    from bot.exports.spj import render_spj

    lang, tz = settings.default_language, settings.tz
    bundle, archive = await asyncio.to_thread(render_spj, data, tz=tz, lang=lang)
    rows = len(data.sheet.rows)
    return (
        File(file_name(forum, "pdf", tz=tz).replace("Daftar-Hadir", "Berkas-SPJ"), bundle, rows),
        File(file_name(forum, "zip", tz=tz).replace("Daftar-Hadir", "Berkas-SPJ"), archive, rows),
    )


def calendar(forum: Forum, *, settings: Settings) -> File:
    """The forum as an `.ics` file; its alarm rings with the forum's last reminder."""
    from bot.exports.ics import render_ics

    data = render_ics(
        forum,
        default_duration=settings.forum_default_duration,
        alarm_before=min(offsets_of(forum, settings.reminder_offsets), default=7200),
    )
    return File(ics_file_name(forum), data)


async def members(
    session: AsyncSession, *, settings: Settings, now: datetime, actor_user_id: int
) -> File:
    """The member directory as XLSX."""
    from bot.exports.directory import file_name as directory_file_name
    from bot.exports.directory import render_directory

    rows = await directory.export_rows(session)
    await audit.record(
        session, actor_user_id=actor_user_id, action="members.export.xlsx", rows=len(rows)
    )
    await session.commit()
    data = await asyncio.to_thread(
        render_directory,
        rows,
        office_name=settings.office_name,
        now=now,
        tz=settings.tz,
        lang=settings.default_language,
    )
    return File(directory_file_name(now, tz=settings.tz), data, len(rows))
