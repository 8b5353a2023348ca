"""Registration cannot flood admins (issue 9, finding 8): rejected stays rejected, one
open request per person, one digest message per admin edited in place."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func
from sqlmodel import select

import bot.followups
from bot.app import build_application, post_stop, running
from bot.settings import Settings
from models import Member, MemberStatus, OutboxKind, OutboxMessage, Pillar
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.conftest import ADMIN_ID


@pytest.fixture(autouse=True)
def quick_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.followups, "DIGEST_REFRESH_DELAY", 0.2)


async def requests(app: object) -> int:
    async with app.bot_data.sessions() as session:  # type: ignore[attr-defined]
        query = select(func.count()).where(OutboxMessage.kind == OutboxKind.APPROVAL_REQUEST)
        return (await session.exec(query)).one()


def sends_to(sandbox: BotApiSandbox, chat_id: int) -> int:
    return sum(1 for c in sandbox.calls("sendMessage") if c.params.get("chat_id") == chat_id)


async def test_a_rejected_user_stays_rejected_until_an_admin_undoes_it(
    app, sandbox: BotApiSandbox, admin
):
    user = sandbox.user(3301, "Joko")
    await do.register(user, do.Profile("Joko Susilo", "PPK", "PPK Prajurit Kulon", "Ketua"))
    digest = await admin.next_message()
    await admin.press(digest, "❌ 1")
    undo = await admin.next_message()
    assert "Joko Susilo" in undo.text
    await user.next_message()  # "not approved"
    before = await requests(app)

    for _ in range(20):
        await user.send("/daftar")
        assert "Bapak/Ibu" in (await user.next_message()).text
    await user.start()
    assert "tidak disetujui" in (await user.next_message()).text
    await asyncio.sleep(0.5)

    assert await requests(app) == before
    await admin.no_message(within=0.3)
    await admin.press(undo, "Batalkan penolakan")
    assert "dibatalkan" in (await admin.wait_edit(undo)).text
    again = await admin.next_message()  # a new digest: Joko waits again
    assert "Joko Susilo" in again.text


async def test_many_registrations_make_one_digest_per_admin(app, sandbox: BotApiSandbox, admin):
    before = sends_to(sandbox, ADMIN_ID)
    users = [sandbox.user(5000 + n, f"U{n}") for n in range(40)]
    for start in range(0, 40, 10):  # ten at a time: the sandbox's clients wait 5 s at most
        await asyncio.gather(
            *(
                do.register(u, do.Profile(f"Peserta {n:03}", "PPK", "PPK Magersari", "Anggota"))
                for n, u in enumerate(users[start : start + 10], start)
            )
        )
    await asyncio.sleep(1.5)
    async with asyncio.timeout(10):
        await app.bot_data.sender.wait_idle()
    await asyncio.sleep(0.5)
    digest = await admin.next_message()

    assert sends_to(sandbox, ADMIN_ID) == before + 1  # one message, not 40
    async with app.bot_data.sessions() as session:
        row = (
            await session.exec(
                select(OutboxMessage).where(OutboxMessage.kind == OutboxKind.APPROVAL_REQUEST)
            )
        ).one()
        first = (await session.exec(select(Member).where(Member.telegram_user_id == 5000))).one()
    assert row.telegram_message_id == digest.message_id
    assert "(40)" in row.text and "30 lainnya" in row.text  # what the message shows now

    answer = await admin.press_data(digest, f"appr:{first.id}:a")
    assert answer.text is not None and "Peserta 000" in answer.text
    edited = await admin.wait_edit(digest)
    assert "(39)" in edited.text and "Peserta 000" not in edited.text
    async with app.bot_data.sessions() as session:
        decided = await session.get(Member, first.id)
    assert decided is not None and decided.status == MemberStatus.APPROVED


async def test_registering_again_while_pending_updates_the_one_request(
    app, sandbox: BotApiSandbox, admin
):
    user = sandbox.user(3302, "Sari")
    await do.register(user, do.Profile("Sari Dewi", "PPK", "PPK Kranggan", "Ketua"))
    digest = await admin.next_message()
    await user.send("/daftar")  # the form again, while pending
    await user.next_message()
    await user.send("Sari Dewi Lestari")
    await user.press(await user.next_message(), "PPK")
    await user.next_message()
    await user.send("PPK Kranggan")
    await user.next_message()
    await user.send("Ketua")
    await user.press(await user.next_message(), "✅")
    edited = await admin.wait_edit(digest)
    assert "(1)" in edited.text and "Sari Dewi Lestari" in edited.text
    assert await requests(app) == 1


async def test_a_registration_the_digest_missed_before_a_crash_is_listed_at_the_next_start(
    app, sandbox: BotApiSandbox, admin, settings: Settings
):
    user = sandbox.user(3303, "Joko")
    await do.register(user, do.Profile("Joko Susilo", "PPK", "PPK Prajurit Kulon", "Ketua"))
    digest = await admin.next_message()
    assert "(1)" in digest.text
    sent = sends_to(sandbox, ADMIN_ID)
    await app.updater.stop()
    await app.stop()
    await post_stop(app)
    # committed, then the process died before the digest's edit: only the database knows
    async with app.bot_data.sessions() as session:
        ppk = (await session.exec(select(Pillar).where(Pillar.code == "PPK"))).one()
        session.add(
            Member(
                telegram_user_id=3304,
                chat_id=3304,
                full_name="Sri Rahayu",
                pillar_id=ppk.id or 0,
                institution="PPK Kranggan",
                position="Sekretaris",
            )
        )
        await session.commit()
    restarted = build_application(settings)
    async with running(restarted):
        edited = await admin.wait_edit(digest)
    assert "(2)" in edited.text and "Sri Rahayu" in edited.text
    assert sends_to(sandbox, ADMIN_ID) == sent  # the one digest edited, no second message
