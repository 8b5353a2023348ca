"""What a forum's Berkas SPJ is made of (issue 11, item 6): the office, its signatories and
the attendance list, gathered in a constant number of statements whatever the number of
invitees; `bot.exports.bundle` draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import exports, office
from models import Forum, OfficeProfile, PaperKind, Signatory


@dataclass(frozen=True)
class SpjData:
    """The papers' data of one forum at `sheet.generated_at`: `signatories` has one per
    `PaperKind` (an empty one where nobody was set)."""

    forum: Forum
    office: OfficeProfile
    signatories: dict[PaperKind, Signatory]
    sheet: exports.AttendanceSheet


async def gather(
    session: AsyncSession, forum: Forum, *, now: datetime, default_duration: int
) -> SpjData:
    """Everything the Berkas SPJ of `forum` shows (`now`: aware UTC; `default_duration`:
    seconds a forum without an end lasts).

    Raises:
        LookupError: no office profile yet (see `office.ensure_profile`).
    """
    profile = await office.profile(session)
    found = {row.kind: row for row in (await session.exec(select(Signatory))).all()}
    signatories = {kind: found.get(kind.value, Signatory(kind=kind.value)) for kind in PaperKind}
    sheet = await exports.attendance_sheet(
        session, forum, now=now, default_duration=default_duration
    )
    return SpjData(forum=forum, office=profile, signatories=signatories, sheet=sheet)
