"""An invitation's attachment (issue 10, item 5): the surat undangan sent after each
invitation and its venue pin, by file_id, once; kept, replaced or dropped by a duplicate;
shown again with the invitation a member opens later; bad files refused, changing nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import select

from bot import callback_data as cd
from bot import notices
from bot.services import forums
from bot.services.attachments import MAX_BYTES
from models import FileKind, Forum, Member, OutboxKind, OutboxMessage, OutboxStatus
from sandbox import BotApiSandbox, SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import JAKARTA, Community, days_ahead, typed

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NAME = "Surat Undangan Rakor <No. 12>.pdf"
PIN = (-7.4726, 112.4381)  # Kota Mojokerto
TITLE = "Rakor Pengamanan Pilkada"


def form(**fields: Any) -> do.ForumForm:
    return do.ForumForm(
        title=TITLE,
        start=typed(fields.pop("start", days_ahead(5))),
        venue="Aula Polres Mojokerto Kota, Jl. Bhayangkara No. 1",
        agenda="Pemetaan kerawanan",
        pillars=fields.pop("pillars", ["TNI", "POLRI"]),
        **fields,
    )


async def db(community: Community, model: type[Any], *where: Any) -> list[Any]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(model).where(*where)
        return list((await session.exec(query.order_by(model.id))).all())


async def settle(community: Community) -> None:
    async with asyncio.timeout(15):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]


async def mark_unreachable(community: Community, user: SimUser) -> None:
    async with community.data.sessions() as session:  # type: ignore[misc]
        member = (
            await session.exec(select(Member).where(Member.telegram_user_id == user.id))
        ).one()
        member.is_reachable = False
        session.add(member)
        await session.commit()


def assert_the_document(message: SandboxMessage, *, name: str = NAME) -> None:
    assert message.document is not None, message
    assert message.document["file_name"] == name and message.document["bytes"] == PDF
    assert message.caption == f"📎 Lampiran undangan {TITLE}"
    assert message.buttons == []


async def test_each_invitation_is_followed_by_its_pin_then_its_document_once(
    community: Community, sandbox: BotApiSandbox
):
    admin, people = community.admin, community.members
    await mark_unreachable(community, people["BAWASLU"])
    preview, _ = await do.create_forum(
        admin,
        form(pillars=["TNI", "POLRI", "BAWASLU"], pin=PIN, attachment=(PDF, NAME)),
    )
    # The document the admin sent at the attachment step.
    (sent,) = [
        m for m in sandbox.messages(admin.chat_id) if not m.from_bot and m.document is not None
    ]
    assert sent.document is not None
    assert f"📎 Lampiran: dokumen «{NAME}»" in preview.text
    await do.publish(admin, preview)

    # What each reachable invitee sees: the invitation, the pin, then the document.
    for code in ("TNI", "POLRI"):
        invitation = await people[code].next_message()
        assert "Undangan" in invitation.text and TITLE in invitation.text
        assert f"📎 Lampiran: dokumen «{NAME}»" in invitation.text
        assert invitation.button_texts[:3] == ["Hadir", "Diwakilkan", "Tidak hadir"]
        assert (await people[code].next_message()).venue is not None
        assert_the_document(await people[code].next_message())
    await settle(community)
    for user in people.values():
        await user.no_message(within=0.1)
    uploads = sandbox.calls("sendDocument")
    assert [call.params["document"] for call in uploads] == [sent.document["file_id"]] * 2

    # What the database holds: the forum's file, and one row per invitee keyed by the
    # invitation's key, sent (blocked for the member known unreachable).
    (forum,) = await db(community, Forum)
    assert (forum.file_kind, forum.file_name) == (FileKind.DOCUMENT, NAME)
    assert forum.file_id == sent.document["file_id"]
    members = {code: await community.member_row(people[code]) for code in people}
    files = await db(community, OutboxMessage, OutboxMessage.kind == OutboxKind.ATTACHMENT)
    assert {row.dedupe_key: row.status for row in files} == {
        f"file:invite:{forum.id}:{members['TNI'].id}": OutboxStatus.SENT,
        f"file:invite:{forum.id}:{members['POLRI'].id}": OutboxStatus.SENT,
        f"file:invite:{forum.id}:{members['BAWASLU'].id}": OutboxStatus.BLOCKED,
    }
    assert {(row.file_kind, row.file_id, row.forum_id) for row in files} == {
        (FileKind.DOCUMENT, forum.file_id, forum.id)
    }
    invitations = {
        row.member_id: row
        for row in await db(community, OutboxMessage, OutboxMessage.kind == OutboxKind.INVITATION)
    }
    for row in files:
        if row.status == OutboxStatus.SENT:
            assert row.sent_at >= invitations[row.member_id].sent_at
            assert row.chat_id == invitations[row.member_id].chat_id

    # Queuing the invitations again (a repeated publish, a restart) adds nothing.
    async with community.data.sessions() as session:  # type: ignore[misc]
        again = forums.Published(
            forum=forum,
            pillars=await forums.forum_pillars(session, forum.id),
            invitees=await forums.invited_members(session, forum.id),
        )
        added = await notices.forums.invitations(session, again, tz=JAKARTA, office="KPU")
    assert added == []

    # A member who opens the invitation later (its link, /jadwal) gets the file too.
    tni = people["TNI"]
    await tni.send(f"/start {cd.INVITATION_PAYLOAD}{forum.id}")
    reopened = await tni.next_message()
    assert TITLE in reopened.text and "Hadir" in reopened.button_texts
    assert_the_document(await tni.next_message())


async def duplicate_to_file_step(community: Community, weeks: int) -> SandboxMessage:
    """📄 Duplikat of the first forum, `weeks` later: returns the attachment question."""
    admin = community.admin
    await admin.send("/forum")
    listing = await admin.next_message()
    await admin.press(listing, listing.button_texts[0])
    detail = await admin.next_message()
    await admin.press(detail, "📄 Duplikat")
    ask_start = await admin.next_message()
    assert "lokasi dan lampiran disalin" in ask_start.text
    await admin.send(typed(days_ahead(5 + 7 * weeks)))
    return await admin.next_message()


async def test_a_duplicate_keeps_replaces_or_drops_the_attachment(
    community: Community, sandbox: BotApiSandbox
):
    admin, tni = community.admin, community.members["TNI"]
    preview, _ = await do.create_forum(admin, form(pillars=["TNI"], attachment=(PDF, NAME)))
    await do.publish(admin, preview)
    await tni.next_message()  # the invitation
    assert_the_document(await tni.next_message())

    # Kept: the copy's invitees get the same file, by the same file_id.
    ask = await duplicate_to_file_step(community, 1)
    assert f"forum asal melampirkan {NAME}" in ask.text
    assert ask.button_texts == ["📎 Pakai lampiran yang sama", "Tanpa lampiran"]
    await admin.press(ask, "Pakai lampiran yang sama")
    assert f"Lampiran undangan: {NAME}" in (await admin.wait_edit(ask)).text
    copy_preview = await admin.next_message()
    assert f"📎 Lampiran: dokumen «{NAME}»" in copy_preview.text
    await do.publish(admin, copy_preview)
    await tni.next_message()
    assert_the_document(await tni.next_message())

    # Replaced by a photo: sent with sendPhoto, by the photo's file_id.
    ask = await duplicate_to_file_step(community, 2)
    photo = await admin.send_photo()
    photo_preview = await admin.next_message()
    assert "📎 Lampiran: foto" in photo_preview.text and NAME not in photo_preview.text
    await do.publish(admin, photo_preview)
    await tni.next_message()
    pictured = await tni.next_message()
    assert pictured.photo is not None and pictured.caption == f"📎 Lampiran undangan {TITLE}"

    # Dropped: no file, no attachment row.
    ask = await duplicate_to_file_step(community, 3)
    await admin.press(ask, "Tanpa lampiran")
    assert "Lampiran undangan: tidak ada" in (await admin.wait_edit(ask)).text
    bare_preview = await admin.next_message()
    assert "Lampiran" not in bare_preview.text
    await do.publish(admin, bare_preview)
    assert "Undangan" in (await tni.next_message()).text
    await settle(community)
    await tni.no_message(within=0.3)

    first, kept, replaced, dropped = await db(community, Forum)
    assert kept.file_id == first.file_id and kept.file_name == NAME
    assert replaced.file_kind == FileKind.PHOTO and replaced.file_id == photo.file_id
    assert replaced.file_name is None
    assert (dropped.file_kind, dropped.file_id, dropped.file_name) == (None, None, None)
    files = await db(community, OutboxMessage, OutboxMessage.kind == OutboxKind.ATTACHMENT)
    assert [(row.forum_id, row.file_kind) for row in files] == [
        (first.id, FileKind.DOCUMENT),
        (kept.id, FileKind.DOCUMENT),
        (replaced.id, FileKind.PHOTO),
    ]
    assert {row.status for row in files} == {OutboxStatus.SENT}
    (photo_call,) = sandbox.calls("sendPhoto")
    assert photo_call.params["photo"] == photo.file_id


async def test_bad_attachments_are_refused_and_change_nothing(community: Community):
    admin = community.admin
    ask_location, _ = await do.create_forum(admin, form(), options=False)
    await admin.press(ask_location, "Lewati")
    offsets = await admin.next_message()
    await admin.press(offsets, "Lanjut")
    await admin.press(await admin.next_message(), "Lewati")  # note
    await admin.press(await admin.next_message(), "Tidak diulang")
    ask_file = await admin.next_message()
    assert "Lampiran undangan" in ask_file.text and ask_file.button_texts == ["Lewati"]

    await admin.send_sticker()
    assert "tidak dapat dilampirkan" in (await admin.next_message()).text
    await admin.send_location(*PIN)
    assert "tidak dapat dilampirkan" in (await admin.next_message()).text
    await admin.send("TOR menyusul")
    assert "Mohon kirim <b>dokumen</b>" in (await admin.next_message()).html
    await admin.send_document(b"0" * (MAX_BYTES + 1), "Rundown.pdf", "application/pdf")
    too_big = await admin.next_message()
    assert "lebih dari 20 MB" in too_big.text and "Bapak/Ibu" in too_big.text

    await admin.press(ask_file, "Lewati")  # still at the attachment step, nothing kept
    preview = await admin.next_message()
    assert "Lampiran" not in preview.text
    await do.publish(admin, preview)
    (forum,) = await db(community, Forum)
    assert (forum.file_kind, forum.file_id, forum.file_name) == (None, None, None)
    await settle(community)
    assert await db(community, OutboxMessage, OutboxMessage.kind == OutboxKind.ATTACHMENT) == []


async def test_an_announcement_refuses_a_file_too_big(community: Community):
    admin = community.admin
    await admin.send("/umumkan")
    await admin.next_message()
    await admin.send_document(b"0" * (MAX_BYTES + 1), "Materi.pdf", "application/pdf")
    assert "lebih dari 20 MB" in (await admin.next_message()).text
    await admin.send("Rapat pleno diundur")  # still asking for the announcement
    assert "Lampirkan" in (await admin.next_message()).text
