"""📷 Dokumentasi (issue 11, item 5): admins send a forum's photos with captions from its
detail; the bot keeps each (file_id and bytes), lists them, edits a caption, deletes one,
and sends the Dokumentasi PDF; members, forged presses and bad sends change nothing."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw
from pypdf import PdfReader
from sqlmodel import col, select

from models import AuditEntry, Forum, ForumPhoto
from sandbox import BotApiSandbox, SandboxMessage, SimUser
from tests.e2e.conftest import Community, days_ahead, publish_forum

OPENING = "Pembukaan oleh Ketua KPU <Kota> & jajaran"
ARABIC = "Sambutan محمد dan 王小明"


def picture(width: int, height: int, color: str, fmt: str = "JPEG") -> bytes:
    """A real small picture: a filled frame with a diagonal, so each one's bytes differ."""
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, width - 9, height - 9), outline="white", width=6)
    draw.line((0, 0, width, height), fill="black", width=5)
    out = io.BytesIO()
    image.save(out, fmt, quality=85)
    return out.getvalue()


LANDSCAPE = picture(640, 480, "navy")
WIDE = picture(800, 450, "darkgreen")
PORTRAIT = picture(480, 640, "darkred")


async def db(community: Community, model: type[Any], *where: Any) -> list[Any]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        query = select(model).where(*where)
        return list((await session.exec(query.order_by(model.id))).all())


async def open_photos(admin: SimUser) -> SandboxMessage:
    """/forum › the forum › 📷 Dokumentasi."""
    await admin.send("/forum")
    listing = await admin.next_message()
    await admin.press(listing, listing.button_texts[0])
    detail = await admin.next_message()
    await admin.press(detail, "📷 Dokumentasi")
    return await admin.next_message()


async def send(admin: SimUser, data: bytes, caption: str | None = None) -> str:
    await admin.send_photo(data=data, caption=caption)
    return (await admin.next_message()).text


