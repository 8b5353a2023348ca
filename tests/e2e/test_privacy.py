"""Admin data never goes to a group: a press there gets a popup (issue 9, finding 12)."""

from __future__ import annotations

import asyncio

import pytest

from sandbox import BotApiSandbox
from tests.e2e.conftest import Community, days_ahead, publish_forum
from tests.e2e.test_groups import add_group, forum_id, post_forum

POSTING = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption")


def posts_into(sandbox: BotApiSandbox, chat_id: int) -> int:
    return sum(
        1
        for method in POSTING
        for call in sandbox.calls(method)
        if call.params.get("chat_id") == chat_id
    )


@pytest.mark.parametrize("data", ["att:{forum}:0", "qr:{forum}", "fdet:{forum}"])
async def test_admin_buttons_pressed_in_a_group_answer_only_with_a_popup(
    sandbox: BotApiSandbox, community: Community, data: str
):
    await publish_forum(community, start=days_ahead(3))
    group = await add_group(sandbox, community)
    await post_forum(community.admin)
    post = await group.next_message()
    before = posts_into(sandbox, group.chat_id)

    answer = await group._press(
        community.admin, post, data.format(forum=await forum_id(community.data)), 5.0
    )

    assert answer.show_alert and answer.text is not None
    assert "chat pribadi" in answer.text and "@sinergi_bot" in answer.text
    await asyncio.sleep(0.3)  # anything posted after the answer would be in by now
    assert posts_into(sandbox, group.chat_id) == before


async def test_admin_commands_in_a_group_show_no_names(
    sandbox: BotApiSandbox, community: Community
):
    group = await add_group(sandbox, community)
    await group.send(community.admin, "/audit@sinergi_bot")
    answer = await group.next_message()
    assert "chat pribadi" in answer.text
    assert "Ratna" not in answer.text
