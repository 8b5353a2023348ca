"""Tests for bot.services.members: registration, approval, invites, admins, language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import callback_data as cd
from bot import notices
from bot.db import SessionMaker
from bot.services import members
from bot.services.errors import ServiceError
from models import (
    AuditEntry,
    Member,
    MemberStatus,
    OutboxKind,
    OutboxMessage,
    PillarInvite,
)
from tests import factories as f

BOOTSTRAP_ADMIN = 1001
ADMIN_IDS = (BOOTSTRAP_ADMIN,)


async def form(
    session: AsyncSession,
    *,
    pillar_code: str = "POLRI",
    full_name: str = "AKP Budi Santoso, S.H.",
    institution: str = "Polres Mojokerto Kota",
    position: str = "Kasat Intelkam",
    language: str = "id",
    invite_id: int | None = None,
) -> members.Registration:
    return members.Registration(
        full_name=full_name,
        pillar_id=(await f.pillar(session, code=pillar_code)).id or 0,
        institution=institution,
        position=position,
        language=language,
        invite_id=invite_id,
    )


async def register(
    session: AsyncSession,
    registration: members.Registration,
    *,
    user_id: int,
    admin_ids: Sequence[int] = ADMIN_IDS,
    at: object = None,
) -> members.RegistrationResult:
    return await members.register(
        session,
        registration,
        telegram_user_id=user_id,
        chat_id=user_id,
        admin_ids=admin_ids,
        now=at or f.now(),  # type: ignore[arg-type]
    )


def buttons(row: OutboxMessage) -> list[str]:
    assert row.reply_markup is not None
    return [b["callback_data"] for line in row.reply_markup["inline_keyboard"] for b in line]


async def test_plain_registration_waits_and_asks_every_admin(sessions: SessionMaker) -> None:
    async with sessions() as session:
        flagged = await f.admin(session, language="en")
        bootstrapped = await f.member(session, pillar_code="KPU", telegram_user_id=BOOTSTRAP_ADMIN)
        await f.member(session, pillar_code="TNI")  # an ordinary member: not asked
        await f.member(session, is_admin=True, status=MemberStatus.PENDING)  # not approved
        result = await register(session, await form(session, full_name="Budi <b>&"), user_id=777)
        await notices.approvals.sync(session, admin_ids=[BOOTSTRAP_ADMIN], now=f.now())
        await session.commit()

    assert result.needs_approval
    assert result.member.status == MemberStatus.PENDING
    assert result.pillar.code == "POLRI"
    async with sessions() as session:
        stored = await members.get_member(session, 777)
        assert stored is not None
        assert stored.status == MemberStatus.PENDING
        assert stored.full_name == "Budi <b>&"
        assert stored.decided_at is None
        assert not stored.is_admin
        requests = await f.rows(session, OutboxMessage)
    assert sorted(row.chat_id for row in requests) == sorted(
        [flagged.chat_id, bootstrapped.chat_id]
    )
    for row in requests:
        assert row.kind == OutboxKind.APPROVAL_REQUEST
        # the pending admin waits too: the digest lists both
        assert {cd.approval(stored.id or 0, True), cd.approval(stored.id or 0, False)} <= set(
            buttons(row)
        )
        assert "Budi &lt;b&gt;&amp;" in row.text
    english = next(row for row in requests if row.chat_id == flagged.chat_id)
    assert "awaiting approval" in english.text
    assert len({row.dedupe_key for row in requests}) == 2


async def test_invite_registration_is_approved_at_once(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        await f.admin(session)
        tni = await f.pillar(session, code="TNI")
        invite = await members.create_invite(
            session, pillar_id=tni.id or 0, admin_user_id=42, now=now, ttl_days=30
        )
        result = await register(
            session,
            await form(session, pillar_code="TNI", invite_id=invite.id),
            user_id=778,
            at=now,
        )
        await session.commit()

    assert not result.needs_approval
    assert result.member.status == MemberStatus.APPROVED
    async with sessions() as session:
        stored = await members.get_member(session, 778)
        assert stored is not None
        assert stored.status == MemberStatus.APPROVED
        assert stored.pillar_id == tni.id
        assert stored.invite_id == invite.id
        assert stored.decided_at == now
        assert (await session.get(PillarInvite, invite.id)).uses == 1  # type: ignore[union-attr]
        assert await f.count(session, OutboxMessage) == 0
        audit = await f.rows(session, AuditEntry)
    assert [(a.action, a.target, a.actor_user_id) for a in audit] == [
        ("invite.create", f"pillar:{tni.id}", 42)
    ]


async def test_invite_for_another_pillar_is_refused(sessions: SessionMaker) -> None:
    async with sessions() as session:
        tni = await f.pillar(session, code="TNI")
        invite = await members.create_invite(
            session, pillar_id=tni.id or 0, admin_user_id=42, now=f.now(), ttl_days=30
        )
        with pytest.raises(ServiceError) as info:
            await register(
                session, await form(session, pillar_code="POLRI", invite_id=invite.id), user_id=9
            )
        assert info.value.key == "error-invite-invalid"
        assert await f.count(session, Member) == 0
        assert invite.uses == 0


async def test_expired_invite_is_refused_and_nothing_stored(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        tni = await f.pillar(session, code="TNI")
        invite = await members.create_invite(
            session,
            pillar_id=tni.id or 0,
            admin_user_id=42,
            now=now - timedelta(days=31),
            ttl_days=30,
        )
        await session.commit()
        assert await members.resolve_invite(session, invite.token, now=now) is None
        with pytest.raises(ServiceError) as info:
            await register(
                session,
                await form(session, pillar_code="TNI", invite_id=invite.id),
                user_id=779,
                at=now,
            )
        assert info.value.key == "error-invite-invalid"
        await session.commit()
    async with sessions() as session:
        assert await f.count(session, Member) == 0
        assert await f.count(session, OutboxMessage) == 0
        stored = await session.get(PillarInvite, invite.id)
        assert stored is not None and stored.uses == 0


async def test_resolve_invite(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        invite = await members.create_invite(
            session, pillar_id=1, admin_user_id=42, now=now, ttl_days=1
        )
        await session.commit()
        assert await members.resolve_invite(session, invite.token, now=now) == invite
        assert await members.resolve_invite(session, "nope", now=now) is None
        later = now + timedelta(days=1)
        assert await members.resolve_invite(session, invite.token, now=later) is None


async def test_create_invite_for_unknown_pillar(sessions: SessionMaker) -> None:
    async with sessions() as session:
        with pytest.raises(ServiceError) as info:
            await members.create_invite(
                session, pillar_id=9999, admin_user_id=42, now=f.now(), ttl_days=30
            )
        assert info.value.key == "error-unknown-pillar"
        assert await f.count(session, PillarInvite) == 0
        assert await f.count(session, AuditEntry) == 0


async def test_admin_ids_registration_is_approved_admin(sessions: SessionMaker) -> None:
    async with sessions() as session:
        result = await register(
            session, await form(session, pillar_code="KPU"), user_id=BOOTSTRAP_ADMIN
        )
        await session.commit()
    assert not result.needs_approval
    async with sessions() as session:
        stored = await members.get_member(session, BOOTSTRAP_ADMIN)
        assert stored is not None
        assert stored.status == MemberStatus.APPROVED
        assert stored.is_admin
        assert members.is_admin(stored, BOOTSTRAP_ADMIN, ADMIN_IDS)
        assert await f.count(session, OutboxMessage) == 0
        assert [m.id for m in await members.admin_members(session, ADMIN_IDS)] == [stored.id]


async def test_reregistering_with_the_same_pillar_keeps_approval(sessions: SessionMaker) -> None:
    async with sessions() as session:
        await f.admin(session)
        existing = await f.member(session, pillar_code="POLRI", telegram_user_id=780)
        result = await register(
            session,
            await form(session, full_name="  Budi   Baru ", position="Kapolsek", language="en"),
            user_id=780,
        )
        await session.commit()
    assert not result.needs_approval
    async with sessions() as session:
        stored = await members.get_member(session, 780)
        assert stored is not None
        assert stored.id == existing.id
        assert stored.status == MemberStatus.APPROVED
        assert stored.full_name == "Budi Baru"
        assert stored.position == "Kapolsek"
        assert stored.language == "en"
        assert await f.count(session, Member) == 2
        assert await f.count(session, OutboxMessage) == 0


async def test_changing_pillar_waits_for_approval_again(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="POLRI", telegram_user_id=781)
        result = await register(session, await form(session, pillar_code="TNI"), user_id=781)
        await notices.approvals.sync(session, admin_ids=ADMIN_IDS, now=f.now())
        await session.commit()
    assert result.needs_approval
    async with sessions() as session:
        stored = await members.get_member(session, 781)
        assert stored is not None
        assert stored.status == MemberStatus.PENDING
        assert stored.pillar_id == (await f.pillar(session, code="TNI")).id
        requests = await f.rows(session, OutboxMessage)
    assert [(r.kind, r.chat_id) for r in requests] == [
        (OutboxKind.APPROVAL_REQUEST, admin.chat_id)
    ]


async def test_rejected_member_stays_rejected(sessions: SessionMaker) -> None:
    async with sessions() as session:
        await f.admin(session)
        await f.member(session, status=MemberStatus.REJECTED, telegram_user_id=782)
        with pytest.raises(ServiceError) as refused:
            await register(session, await form(session), user_id=782)
        assert refused.value.key == "error-registration-rejected"
        stored = await members.get_member(session, 782)
        assert stored is not None and stored.status == MemberStatus.REJECTED
        assert await f.count(session, OutboxMessage) == 0


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("full_name", "", "error-text-empty"),
        ("full_name", " \t\n ", "error-text-empty"),
        ("full_name", "x" * 201, "error-text-too-long"),
        ("institution", "   ", "error-text-empty"),
        ("position", "y" * 201, "error-text-too-long"),
    ],
)
async def test_bad_text_is_refused_and_nothing_stored(
    sessions: SessionMaker, field: str, value: str, key: str
) -> None:
    async with sessions() as session:
        await f.admin(session)
        await session.commit()
        with pytest.raises(ServiceError) as info:
            await register(session, await form(session, **{field: value}), user_id=783)
        assert info.value.key == key
        if key == "error-text-too-long":
            assert info.value.values == {"limit": 200}
        await session.commit()
    async with sessions() as session:
        assert await members.get_member(session, 783) is None
        assert await f.count(session, Member) == 1
        assert await f.count(session, OutboxMessage) == 0


async def test_name_of_exactly_200_characters_is_accepted(sessions: SessionMaker) -> None:
    async with sessions() as session:
        result = await register(session, await form(session, full_name="n" * 200), user_id=784)
        await session.commit()
    assert len(result.member.full_name) == 200
    async with sessions() as session:
        stored = await members.get_member(session, 784)
        assert stored is not None and stored.full_name == "n" * 200


async def test_unknown_pillar_is_refused(sessions: SessionMaker) -> None:
    async with sessions() as session:
        registration = members.Registration(
            full_name="A", pillar_id=9999, institution="B", position="C", language="id"
        )
        with pytest.raises(ServiceError) as info:
            await register(session, registration, user_id=785)
        assert info.value.key == "error-unknown-pillar"
        assert await f.count(session, Member) == 0


async def test_failed_reregistration_leaves_the_profile_untouched(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        await f.member(session, full_name="Nama Lama", telegram_user_id=786)
        await session.commit()
        with pytest.raises(ServiceError):
            await register(
                session, await form(session, full_name="Nama Baru", position=""), user_id=786
            )
        await session.commit()
    async with sessions() as session:
        stored = await members.get_member(session, 786)
        assert stored is not None
        assert stored.full_name == "Nama Lama"


# --- decide ----------------------------------------------------------------------------------


async def decide(session: AsyncSession, **values: object) -> members.DecisionResult:
    """A decision as the handler makes it: the service, then the message to the member."""
    result = await members.decide(session, **values)  # type: ignore[arg-type]
    await notices.members.decision(session, result)
    return result


async def test_approve_pending_member(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        pending = await f.member(session, status=MemberStatus.PENDING, language="en")
        result = await decide(
            session, member_id=pending.id or 0, approve=True, admin_user_id=42, now=now
        )
        await session.commit()
    assert result.changed
    assert result.pillar.code == "POLRI"
    async with sessions() as session:
        stored = await session.get(Member, pending.id)
        assert stored is not None
        assert stored.status == MemberStatus.APPROVED
        assert stored.decided_at == now
        assert stored.decided_by == 42
        messages = await f.rows(session, OutboxMessage)
        audit = await f.rows(session, AuditEntry)
    assert [(m.kind, m.chat_id, m.member_id) for m in messages] == [
        (OutboxKind.DECISION, pending.chat_id, pending.id)
    ]
    assert "approved" in messages[0].text
    assert [(a.action, a.target, a.actor_user_id) for a in audit] == [
        ("member.approve", f"member:{pending.id}", 42)
    ]


async def test_a_decision_queues_its_message_only_through_the_notice(
    sessions: SessionMaker,
) -> None:
    now = f.now()
    async with sessions() as session:
        pending = await f.member(session, status=MemberStatus.PENDING)
        result = await members.decide(
            session, member_id=pending.id or 0, approve=True, admin_user_id=42, now=now
        )
        assert result.changed and result.member.decided_at == now
        assert await f.count(session, OutboxMessage) == 0
        row = await notices.members.decision(session, result)
        assert row is not None and row.dedupe_key == f"decision:{pending.id}:{now.isoformat()}"
        unchanged = await members.decide(
            session, member_id=pending.id or 0, approve=False, admin_user_id=43, now=now
        )
        assert await notices.members.decision(session, unchanged) is None


async def test_reject_pending_member(sessions: SessionMaker) -> None:
    async with sessions() as session:
        pending = await f.member(session, status=MemberStatus.PENDING)
        result = await decide(
            session, member_id=pending.id or 0, approve=False, admin_user_id=42, now=f.now()
        )
        await session.commit()
        assert result.changed
        rejected = await session.get(Member, pending.id)
        assert rejected is not None and rejected.status == MemberStatus.REJECTED
        assert [a.action for a in await f.rows(session, AuditEntry)] == ["member.reject"]
        messages = await f.rows(session, OutboxMessage)
        assert [m.text for m in messages] == [
            "Mohon maaf, pendaftaran Bapak/Ibu tidak disetujui. Silakan hubungi sekretariat "
            "KPU bila ada kekeliruan."
        ]


async def test_second_decision_changes_nothing(sessions: SessionMaker) -> None:
    now = f.now()
    async with sessions() as session:
        pending = await f.member(session, status=MemberStatus.PENDING)
        await decide(session, member_id=pending.id or 0, approve=True, admin_user_id=42, now=now)
        await session.commit()
    async with sessions() as session:
        again = await decide(
            session,
            member_id=pending.id or 0,
            approve=False,
            admin_user_id=43,
            now=now + timedelta(seconds=5),
        )
        await session.commit()
    assert not again.changed
    assert again.member.status == MemberStatus.APPROVED
    async with sessions() as session:
        stored = await session.get(Member, pending.id)
        assert stored is not None and stored.decided_by == 42
        assert await f.count(session, OutboxMessage) == 1
        assert await f.count(session, AuditEntry) == 1


async def test_decide_unknown_member(sessions: SessionMaker) -> None:
    async with sessions() as session:
        with pytest.raises(ServiceError) as info:
            await decide(session, member_id=4242, approve=True, admin_user_id=42, now=f.now())
        assert info.value.key == "error-member-not-found"
        assert await f.count(session, AuditEntry) == 0
        assert await f.count(session, OutboxMessage) == 0


# --- admins and preferences ----------------------------------------------------------------


async def test_is_admin_rules(sessions: SessionMaker) -> None:
    async with sessions() as session:
        flagged = await f.admin(session)
        listed = await f.member(session, telegram_user_id=BOOTSTRAP_ADMIN)
        pending_listed = await f.member(
            session, status=MemberStatus.PENDING, is_admin=True, telegram_user_id=5
        )
        plain = await f.member(session)
        assert members.is_admin(flagged, flagged.telegram_user_id, ())
        assert members.is_admin(listed, BOOTSTRAP_ADMIN, ADMIN_IDS)
        assert not members.is_admin(listed, BOOTSTRAP_ADMIN, ())
        assert not members.is_admin(pending_listed, 5, (5,))
        assert not members.is_admin(plain, plain.telegram_user_id, ADMIN_IDS)
        assert not members.is_admin(None, BOOTSTRAP_ADMIN, ADMIN_IDS)
        admins = await members.admin_members(session, ADMIN_IDS)
        assert {a.id for a in admins} == {flagged.id, listed.id}


async def test_set_language(sessions: SessionMaker) -> None:
    async with sessions() as session:
        member = await f.member(session, language="id")
        await members.set_language(session, member, "en")
        with pytest.raises(ServiceError) as info:
            await members.set_language(session, member, "fr")
        assert info.value.key == "error-unknown-language"
        await session.commit()
    async with sessions() as session:
        stored = await session.get(Member, member.id)
        assert stored is not None and stored.language == "en"


async def test_list_pillars_in_display_order(sessions: SessionMaker) -> None:
    async with sessions() as session:
        pillars = await members.list_pillars(session)
    codes = [p.code for p in pillars]
    assert codes[:5] == ["KPU", "KEJAKSAAN", "POLRI", "TNI", "BAWASLU"]
    assert {p.code for p in pillars if p.is_core} == set(f.CORE_PILLARS)
    assert len(codes) == 11
