"""Loose ends of issue 10 (item 10): a group that answers 403, the cancellation's calendar
file, a group answer ticking the private invitation, and waiting members' places."""

from __future__ import annotations

import asyncio

import pytest
from icalendar import Calendar, Event

import bot.followups
from models import (
    CoordinationGroup,
    Forum,
    GroupPost,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Rsvp,
    RsvpAnswer,
)
from sandbox import BotApiSandbox, SandboxMessage
from sandbox import scenarios as do
from sandbox.server import BOT_KICKED
from tests.e2e.conftest import Community, days_ahead, publish_forum
from tests.e2e.test_groups import GROUP_ID, add_group, eventually, group_row, post_forum, rows
from tests.e2e.test_waitlist import publish_with_capacity


@pytest.fixture(autouse=True)
def quick_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The group counts' debounce, shortened from 3 s so the tests stay fast."""
    monkeypatch.setattr(bot.followups, "COUNT_REFRESH_DELAY", 0.3)


async def inactive(community: Community) -> CoordinationGroup | None:
    group = await group_row(community.data, GROUP_ID)
    return group if group is not None and not group.active else None


async def test_a_group_that_refuses_a_post_is_marked_inactive(
    community: Community, sandbox: BotApiSandbox
):
    await publish_forum(community, start=days_ahead(3))
    await add_group(sandbox, community)
    # Telegram's answer once the bot is out of the group, whatever updates were lost.
    sandbox.fail_next("sendMessage", error_code=403, description=BOT_KICKED, chat_id=GROUP_ID)
    await post_forum(community.admin)

    await eventually(lambda: inactive(community))
    [post] = await rows(community.data, GroupPost)

    async def blocked() -> OutboxMessage | None:
        row = next(r for r in await rows(community.data, OutboxMessage) if r.id == post.outbox_id)
        return row if row.status == OutboxStatus.BLOCKED else None

    row = await eventually(blocked)  # recorded right after the group is marked
    assert row.error == BOT_KICKED

    # The group is no longer offered for posting.
    admin = community.admin
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()
    await admin.press(detail, "Kirim ke grup")
    answer = await admin.next_message()
    assert "Koordinasi" not in answer.text and answer.button_texts == []


async def test_a_group_that_refuses_an_edit_is_edited_no_more(
    community: Community, sandbox: BotApiSandbox
):
    invitations = await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    await post_forum(community.admin)
    post = await group.next_message()

    sandbox.fail_next("editMessageText", error_code=403, description=BOT_KICKED, chat_id=GROUP_ID)
    await community.members["POLRI"].press(invitations["POLRI"], "Hadir")
    await eventually(lambda: inactive(community))
    edits = len([r for r in sandbox.calls("editMessageText") if r.params["chat_id"] == GROUP_ID])

    await community.members["TNI"].press(invitations["TNI"], "Tidak hadir")
    await asyncio.sleep(0.8)  # past the debounce: an edit would have been tried by now
    after = [r for r in sandbox.calls("editMessageText") if r.params["chat_id"] == GROUP_ID]
    assert len(after) == edits
    assert "hadir 0" in post.text  # the post was never edited


async def calendar_of(message: SandboxMessage) -> Event:
    assert message.document is not None
    (event,) = Calendar.from_ical(message.document["bytes"]).walk("VEVENT")
    return event


