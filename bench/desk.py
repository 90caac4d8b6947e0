"""The staff desk over a large history, cold and warm: /overdue, /stats, /open, /ticket and
a tracking turn over a seeded database (1,000,000 tickets by default), each beside its
target.

Cold is a command's first call in a new process once the bot has started, with the
database's pages dropped from the system's file cache (what the first staff member meets
after the machine restarts); warm is the median of the next WARM calls. Each command runs in
a process of its own, so no command warms another. `--profile` prints
where each cold call's time went (cProfile, the top entries by cumulative time).

    python bench/desk.py [--tickets 1000000] [--days 1095] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import pstats
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import seed
from bench.load import Channel
from bench.reports import SUPERVISOR, Kept
from bot.app import open_app
from bot.desk import commands
from bot.desk.desk import StaffInput
from bot.desk.roles import Roles
from conversations.messages import Incoming

COMMANDS = ("/overdue", "/stats", "/open", "/ticket {ref}", "a tracking turn")
TARGETS = (200.0, 50.0)
"""Cold and warm, in ms (issue 25)."""
WARM = 5
_LATEST = "SELECT ref, user_key FROM tickets WHERE user_key IS NOT NULL ORDER BY id DESC LIMIT 1"


async def one(db: Path, command: str, profile: bool) -> dict[str, float]:
    """Cold and warm milliseconds of `command` on `db`, in this fresh process."""
    with sqlite3.connect(db) as connection:  # chosen before the bot starts: nothing warmed
        ref, user_key = connection.execute(_LATEST).fetchone()
    app_name, _sep, address = str(user_key).partition(":")
    channel = Channel()
    roles = Roles.parse("", SUPERVISOR)
    async with open_app(
        "mishkat", db, {app_name: channel}, roles=roles, desk_channel=Kept()
    ) as app:
        outbox = asyncio.create_task(app.outbox.run())
        turns = iter(range(1_000_000))

        async def track() -> None:
            replied = asyncio.get_running_loop().create_future()
            channel.waiting[address] = replied
            await app.engine.handle(
                Incoming(app_name, address, f"bench-{next(turns)}", "متابعة طلب")
            )
            await replied

        async def staff() -> None:
            await commands.run(app.desk, StaffInput(SUPERVISOR, command.format(ref=ref)))
            await app.outbox.deliver_due()

        run: Callable[[], Awaitable[None]] = track if command == COMMANDS[-1] else staff
        profiler = cProfile.Profile()
        started = time.perf_counter()
        with profiler if profile else contextlib.nullcontext():
            await run()
        cold = time.perf_counter() - started
        warm = []
        for _ in range(WARM):
            started = time.perf_counter()
            await run()
            warm.append(time.perf_counter() - started)
        outbox.cancel()
    if profile:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(15)
    return {"cold": cold * 1000, "warm": statistics.median(warm) * 1000}


def _forget(db: Path) -> None:
    """Drop the database's pages from the system's file cache: each cold call reads from the
    disk, as the first after the machine restarts would."""
    for path in (db, db.with_name(f"{db.name}-wal")):
        if path.exists():
            with path.open("rb") as file:
                os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--profile", action="store_true", help="cProfile each cold call")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(one(args.db, args.one, args.profile))))
        return
    cold_target, warm_target = TARGETS
    with tempfile.TemporaryDirectory() as tmp:
        db = seed.copy(args.tickets, Path(tmp), args.days)
        print(f"the desk over {args.tickets:,} tickets ({args.days} days), a process per command")
        print(f"{'':20} {'cold':>9} {'target':>8} {'warm':>9} {'target':>8}")
        for command in COMMANDS:
            _forget(db)
            extra = ["--profile"] if args.profile else []
            ran = subprocess.run(
                [sys.executable, __file__, "--one", command, "--db", str(db), *extra],
                stdout=subprocess.PIPE,
                text=True,
                check=True,
            )
            took = json.loads(ran.stdout.splitlines()[-1])
            print(
                f"{command.format(ref='REF'):20} {took['cold']:6.1f} ms {cold_target:5.0f} ms"
                f" {took['warm']:6.1f} ms {warm_target:5.0f} ms"
            )


if __name__ == "__main__":
    main()
