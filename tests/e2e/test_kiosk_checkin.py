"""The desk screen (issue 12 item 5): the admin's one-time link from the forum menu, check-in
by the screen's rotating code, and the printed code switched off and on again. The browser's
side (redeeming the link, showing the code) is driven through `bot.services.kiosk`, as the
web door calls it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.context import BotData
from bot.services import kiosk
from bot.services.errors import ServiceError
from bot.settings import Settings
from models import Attendance, AttendanceMethod, AuditEntry, Forum, utcnow
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import Community, publish_forum, rows
from tests.e2e.test_guests import forum_row, register_as_guest

WEB = "https://sinergi.kpu-mojokertokota.go.id"
OPEN = re.compile(re.escape(WEB) + r"/kiosk/open/([A-Za-z0-9_-]{43})")
PRINTED = re.compile(r"https://t\.me/\w+\?start=(c_[A-Za-z0-9_-]+)")
DURATION = 3 * 3600


@pytest.fixture
def web_url() -> str:
    return WEB


@pytest.fixture
def settings(settings: Settings, web_url: str) -> Settings:
    """The web door at WEB; reminders one minute ahead only (none during a test)."""
    return settings.model_copy(update={"reminder_offsets": (60,), "web_url": web_url})


def soon() -> datetime:
    """A start 40 minutes ahead: inside the default one-hour check-in opening."""
    return (datetime.now(UTC) + timedelta(minutes=40)).replace(second=0, microsecond=0)


async def open_detail(admin: SimUser) -> SandboxMessage:
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    return await admin.next_message()


async def printed_payload(admin: SimUser) -> str:
    """The printed QR's payload, from /presensi (made the first time it is shown)."""
    await admin.send("/presensi")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    photo = await admin.next_message()
    match = PRINTED.search(photo.caption or "")
    assert match is not None, photo
    return match.group(1)


async def desk_link(admin: SimUser) -> tuple[SandboxMessage, str]:
    """The admin presses 🖥 Layar registrasi: the message and the ticket in its URL button."""
    detail = await open_detail(admin)
    await admin.press(detail, "🖥 Layar registrasi")
    message = await admin.next_message()
    match = OPEN.fullmatch(message.find_button("Buka layar registrasi").get("url", ""))
    assert match is not None, message.reply_markup
    return message, match.group(1)


async def open_screen(data: BotData, ticket: str) -> tuple[Forum, str]:
    """The browser redeems the ticket (what the web door does with the link)."""
    assert data.sessions is not None
    async with data.sessions() as session:
        forum, raw = await kiosk.redeem_ticket(
            session, ticket, now=utcnow(), default_duration=DURATION
        )
        await session.commit()
    return forum, raw


async def code_at(data: BotData, forum_id: int, moment: datetime) -> kiosk.KioskCode:
    """The code the screen shows at `moment`."""
    assert data.sessions is not None
    async with data.sessions() as session:
        code = await kiosk.current_code(session, forum_id, moment)
        await session.commit()
    return code


async def test_the_desk_screen_link_opens_once_and_its_code_checks_members_in(
    community: Community,
):
    invitations = await publish_forum(community, start=soon())
    admin, polri, tni = community.admin, community.members["POLRI"], community.members["TNI"]
    await do.answer_invitation(polri, invitations["POLRI"], "Hadir")
    printed = await printed_payload(admin)

    message, ticket = await desk_link(admin)
    text = " ".join(message.text.split())
    assert "Layar registrasi" in text and "satu kali" in text and "10 menit" in text
    assert "kode presensi cetak forum ini dimatikan" in text
    assert "🔳 Aktifkan kode cetak" in message.button_texts
    # The link is not in the text: only the button carries it.
    assert ticket not in message.text

    forum, _ = await open_screen(community.data, ticket)
    assert not (await forum_row(community.data)).static_checkin
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        with pytest.raises(ServiceError, match="error-kiosk-used"):
            await kiosk.redeem_ticket(session, ticket, now=utcnow(), default_duration=DURATION)
        opened = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "kiosk.open"))
        ).one()
    assert opened.actor_user_id == admin.id and opened.target == f"forum:{forum.id}"

    code = await code_at(community.data, forum.id or 0, utcnow())
    await polri.start(code.payload)
    done = await polri.next_message()
    assert "✅ Presensi tercatat, Hendra Kurniawan." in done.text
    [row] = await rows(community.data, Attendance)
    assert row.member_id == (await community.member_row(polri)).id
    assert row.method == AttendanceMethod.QR

    # A photo of the screen from two minutes ago (four steps): refused, nothing stored.
    stale = await code_at(community.data, forum.id or 0, utcnow() - timedelta(seconds=120))
    await tni.start(stale.payload)
    refused = await tni.next_message()
    assert "Kode presensi ini sudah kedaluwarsa" in refused.text
    assert "layar meja registrasi sekarang" in refused.text
    # The printed code is off now that the screen is open.
    await tni.start(printed)
    assert "Kode presensi cetak untuk forum ini sudah dimatikan" in (await tni.next_message()).text
    assert len(await rows(community.data, Attendance)) == 1


