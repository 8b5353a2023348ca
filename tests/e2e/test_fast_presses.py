"""Users as fast as real ones, against Telegram's flood limits (issue 9, findings 1-3).

Each test runs with the sandbox's strict limits at Telegram's pace (3 messages or edits in
any second to one private chat): a message Telegram would refuse with 429 must not be lost,
and a double tap or a failed step must leave the user informed.
"""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from models import Forum, Member, MemberStatus, Pillar, Rsvp, RsvpAnswer
from sandbox import BotApiSandbox, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import Community, days_ahead, publish_forum, typed

LIMIT = 4096


# Telegram's own pace for one private chat, not the one scaled to simulated users.
pytestmark = pytest.mark.telegram_pace


async def test_double_tap_from_the_same_stale_message_is_answered_and_recorded_once(
    community: Community, sandbox: BotApiSandbox
):
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["BAWASLU"]
    invitation = invitations["BAWASLU"]

    # Both presses carry the invitation as it was before either was handled: the second
    # one's edit changes nothing, and Telegram says so ("message is not modified").
    first, second = await asyncio.gather(
        user.press(invitation, "Hadir"), user.press(invitation, "Hadir")
    )

    assert (first.text, second.text) == (
        "Terima kasih, tercatat: Hadir.",
        "Terima kasih, tercatat: Hadir.",
    )
    assert "✅ Hadir" in invitation.button_texts
    await user.no_message(within=0.5)  # no "Maaf, terjadi kesalahan"
    async with community.data.sessions() as session:  # type: ignore[misc]
        stored = (await session.exec(select(Rsvp))).all()
    assert [r.answer for r in stored] == [RsvpAnswer.ATTENDING]


@pytest.mark.expected_errors(r"error while handling an update .*Message to edit not found")
async def test_a_failure_after_the_answer_is_told_by_message_in_the_members_language(
    community: Community, sandbox: BotApiSandbox
):
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["TNI"]
    member = await community.member_row(user)
    async with community.data.sessions() as session:  # type: ignore[misc]
        # Chosen in an earlier session of the bot: only the database remembers it.
        await session.exec(update(Member).where(col(Member.id) == member.id).values(language="en"))
        await session.commit()
    sandbox.fail_next(
        "editMessageText",
        error_code=400,
        description="Bad Request: message to edit not found",
        chat_id=user.id,
    )

    answer = await user.press(invitations["TNI"], "Hadir")

    assert answer.text  # answered first ("Thank you, recorded: ..."), before the edit failed
    told = await user.next_message()
    assert told.text == "Sorry, something went wrong. Please try again in a few moments."
    answers = [r for r in sandbox.requests if r.method == "answerCallbackQuery"]
    assert [r.status for r in answers][-1] == 200  # never answered a second time


async def paced(moment: float, interval: float = 1.0) -> float:
    """Sleep until `interval` seconds after `moment`; return the new moment."""
    await asyncio.sleep(max(0.0, moment + interval - time.monotonic()))
    return time.monotonic()


async def test_a_forum_form_clicked_through_at_one_press_a_second_ends_in_its_preview(
    community: Community, sandbox: BotApiSandbox
):
    admin = community.admin
    at = time.monotonic()
    await admin.send("/forum_baru")
    await admin.next_message()
    for text in ("Rakor Pengamanan TPS", typed(days_ahead(5))):
        at = await paced(at)
        await admin.send(text)
        step = await admin.next_message()
    at = await paced(at)
    await admin.press(step, "Lewati")  # no end time
    await admin.next_message()
    for text in ("Aula KPU Kota Mojokerto", "Pemetaan TPS rawan"):
        at = await paced(at)
        await admin.send(text)
        step = await admin.next_message()
    at = await paced(at)
    await admin.press(step, "Pilar utama")
    await admin.wait_edit(step)
    at = await paced(at)
    await admin.press(step, "Selesai")
    step = await admin.next_message()
    at = await paced(at)
    await admin.press(step, "Lewati")  # no RSVP deadline
    step = await admin.next_message()
    at = await paced(at)
    await admin.press(step, "Lewati")  # no capacity: its message is edited, then the map step
    # map, reminders, note, repeat, attachment
    for button in ("Lewati", "Lanjut", "Lewati", "Tidak diulang", "Lewati"):
        step = await admin.next_message(timeout=10)
        at = await paced(at)
        await admin.press(step, button)

    preview = await admin.next_message(timeout=10)

    assert "Rakor Pengamanan TPS" in (preview.text or "")
    assert any("Terbitkan" in text for text in preview.button_texts)
    await do.publish(admin, preview)
    async with community.data.sessions() as session:  # type: ignore[misc]
        forum = (await session.exec(select(Forum))).one()
    assert forum.title == "Rakor Pengamanan TPS"


