"""Wiring: a policy, the catalogues, the database, the engine and the outbox, opened together."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot import i18n
from bot import policy as policy_files
from bot.clock import Clock
from bot.engine import Engine
from bot.outbox import Dispatcher, Sender
from bot.storage.database import Database
from conversations.policy import Policy


@dataclass(frozen=True)
class App:
    """The running bot, whatever channels feed it."""

    policy: Policy
    database: Database
    engine: Engine
    outbox: Dispatcher
    clock: Clock


@asynccontextmanager
async def open_app(
    policy: str, database: Path, senders: Mapping[str, Sender], clock: Clock | None = None
) -> AsyncIterator[App]:
    """Open everything for one association's policy and database; close it on exit."""
    clock = clock or Clock()
    loaded = policy_files.load(policy)
    translations = i18n.load_all()
    db = await Database.open(database)
    try:
        outbox = Dispatcher(db, senders, clock)
        engine = Engine(db, loaded, translations, clock, on_reply=outbox.wake.set)
        yield App(policy=loaded, database=db, engine=engine, outbox=outbox, clock=clock)
    finally:
        await db.close()
