"""Attendance: the check-in QR, the check-in deep link and marking by hand (issue 3 item 1)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.context import BotData
from bot.settings import Settings
from handlers.attendance import qr_png
from models import Attendance, AttendanceMethod, AuditEntry, Forum, ForumStatus
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import Community, days_ahead, publish_forum

LINK = re.compile(r"https://t\.me/(\w+)\?start=(c_[A-Za-z0-9_-]+)")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Reminders one minute ahead only: a forum 40 minutes away sends none during a test."""
    return settings.model_copy(update={"reminder_offsets": (60,)})


def soon() -> datetime:
    """A start 40 minutes ahead: inside the default one-hour check-in opening."""
    return (datetime.now(UTC) + timedelta(minutes=40)).replace(second=0, microsecond=0)


async def forum_row(data: BotData) -> Forum:
    assert data.sessions is not None
    async with data.sessions() as session:
        forum = (await session.exec(select(Forum))).one()
    return forum


async def attendance_rows(data: BotData) -> list[Attendance]:
    assert data.sessions is not None
    async with data.sessions() as session:
        return list((await session.exec(select(Attendance).order_by(col(Attendance.id)))).all())


async def open_detail(admin: SimUser) -> SandboxMessage:
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    return await admin.next_message()


async def show_qr(admin: SimUser) -> tuple[SandboxMessage, str]:
    """The admin's QR photo and the payload of the link it carries."""
    await admin.send("/presensi")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    photo = await admin.next_message()
    assert photo.caption is not None
    match = LINK.search(photo.caption)
    assert match is not None, photo.caption
    return photo, match.group(2)


async def test_qr_then_check_in_once(community: Community, sandbox: BotApiSandbox):
    invitations = await publish_forum(community, start=soon())
    admin, member = community.admin, community.members["POLRI"]
    await do.answer_invitation(member, invitations["POLRI"], "Hadir")

    photo, payload = await show_qr(admin)
    assert photo.photo is not None and photo.photo.startswith(b"\x89PNG")
    link = f"https://t.me/{sandbox.bot_username}?start={payload}"
    # The image is the QR code of exactly that link.
    assert photo.photo == qr_png(link)
    assert "Presensi dibuka" in photo.caption_html and "Tautan" in (photo.caption or "")
    forum = await forum_row(community.data)
    assert forum.checkin_token is not None and payload == f"c_{forum.checkin_token}"

    # The same forum's QR again carries the same link: a printed code stays valid.
    _, again = await show_qr(admin)
    assert again == payload

    await member.start(payload)
    done = await member.next_message()
    assert "Presensi tercatat, Hendra Kurniawan" in done.text
    rows = await attendance_rows(community.data)
    assert [(r.method, r.delegate_name) for r in rows] == [(AttendanceMethod.QR, None)]

    await member.start(payload)
    second = await member.next_message()
    assert "sudah presensi" in second.text
    assert len(await attendance_rows(community.data)) == 1

    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    polri = next(line for line in recap.text.splitlines() if line.startswith("Polri ⭐:"))
    assert polri.endswith("presensi 1")
    total = next(line for line in recap.text.splitlines() if line.startswith("Jumlah"))
    assert "diundang 4 · hadir 1" in total and total.endswith("presensi 1")


async def test_a_delegating_member_checks_the_representative_in(community: Community):
    invitations = await publish_forum(community, start=soon())
    member = community.members["TNI"]
    await do.answer_invitation(
        member, invitations["TNI"], "Diwakilkan", delegate=("Serka Agus <Wibowo>", "Danramil")
    )
    _, payload = await show_qr(community.admin)
    await member.start(payload)
    done = await member.next_message()
    assert "perwakilan Bapak/Ibu, <b>Serka Agus &lt;Wibowo&gt;</b>" in (done.html or "")
    rows = await attendance_rows(community.data)
    assert [r.delegate_name for r in rows] == ["Serka Agus <Wibowo>"]