async def add_roster(community: Community, count: int) -> list[str]:
    """`count` approved members of PPS with long names; returns the names."""
    names = [f"Anggota PPS {i:03d} Kelurahan Balongsari Kecamatan Magersari" for i in range(count)]
    async with community.data.sessions() as session:  # type: ignore[misc]
        pps = (await session.exec(select(Pillar).where(Pillar.code == "PPS"))).one()
        session.add_all(
            Member(
                telegram_user_id=70_000 + i,
                chat_id=70_000 + i,
                full_name=name,
                pillar_id=pps.id or 0,
                institution=f"PPS Kelurahan Balongsari {i:03d}",
                position="Ketua Panitia Pemungutan Suara",
                status=MemberStatus.APPROVED,
            )
            for i, name in enumerate(names)
        )
        await session.commit()
    return names


async def read_roster(admin: SimUser) -> list[str]:
    """Every page of /anggota, turned with ▶️ as fast as the bot answers."""
    await admin.send("/anggota")
    message = await admin.next_message()
    await admin.press(message, "Semua")
    message = await admin.wait_edit(message)
    pages = [message.text or ""]
    while any("Berikutnya" in text for text in message.button_texts):
        await admin.press(message, "Berikutnya")
        message = await admin.wait_edit(message, timeout=10)
        pages.append(message.text or "")
    return pages


async def test_a_400_member_roster_pages_through_everyone_and_loses_nothing(
    community: Community, sandbox: BotApiSandbox
):
    names = await add_roster(community, 400)

    pages = await read_roster(community.admin)

    assert len(pages) == 21  # 406 members, 20 a page
    assert all(0 < len(page.encode("utf-16-le")) // 2 <= LIMIT for page in pages)
    assert all(page.startswith("👥 Anggota (406)") for page in pages)
    assert [re.search(r"Halaman (\d+) dari 21", page).group(1) for page in pages] == [  # type: ignore[union-attr]
        str(n) for n in range(1, 22)
    ]
    everyone = "\n".join(pages)
    for name in [*names, "Bambang Wicaksono", "Ratna Dewi Lestari"]:
        assert len(re.findall(rf"^\d+\. {re.escape(name)} — ", everyone, re.M)) == 1, name
    await community.admin.no_message(within=0.3)  # one message, edited: never a burst of parts
    assert sandbox.count_429 == 0


async def test_a_forged_roster_page_is_refused_and_a_page_past_the_end_shows_the_last(
    community: Community,
):
    await add_roster(community, 30)
    admin = community.admin
    await admin.send("/anggota")
    message = await admin.next_message()

    for forged in ("mpg:x", "mpg:0", "mpg:0:1:2", "mpg:99999999999:0", "mpg:-1:0"):
        refused = await admin.press_data(message, forged)
        assert refused.text and "tidak berlaku" in refused.text, forged
    refused = await admin.press_data(message, "mpg:9999:0")  # no such pillar
    assert refused.text == "Pilar tidak dikenal."
    assert message.edit_count == 0
    await admin.press_data(message, "mpg:0:99")
    last = await admin.wait_edit(message)
    assert "Halaman 2 dari 2" in (last.text or "")
    turns = [text for text in last.button_texts if not text[0].isdigit()]
    assert turns == ["◀️ Sebelumnya", "🔎 Cari", "⬅️ Menu"]
    assert len(last.button_texts) == 16 + 3  # 36 people: 16 on the second page
