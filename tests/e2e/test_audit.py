"""/audit shows admins the latest audit entries, in a private chat only (issue 9, finding 13)."""

from __future__ import annotations

from bot.services import audit
from sandbox import BotApiSandbox
from sandbox import scenarios as do
from tests.e2e.conftest import Community


async def test_audit_shows_the_latest_entries_escaped_and_paged(
    app, sandbox: BotApiSandbox, community: Community
):
    await do.invite_link(community.admin, "POLRI")  # an entry the bot itself wrote, oldest
    async with app.bot_data.sessions() as session:
        for number in range(25):
            await audit.record(
                session,
                actor_user_id=community.admin.id,
                action="forum.create",
                target=f"<forum {number}>",
            )
        await session.commit()

    await community.admin.send("/audit")
    page = await community.admin.next_message()

    assert "Log audit" in page.text and "halaman 1" in page.text
    assert "<forum 24>" in page.text and "<forum 5>" in page.text  # escaped, newest first
    assert "<forum 4>" not in page.text
    assert "Ratna Dewi Lestari" in page.text
    await community.admin.press(page, "Lebih lama")
    older = await community.admin.wait_edit(page)
    assert "halaman 2" in older.text and "<forum 4>" in older.text
    assert "invite.create" in older.text


async def test_audit_is_for_admins_only(sandbox: BotApiSandbox, community: Community):
    member = community.members["POLRI"]
    await member.send("/audit")
    assert "khusus admin" in (await member.next_message()).text
