"""A published forum's attachment replaced or removed from `/forum` › 📎 Lampiran: the new
file goes to every invitee who has not declined, once per change; a removal tells nobody
and later invitations carry no file; bad input and forged presses change nothing."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import col, select

from bot import callback_data as cd
from bot.services.attachments import MAX_BYTES
from models import AuditEntry, FileKind, Forum, OutboxKind, OutboxMessage, OutboxStatus
from sandbox import BotApiSandbox, SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import Community, days_ahead, typed

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NEW_PDF = PDF.replace(b"1.4", b"1.7")
NAME = "Surat Undangan Rakor.pdf"
NEW_NAME = "TOR Rakor <revisi>.pdf"
TITLE = "Rakor Pengamanan Pilkada"
CAPTION = f"📎 Lampiran undangan {TITLE} diperbarui"


async def db(community: Community, model: type[Any], *where: Any) -> list[Any]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(model).where(*where)
        return list((await session.exec(query.order_by(model.id))).all())


async def settle(community: Community) -> None:
    async with asyncio.timeout(15):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]


async def publish(community: Community, pillars: list[str]) -> dict[str, SandboxMessage]:
    """A forum with a PDF attached, published; returns each invitee's invitation (its
    document read too)."""
    form = do.ForumForm(
        title=TITLE,
        start=typed(days_ahead(5)),
        venue="Aula Polres Mojokerto Kota",
        agenda="Pemetaan kerawanan",
        pillars=pillars,
        attachment=(PDF, NAME),
    )
    preview, _ = await do.create_forum(community.admin, form)
    await do.publish(community.admin, preview)
    invitations = {}
    for code in pillars:
        user = community.members[code]
        invitations[code] = await user.next_message()
        assert (await user.next_message()).document is not None  # the original file
    return invitations


async def open_file_question(admin: SimUser) -> SandboxMessage:
    """/forum › the forum › 📎 Lampiran."""
    await admin.send("/forum")
    listing = await admin.next_message()
    await admin.press(listing, listing.button_texts[0])
    detail = await admin.next_message()
    await admin.press(detail, "📎 Lampiran")
    return await admin.next_message()


async def update_rows(community: Community) -> list[OutboxMessage]:
    return await db(
        community, OutboxMessage, col(OutboxMessage.dedupe_key).startswith("file-update:")
    )


async def audit_entries(community: Community) -> list[AuditEntry]:
    return await db(community, AuditEntry, AuditEntry.action == "forum.attachment")


async def test_a_replacement_reaches_each_invitee_who_has_not_declined_once_per_change(
    community: Community, sandbox: BotApiSandbox
):
    admin, people = community.admin, community.members
    invitations = await publish(community, ["TNI", "POLRI", "BAWASLU"])
    await do.answer_invitation(people["TNI"], invitations["TNI"], "Hadir")
    await do.answer_invitation(people["BAWASLU"], invitations["BAWASLU"], "Tidak hadir")

    ask = await open_file_question(admin)
    assert f"📎 Lampiran: dokumen «{NAME}»" in ask.text
    assert ask.button_texts == ["🗑 Hapus lampiran", "✖️ Batal"]
    sent = await admin.send_document(NEW_PDF, NEW_NAME, "application/pdf")
    assert sent.document is not None
    done = await admin.next_message()
    assert f"Lampiran undangan {TITLE} diganti" in done.text
    assert f"📎 Lampiran: dokumen «{NEW_NAME}»" in done.text
    assert "dikirim kepada 2 anggota" in done.text

    # Hadir and not-yet-answered invitees get the new file; the one who declined does not.
    for code in ("TNI", "POLRI"):
        notice = await people[code].next_message()
        assert notice.document is not None and notice.caption == CAPTION
        assert notice.document["file_name"] == NEW_NAME and notice.document["bytes"] == NEW_PDF
        assert notice.buttons == []
    await settle(community)
    for user in people.values():
        await user.no_message(within=0.1)

    (forum,) = await db(community, Forum)
    assert (forum.file_kind, forum.file_name, forum.file_version) == (
        FileKind.DOCUMENT,
        NEW_NAME,
        1,
    )
    assert forum.file_id == sent.document["file_id"]
    members = {code: await community.member_row(people[code]) for code in people}
    rows = await update_rows(community)
    assert {row.dedupe_key: row.status for row in rows} == {
        f"file-update:{forum.id}:1:{members['TNI'].id}": OutboxStatus.SENT,
        f"file-update:{forum.id}:1:{members['POLRI'].id}": OutboxStatus.SENT,
    }
    assert {(row.kind, row.file_id) for row in rows} == {(OutboxKind.ATTACHMENT, forum.file_id)}
    (entry,) = await audit_entries(community)
    assert entry.target == f"forum:{forum.id}" and entry.actor_user_id == admin.id
    assert entry.detail["old"]["name"] == NAME and entry.detail["new"]["name"] == NEW_NAME
    assert (entry.detail["version"], entry.detail["notified"]) == (1, 2)

    # A second replacement (a photo) is sent again, by sendPhoto.
    await open_file_question(admin)
    photo = await admin.send_photo()
    assert "diganti" in (await admin.next_message()).text
    for code in ("TNI", "POLRI"):
        pictured = await people[code].next_message()
        assert pictured.photo is not None and pictured.caption == CAPTION
    await settle(community)
    await people["BAWASLU"].no_message(within=0.1)
    rows = await update_rows(community)
    assert len(rows) == 4 and {row.status for row in rows} == {OutboxStatus.SENT}
    assert [call.params["photo"] for call in sandbox.calls("sendPhoto")] == [photo.file_id] * 2
    (forum,) = await db(community, Forum)
    assert (forum.file_kind, forum.file_id, forum.file_version) == (
        FileKind.PHOTO,
        photo.file_id,
        2,
    )
    assert len(await audit_entries(community)) == 2

    # An invitation opened later carries the current file.
    tni = people["TNI"]
    await tni.send(f"/start {cd.INVITATION_PAYLOAD}{forum.id}")
    assert "📎 Lampiran: foto" in (await tni.next_message()).text
    reopened = await tni.next_message()
    assert reopened.photo is not None


async def test_a_removed_attachment_tells_nobody_and_leaves_later_invitations_bare(
    community: Community,
):
    admin, tni = community.admin, community.members["TNI"]
    await publish(community, ["TNI"])
    ask = await open_file_question(admin)
    await admin.press(ask, "Hapus lampiran")
    removed = await admin.wait_edit(ask)
    assert f"Lampiran undangan {TITLE} dihapus" in removed.text
    await settle(community)
    await tni.no_message(within=0.3)

    (forum,) = await db(community, Forum)
    assert (forum.file_kind, forum.file_id, forum.file_name) == (None, None, None)
    assert forum.file_version == 1
    assert await update_rows(community) == []
    (entry,) = await audit_entries(community)
    assert entry.detail["new"] is None and entry.detail["notified"] == 0

    await tni.send("/jadwal")
    schedule = await tni.next_message()
    await tni.press(schedule, "Rakor")
    shown = await tni.next_message()
    assert TITLE in shown.text and "Lampiran" not in shown.text
    await tni.no_message(within=0.3)

    # With nothing attached there is nothing to remove: the question offers only Batal.
    ask = await open_file_question(admin)
    assert "📎 Lampiran: tidak ada" in ask.text and ask.button_texts == ["✖️ Batal"]


async def test_a_sticker_or_text_is_refused_and_batal_changes_nothing(community: Community):
    admin, tni = community.admin, community.members["TNI"]
    await publish(community, ["TNI"])
    ask = await open_file_question(admin)
    await admin.send_sticker()
    assert "tidak dapat dilampirkan" in (await admin.next_message()).text
    await admin.send("TOR menyusul")
    refused = await admin.next_message()
    assert "Mohon kirim <b>dokumen</b>" in refused.html and "tekan Batal" in refused.text
    await admin.send_document(b"0" * (MAX_BYTES + 1), "Rundown.pdf", "application/pdf")
    assert "lebih dari 20 MB" in (await admin.next_message()).text
    await admin.press(ask, "Batal")
    assert "tidak diubah" in (await admin.wait_edit(ask)).text
    # The question is closed: a file sent now is not taken as the attachment.
    await admin.send_document(NEW_PDF, NEW_NAME, "application/pdf")
    await settle(community)
    await tni.no_message(within=0.3)

    (forum,) = await db(community, Forum)
    assert (forum.file_name, forum.file_version) == (NAME, 0)
    assert await update_rows(community) == []
    assert await audit_entries(community) == []


async def test_members_and_forged_presses_are_refused(community: Community):
    admin, tni = community.admin, community.members["TNI"]
    invitations = await publish(community, ["TNI"])
    (forum,) = await db(community, Forum)
    for data in (f"ffile:{forum.id}", f"ffile:{forum.id}:del"):
        answer = await tni.press_data(invitations["TNI"], data)
        assert answer.show_alert, data
    denied = await tni.press_data(invitations["TNI"], f"ffile:{forum.id}")
    assert "admin" in (denied.text or "").lower()

    ask = await open_file_question(admin)
    for data in (f"ffile:{forum.id}:zap", f"ffile:{forum.id + 1}:del", "ffile:x", "ffile:99999"):
        answer = await admin.press_data(ask, data)
        assert answer.show_alert, data
    await settle(community)
    await tni.no_message(within=0.3)
    (after,) = await db(community, Forum)
    assert (after.file_id, after.file_name, after.file_version) == (forum.file_id, NAME, 0)
    assert await audit_entries(community) == []
