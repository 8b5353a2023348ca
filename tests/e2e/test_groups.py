"""Coordination groups: tracking the bot's groups, posting a forum there, RSVP presses in the
group with live counts, the private deep links, and a group becoming a supergroup."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
from sqlmodel import select

import bot.followups
from bot.context import BotData
from models import (
    AuditEntry,
    CoordinationGroup,
    Forum,
    ForumStatus,
    GroupPost,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
    Rsvp,
    RsvpAnswer,
)
from sandbox import BotApiSandbox, SandboxMessage, SimGroup, SimUser
from sandbox.server import GROUP_MIGRATED
from tests.e2e.conftest import Community, days_ahead, publish_forum

GROUP_ID = -4001
TITLE = "Koordinasi Pilkada Kota Mojokerto"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def quick_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The counts' debounce, shortened from 3 s so the tests stay fast."""
    monkeypatch.setattr(bot.followups, "COUNT_REFRESH_DELAY", 0.3)


async def eventually(check: Callable[[], Awaitable[T | None]], within: float = 5.0) -> T:
    """Poll a database condition the bot reaches asynchronously (no sandbox event marks it)."""
    async with asyncio.timeout(within):
        while True:
            result = await check()
            if result:
                return result
            await asyncio.sleep(0.02)


async def rows(data: BotData, model: type[T]) -> list[T]:
    assert data.sessions is not None
    async with data.sessions() as session:
        return list((await session.exec(select(model))).all())  # type: ignore[call-overload]


async def group_row(data: BotData, chat_id: int) -> CoordinationGroup | None:
    return next((g for g in await rows(data, CoordinationGroup) if g.chat_id == chat_id), None)


async def forum_id(data: BotData) -> int:
    forums = await rows(data, Forum)
    assert forums[-1].id is not None
    return forums[-1].id


async def add_group(
    sandbox: BotApiSandbox, community: Community, chat_id: int = GROUP_ID
) -> SimGroup:
    group = sandbox.add_bot_to_group(chat_id, TITLE, by=community.admin)
    await eventually(lambda: group_row(community.data, chat_id))
    return group


async def open_detail(admin: SimUser, forum_title: str = "Diskusi") -> SandboxMessage:
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, forum_title)
    return await admin.next_message()


async def post_forum(admin: SimUser, forum_title: str = "Diskusi") -> SandboxMessage:
    """Detail → "Kirim ke grup" → the group: returns the choice message (edited to the result)."""
    detail = await open_detail(admin, forum_title)
    await admin.press(detail, "Kirim ke grup")
    choice = await admin.next_message()
    assert "Pilih grup" in choice.text
    await admin.press(choice, "Koordinasi")
    return await admin.wait_edit(choice)


async def test_the_bot_joining_and_leaving_groups_is_tracked(
    community: Community, sandbox: BotApiSandbox
):
    await add_group(sandbox, community)
    group = await group_row(community.data, GROUP_ID)
    assert group is not None and group.active and group.title == TITLE

    sandbox.remove_bot_from_group(GROUP_ID, by=community.admin)

    async def inactive() -> bool:
        row = await group_row(community.data, GROUP_ID)
        return row is not None and not row.active

    await eventually(inactive)
    sandbox.add_bot_to_group(GROUP_ID, TITLE, by=community.admin)

    async def active_again() -> bool:
        row = await group_row(community.data, GROUP_ID)
        return row is not None and row.active

    await eventually(active_again)
    assert len(await rows(community.data, CoordinationGroup)) == 1

    # A group the bot sat in before groups were tracked is recorded from its next message.
    old = sandbox.group(-4002, "Grup Lama")
    await old.send(community.members["POLRI"], "/bantuan")
    await old.next_message()
    row = await eventually(lambda: group_row(community.data, -4002))
    assert row.title == "Grup Lama" and row.active


