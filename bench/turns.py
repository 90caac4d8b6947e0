"""Turn throughput: N simulated people chatting through the real engine on a durable SQLite file.

Prints turns/second and p50/p99 turn latency, and, on the same machine in the same
run, the rate of bare aiosqlite inserts committed one per message, with the ratio.

    python bench/turns.py [--people 200] [--turns 10]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import aiosqlite

from bot.app import open_app
from bot.engine import Engine
from conversations.messages import Incoming, Reply

SCRIPT = ["مرحبا", "1", "2", "حقوقي", "English", "channels", "0", "عربي", "4", "القائمة"]


class NullChannel:
    """Accepts every reply at once, so the figure is the bot's own cost."""

    async def send(self, recipient: str, reply: Reply) -> None:
        """Drop the reply."""


async def _person(engine: Engine, person: int, turns: int, latencies: list[float]) -> None:
    for n in range(turns):
        text = SCRIPT[n % len(SCRIPT)]
        started = time.perf_counter()
        await engine.handle(Incoming("bench", f"p{person}", f"p{person}-{n}", text))
        latencies.append(time.perf_counter() - started)


async def engine_rate(folder: Path, people: int, turns: int) -> tuple[float, float, float]:
    """Turns/second, p50 and p99 latency (ms) with `people` chatting at once."""
    latencies: list[float] = []
    async with open_app("mishkat", folder / "bot.sqlite3", {"bench": NullChannel()}) as app:
        started = time.perf_counter()
        await asyncio.gather(
            *(_person(app.engine, person, turns, latencies) for person in range(people))
        )
        elapsed = time.perf_counter() - started
        await app.outbox.deliver_due()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000


async def bare_rate(folder: Path, count: int) -> float:
    """Inserts/second for one 200-byte row and one commit per message through aiosqlite."""
    async with aiosqlite.connect(folder / "bare.sqlite3", isolation_level=None) as connection:
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        await connection.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, body TEXT)")
        body = "x" * 200
        started = time.perf_counter()
        for _ in range(count):
            await connection.execute("BEGIN")
            await connection.execute("INSERT INTO bare (body) VALUES (?)", (body,))
            await connection.execute("COMMIT")
        return count / (time.perf_counter() - started)


async def main() -> None:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--turns", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        crowd = await engine_rate(folder / "crowd", args.people, args.turns)
        alone = await engine_rate(folder / "alone", 1, 300)
        bare = await bare_rate(folder, 3000)
    print(f"people: {args.people}, turns each: {args.turns}, turns: {args.people * args.turns}")
    for label, (per_s, p50, p99) in (("all at once", crowd), ("one person", alone)):
        print(f"engine, {label:11}: {per_s:6.0f} turns/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
    print(f"bare aiosqlite, one insert + commit per message: {bare:8.0f} /s")
    print(f"ratio engine turns (all at once) / bare inserts: {crowd[0] / bare:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
