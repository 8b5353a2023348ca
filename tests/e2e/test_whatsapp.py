"""For officials not on Telegram: the invitation as plain text for WhatsApp, and its RSVP
deep link opening the invitation with its buttons (issue 10, item 9)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from bot.context import BotData
from bot.dates import format_date
from models import Forum, ForumStatus, Rsvp, RsvpAnswer
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from sandbox.messages import SandboxMessage
from tests.e2e.conftest import JAKARTA, Community, days_ahead, publish_forum

TITLE = "Rapat Koordinasi & Konsolidasi Empat Pilar"
HTML_TAG = re.compile(r"</?[a-z][^>]*>")


async def the_forum(data: BotData) -> Forum:
    assert data.sessions is not None
    async with data.sessions() as session:
        return (await session.exec(select(Forum))).one()


async def cancel_in_db(data: BotData, forum: Forum) -> None:
    """The forum cancelled meanwhile (as /forum would, without its notices)."""
    assert data.sessions is not None
    async with data.sessions() as session:
        stored = await session.get(Forum, forum.id)
        assert stored is not None
        stored.status = ForumStatus.CANCELLED
        session.add(stored)
        await session.commit()


async def answers(data: BotData) -> list[tuple[int, RsvpAnswer]]:
    assert data.sessions is not None
    async with data.sessions() as session:
        return [(r.member_id, r.answer) for r in (await session.exec(select(Rsvp))).all()]


async def whatsapp_text(admin: SimUser) -> tuple[SandboxMessage, SandboxMessage]:
    """/forum, the forum's detail, 📋 Teks untuk WhatsApp: (the line about it, the text)."""
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Rapat")
    detail = await admin.next_message()
    await admin.press(detail, "Teks untuk WhatsApp")
    return await admin.next_message(), await admin.next_message()


async def test_the_invitation_as_plain_text_with_its_rsvp_link(
    community: Community, sandbox: BotApiSandbox
):
    start = days_ahead(5)
    await publish_forum(
        community,
        start=start,
        title=TITLE,
        venue="Ballroom <Hotel> Ayola",
        deadline=(start - timedelta(days=1)).astimezone(JAKARTA).strftime("%d/%m/%Y %H:%M"),
    )
    forum = await the_forum(community.data)

    heading, text = await whatsapp_text(community.admin)

    assert heading.html is not None and "Salin atau teruskan pesan berikut" in heading.text
    assert text.html is None and text.entities is None  # sent without parse_mode
    body = text.text or ""
    assert HTML_TAG.search(body.replace("Ballroom <Hotel> Ayola", "")) is None
    assert "&amp;" not in body and "&lt;" not in body
    day = format_date(start, tz=JAKARTA, lang="id")
    link = f"https://t.me/sinergi_bot?start=f_{forum.id}"
    assert body.splitlines() == [
        "Yth. Bapak/Ibu,",
        "dengan hormat, KPU Kota Mojokerto mengundang Bapak/Ibu untuk menghadiri:",
        "",
        f"*{TITLE}*",
        f"🕘 {day}, pukul 09.00 WIB s.d. selesai",
        "📍 Ballroom <Hotel> Ayola",
        "📋 Agenda: Sinergi menjelang Pilkada",
        "👥 Pilar: Kejaksaan, Polri, TNI, Bawaslu",
        f"⏳ Batas konfirmasi: {format_date(start - timedelta(days=1), tz=JAKARTA, lang='id')}"
        ", pukul 09.00 WIB",
        "",
        f"Mohon berkenan mengonfirmasi kehadiran melalui Telegram: {link}",
        "Bapak/Ibu yang tidak memakai Telegram dapat membalas pesan ini.",
        "Terima kasih.",
    ]
    (sent,) = [
        call.params
        for call in sandbox.calls("sendMessage")
        if str(call.params.get("text", "")).startswith("Yth. Bapak/Ibu,")
    ]
    assert "parse_mode" not in sent  # no HTML, not even the application's default
    assert sent["link_preview_options"] == {"is_disabled": True}


