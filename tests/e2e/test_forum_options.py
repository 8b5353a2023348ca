"""A forum's own reminders, its venue pin and map link, link previews off (issue 10, item 4)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.app import build_application, post_stop, running
from bot.render import offset_label
from bot.settings import Settings
from models import AuditEntry, Forum, OutboxKind, OutboxMessage, OutboxStatus, ReminderRun
from sandbox import BotApiSandbox, SandboxMessage, SimUser
from sandbox import scenarios as do
from tests.e2e.conftest import Community, days_ahead, near_start, offsets_due_after, typed

FIRST, SECOND = 8, 12  # seconds after the test starts at which the two default reminders fall
PIN = (-7.4726, 112.4381)  # Kota Mojokerto
AGENDA = "Pemetaan kerawanan Pilkada\nPaparan Kapolres\nTanya jawab"
NOTE = "Mohon membawa KTP <asli>"


@pytest.fixture
def start() -> datetime:
    return near_start()


@pytest.fixture
def settings(settings: Settings, start: datetime) -> Settings:
    return offsets_due_after(settings, start, FIRST, SECOND)  # type: ignore[return-value]


def form(start: datetime, **fields: Any) -> do.ForumForm:
    return do.ForumForm(
        title=fields.pop("title", "Rakor Pengamanan Pilkada"),
        start=typed(start),
        venue=fields.pop("venue", "Aula Polres Mojokerto Kota, Jl. Bhayangkara No. 1"),
        agenda=fields.pop("agenda", AGENDA),
        pillars=fields.pop("pillars", ["TNI", "POLRI"]),
        **fields,
    )


async def db(community: Community, model: type[Any], *where: Any) -> list[Any]:
    async with community.data.sessions() as session:  # type: ignore[misc]
        return list((await session.exec(select(model).where(*where))).all())


async def settle(community: Community) -> None:
    async with asyncio.timeout(10):
        await community.data.sender.wait_idle()  # type: ignore[union-attr]


def sent_params(sandbox: BotApiSandbox, method: str, chat_id: int) -> list[dict[str, Any]]:
    return [
        call.params
        for call in sandbox.calls(method)
        if int(call.params.get("chat_id", 0)) == chat_id
    ]


def preview_disabled(params: dict[str, Any]) -> bool:
    options = params.get("link_preview_options")
    if isinstance(options, str):
        options = json.loads(options)
    return isinstance(options, dict) and options.get("is_disabled") is True


async def test_own_offsets_note_and_pin_reach_the_reminders(
    community: Community, sandbox: BotApiSandbox, settings: Settings, start: datetime, app
):
    admin = community.admin
    first, second = settings.reminder_offsets
    # the defaults come ticked; the admin unticks the second one
    preview, _ = await do.create_forum(
        admin, form(start, pin=PIN, offsets=[f"✅ {offset_label('id', second)}"], note=NOTE)
    )
    assert f"⏰ Pengingat: {offset_label('id', first)}" in preview.text
    assert f"📝 Catatan: {NOTE}" in preview.text
    assert "Lokasi tersimpan: -7.472600, 112.438100" in preview.text
    await do.publish(admin, preview)

    (forum,) = await db(community, Forum)
    assert forum.reminder_offsets == [first]
    assert forum.reminder_note == NOTE
    assert (forum.latitude, forum.longitude) == PIN and forum.map_url is None
    jobs = {job.id for job in app.job_queue.scheduler.get_jobs()}
    assert jobs == {f"reminder:{forum.id}:{first}", f"survey:{forum.id}"}

    tni, polri = community.members["TNI"], community.members["POLRI"]
    await polri.next_message()  # invitation
    await polri.next_message()  # its venue
    invitation = await tni.next_message()
    assert "Pemetaan kerawanan Pilkada\nPaparan Kapolres" in invitation.text  # the whole agenda
    venue = await tni.next_message()
    assert venue.venue is not None and venue.text is None
    assert venue.venue["location"] == {"latitude": PIN[0], "longitude": PIN[1]}
    assert venue.venue["title"] == "Aula Polres Mojokerto Kota"
    assert venue.venue["address"] == "Jl. Bhayangkara No. 1"
    assert not invitation.shows_link_preview
    assert all(preview_disabled(p) for p in sent_params(sandbox, "sendMessage", tni.id))

    await do.answer_invitation(tni, invitation, "Hadir")
    reminder = await tni.next_message(timeout=15)
    assert "Pengingat" in reminder.text
    assert "📝 Catatan: Mohon membawa KTP <asli>" in reminder.text  # escaped, shown as typed
    assert "Agenda: Pemetaan kerawanan Pilkada (selengkapnya di undangan)" in reminder.text
    assert "Paparan Kapolres" not in reminder.text
    pin = await tni.next_message()
    assert pin.venue is not None and pin.venue["location"]["latitude"] == PIN[0]
    # the unticked default sends nothing
    await tni.no_message(within=SECOND - FIRST + 1.5)
    nudged = await polri.next_message()
    assert "belum mengonfirmasi" in nudged.text and "Paparan Kapolres" not in nudged.text
    await settle(community)
    runs = await db(community, ReminderRun)
    assert [(run.forum_id, run.offset_seconds) for run in runs] == [(forum.id, first)]
    reminders = await db(community, OutboxMessage, OutboxMessage.kind == OutboxKind.REMINDER)
    assert len(reminders) == 1
    pins = await db(community, OutboxMessage, OutboxMessage.kind == OutboxKind.VENUE)
    assert sorted(row.dedupe_key for row in pins) == sorted(
        f"venue:{key}"
        for key in (
            f"invite:{forum.id}:{(await community.member_row(tni)).id}",
            f"invite:{forum.id}:{(await community.member_row(community.members['POLRI'])).id}",
            reminders[0].dedupe_key,
            f"reminder:{forum.id}:{first}:"
            f"{(await community.member_row(community.members['POLRI'])).id}:"
            f"{int(forum.starts_at.timestamp())}",
        )
    )
    assert all(row.status == OutboxStatus.SENT for row in pins)
    reminder_calls = [
        p for p in sent_params(sandbox, "sendMessage", tni.id) if "Pengingat" in p["text"]
    ]
    assert reminder_calls and all(preview_disabled(p) for p in reminder_calls)


@pytest.mark.parametrize(
    "bad",
    [
        "http://maps.app.goo.gl/abc",  # not https
        "https://evil.example/maps?q=-7.47,112.43",
        "https://maps.google.com.evil.example/x",
        "https://user:pw@www.google.com/maps/@-7.47,112.43,17z",
        "javascript:alert(1)",
        'https://www.google.com/maps/"><b>x</b>',
        "Jl. Bhayangkara No. 1",
    ],
)
async def test_a_bad_map_link_is_refused_and_changes_nothing(
    community: Community, start: datetime, bad: str
):
    admin = community.admin
    ask_location, _ = await do.create_forum(
        admin, form(start + timedelta(days=3), pillars=["TNI"]), options=False
    )
    assert "Peta lokasi" in ask_location.text
    await admin.send(bad)
    refused = await admin.next_message()
    assert "Tautan peta tidak dapat digunakan" in refused.text
    await admin.send_sticker()
    assert "Mohon kirim lokasi" in (await admin.next_message()).text
    # still at the map step: a good link goes on
    await admin.send("https://www.google.com/maps/place/KPU/@-7.4705,112.4330,17z")
    assert "Tautan peta tersimpan" in (await admin.next_message()).text
    assert "Kapan pengingat dikirim" in (await admin.next_message()).text
    assert await db(community, Forum) == []


async def test_a_map_link_goes_into_the_invitation_without_a_preview(
    community: Community, sandbox: BotApiSandbox, start: datetime
):
    url = "https://www.google.com/maps/place/KPU+Kota+Mojokerto/@-7.4705,112.433,17z"
    preview, _ = await do.create_forum(
        community.admin, form(start + timedelta(days=2), pillars=["TNI"], map_url=url)
    )
    assert "Peta lokasi" in preview.text
    await do.publish(community.admin, preview)
    (forum,) = await db(community, Forum)
    assert forum.map_url == url and (forum.latitude, forum.longitude) == (-7.4705, 112.433)
    tni = community.members["TNI"]
    invitation = await tni.next_message()
    assert "Peta lokasi" in invitation.text and not invitation.shows_link_preview
    (call,) = sent_params(sandbox, "sendMessage", tni.id)
    assert f'<a href="{url}">' in call["text"] and preview_disabled(call)
    pin = await tni.next_message()
    assert pin.venue is not None
    assert pin.venue["location"] == {"latitude": -7.4705, "longitude": 112.433}


async def open_reminders(admin: SimUser) -> SandboxMessage:
    await admin.send("/forum")
    menu = await admin.next_message()
    await admin.press(menu, menu.button_texts[0])
    detail = await admin.next_message()
    await admin.press(detail, "⏰ Pengingat")
    return await admin.next_message()


async def test_offsets_and_note_edited_later_rederive_the_jobs_across_restarts(
    community: Community, settings: Settings, app
):
    admin = community.admin
    day = 86400
    settings_now = settings.model_copy(update={"reminder_offsets": (day, 7200)})
    preview, _ = await do.create_forum(
        admin, form(days_ahead(5), pillars=["TNI"], title="Rakor Mingguan")
    )
    # the fixture's settings hold the near offsets; the defaults shown are those
    await do.publish(admin, preview)
    (forum,) = await db(community, Forum)
    chosen = list(settings.reminder_offsets)
    assert forum.reminder_offsets == sorted(chosen, reverse=True)
    await community.members["TNI"].next_message()

    view = await open_reminders(admin)
    assert "Rakor Mingguan" in view.text and "Catatan: tidak ada" in view.text
    for label in ("H-3", "30 menit", f"✅ {offset_label('id', chosen[0])}"):
        await admin.press(view, label)
        view = await admin.wait_edit(view)
    await admin.press(view, "Ubah catatan")
    await admin.next_message()
    await admin.send("   ")
    assert "tidak boleh kosong" in (await admin.next_message()).text
    await admin.send("Pakaian: PDH")
    view = await admin.next_message()
    assert "Catatan: Pakaian: PDH" in view.text
    await admin.press(view, "Simpan")
    saved = await admin.wait_edit(view)
    assert "Pengingat disimpan" in saved.text and "Pakaian: PDH" in saved.text

    (forum,) = await db(community, Forum)
    expected = sorted([3 * day, chosen[1], 1800], reverse=True)
    assert forum.reminder_offsets == expected and forum.reminder_note == "Pakaian: PDH"
    ids = {f"reminder:{forum.id}:{offset}" for offset in expected} | {f"survey:{forum.id}"}
    assert {job.id for job in app.job_queue.scheduler.get_jobs()} == ids
    (audit,) = await db(community, AuditEntry, AuditEntry.action == "forum.reminders")
    assert audit.detail["new"] == expected

    # a restart derives the same jobs from the forum row
    await app.updater.stop()
    await app.stop()
    await post_stop(app)
    restarted = build_application(settings_now)
    async with running(restarted):
        assert {job.id for job in restarted.job_queue.scheduler.get_jobs()} == ids