async def test_check_in_refusals_change_nothing(community: Community, sandbox: BotApiSandbox):
    await publish_forum(community, start=soon(), pillars=["KEJAKSAAN", "POLRI"])
    _, payload = await show_qr(community.admin)

    outsider = community.members["BAWASLU"]  # pillar not invited
    await outsider.start(payload)
    assert "tidak diundang" in (await outsider.next_message()).text

    stranger = sandbox.user(3999, "Tamu")
    await stranger.start(payload)
    assert "belum terdaftar" in (await stranger.next_message()).text

    member = community.members["POLRI"]
    await member.start("c_UnknownToken123")
    assert "tidak dikenal" in (await member.next_message()).text
    assert await attendance_rows(community.data) == []

    # Outside the window: a start moved far ahead, then far behind.
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        forum = (await session.exec(select(Forum))).one()
        forum.starts_at = days_ahead(3)
        session.add(forum)
        await session.commit()
    await member.start(payload)
    early = await member.next_message()
    assert "belum dibuka" in early.text and "WIB" in early.text
    async with community.data.sessions() as session:
        forum = (await session.exec(select(Forum))).one()
        forum.starts_at = datetime.now(UTC) - timedelta(hours=5)
        session.add(forum)
        await session.commit()
    await member.start(payload)
    assert "sudah ditutup" in (await member.next_message()).text

    async with community.data.sessions() as session:
        forum = (await session.exec(select(Forum))).one()
        forum.starts_at = soon()
        forum.status = ForumStatus.CANCELLED
        session.add(forum)
        await session.commit()
    await member.start(payload)
    assert "dibatalkan" in (await member.next_message()).text
    assert await attendance_rows(community.data) == []


async def test_admin_marks_and_unmarks_by_hand_with_a_reason(community: Community):
    await publish_forum(community, start=soon())
    admin = community.admin
    detail = await open_detail(admin)
    await admin.press(detail, "Presensi manual")
    listing = await admin.next_message()
    assert "Sudah presensi: 0 dari 4" in listing.text
    assert "⬜ Nurul Hidayati" in listing.button_texts

    await admin.press(listing, "Nurul Hidayati")
    ask = await admin.next_message()
    assert "Tandai <b>Nurul Hidayati</b> hadir" in (ask.html or "")
    await admin.send("   ")
    assert "kosong" in (await admin.next_message()).text.lower()
    await admin.send("Hadir, ponsel tertinggal")
    assert "ditandai hadir" in (await admin.next_message()).text
    listing = await admin.next_message()
    assert (
        "Sudah presensi: 1 dari 4" in listing.text and "✅ Nurul Hidayati" in listing.button_texts
    )
    rows = await attendance_rows(community.data)
    assert [(r.method, r.marked_by) for r in rows] == [(AttendanceMethod.MANUAL, admin.id)]

    # /batal at the reason leaves the check-in as it is.
    await admin.press(listing, "Nurul Hidayati")
    assert "Batalkan presensi" in (await admin.next_message()).text
    await admin.send("/batal")
    await admin.next_message()
    assert len(await attendance_rows(community.data)) == 1

    await admin.press(listing, "Nurul Hidayati")
    await admin.next_message()
    await admin.send("Salah tandai")
    assert "dibatalkan" in (await admin.next_message()).text
    await admin.next_message()
    assert await attendance_rows(community.data) == []

    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        audit = (
            await session.exec(
                select(AuditEntry)
                .where(col(AuditEntry.action).startswith("attendance.mark"))
                .order_by(col(AuditEntry.id))
            )
        ).all()
        unmark = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "attendance.unmark"))
        ).all()
    assert [a.detail["reason"] for a in audit] == ["Hadir, ponsel tertinggal"]
    assert [a.detail["reason"] for a in unmark] == ["Salah tandai"]


async def test_members_cannot_use_the_admin_buttons(community: Community):
    await publish_forum(community, start=soon())
    admin, member = community.admin, community.members["KEJAKSAAN"]
    detail = await open_detail(admin)
    forum = await forum_row(community.data)
    invitee = await community.member_row(member)
    for data in (f"qr:{forum.id}", f"att:{forum.id}:0", f"attm:{forum.id}:{invitee.id}"):
        answer = await member.press_data(detail, data)
        assert answer.show_alert and "admin" in (answer.text or "").lower()
    for data in ("att:x:0", "attm:1", f"attm:{forum.id}:99999", "qr:99999"):
        answer = await admin.press_data(detail, data)
        assert answer.show_alert, data
    assert await attendance_rows(community.data) == []
    refreshed = await forum_row(community.data)
    assert refreshed.checkin_token is None


async def test_a_mark_from_an_old_list_never_undoes_a_qr_check_in(community: Community):
    """The member scans while the admin types the reason for marking them present."""
    await publish_forum(community, start=soon())
    admin, member = community.admin, community.members["POLRI"]
    _, payload = await show_qr(admin)
    detail = await open_detail(admin)
    await admin.press(detail, "Presensi manual")
    listing = await admin.next_message()
    await admin.press(listing, "Hendra Kurniawan")
    assert "hadir" in (await admin.next_message()).text
    await member.start(payload)
    await member.next_message()
    await admin.send("Hadir, sudah dicek petugas")
    assert "sudah tercatat hadir" in (await admin.next_message()).text
    rows = await attendance_rows(community.data)
    assert [r.method for r in rows] == [AttendanceMethod.QR]
