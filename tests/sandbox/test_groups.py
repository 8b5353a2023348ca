"""The sandbox's group membership: my_chat_member updates, removal, callback-answer URLs."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, ChatMember, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from sandbox import BotApiSandbox

AnyApp = Application[Any, Any, Any, Any, Any, Any]


async def test_adding_and_removing_the_bot_sends_my_chat_member(
    sandbox: BotApiSandbox, bot: Bot
) -> None:
    admin = sandbox.user(7001, "Ratna")
    group = sandbox.add_bot_to_group(-7000, "Koordinasi Pilkada", by=admin)
    updates = [Update.de_json(u, bot) for u in sandbox.pending_updates]
    membership = [u.my_chat_member for u in updates if u.my_chat_member]
    assert len(membership) == 1
    change = membership[0]
    assert change.chat.id == -7000 and change.chat.type == "group"
    assert change.chat.title == "Koordinasi Pilkada"
    assert change.from_user.id == admin.id
    assert change.old_chat_member.status == ChatMember.LEFT
    assert change.new_chat_member.status == ChatMember.MEMBER
    assert change.new_chat_member.user.id == sandbox.bot_id
    service = [u.message for u in updates if u.message]
    assert [m.id for m in service[0].new_chat_members] == [sandbox.bot_id]

    await bot.send_message(group.chat_id, "halo grup")
    assert (await group.next_message()).text == "halo grup"
    with pytest.raises(ValueError, match="already a member"):
        sandbox.add_bot_to_group(-7000, "Koordinasi Pilkada", by=admin)

    sandbox.remove_bot_from_group(-7000, by=admin)
    last = Update.de_json(sandbox.pending_updates[-1], bot)
    assert last.my_chat_member is not None
    assert last.my_chat_member.new_chat_member.status == ChatMember.BANNED
    with pytest.raises(Forbidden, match="kicked from the group chat"):
        await bot.send_message(-7000, "masih di sini?")
    with pytest.raises(ValueError):
        sandbox.remove_bot_from_group(-7000)

    sandbox.add_bot_to_group(-7000, "Koordinasi Pilkada", by=admin)
    await bot.send_message(-7000, "kembali")
    assert (await group.next_message()).text == "kembali"


async def test_leaving_and_supergroups(sandbox: BotApiSandbox, bot: Bot) -> None:
    admin = sandbox.user(7002, "Eko")
    group = sandbox.add_bot_to_group(-1007001, "Pilar", by=admin, supergroup=True)
    first = Update.de_json(sandbox.pending_updates[0], bot)
    assert first.my_chat_member is not None
    assert first.my_chat_member.chat.type == "supergroup"
    sandbox.remove_bot_from_group(group.chat_id, kicked=False)
    last = Update.de_json(sandbox.pending_updates[-1], bot)
    assert last.my_chat_member is not None
    assert last.my_chat_member.new_chat_member.status == ChatMember.LEFT
    assert last.my_chat_member.from_user.username == "GroupAnonymousBot"
    with pytest.raises(Forbidden, match="not a member of the supergroup chat"):
        await bot.send_message(group.chat_id, "x")


async def test_callback_answer_url_must_be_the_bots_deep_link(sandbox: BotApiSandbox) -> None:
    app: AnyApp = (
        Application.builder()
        .token(sandbox.token)
        .base_url(sandbox.base_url)
        .base_file_url(sandbox.base_file_url)
        .build()
    )
    errors: list[object] = []

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        if query.data == "bad":
            try:
                await query.answer("x", url="https://example.com/")
            except BadRequest as exc:
                errors.append(exc.message)
            await query.answer("ok")
        else:
            await query.answer("daftar", url=f"https://t.me/{sandbox.bot_username}?start=daftar")

    app.add_handler(CallbackQueryHandler(answer))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            user = sandbox.user(7003, "Dewi")
            group = sandbox.group(-7003, "Grup")
            await app.bot.send_message(
                group.chat_id,
                "tekan",
                reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "good"}]]},
            )
            message = await group.next_message()
            good = await group.press(user, message, "A")
            assert good.url == "https://t.me/sinergi_bot?start=daftar"
            bad = await user.press_data(message, "bad")
            assert bad.url is None and bad.text == "ok"
            assert errors == ["Url_invalid"]  # PTB's spelling of Telegram's URL_INVALID
        finally:
            await app.updater.stop()
            await app.stop()
