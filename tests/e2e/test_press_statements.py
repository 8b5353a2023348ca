"""What one RSVP press costs the database (issue 13, item 2: the press path, lean)."""

from __future__ import annotations

import asyncio

from bench.presses import StatementCounter
from bot.context import SinergiApplication
from models import Rsvp, RsvpAnswer
from tests.e2e.conftest import Community, days_ahead, publish_forum, rows

# The member (`handlers.common.with_caller`), the forum with its pillars, the forum's lock,
# the member's answer with the waitlist and group-post flags, the write. BEGIN and COMMIT
# are not counted (`StatementCounter` says why).
MOST_STATEMENTS = 5


async def test_a_press_costs_at_most_five_statements(
    app: SinergiApplication, community: Community
) -> None:
    invitations = await publish_forum(community, start=days_ahead(3))
    user = community.members["KEJAKSAAN"]
    invitation = invitations["KEJAKSAAN"]
    member = await community.member_row(user)

    for button, stored in (
        ("Hadir", RsvpAnswer.ATTENDING),  # the first answer: an insert
        ("Tidak hadir", RsvpAnswer.DECLINED),  # a changed answer: an update
    ):
        with StatementCounter(app) as counter:
            answer = await user.press(invitation, button)
            edited = await user.wait_edit(invitation)
            async with asyncio.timeout(5):
                await counter.handled()

        assert answer.text == f"Terima kasih, tercatat: {button}."
        assert f"Konfirmasi kehadiran Bapak/Ibu: {button}" in edited.text
        assert f"✅ {button}" in edited.button_texts
        (row,) = await rows(community.data, Rsvp, Rsvp.member_id == member.id)
        assert row.answer == stored
        (statements,) = counter.statements  # the press, the one update handled
        assert statements, "the press read nothing: the counting missed it"
        assert len(statements) <= MOST_STATEMENTS, "\n\n".join(statements)