async def test_the_printed_code_is_switched_on_again_by_the_admin(community: Community):
    await publish_forum(community, start=soon())
    admin, bawaslu = community.admin, community.members["BAWASLU"]
    printed = await printed_payload(admin)
    link, ticket = await desk_link(admin)
    await open_screen(community.data, ticket)
    await bawaslu.start(printed)
    assert "sudah dimatikan" in (await bawaslu.next_message()).text

    # The QR button now says the printed code is off and offers to switch it on.
    await admin.send("/presensi")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    state = await admin.next_message()
    assert state.photo is None and "sedang dimatikan" in state.text
    await admin.press(state, "Aktifkan kode cetak")
    on = await admin.next_message()
    assert "aktif" in on.text and on.button_texts == ["Matikan kode cetak"]
    assert (await forum_row(community.data)).static_checkin

    await bawaslu.start(printed)
    assert "✅ Presensi tercatat, Nurul Hidayati." in (await bawaslu.next_message()).text
    [row] = await rows(community.data, Attendance)
    assert row.member_id == (await community.member_row(bawaslu)).id
    # The printed QR is shown again; the old button under the link works as well (no change).
    assert await printed_payload(admin) == printed
    await admin.press(link, "Aktifkan kode cetak")
    assert "aktif" in (await admin.next_message()).text
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        switches = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "kiosk.static"))
        ).all()
    assert [(e.actor_user_id, e.detail) for e in switches] == [(admin.id, {"enabled": True})]

    # And off again: the printed code is refused once more.
    await admin.press(on, "Matikan kode cetak")
    assert "dimatikan" in (await admin.next_message()).text
    await community.members["TNI"].start(printed)
    assert "sudah dimatikan" in (await community.members["TNI"].next_message()).text


async def test_a_representative_checks_in_by_the_screen_code(
    community: Community, sandbox: BotApiSandbox
):
    invitations = await publish_forum(community, start=soon())
    tni = community.members["TNI"]
    await do.answer_invitation(
        tni, invitations["TNI"], "Diwakilkan", delegate=("Serka Agus Wibowo", "Danramil")
    )
    _, ticket = await desk_link(community.admin)
    forum, _ = await open_screen(community.data, ticket)
    code = await code_at(community.data, forum.id or 0, utcnow())
    guest = sandbox.user(3999, "Agus")

    choice = await register_as_guest(
        guest,
        code.payload,
        name="Serka Agus Wibowo",
        institution="Koramil 0815-01 Prajurit Kulon",
        position="Danramil",
    )
    await guest.press(choice, "Kodim 0815/Mojokerto")
    done = await guest.wait_edit(choice)
    assert "Serka Agus Wibowo (Danramil) tercatat hadir" in done.text
    [row] = await rows(community.data, Attendance)
    assert (row.member_id, row.delegate_user_id) == ((await community.member_row(tni)).id, 3999)


@pytest.mark.parametrize("web_url", [""])
async def test_without_a_web_door_the_admin_is_told_what_is_missing(community: Community):
    await publish_forum(community, start=soon())
    detail = await open_detail(community.admin)
    await community.admin.press(detail, "🖥 Layar registrasi")
    told = await community.admin.next_message()
    assert "WEB_URL" in told.text and told.button_texts == []
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        forum = (await session.exec(select(Forum))).one()
    assert forum.static_checkin and forum.kiosk_secret is None
