"""Typed text is cleaned before it is stored (issue 9, finding 10)."""

from __future__ import annotations

from sqlmodel import select

from models import Announcement, Member
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.e2e.conftest import Community


async def test_control_characters_and_escapes_are_not_stored(app, sandbox: BotApiSandbox):
    user = sandbox.user(3101, "Budi")
    profile = do.Profile(
        "\x1b[31mBudi\x00Santoso\x1b[0m",
        "PPS",
        "PPS\u202e Balongsari\x07",
        "Ketua\u200b\tSekretariat",
    )
    done = await do.register(user, profile)

    assert "BudiSantoso" in done.text
    async with app.bot_data.sessions() as session:
        row = (await session.exec(select(Member).where(Member.telegram_user_id == 3101))).one()
    assert row.full_name == "BudiSantoso"
    assert row.institution == "PPS Balongsari"
    assert row.position == "Ketua Sekretariat"


async def test_an_announcement_keeps_its_lines_and_loses_its_controls(
    app, sandbox: BotApiSandbox, community: Community
):
    await do.announce(
        community.admin, "Rapat\x00 besok\r\n\u2066pukul 09.00\u2069 👨\u200d👩\u200d👧"
    )

    async with app.bot_data.sessions() as session:
        row = (await session.exec(select(Announcement))).one()
    assert row.text == "Rapat besok\npukul 09.00 👨\u200d👩\u200d👧"


async def test_a_text_empty_after_cleaning_is_refused(app, sandbox: BotApiSandbox):
    user = sandbox.user(3102, "Kosong")
    await user.start()
    await user.next_message()
    await user.next_message()
    await user.send("\x1b[2J\x00\u200b")
    assert "tidak boleh kosong" in (await user.next_message()).text
