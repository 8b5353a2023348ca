"""A generated Sinergi database: members of every pillar, forums, RSVPs and check-ins.

Rows are written with SQLAlchemy core inserts (executemany, in batches) on a migrated
SQLite file (or a PostgreSQL database, `generate(url=...)`), so 10,000 members with 200
forums take a few seconds, and the largest office (60,000 members, 10,000 past forums with
half a million answers) well under a minute. Names, institutions and
positions look like those of a Kota Mojokerto election office; everything is derived from a
seed, so two runs of the benchmark measure the same data.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from bot.db import migrate
from models.member import fold

ADMIN_ID = 1001
#: Telegram user ids (and private chat ids) of the generated members start here.
FIRST_MEMBER_ID = 100_000
#: Rows per executemany: half a million answers are never all in memory at once.
BATCH = 20_000
#: The pillars a forum with an exact number of invitees invites (`first_forum_invitees`).
FIRST_FORUM_PILLARS = ("KPU", "KEJAKSAAN", "POLRI", "TNI", "BAWASLU")
WIB = ZoneInfo("Asia/Jakarta")

FIRST_NAMES = (
    "Agus", "Ahmad", "Andi", "Arif", "Bambang", "Budi", "Dedi", "Dewi", "Dian", "Eko",
    "Endang", "Fajar", "Fitri", "Gunawan", "Hadi", "Hendra", "Ika", "Indah", "Joko", "Kartika",
    "Lestari", "Lukman", "Made", "Muhammad", "Nur", "Nurul", "Putri", "Rahmat", "Ratna",
    "Rina", "Rizki", "Sari", "Setiawan", "Siti", "Slamet", "Sri", "Suharto", "Sutrisno",
    "Teguh", "Tri", "Umi", "Wahyu", "Wati", "Yanti", "Yudi", "Yusuf", "Zainal", "Aditya",
    "Bayu", "Citra", "Dimas", "Erna", "Galih", "Heru", "Imam", "Kurniawan", "Lina", "Mochamad",
)  # fmt: skip
LAST_NAMES = (
    "Santoso", "Wibowo", "Hidayat", "Nugroho", "Saputra", "Rahmawati", "Kusuma", "Purnomo",
    "Setiawan", "Wijaya", "Susanto", "Pratama", "Hartono", "Suryadi", "Siregar", "Simanjuntak",
    "Nasution", "Lubis", "Hakim", "Fauzi", "Prasetyo", "Handayani", "Wulandari", "Maulana",
    "Firmansyah", "Ramadhan", "Syahputra", "Utomo", "Effendi", "Anggraini", "Kurniasih",
    "Haryanto", "Sulistyo", "Rohman", "Mahmud", "Iskandar", "Sihombing", "Tanjung",
)  # fmt: skip
DEGREES = ("", "", "", "", ", S.H.", ", S.Sos.", ", S.E.", ", M.Si.", ", S.Pd.", ", S.IP.")
KECAMATAN = ("Prajurit Kulon", "Magersari", "Kranggan")
KELURAHAN = (
    "Blooto",
    "Kauman",
    "Mentikan",
    "Miji",
    "Prajurit Kulon",
    "Pulorejo",
    "Surodinawan",
    "Kranggan",
    "Balongsari",
    "Gedongan",
    "Gunung Gedangan",
    "Jagalan",
    "Kedundung",
    "Magersari",
    "Meri",
    "Sentanan",
    "Wates",
    "Purwotengah",
)

# (relative share of members, institutions, positions) per pillar code.
PILLARS: dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]] = {
    "KPU": (3, ("KPU Kota Mojokerto", "Sekretariat KPU Kota Mojokerto"),
            ("Ketua", "Anggota", "Sekretaris", "Kasubbag Teknis", "Staf")),
    "KEJAKSAAN": (2, ("Kejaksaan Negeri Kota Mojokerto",),
                  ("Kepala Kejaksaan Negeri", "Kasi Intelijen", "Jaksa Fungsional")),
    "POLRI": (8, ("Polres Mojokerto Kota", *(f"Polsek {k}" for k in KECAMATAN)),
              ("Kapolres", "Kasat Intelkam", "Kapolsek", "Kanit Binmas", "Bhabinkamtibmas")),
    "TNI": (6, ("Kodim 0815/Mojokerto", *(f"Koramil {k}" for k in KECAMATAN)),
            ("Dandim", "Pasi Intel", "Danramil", "Babinsa")),
    "BAWASLU": (3, ("Bawaslu Kota Mojokerto",),
                ("Ketua", "Anggota", "Koordinator Divisi Pencegahan", "Staf")),
    "PEMDA": (10, ("Pemerintah Kota Mojokerto", "Bakesbangpol Kota Mojokerto",
                   *(f"Kecamatan {k}" for k in KECAMATAN),
                   *(f"Kelurahan {k}" for k in KELURAHAN)),
              ("Camat", "Lurah", "Sekretaris Kelurahan", "Kepala Badan", "Kasi Pemerintahan")),
    "FORKOPIMDA": (1, ("Forkopimda Kota Mojokerto",), ("Anggota", "Sekretaris")),
    "PPK": (10, tuple(f"PPK {k}" for k in KECAMATAN),
            ("Ketua", "Anggota", "Sekretaris PPK")),
    "PPS": (30, tuple(f"PPS Kelurahan {k}" for k in KELURAHAN),
            ("Ketua", "Anggota", "Sekretaris PPS")),
    "PANWASCAM": (10, tuple(f"Panwaslu Kecamatan {k}" for k in KECAMATAN),
                  ("Ketua", "Anggota", "Staf")),
    "PKD": (17, tuple(f"PKD Kelurahan {k}" for k in KELURAHAN), ("Pengawas", "Staf")),
}  # fmt: skip
CORE = ("KEJAKSAAN", "POLRI", "TNI", "BAWASLU")

FORUM_TITLES = (
    "Diskusi dan Konsolidasi Empat Pilar",
    "Rapat Koordinasi Persiapan Pemungutan Suara",
    "Sosialisasi Tahapan Pemilihan Wali Kota",
    "Bimbingan Teknis PPK dan PPS",
    "Rapat Koordinasi Pengamanan TPS",
    "Apel Siaga Pengawasan Masa Tenang",
    "Rapat Pleno Rekapitulasi Daftar Pemilih",
    "Sosialisasi Netralitas ASN, TNI dan Polri",
    "Evaluasi Distribusi Logistik Pemilihan",
)
VENUES = (
    "Aula KPU Kota Mojokerto, Jl. Kyai H. Hasyim Asy'ari No. 12",
    "Pendopo Sabha Mandala Madya, Kota Mojokerto",
    "Hotel Raden Wijaya, Jl. Hayam Wuruk No. 9",
    "Ruang Rapat Polres Mojokerto Kota",
    "Aula Kecamatan Magersari",
)
AGENDA = (
    "1. Pembukaan\n2. Paparan tahapan oleh KPU\n3. Masukan dari Bawaslu, Polri dan TNI\n"
    "4. Diskusi dan tanya jawab\n5. Penutup"
)


@dataclass
class Dataset:
    """What was generated, for planning button presses and checking results.

    `members` maps a member's row id to (telegram user id, pillar id, name, language);
    `forum_pillars` a forum id to its invited pillar ids (upcoming forums only);
    `past_forums` the ids of forums that took place (`generate(past_forums=...)`);
    `answers` (forum id, member id) to the stored RSVP answer (upcoming forums only: the past
    forums' half a million answers are written, not kept). `database_url` is set when the
    data is in PostgreSQL rather than the file at `path`.
    """

    path: Path
    admin_member_id: int
    pillar_ids: dict[str, int]
    members: dict[int, tuple[int, int, str, str]] = field(default_factory=dict)
    forum_pillars: dict[int, list[int]] = field(default_factory=dict)
    answers: dict[tuple[int, int], str] = field(default_factory=dict)
    past_forums: list[int] = field(default_factory=list)
    past_answers: int = 0
    database_url: str | None = None

    @property
    def url(self) -> str:
        return self.database_url or sqlite_url(self.path)

    def copy_to(self, target: Path) -> Dataset:
        """The same data in another file (each run writes into its own copy)."""
        if self.database_url is not None:
            raise ValueError("a PostgreSQL dataset cannot be copied like a file")
        shutil.copyfile(self.path, target)
        return Dataset(
            target,
            self.admin_member_id,
            self.pillar_ids,
            self.members,
            self.forum_pillars,
            self.answers,
            self.past_forums,
            self.past_answers,
        )

    def forums_inviting(self, pillar_id: int) -> list[int]:
        return [f for f, pillars in self.forum_pillars.items() if pillar_id in pillars]


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def person_name(rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES)
    if rng.random() < 0.3:
        first = f"{first} {rng.choice(FIRST_NAMES)}"
    return f"{first} {rng.choice(LAST_NAMES)}{rng.choice(DEGREES)}"


async def generate(
    path: Path,
    *,
    members: int,
    forums: int,
    answered_share: float = 0.1,
    all_pillars_first: bool = False,
    checked_in_share: float = 0.0,
    seed: int = 20241014,
    past_forums: int = 0,
    answers_per_past_forum: int = 0,
    first_forum_invitees: int | None = None,
    first_forum_starts_in: timedelta | None = None,
    url: str | None = None,
) -> Dataset:
    """Create and fill a database file at `path` (replaced if present), or the PostgreSQL
    database at `url` (every table in its current schema dropped first).

    Args:
        members: approved members (plus the admin), spread over the pillars by `PILLARS`.
        forums: published forums starting 3 to 120 days from now, each inviting some pillars.
        answered_share: at most this share of a forum's invitees has answered (0..1).
        all_pillars_first: the first forum invites every pillar (for the reports figure).
        checked_in_share: share of the confirmed invitees of the first forum checked in.
        past_forums: published forums that took place 31 days to 3 years ago (outside
            /rekap's 30 days), each inviting some pillars.
        answers_per_past_forum: the mean number of answers of a past forum (0 to twice it,
            at most its invitees).
        first_forum_invitees: the first forum invites `FIRST_FORUM_PILLARS`, and exactly
            this many approved members (the admin among them) are in those pillars; the
            other members are in the other pillars.
        first_forum_starts_in: the first forum starts this long from now (negative: it took
            place), instead of 3 to 120 days from now.
        url: a `postgresql+asyncpg://` URL to fill instead of the file.
    """
    if url is None:
        _remove(path)
    else:
        await _empty_postgres(url)
    await migrate(url or sqlite_url(path))
    rng = random.Random(seed)
    now = datetime.now(UTC)
    dataset = Dataset(path, 0, {}, database_url=url)

    def fill(conn: sa.Connection) -> None:
        pillars = _table("pillar")
        dataset.pillar_ids.update(
            {code: pid for pid, code in conn.execute(sa.select(pillars.c.id, pillars.c.code))}
        )
        admin = conn.execute(
            sa.insert(_table("member")).values(
                telegram_user_id=ADMIN_ID,
                chat_id=ADMIN_ID,
                full_name="Ratna Kusuma Wardani, S.H.",
                search_text=fold("Ratna Kusuma Wardani, S.H. KPU Kota Mojokerto"),
                pillar_id=dataset.pillar_ids["KPU"],
                institution="KPU Kota Mojokerto",
                position="Ketua",
                language="id",
                status="approved",
                is_admin=True,
                is_reachable=True,
                created_at=now - timedelta(days=400),
            )
        )
        key = admin.inserted_primary_key
        assert key is not None
        dataset.admin_member_id = int(key[0])
        # The admin is in the KPU, one of the first forum's pillars.
        first_count = None if first_forum_invitees is None else first_forum_invitees - 1
        _insert_members(conn, dataset, rng, members, now, first_count)
        exact = first_forum_invitees is not None
        _insert_forums(
            conn, dataset, rng, forums, now, all_pillars_first, exact, first_forum_starts_in
        )
        _insert_answers(conn, dataset, rng, answered_share, checked_in_share, now)
        if first_forum_starts_in is not None and first_forum_starts_in < timedelta(0):
            # It took place: its satisfaction survey went at its end, not at the next start.
            conn.execute(
                sa.insert(_table("survey_run")).values(
                    forum_id=min(dataset.forum_pillars), ran_at=now + first_forum_starts_in
                )
            )
        if past_forums:
            _insert_past(conn, dataset, rng, past_forums, answers_per_past_forum, now)

    if url is None:
        engine = sa.create_engine(f"sqlite:///{path}")
        try:
            with engine.begin() as conn:
                fill(conn)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
    else:
        async_engine = create_async_engine(url)
        try:
            async with async_engine.begin() as async_conn:
                await async_conn.run_sync(fill)
            # The planner's statistics, as in use. Committed: an ANALYZE rolled back with its
            # transaction (as `connect()` left it) keeps the row counts but no column
            # statistics, and autovacuum does not analyze again (nothing changed since), so
            # every plan was made on default selectivities (the recap: 164 ms, not ~70).
            async with async_engine.begin() as async_conn:
                await async_conn.exec_driver_sql("ANALYZE")
        finally:
            await async_engine.dispose()
    return dataset


async def _empty_postgres(url: str) -> None:
    """Drop every table of the current schema (the benchmark's own database)."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            names = (
                await conn.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            ).all()
            for (name,) in names:
                await conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    finally:
        await engine.dispose()


def _batches(rows: Iterator[dict[str, object]]) -> Iterator[list[dict[str, object]]]:
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert_all(conn: sa.Connection, table: str, rows: Iterator[dict[str, object]]) -> int:
    """Insert `rows` in batches of `BATCH`; returns how many."""
    count = 0
    for batch in _batches(rows):
        conn.execute(sa.insert(_table(table)), batch)
        count += len(batch)
    return count


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)


def _insert_members(
    conn: sa.Connection,
    dataset: Dataset,
    rng: random.Random,
    count: int,
    now: datetime,
    first_count: int | None = None,
) -> None:
    """`count` approved members; with `first_count`, the first `first_count` of them in
    `FIRST_FORUM_PILLARS` and the rest in the other pillars (each by `PILLARS`' weights)."""
    codes = list(PILLARS)
    groups: list[tuple[int, list[str]]] = [(count, codes)]
    if first_count is not None:
        inner = [c for c in codes if c in FIRST_FORUM_PILLARS]
        outer = [c for c in codes if c not in inner]
        groups = [(first_count, inner), (count - first_count, outer)]

    def rows() -> Iterator[dict[str, object]]:
        index = 0
        for size, chosen in groups:
            weights = [PILLARS[c][0] for c in chosen]
            for _ in range(size):
                code = rng.choices(chosen, weights)[0]
                _, institutions, positions = PILLARS[code]
                user_id = FIRST_MEMBER_ID + index
                index += 1
                name, institution = person_name(rng), rng.choice(institutions)
                yield {
                    "telegram_user_id": user_id,
                    "chat_id": user_id,
                    "full_name": name,
                    # Core inserts pass by the Member mapper's events: the search text is ours.
                    "search_text": fold(f"{name} {institution}"),
                    "pillar_id": dataset.pillar_ids[code],
                    "institution": institution,
                    "position": rng.choice(positions),
                    "language": "en" if rng.random() < 0.05 else "id",
                    "status": "approved",
                    "is_admin": False,
                    "is_reachable": True,
                    "created_at": now - timedelta(days=rng.randint(1, 365)),
                    "decided_at": now - timedelta(days=rng.randint(0, 1)),
                    "decided_by": ADMIN_ID,
                }

    _insert_all(conn, "member", rows())
    table = _table("member")
    for member_id, user_id, pillar_id, name, lang in conn.execute(
        sa.select(table.c.id, table.c.telegram_user_id, table.c.pillar_id, table.c.full_name,
                  table.c.language).where(table.c.telegram_user_id >= FIRST_MEMBER_ID)
    ):  # fmt: skip
        dataset.members[member_id] = (user_id, pillar_id, name, lang)


def _insert_forums(
    conn: sa.Connection,
    dataset: Dataset,
    rng: random.Random,
    count: int,
    now: datetime,
    all_pillars_first: bool,
    exact_first: bool = False,
    first_starts_in: timedelta | None = None,
) -> None:
    all_ids = sorted(dataset.pillar_ids.values())
    core = [dataset.pillar_ids[c] for c in CORE]
    rows = []
    invited: list[list[int]] = []
    for index in range(count):
        day = (now + timedelta(days=rng.randint(3, 120))).astimezone(WIB).date()
        hour = rng.choice((8, 9, 13, 19))
        starts = datetime(day.year, day.month, day.day, hour, tzinfo=WIB).astimezone(UTC)
        if index == 0 and first_starts_in is not None:
            starts = (now + first_starts_in).replace(second=0, microsecond=0)
        kind = rng.random()
        if index == 0 and exact_first:
            pillars = sorted(dataset.pillar_ids[c] for c in FIRST_FORUM_PILLARS)
        elif (index == 0 and all_pillars_first) or kind < 0.25:
            pillars = all_ids
        elif kind < 0.6:
            pillars = sorted({*core, dataset.pillar_ids["KPU"]})
        else:
            pillars = sorted(rng.sample(all_ids, rng.randint(3, 6)))
        invited.append(pillars)
        rows.append(
            {
                "title": f"{rng.choice(FORUM_TITLES)} {index + 1}",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=3),
                "venue": rng.choice(VENUES),
                "agenda": AGENDA,
                "rsvp_deadline": starts - timedelta(days=1) if rng.random() < 0.5 else None,
                "status": "published",
                "created_by": dataset.admin_member_id,
                "created_at": now - timedelta(days=2),
                "published_at": now - timedelta(days=1),
                "capacity": None,
            }
        )
    table = _table("forum")
    conn.execute(sa.insert(table), rows)
    ids = [fid for (fid,) in conn.execute(sa.select(table.c.id).order_by(table.c.id))]
    links: list[dict[str, int]] = []
    for forum_id, pillars in zip(ids, invited, strict=True):
        dataset.forum_pillars[forum_id] = pillars
        links.extend({"forum_id": forum_id, "pillar_id": p} for p in pillars)
    conn.execute(sa.insert(_table("forumpillar")), links)


