"""Representatives checking in on their own phone, and walk-in guests added at the desk
(issue 10 item 8): what each user sees, what the database holds, and the Daftar Hadir."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from bot.context import BotData
from bot.settings import Settings
from models import Attendance, AttendanceMethod, AuditEntry, Forum
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import Community, publish_forum

LINK = re.compile(r"https://t\.me/\w+\?start=(c_[A-Za-z0-9_-]+)")
GUEST_ID = 3999


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Reminders one minute ahead only: a forum 40 minutes away sends none during a test."""
    return settings.model_copy(update={"reminder_offsets": (60,)})


def soon() -> datetime:
    """A start 40 minutes ahead: inside the default one-hour check-in opening."""
    return (datetime.now(UTC) + timedelta(minutes=40)).replace(second=0, microsecond=0)


def flat(value: str) -> str:
    return " ".join(value.split())


async def rows(data: BotData) -> list[Attendance]:
    assert data.sessions is not None
    async with data.sessions() as session:
        return list((await session.exec(select(Attendance).order_by(col(Attendance.id)))).all())


async def forum_row(data: BotData) -> Forum:
    assert data.sessions is not None
    async with data.sessions() as session:
        return (await session.exec(select(Forum))).one()


async def qr_payload(admin: SimUser) -> str:
    await admin.send("/presensi")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    photo = await admin.next_message()
    match = LINK.search(photo.caption or "")
    assert match is not None
    return match.group(1)


async def register_as_guest(
    guest: SimUser, payload: str, *, name: str, institution: str, position: str
) -> SandboxMessage:
    """Open the QR link as a non-member and answer the three questions: the choice list."""
    await guest.start(payload)
    ask = await guest.next_message()
    assert "belum terdaftar sebagai anggota" in ask.text and "nama lengkap" in ask.text
    await guest.send(name)
    assert "instansi" in (await guest.next_message()).text
    await guest.send(institution)
    assert "jabatan" in (await guest.next_message()).text
    await guest.send(position)
    return await guest.next_message()


async def exports(admin: SimUser) -> tuple[str, list[tuple[object, ...]], SandboxMessage]:
    """The PDF's text, the XLSX list's rows and the recap message, from /rekap."""
    await admin.send("/rekap")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    await admin.next_message()  # the recap as a picture
    recap = await admin.next_message()
    await admin.press(recap, "PDF")
    pdf = await admin.next_message()
    assert pdf.document is not None
    reader = PdfReader(io.BytesIO(pdf.document["bytes"]))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    await admin.press(recap, "XLSX")
    await admin.next_message()  # the summary
    xlsx = await admin.next_message()
    assert xlsx.document is not None
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.document["bytes"]))
    listing = workbook["Daftar Hadir"]
    assert listing["A8"].value == "No"  # under the office's heading
    return text, list(listing.iter_rows(min_row=9, values_only=True)), recap


