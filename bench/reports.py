"""Supervisors' commands over a large history: times of /stats, /overdue, /find, /report and
/export 30 on a seeded database (1,000,000 tickets by default), beside a bare
`SELECT count(*)` over the tickets in the same run; a tracking turn and a jobs sweep; and
people's turn p99 while sweeps run back to back, beside the same load without them.

    python bench/reports.py [--tickets 1000000] [--db /tmp/reports.sqlite3]
    python bench/reports.py --example docs/report-example.png   # a chart from a small history
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load import Channel, Run, quantiles
from bench.seed import seed
from bot import jobs
from bot.app import App, open_app
from bot.clock import RIYADH
from bot.desk import commands
from bot.desk.desk import StaffInput
from bot.desk.posts import DeskPost
from bot.desk.roles import Roles
from conversations.messages import Incoming

SUPERVISOR = "7002"


class Kept:
    """The staff side: keeps the last answer (with its files)."""

    def __init__(self) -> None:
        self.last: DeskPost | None = None

    async def post(self, to: str, post: DeskPost) -> None:
        self.last = post


async def _timed(label: str, run: Callable[[], Awaitable[object]], times: int = 1) -> None:
    """Print how long `run` took, each of `times` times (the first may read from disk)."""
    took = []
    for _ in range(times):
        started = time.perf_counter()
        await run()
        took.append(f"{(time.perf_counter() - started) * 1000:9.1f} ms")
    print(f"{label:38} {' '.join(took)}")


async def measure(db: Path) -> None:
    """Time each command once the database is warm."""
    kept = Kept()
    roles = Roles.parse("", SUPERVISOR)
    channel = Channel()
    async with open_app("mishkat", db, {"bench": channel}, roles=roles, desk_channel=kept) as app:
        outbox = asyncio.create_task(app.outbox.run())

        def command(text: str) -> Callable[[], Awaitable[object]]:
            async def run() -> None:
                await commands.run(app.desk, StaffInput(SUPERVISOR, text))
                await app.outbox.deliver_due()

            return run

        async def count() -> object:
            return await app.database.fetch_one("SELECT count(*) FROM tickets")

        await count()
        await _timed("SELECT count(*) FROM tickets", count)
        await _timed("/stats", command("/stats"), times=2)
        await _timed("/overdue", command("/overdue"), times=2)
        await _timed("/find 0500123456", command("/find 0500123456"), times=2)
        await _timed("/report (week)", command("/report"))
        await _timed("/report month", command("/report month"))
        await _timed("/export 30", command("/export 30"))
        latest = "SELECT user_key FROM tickets WHERE user_key IS NOT NULL ORDER BY id DESC LIMIT 1"
        row = await app.database.fetch_one(latest)
        app_name, _sep, address = str(row[0] if row else "bench:someone").partition(":")

        async def track() -> None:
            said = Incoming(app_name, address, f"track-{time.time()}", "متابعة طلب")
            await app.engine.handle(said)

        await track()
        await _timed("a tracking turn («متابعة طلب»)", track, times=2)
        await _timed("a jobs sweep (retention with a backlog)", lambda: jobs.run_due(app), times=3)
        ratios = []
        for _round in range(ROUNDS):  # p99 of a few hundred turns is noisy: a few rounds
            quiet = await _people(app, channel, sweeping=False)
            busy = await _people(app, channel, sweeping=True)
            ratios.append(busy / quiet)
            print(
                f"turn p99, {PEOPLE} people: {quiet:.1f} ms; of turns during a sweep: {busy:.1f} ms"
            )
        ratio = statistics.median(ratios)
        print(f"turn p99 during sweeps / without, median of {ROUNDS} rounds: {ratio:.1f}x")
        outbox.cancel()


PEOPLE = 200
ROUNDS = 3
SWEEP_EVERY = 0.1
"""Seconds between sweeps in the load (the bot sweeps every 30 s): many sweeps to overlap."""


async def _people(app: App, channel: Channel, sweeping: bool, seconds: float = 8.0) -> float:
    """Turn p99 (ms) of people chatting with 1 s pauses: of all turns, or (`sweeping`) of
    the turns that overlapped a jobs sweep, with sweeps every SWEEP_EVERY seconds while
    retention works off its backlog."""
    run = Run(app, channel, pause=1.0, seconds=seconds)
    chance = random.Random(sweeping)
    people = asyncio.gather(
        *(
            run.person(f"{'busy' if sweeping else 'quiet'}{n}-{time.time()}", chance)
            for n in range(PEOPLE)
        )
    )
    sweeps: list[tuple[float, float]] = []
    while sweeping and not people.done():
        await asyncio.wait([people], timeout=SWEEP_EVERY)
        started = time.perf_counter()
        await jobs.run_due(app)
        sweeps.append((started, time.perf_counter()))
    await people
    if not sweeping:
        return quantiles(run.turns)[1]
    overlapping = [
        took
        for began, took in zip(run.began, run.turns, strict=True)
        if any(began < end and began + took > start for start, end in sweeps)
    ]
    longest = max(end - start for start, end in sweeps) * 1000
    during = len(overlapping)
    print(f"  ({len(sweeps)} sweeps, the longest {longest:.1f} ms; {during} turns overlapped one)")
    return quantiles(overlapping)[1]


async def example(target: Path) -> None:
    """A chart from four months of a small association's history, for the docs."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bot.sqlite3"
        await seed(db, 3000, 120, datetime.now(RIYADH))
        kept = Kept()
        roles = Roles.parse("", SUPERVISOR)
        async with open_app(
            "mishkat", db, {"bench": Channel()}, roles=roles, desk_channel=kept
        ) as app:
            await commands.run(app.desk, StaffInput(SUPERVISOR, "/report 60"))
            await app.outbox.deliver_due()
            assert kept.last is not None
            path = app.files.path(kept.last.attachments[0].ref)
            assert path is not None
            shutil.copyfile(path, target)
            print(kept.last.text)
    print(f"written: {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="keep the seeded database here (reused)")
    parser.add_argument("--example", type=Path, help="write an example chart here instead")
    args = parser.parse_args()
    if args.example:
        asyncio.run(example(args.example))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "reports.sqlite3"
        if not db.exists():
            started = time.perf_counter()
            asyncio.run(seed(db, args.tickets, 1095, datetime.now(RIYADH)))
            print(f"seeded {args.tickets:,} tickets in {time.perf_counter() - started:.0f} s")
        with sqlite3.connect(db) as connection:
            for table in ("tickets", "ticket_events", "survey_answers"):
                [(rows,)] = connection.execute(f"SELECT count(*) FROM {table}")
                print(f"{table}: {rows:,} rows")
        asyncio.run(measure(db))


if __name__ == "__main__":
    main()
