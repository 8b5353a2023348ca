"""Province: many offices broadcasting at once over several `main.py worker` processes
(issue 13 item 6), on PostgreSQL.

Each office has its own sandbox (one bot token each, Telegram's limits on: 30 sends a
second per bot), its own schema and 1,000 members with open chats; each queues one
announcement to all of them before the workers start. Measured, in the same run:

- the aggregate sends per second while every office is sending (from the last office's
  first send to the first office's last; the whole run's figure is reported beside it),
  against min(offices x 30/s, what the same sandboxes serve to a bare HTTP client: httpx in
  a process of its own sending sendMessage as fast as 64 requests in flight allow);
- 429s and messages lost or repeated;
- memory: each worker's resident set after the broadcast, summed, per hosted office;
- CPU: the workers' CPU seconds (and the whole machine's) during the broadcast, per send;
- takeover: a worker killed with SIGKILL, and the seconds until each of its offices is
  held by another worker and answers a member.

Needs PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL (a database of its own is
created next to it).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.engine import make_url
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.common import Options, Row, median, rss_mb, say
from bot import notices
from bot.db import migrate
from bot.instance import HELD_LOCKS, held_key, lock_key
from bot.offices import schemas
from bot.offices.locks import APPLICATION_PREFIX
from bot.services import announcements
from models import Member, MemberStatus, Pillar
from sandbox import BotApiSandbox

ROOT = Path(__file__).resolve().parents[2]
TELEGRAM_LIMIT = 30.0
ADMIN_ID = 1001
TEXT = "Pengumuman uji siaran provinsi: rapat koordinasi dimajukan ke pukul 08.00 WIB."
FIRST_MEMBER = 100_000
TAKEOVER_TARGET = 30.0


def database_url() -> str | None:
    raw = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not raw or not raw.startswith("postgresql+asyncpg://"):
        return None
    url = make_url(raw)
    return url.set(database=f"{url.database}_province").render_as_string(hide_password=False)


async def connect(url: str, database: str | None = None) -> Any:
    """A plain asyncpg connection to the URL's server (to `database`, else the URL's)."""
    import asyncpg  # type: ignore[import-untyped]

    parsed = make_url(url)
    return await asyncpg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        database=database or parsed.database,
    )


async def fresh_database(url: str) -> None:
    parsed = make_url(url)
    admin = await connect(url, "postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await admin.close()


def slug(index: int) -> str:
    return f"office-{index:02d}"


def make_sandbox(index: int) -> BotApiSandbox:
    return BotApiSandbox(
        token=f"{800_001 + index}:BENCH-OFFICE-{index}",
        bot_username=f"bench_office{index}_bot",
        strict_limits=True,
    )


async def seed(url: str, index: int, members: int) -> None:
    """The office's schema, its admin and members, and one announcement to them all."""
    schema = "office_" + slug(index).replace("-", "_")
    await migrate(url, schema)
    shared = schemas.shared_engine(url, pool_size=1)
    try:
        async with AsyncSession(schemas.office_engine(shared, schema)) as session:
            kpu = (await session.exec(select(Pillar).where(Pillar.code == "KPU"))).one()
            pps = (await session.exec(select(Pillar).where(Pillar.code == "PPS"))).one()
            admin = Member(
                telegram_user_id=ADMIN_ID,
                chat_id=ADMIN_ID,
                full_name="Admin KPU",
                pillar_id=kpu.id or 0,
                institution="KPU",
                position="Ketua",
                status=MemberStatus.APPROVED,
                is_admin=True,
            )
            session.add(admin)
            session.add_all(
                Member(
                    telegram_user_id=FIRST_MEMBER + n,
                    chat_id=FIRST_MEMBER + n,
                    full_name=f"Anggota {n:04d}",
                    pillar_id=pps.id or 0,
                    institution=f"PPS Kelurahan {n:04d}",
                    position="Ketua",
                    status=MemberStatus.APPROVED,
                )
                for n in range(members)
            )
            await session.flush()
            broadcast = await announcements.create(
                session, sender=admin, text=TEXT, pillar_ids=[], now=datetime.now(UTC)
            )
            await notices.announcements.copies(session, broadcast)
            await session.commit()
    finally:
        await shared.dispose()


