"""Tests for bot.services.pillars: pillars as data that admins keep (issue 10, item 3)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.services import forums, members, pillars
from bot.services.errors import ServiceError
from bot.services.pillars import Change
from models import AuditEntry, Forum, Member, MemberStatus, Pillar, PillarInvite
from tests import factories as f

ADMIN = 4242
SEEDED = [
    ("KPU", "KPU", False),
    ("KEJAKSAAN", "Kejaksaan", True),
    ("POLRI", "Polri", True),
    ("TNI", "TNI", True),
    ("BAWASLU", "Bawaslu", True),
    ("PEMDA", "Pemda", False),
    ("FORKOPIMDA", "Forkopimda", False),
    ("PPK", "PPK", False),
    ("PPS", "PPS", False),
    ("PANWASCAM", "Panwascam", False),
    ("PKD", "PKD", False),
]


async def audit_trail(session: AsyncSession) -> list[tuple[str, str, dict[str, object]]]:
    entries = await f.rows(session, AuditEntry)
    return [(e.action, e.target, e.detail or {}) for e in sorted(entries, key=lambda e: e.seq)]


async def test_the_seeded_pillars_carry_the_names_users_read(sessions: SessionMaker) -> None:
    async with sessions() as session:
        listed = await pillars.overview(session)
    assert [(s.pillar.code, s.pillar.name, s.pillar.is_core) for s in listed] == SEEDED
    assert not any(s.pillar.is_hidden for s in listed)


async def test_overview_counts_every_registration_and_invited_forum(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="POLRI")
        await f.member(session, pillar_code="POLRI", status=MemberStatus.PENDING)
        await f.member(session, pillar_code="POLRI", status=MemberStatus.REJECTED)
        await f.forum(session, by=admin, pillar_codes=("POLRI", "TNI"))
        await session.commit()
        counts = {
            s.pillar.code: (s.members, s.forums, s.deletable)
            for s in await pillars.overview(session)
        }
    assert counts["POLRI"] == (3, 1, False)
    assert counts["TNI"] == (0, 1, False)
    assert counts["KPU"] == (1, 0, False)  # the admin
    assert counts["PKD"] == (0, 0, True)


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("Satpol PP", set(), "SATPOL_PP"),
        ("Dinas Komunikasi & Informatika", set(), "DINAS_KOMUNIKASI_INFORMATIKA"),
        ("Kesbangpol", {"KESBANGPOL"}, "KESBANGPOL_2"),
        ("Kesbangpol", {"KESBANGPOL", "KESBANGPOL_2"}, "KESBANGPOL_3"),
        ("Pengadilan Négeri", set(), "PENGADILAN_NEGERI"),
        ("Дума", set(), "PILAR"),
        ("x" * 40, {"X" * 32}, "X" * 30 + "_2"),
    ],
)
def test_derive_code(name: str, taken: set[str], expected: str) -> None:
    assert pillars.derive_code(name, taken) == expected


@given(
    name=st.text(min_size=1, max_size=120),
    taken=st.sets(st.from_regex(r"[A-Z0-9_]{1,32}", fullmatch=True), max_size=5),
)
def test_derived_codes_are_short_plain_and_free(name: str, taken: set[str]) -> None:
    code = pillars.derive_code(name, taken)
    assert re.fullmatch(r"[A-Z0-9][A-Z0-9_]{0,31}", code)
    assert code not in taken


async def test_add_puts_a_visible_pillar_last_with_a_derived_code(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        added = await pillars.add(session, name="  Satpol   PP ", admin_user_id=ADMIN)
        await session.commit()
        listed = await pillars.overview(session)
        trail = await audit_trail(session)
    assert (added.code, added.name, added.is_core, added.is_hidden) == (
        "SATPOL_PP",
        "Satpol PP",
        False,
        False,
    )
    assert listed[-1].pillar.id == added.id
    assert added.sort_order > max(s.pillar.sort_order for s in listed[:-1])
    assert trail == [
        ("pillar.add", f"pillar:{added.id}", {"name": "Satpol PP", "code": "SATPOL_PP"})
    ]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("polri", "error-pillar-name-taken"),
        (" TNI ", "error-pillar-name-taken"),
        ("", "error-text-empty"),
        ("!!!", "error-text-no-letters"),
        ("x" * 121, "error-text-too-long"),
    ],
)
async def test_add_refuses_a_taken_or_bad_name_and_writes_nothing(
    sessions: SessionMaker, name: str, key: str
) -> None:
    async with sessions() as session:
        with pytest.raises(ServiceError) as refused:
            await pillars.add(session, name=name, admin_user_id=ADMIN)
        await session.rollback()
        assert refused.value.key == key
        assert await f.count(session, Pillar) == len(SEEDED)
        assert await f.count(session, AuditEntry) == 0
    if key == "error-pillar-name-taken":
        assert refused.value.values["name"] in ("Polri", "TNI")


async def test_rename_keeps_members_and_is_audited(sessions: SessionMaker) -> None:
    async with sessions() as session:
        member = await f.member(session, pillar_code="PEMDA")
        pemda = await f.pillar(session, code="PEMDA")
        result = await pillars.rename(
            session, pillar_id=pemda.id or 0, name="Pemkot Mojokerto", admin_user_id=ADMIN
        )
        await session.commit()
        again = await pillars.rename(
            session, pillar_id=pemda.id or 0, name="Pemkot Mojokerto", admin_user_id=ADMIN
        )
        stored = await session.get(Member, member.id)
        trail = await audit_trail(session)
    assert (result.changed, result.old_name, result.pillar.name) == (
        True,
        "Pemda",
        "Pemkot Mojokerto",
    )
    assert not again.changed  # the same name: nothing written, nothing audited
    assert stored is not None and stored.pillar_id == pemda.id
    assert result.pillar.code == "PEMDA"  # the code stays: it is internal
    assert trail == [
        ("pillar.rename", f"pillar:{pemda.id}", {"old": "Pemda", "new": "Pemkot Mojokerto"})
    ]


async def test_rename_refuses_another_pillars_name_and_an_unknown_pillar(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        pemda = await f.pillar(session, code="PEMDA")
        with pytest.raises(ServiceError, match="error-pillar-name-taken"):
            await pillars.rename(
                session, pillar_id=pemda.id or 0, name="BAWASLU", admin_user_id=ADMIN
            )
        with pytest.raises(ServiceError, match="error-unknown-pillar"):
            await pillars.rename(session, pillar_id=9999, name="Baru", admin_user_id=ADMIN)
        # its own name in other letters is a rename, not a clash
        result = await pillars.rename(
            session, pillar_id=pemda.id or 0, name="PEMDA", admin_user_id=ADMIN
        )
    assert result.changed and result.pillar.name == "PEMDA"


async def test_flags_set_the_state_asked_once(sessions: SessionMaker) -> None:
    async with sessions() as session:
        pps = await f.pillar(session, code="PPS")
        pillar_id = pps.id or 0
        done = []
        for change in (Change.CORE, Change.CORE, Change.HIDE, Change.HIDE, Change.UNCORE):
            result = await pillars.set_flag(
                session, pillar_id=pillar_id, change=change, admin_user_id=ADMIN
            )
            done.append(result.changed)
        await session.commit()
        stored = await session.get(Pillar, pillar_id)
        assert stored is not None and not stored.is_core and stored.is_hidden
        trail = await audit_trail(session)
        shown = await pillars.set_flag(
            session, pillar_id=pillar_id, change=Change.SHOW, admin_user_id=ADMIN
        )
        with pytest.raises(ValueError):
            await pillars.set_flag(
                session, pillar_id=pillar_id, change=Change.RENAME, admin_user_id=ADMIN
            )
    assert done == [True, False, True, False, True]
    assert [action for action, _, _ in trail] == ["pillar.core", "pillar.hide", "pillar.uncore"]
    assert shown.changed and not shown.pillar.is_hidden


async def test_a_hidden_pillar_is_offered_to_nobody_new_but_keeps_its_own(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        member = await f.member(session, pillar_code="PPS")
        pps = await f.pillar(session, code="PPS")
        await pillars.set_flag(
            session, pillar_id=pps.id or 0, change=Change.HIDE, admin_user_id=ADMIN
        )
        offered = [p.code for p in await pillars.offered(session)]
        kept = [p.code for p in await pillars.offered(session, keep=pps.id)]

        newcomer = members.Registration(
            full_name="Joko Susilo",
            pillar_id=pps.id or 0,
            institution="PPS Kranggan",
            position="Ketua",
            language="id",
        )
        with pytest.raises(ServiceError) as refused:
            await members.register(
                session, newcomer, telegram_user_id=77, chat_id=77, admin_ids=(), now=f.now()
            )
        assert (refused.value.key, refused.value.values) == (
            "error-pillar-hidden",
            {"name": "PPS"},
        )
        again = members.Registration(
            full_name="Budi Santoso",
            pillar_id=pps.id or 0,
            institution="PPS Kranggan",
            position="Sekretaris",
            language="id",
        )
        stays = await members.register(
            session,
            again,
            telegram_user_id=member.telegram_user_id,
            chat_id=member.chat_id,
            admin_ids=(),
            now=f.now(),
        )
        with pytest.raises(ServiceError, match="error-pillar-hidden"):
            await members.create_invite(
                session, pillar_id=pps.id or 0, admin_user_id=ADMIN, now=f.now(), ttl_days=30
            )
        draft = forums.ForumDraft(
            title="Rakor",
            starts_at=f.now() + timedelta(days=2),
            venue="Aula KPU",
            pillar_ids={pps.id or 0},
        )
        with pytest.raises(ServiceError, match="error-pillar-hidden"):
            await forums.publish(session, draft, admin=admin, now=f.now())
        assert await f.count(session, Forum) == 0
    assert "PPS" not in offered and len(offered) == len(SEEDED) - 1
    assert kept == [code for code, _, _ in SEEDED]
    assert stays.member.status == MemberStatus.APPROVED and stays.member.position == "Sekretaris"


async def test_remove_refuses_a_pillar_with_members_or_forums(sessions: SessionMaker) -> None:
    async with sessions() as session:
        admin = await f.admin(session)
        await f.member(session, pillar_code="PKD", status=MemberStatus.REJECTED)
        await f.forum(session, by=admin, pillar_codes=("PANWASCAM",))
        await session.commit()
        pkd = await f.pillar(session, code="PKD")
        panwascam = await f.pillar(session, code="PANWASCAM")
        with pytest.raises(ServiceError) as members_left:
            await pillars.remove(session, pillar_id=pkd.id or 0, admin_user_id=ADMIN)
        with pytest.raises(ServiceError) as forums_left:
            await pillars.remove(session, pillar_id=panwascam.id or 0, admin_user_id=ADMIN)
        with pytest.raises(ServiceError, match="error-unknown-pillar"):
            await pillars.remove(session, pillar_id=9999, admin_user_id=ADMIN)
        await session.rollback()
        assert await f.count(session, Pillar) == len(SEEDED)
        assert [a for a, _, _ in await audit_trail(session)] == ["forum.publish"]
    assert (members_left.value.key, members_left.value.values) == (
        "error-pillar-has-members",
        {"name": "PKD", "count": 1},
    )
    assert (forums_left.value.key, forums_left.value.values) == (
        "error-pillar-in-forums",
        {"name": "Panwascam", "count": 1},
    )


async def test_remove_deletes_an_unused_pillar_and_its_invite_links(
    sessions: SessionMaker,
) -> None:
    async with sessions() as session:
        added = await pillars.add(session, name="Satpol PP", admin_user_id=ADMIN)
        await members.create_invite(
            session, pillar_id=added.id or 0, admin_user_id=ADMIN, now=f.now(), ttl_days=30
        )
        await session.commit()
        name = await pillars.remove(session, pillar_id=added.id or 0, admin_user_id=ADMIN)
        await session.commit()
        assert name == "Satpol PP"
        assert await session.get(Pillar, added.id) is None
        assert await f.count(session, PillarInvite) == 0
        trail = await audit_trail(session)
    assert [(a, t) for a, t, _ in trail] == [
        ("pillar.add", f"pillar:{added.id}"),
        ("invite.create", f"pillar:{added.id}"),
        ("pillar.delete", f"pillar:{added.id}"),
    ]
    assert trail[-1][2] == {"name": "Satpol PP", "code": "SATPOL_PP"}
