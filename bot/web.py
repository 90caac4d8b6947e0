"""The web server: Telegram's webhook and a health check, in one Starlette app.

A webhook answers 200 only once the update is stored, so a crash after answering
loses nothing (the runtime replays what was stored but not handled). A request
without the right secret gets 403 and changes nothing.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot import inbound
from bot.app import App
from bot.channels.telegram import CHANNEL, TelegramChannel

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_BACKLOG = "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND given_up_at IS NULL"
Lifespan = Callable[[Starlette], AbstractAsyncContextManager[None]]


def create(
    app: App, telegram: TelegramChannel | None, secret: str | None, lifespan: Lifespan
) -> Starlette:
    """The ASGI app; `lifespan` starts and stops everything long-running."""

    async def telegram_update(request: Request) -> Response:
        """One update from Telegram: checked, stored, then handed on."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if telegram is None or not secret or not hmac.compare_digest(given, secret.encode()):
            return Response(status_code=403)
        body = await request.body()
        try:
            data = json.loads(body)
            key = str(int(data["update_id"]))
        except (ValueError, KeyError, TypeError):
            return Response(status_code=400)
        if await inbound.keep(app.database, CHANNEL, key, body.decode(), app.clock.now()):
            await telegram.feed(data)
        return Response(status_code=200)

    async def health(_request: Request) -> Response:
        """200 with the outbox backlog while the database answers."""
        row = await app.database.fetch_one(_BACKLOG)
        return JSONResponse({"status": "ok", "outbox": row[0] if row else 0})

    routes = [
        Route("/telegram", telegram_update, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
