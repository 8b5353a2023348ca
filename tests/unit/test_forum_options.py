"""Tests for bot.services.places, forum_options and series, and their rendering (issue 10)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import notices, render
from bot.db import SessionMaker
from bot.services import forum_options, forums, outbox, places, reminders, series
from bot.services.attachments import Attachment
from bot.services.errors import ServiceError
from models import FileKind, Forum, OutboxKind, OutboxMessage, OutboxStatus, ReminderRun
from tests import factories as f

JAKARTA = ZoneInfo("Asia/Jakarta")
DAY, HOUR = 86400, 3600


@pytest.mark.parametrize(
    ("url", "pin"),
    [
        ("https://maps.app.goo.gl/xyz123", None),
        ("https://goo.gl/maps/abc", None),
        ("https://www.google.com/maps/place/KPU/@-7.4705,112.433,17z", (-7.4705, 112.433)),
        ("https://maps.google.com/?q=-7.47,112.43", (-7.47, 112.43)),
        ("https://www.google.co.id/maps/search/?api=1&query=-7.5,112.4", (-7.5, 112.4)),
        (
            "https://www.openstreetmap.org/?mlat=-7.47&mlon=112.43#map=17/-7.47/112.43",
            (-7.47, 112.43),
        ),
        ("https://www.openstreetmap.org/#map=17/-7.4711/112.4322", (-7.4711, 112.4322)),
        ("https://WWW.Google.com/maps/@-91,112,17z", None),  # off the Earth: a link only
    ],
)
def test_map_links_on_maps_hosts_are_kept_with_the_pin_they_name(url, pin):
    place = places.check_map_url(f"  {url} ")
    assert place.map_url == url
    assert (None if not place.has_pin else (place.latitude, place.longitude)) == pin


@pytest.mark.parametrize(
    "url",
    [
        "http://maps.app.goo.gl/x",
        "ftp://maps.google.com/x",
        "https://maps.google.com.evil.example/",
        "https://evilgoogle.com/maps",
        "https://www.google.com/search?q=maps",  # Google, but not Maps
        "https://goo.gl/abc",  # a short link to anywhere
        "https://maps.google.com:8443/x",
        "https://a:b@maps.google.com/x",
        "https://maps.google.com/x y",
        'https://maps.google.com/"onmouseover="x',
        "https://maps.google.com/<b>",
        "https://[::1/maps",
        "https://maps.google.com/" + "a" * 500,
        "",
        "Aula KPU",
    ],
)
def test_other_links_are_refused(url):
    with pytest.raises(ServiceError) as caught:
        places.check_map_url(url)
    assert caught.value.key == "error-map-url"


@given(st.text(max_size=120))
def test_anything_typed_is_either_a_checked_maps_link_or_refused(text):
    try:
        place = places.check_map_url(text)
    except ServiceError as exc:
        assert exc.key == "error-map-url"
        return
    assert place.map_url is not None and place.map_url.startswith("https://")
    assert not set('<>"` ') & set(place.map_url)


def test_pins_off_the_earth_are_refused():
    assert places.check_pin(-7.47, 112.43).has_pin
    for lat, lng in ((91, 0), (0, 181), (float("nan"), 0)):
        with pytest.raises(ServiceError):
            places.check_pin(lat, lng)


def test_venue_parts_split_at_the_first_comma():
    assert places.venue_parts("Ballroom Hotel Ayola, Jl. Benteng, Mojokerto") == (
        "Ballroom Hotel Ayola",
        "Jl. Benteng, Mojokerto",
    )
    assert places.venue_parts("Aula KPU") == ("Aula KPU", "Aula KPU")


def test_offset_choices_toggles_and_labels():
    choices = forum_options.offset_choices((DAY, 2 * HOUR, 90))
    assert choices == (3 * DAY, DAY, 2 * HOUR, HOUR, 1800, 90)
    assert forum_options.toggle_offset((DAY, 2 * HOUR), DAY, choices) == (2 * HOUR,)
    assert forum_options.toggle_offset((2 * HOUR,), 3 * DAY, choices) == (3 * DAY, 2 * HOUR)
    with pytest.raises(ServiceError):
        forum_options.toggle_offset((), 42, choices)
    labels = [render.offset_label("id", o) for o in choices]
    assert labels == ["H-3", "H-1", "2 jam", "1 jam", "30 menit", "90 detik"]
    assert render.offset_label("en", 3600) == "1 hour before"
    assert render.offsets_label("id", ()) == "tanpa pengingat"


def test_reminder_details_carry_the_note_escaped_and_the_agenda_shortened():
    forum = Forum(
        title="Rakor",
        starts_at=datetime(2026, 12, 14, 2, tzinfo=UTC),
        venue="Aula <KPU>",
        agenda="Pembukaan\nPaparan\nDiskusi",
        reminder_note="Bawa <KTP> & SK",
        map_url="https://maps.app.goo.gl/abc",
        created_by=0,
    )
    text = render.reminder_details(forum, "id", JAKARTA, heading="⏰")
    assert "📝 Catatan: Bawa &lt;KTP&gt; &amp; SK" in text
    assert "Agenda: Pembukaan (selengkapnya di undangan)" in text and "Paparan" not in text
    assert '<a href="https://maps.app.goo.gl/abc">Peta lokasi</a>' in text
    assert "Aula &lt;KPU&gt;" in text
    forum.agenda = "x" * 200
    assert "…" in render.reminder_details(forum, "id", JAKARTA, heading="")
    forum.agenda = ""
    assert "Agenda" not in render.reminder_details(forum, "id", JAKARTA, heading="")


@pytest.mark.parametrize("text", ["0", "1", "13", "50", "dua", "", "٣", "3.5", "1000"])
def test_occurrence_counts_outside_2_to_12_are_refused(text):
    with pytest.raises(ServiceError) as caught:
        series.check_occurrences(text)
    assert caught.value.key == "error-occurrences"


def test_occurrence_counts():
    assert series.check_occurrences(" 12 ") == 12 and series.check_occurrences("2") == 2


def test_monthly_series_keep_the_day_or_take_the_month_end():
    start = datetime(2027, 1, 31, 9, tzinfo=JAKARTA).astimezone(UTC)
    starts = [
        s.astimezone(JAKARTA) for s in series.occurrence_starts(start, "monthly", 4, JAKARTA)
    ]
    assert [(s.month, s.day, s.hour) for s in starts] == [
        (1, 31, 9),
        (2, 28, 9),
        (3, 31, 9),
        (4, 30, 9),
    ]
    weekly = series.occurrence_starts(start, "weekly", 3, JAKARTA)
    assert [w - start for w in weekly] == [timedelta(0), timedelta(weeks=1), timedelta(weeks=2)]


def test_occurrence_drafts_keep_end_and_deadline_distances():
    start = datetime(2027, 1, 4, 2, tzinfo=UTC)
    draft = forums.ForumDraft(
        title="Rakor",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        rsvp_deadline=start - timedelta(days=1),
        repeat="weekly",
        occurrences=3,
    )
    drafts = series.occurrence_drafts(draft, JAKARTA)
    assert [d.ends_at - d.starts_at for d in drafts] == [timedelta(hours=3)] * 3  # type: ignore[operator]
    assert [d.starts_at - d.rsvp_deadline for d in drafts] == [timedelta(days=1)] * 3  # type: ignore[operator]
    assert series.occurrence_drafts(dataclasses.replace(draft, repeat=None), JAKARTA) == [
        dataclasses.replace(draft, repeat=None)
    ]


async def test_publishing_a_series_makes_one_forum_each_with_own_invitations(
    sessions: SessionMaker,
):
    at = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        member = await f.member(session, pillar_code="TNI")
        draft = forums.ForumDraft(
            title="Rakor",
            starts_at=at + timedelta(days=2),
            venue="Aula KPU, Jl. Pemuda",
            pillar_ids=await f.pillar_ids(session, codes=["TNI"]),
            latitude=-7.47,
            longitude=112.43,
            reminder_offsets=(DAY,),
            repeat="monthly",
            occurrences=3,
        )
        published = await series.publish_series(session, draft, admin=admin, now=at, tz=JAKARTA)
        for result in published:
            await notices.forums.invitations(session, result, tz=JAKARTA, office=f.OFFICE)
        await session.commit()
        rows = await f.rows(session, Forum)
        assert len(rows) == 3 and {r.series_id for r in rows} == {rows[0].id}
        assert all(r.reminder_offsets == [DAY] for r in rows)
        queued = await f.rows(session, OutboxMessage)
        # each invitation followed by its venue pin, per forum
        assert [(q.kind, q.forum_id) for q in queued] == [
            (kind, r.id) for r in rows for kind in (OutboxKind.INVITATION, OutboxKind.VENUE)
        ]
        pin = queued[1]
        assert pin.dedupe_key == f"venue:invite:{rows[0].id}:{member.id}"
        assert pin.venue == {
            "latitude": -7.47,
            "longitude": 112.43,
            "title": "Aula KPU",
            "address": "Jl. Pemuda",
        }
        assert outbox.followed_key(pin) == queued[0].dedupe_key
        assert outbox.followed_key(queued[0]) is None


async def test_a_blocked_members_pin_is_blocked_too(sessions: SessionMaker):
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="TNI", is_reachable=False)
        draft = forums.ForumDraft(
            title="Rakor",
            starts_at=f.now() + timedelta(days=2),
            venue="Aula",
            pillar_ids=await f.pillar_ids(session, codes=["TNI"]),
            latitude=1.0,
            longitude=2.0,
        )
        result = await forums.publish(session, draft, admin=admin, now=f.now())
        rows = await notices.forums.invitations(session, result, tz=JAKARTA, office=f.OFFICE)
        assert [r.status for r in rows] == [OutboxStatus.BLOCKED, OutboxStatus.BLOCKED]


async def test_set_reminders_records_past_new_slots_as_run_and_keeps_runs(
    sessions: SessionMaker,
):
    at = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        forum = await f.forum(session, by=admin, at=at, starts_in=timedelta(days=2))
        session.add(ReminderRun(forum_id=forum.id or 0, offset_seconds=DAY, ran_at=at))
        changed = await forum_options.set_reminders(
            session,
            forum.id or 0,
            admin=admin,
            offsets=(3 * DAY, DAY, 1800),
            note="Pakaian: PDH",
            default_offsets=(DAY, 2 * HOUR),
            now=at,
        )
        assert changed.old_offsets == (DAY, 2 * HOUR)
        assert changed.new_offsets == (3 * DAY, DAY, 1800)
        assert changed.skipped == (3 * DAY,)  # its time had passed: not sent now
        runs = {r.offset_seconds for r in await f.rows(session, ReminderRun)}
        assert runs == {DAY, 3 * DAY}
        assert forum.reminder_note == "Pakaian: PDH"
        assert reminders.offsets_of(forum, (60,)) == (3 * DAY, DAY, 1800)
        with pytest.raises(ServiceError) as caught:
            await forum_options.set_reminders(
                session,
                forum.id or 0,
                admin=admin,
                offsets=(1800, DAY, 3 * DAY),
                note="Pakaian: PDH",
                default_offsets=(DAY,),
                now=at,
            )
        assert caught.value.key == "error-change-same"
        # an offset the forum no longer has is nothing due
        assert (
            await reminders.run(
                session,
                forum_id=forum.id or 0,
                offset_seconds=2 * HOUR,
                default_offsets=(DAY, 2 * HOUR),
                now=forum.starts_at - timedelta(hours=2),
            )
            is None
        )


async def test_edit_with_later_moves_the_later_occurrences_only(sessions: SessionMaker):
    at = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="TNI")
        draft = forums.ForumDraft(
            title="Rakor",
            starts_at=at + timedelta(days=2),
            venue="Aula",
            pillar_ids=await f.pillar_ids(session, codes=["TNI"]),
            repeat="weekly",
            occurrences=3,
        )
        first, second, third = [
            p.forum
            for p in await series.publish_series(session, draft, admin=admin, now=at, tz=JAKARTA)
        ]
        before = [first.starts_at, second.starts_at, third.starts_at]
        results = await series.edit_with_later(
            session,
            second.id or 0,
            admin=admin,
            field="start",
            value=second.starts_at + timedelta(hours=1),
            now=at,
        )
        assert [r.forum.id for r in results] == [second.id, third.id]
        assert [first.starts_at, second.starts_at, third.starts_at] == [
            before[0],
            before[1] + timedelta(hours=1),
            before[2] + timedelta(hours=1),
        ]
        assert all(r.rescheduled for r in results)
        same = await series.edit_with_later(
            session, first.id or 0, admin=admin, field="venue", value="Aula 2", now=at
        )
        assert len(same) == 3
        again = await series.edit_with_later(
            session, second.id or 0, admin=admin, field="venue", value="Aula 3", now=at
        )
        assert [r.forum.venue for r in again] == ["Aula 3", "Aula 3"] and first.venue == "Aula 2"


async def test_duplicate_draft_keeps_lengths_and_drops_a_past_deadline(sessions: SessionMaker):
    at = f.now()
    async with sessions() as session:
        admin = await f.admin(session)
        forum = await f.forum(
            session,
            by=admin,
            at=at,
            starts_in=timedelta(days=3),
            rsvp_deadline_in=timedelta(days=1),
        )
        forum.ends_at = forum.starts_at + timedelta(hours=2)
        draft = await forums.draft_from(session, forum.id or 0)
        assert draft.starts_at is None and draft.title == forum.title
        forums.date_duplicate(draft, at + timedelta(days=10), now=at)
        assert draft.ends_at == at + timedelta(days=10, hours=2)
        assert draft.rsvp_deadline == at + timedelta(days=8)
        forums.date_duplicate(draft, at + timedelta(hours=5), now=at)
        assert draft.rsvp_deadline is None  # two days before: already past
        with pytest.raises(ServiceError):
            forums.date_duplicate(draft, at - timedelta(hours=1), now=at)
        with pytest.raises(ServiceError):
            await forums.draft_from(session, 9999)


async def test_every_occurrence_sends_its_attachment_after_the_pin(sessions: SessionMaker):
    """Issue 10, item 5: each invitation of each occurrence is followed by its pin, then by
    the series' attachment (`file:<the invitation's key>`), blocked for a blocked member."""
    at = f.now()
    document = Attachment(FileKind.DOCUMENT, "BQACAgUAAxkBAAIB", "TOR.pdf")
    async with sessions() as session:
        admin = await f.admin(session)
        member = await f.member(session, pillar_code="TNI")
        blocked = await f.member(session, pillar_code="TNI", is_reachable=False)
        draft = forums.ForumDraft(
            title="Rakor",
            starts_at=at + timedelta(days=2),
            venue="Aula KPU, Jl. Pemuda",
            pillar_ids=await f.pillar_ids(session, codes=["TNI"]),
            latitude=-7.47,
            longitude=112.43,
            repeat="weekly",
            occurrences=2,
            attachment=document,
        )
        published = await series.publish_series(session, draft, admin=admin, now=at, tz=JAKARTA)
        for result in published:
            await notices.forums.invitations(session, result, tz=JAKARTA, office=f.OFFICE)
        await session.commit()
        rows = await f.rows(session, Forum)
        assert [(r.file_kind, r.file_id, r.file_name) for r in rows] == [
            (FileKind.DOCUMENT, "BQACAgUAAxkBAAIB", "TOR.pdf")
        ] * 2
        queued = await f.rows(session, OutboxMessage)
        kinds = (OutboxKind.INVITATION, OutboxKind.VENUE, OutboxKind.ATTACHMENT)
        assert [(q.kind, q.forum_id, q.member_id) for q in queued] == [
            (kind, r.id, m.id) for r in rows for m in (member, blocked) for kind in kinds
        ]
        files = [q for q in queued if q.kind == OutboxKind.ATTACHMENT]
        assert [q.dedupe_key for q in files] == [
            f"file:invite:{r.id}:{m.id}" for r in rows for m in (member, blocked)
        ]
        assert [q.status for q in files] == [OutboxStatus.PENDING, OutboxStatus.BLOCKED] * 2
        assert {(q.file_kind, q.file_id, q.reply_markup) for q in files} == {
            (FileKind.DOCUMENT, "BQACAgUAAxkBAAIB", None)
        }
        assert files[0].text == "📎 Lampiran undangan <b>Rakor</b>"
        assert outbox.followed_key(files[0]) == queued[0].dedupe_key
        # The duplicate of an occurrence carries the same file.
        assert (await forums.draft_from(session, rows[1].id or 0)).attachment == document
