"""uvicorn as the bot runs it: the runtime, not uvicorn, decides when to stop."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import uvicorn


class Server(uvicorn.Server):
    """uvicorn without its own signal handling (it would re-raise SIGTERM at the end)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield
