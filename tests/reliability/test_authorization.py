"""Who may do what: every admin command and button tried by every kind of non-admin.

One world is built for the whole module (an admin, approved members of three pillars, a
pending and a rejected registrant, an unregistered stranger, a published forum) and every
cell of the role × action matrix runs against it, comparing the database before and after.
Then privacy: a member never reads another member's personal details; only admins see names.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlmodel import SQLModel, select

from bot.app import build_application, running
from bot.context import BotData, SinergiApplication
from bot.settings import Settings
from models import (
    Announcement,
    AuditEntry,
    Forum,
    ForumPillar,
    Member,
    MemberStatus,
    OutboxMessage,
    Pillar,
    PillarInvite,
    ReminderRun,
    Rsvp,
)
from sandbox import BotApiSandbox, SandboxMessage, SimUser
from sandbox import scenarios as do
from scheduler.reminders import reminder_job
from tests.conftest import ADMIN_ID, CHAT_BURST, POSTGRES_URL
from tests.e2e.conftest import days_ahead, typed
from tests.postgres import empty_database

pytestmark = pytest.mark.asyncio(loop_scope="module")

ADMIN_ONLY = "Perintah ini khusus admin KPU."
BUTTON_INVALID = "Tombol ini tidak berlaku lagi."

# The admin's institution is not the office's name: every invitation names the office that
# invites (public), which the leak checks below would take for the admin's detail.
ADMIN = do.Profile(
    "Ratna Dewi Lestari", "KPU", "Sekretariat KPU Kota Mojokerto", "Kadiv Hukum KPU"
)
MEMBERS = {
    "KEJAKSAAN": (
        2101,
        do.Profile("Bambang Wicaksono", "KEJAKSAAN", "Kejari Kota Mojokerto", "Kasi Intel Kejari"),
    ),
    "POLRI": (
        2102,
        do.Profile("Hendra Kurniawan", "POLRI", "Polres Mojokerto Kota", "Kapolres Mojokerto"),
    ),
    "PEMDA": (
        2103,
        do.Profile("Wahyu Adi Nugroho", "PEMDA", "Bakesbangpol Mojokerto", "Kaban Kesbangpol"),
    ),
}
PENDING = do.Profile("Indah Permatasari", "PPK", "PPK Kecamatan Magersari", "Ketua PPK Magersari")
REJECTED = do.Profile("Joko Susilo Prawiro", "PPS", "PPS Kelurahan Kranggan", "Sekretaris PPS")
UNREGISTERED_ID, PENDING_ID, REJECTED_ID = 4001, 4002, 4003
DELEGATE = ("Dwi Santoso Purnomo", "Kasubsi Penuntutan")

# Every table an admin action could write to; a refused action must leave all of them alone.
TABLES: Sequence[type[SQLModel]] = (
    Forum,
    ForumPillar,
    Announcement,
    OutboxMessage,
    PillarInvite,
    AuditEntry,
    Member,
    Rsvp,
    ReminderRun,
)

Snapshot = dict[str, list[dict[str, Any]]]


@dataclass
class World:
    """The module's population, built once."""

    app: SinergiApplication
    sandbox: BotApiSandbox
    admin: SimUser
    members: dict[str, SimUser]
    roles: dict[str, SimUser]
    forum_id: int
    invitations: dict[str, SandboxMessage]
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def data(self) -> BotData:
        return self.app.bot_data

    async def snapshot(self) -> Snapshot:
        """Every row of every table an admin action could touch, once the sender is idle."""
        assert self.data.sender is not None and self.data.sessions is not None
        async with asyncio.timeout(10):
            await self.data.sender.wait_idle()
        result: Snapshot = {}
        async with self.data.sessions() as session:
            for table in TABLES:
                rows = (await session.exec(select(table))).all()
                columns = [column.name for column in table.__table__.columns]  # type: ignore[attr-defined]
                result[table.__name__] = sorted(
                    ({name: getattr(row, name) for name in columns} for row in rows), key=repr
                )
        return result

    async def member_row(self, user_id: int) -> Member:
        assert self.data.sessions is not None
        async with self.data.sessions() as session:
            return (
                await session.exec(select(Member).where(Member.telegram_user_id == user_id))
            ).one()