async def test_post_press_and_live_counts(
    community: Community, sandbox: BotApiSandbox, monkeypatch: pytest.MonkeyPatch
):
    invitations = await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    admin = community.admin

    done = await post_forum(admin)

    assert "masuk antrean" in done.text and TITLE in done.text
    post = await group.next_message()
    assert "Undangan forum" in post.text and "Diskusi dan Konsolidasi Empat Pilar" in post.text
    assert "hadir 0 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 4" in post.text
    assert post.button_texts == ["Hadir", "Diwakilkan", "Tidak hadir"]
    fid = await forum_id(community.data)
    posts = await rows(community.data, GroupPost)
    assert len(posts) == 1 and posts[0].forum_id == fid

    async def sent() -> OutboxMessage | None:
        outbox = await rows(community.data, OutboxMessage)
        row = next(o for o in outbox if o.id == posts[0].outbox_id)
        return row if row.status == OutboxStatus.SENT else None

    row = await eventually(sent)
    assert row.kind == OutboxKind.GROUP_POST and row.chat_id == GROUP_ID
    assert row.telegram_message_id == post.message_id
    audit = [a for a in await rows(community.data, AuditEntry) if a.action == "forum.group_post"]
    assert audit[0].target == f"forum:{fid}" and audit[0].detail["group_chat_id"] == GROUP_ID

    # A registered member answers in the group: a popup, nothing written in the group.
    member = community.members["KEJAKSAAN"]
    answer = await group.press(member, post, "Hadir")
    assert answer.text == "Terima kasih, tercatat: Hadir." and answer.url is None
    edited = await group.wait_edit(post)
    assert "hadir 1 · diwakilkan 0 · tidak hadir 0 · belum konfirmasi 3" in edited.text
    assert group.unread() == []
    member_row = await community.member_row(member)
    stored = [r for r in await rows(community.data, Rsvp) if r.member_id == member_row.id]
    assert stored[0].answer == RsvpAnswer.ATTENDING
    await member.no_message(within=0.1)

    # A burst of answers (in the group and in private) makes one or two edits, not one each.
    monkeypatch.setattr(bot.followups, "COUNT_REFRESH_DELAY", 1.0)
    before = post.edit_count
    await group.press(community.members["POLRI"], post, "Hadir")
    await group.press(community.members["TNI"], post, "Tidak hadir")
    await community.members["BAWASLU"].press(invitations["BAWASLU"], "Hadir")

    await sandbox.wait_until(
        lambda: post if "hadir 3 · diwakilkan 0 · tidak hadir 1 · belum" in post.text else None,
        5.0,
        lambda: f"counts not refreshed: {post!r}",
    )
    await asyncio.sleep(0.4)  # any further (wrong) edit would have come by now
    assert post.edit_count - before <= 2
    assert "belum konfirmasi 0" in post.text
    assert group.unread() == []

    # A member whose pillar is not invited is told so; the counts stay.
    refused = await group.press(community.members["PEMDA"], post, "Hadir")
    assert refused.show_alert and "tidak diundang" in refused.text


async def test_unregistered_press_links_to_the_registration(
    community: Community, sandbox: BotApiSandbox
):
    await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    await post_forum(community.admin)
    post = await group.next_message()
    stranger = sandbox.user(3001, "Agus")

    answer = await group.press(stranger, post, "Hadir")

    assert answer.url == "https://t.me/sinergi_bot?start=daftar"
    assert answer.text is not None and "belum terdaftar" in answer.text
    assert await rows(community.data, Rsvp) == []
    assert group.unread() == []
    await stranger.no_message(within=0.1)

    await stranger.start("daftar")
    assert "Selamat datang" in (await stranger.next_message()).text
    assert "nama lengkap" in (await stranger.next_message()).text


