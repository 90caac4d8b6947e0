"""A bot with nothing to serve yet: `/health` answers 503 with what is missing.

`python -m bot run` with no chat platform and no terminal to chat in (a container, a
service) serves this until SIGTERM or SIGINT instead of exiting into a restart loop. It
opens no database and calls nobody; `python -m bot init` writes the settings it lacks.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.settings import Settings
from bot.webserver import Server

log = logging.getLogger(__name__)
PLATFORM = "BOT_TELEGRAM_TOKEN or BOT_TWILIO_ACCOUNT_SID or BOT_WEB_CHAT=1"


def missing(settings: Settings) -> list[str]:
    """The settings still needed before the bot serves anyone."""
    return [] if settings.serves else [PLATFORM]


def create(needed: list[str]) -> Starlette:
    """The web app: `GET /health` is 503 with `needed`; nothing else is there."""

    async def health(_request: Request) -> Response:
        """503: up, but serving nobody until the missing settings are set."""
        return JSONResponse({"status": "unconfigured", "missing": needed}, status_code=503)

    return Starlette(routes=[Route("/health", health, methods=["GET"])])


async def serve(settings: Settings) -> None:
    """Serve the health-only app on BOT_HOST:BOT_PORT until SIGTERM or SIGINT; OSError if
    the port cannot be had."""
    needed = missing(settings)
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    listening = socket.create_server((settings.host, settings.port), family=family)
    config = uvicorn.Config(create(needed), log_config=None, access_log=False)
    server = Server(config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, server.handle_exit, sig, None)
    log.warning(
        "nothing to serve: set %s (`python -m bot init` asks for them); until then only "
        "/health answers, 503, on %s:%s (to drive the bot from a script: "
        "python -m bot console --jsonl < script.jsonl)",
        " and ".join(needed),
        settings.host,
        settings.port,
    )
    try:
        with listening:
            await server.serve(sockets=[listening])
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