async def test_admin_adds_lists_edits_deletes_and_downloads_photos(
    community: Community, sandbox: BotApiSandbox, tmp_path: Any
):
    admin = community.admin
    await publish_forum(community, start=days_ahead(3), pillars=["TNI"])
    view = await open_photos(admin)
    assert "Dokumentasi" in view.text and "Tersimpan 0 dari 40 foto" in view.text
    assert view.button_texts == ["✅ Selesai"]

    assert await send(admin, LANDSCAPE, OPENING) == "📷 Foto 1 disimpan (1/40)."
    assert await send(admin, WIDE) == "📷 Foto 2 disimpan (2/40)."
    assert await send(admin, PORTRAIT, ARABIC) == "📷 Foto 3 disimpan (3/40)."
    # The same picture again, uploaded anew (another file_unique_id): refused by its bytes.
    assert "sudah tersimpan sebagai foto 1" in await send(admin, LANDSCAPE, "lagi")
    too_long = await send(admin, picture(320, 240, "gray"), "x" * 201)
    assert "201 karakter" in too_long and "200" in too_long
    await admin.send_document(picture(300, 200, "gray", "PNG"), "foto.png", "image/png")
    assert "Mohon kirim sebagai foto" in (await admin.next_message()).text
    await admin.send("ini bukan foto")
    assert "Mohon kirim foto kegiatan" in (await admin.next_message()).text

    (forum,) = await db(community, Forum)
    stored = await db(community, ForumPhoto)
    sent = [m for m in sandbox.messages(admin.chat_id) if not m.from_bot and m.photo]
    assert [p.position for p in stored] == [1, 2, 3]
    assert [p.caption for p in stored] == [OPENING, "", ARABIC]
    assert [p.data for p in stored] == [LANDSCAPE, WIDE, PORTRAIT]
    assert [(p.width, p.height) for p in stored] == [(640, 480), (800, 450), (480, 640)]
    assert [p.file_id for p in stored] == [m.file_id for m in sent[:3]]
    assert {p.forum_id for p in stored} == {forum.id}

    # The list: escaped captions, a caption and a delete button per photo.
    view = await open_photos(admin)
    assert "Tersimpan 3 dari 40 foto" in view.text
    await admin.press(view, "📋 Daftar foto")
    listing = await admin.next_message()
    assert "1. Pembukaan oleh Ketua KPU &lt;Kota&gt; &amp; jajaran" in (listing.html or "")
    assert "2. (tanpa keterangan)" in listing.text
    assert listing.button_texts[:2] == ["✏️ Keterangan 1", "🗑 Hapus 1"]

    await admin.press(listing, "🗑 Hapus 2")
    edited = await admin.wait_edit(listing)
    assert "Foto 2 dihapus" in edited.text and "Tersisa 2 foto" in edited.text
    assert f"2. {ARABIC}" in edited.text
    assert [(p.position, p.caption) for p in await db(community, ForumPhoto)] == [
        (1, OPENING),
        (2, ARABIC),
    ]

    await admin.press(edited, "✏️ Keterangan 1")
    ask = await admin.next_message()
    assert "foto 1" in ask.text and OPENING in ask.text
    await admin.send("y" * 250)
    assert "250 karakter" in (await admin.next_message()).text
    await admin.send("Sambutan Kapolres Mojokerto Kota")
    assert "Keterangan foto 1 diperbarui" in (await admin.next_message()).text
    first = (await db(community, ForumPhoto))[0]
    assert first.caption == "Sambutan Kapolres Mojokerto Kota"

    # The PDF: one page for two photos, both images in it, their numbers and captions.
    await admin.press(view, "⬇️ PDF Dokumentasi")
    document = await admin.next_message()
    assert document.document is not None
    assert document.document["file_name"].startswith(f"Dokumentasi-{forum.id}-")
    assert document.caption == f"📷 Dokumentasi {forum.title} (2 foto)"
    data = document.document["bytes"]
    (tmp_path / "dokumentasi.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert len(reader.pages[0].images) == 2
    content = " ".join(reader.pages[0].extract_text().split())
    for expected in ("DOKUMENTASI", forum.title, "Foto 1", "Sambutan Kapolres", "Foto 2"):
        assert expected in content, expected
    assert "محمد" in content and "王小明" in content

    await admin.press(view, "✅ Selesai")
    assert "2 foto tersimpan" in (await admin.wait_edit(view)).text
    await admin.send_photo(data=picture(200, 200, "olive"))
    await admin.no_message(within=0.3)
    assert len(await db(community, ForumPhoto)) == 2

    actions = [
        e.action
        for e in await db(community, AuditEntry, col(AuditEntry.action).startswith("forum."))
    ]
    assert actions.count("forum.photo.add") == 3
    assert "forum.photo.delete" in actions and "forum.photo.caption" in actions
    assert "forum.export.photos" in actions


async def test_members_and_forged_presses_change_nothing(community: Community):
    admin, tni = community.admin, community.members["TNI"]
    invitations = await publish_forum(community, start=days_ahead(3), pillars=["TNI"])
    (forum,) = await db(community, Forum)
    invitation = invitations["TNI"]
    assert isinstance(invitation, SandboxMessage)
    for data in (f"fphoto:{forum.id}", f"fphoto:{forum.id}:pdf", "fphx:1:del"):
        answer = await tni.press_data(invitation, data)
        assert answer.show_alert and "admin" in (answer.text or "").lower(), data
    await tni.send_photo(data=LANDSCAPE, caption="foto dari anggota")
    await tni.no_message(within=0.3)  # a stray photo is not taken as documentation

    view = await open_photos(admin)
    assert await send(admin, LANDSCAPE) == "📷 Foto 1 disimpan (1/40)."
    for data in (
        f"fphoto:{forum.id}:zap",
        f"fphoto:{forum.id + 1}:list",
        "fphoto:x",
        "fphx:99999:del",
        "fphx:1:zap",
        "fphx:99999:cap",
    ):
        answer = await admin.press_data(view, data)
        assert answer.show_alert, data
    (photo,) = await db(community, ForumPhoto)
    assert (photo.position, photo.caption, photo.data) == (1, "", LANDSCAPE)
    audited = await db(community, AuditEntry, col(AuditEntry.action).startswith("forum.photo"))
    assert [e.action for e in audited] == ["forum.photo.add"]