async def test_the_link_opens_the_invitation_with_its_rsvp_buttons(community: Community):
    invitations = await publish_forum(community, start=days_ahead(5), title=TITLE)
    # each invitation is addressed to its member and names the office that invites
    assert invitations["TNI"].text.startswith(
        "Yth. Bapak/Ibu Eko Budi Setiawan,\ndengan hormat, KPU Kota Mojokerto mengundang "
        "Bapak/Ibu untuk menghadiri forum berikut.\n\n📨 Undangan\n"
    )
    forum = await the_forum(community.data)
    _, text = await whatsapp_text(community.admin)
    link = next(word for word in (text.text or "").split() if "?start=" in word)
    payload = link.split("?start=", 1)[1]
    assert payload == f"f_{forum.id}"

    member = community.members["POLRI"]  # its invitation was read by publish_forum
    await member.start(payload)
    opened = await member.next_message()
    assert opened.text.startswith("Yth. Bapak/Ibu Hendra Kurniawan,")
    assert (
        TITLE in opened.text and "Konfirmasi kehadiran Bapak/Ibu: belum konfirmasi" in opened.text
    )
    assert opened.button_texts == [
        "Hadir",
        "Diwakilkan",
        "Tidak hadir",
        "📅 Simpan ke kalender (.ics)",
    ]

    answer = await member.press(opened, "Hadir")
    assert answer.text == "Terima kasih, tercatat: Hadir."
    edited = await member.wait_edit(opened)
    assert "Konfirmasi kehadiran Bapak/Ibu: Hadir" in edited.text
    assert "✅ Hadir" in edited.button_texts and ".ics" in edited.button_texts[-1]
    row = await community.member_row(member)
    assert await answers(community.data) == [(row.id, RsvpAnswer.ATTENDING)]


async def test_the_link_for_anyone_else_says_why_and_records_nothing(
    community: Community, sandbox: BotApiSandbox
):
    await publish_forum(community, start=days_ahead(5), title=TITLE, pillars=["POLRI"])
    forum = await the_forum(community.data)
    payload = f"f_{forum.id}"

    stranger = sandbox.user(3201, "Tono")
    await stranger.start(payload)
    told = await stranger.next_message()
    assert told.text == (
        "Bapak/Ibu belum terdaftar, sehingga undangan ini belum dapat dibuka. Silakan mendaftar "
        "dahulu dengan /daftar, lalu buka tautan undangan ini lagi."
    )
    assert told.buttons == []

    outsider = community.members["TNI"]  # registered, their pillar not invited
    await outsider.start(payload)
    assert (await outsider.next_message()).text == "Pilar Bapak/Ibu tidak diundang ke forum ini."

    member = community.members["POLRI"]
    for forged, says in ((f"f_{forum.id + 1000}", "Forum tidak ditemukan."),
                         ("f_9999999999", "Forum tidak ditemukan.")):  # fmt: skip
        await member.start(forged)
        assert (await member.next_message()).text == says, forged

    await cancel_in_db(community.data, forum)
    await member.start(payload)
    assert (await member.next_message()).text == "Forum ini sudah dibatalkan."
    assert await answers(community.data) == []


async def test_the_button_of_a_cancelled_forum_is_refused(community: Community):
    await publish_forum(community, start=days_ahead(5), title=TITLE)
    admin = community.admin
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Rapat")
    detail = await admin.next_message()
    forum = await the_forum(community.data)
    await cancel_in_db(community.data, forum)
    refused = await admin.press(detail, "Teks untuk WhatsApp")
    assert refused.show_alert and refused.text == "Forum ini sudah dibatalkan."
    forged = await admin.press_data(detail, "wa:abc")
    assert forged.show_alert
    await admin.no_message(within=0.3)
    member = community.members["POLRI"]
    refused = await member.press_data(detail, f"wa:{forum.id}")
    assert refused.show_alert and "khusus admin" in (refused.text or "")


async def test_english_readers_see_one_name_per_command(app: object, sandbox: BotApiSandbox):
    """The command menu for English clients names the English aliases the catalog uses."""
    english = [c["command"] for c in sandbox.commands(language_code="en")]
    indonesian = [c["command"] for c in sandbox.commands()]
    assert english == ["start", "schedule", "profile", "language", "help"]
    assert indonesian == ["start", "jadwal", "profil", "bahasa", "bantuan"]
    member = sandbox.user(3202, "Jane", language_code="en")
    await member.send("/bahasa")
    menu = await member.next_message()
    await member.press(menu, "English")
    await member.wait_edit(menu)
    await member.send("/help")
    help_text = (await member.next_message()).text
    assert "/register" in help_text and "/daftar" not in help_text
    assert do.PILLAR_NAMES["POLRI"] == "Polri"