def office_file(sandbox: BotApiSandbox, index: int) -> str:
    return (
        f"BOT_TOKEN={sandbox.token}\nBOT_API_BASE_URL={sandbox.base_url}\n"
        f"BOT_API_BASE_FILE_URL={sandbox.base_file_url}\nADMIN_IDS={ADMIN_ID}\n"
        f"OFFICE_NAME=KPU Bench {index:02d}\n"
    )


async def start_worker(url: str, folder: Path, log: Path) -> asyncio.subprocess.Process:
    handle = log.open("wb")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("WEBHOOK_", "OPS_"))},
        "DATABASE_URL": url,
        "OFFICES_DIR": str(folder),
        "LOG_LEVEL": "WARNING",
    }
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable, "main.py", "worker", cwd=ROOT, env=env, stdout=handle, stderr=handle
        )
    finally:
        handle.close()


async def holders(url: str, bot_ids: dict[int, str]) -> dict[str, int]:
    """slug -> pid of the worker holding its lock."""
    connection = await connect(url)
    try:
        rows = await connection.fetch(HELD_LOCKS)
    finally:
        await connection.close()
    keys = {lock_key(bot_id): name for bot_id, name in bot_ids.items()}
    held: dict[str, int] = {}
    for row in rows:
        key = held_key(row["high"], row["low"])
        name = str(row["application_name"] or "")
        if key in keys and name.startswith(APPLICATION_PREFIX):
            held[keys[key]] = int(name.rsplit(":", 1)[1])
    return held


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used, in seconds (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has been busy (/proc/stat: all but idle and
    iowait): the workers, PostgreSQL, the sandboxes and anything else."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


async def bare_capacity(sandboxes: list[BotApiSandbox], seconds: float, chat_id: int) -> float:
    """sendMessage per second the sandboxes serve to httpx in a process of its own."""
    urls = [f"{s.base_url}{s.token}/sendMessage" for s in sandboxes]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.figures.province",
        json.dumps({"urls": urls, "seconds": seconds, "chat_id": chat_id}),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    return float(json.loads(out)["per_second"])


async def _client(urls: list[str], seconds: float, chat_id: int) -> float:
    """The bare client: 64 requests in flight over the URLs for `seconds`."""
    done = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def lane(offset: int) -> None:
            nonlocal done
            n = offset
            while time.perf_counter() < deadline:
                answer = await client.post(
                    urls[n % len(urls)], json={"chat_id": chat_id, "text": "bare client"}
                )
                answer.raise_for_status()
                done += 1
                n += 1

        started = time.perf_counter()
        await asyncio.gather(*(lane(i) for i in range(64)))
        return done / (time.perf_counter() - started)


async def _one(
    opts: Options, url: str, offices: int, members: int, workers: int
) -> dict[str, Any]:
    await fresh_database(url)
    work = opts.work / "province"
    folder, logs = work / "offices", work / "logs"
    for path in (folder, logs):
        path.mkdir(parents=True, exist_ok=True)
        for old in path.iterdir():
            old.unlink()
    sandboxes = [make_sandbox(i) for i in range(offices)]
    for sandbox in sandboxes:
        await sandbox.start()
    processes: list[asyncio.subprocess.Process] = []
    try:
        member_ids = [FIRST_MEMBER + n for n in range(members)]
        for index, sandbox in enumerate(sandboxes):
            for user_id in [ADMIN_ID, *member_ids]:
                sandbox.open_chat(sandbox.user(user_id, f"Anggota{user_id}"))
            (folder / f"{slug(index)}.env").write_text(office_file(sandbox, index))
        say(f"  seeding {offices} offices x {members} members ...")
        for index in range(offices):
            await seed(url, index, members)

        # The baseline first, on the same sandboxes, limits off (it measures the server).
        for sandbox in sandboxes:
            sandbox.strict_limits = False
        capacity = await bare_capacity(sandboxes, 5.0 if opts.quick else 8.0, ADMIN_ID)
        for sandbox in sandboxes:
            sandbox.strict_limits = True
            sandbox.requests.clear()
        flood_before = sum(s.count_429 for s in sandboxes)
        say(f"  bare client: {capacity:.0f} sendMessage/s; starting {workers} workers")

        started = time.perf_counter()
        for number in range(workers):
            processes.append(await start_worker(url, folder, logs / f"worker-{number}.log"))
        members_set = set(member_ids)
        total = offices * members

        def sends_of(sandbox: BotApiSandbox) -> list[float]:
            return [
                r.at
                for r in sandbox.requests
                if r.method == "sendMessage"
                and r.status == 200
                and r.params.get("chat_id") in members_set
            ]

        def sends() -> list[float]:
            return sorted(at for s in sandboxes for at in sends_of(s))

        def reached() -> int:  # distinct members reached: a repeat does not count twice
            return sum(
                len(
                    {
                        r.params.get("chat_id")
                        for r in s.requests
                        if r.method == "sendMessage"
                        and r.status == 200
                        and r.params.get("chat_id") in members_set
                    }
                )
                for s in sandboxes
            )

        cpu_before = {p.pid: cpu_seconds(p.pid) for p in processes}
        machine_before = machine_busy_seconds()
        async with asyncio.timeout(60 + total / 100):
            while reached() < total:  # noqa: ASYNC110 (50 sandboxes: no one event)
                await asyncio.sleep(0.5)
        wall = time.perf_counter() - started
        worker_cpu = sum(cpu_seconds(p.pid) - cpu_before[p.pid] for p in processes)
        machine_cpu = machine_busy_seconds() - machine_before
        times = sends()
        rate = (len(times) - 1) / (times[-1] - times[0])
        # "At once": the window in which every office is sending, from the last office's
        # first send to the first office's last (the workers take their offices over a
        # few seconds, so the ends of the whole run have fewer offices sending).
        per_office = [sends_of(s) for s in sandboxes]
        window = (max(o[0] for o in per_office), min(o[-1] for o in per_office))
        inside = sum(1 for at in times if window[0] <= at <= window[1])
        steady = inside / (window[1] - window[0]) if window[1] > window[0] else float("nan")
        copies = Counter(
            (index, m.chat_id)
            for index, s in enumerate(sandboxes)
            for user_id in member_ids
            for m in s.messages(user_id)
            if m.from_bot and TEXT in (m.text or "")
        )
        bot_ids = {int(s.token.split(":")[0]): slug(i) for i, s in enumerate(sandboxes)}
        held = await holders(url, bot_ids)
        rss = {p.pid: rss_mb(p.pid) for p in processes}
        per_worker = Counter(held.values())

        # Takeover: the worker with the most offices dies.
        victim = max(processes, key=lambda p: per_worker.get(p.pid, 0))
        moved = [name for name, pid in held.items() if pid == victim.pid]
        victim.send_signal(signal.SIGKILL)
        killed = time.perf_counter()
        await victim.wait()
        async with asyncio.timeout(120):
            while True:
                now_held = await holders(url, bot_ids)
                if all(now_held.get(name, victim.pid) != victim.pid for name in moved):
                    break
                await asyncio.sleep(0.1)
        locked = time.perf_counter() - killed
        # ...and the moved offices answer their members again.
        index_of = {slug(i): i for i in range(offices)}
        answers = []
        for name in moved:
            user = sandboxes[index_of[name]].user(ADMIN_ID + 1, "Warga")
            sandboxes[index_of[name]].open_chat(user)
            answers.append(user.send("/bantuan"))
        await asyncio.gather(*answers)
        for name in moved:
            await sandboxes[index_of[name]].user(ADMIN_ID + 1, "Warga").next_message(timeout=60)
        answered = time.perf_counter() - killed
        errors = [
            line
            for p in range(workers)
            for line in (logs / f"worker-{p}.log").read_text(errors="replace").splitlines()
            if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")
        ]
        return {
            "offices": offices,
            "members_per_office": members,
            "workers": workers,
            "sends_per_second": steady,
            "sends_per_second_whole_run": rate,
            "all_sending_seconds": window[1] - window[0],
            "bare_client_per_second": capacity,
            "count_429": sum(s.count_429 for s in sandboxes) - flood_before,
            "lost": sum(1 for i in range(offices) for u in member_ids if copies[(i, u)] == 0),
            "repeated": sum(1 for n in copies.values() if n > 1),
            "wall_seconds": wall,
            "worker_cpu_ms_per_send": 1000 * worker_cpu / len(times),
            "machine_cpu_ms_per_send": 1000 * machine_cpu / len(times),
            "worker_rss_mb": sorted(rss.values()),
            "mb_per_office": sum(rss.values()) / offices,
            "offices_per_worker": sorted(per_worker.values()),
            "takeover_offices": len(moved),
            "takeover_locked_seconds": locked,
            "takeover_answered_seconds": answered,
            "errors_logged": errors[:5],
        }
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                async with asyncio.timeout(60):
                    await process.wait()
            except TimeoutError:
                process.kill()
        for sandbox in sandboxes:
            await sandbox.stop()


async def measure(opts: Options) -> list[Row]:
    url = database_url()
    if url is None:
        say("  skipped: needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL)")
        return [Row("province: aggregate sends/s", None, "/s", target="needs PostgreSQL")]
    offices, members, workers = (12, 300, 2) if opts.quick else (50, 1_000, 4)
    runs = [
        await _one(opts, url, offices, members, workers) for _ in range(1 if opts.quick else 2)
    ]
    for result in runs:
        say(
            f"  {result['sends_per_second']:.0f} sends/s with all sending "
            f"({result['sends_per_second_whole_run']:.0f}/s whole run; bare client "
            f"{result['bare_client_per_second']:.0f}/s), {result['count_429']} x 429, lost "
            f"{result['lost']}, repeated {result['repeated']}, "
            f"{result['mb_per_office']:.1f} MB/office, "
            f"{result['worker_cpu_ms_per_send']:.2f} ms of worker CPU per send "
            f"({result['machine_cpu_ms_per_send']:.2f} ms machine), takeover "
            f"{result['takeover_answered_seconds']:.1f} s"
        )
    rate = median([r["sends_per_second"] for r in runs])
    capacity = median([r["bare_client_per_second"] for r in runs])
    ceiling = min(offices * TELEGRAM_LIMIT, capacity)
    takeover = median([r["takeover_answered_seconds"] for r in runs])
    memory = median([r["mb_per_office"] for r in runs])
    clean = all(r["count_429"] == 0 and r["lost"] == 0 and not r["errors_logged"] for r in runs)
    detail = {"runs": runs}
    return [
        Row(
            f"province: {offices} offices x {members} over {workers} workers",
            rate,
            "/s",
            baseline=ceiling,
            ratio=rate / ceiling,
            ratio_of=f"sends/s, all sending ÷ min({offices} x 30/s, bare client {capacity:.0f}/s)",
            target=">= 0.9, no 429, none lost",
            met=rate / ceiling >= 0.9 and clean,
            runs=[r["sends_per_second"] for r in runs],
            detail=detail,
        ),
        Row(
            "province: CPU per send (workers; whole machine)",
            median([r["worker_cpu_ms_per_send"] for r in runs]),
            "ms",
            target="reported: cores for N offices at 29/s = N x 29 x this ÷ 1000",
            runs=[r["worker_cpu_ms_per_send"] for r in runs],
            detail={"machine_ms": [r["machine_cpu_ms_per_send"] for r in runs]},
        ),
        Row(
            "province: memory per hosted office",
            memory,
            "MB",
            target="reported (workers' RSS summed ÷ offices)",
            runs=[r["mb_per_office"] for r in runs],
        ),
        Row(
            "province: takeover after SIGKILL",
            takeover,
            "s",
            baseline=TAKEOVER_TARGET,
            ratio=takeover / TAKEOVER_TARGET,
            ratio_of="seconds until every moved office answers ÷ 30 s",
            target="<= 30 s",
            met=takeover <= TAKEOVER_TARGET,
            runs=[r["takeover_answered_seconds"] for r in runs],
        ),
    ]


if __name__ == "__main__":  # the bare client, in a process of its own
    arguments = json.loads(sys.argv[1])
    per_second = asyncio.run(
        _client(arguments["urls"], arguments["seconds"], arguments["chat_id"])
    )
    sys.stdout.write(json.dumps({"per_second": per_second}) + "\n")
