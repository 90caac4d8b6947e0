"""Supervisors' commands over a large history: times of /stats, /overdue, /find, /report and
/export 30 on a seeded database (1,000,000 tickets by default), beside a bare
`SELECT count(*)` over the tickets in the same run.

    python bench/reports.py [--tickets 1000000] [--db /tmp/reports.sqlite3]
    python bench/reports.py --example docs/report-example.png   # a chart from a small history
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.seed import seed
from bot import jobs
from bot.app import open_app
from bot.clock import RIYADH
from bot.desk import commands
from bot.desk.desk import StaffInput
from bot.desk.posts import DeskPost
from bot.desk.roles import Roles
from conversations.messages import Incoming, Reply

SUPERVISOR = "7002"


class Kept:
    """The staff side: keeps the last answer (with its files)."""

    def __init__(self) -> None:
        self.last: DeskPost | None = None

    async def post(self, to: str, post: DeskPost) -> None:
        self.last = post


class Dropped:
    async def send(self, recipient: str, reply: Reply) -> None:
        """Drop people's replies: none are made here."""


async def _timed(label: str, run: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await run()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"{label:34} {elapsed:9.1f} ms")
    return elapsed


async def measure(db: Path) -> None:
    """Time each command once the database is warm."""
    kept = Kept()
    roles = Roles.parse("", SUPERVISOR)
    async with open_app("mishkat", db, {"bench": Dropped()}, roles=roles, desk_channel=kept) as app:

        def command(text: str) -> Callable[[], Awaitable[object]]:
            async def run() -> None:
                await commands.run(app.desk, StaffInput(SUPERVISOR, text))
                await app.outbox.deliver_due()

            return run

        async def count() -> object:
            return await app.database.fetch_one("SELECT count(*) FROM tickets")

        await count()
        await _timed("SELECT count(*) FROM tickets", count)
        await _timed("/stats", command("/stats"))
        await _timed("/overdue", command("/overdue"))
        await _timed("/find 0500123456", command("/find 0500123456"))
        await _timed("/report (week)", command("/report"))
        await _timed("/report month", command("/report month"))
        await _timed("/export 30", command("/export 30"))
        person = str(await app.database.fetch_one("SELECT user_key FROM tickets LIMIT 1"))
        channel, _sep, address = person.strip("(),'").partition(":")

        async def track() -> None:
            said = Incoming(channel, address, f"track-{time.time()}", "متابعة طلب")
            await app.engine.handle(said)

        await track()
        await _timed("a tracking turn («متابعة طلب»)", track)
        await _timed("a jobs sweep (first, with a backlog)", lambda: jobs.run_due(app))
        await _timed("a jobs sweep (the next)", lambda: jobs.run_due(app))


async def example(target: Path) -> None:
    """A chart from four months of a small association's history, for the docs."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bot.sqlite3"
        await seed(db, 3000, 120, datetime.now(RIYADH))
        kept = Kept()
        roles = Roles.parse("", SUPERVISOR)
        async with open_app(
            "mishkat", db, {"bench": Dropped()}, roles=roles, desk_channel=kept
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