async def test_a_representative_checks_in_on_their_own_phone(
    community: Community, sandbox: BotApiSandbox
):
    invitations = await publish_forum(community, start=soon())
    tni = community.members["TNI"]
    await do.answer_invitation(
        tni, invitations["TNI"], "Diwakilkan", delegate=("Serka Agus Wibowo", "Danramil")
    )
    payload = await qr_payload(community.admin)
    guest = sandbox.user(GUEST_ID, "Agus")

    choice = await register_as_guest(
        guest,
        payload,
        name="Serka  Agus Wibowo",
        institution="Koramil 0815-01 Prajurit Kulon",
        position="Danramil",
    )
    assert "mewakili siapa" in choice.text
    # The member who named this representative first, marked as a Diwakilkan answer; the
    # others by institution and position, never by name.
    assert choice.button_texts[0] == "📨 Kodim 0815/Mojokerto · Dandim"
    assert "Polres Mojokerto Kota · Kapolres" in choice.button_texts
    assert not any("Hendra" in label for label in choice.button_texts)
    assert await rows(community.data) == []

    await guest.press(choice, "Kodim 0815/Mojokerto")
    done = await guest.wait_edit(choice)
    assert "Terima kasih, Bapak/Ibu Serka Agus Wibowo (Danramil) tercatat hadir" in done.text
    assert "mewakili Dandim, Kodim 0815/Mojokerto" in done.text
    assert done.button_texts == []
    tni_row = await community.member_row(tni)
    [row] = await rows(community.data)
    assert (row.member_id, row.method, row.delegate_user_id) == (
        tni_row.id,
        AttendanceMethod.QR,
        GUEST_ID,
    )
    assert (row.delegate_name, row.delegate_institution, row.delegate_position) == (
        "Serka Agus Wibowo",
        "Koramil 0815-01 Prajurit Kulon",
        "Danramil",
    )

    # A second scan by the same phone changes nothing; the member's own scan finds it too.
    await guest.start(payload)
    again = await guest.next_message()
    assert "sudah tercatat hadir" in again.text and "Tidak perlu presensi lagi" in again.text
    await tni.start(payload)
    assert "sudah presensi" in (await tni.next_message()).text
    assert len(await rows(community.data)) == 1

    pdf, listing, recap = await exports(community.admin)
    # The one who came signs, with his own institution and position, for the Dandim.
    assert (
        "Serka Agus Wibowo Koramil 0815-01 Prajurit Kulon Danramil TNI Mewakili Eko Budi "
        "Setiawan, Dandim (" in pdf
    )
    tni_line = next(r for r in listing if r[1] == "Eko Budi Setiawan")
    assert tni_line[6:8] == ("Serka Agus Wibowo", "Danramil")
    assert tni_line[10] == "Koramil 0815-01 Prajurit Kulon"
    assert str(tni_line[8]).startswith("Diwakili oleh Serka Agus Wibowo, Danramil")
    tni_recap = next(line for line in recap.text.splitlines() if line.startswith("TNI"))
    assert tni_recap.endswith("presensi 1")


async def test_a_walk_in_guest_is_added_at_the_desk(community: Community):
    await publish_forum(community, start=soon())
    admin = community.admin
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()
    await admin.press(detail, "Presensi manual")
    listing = await admin.next_message()
    assert "➕ Tamu" in listing.button_texts

    await admin.press(listing, "➕ Tamu")
    assert "nama lengkap tamu" in (await admin.next_message()).text
    await admin.send("Ir. <b>Budi</b> & Rekan")
    assert "Instansi Ir. <b>Budi</b> & Rekan" in (await admin.next_message()).text
    await admin.send("Dinas Kominfo Kota Mojokerto")
    await admin.next_message()
    await admin.send("Kepala Bidang")
    choice = await admin.next_message()
    assert "mewakili undangan" in choice.text
    assert choice.button_texts[-1] == "Tidak mewakili undangan"
    await admin.press(choice, "Tidak mewakili undangan")
    added = await admin.wait_edit(choice)
    # The name is shown as typed, escaped: no tag of it reaches Telegram as markup.
    assert "Tamu Ir. <b>Budi</b> & Rekan tercatat hadir" in added.text
    assert "&lt;b&gt;Budi&lt;/b&gt; &amp; Rekan" in (added.html or "")
    listing = await admin.next_message()
    assert "Tamu: 1" in listing.text and "Sudah presensi: 0 dari 4" in listing.text

    # A second guest represents an invitee: the Kapolres.
    await admin.press(listing, "➕ Tamu")
    await admin.next_message()
    await admin.send("Dwi Santoso")
    await admin.next_message()
    await admin.send("Polres Mojokerto Kota")
    await admin.next_message()
    await admin.send("Kabag Ops")
    choice = await admin.next_message()
    await admin.press(choice, "Polres Mojokerto Kota · Kapolres")
    added = await admin.wait_edit(choice)
    assert "Dwi Santoso tercatat hadir mewakili Hendra Kurniawan (Kapolres)" in added.text
    listing = await admin.next_message()
    assert "Sudah presensi: 1 dari 4" in listing.text

    polri = await community.member_row(community.members["POLRI"])
    stored = await rows(community.data)
    assert [(r.member_id, r.delegate_name, r.method, r.marked_by) for r in stored] == [
        (None, "Ir. <b>Budi</b> & Rekan", AttendanceMethod.MANUAL, admin.id),
        (polri.id, "Dwi Santoso", AttendanceMethod.MANUAL, admin.id),
    ]
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        actions = (
            await session.exec(
                select(AuditEntry.action).where(AuditEntry.action == "attendance.guest")
            )
        ).all()
    assert len(actions) == 2

    pdf, listing_rows, recap = await exports(admin)
    assert (
        "Tamu 5 Ir. <b>Budi</b> & Rekan Dinas Kominfo Kota Mojokerto Kepala Bidang Tamu "
        "Hadir, tidak mewakili undangan (" in pdf
    )
    assert "Dwi Santoso Polres Mojokerto Kota Kabag Ops Polri Mewakili" in pdf
    guest_line = listing_rows[-1]
    assert guest_line[1:6] == (
        "Ir. <b>Budi</b> & Rekan",
        "Dinas Kominfo Kota Mojokerto",
        "Kepala Bidang",
        "Tamu",
        None,  # no RSVP: a guest was not invited
    )
    assert str(guest_line[8]).startswith("Hadir, tidak mewakili undangan (")
    assert "Tamu (tidak mewakili undangan): 1" in recap.text


