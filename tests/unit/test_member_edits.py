"""Tests for bot.services.directory and bot.services.member_edits: the directory's menu,
pages, search and export rows; edits, pillar moves and requests, admin flags, deactivation,
the ADMIN_IDS bootstrap, each with its audit entry (issue 10, items 1 and 2)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import notices
from bot.db import SessionMaker
from bot.services import audit, directory, forums, member_edits, members
from bot.services.errors import ServiceError
from models import AuditEntry, Member, MemberStatus, OutboxMessage, OutboxStatus, Pillar
from models.member import fold
from tests import factories as f


async def entries(session: AsyncSession) -> list[tuple[str, str, dict[str, object]]]:
    return [(e.action, e.target, e.detail) for e in await f.rows(session, AuditEntry)]


# ---------------------------------------------------------------- the directory


async def test_menu_counts_every_status_per_pillar_and_who_waits(sessions: SessionMaker):
    async with sessions() as session:
        await f.admin(session)
        await f.member(session, pillar_code="POLRI")
        await f.member(session, pillar_code="POLRI", status=MemberStatus.PENDING)
        await f.member(session, pillar_code="POLRI", status=MemberStatus.INACTIVE)
        await f.member(session, pillar_code="TNI", status=MemberStatus.REJECTED)
        asking = await f.member(session, pillar_code="TNI")
        asking.requested_pillar_id = (await f.pillar(session, code="POLRI")).id
        menu = await directory.menu(session)
    counts = {entry.pillar.code: entry.count for entry in menu.pillars}
    assert counts["KPU"] == 1 and counts["POLRI"] == 3 and counts["TNI"] == 2
    assert counts["PKD"] == 0  # every pillar is on the menu
    assert menu.total == 6
    assert menu.waiting == 2  # the pending registration and the pillar change


async def test_a_pillar_page_is_sorted_by_name_and_clamped(sessions: SessionMaker):
    async with sessions() as session:
        for name in ("Citra", "Ahmad", "Bayu"):
            await f.member(session, pillar_code="PPS", full_name=name)
        await f.member(session, pillar_code="TNI", full_name="Aan")
        pps = await f.pillar(session, code="PPS")
        first = await directory.pillar_page(session, pps.id, 0, size=2)
        past = await directory.pillar_page(session, pps.id, 7, size=2)
        everyone = await directory.pillar_page(session, None, -3, size=10)
        missing = await directory.pillar_page(session, 9999, 0)
    assert first is not None and past is not None and everyone is not None
    assert [e.member.full_name for e in first.entries] == ["Ahmad", "Bayu"]
    assert (first.pages, first.total, first.first_number) == (2, 3, 1)
    assert [e.member.full_name for e in past.entries] == ["Citra"]
    assert (past.page, past.first_number) == (1, 3)
    assert everyone.page == 0 and everyone.total == 4 and everyone.pillar is None
    assert missing is None


async def test_search_ignores_case_and_accents_and_matches_each_word(sessions: SessionMaker):
    async with sessions() as session:
        hendra = await f.member(session, pillar_code="POLRI", full_name="Hendra Kurniawan")
        hendra.institution = "Polres Mojokerto Kota"
        andre = await f.member(session, pillar_code="TNI", full_name="André Wijaya")
        await f.member(session, pillar_code="TNI", full_name="Siti Aminah")
        assert [e.member.id for e in (await directory.search(session, "ANDRE", 0)).entries] == [
            andre.id
        ]
        assert [e.member.id for e in (await directory.search(session, "andré", 0)).entries] == [
            andre.id
        ]
        both = await directory.search(session, "hendra  POLRES", 0)
        assert [e.member.id for e in both.entries] == [hendra.id]
        assert (await directory.search(session, "hendra tni", 0)).total == 0
        assert (await directory.search(session, "   ", 0)).total == 0
        kota = await directory.search(session, "kota", 0)
        assert kota.total == 1


async def test_search_reads_percent_and_underscore_as_themselves(sessions: SessionMaker):
    async with sessions() as session:
        await f.member(session, full_name="Budi Santoso")
        ready = await f.member(session, full_name="Tim 100% Siap_Siaga")
        for query in ("%", "100%", "p_s"):
            found = await directory.search(session, query, 0)
            assert [e.member.id for e in found.entries] == [ready.id], query


async def test_search_text_follows_a_renamed_member(sessions: SessionMaker):
    async with sessions() as session:
        member = await f.member(session, full_name="Eko Budi Setiwan")
        await session.commit()
        member.full_name = "Eko Budi Setiawan"
        session.add(member)
        await session.commit()
        assert member.search_text == "eko budi setiawan instansi polri"
        assert (await directory.search(session, "setiawan", 0)).total == 1


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=30))
def test_fold_is_idempotent_and_lowercase(text: str):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.casefold()


async def test_search_pages_hold_every_match_once(sessions: SessionMaker):
    async with sessions() as session:
        for i in range(45):
            await f.member(session, pillar_code="PPS", full_name=f"Anggota {i:02d}")
        pages = [await directory.search(session, "anggota", n, size=20) for n in range(3)]
    names = [e.member.full_name for page in pages for e in page.entries]
    assert names == [f"Anggota {i:02d}" for i in range(45)]
    assert [p.first_number for p in pages] == [1, 21, 41]


async def test_export_rows_list_everyone_in_directory_order(sessions: SessionMaker):
    async with sessions() as session:
        await f.member(session, pillar_code="TNI", full_name="Zainal")
        await f.admin(session)
        await f.member(session, pillar_code="TNI", full_name="Agus", status=MemberStatus.INACTIVE)
        rows = await directory.export_rows(session)
    assert [(r.full_name, r.pillar, r.status, r.is_admin) for r in rows] == [
        ("Admin KPU", "KPU", MemberStatus.APPROVED, True),
        ("Agus", "TNI", MemberStatus.INACTIVE, False),
        ("Zainal", "TNI", MemberStatus.APPROVED, False),
    ]


# ---------------------------------------------------------------- edits


@pytest.mark.parametrize(
    ("field", "column"), [("name", "full_name"), ("inst", "institution"), ("pos", "position")]
)
async def test_an_edit_is_cleaned_stored_and_audited(
    sessions: SessionMaker, field: str, column: str
):
    async with sessions() as session:
        admin = await f.admin(session)
        member = await f.member(session)
        old = getattr(member, column)
        edit = await member_edits.edit_text(
            session,
            member_id=member.id or 0,
            field=field,
            value="  Kompol\u200b  Hendra\tK. ",
            actor_user_id=admin.telegram_user_id,
        )
        await session.commit()
        assert edit.changed and (edit.old, edit.new) == (old, "Kompol Hendra K.")
        assert getattr(await session.get(Member, member.id), column) == "Kompol Hendra K."
        assert await entries(session) == [
            (
                "member.edit",
                f"member:{member.id}",
                {"field": field, "old": old, "new": "Kompol Hendra K."},
            )
        ]


async def test_an_edit_to_the_same_text_or_bad_text_writes_nothing(sessions: SessionMaker):
    async with sessions() as session:
        member = await f.member(session, full_name="Budi Santoso")
        same = await member_edits.edit_text(
            session,
            member_id=member.id or 0,
            field="name",
            value=" Budi  Santoso ",
            actor_user_id=1,
        )
        assert not same.changed
        for bad, key in (("   ", "error-text-empty"), ("!!!", "error-text-no-letters")):
            with pytest.raises(ServiceError) as caught:
                await member_edits.edit_text(
                    session, member_id=member.id or 0, field="name", value=bad, actor_user_id=1
                )
            assert caught.value.key == key
        with pytest.raises(ServiceError) as caught:
            await member_edits.edit_text(
                session, member_id=member.id or 0, field="pos", value="x" * 201, actor_user_id=1
            )
        assert caught.value.key == "error-text-too-long"
        with pytest.raises(ServiceError) as caught:
            await member_edits.edit_text(
                session, member_id=424242, field="name", value="Budi", actor_user_id=1
            )
        assert caught.value.key == "error-member-not-found"
        assert await entries(session) == []
        assert (await session.get(Member, member.id)).full_name == "Budi Santoso"  # type: ignore[union-attr]


async def test_own_edits_need_an_approved_member_and_audit_as_profile(sessions: SessionMaker):
    async with sessions() as session:
        pending = await f.member(session, status=MemberStatus.PENDING)
        member = await f.member(session)
        with pytest.raises(ServiceError) as caught:
            await member_edits.edit_text(
                session,
                member_id=pending.id or 0,
                field="name",
                value="Nama Baru",
                actor_user_id=pending.telegram_user_id,
                own=True,
            )
        assert caught.value.key == "error-member-not-editable"
        await member_edits.edit_text(
            session,
            member_id=member.id or 0,
            field="inst",
            value="Polresta Mojokerto",
            actor_user_id=member.telegram_user_id,
            own=True,
        )
        (entry,) = await f.rows(session, AuditEntry)
    assert (entry.action, entry.actor_user_id) == ("profile.edit", member.telegram_user_id)
    assert entry.detail == {"field": "inst", "old": "Instansi POLRI", "new": "Polresta Mojokerto"}


async def test_an_admin_moves_a_member_and_settles_a_request(sessions: SessionMaker):
    async with sessions() as session:
        member = await f.member(session, pillar_code="POLRI")
        tni, bawaslu = await f.pillar(session, code="TNI"), await f.pillar(session, code="BAWASLU")
        await member_edits.request_pillar(
            session, member_id=member.id or 0, pillar_id=tni.id or 0, now=f.now()
        )
        edit = await member_edits.change_pillar(
            session, member_id=member.id or 0, pillar_id=bawaslu.id or 0, actor_user_id=7
        )
        assert (edit.old, edit.new, edit.changed) == ("POLRI", "BAWASLU", True)
        assert member.pillar_id == bawaslu.id and member.requested_pillar_id is None
        same = await member_edits.change_pillar(
            session, member_id=member.id or 0, pillar_id=bawaslu.id or 0, actor_user_id=7
        )
        assert not same.changed
        with pytest.raises(ServiceError) as caught:
            await member_edits.change_pillar(
                session, member_id=member.id or 0, pillar_id=9999, actor_user_id=7
            )
        assert caught.value.key == "error-unknown-pillar"
        assert [a for a, _t, _d in await entries(session)] == [
            "profile.pillar_request",
            "member.pillar",
        ]


# ---------------------------------------------------------------- admins and status


async def test_admin_is_granted_and_revoked_but_never_the_last(sessions: SessionMaker):
    async with sessions() as session:
        first = await f.admin(session)
        member = await f.member(session)
        pending = await f.member(session, status=MemberStatus.PENDING)
        with pytest.raises(ServiceError) as caught:
            await member_edits.set_admin(
                session, member_id=first.id or 0, admin=False, actor_user_id=1, bootstrap_ids=()
            )
        assert caught.value.key == "error-last-admin"
        with pytest.raises(ServiceError) as caught:
            await member_edits.set_active(
                session, member_id=first.id or 0, active=False, actor_user_id=1, bootstrap_ids=()
            )
        assert caught.value.key == "error-last-admin"
        with pytest.raises(ServiceError) as caught:
            await member_edits.set_admin(
                session, member_id=pending.id or 0, admin=True, actor_user_id=1, bootstrap_ids=()
            )
        assert caught.value.key == "error-admin-needs-approved"
        made = await member_edits.set_admin(
            session, member_id=member.id or 0, admin=True, actor_user_id=1, bootstrap_ids=()
        )
        assert (made.old, made.new, made.changed) == ("false", "true", True)
        again = await member_edits.set_admin(
            session, member_id=member.id or 0, admin=True, actor_user_id=1, bootstrap_ids=()
        )
        assert not again.changed
        # with a second admin, the first may revoke themselves
        revoked = await member_edits.set_admin(
            session, member_id=first.id or 0, admin=False, actor_user_id=1, bootstrap_ids=()
        )
        assert revoked.changed and not first.is_admin
        assert [(a, d) for a, _t, d in await entries(session)] == [
            ("member.admin", {"field": "admin", "old": "false", "new": "true"}),
            ("member.admin", {"field": "admin", "old": "true", "new": "false"}),
        ]


async def test_an_admin_ids_admin_cannot_be_revoked_here(sessions: SessionMaker):
    async with sessions() as session:
        listed = await f.admin(session)
        await f.admin(session)
        with pytest.raises(ServiceError) as caught:
            await member_edits.set_admin(
                session,
                member_id=listed.id or 0,
                admin=False,
                actor_user_id=1,
                bootstrap_ids=(listed.telegram_user_id,),
            )
        assert caught.value.key == "error-admin-bootstrap"
        assert listed.is_admin


async def test_deactivation_drops_queued_messages_and_restore_brings_back(
    sessions: SessionMaker,
):
    async with sessions() as session:
        admin = await f.admin(session)
        member = await f.member(session, pillar_code="POLRI")
        forum = await f.forum(session, by=admin, pillar_codes=["POLRI"])
        queued = OutboxMessage(
            dedupe_key="x", kind="invitation", chat_id=member.chat_id, member_id=member.id,
            text="hi",
        )  # fmt: skip
        session.add(queued)
        await session.flush()
        edit = await member_edits.set_active(
            session, member_id=member.id or 0, active=False, actor_user_id=1, bootstrap_ids=()
        )
        assert (edit.old, edit.new) == ("approved", "inactive")
        await session.commit()
        await session.refresh(queued)
        assert queued.status == OutboxStatus.FAILED and queued.error == "member deactivated"
        assert await forums.invited_members(session, forum.id or 0) == []
        twice = await member_edits.set_active(
            session, member_id=member.id or 0, active=False, actor_user_id=1, bootstrap_ids=()
        )
        assert not twice.changed  # a second press is no change, not an error
        restored = await member_edits.set_active(
            session, member_id=member.id or 0, active=True, actor_user_id=1, bootstrap_ids=()
        )
        assert restored.changed and member.status == MemberStatus.APPROVED
        assert [m.id for m in await forums.invited_members(session, forum.id or 0)] == [member.id]
        again = await member_edits.set_active(
            session, member_id=member.id or 0, active=True, actor_user_id=1, bootstrap_ids=()
        )
        assert not again.changed
        assert [d for a, _t, d in await entries(session) if a == "member.status"] == [
            {"field": "status", "old": "approved", "new": "inactive"},
            {"field": "status", "old": "inactive", "new": "approved"},
        ]


async def test_only_approved_members_are_deactivated(sessions: SessionMaker):
    async with sessions() as session:
        pending = await f.member(session, status=MemberStatus.PENDING)
        approved = await f.member(session)
        with pytest.raises(ServiceError) as caught:
            await member_edits.set_active(
                session, member_id=pending.id or 0, active=False, actor_user_id=1, bootstrap_ids=()
            )
        assert caught.value.key == "error-member-not-active"
        with pytest.raises(ServiceError) as caught:
            await member_edits.set_active(
                session, member_id=pending.id or 0, active=True, actor_user_id=1, bootstrap_ids=()
            )
        assert caught.value.key == "error-member-not-inactive"
        kept = await member_edits.set_active(
            session, member_id=approved.id or 0, active=True, actor_user_id=1, bootstrap_ids=()
        )
        assert not kept.changed
        assert await entries(session) == []
        assert pending.status == MemberStatus.PENDING


async def test_bootstrap_flags_listed_approved_members_once(sessions: SessionMaker):
    async with sessions() as session:
        listed = await f.member(session, pillar_code="KPU")
        pending = await f.member(session, pillar_code="KPU", status=MemberStatus.PENDING)
        other = await f.member(session)
        ids = (listed.telegram_user_id, pending.telegram_user_id, 99)
        made = await member_edits.bootstrap_admins(session, ids)
        assert [m.id for m in made] == [listed.id]
        assert listed.is_admin and not pending.is_admin and not other.is_admin
        assert await member_edits.bootstrap_admins(session, ids) == []
        assert await member_edits.bootstrap_admins(session, ()) == []
        (entry,) = await f.rows(session, AuditEntry)
        assert (entry.action, entry.actor_user_id) == ("member.admin", 0)
        assert (await audit.verify(session)).intact


async def test_an_admin_removed_from_admin_ids_stays_admin(sessions: SessionMaker):
    async with sessions() as session:
        registered = await members.register(
            session,
            members.Registration(
                full_name="Ratna",
                pillar_id=(await f.pillar(session, code="KPU")).id or 0,
                institution="KPU Kota Mojokerto",
                position="Anggota",
                language="id",
            ),
            telegram_user_id=4242,
            chat_id=4242,
            admin_ids=(4242,),
            now=f.now(),
        )
        member = registered.member
        assert member.is_admin
        # the next start without 4242 in ADMIN_IDS: the flag stays
        assert await member_edits.bootstrap_admins(session, (1,)) == []
        assert members.is_admin(member, 4242, ())
        late = await members.register(
            session,
            members.Registration(
                full_name="Later",
                pillar_id=(await f.pillar(session, code="KPU")).id or 0,
                institution="KPU",
                position="Staf",
                language="id",
            ),
            telegram_user_id=4343,
            chat_id=4343,
            admin_ids=(4242,),
            now=f.now(),
        )
        assert late.needs_approval and not late.member.is_admin


# ---------------------------------------------------------------- pillar changes


async def decide(
    session: AsyncSession, member: Member, pillar: Pillar, *, approve: bool
) -> member_edits.PillarDecision:
    return await member_edits.decide_pillar(
        session,
        member_id=member.id or 0,
        pillar_id=pillar.id or 0,
        approve=approve,
        actor_user_id=1,
        now=f.now(),
    )


async def test_a_pillar_request_keeps_the_old_pillar_until_approved(sessions: SessionMaker):
    async with sessions() as session:
        admin = await f.admin(session)
        member = await f.member(session, pillar_code="POLRI")
        polri, tni = await f.pillar(session, code="POLRI"), await f.pillar(session, code="TNI")
        forum = await f.forum(session, by=admin, pillar_codes=["POLRI"])
        result = await member_edits.request_pillar(
            session, member_id=member.id or 0, pillar_id=tni.id or 0, now=f.now()
        )
        assert (result.current.code, result.requested.code) == ("POLRI", "TNI")
        assert member.pillar_id == polri.id
        assert [m.id for m in await forums.invited_members(session, forum.id or 0)] == [member.id]
        (request,) = await directory.pillar_requests(session)
        assert request.member.id == member.id and request.requested.code == "TNI"
        stale = await decide(session, member, polri, approve=True)
        assert not stale.changed
        decision = await decide(session, member, tni, approve=True)
        assert decision.changed and member.pillar_id == tni.id
        assert member.requested_pillar_id is None
        row = await notices.members.pillar_decision(session, decision)
        assert row is not None and "TNI" in row.text and row.chat_id == member.chat_id
        again = await decide(session, member, tni, approve=False)
        assert not again.changed
        assert await notices.members.pillar_decision(session, again) is None
        assert [(a, d) for a, _t, d in await entries(session) if a != "forum.publish"] == [
            ("profile.pillar_request", {"field": "pillar", "old": "POLRI", "new": "TNI"}),
            ("member.pillar_approve", {"field": "pillar", "old": "POLRI", "new": "TNI"}),
        ]


async def test_a_rejected_pillar_request_keeps_the_pillar(sessions: SessionMaker):
    async with sessions() as session:
        member = await f.member(session, pillar_code="POLRI")
        tni = await f.pillar(session, code="TNI")
        with pytest.raises(ServiceError) as caught:
            await member_edits.request_pillar(
                session, member_id=member.id or 0, pillar_id=member.pillar_id, now=f.now()
            )
        assert caught.value.key == "error-pillar-same"
        await member_edits.request_pillar(
            session, member_id=member.id or 0, pillar_id=tni.id or 0, now=f.now()
        )
        decision = await decide(session, member, tni, approve=False)
        assert decision.changed and not decision.approved
        assert member.pillar_id == (await f.pillar(session, code="POLRI")).id
        assert member.requested_pillar_id is None
        assert await directory.pillar_requests(session) == []


async def test_the_digest_lists_pillar_changes_after_registrations(sessions: SessionMaker):
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, status=MemberStatus.PENDING, full_name="Pendaftar Baru")
        mover = await f.member(session, full_name="Hendra")
        tni = await f.pillar(session, code="TNI")
        await member_edits.request_pillar(
            session, member_id=mover.id or 0, pillar_id=tni.id or 0, now=f.now()
        )
        await notices.approvals.sync(session, admin_ids=(), now=f.now())
        (digest,) = await f.rows(session, OutboxMessage, OutboxMessage.chat_id == admin.chat_id)
    assert "1. <b>Pendaftar Baru</b>" in digest.text
    assert "2. 🔁 <b>Hendra</b> · pindah pilar Polri → TNI" in digest.text
    assert digest.reply_markup is not None
    data = [b["callback_data"] for row in digest.reply_markup["inline_keyboard"] for b in row]
    assert data[-2:] == [f"pilr:{mover.id}:{tni.id}:a", f"pilr:{mover.id}:{tni.id}:r"]
