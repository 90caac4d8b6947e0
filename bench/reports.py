"""Supervisors' reports over a large history (1,000,000 seeded tickets by default): how long
/report and /export 30 take to answer, each beside its target, and people's turns while
they are made beside the same load without them; a jobs sweep, and turns while sweeps
run back to back. The desk's other commands, cold and warm: bench/desk.py.

    python bench/reports.py [--tickets 1000000] [--days 1095]
    python bench/reports.py --example docs/report-example.png   # a chart from a small history
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import seed
from bench.load import Channel, Run, quantiles
from bot import jobs
from bot.app import App, open_app
from bot.clock import RIYADH
from bot.desk import commands
from bot.desk.desk import StaffInput
from bot.desk.posts import DeskPost
from bot.desk.roles import Roles

SUPERVISOR = "7002"
REPORT_TARGET, EXPORT_TARGET, DURING_TARGET = 300.0, 5000.0, 1.5
"""/report and /export 30 in ms, and the slowest a turn may get while they are made (issue 25)."""
PEOPLE = 200
ROUNDS = 5
SWEEP_EVERY = 0.1
"""Seconds between sweeps in the load (the bot sweeps every 30 s): many sweeps to overlap."""


class Kept:
    """The staff side: keeps the last answer (with its files)."""

    def __init__(self) -> None:
        self.last: DeskPost | None = None

    async def post(self, to: str, post: DeskPost) -> None:
        self.last = post


async def _timed(run: Callable[[], Awaitable[object]], times: int) -> list[float]:
    """How long `run` took (ms), each of `times` times."""
    took = []
    for _ in range(times):
        started = time.perf_counter()
        await run()
        took.append((time.perf_counter() - started) * 1000)
    return took


def _shown(label: str, took: list[float], target: float | None = None) -> None:
    figures = " ".join(f"{ms:8.1f}" for ms in took)
    aim = f"  (target {target:.0f} ms)" if target else ""
    print(f"{label:34} {figures} ms{aim}")


async def measure(db: Path) -> None:
    """Time the reports, then people's turns while reports, and then sweeps, are made."""
    kept = Kept()
    roles = Roles.parse("", SUPERVISOR)
    channel = Channel()
    async with open_app("mishkat", db, {"bench": channel}, roles=roles, desk_channel=kept) as app:
        outbox = asyncio.create_task(app.outbox.run())

        def command(text: str) -> Callable[[], Awaitable[None]]:
            async def run() -> None:
                await commands.run(app.desk, StaffInput(SUPERVISOR, text))
                await app.outbox.deliver_due()

            return run

        _shown("the first /report after start", await _timed(command("/report"), 1))
        _shown("/report (week)", await _timed(command("/report"), 3), REPORT_TARGET)
        _shown("/report month", await _timed(command("/report month"), 3), REPORT_TARGET)
        _shown("/export 30", await _timed(command("/export 30"), 2), EXPORT_TARGET)
        _shown("a jobs sweep (retention, a backlog)", await _timed(lambda: jobs.run_due(app), 3))
        for label, busy, gap in (
            ("/report", command("/report"), 0.0),
            ("/export 30", command("/export 30"), 0.0),
            ("a jobs sweep", lambda: jobs.run_due(app), SWEEP_EVERY),
        ):
            ratios = []
            for _round in range(ROUNDS):  # p99 of a few hundred turns is noisy: a few rounds
                quiet = await _people(app, channel, None)
                during = await _people(app, channel, busy, gap)
                ratios.append(during / quiet)
                print(
                    f"  turn p99, {PEOPLE} people: {quiet:.1f} ms; during {label}: {during:.1f} ms"
                )
            ratio = statistics.median(ratios)
            print(
                f"turn p99 during {label} / without, median of {ROUNDS} rounds: {ratio:.2f}x"
                f"  (target {DURING_TARGET}x)"
            )
        outbox.cancel()


async def _people(
    app: App,
    channel: Channel,
    busy: Callable[[], Awaitable[object]] | None,
    gap: float = 0.0,
    seconds: float = 10.0,
) -> float:
    """Turn p99 (ms) of people chatting with 1 s pauses: of all turns, or, with `busy` run
    again and again meanwhile (`gap` seconds apart), of the turns that overlapped a run."""
    run = Run(app, channel, pause=1.0, seconds=seconds)
    chance = random.Random(busy is None)
    side = "busy" if busy else "quiet"
    people = asyncio.gather(
        *(run.person(f"{side}{n}-{time.time()}", chance) for n in range(PEOPLE))
    )
    spans: list[tuple[float, float]] = []
    while busy and not people.done():
        if gap:
            await asyncio.wait([people], timeout=gap)
        started = time.perf_counter()
        await busy()
        spans.append((started, time.perf_counter()))
    await people
    if busy is None:
        return quantiles(run.turns)[1]
    overlapping = [
        took
        for began, took in zip(run.began, run.turns, strict=True)
        if any(began < end and began + took > start for start, end in spans)
    ]
    longest = max(end - start for start, end in spans) * 1000
    print(
        f"  ({len(spans)} runs, the longest {longest:.0f} ms; {len(overlapping)} turns overlapped)"
    )
    return quantiles(overlapping)[1]


async def example(target: Path) -> None:
    """A chart from four months of a small association's history, for the docs."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bot.sqlite3"
        await seed.seed(db, 3000, 120, datetime.now(RIYADH))
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
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--example", type=Path, help="write an example chart here instead")
    args = parser.parse_args()
    if args.example:
        asyncio.run(example(args.example))
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = seed.copy(args.tickets, Path(tmp), args.days)
        print(f"supervisors' reports over {args.tickets:,} tickets ({args.days} days)")
        asyncio.run(measure(db))


if __name__ == "__main__":
    main()