async def test_delegated_in_a_group_continues_in_private(
    community: Community, sandbox: BotApiSandbox
):
    await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    await post_forum(community.admin)
    post = await group.next_message()
    member = community.members["POLRI"]
    fid = await forum_id(community.data)

    answer = await group.press(member, post, "Diwakilkan")

    assert answer.url == f"https://t.me/sinergi_bot?start=w_{fid}"
    assert answer.text is not None and "chat pribadi" in answer.text
    assert group.unread() == []
    assert await rows(community.data, Rsvp) == []

    await member.start(f"w_{fid}")
    assert "nama perwakilan" in (await member.next_message()).text
    await member.send("Dwi Santoso")
    assert "jabatan" in (await member.next_message()).text
    await member.send("Kabag Ops")
    assert (
        await member.next_message()
    ).text == "Terima kasih, tercatat: diwakili oleh Dwi Santoso (Kabag Ops)."
    stored = await rows(community.data, Rsvp)
    assert [(r.answer, r.delegate_name) for r in stored] == [(RsvpAnswer.DELEGATED, "Dwi Santoso")]
    edited = await group.wait_edit(post)
    assert "hadir 0 · diwakilkan 1" in edited.text

    # A stale or forged deep link is refused in private and starts nothing.
    await member.start("w_424242")
    assert "tidak ditemukan" in (await member.next_message()).text
    await member.send("Budi")
    assert "nama perwakilan" not in (await member.next_message()).text


async def test_a_migrated_group_is_followed(community: Community, sandbox: BotApiSandbox):
    await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    await post_forum(community.admin)
    post = await group.next_message()

    sandbox.migrate_group(GROUP_ID, -1004001)

    moved = await eventually(lambda: group_row(community.data, -1004001))
    assert moved.active and await group_row(community.data, GROUP_ID) is None
    assert len(await rows(community.data, CoordinationGroup)) == 1
    # An answer now: the old post cannot be edited any more (the chat moved); nothing breaks.
    answer = await group.press(community.members["TNI"], post, "Hadir")
    assert answer.text == "Terima kasih, tercatat: Hadir."

    await publish_forum(community, start=days_ahead(5), title="Rapat Koordinasi Kedua")
    await post_forum(community.admin, "Rapat")
    second = await group.next_message()
    assert second.chat_id == -1004001 and "Rapat Koordinasi Kedua" in second.text
    outbox = [o for o in await rows(community.data, OutboxMessage) if o.kind == "group_post"]
    assert [o.chat_id for o in outbox] == [GROUP_ID, -1004001]

    # The first forum's post stayed in the old chat; it can be posted into the supergroup.
    await post_forum(community.admin, "Diskusi")
    again = await group.next_message()
    assert again.chat_id == -1004001 and "Diskusi dan Konsolidasi" in again.text
    outbox = [o for o in await rows(community.data, OutboxMessage) if o.kind == "group_post"]
    assert [o.chat_id for o in outbox] == [GROUP_ID, -1004001, -1004001]


async def test_chat_migrated_on_send_moves_the_post_and_the_group(
    community: Community, sandbox: BotApiSandbox
):
    await publish_forum(community, start=days_ahead(3))
    await add_group(sandbox, community)
    supergroup = sandbox.group(-1004003, TITLE)
    sandbox.fail_next(
        "sendMessage",
        error_code=400,
        description=GROUP_MIGRATED,
        chat_id=GROUP_ID,
        migrate_to_chat_id=supergroup.chat_id,
    )

    await post_forum(community.admin)

    post = await supergroup.next_message()
    assert "Undangan forum" in post.text
    row = await eventually(lambda: group_row(community.data, supergroup.chat_id))
    assert row.title == TITLE

    async def delivered() -> list[tuple[int, str]] | None:
        outbox = await rows(community.data, OutboxMessage)
        sent = [(o.chat_id, o.status) for o in outbox if o.kind == OutboxKind.GROUP_POST]
        return sent if sent[0][1] == OutboxStatus.SENT else None

    assert await eventually(delivered) == [(supergroup.chat_id, OutboxStatus.SENT)]
    # The counts follow the post to where it was delivered.
    await supergroup.press(community.members["BAWASLU"], post, "Hadir")
    assert "hadir 1" in (await supergroup.wait_edit(post)).text