async def test_a_cancellation_carries_the_cancelled_calendar_file(community: Community):
    invitations = await publish_forum(community, start=days_ahead(3), pillars=["POLRI"])
    member = community.members["POLRI"]
    await do.answer_invitation(member, invitations["POLRI"], "Hadir")
    # The file the member saved from the invitation.
    await member.send("/jadwal")
    schedule = await member.next_message()
    await member.press(schedule, "Diskusi")
    shown = await member.next_message()
    await member.press(shown, ".ics")
    saved = await calendar_of(await member.next_message())
    assert saved["STATUS"] == "CONFIRMED"

    admin = community.admin
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()
    await admin.press(detail, "Batalkan forum")
    await admin.next_message()
    await admin.send("Bertepatan dengan rapat pleno")
    preview = await admin.next_message()
    await admin.press(preview, "Ya, batalkan")
    await admin.wait_edit(preview)

    notice = await member.next_message()
    assert "Forum dibatalkan" in notice.text
    document = await member.next_message()
    assert document.document is not None
    forum_id = (await rows(community.data, Forum))[0].id
    assert document.document["file_name"] == f"forum-{forum_id}.ics"
    assert "dibatalkan" in (document.caption or "") and "Bapak/Ibu" in (document.caption or "")
    assert document.document["bytes"].count(b"METHOD:CANCEL") == 1
    cancelled = await calendar_of(document)
    assert cancelled["UID"] == saved["UID"] == f"forum-{forum_id}@sinergi"
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled.decoded("SEQUENCE") > saved.decoded("SEQUENCE")
    assert cancelled.walk("VALARM") == []

    async def sent() -> OutboxMessage | None:
        calendars = [
            r for r in await rows(community.data, OutboxMessage) if r.kind == OutboxKind.CALENDAR
        ]
        return calendars[0] if calendars and calendars[0].status == OutboxStatus.SENT else None

    row = await eventually(sent)
    assert row.telegram_message_id == document.message_id
    assert row.dedupe_key == f"cancel-ics:{forum_id}:{(await community.member_row(member)).id}"


@pytest.fixture
def quick_invitations(monkeypatch: pytest.MonkeyPatch) -> None:
    """The invitations' debounce, shortened from 1 s."""
    monkeypatch.setattr(bot.followups, "INVITATION_REFRESH_DELAY", 0.2)


@pytest.mark.usefixtures("quick_invitations")
async def test_an_answer_in_a_group_ticks_the_private_invitation(
    community: Community, sandbox: BotApiSandbox
):
    invitations = await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    await post_forum(community.admin)
    post = await group.next_message()
    member, invitation = community.members["KEJAKSAAN"], invitations["KEJAKSAAN"]
    assert invitation.button_texts == ["Hadir", "Diwakilkan", "Tidak hadir"]

    await group.press(member, post, "Hadir")
    edited = await member.wait_edit(invitation)
    assert edited.button_texts == ["✅ Hadir", "Diwakilkan", "Tidak hadir"]
    assert "Hadir" in edited.text.split("Konfirmasi kehadiran")[-1]
    await group.press(member, post, "Tidak hadir")
    await sandbox.wait_until(
        lambda: invitation if "✅ Tidak hadir" in invitation.button_texts else None,
        5.0,
        lambda: f"invitation not ticked: {invitation!r}",
    )
    [answer] = await rows(community.data, Rsvp)
    assert answer.answer == RsvpAnswer.DECLINED
    await member.no_message(within=0.3)  # an edit, not a new message


@pytest.mark.usefixtures("quick_invitations")
async def test_waiting_members_see_their_place_move(community: Community, sandbox: BotApiSandbox):
    invitations = await publish_with_capacity(community, "1")
    m = community.members
    await m["KEJAKSAAN"].press(invitations["KEJAKSAAN"], "Hadir")
    await m["KEJAKSAAN"].wait_edit(invitations["KEJAKSAAN"])
    for code in ("POLRI", "TNI"):
        await m[code].press(invitations[code], "Hadir")
        await m[code].wait_edit(invitations[code])
    tni = invitations["TNI"]
    assert "nomor 2" in tni.text

    # The first waiting member withdraws: the second is now first, on their invitation.
    await m["POLRI"].press(invitations["POLRI"], "Tidak hadir")
    await m["POLRI"].wait_edit(invitations["POLRI"])
    moved = await m["TNI"].wait_edit(tni)
    assert "nomor 1" in moved.text and "nomor 2" not in moved.text
    assert moved.button_texts[0] == "✅ Hadir"

    # The seat frees: TNI is promoted (a message), and the invitation drops its note.
    await m["KEJAKSAAN"].press(invitations["KEJAKSAAN"], "Tidak hadir")
    promoted = await m["TNI"].next_message()
    assert "kursi" in promoted.text.lower()
    await sandbox.wait_until(
        lambda: tni if "daftar tunggu" not in tni.text else None,
        5.0,
        lambda: f"waitlist note still shown: {tni!r}",
    )
    assert tni.button_texts[0] == "✅ Hadir"
    answers = {r.member_id: r for r in await rows(community.data, Rsvp)}
    tni_row = await community.member_row(m["TNI"])
    assert answers[tni_row.id].waitlisted_at is None
