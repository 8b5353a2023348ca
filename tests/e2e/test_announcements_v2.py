"""Announcements 2.0 through the sandbox: a PDF to a forum's non-responders with read
confirmations and a follow-up; scheduled then cancelled; cancelled while it goes out; a
scheduled one derived from its row at start; bad input refused, changing nothing."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bot.context import SinergiContext
from bot.services import announcements
from models import (
    Announcement,
    AnnouncementReceipt,
    AudienceKind,
    AuditEntry,
    FileKind,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
)
from sandbox import BotApiSandbox, SandboxMessage, SimUser
from sandbox import scenarios as do
from scheduler import announcements as announcement_jobs
from tests.e2e.conftest import Community, days_ahead, publish_forum, typed
from tests.reliability.conftest import seed_members

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def idle(community: Community) -> None:
    assert community.data.sender is not None
    async with asyncio.timeout(30):
        await community.data.sender.wait_idle()


async def all_rows(community: Community, model: type, *where: object) -> list:  # type: ignore[type-arg]
    assert community.data.sessions is not None
    async with community.data.sessions() as session:
        return list((await session.exec(select(model).where(*where))).all())


async def next_with(user: SimUser, needle: str, wait: float = 15) -> SandboxMessage:
    """The next message of `user` whose text or caption holds `needle` (others are read past)."""
    while True:
        message = await user.next_message(timeout=wait)
        if needle in (message.text or message.caption or ""):
            return message


async def compose_to_everyone(admin: SimUser, text: str) -> SandboxMessage:
    """/umumkan with `text`, no file, everyone: returns the when prompt."""
    await admin.send("/umumkan")
    await admin.next_message()
    await admin.send(text)
    offer = await admin.next_message()
    await admin.press(offer, "Lewati")
    audience = await admin.wait_edit(offer)
    await admin.press(audience, "Semua anggota")
    return await admin.wait_edit(audience)


async def test_a_pdf_to_a_forums_non_responders_with_receipts_and_a_follow_up(
    community: Community, sandbox: BotApiSandbox
):
    admin, people = community.admin, community.members
    invitations = await publish_forum(community, start=days_ahead(3))
    await do.answer_invitation(people["KEJAKSAAN"], invitations["KEJAKSAAN"], "Hadir")
    await do.answer_invitation(people["POLRI"], invitations["POLRI"], "Tidak hadir")
    admin.unread()

    await admin.send("/umumkan")
    await admin.next_message()
    sent = await admin.send_document(
        PDF, "TOR-Rakor.pdf", "application/pdf", caption="TOR & rundown <terlampir>."
    )
    audience = await admin.next_message()
    await admin.press(audience, "Belum menjawab")
    forums = await admin.wait_edit(audience)
    assert "Pilih forumnya" in forums.text
    await admin.press(forums, "Diskusi dan Konsolidasi")
    when = await admin.wait_edit(forums)
    assert "(2 anggota)" in when.text and "belum menjawab" in when.text
    await admin.press(when, "Kirim sekarang")
    preview = await admin.wait_edit(when)
    assert "📎 Lampiran: dokumen «TOR-Rakor.pdf»" in preview.text
    assert "Waktu kirim: sekarang" in preview.text
    await admin.press(preview, "Kirim")
    progress = await admin.wait_edit(preview)
    assert "Pengumuman sedang dikirim" in progress.text and "kepada 2 anggota" in progress.text
    assert progress.button_texts == ["⛔ Batalkan pengiriman"]

    # What each member sees: the PDF with the text as its caption, and one button.
    copies = {code: await people[code].next_message() for code in ("TNI", "BAWASLU")}
    for copy in copies.values():
        assert copy.document is not None and copy.document["file_name"] == "TOR-Rakor.pdf"
        assert copy.document["bytes"] == PDF
        assert copy.caption is not None and "Pengumuman KPU" in copy.caption
        assert "TOR & rundown <terlampir>." in copy.caption
        assert copy.button_texts == ["👍 Sudah diterima"]
    for code in ("KEJAKSAAN", "POLRI", "PEMDA"):
        await people[code].no_message(within=0.1)
    uploads = sandbox.calls("sendDocument")
    assert len(uploads) == 2
    assert {call.params["document"] for call in uploads} == {sent.document["file_id"]}  # type: ignore[index]

    report = await next_with(admin, "Laporan pengiriman")
    assert re.search(r"^Penerima: 2$", report.text, re.M)
    assert re.search(r"^Terkirim: 2$", report.text, re.M)
    assert "Konfirmasi diterima: 0 dari 2" in report.text
    assert re.search(r"^TNI: 0/1$", report.text, re.M)
    assert re.search(r"^Bawaslu: 0/1$", report.text, re.M)
    assert "🔔 Ingatkan yang belum konfirmasi (2)" in report.button_texts
    finished = await admin.wait_edit(
        progress, timeout=10, until=lambda m: "Pengiriman selesai" in (m.text or "")
    )
    assert "▓▓▓▓▓▓▓▓▓▓ 2/2 terkirim · 0 gagal" in finished.text
    assert finished.buttons == []

    # A read confirmation: a toast, the button ticked; a second press records nothing more.
    tni = people["TNI"]
    answer = await tni.press(copies["TNI"], "Sudah diterima")
    assert answer.text == "✅ Terima kasih, penerimaan pengumuman tercatat."
    assert (await tni.wait_edit(copies["TNI"])).button_texts == ["✅ Diterima"]
    again = await tni.press(copies["TNI"], "Diterima")
    assert "sudah tercatat sebelumnya" in (again.text or "")
    await admin.press(report, "Perbarui laporan")
    report = await admin.wait_edit(report)
    assert "Konfirmasi diterima: 1 dari 2" in report.text
    assert re.search(r"^TNI: 1/1$", report.text, re.M)
    assert "🔔 Ingatkan yang belum konfirmasi (1)" in report.button_texts

    # The follow-up reaches the one who has not confirmed, once however often it is pressed.
    first = await admin.press(report, "Ingatkan")
    assert first.show_alert and "Pengingat dikirim kepada 1 anggota" in (first.text or "")
    bawaslu = people["BAWASLU"]
    reminder = await bawaslu.next_message()
    assert "Mohon konfirmasi penerimaan" in reminder.text
    assert "TOR &amp; rundown" not in reminder.text and "TOR & rundown" in reminder.text
    assert reminder.button_texts == ["👍 Sudah diterima"]
    await tni.no_message(within=0.3)
    second = await admin.press(report, "Ingatkan")
    assert "Tidak ada pengingat baru" in (second.text or "")
    await idle(community)
    await bawaslu.no_message(within=0.3)
    await bawaslu.press(reminder, "Sudah diterima")
    assert (await bawaslu.wait_edit(reminder)).button_texts == ["✅ Diterima"]
    assert (await bawaslu.wait_edit(copies["BAWASLU"])).button_texts == ["✅ Diterima"]
    await admin.press(report, "Perbarui laporan")
    report = await admin.wait_edit(report)
    assert "Konfirmasi diterima: 2 dari 2" in report.text
    assert report.button_texts == ["🔄 Perbarui laporan"]

    # What the database holds.
    (stored,) = await all_rows(community, Announcement)
    assert stored.audience == AudienceKind.NO_ANSWER and stored.forum_id is not None
    assert (stored.file_kind, stored.file_name) == (FileKind.DOCUMENT, "TOR-Rakor.pdf")
    assert stored.file_id == sent.document["file_id"]  # type: ignore[index]
    assert stored.text == "TOR & rundown <terlampir>." and stored.recipients == 2
    copies_rows = await all_rows(
        community, OutboxMessage, OutboxMessage.kind == OutboxKind.ANNOUNCEMENT
    )
    assert sorted(r.status for r in copies_rows) == ["sent", "sent"]
    assert {(r.file_kind, r.file_id) for r in copies_rows} == {(FileKind.DOCUMENT, stored.file_id)}
    reminders = await all_rows(
        community, OutboxMessage, OutboxMessage.kind == OutboxKind.ANNOUNCEMENT_REMINDER
    )
    assert [r.dedupe_key for r in reminders] == [
        f"announce-remind:{stored.id}:{(await community.member_row(bawaslu)).id}"
    ]
    receipts = await all_rows(community, AnnouncementReceipt)
    assert sorted(r.member_id for r in receipts) == sorted(
        [(await community.member_row(tni)).id, (await community.member_row(bawaslu)).id]
    )


async def test_a_photo_with_its_caption_to_one_pillar(community: Community, sandbox):
    admin, polri = community.admin, community.members["POLRI"]
    await admin.send("/umumkan")
    await admin.next_message()
    sent = await admin.send_photo(caption="Denah lokasi rapat")
    audience = await admin.next_message()
    await admin.press(audience, "Polri")
    await admin.wait_edit(audience)
    await admin.press(audience, "Selesai")
    when = await admin.wait_edit(audience)
    await admin.send("sekarang")
    preview = await admin.next_message()
    assert "📎 Lampiran: foto" in preview.text and "Denah lokasi rapat" in preview.text
    await admin.press(preview, "Kirim")
    del when

    copy = await polri.next_message()
    assert copy.photo is not None and "Denah lokasi rapat" in (copy.caption or "")
    (call,) = sandbox.calls("sendPhoto")
    assert call.params["photo"] == sent.file_id
    await next_with(admin, "Laporan pengiriman")


async def test_scheduled_then_cancelled_from_the_list(community: Community, app):
    admin = community.admin
    when = await compose_to_everyone(admin, "Rapat pleno diundur")
    moment = days_ahead(2, hour=10)
    await admin.send(typed(moment))
    preview = await admin.next_message()
    assert "Waktu kirim:" in preview.text and "10.00 WIB" in preview.text
    assert "🗓 Jadwalkan" in preview.button_texts
    await admin.press(preview, "Jadwalkan")
    scheduled = await admin.wait_edit(preview)
    assert "Pengumuman dijadwalkan" in scheduled.text
    assert scheduled.button_texts == ["⛔ Batalkan pengiriman"]
    del when
    (stored,) = await all_rows(community, Announcement)
    assert stored.send_at == moment and stored.queued_at is None
    assert app.job_queue.scheduler.get_job(f"announce:{stored.id}") is not None
    assert (
        await all_rows(community, OutboxMessage, col(OutboxMessage.announcement_id).is_not(None))
        == []
    )

    await admin.send("/umumkan")
    listing = await admin.next_message()
    assert f"#{stored.id} · " in listing.text and "Rapat pleno diundur" in listing.text
    await admin.next_message()  # the form asks for a new text
    answer = await admin.press(listing, f"Batalkan #{stored.id}")
    assert answer.text == "Pengiriman dibatalkan: 0 tidak dikirim."
    listing = await admin.wait_edit(listing)
    assert "Tidak ada lagi pengumuman terjadwal" in listing.text and listing.buttons == []
    again = await admin.press(scheduled, "Batalkan pengiriman")
    assert again.show_alert and "sudah dibatalkan" in (again.text or "")
    await admin.send("/batal")

    (stored,) = await all_rows(community, Announcement)
    assert stored.cancelled_at is not None and stored.queued_at is None
    assert app.job_queue.scheduler.get_job(f"announce:{stored.id}") is None
    entries = await all_rows(community, AuditEntry, AuditEntry.action == "announcement.cancel")
    assert [e.detail for e in entries] == [{"not_sent": 0, "scheduled": True}]
    for user in community.members.values():
        await user.no_message(within=0.1)


async def test_a_scheduled_announcement_is_derived_from_its_row_and_goes_out(
    community: Community, app
):
    """As after a restart: the row alone makes the job; at its time it goes out with a
    progress message first, then the report."""
    data = community.data
    assert data.sessions is not None
    async with data.sessions() as session:
        sender = await community.member_row(community.admin)
        polri = await announcements.recipients(
            session, announcements.Audience.of_pillars([sender.pillar_id])
        )
        assert polri
        row = await announcements.schedule(
            session,
            sender=sender,
            text="Pengingat: rapat besok",
            audience=announcements.Audience(),
            send_at=datetime.now(UTC) + timedelta(seconds=1),
            now=datetime.now(UTC),
        )
        await session.commit()
    assert await announcement_jobs.schedule_all(SinergiContext(app)) == (1, 0)

    copy = await community.members["TNI"].next_message(timeout=10)
    assert "Pengingat: rapat besok" in copy.text
    progress = await next_with(community.admin, "Pengumuman sedang dikirim")
    assert progress.button_texts == ["⛔ Batalkan pengiriman"]
    await next_with(community.admin, "Laporan pengiriman")
    await community.admin.wait_edit(
        progress, timeout=10, until=lambda m: "Pengiriman selesai" in (m.text or "")
    )
    (stored,) = await all_rows(community, Announcement)
    assert stored.id == row.id and stored.queued_at is not None and stored.recipients == 6
    # a second run of the job (a restart right after it) queues nothing more
    assert await announcement_jobs.schedule_all(SinergiContext(app)) == (0, 0)


async def test_cancelled_while_it_goes_out(community: Community, sandbox: BotApiSandbox, app):
    crowd = await seed_members(app.bot_data, sandbox, 150, opened_earlier=True)
    admin = community.admin
    progress = await do.announce(admin, "Pengumuman untuk seluruh PPS")
    assert "kepada 156 anggota" in progress.text

    def reached() -> int:
        return sum(
            1
            for user in crowd
            if any(
                "seluruh PPS" in (m.text or "") for m in sandbox.messages(user.id) if m.from_bot
            )
        )

    await sandbox.wait_until(lambda: True if reached() >= 20 else None, 30, lambda: "no sends")
    answer = await admin.press(progress, "Batalkan pengiriman")
    not_sent = int(
        re.fullmatch(r"Pengiriman dibatalkan: (\d+) tidak dikirim\.", answer.text or "").group(1)
    )  # type: ignore[union-attr]
    assert not_sent > 50

    report = await next_with(admin, "Laporan pengiriman", wait=30)
    assert f"Dibatalkan: {not_sent} tidak dikirim" in report.text
    sent = int(re.search(r"^Terkirim: (\d+)$", report.text, re.M).group(1))  # type: ignore[union-attr]
    assert sent + not_sent == 156
    final = await admin.wait_edit(
        progress, timeout=10, until=lambda m: "Pengiriman dibatalkan" in (m.text or "")
    )
    assert f"dibatalkan: {not_sent} tidak dikirim" in final.text and final.buttons == []
    rows = await all_rows(community, OutboxMessage, OutboxMessage.kind == OutboxKind.ANNOUNCEMENT)
    cancelled = [r for r in rows if r.status == OutboxStatus.CANCELLED]
    assert len(cancelled) == not_sent
    assert sum(r.status == OutboxStatus.SENT for r in rows) == sent
    await asyncio.sleep(1)  # nothing cancelled goes out later
    for row in cancelled:
        assert not any(
            "seluruh PPS" in (m.text or "") for m in sandbox.messages(row.chat_id) if m.from_bot
        )


async def test_bad_input_is_refused_and_changes_nothing(community: Community, sandbox):
    admin = community.admin
    await admin.send("/umumkan")
    await admin.next_message()
    await admin.send_sticker()
    assert "tidak dapat dilampirkan" in (await admin.next_message()).text
    await admin.send("x" * 1200)
    await admin.next_message()  # attach a file?
    await admin.send_sticker()
    assert "tidak dapat dilampirkan" in (await admin.next_message()).text
    await admin.send_photo()
    refused = await admin.next_message()
    assert "paling banyak 1.000 karakter" in refused.text and "1.200 karakter" in refused.text
    await admin.send("/batal")
    await admin.next_message()

    when = await compose_to_everyone(admin, "Uji jadwal")
    await admin.send(typed(datetime.now(UTC) - timedelta(days=1)))
    assert "sudah lewat" in (await admin.next_message()).text
    await admin.send("kapan-kapan")
    assert when.button_texts == ["📨 Kirim sekarang"]
    await admin.next_message()  # the date forms are listed again
    await admin.send("/batal")
    await admin.next_message()

    # forged and foreign buttons
    member = community.members["POLRI"]
    assert (await member.press_data(when, "rcpt:1")).show_alert  # type: ignore[arg-type]
    denied = await member.press_data(when, "anncx:1:prog")
    assert denied.show_alert and "admin" in (denied.text or "").lower()

    assert await all_rows(community, Announcement) == []
    assert await all_rows(community, AnnouncementReceipt) == []
    assert (
        await all_rows(
            community, OutboxMessage, col(OutboxMessage.kind).in_([OutboxKind.ANNOUNCEMENT])
        )
        == []
    )
    for user in community.members.values():
        await user.no_message(within=0.1)
