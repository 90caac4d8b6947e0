"""A uvicorn server on a free loopback port, started and stopped in the running loop:
the ground the fake platform servers stand on."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp


class Signal:
    """An event that wakes everyone waiting on it, then re-arms at once."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def fire(self) -> None:
        fired, self.event = self.event, asyncio.Event()
        fired.set()


class _Server(uvicorn.Server):
    """A uvicorn server that reports startup through an event, leaves signals to pytest, and
    stops at once when told (uvicorn's own loop polls every 0.1 s and pauses 0.1 s to stop:
    a fifth of a second for every fake in every test)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = asyncio.Event()
        self.stopping = asyncio.Event()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def startup(self, sockets: list[object] | None = None) -> None:  # type: ignore[override]
        await super().startup(sockets=sockets)  # type: ignore[arg-type]
        self.ready.set()

    async def main_loop(self) -> None:
        await self.on_tick(0)
        await self.stopping.wait()

    async def shutdown(self, sockets: list[object] | None = None) -> None:  # type: ignore[override]
        """Stop listening and close every connection: a fake stops after its clients did."""
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()


class Loopback:
    """Serve an ASGI app on 127.0.0.1 until stopped; `root` is its base URL."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.root = ""
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self, app: ASGIApp) -> str:
        """Start serving `app`; return the root URL once it accepts connections."""
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            http="h11",
            ws="none",
            lifespan="off",
            log_level="warning",
            access_log=False,
        )
        self._server = server = _Server(config)
        self._task = task = asyncio.create_task(self._serve(server), name=self.name)
        ready = asyncio.create_task(server.ready.wait())
        await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            await task
            raise RuntimeError(f"the {self.name} server stopped before it started")
        port = server.servers[0].sockets[0].getsockname()[1]
        self.root = f"http://127.0.0.1:{port}"
        return self.root

    async def stop(self) -> None:
        """Stop serving and close the connections left open."""
        if self._server is not None:
            self._server.stopping.set()
        if self._task is not None:
            await self._task
        self._server = self._task = None

    async def _serve(self, server: _Server) -> None:
        try:
            await server.serve()
        except SystemExit as exc:  # uvicorn exits the process when it cannot bind
            raise RuntimeError(f"the {self.name} server could not start") from exc
