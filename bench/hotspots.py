"""`python -m bench.hotspots`: cProfile of the RSVP press path at 10,000 members.

Runs the throughput figure's workload once (one press in flight, then every planned member
at once) with the profiler on, and prints the functions with the most own time and the most
cumulative time. The sandbox runs in the same process and shows up too; its functions are
under `sandbox/`. `--output PATH` keeps the raw stats for `snakeviz`/`pstats`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import tempfile
from pathlib import Path

from bench import presses
from bench.common import bot_settings, options, quiet_logs, real_bot, sandbox_server, say
from bench.figures.throughput import TZ, WARM_UP, dataset_for


async def profile(work: Path, members: int, profiler: cProfile.Profile) -> presses.PressStats:
    opts = options(quick=False, work=work)
    dataset = await dataset_for(members, opts)
    planned = await presses.plan(dataset, users=opts.press_users, tz=TZ)
    run = dataset.copy_to(work / "run.db")
    async with sandbox_server() as sandbox, real_bot(bot_settings(sandbox, run.url)):
        pressers = presses.install(sandbox, planned)
        await presses.serial(sandbox, pressers, WARM_UP)
        profiler.enable()
        await presses.serial(sandbox, pressers, opts.serial_presses)
        loaded = await presses.concurrent(sandbox, pressers, opts.presses_per_user)
        profiler.disable()
    return loaded


def main() -> int:
    root = argparse.ArgumentParser(prog="python -m bench.hotspots", description=__doc__)
    root.add_argument("--members", type=int, default=10_000)
    root.add_argument("--top", type=int, default=30)
    root.add_argument("--output", type=Path, help="also write the raw pstats here")
    args = root.parse_args()
    quiet_logs()
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="sinergi-hotspots-") as work:
        loaded = asyncio.run(profile(Path(work), args.members, profiler))
    say(f"{loaded.presses} presses at once: {loaded.rate:.1f}/s (slowed by the profiler)")
    if args.output:
        profiler.dump_stats(args.output)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
        say(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