async def _database_url(tmp: Path) -> str:
    if POSTGRES_URL is None:
        return f"sqlite+aiosqlite:///{tmp / 'sinergi.db'}"
    await empty_database(POSTGRES_URL)
    return POSTGRES_URL


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    # The private-chat window scaled to simulated users, as tests/conftest.py does: the world
    # is built by ten users typing at machine speed.
    sandbox = BotApiSandbox(
        token="123456:SANDBOX-TOKEN", bot_username="sinergi_bot", chat_limit=CHAT_BURST
    )
    await sandbox.start()
    try:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            bot_token=sandbox.token,
            database_url=await _database_url(tmp_path_factory.mktemp("authorization")),
            bot_api_base_url=sandbox.base_url,
            bot_api_base_file_url=sandbox.base_file_url,
            admin_ids=(ADMIN_ID,),
            send_rate_per_second=30,
            chat_burst=CHAT_BURST - 1,
        )
        application = build_application(settings)
        async with running(application):
            yield await _populate(application, sandbox)
    finally:
        await sandbox.stop()


async def _populate(app: SinergiApplication, sandbox: BotApiSandbox) -> World:
    admin = sandbox.user(ADMIN_ID, "Ratna")
    await do.register(admin, ADMIN)
    members = {}
    for code, (user_id, profile) in MEMBERS.items():
        payload = await do.invite_link(admin, code)
        members[code] = sandbox.user(user_id, profile.full_name.split()[0])
        await do.register(members[code], profile, invite_payload=payload)

    pending = sandbox.user(PENDING_ID, "Indah")
    await do.register(pending, PENDING)
    digest = await admin.next_message()
    assert "Pendaftaran menunggu" in digest.text
    rejected = sandbox.user(REJECTED_ID, "Joko")
    await do.register(rejected, REJECTED)
    request = await admin.wait_edit(digest)  # one digest, edited
    await admin.press(request, "❌ 2")
    await admin.next_message()  # "rejected", with the undo button
    await admin.wait_edit(request)
    assert "tidak disetujui" in (await rejected.next_message()).text
    stranger = sandbox.user(UNREGISTERED_ID, "Orang")
    await stranger.send("/bantuan")
    await stranger.next_message()

    form = do.ForumForm(
        title="Rapat Koordinasi Pengamanan Pilkada",
        start=typed(days_ahead(3)),
        venue="Ballroom Hotel Ayola, Jalan Benteng Pancasila",
        agenda="Kesiapan pengamanan TPS",
        pillars=["KEJAKSAAN", "POLRI"],
    )
    preview, _ = await do.create_forum(admin, form)
    await do.publish(admin, preview)
    invitations = {code: await members[code].next_message() for code in ("KEJAKSAAN", "POLRI")}

    world = World(
        app=app,
        sandbox=sandbox,
        admin=admin,
        members=members,
        roles={
            "unregistered": stranger,
            "pending": pending,
            "rejected": rejected,
            "member": members["POLRI"],
        },
        forum_id=0,
        invitations=invitations,
    )
    assert app.bot_data.sessions is not None
    async with app.bot_data.sessions() as session:
        world.forum_id = (await session.exec(select(Forum.id))).one() or 0
        pillar = (await session.exec(select(Pillar).where(Pillar.code == "PEMDA"))).one()
        world.ids["pillar"] = pillar.id or 0
    world.ids["pending"] = (await world.member_row(PENDING_ID)).id or 0
    world.ids["rejected"] = (await world.member_row(REJECTED_ID)).id or 0
    world.ids["member"] = (await world.member_row(members["POLRI"].id)).id or 0
    await world.snapshot()  # settle the outbox
    return world


# ---------------------------------------------------------------------------- the matrix

ROLES = ["unregistered", "pending", "rejected", "member"]

ADMIN_COMMANDS = [
    "/forum_baru",
    "/newforum",
    "/forum",
    "/umumkan",
    "/announce",
    "/rekap",
    "/report",
    "/tautan",
    "/invite",
    "/anggota",
    "/members",
]

