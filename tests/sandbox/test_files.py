"""Sending a photo or a document again by the file_id of an earlier upload, through a real
telegram.Bot, and the file_ids Telegram refuses."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest

from sandbox import BotApiSandbox
from sandbox.users import TINY_PNG
from tests.sandbox.conftest import opened

pytestmark = pytest.mark.lenient_limits


async def test_a_document_sent_again_by_its_file_id(sandbox: BotApiSandbox, bot: Bot) -> None:
    first, second = await opened(sandbox, 8001), await opened(sandbox, 8002, "Sari")
    uploaded = await bot.send_document(first.id, b"%PDF-1.4 daftar hadir", filename="hadir.pdf")
    assert uploaded.document is not None
    again = await bot.send_document(
        second.id, uploaded.document.file_id, caption="<b>Daftar hadir</b>", parse_mode="HTML"
    )
    assert again.document is not None
    assert again.document.file_unique_id == uploaded.document.file_unique_id
    assert again.document.file_name == "hadir.pdf"
    assert again.caption == "Daftar hadir"
    stored = second.inbox[-1]
    assert stored.document is not None and stored.document["bytes"] == b"%PDF-1.4 daftar hadir"
    file = await bot.get_file(again.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"%PDF-1.4 daftar hadir"


async def test_a_photo_from_a_member_sent_on_by_the_bot(sandbox: BotApiSandbox, bot: Bot) -> None:
    member, admin = await opened(sandbox, 8003), await opened(sandbox, 8004, "Ratna")
    received = await member.send_photo(TINY_PNG, caption="bukti hadir")
    assert received.file_id is not None
    sent = await bot.send_photo(admin.id, received.file_id)
    assert sent.photo and sent.photo[-1].width == 1 and sent.photo[-1].height == 1
    assert admin.inbox[-1].photo == TINY_PNG


async def test_a_file_id_of_another_kind_is_refused(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 8005)
    photo = await bot.send_photo(user.id, TINY_PNG)
    document = await bot.send_document(user.id, b"notulen", filename="notulen.txt")
    assert document.document is not None
    with pytest.raises(BadRequest, match="Can't use file of type photo as document"):
        await bot.send_document(user.id, photo.photo[-1].file_id)
    assert sandbox.calls("sendDocument")[-1].description == (
        "Bad Request: can't use file of type Photo as Document"
    )
    with pytest.raises(BadRequest):
        await bot.send_photo(user.id, document.document.file_id)
    assert sandbox.calls("sendPhoto")[-1].description == (
        "Bad Request: can't use file of type Document as Photo"
    )
    # Stickers are documents to Telegram: a sticker's file_id goes as a document.
    sticker = await user.send_sticker()
    assert sticker.file_id is not None
    await bot.send_document(user.id, sticker.file_id)
    assert len(user.inbox) == 3


async def test_an_unknown_file_id_is_refused(sandbox: BotApiSandbox, bot: Bot) -> None:
    user = await opened(sandbox, 8006)
    with pytest.raises(BadRequest, match="Wrong file identifier/http url specified"):
        await bot.send_photo(user.id, "AgACAgUAAxkBAAIBZ2ZnotKnown")
    assert sandbox.calls("sendPhoto")[-1].description == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )
    with pytest.raises(BadRequest, match="There is no document in the request"):
        await bot.send_document(user.id, "")
    assert user.inbox == []
