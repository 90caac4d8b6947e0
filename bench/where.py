"""Where a turn's time goes: the main thread's CPU per turn of the realistic mix
(bench/load.py's), some people at once, replies delivered from memory; then cProfile over
the same turns, printing the busiest functions.

    python bench/where.py [--people 50] [--top 25]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load import CHANNEL, SCRIPTS, Channel, _incoming
from bot.app import open_app


async def profile(people: int, top: int) -> None:
    """Each person runs one conversation of the mix; the turns are profiled."""
    chance = random.Random(1)
    weights = [weight for weight, _script in SCRIPTS]
    scripts = [chance.choices([s for _w, s in SCRIPTS], weights)[0] for _ in range(people)]
    with tempfile.TemporaryDirectory() as tmp:
        async with open_app("mishkat", Path(tmp) / "bot.sqlite3", {CHANNEL: Channel()}) as app:
            await app.outbox.deliver_due()  # the start-up pass: from now on, from memory

            async def person(n: int, round_: str) -> None:
                for line_number, line in enumerate(scripts[n]):
                    await app.engine.handle(_incoming(f"p{n}{round_}", line_number, line))

            async def everyone(round_: str) -> None:
                await asyncio.gather(*(person(n, round_) for n in range(people)))
                await app.outbox.settle()

            turns = sum(len(script) for script in scripts)
            await everyone("warm")  # first calls, caches and the classifier loaded
            spent = time.thread_time()
            await everyone("timed")
            spent = time.thread_time() - spent
            print(f"main-thread CPU per turn: {spent / turns * 1000:.3f} ms (target 0.2 ms)")
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            await everyone("profiled")
            profiler.disable()
            print(f"{turns} turns in {time.perf_counter() - started:.2f} s (profiled)")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    asyncio.run(profile(args.people, args.top))


if __name__ == "__main__":
    main()
