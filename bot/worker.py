"""The worker process where charts and workbooks are made.

matplotlib and the workbook's writer hold the GIL while they work, so in a thread of the
bot they would still slow every person's turn. In a process of their own they use another
core, at a lower priority than the bot's, so on a small machine a person's turn still
comes first. The process starts with the first report, is spawned (not forked: it
inherits none of the bot's threads or connections) and stops with the app.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
NICENESS = 10
"""How much lower than the bot the worker runs (as `nice` counts)."""


def _behind() -> None:
    """Run the worker behind the bot."""
    os.nice(NICENESS)


class Worker:
    """One process, started when first needed, that runs jobs one at a time."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def run(self, job: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`job(*args, **kwargs)` in the worker process (a module-level function; its
        arguments and result are pickled), without holding up the event loop."""
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_behind)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, partial(job, *args, **kwargs))
        except BrokenProcessPool:
            self._pool = None  # the process died (killed, out of memory): the next job starts one
            raise

    async def close(self) -> None:
        """Stop the process, once the job it runs (if any) is done."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, cancel_futures=True)
