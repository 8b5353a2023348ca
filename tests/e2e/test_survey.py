"""The satisfaction survey after a forum (issue 11, item 7): to the attendees only, when the
forum ends, once across restarts; scores and a comment stored; /rekap counts it, no names."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.app import build_application, post_stop, running
from bot.context import BotData
from bot.settings import Settings
from models import Forum, OutboxKind, OutboxMessage, SurveyResponse, SurveyRun
from sandbox import SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import Community, publish_forum, rows

LINK = re.compile(r"start=(c_[A-Za-z0-9_-]+)")


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Reminders one minute ahead only: a forum 40 minutes away sends none during a test."""
    return settings.model_copy(update={"reminder_offsets": (60,)})


def soon() -> datetime:
    return (datetime.now(UTC) + timedelta(minutes=40)).replace(second=0, microsecond=0)


async def checkin_payload(admin: SimUser) -> str:
    await admin.send("/presensi")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    photo = await admin.next_message()
    match = LINK.search(photo.caption or "")
    assert match is not None
    return match.group(1)


async def end_forum_while_down(app: object, data: BotData, settings: Settings) -> None:
    """Stop the fixture's bot, and move the forum so that it ended a moment ago."""
    await app.updater.stop()  # type: ignore[attr-defined]
    await app.stop()  # type: ignore[attr-defined]
    await post_stop(app)  # type: ignore[arg-type]
    assert data.sessions is not None
    async with data.sessions() as session:
        forum = (await session.exec(select(Forum))).one()
        forum.starts_at = datetime.now(UTC) - timedelta(
            seconds=settings.forum_default_duration + 1
        )
        session.add(forum)
        await session.commit()


async def test_attendees_get_the_survey_once_and_recap_counts_it_anonymously(
    community: Community, settings: Settings, app
):
    invitations = await publish_forum(community, start=soon())
    members, admin = community.members, community.admin
    forum = (await rows(community.data, Forum))[0]
    # The job is derived from the forum: at its end (start plus the default duration).
    job = app.job_queue.scheduler.get_job(f"survey:{forum.id}")
    assert job is not None
    assert job.next_run_time == forum.starts_at + timedelta(seconds=3 * 3600)

    await do.answer_invitation(members["POLRI"], invitations["POLRI"], "Hadir")
    await do.answer_invitation(
        members["TNI"], invitations["TNI"], "Diwakilkan", delegate=("Serka Agus", "Danramil")
    )
    payload = await checkin_payload(admin)
    for code in ("POLRI", "TNI"):  # TNI's check-in is its representative's
        await members[code].start(payload)
        await members[code].next_message()

    await end_forum_while_down(app, community.data, settings)
    late = build_application(settings)
    async with running(late):
        polri = await members["POLRI"].next_message(timeout=10)
        tni = await members["TNI"].next_message(timeout=10)
        for code in ("KEJAKSAAN", "BAWASLU"):  # invited, not checked in: no survey
            await members[code].no_message(within=0.3)
        await admin.no_message(within=0.1)
        assert "Survei kepuasan" in polri.text and "Bapak/Ibu" in polri.text
        assert "Pertanyaan 1" in polri.text
        assert polri.button_texts == ["1", "2", "3", "4", "5"]

        await members["POLRI"].press(polri, "4")
        polri = await members["POLRI"].wait_edit(polri)
        assert "Kemanfaatan forum: 4" in polri.text and "Pertanyaan 2" in polri.text
        await members["POLRI"].press(polri, "5")
        polri = await members["POLRI"].wait_edit(polri)
        assert polri.button_texts == ["✍️ Tulis komentar", "Lewati"]
        await members["POLRI"].press(polri, "Tulis komentar")
        ask = await members["POLRI"].next_message()
        assert "komentar" in ask.text and "maksimal 1.000 karakter" in ask.text
        await members["POLRI"].send("x" * 1001)
        assert "terlalu panjang" in (await members["POLRI"].next_message()).text
        await members["POLRI"].send("Sangat bermanfaat <b>sekali</b>")
        assert (
            "komentar Bapak/Ibu sudah kami terima" in (await members["POLRI"].next_message()).text
        )

        # Ubah penilaian: the same response changes, no second one.
        polri = await members["POLRI"].wait_edit(polri)
        await members["POLRI"].press(polri, "Ubah penilaian")
        polri = await members["POLRI"].wait_edit(polri)
        assert "✅ 4" in polri.button_texts
        await members["POLRI"].press(polri, "2")
        await members["POLRI"].wait_edit(polri)

        await members["TNI"].press(tni, "3")
        tni = await members["TNI"].wait_edit(tni)
        await members["TNI"].press(tni, "4")
        tni = await members["TNI"].wait_edit(tni)
        await members["TNI"].press(tni, "Lewati")
        tni = await members["TNI"].wait_edit(tni)
        assert "Terima kasih" in tni.text and tni.button_texts == ["✏️ Ubah penilaian"]

        # A non-attendee pressing a forged survey button changes nothing.
        invitation = invitations["KEJAKSAAN"]
        refused = await members["KEJAKSAAN"].press_data(invitation, f"svy:{forum.id}:u:5")
        assert refused.show_alert and "hanya untuk peserta yang hadir" in refused.text
        forged = await members["KEJAKSAAN"].press_data(invitation, f"svy:{forum.id}:u:9")
        assert forged.show_alert

        responses = await rows(community.data, SurveyResponse)
        assert [(r.usefulness, r.service, r.comment) for r in responses] == [
            (2, 5, "Sangat bermanfaat <b>sekali</b>"),
            (3, 4, None),
        ]

        await admin.send("/rekap")
        menu = await admin.next_message()
        await admin.press(menu, "Diskusi")
        await admin.next_message()  # the recap as a picture
        recap = await admin.next_message()
        assert (
            "Survei kepuasan: 2 tanggapan · kemanfaatan 2,5 · pelayanan 4,5 · komentar 1"
            in recap.text
        )
        assert "Polri: 1 tanggapan · kemanfaatan 2,0 · pelayanan 5,0" in recap.text
        assert "TNI: 1 tanggapan · kemanfaatan 3,0 · pelayanan 4,0" in recap.text
        survey_part = recap.text.split("Survei kepuasan")[1]
        for name in ("Hendra", "Eko", "Serka", "bermanfaat"):
            assert name not in survey_part

    again = build_application(settings)
    async with running(again):
        assert again.job_queue.scheduler.get_job(f"survey:{forum.id}") is None
        await members["POLRI"].no_message(within=1.0)
        await members["TNI"].no_message(within=0.1)
    sent = await rows(community.data, OutboxMessage, col(OutboxMessage.kind) == OutboxKind.SURVEY)
    assert sorted(row.dedupe_key for row in sent) == [
        f"survey:{forum.id}:{(await community.member_row(members[code])).id}"
        for code in ("POLRI", "TNI")
    ]
    assert len(await rows(community.data, SurveyRun)) == 1


async def test_a_cancelled_forum_gets_no_survey(community: Community, settings: Settings, app):
    await publish_forum(community, start=soon(), pillars=["POLRI"])
    forum = (await rows(community.data, Forum))[0]
    admin = community.admin
    assert app.job_queue.scheduler.get_job(f"survey:{forum.id}") is not None
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, "Diskusi")
    detail = await admin.next_message()
    await admin.press(detail, "Batalkan")
    await admin.next_message()
    await admin.send("Narasumber berhalangan")
    confirm = await admin.next_message()
    await admin.press(confirm, "Ya")
    await admin.wait_edit(confirm)
    assert app.job_queue.scheduler.get_job(f"survey:{forum.id}") is None
