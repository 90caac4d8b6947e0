"""The long-running bot: chat platforms, the web server, the outbox and the jobs.

`python -m bot run` with a Telegram token, a Twilio account or the website chat runs
`serve` until SIGTERM or SIGINT. One lifespan (the web app's) starts the channels, the
outbox loop and the jobs loop, and stops them in reverse: no more updates are taken,
turns in flight commit, replies due go out, the database closes. The website chat's
open pages are let go first, so the web server need not wait for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import partial

import uvicorn
from starlette.applications import Starlette

from bot import inbound, jobs, web
from bot.app import App, open_app
from bot.channels import telegram as telegram_channel
from bot.channels import web as web_channel
from bot.channels import whatsapp as whatsapp_channel
from bot.channels.setup import DeskSetup
from bot.channels.staff_group import StaffGroup
from bot.channels.telegram import TelegramChannel
from bot.channels.web import Said, WebChat
from bot.channels.whatsapp import WhatsAppChannel
from bot.clock import stamp
from bot.flood import Flood
from bot.outbox import Sender, release
from bot.people import reachability
from bot.phone import line as phone_line
from bot.phone.line import PhoneLine
from bot.settings import Settings
from bot.storage.database import Changes
from bot.storage.secrets import kept
from bot.webserver import Server
from conversations.messages import Reply

log = logging.getLogger(__name__)
_AWAY = "SELECT address FROM users WHERE channel = ? AND unreachable_at IS NOT NULL"

_INVITATION = (
    "No staff group is set up yet. Open {link} in Telegram (whoever opens it first may set "
    "the bot up), add the bot to the staff group as an admin, and send /setup there."
)
_SECRET = "telegram_webhook_secret"
_CHAT_KEY = "web_chat_key"


async def _reachable(app: App, address: str, reachable: bool, reason: str) -> None:
    """A Telegram person blocked the bot, or came back: then what was kept for them is due
    (before anything new), and their card stops warning."""
    changes, channel, now = Changes(), telegram_channel.CHANNEL, app.clock.now()
    reachability(changes, f"{channel}:{address}", reachable, reason, now)
    if reachable:
        release(changes, channel, address, stamp(now))
        changes.extend(await app.desk.redraw(channel, address))
    await app.database.write(changes)


@dataclass(frozen=True)
class Platforms:
    """The chat platforms this process serves, from the settings."""

    telegram: TelegramChannel | None = None
    whatsapp: WhatsAppChannel | None = None
    group: StaffGroup | None = None
    chat: WebChat | None = None
    phone: PhoneLine | None = None
    setup: DeskSetup | None = None

    @classmethod
    def configured(cls, settings: Settings) -> Platforms:
        """Telegram with a token (and its staff group with a chat id); WhatsApp with an
        account; the website chat when asked for."""
        telegram = whatsapp = group = website = setup = None
        if settings.telegram_token:
            token = settings.telegram_token.get_secret_value()
            telegram = TelegramChannel(token, settings.telegram_api_url, bool(settings.public_url))
            chat, bosses = settings.telegram_staff_chat, settings.telegram_supervisors_chat
            group = StaffGroup(telegram, chat, bosses)
            setup = DeskSetup(telegram, group, settings.admin_ids)
        if settings.twilio_account_sid and settings.twilio_auth_token:
            whatsapp = WhatsAppChannel(
                settings.twilio_account_sid,
                settings.twilio_auth_token.get_secret_value(),
                settings.twilio_whatsapp_from or "",
                settings.twilio_api_url,
                settings.public_url or "",
                settings.twilio_update_template,
                settings.twilio_quick_replies,
                key.get_secret_value() if (key := settings.twilio_signing_key) else None,
            )
        if settings.web_chat:
            signing = settings.web_chat_secret
            website = WebChat(signing.get_secret_value() if signing else None)
        phone = PhoneLine(whatsapp.download) if whatsapp and settings.twilio_voice else None
        return cls(telegram, whatsapp, group, website, phone, setup)

    @property
    def senders(self) -> dict[str, Sender[Reply]]:
        """Each platform's way out, by channel name."""
        found: dict[str, Sender[Reply]] = {}
        if self.telegram:
            found[telegram_channel.CHANNEL] = self.telegram
        if self.whatsapp:
            found[whatsapp_channel.CHANNEL] = self.whatsapp
        if self.chat:
            found[web_channel.CHANNEL] = self.chat
        return found


