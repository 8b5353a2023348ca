"""End-to-end helpers: a registered admin and members, driven through the sandbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import SQLModel, select

import bot.followups
from bot.context import BotData
from models import Member, MemberStatus, Pillar
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID

JAKARTA = ZoneInfo("Asia/Jakarta")

PROFILES = {
    "KPU": do.Profile("Ratna Dewi Lestari", "KPU", "KPU Kota Mojokerto", "Anggota Divisi Hukum"),
    "KEJAKSAAN": do.Profile(
        "Bambang Wicaksono", "KEJAKSAAN", "Kejaksaan Negeri Kota Mojokerto", "Kajari"
    ),
    "POLRI": do.Profile("Hendra Kurniawan", "POLRI", "Polres Mojokerto Kota", "Kapolres"),
    "TNI": do.Profile("Eko Budi Setiawan", "TNI", "Kodim 0815/Mojokerto", "Dandim"),
    "BAWASLU": do.Profile("Nurul Hidayati", "BAWASLU", "Bawaslu Kota Mojokerto", "Ketua"),
    "PEMDA": do.Profile("Wahyu Adi Nugroho", "PEMDA", "Bakesbangpol Kota Mojokerto", "Kepala"),
}
MEMBER_IDS = {"KEJAKSAAN": 2001, "POLRI": 2002, "TNI": 2003, "BAWASLU": 2004, "PEMDA": 2005}


def typed(moment: datetime) -> str:
    """A moment as an admin types it: `dd/mm/yyyy HH:MM` in WIB."""
    return moment.astimezone(JAKARTA).strftime("%d/%m/%Y %H:%M")


def days_ahead(days: int, hour: int = 9) -> datetime:
    """A whole hour `days` from now, in WIB, as aware UTC."""
    local = datetime.now(JAKARTA).replace(hour=hour, minute=0, second=0, microsecond=0)
    return (local + timedelta(days=days)).astimezone(UTC)


def near_start() -> datetime:
    """A forum start on a whole minute, two to three minutes ahead (for reminders due soon)."""
    now = datetime.now(UTC)
    return now.replace(second=0, microsecond=0) + timedelta(minutes=3)


def offsets_due_after(settings: object, start: datetime, *seconds: int) -> object:
    """`settings` whose reminder offsets fall `seconds` after now, for a forum at `start`."""
    until = (start - datetime.now(UTC)).total_seconds()
    offsets = tuple(int(until - after) for after in seconds)
    return settings.model_copy(update={"reminder_offsets": offsets})  # type: ignore[attr-defined]


@dataclass
class Community:
    """A registered admin and one approved member per pillar in MEMBER_IDS."""

    admin: SimUser
    members: dict[str, SimUser]
    data: BotData

    async def member_row(self, user: SimUser) -> Member:
        assert self.data.sessions is not None
        async with self.data.sessions() as session:
            row = (
                await session.exec(select(Member).where(Member.telegram_user_id == user.id))
            ).first()
        assert row is not None
        return row


@pytest.fixture
def quick_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Approval digests refreshed 0.2 s after a change instead of 0.5 s."""
    monkeypatch.setattr(bot.followups, "DIGEST_REFRESH_DELAY", 0.2)


async def rows(data: BotData, table: type[SQLModel], *where: Any) -> list[Any]:
    """The rows of `table` matching `where`, in id order when it has one."""
    assert data.sessions is not None
    async with data.sessions() as session:
        query = select(table).where(*where)
        if "id" in table.model_fields:
            query = query.order_by(table.id)  # type: ignore[attr-defined]
        return list((await session.exec(query)).all())


async def member_of(data: BotData, user_id: int) -> Member:
    """The member row of a Telegram user."""
    (row,) = await rows(data, Member, Member.telegram_user_id == user_id)
    return row


@pytest.fixture
async def admin(app: object, sandbox: BotApiSandbox) -> SimUser:
    user = sandbox.user(ADMIN_ID, "Ratna")
    await do.register(user, PROFILES["KPU"])
    return user


@pytest.fixture
async def community(app: object, sandbox: BotApiSandbox, admin: SimUser) -> Community:
    """The admin (registered through the bot) and one approved member per pillar, stored as
    an invite-link registration leaves them. Registration itself is driven through the bot in
    tests/e2e/test_registration.py; doing it here again for every test cost 1.3 s each."""
    data: BotData = app.bot_data  # type: ignore[attr-defined]
    assert data.sessions is not None
    async with data.sessions() as session:
        pillars = {pillar.code: pillar for pillar in (await session.exec(select(Pillar))).all()}
        now = datetime.now(UTC)
        for code, user_id in MEMBER_IDS.items():
            profile = PROFILES[code]
            session.add(
                Member(
                    telegram_user_id=user_id,
                    chat_id=user_id,
                    full_name=profile.full_name,
                    pillar_id=pillars[code].id or 0,
                    institution=profile.institution,
                    position=profile.position,
                    status=MemberStatus.APPROVED,
                    created_at=now,
                    decided_at=now,
                )
            )
        await session.commit()
    members = {}
    for code, user_id in MEMBER_IDS.items():
        members[code] = sandbox.user(user_id, PROFILES[code].full_name.split()[0])
        sandbox.open_chat(members[code])
    return Community(admin=admin, members=members, data=data)


async def publish_forum(
    community: Community, *, start: datetime, pillars: list[str] | None = None, **fields: str
) -> dict[str, object]:
    """Publish a forum through /forum_baru; returns each invited member's invitation."""
    form = do.ForumForm(
        title=fields.get("title", "Diskusi dan Konsolidasi Empat Pilar"),
        start=typed(start),
        venue=fields.get("venue", "Ballroom Hotel Ayola, Kota Mojokerto"),
        agenda=fields.get("agenda", "Sinergi menjelang Pilkada"),
        pillars=pillars or [],
        deadline=fields.get("deadline"),
    )
    preview, _ = await do.create_forum(community.admin, form)
    await do.publish(community.admin, preview)
    invited = pillars or ["KEJAKSAAN", "POLRI", "TNI", "BAWASLU"]
    return {
        code: await user.next_message()
        for code, user in community.members.items()
        if code in invited
    }