# Callback data of admin buttons ({names} are filled from the world) and the popup expected.
# Buttons handled outside a form say "admin only"; the steps of an admin's form (forum draft,
# announcement) exist only inside that admin's conversation, so for anyone else they are
# buttons no handler takes: "no longer valid".
ADMIN_BUTTONS = {
    "appr:{pending}:a": ADMIN_ONLY,
    "appr:{pending}:r": ADMIN_ONLY,
    "appr:{own}:a": ADMIN_ONLY,  # approving oneself
    "invp:{pillar}": ADMIN_ONLY,
    "fdet:{forum}": ADMIN_ONLY,
    "rekap:{forum}": ADMIN_ONLY,
    # the member directory (/anggota): its menu, pages, search, cards and changes
    "mdir:menu": ADMIN_ONLY,
    "mdir:find": ADMIN_ONLY,
    "mdir:wait": ADMIN_ONLY,
    "mdir:xlsx": ADMIN_ONLY,
    "mpg:0:0": ADMIN_ONLY,
    "mpg:{pillar}:1": ADMIN_ONLY,
    "msq:0": ADMIN_ONLY,
    "mcard:{pending}": ADMIN_ONLY,
    "medit:{pending}:name": ADMIN_ONLY,
    "medit:{own}:pillar": ADMIN_ONLY,
    "mpil:{own}:{pillar}": ADMIN_ONLY,
    "mact:{own}:admin": ADMIN_ONLY,  # making oneself admin
    "mact:{pending}:ok": ADMIN_ONLY,
    "mact:{pending}:off": ADMIN_ONLY,
    "pilr:{own}:{pillar}:a": ADMIN_ONLY,
    "fpil:{pillar}": BUTTON_INVALID,
    "fpil:core": BUTTON_INVALID,
    "fpil:done": BUTTON_INVALID,
    "fskip": BUTTON_INVALID,
    "fpub:ok": BUTTON_INVALID,
    "aud:every": BUTTON_INVALID,
    "aud:{pillar}": BUTTON_INVALID,
    "aud:done": BUTTON_INVALID,
    "annc:ok": BUTTON_INVALID,
}


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
@pytest.mark.parametrize("role", ROLES)
async def test_admin_command_is_refused(world: World, role: str, command: str):
    user = world.roles[role]
    before = await world.snapshot()

    await user.send(command)

    refusal = await user.next_message()
    assert refusal.text == ADMIN_ONLY, refusal.text
    assert refusal.buttons == []
    # no form was opened: what the user types next is not taken as a title or announcement
    await user.send("Rapat rahasia")
    assert "tidak memahami" in (await user.next_message()).text
    await user.no_message(within=0)
    await world.admin.no_message(within=0)
    assert await world.snapshot() == before


@pytest.mark.parametrize("template", list(ADMIN_BUTTONS))
@pytest.mark.parametrize("role", ROLES)
async def test_admin_button_is_refused(world: World, role: str, template: str):
    user = world.roles[role]
    own = world.ids.get(role, world.ids["pending"])
    data = template.format(
        pending=world.ids["pending"], own=own, pillar=world.ids["pillar"], forum=world.forum_id
    )
    # the button is pressed on a message the user really has: the invitation for a member,
    # the bot's last answer for the others
    message = world.invitations.get("POLRI") if role == "member" else user.inbox[-1]
    assert message is not None
    edits = message.edit_count
    before = await world.snapshot()

    answer = await user.press_data(message, data)

    assert answer.show_alert, (data, answer)
    assert answer.text == ADMIN_BUTTONS[template], (data, answer.text)
    await user.no_message(within=0)
    await world.admin.no_message(within=0)
    assert message.edit_count == edits
    assert await world.snapshot() == before


async def test_the_matrix_left_every_status_as_it_was(world: World):
    assert (await world.member_row(PENDING_ID)).status == MemberStatus.PENDING
    assert (await world.member_row(REJECTED_ID)).status == MemberStatus.REJECTED
    for code, (user_id, _) in MEMBERS.items():
        row = await world.member_row(user_id)
        assert row.status == MemberStatus.APPROVED and not row.is_admin, code