async def test_posting_refusals(community: Community, sandbox: BotApiSandbox):
    await publish_forum(community, start=days_ahead(3))
    admin = community.admin
    fid = await forum_id(community.data)

    # No group yet: how to add the bot.
    detail = await open_detail(admin)
    await admin.press(detail, "Kirim ke grup")
    assert "@sinergi_bot" in (await admin.next_message()).text

    await add_group(sandbox, community)
    group = await group_row(community.data, GROUP_ID)
    assert group is not None

    member = community.members["KEJAKSAAN"]
    forged = await member.press_data(detail, f"gpost:{fid}:{group.id}")
    assert forged.show_alert and "admin" in (forged.text or "")
    forged = await member.press_data(detail, f"gpost:{fid}")
    assert forged.show_alert
    unknown = await admin.press_data(detail, f"gpost:{fid}:999")
    assert unknown.show_alert and "tidak ditemukan" in (unknown.text or "")
    garbage = await admin.press_data(detail, "gpost:x:1")
    assert garbage.show_alert and "tidak berlaku" in (garbage.text or "")
    assert await rows(community.data, GroupPost) == []

    await post_forum(admin)
    again = await admin.press_data(detail, f"gpost:{fid}:{group.id}")
    assert again.show_alert and "sudah dikirim" in (again.text or "")
    assert len(await rows(community.data, GroupPost)) == 1
    # The group list marks where the forum already is.
    await admin.press(detail, "Kirim ke grup")
    assert (await admin.next_message()).button_texts == [f"✅ {TITLE}"]

    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        forum = await session.get(Forum, fid)
        assert forum is not None
        forum.status = ForumStatus.CANCELLED
        session.add(forum)
        await session.commit()
    cancelled = await admin.press_data(detail, f"gpost:{fid}")
    assert cancelled.show_alert and "dibatalkan" in (cancelled.text or "")
    outbox = await rows(community.data, OutboxMessage)
    assert len([o for o in outbox if o.kind == OutboxKind.GROUP_POST]) == 1
    assert not [a for a in await rows(community.data, AuditEntry) if a.detail.get("reposted")]


async def test_refresh_survives_unchanged_and_deleted_posts(
    community: Community,
    sandbox: BotApiSandbox,
    app: object,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
):
    # Long enough for two presses to fall within one debounce even on a busy machine.
    monkeypatch.setattr(bot.followups, "COUNT_REFRESH_DELAY", 1.0)
    invitations = await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    await post_forum(community.admin)
    post = await group.next_message()
    member, invitation = community.members["TNI"], invitations["TNI"]
    await member.press(invitation, "Hadir")
    await group.wait_edit(post)

    def failed_edits() -> list[int]:
        return [
            c.status
            for c in sandbox.calls("editMessageText")
            if c.params.get("chat_id") == GROUP_ID and c.status == 400
        ]

    # There and back within the debounce: the edit finds nothing to change.
    await member.press(invitation, "Tidak hadir")
    await member.press(invitation, "Hadir")
    await sandbox.wait_until(lambda: failed_edits() or None, 5.0, lambda: "no edit tried")
    # The post deleted by a group admin: the edit finds no message.
    await app.bot.delete_message(GROUP_ID, post.message_id)  # type: ignore[attr-defined]
    await member.press(invitation, "Tidak hadir")
    await sandbox.wait_until(
        lambda: True if len(failed_edits()) == 2 else None, 5.0, lambda: "no second edit"
    )

    assert "hadir 1" in post.text  # the counts it showed when it was deleted
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    answer = await member.press(invitation, "Hadir")
    assert answer.text == "Terima kasih, tercatat: Hadir."