async def test_bad_input_at_the_desk_changes_nothing(community: Community, sandbox: BotApiSandbox):
    await publish_forum(community, start=soon(), pillars=["KEJAKSAAN", "POLRI"])
    payload = await qr_payload(community.admin)
    guest = sandbox.user(GUEST_ID, "Tamu")

    await guest.start("c_UnknownToken123")
    assert "tidak dikenal" in (await guest.next_message()).text

    choice = await register_as_guest(
        guest, payload, name="<script>x</script>", institution="Polres", position="Kabag Ops"
    )
    forum = await forum_row(community.data)
    bawaslu = await community.member_row(community.members["BAWASLU"])  # pillar not invited
    forged = await guest.press_data(choice, f"rep:{forum.id}:{bawaslu.id}")
    assert forged.show_alert and forged.text is not None
    assert "tidak termasuk undangan" in forged.text
    other_forum = await guest.press_data(choice, f"rep:{(forum.id or 0) + 1}:{bawaslu.id}")
    assert other_forum.text is not None and "tidak berlaku" in other_forum.text
    assert await rows(community.data) == []

    # The Kapolres checks in himself meanwhile: representing him is refused, the list stays.
    polri = community.members["POLRI"]
    await polri.start(payload)
    await polri.next_message()
    polri_row = await community.member_row(polri)
    taken = await guest.press_data(choice, f"rep:{forum.id}:{polri_row.id}")
    assert taken.text is not None and "sudah tercatat" in taken.text
    assert [r.member_id for r in await rows(community.data)] == [polri_row.id]

    # The window closes before the guest chooses: refused, nothing stored.
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        stored = (await session.exec(select(Forum))).one()
        stored.starts_at = datetime.now(UTC) - timedelta(hours=5)
        session.add(stored)
        await session.commit()
    kejaksaan = await community.member_row(community.members["KEJAKSAAN"])
    closed = await guest.press_data(choice, f"rep:{forum.id}:{kejaksaan.id}")
    assert closed.text is not None and "sudah ditutup" in closed.text
    assert len(await rows(community.data)) == 1
    await guest.start(payload)
    assert "sudah ditutup" in (await guest.next_message()).text


async def test_a_representative_gets_escaped_text_and_can_cancel(
    community: Community, sandbox: BotApiSandbox
):
    await publish_forum(community, start=soon())
    payload = await qr_payload(community.admin)
    guest = sandbox.user(GUEST_ID, "Tamu")
    await guest.start(payload)
    await guest.next_message()
    await guest.send("<b>Dwi</b>")
    ask = await guest.next_message()
    assert "&lt;b&gt;Dwi&lt;/b&gt;" in (ask.html or "")
    await guest.send("/batal")
    assert "dibatalkan" in (await guest.next_message()).text.lower()
    assert await rows(community.data) == []