def _insert_past(
    conn: sa.Connection,
    dataset: Dataset,
    rng: random.Random,
    count: int,
    mean_answers: int,
    now: datetime,
) -> None:
    """`count` forums that took place 31 days to 3 years ago, invited as `_insert_forums`
    invites, each with 0 to twice `mean_answers` answers given a day or two before it."""
    all_ids = sorted(dataset.pillar_ids.values())
    core = sorted({*(dataset.pillar_ids[c] for c in CORE), dataset.pillar_ids["KPU"]})
    table = _table("forum")
    last = conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
    starts: list[datetime] = []
    invited: list[list[int]] = []
    rows = []
    for index in range(count):
        day = (now - timedelta(days=rng.randint(31, 3 * 365))).astimezone(WIB).date()
        at = datetime(day.year, day.month, day.day, rng.choice((8, 9, 13, 19)), tzinfo=WIB)
        kind = rng.random()
        if kind < 0.25:
            pillars = all_ids
        elif kind < 0.6:
            pillars = core
        else:
            pillars = sorted(rng.sample(all_ids, rng.randint(3, 6)))
        starts.append(at.astimezone(UTC))
        invited.append(pillars)
        rows.append(
            {
                "title": f"{rng.choice(FORUM_TITLES)} {index + 1}",
                "starts_at": starts[-1],
                "ends_at": starts[-1] + timedelta(hours=3),
                "venue": rng.choice(VENUES),
                "agenda": AGENDA,
                "rsvp_deadline": None,
                "status": "published",
                "created_by": dataset.admin_member_id,
                "created_at": starts[-1] - timedelta(days=10),
                "published_at": starts[-1] - timedelta(days=9),
                "capacity": None,
            }
        )
    _insert_all(conn, "forum", iter(rows))
    ids = [
        fid
        for (fid,) in conn.execute(
            sa.select(table.c.id).where(table.c.id > last).order_by(table.c.id)
        )
    ]
    dataset.past_forums = ids
    _insert_all(
        conn,
        "forumpillar",
        (
            {"forum_id": fid, "pillar_id": p}
            for fid, pillars in zip(ids, invited, strict=True)
            for p in pillars
        ),
    )
    by_pillar: dict[int, list[int]] = {}
    for member_id, (_, pillar_id, _, _) in dataset.members.items():
        by_pillar.setdefault(pillar_id, []).append(member_id)
    # Many forums invite the same pillars: their invitee lists are built once.
    invitees: dict[tuple[int, ...], list[int]] = {}
    answers = ("attending", "attending", "attending", "delegated", "declined")

    def answer_rows() -> Iterator[dict[str, object]]:
        for forum_id, pillars, at in zip(ids, invited, starts, strict=True):
            key = tuple(pillars)
            if key not in invitees:
                invitees[key] = [m for p in pillars for m in by_pillar.get(p, [])]
            population = invitees[key]
            chosen = rng.sample(population, min(len(population), rng.randint(0, 2 * mean_answers)))
            for member_id in chosen:
                answer = rng.choice(answers)
                delegated = answer == "delegated"
                yield {
                    "forum_id": forum_id,
                    "member_id": member_id,
                    "answer": answer,
                    "delegate_name": person_name(rng) if delegated else None,
                    "delegate_position": "Wakil Ketua" if delegated else None,
                    "answered_at": at - timedelta(hours=rng.randint(1, 48)),
                    "waitlisted_at": None,
                }

    dataset.past_answers = _insert_all(conn, "rsvp", answer_rows())