def lifespan(
    app: App, platforms: Platforms, webhook_url: str | None, secret: str | None
) -> web.Lifespan:
    """Start the channels and the background loops with the web app; stop them with it."""
    telegram, whatsapp, group = platforms.telegram, platforms.whatsapp, platforms.group
    chat, phone = platforms.chat, platforms.phone

    @contextlib.asynccontextmanager
    async def running(_web: Starlette) -> AsyncIterator[None]:
        if telegram:
            await telegram.start(webhook_url, secret)
            if group:
                await group.start()
            if platforms.setup and (link := await platforms.setup.invitation()):
                print(_INVITATION.format(link=link), flush=True)
            for body in await inbound.pending(app.database, telegram_channel.CHANNEL):
                await telegram.feed(json.loads(body))
        if whatsapp:
            await whatsapp.open()
            for body in await inbound.pending(app.database, whatsapp_channel.CHANNEL):
                whatsapp.take(json.loads(body))
        if phone:
            for body in await inbound.pending(app.database, phone_line.SOURCE):
                phone.take(json.loads(body))
        if chat:
            for body in await inbound.pending(app.database, web_channel.CHANNEL):
                await chat.handle(Said.heard(body))
        loops = [
            asyncio.create_task(app.outbox.run(), name="outbox"),
            asyncio.create_task(jobs.run_forever(app), name="jobs"),
        ]
        try:
            yield
        finally:
            if telegram:
                await telegram.stop()
            if whatsapp:
                await whatsapp.drain()
            if phone:
                await phone.drain()
            if chat:
                await chat.close()
            for task in loops:
                task.cancel()
            await asyncio.gather(*loops, return_exceptions=True)
            await app.outbox.deliver_due()
            if telegram:
                await telegram.close()
            if whatsapp:
                await whatsapp.close()

    return running


async def serve(settings: Settings) -> None:
    """Serve the configured chat platforms until SIGTERM or SIGINT."""
    platforms = Platforms.configured(settings)
    if platforms.telegram:
        await platforms.telegram.check()
    async with open_app(
        settings.policy,
        settings.database,
        platforms.senders,
        roles=settings.roles,
        desk_channel=platforms.group,
        flood=Flood(),
        backups=settings.backups,
        durability=settings.durability,
    ) as app:
        configured = settings.telegram_secret
        secret = configured.get_secret_value() if configured else None
        site = await assemble(app, platforms, settings.public_url, secret)
        config = uvicorn.Config(
            site, host=settings.host, port=settings.port, log_config=None, access_log=False
        )
        await _until_stopped(Server(config), platforms.chat)


async def assemble(
    app: App,
    platforms: Platforms,
    public_url: str | None,
    secret: str | None = None,
) -> Starlette:
    """Wire the channels to the engine and build the web app whose lifespan runs it all.

    With a public URL, Telegram calls the webhook at `{public_url}/telegram` with the
    secret (the configured one, else one generated once); without, the bot polls.
    Twilio calls `{public_url}/whatsapp`, and `/whatsapp/status` for what became of
    each message. The website chat signs its browser ids with its configured key, else
    one generated once.
    """
    telegram, whatsapp, chat = platforms.telegram, platforms.whatsapp, platforms.chat
    url = f"{public_url}/telegram" if public_url and telegram else None
    token = await kept(app.database, _SECRET, secret) if url else None
    files = app.files
    fetch = telegram.download if telegram else None
    if telegram:

        async def handled(update_id: int) -> None:
            source = telegram_channel.CHANNEL
            await inbound.done(app.database, source, str(update_id), app.clock.now())

        telegram.attach(app.engine.handle, partial(_reachable, app), handled, app.files)
        away = await app.database.fetch_all(_AWAY, (telegram_channel.CHANNEL,))
        telegram.away.update(int(address) for (address,) in away)
    if platforms.group:
        platforms.group.attach(app.desk, files)
    if platforms.setup:
        platforms.setup.attach(app.desk)
    if whatsapp:
        whatsapp.attach(
            app.database,
            app.clock,
            app.engine.handle,
            files,
            app.desk.undeliverable,
            app.desk.redraw,
            fetch,
        )
    if platforms.phone:
        platforms.phone.attach(app)
    if chat:
        key = await kept(app.database, _CHAT_KEY, chat.key)
        chat.attach(app.database, app.clock, app.engine.handle, files, app.desk.redraw, key, fetch)
    return web.create(
        app,
        lifespan(app, platforms, url, token),
        telegram=telegram,
        secret=token,
        whatsapp=whatsapp,
        public_url=public_url or "",
        files=files,
        chat=chat,
        phone=platforms.phone,
    )


async def _until_stopped(server: uvicorn.Server, chat: WebChat | None = None) -> None:
    """Run the server until a stop signal, then shut it down gracefully (the website chat's
    open pages let go first: the server waits for every response to end)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    serving = asyncio.create_task(server.serve(), name="web")
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if chat:
        await chat.close()
    server.should_exit = True
    stopping.cancel()
    await serving
    log.info("stopped")
