"""The long-running bot: chat platforms, the web server, the outbox and the jobs.

`python -m bot run` with a Telegram token runs `serve` until SIGTERM or SIGINT. One
lifespan (the web app's) starts the channel, the outbox loop and the jobs loop, and
stops them in reverse: no more updates are taken, turns in flight commit, replies
due go out, the database closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
from collections.abc import AsyncIterator, Iterator
from functools import partial

import uvicorn
from starlette.applications import Starlette

from bot import inbound, jobs, web
from bot.app import App, open_app
from bot.channels.staff_group import StaffGroup
from bot.channels.telegram import CHANNEL, TelegramChannel
from bot.flood import Flood
from bot.people import reachability
from bot.settings import Settings
from bot.storage.database import Changes

log = logging.getLogger(__name__)

_SECRET = "telegram_webhook_secret"
_READ_VALUE = "SELECT value FROM runtime_values WHERE key = ?"
_WRITE_VALUE = "INSERT OR IGNORE INTO runtime_values (key, value) VALUES (?, ?)"


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: the runtime decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def webhook_secret(app: App, configured: str | None) -> str:
    """The webhook's secret token: the configured one, else one generated once and kept."""
    if configured:
        return configured
    changes = Changes()
    changes.add(_WRITE_VALUE, (_SECRET, secrets.token_urlsafe(32)))
    await app.database.write(changes)
    row = await app.database.fetch_one(_READ_VALUE, (_SECRET,))
    return str(row[0]) if row else ""


async def _reachable(app: App, address: str, reachable: bool, reason: str) -> None:
    changes = Changes()
    reachability(changes, f"{CHANNEL}:{address}", reachable, reason, app.clock.now())
    await app.database.write(changes)


def lifespan(
    app: App,
    telegram: TelegramChannel,
    webhook_url: str | None,
    secret: str | None,
    group: StaffGroup | None = None,
) -> web.Lifespan:
    """Start the channel and the background loops with the web app; stop them with it."""

    @contextlib.asynccontextmanager
    async def running(_web: Starlette) -> AsyncIterator[None]:
        await telegram.start(webhook_url, secret)
        if group:
            await group.start()
        for body in await inbound.pending(app.database, CHANNEL):
            await telegram.feed(json.loads(body))
        loops = [
            asyncio.create_task(app.outbox.run(), name="outbox"),
            asyncio.create_task(jobs.run_forever(app), name="jobs"),
        ]
        try:
            yield
        finally:
            await telegram.stop()
            for task in loops:
                task.cancel()
            await asyncio.gather(*loops, return_exceptions=True)
            await app.outbox.deliver_due()
            await telegram.close()

    return running


async def serve(settings: Settings) -> None:
    """Serve the configured chat platforms until SIGTERM or SIGINT."""
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    telegram = TelegramChannel(token, settings.telegram_api_url, bool(settings.public_url))
    roles = settings.roles
    group = None
    if settings.telegram_staff_chat:
        chat, bosses = settings.telegram_staff_chat, settings.telegram_supervisors_chat
        group = StaffGroup(telegram, chat, bosses, roles.supervisors)
    async with open_app(
        settings.policy,
        settings.database,
        {CHANNEL: telegram},
        roles=roles,
        desk_channel=group,
        flood=Flood(),
    ) as app:
        configured = settings.telegram_secret
        secret = configured.get_secret_value() if configured else None
        site = await assemble(app, telegram, settings.public_url, secret, group)
        config = uvicorn.Config(
            site, host=settings.host, port=settings.port, log_config=None, access_log=False
        )
        await _until_stopped(_Server(config))


async def assemble(
    app: App,
    telegram: TelegramChannel,
    public_url: str | None,
    secret: str | None,
    group: StaffGroup | None = None,
) -> Starlette:
    """Wire the channel to the engine and build the web app whose lifespan runs it all.

    With a public URL, Telegram calls the webhook at `{public_url}/telegram` with the
    secret (the configured one, else one generated once); without, the bot polls.
    """
    url = f"{public_url}/telegram" if public_url else None
    token = await webhook_secret(app, secret) if url else None

    async def handled(update_id: int) -> None:
        await inbound.done(app.database, CHANNEL, str(update_id), app.clock.now())

    telegram.attach(app.engine.handle, partial(_reachable, app), handled)
    if group:
        group.attach(app.desk)
    return web.create(app, telegram, token, lifespan(app, telegram, url, token, group))


async def _until_stopped(server: uvicorn.Server) -> None:
    """Run the server until a stop signal, then shut it down gracefully."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    serving = asyncio.create_task(server.serve(), name="web")
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopping.cancel()
    await serving
    log.info("stopped")