def _insert_answers(
    conn: sa.Connection,
    dataset: Dataset,
    rng: random.Random,
    share: float,
    checked_in_share: float,
    now: datetime,
) -> None:
    by_pillar: dict[int, list[int]] = {}
    for member_id, (_, pillar_id, _, _) in dataset.members.items():
        by_pillar.setdefault(pillar_id, []).append(member_id)
    answers = ("attending", "attending", "attending", "delegated", "declined")
    rows = []
    for forum_id, pillars in dataset.forum_pillars.items():
        invitees = [m for p in pillars for m in by_pillar.get(p, [])]
        forum_share = share if forum_id == min(dataset.forum_pillars) else rng.random() * share
        for member_id in rng.sample(invitees, int(len(invitees) * forum_share)):
            answer = rng.choice(answers)
            delegated = answer == "delegated"
            rows.append(
                {
                    "forum_id": forum_id,
                    "member_id": member_id,
                    "answer": answer,
                    "delegate_name": person_name(rng) if delegated else None,
                    "delegate_position": "Wakil Ketua" if delegated else None,
                    "answered_at": now - timedelta(hours=rng.randint(1, 48)),
                    "waitlisted_at": None,
                }
            )
            dataset.answers[(forum_id, member_id)] = answer
    if rows:
        conn.execute(sa.insert(_table("rsvp")), rows)
    if checked_in_share > 0 and dataset.forum_pillars:
        first = min(dataset.forum_pillars)
        confirmed = [m for (f, m), a in dataset.answers.items() if f == first and a != "declined"]
        checkins = [
            {
                "forum_id": first,
                "member_id": member_id,
                "checked_in_at": now,
                "method": "qr" if rng.random() < 0.8 else "manual",
                "delegate_name": None,
                "marked_by": None,
            }
            for member_id in rng.sample(confirmed, int(len(confirmed) * checked_in_share))
        ]
        if checkins:
            conn.execute(sa.insert(_table("attendance")), checkins)
