"""What a forum's Berkas SPJ is made of (issue 11, item 6): the office and its signatories,
the surat undangan, the attendance list, the notulen, the photos and the survey's summary,
gathered in a constant number of statements whatever the number of invitees; the
renderers in `bot.exports.spj` draw them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.services import exports, letters, minutes, office, photos, survey
from models import Forum, ForumPhoto, ForumStatus, OfficeProfile, PaperKind, Signatory


@dataclass(frozen=True)
class SpjData:
    """The papers' data of one forum at `sheet.generated_at`: `signatories` has one per
    `PaperKind` (an empty one where nobody was set); `letter` is None for a cancelled
    forum (no invitation stands), `minutes` None when none was written or uploaded."""

    forum: Forum
    office: OfficeProfile
    signatories: dict[PaperKind, Signatory]
    letter: letters.Letter | None
    sheet: exports.AttendanceSheet
    minutes: minutes.Minutes | None
    photos: Sequence[ForumPhoto]
    survey: survey.SurveySummary


async def gather(
    session: AsyncSession,
    forum: Forum,
    *,
    now: datetime,
    tz: ZoneInfo,
    default_duration: int,
    actor_user_id: int,
) -> SpjData:
    """Everything the Berkas SPJ of `forum` shows (`now`: aware UTC; `tz`: the office's
    zone, which dates a new letter; `default_duration`: seconds a forum without an end
    lasts). A published forum whose surat undangan was never made gets its Nomor now, as
    `letters.make` gives it (audited for `actor_user_id`); the caller commits.

    Raises:
        LookupError: no office profile yet (see `office.ensure_profile`).
    """
    profile = await office.profile(session)
    found = {row.kind: row for row in (await session.exec(select(Signatory))).all()}
    signatories = {kind: found.get(kind.value, Signatory(kind=kind.value)) for kind in PaperKind}
    letter = None
    if forum.status == ForumStatus.PUBLISHED and forum.id is not None:
        letter = await letters.make(session, forum.id, now=now, tz=tz, actor_user_id=actor_user_id)
    sheet = await exports.attendance_sheet(
        session, forum, now=now, default_duration=default_duration
    )
    forum_id = forum.id or 0
    return SpjData(
        forum=forum,
        office=profile,
        signatories=signatories,
        letter=letter,
        sheet=sheet,
        minutes=await minutes.minutes_of(session, forum_id),
        photos=await photos.photos_for_print(session, forum_id),
        survey=await survey.survey_summary(session, forum_id),
    )
