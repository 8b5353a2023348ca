"""The hot queries can be served by an index (issue 13, item 1), checked on PostgreSQL.

Each hot path runs through its real service function while the SQL it sends is recorded;
every recorded statement is then explained with the same parameters and with sequential
scans priced out (`enable_seqscan = off`). A plan that still reads a large table
sequentially has no index to serve it: that query would read the whole table for every
press or every pass of the sender once an office has tens of thousands of members.

Small tables (the eleven pillars, the office profile) are read whole by design.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import notices
from bot.db import SessionMaker
from bot.services import announcements, forums, members, reports, rsvp
from models import OutboxMessage, RsvpAnswer
from scheduler.outbox import Sender
from tests import factories as f
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(POSTGRES_URL is None, reason="query plans are PostgreSQL's")

SMALL_TABLES = {"pillar", "office_profile", "office_signatory", "alembic_version"}

PILLARS = ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU", "PEMDA", "PPK")
Recorded = list[tuple[str, Any]]


@contextmanager
def recording(session: AsyncSession) -> Iterator[Recorded]:
    """The (statement, parameters) pairs sent on the session's engine inside the block."""
    statements: Recorded = []

    def record(
        _conn: object, _cursor: object, statement: str, parameters: Any, *_: object
    ) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            statements.append((statement, parameters))

    target = session.bind.sync_engine  # type: ignore[union-attr]
    event.listen(target, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(target, "before_cursor_execute", record)


INDEX_SCANS = {"Index Scan", "Index Only Scan", "Bitmap Index Scan"}


def whole_table_reads(plan: dict[str, Any], tables: dict[str, str]) -> Iterator[str]:
    """The tables a plan node (and its children) reads whole: a Seq Scan, or an index
    walked end to end without a condition (what the planner picks when sequential scans
    are priced out and no index fits). `tables` maps the names of whole-table indexes to
    their tables."""
    node = plan.get("Node Type")
    if node == "Seq Scan":
        yield str(plan["Relation Name"])
    elif node in INDEX_SCANS and "Index Cond" not in plan:
        table = tables.get(str(plan["Index Name"]))
        if table is not None:  # a partial index holds only its predicate's rows
            yield table
    for child in plan.get("Plans", []):
        yield from whole_table_reads(child, tables)


async def scans_of(session: AsyncSession, statements: Recorded) -> dict[str, set[str]]:
    """Each statement that scans a large table, with the tables it scans."""
    connection = await session.connection()
    tables = dict(
        (
            await connection.exec_driver_sql(
                "SELECT indexname, tablename FROM pg_indexes WHERE indexdef NOT LIKE '% WHERE %'"
            )
        ).all()
    )
    await connection.exec_driver_sql("SET enable_seqscan = off")
    found: dict[str, set[str]] = {}
    try:
        for statement, parameters in statements:
            result = await connection.exec_driver_sql(
                f"EXPLAIN (FORMAT JSON) {statement}", parameters
            )
            (plan,) = result.scalar_one()
            large = set(whole_table_reads(plan["Plan"], tables)) - SMALL_TABLES
            if large:
                found[" ".join(statement.split())[:300]] = large
    finally:
        await connection.exec_driver_sql("RESET enable_seqscan")
    return found


async def copies(
    session: AsyncSession, table: str, source_id: int, count: int, changes: dict[str, str]
) -> None:
    """`count` copies of one row made by the server (`generate_series` as `g`), each column
    taken from the row unless `changes` gives an SQL expression for it; ids are new."""
    names = [
        row[0]
        for row in (
            await session.exec(  # type: ignore[call-overload]
                text(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = :t "
                    "AND column_name <> 'id' ORDER BY ordinal_position"
                ).bindparams(t=table)
            )
        ).all()
    ]
    values = ", ".join(changes.get(name, f"source.{name}") for name in names)
    await session.exec(  # type: ignore[call-overload]
        text(
            f"INSERT INTO {table} ({', '.join(names)}) SELECT {values} "
            f"FROM {table} AS source, generate_series(1, {count}) AS g "
            f"WHERE source.id = {source_id}"
        )
    )


@pytest.fixture
async def office(sessions: SessionMaker) -> dict[str, Any]:
    """An office of the largest kind, in miniature only where it does not matter to the
    planner: 30,000 members, 3,000 past forums with 30,000 answers, 60,000 sent messages
    beside an announcement still going out; the planner's statistics taken."""
    async with sessions() as session:
        admin = await f.admin(session)
        people = [
            await f.member(session, pillar_code=code, full_name=f"Anggota {code} {n}")
            for code in PILLARS
            for n in range(20)
        ]
        upcoming = await f.forum(
            session, by=admin, pillar_codes=PILLARS, starts_in=timedelta(days=2)
        )
        past_start = f.now() - timedelta(days=20)
        await f.forum(session, by=admin, starts_in=timedelta(days=10), at=past_start)
        for person in people[::3]:
            await f.answer(session, forum=upcoming, member=person, answer=RsvpAnswer.ATTENDING)
        sent = await announcements.create(
            session, sender=admin, text="Rapat pleno", pillar_ids=[], now=f.now()
        )
        await notices.announcements.copies(session, sent)
        await session.flush()
        past = await f.forum(
            session,
            by=admin,
            pillar_codes=PILLARS,
            starts_in=timedelta(days=10),
            at=f.now() - timedelta(days=20),
        )
        await session.flush()
        await copies(
            session,
            "member",
            people[0].id,
            30_000,
            {
                "telegram_user_id": "1000000000 + g",
                "chat_id": "1000000000 + g",
                "full_name": "source.full_name || ' ' || g",
            },
        )
        await copies(
            session,
            "forum",
            past.id,
            3_000,
            {
                "starts_at": "source.starts_at - g * interval '1 day'",
                "checkin_token": "NULL",
            },
        )
        await session.exec(
            text(  # type: ignore[call-overload]
                "INSERT INTO rsvp (forum_id, member_id, answer, answered_at) "
                "SELECT forum.id, member.id, :answer, forum.starts_at - interval '2 days' "
                "FROM forum JOIN member ON member.telegram_user_id - 1000000000 "
                "BETWEEN (forum.id % 3000) * 10 + 1 AND (forum.id % 3000) * 10 + 10 "
                "WHERE forum.starts_at < now()"
            ).bindparams(answer=RsvpAnswer.ATTENDING.value)
        )
        receipt = (await session.exec(select(OutboxMessage).limit(1))).one()  # type: ignore[call-overload]
        await copies(
            session,
            "outboxmessage",
            receipt.id,
            60_000,
            {
                "dedupe_key": "'old:' || g",
                "status": "'sent'",
                "announcement_id": "NULL",
            },
        )
        await session.commit()
        for table in ("member", "forum", "rsvp", "forumpillar", "outboxmessage"):
            await session.exec(text(f"ANALYZE {table}"))  # type: ignore[call-overload]
        await session.commit()
        return {
            "admin": admin,
            "member": people[4],
            "forum": upcoming,
            "announcement": sent.announcement,
        }


HotPath = Callable[[AsyncSession, dict[str, Any]], Awaitable[object]]


async def press(session: AsyncSession, office: dict[str, Any]) -> object:
    member = await members.get_member(session, office["member"].telegram_user_id)
    assert member is not None
    outcome = await rsvp.record(
        session,
        forum_id=office["forum"].id,
        member=member,
        answer=RsvpAnswer.DECLINED,
        now=f.now(),
    )
    await session.rollback()
    return outcome


async def schedule(session: AsyncSession, office: dict[str, Any]) -> object:
    member = await members.get_member(session, office["member"].telegram_user_id)
    assert member is not None
    return await forums.schedule_for(session, member, now=f.now())


async def recap(session: AsyncSession, office: dict[str, Any]) -> object:
    forum = await forums.get_forum(session, office["forum"].id)
    assert forum is not None
    return await reports.recap(session, forum)


async def forum_lists(session: AsyncSession, office: dict[str, Any]) -> object:
    return await forums.upcoming(session, now=f.now()), await forums.past(session, now=f.now())


async def delivery(session: AsyncSession, office: dict[str, Any]) -> object:
    announcement_id = office["announcement"].id
    return (
        await announcements.delivery_counts(session, announcement_id),
        await announcements.progress(session, announcement_id),
    )


class Borrowed:
    """A session maker handing out the recorded session (the sender opens its own)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.kw = {"bind": session.bind}  # as `async_sessionmaker.kw`: the sender reads its engine

    def __call__(self) -> Borrowed:
        return self

    async def __aenter__(self) -> AsyncSession:
        return self._session

    async def __aexit__(self, *_: object) -> None:
        return None


async def sender_pass(session: AsyncSession, office: dict[str, Any]) -> object:
    # The query of every pass of a broadcast: due rows, chats still cooling left out.
    sender = Sender(None, Borrowed(session), rate_per_second=30)  # type: ignore[arg-type]
    return await sender._due_rows(excluding=[office["admin"].chat_id])


HOT_PATHS: tuple[HotPath, ...] = (press, schedule, recap, forum_lists, delivery, sender_pass)


async def test_the_hot_queries_can_be_served_by_an_index(
    sessions: SessionMaker, office: dict[str, Any]
):
    # One office for every path: seeding it is most of the test's time.
    found = {}
    for hot_path in HOT_PATHS:
        async with sessions() as session:
            with recording(session) as statements:
                await hot_path(session, office)
            assert statements, hot_path.__name__  # the path reached the database
            found[hot_path.__name__] = await scans_of(session, statements)
    assert found == {path.__name__: {} for path in HOT_PATHS}