# ---------------------------------------------------------------------------- privacy


def personal_details(*profiles: do.Profile) -> list[str]:
    return [value for p in profiles for value in (p.full_name, p.institution, p.position)]


def leaks(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


async def test_a_member_reads_no_other_members_details(world: World):
    kejaksaan, polri = world.members["KEJAKSAAN"], world.members["POLRI"]
    # another member sends a representative: those names are theirs, not POLRI's to see
    await do.answer_invitation(
        kejaksaan, world.invitations["KEJAKSAAN"], "Diwakilkan", delegate=DELEGATE
    )
    await kejaksaan.wait_edit(world.invitations["KEJAKSAAN"])
    await polri.press(world.invitations["POLRI"], "Hadir")
    await polri.wait_edit(world.invitations["POLRI"])
    others = [
        *personal_details(ADMIN, PENDING, REJECTED),
        *personal_details(*(p for code, (_, p) in MEMBERS.items() if code != "POLRI")),
        *DELEGATE,
    ]

    seen: dict[str, str] = {"invitation": world.invitations["POLRI"].text or ""}
    replies = {}
    for command in ("/jadwal", "/profil", "/bantuan"):
        await polri.send(command)
        replies[command] = await polri.next_message()
        seen[command] = replies[command].text or ""
    await polri.press(replies["/jadwal"], "Rapat Koordinasi")
    seen["forum from /jadwal"] = (await polri.next_message()).text or ""
    # the first reminder slot of the forum, run now through the real job
    offsets = world.data.settings.reminder_offsets if world.data.settings else (86400,)
    assert world.app.job_queue is not None
    world.app.job_queue.run_once(
        reminder_job, when=0, data={"forum_id": world.forum_id, "offset": max(offsets)}
    )
    seen["reminder"] = (await polri.next_message(timeout=10)).text or ""
    kejaksaan_reminder = await kejaksaan.next_message(timeout=10)
    summary = await world.admin.next_message(timeout=10)

    assert "Hendra Kurniawan" in seen["/profil"]  # one's own details are shown
    assert "Pengingat" in seen["reminder"] and "Konfirmasi Bapak/Ibu: Hadir" in seen["reminder"]
    assert "Rapat Koordinasi Pengamanan Pilkada" in seen["/jadwal"]
    for where, text in seen.items():
        assert leaks(text, others) == [], (where, text)
    # the member who delegated sees their own representative, still nobody else's details
    assert DELEGATE[0] in (kejaksaan_reminder.text or "")
    mine = [*personal_details(MEMBERS["KEJAKSAAN"][1]), *DELEGATE]
    assert leaks(kejaksaan_reminder.text or "", [s for s in others if s not in mine]) == []
    # the admins' reminder summary is a recap: counts per pillar, no names
    assert "Rekap" in (summary.text or "")
    everyone = [*personal_details(ADMIN, PENDING, REJECTED, *(p for _, p in MEMBERS.values()))]
    assert leaks(summary.text or "", [*everyone, *DELEGATE]) == [], summary.text


async def test_only_admins_see_names_and_recaps_show_counts_only(world: World):
    admin = world.admin
    everyone = personal_details(ADMIN, PENDING, REJECTED, *(p for _, p in MEMBERS.values()))

    await admin.send("/anggota")
    menu = await admin.next_message()
    await admin.press(menu, "Semua")
    roster = (await admin.wait_edit(menu)).text or ""
    for name in (ADMIN.full_name, PENDING.full_name, *(p.full_name for _, p in MEMBERS.values())):
        assert name in roster, name

    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Rapat Koordinasi")
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Rapat Koordinasi")
    detail = await admin.next_message()

    for text in (recap.text or "", detail.text or ""):
        assert "diundang" in text and "Kejaksaan" in text
        assert leaks(text, [*everyone, *DELEGATE]) == [], text
    for role in ROLES:
        user = world.roles[role]
        await user.send("/anggota")
        assert (await user.next_message()).text == ADMIN_ONLY
