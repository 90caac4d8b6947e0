"""Wiring: a policy, the catalogues, the database, the engine, the desk and the outbox."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import i18n, warmup
from bot import policy as policy_files
from bot.clock import Clock
from bot.desk import posts
from bot.desk.delivery import DeskChannel, DeskSender
from bot.desk.desk import Desk
from bot.desk.intake import IntakeSender
from bot.desk.posts import DeskPost
from bot.desk.roles import Roles
from bot.engine import Engine
from bot.files import Files
from bot.flood import Flood
from bot.outbox import Dispatcher, Sender
from bot.storage.backup import Schedule
from bot.storage.database import Database
from bot.worker import Worker
from conversations.intake import INTAKE
from conversations.policy import Policy

log = logging.getLogger(__name__)


class LoggedDesk:
    """A desk channel for running without a staff chat: posts go to the log."""

    async def post(self, to: str, post: DeskPost) -> None:
        """Log the post."""
        log.info("desk post for %s (%s %s)", to, post.kind, post.ticket or "")


@dataclass(frozen=True)
class App:
    """The running bot, whatever channels feed it."""

    policy: Policy
    database: Database
    engine: Engine
    desk: Desk
    outbox: Dispatcher
    clock: Clock
    files: Files
    backups: Schedule | None = None


@asynccontextmanager
async def open_app(
    policy: str,
    database: Path,
    senders: Mapping[str, Sender[Any]],
    clock: Clock | None = None,
    roles: Roles | None = None,
    desk_channel: DeskChannel | None = None,
    flood: Flood | None = None,
    backups: Schedule | None = None,
    durability: str = "normal",
    warm: bool = True,
) -> AsyncIterator[App]:
    """Open everything for one association's policy and database; close it on exit.

    `flood` limits how fast one person is answered (the chat platforms); the local
    console and its scripts have none. `warm` loads now what a first turn or desk command
    would otherwise load while someone waits (`bot.warmup`); the console leaves it to the
    turn that needs it, so that its first answer comes at once.
    """
    clock = clock or Clock()
    loaded = policy_files.load(policy)
    translations = i18n.load_all()
    if warm:
        await asyncio.to_thread(warmup.load)
    db = await Database.open(database, durability)
    worker = Worker()
    try:
        channels = dict(senders)
        channels[INTAKE] = IntakeSender(desk_channel or LoggedDesk())
        files = Files(database.parent, db, clock)
        buttoned = frozenset(n for n, sender in channels.items() if getattr(sender, "buttons", 0))
        engine = Engine(db, loaded, translations, clock, files, flood=flood, buttoned=buttoned)
        ar = translations["ar"].gettext
        desk = Desk(db.aside, engine, loaded, roles or Roles(), clock, ar, files, worker)
        outbox = Dispatcher(
            db,
            channels,
            clock,
            on_give_up=desk.undeliverable,
            on_hold=desk.redraw,
            on_refused=desk.not_delivered,
        )
        channels[posts.CHANNEL] = DeskSender(
            loaded, engine.tickets, desk.cards, clock, desk_channel or LoggedDesk()
        )
        try:
            yield App(loaded, db, engine, desk, outbox, clock, files, backups)
        finally:
            await outbox.close()
    finally:
        await worker.close()
        await db.close()
