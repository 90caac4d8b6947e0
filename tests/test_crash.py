"""Crash safety: the bot killed with SIGKILL at random moments while many people are in the
middle of their requests, restarted on the same database, with every unacknowledged update
delivered again as Telegram does. Nothing is lost, no turn runs twice, no ticket is doubled."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
import socket
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import form_answers
from tests.fakes.bot_api import FakeBotAPI

SECRET = "crash-test-secret"
PEOPLE = 10
KILLS = 3
STAFF_GROUP = -1001


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Bot:
    """`python -m bot run` serving Telegram by webhook; started, killed and started again."""

    def __init__(self, folder: Path, api: FakeBotAPI, port: int) -> None:
        self.folder = folder
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("BOT_")}
        self.env |= {
            "BOT_TELEGRAM_TOKEN": api.token,
            "BOT_TELEGRAM_API_URL": api.root,
            "BOT_TELEGRAM_SECRET": SECRET,
            "BOT_TELEGRAM_STAFF_CHAT": str(STAFF_GROUP),  # the cards go there, not waiting
            "BOT_PUBLIC_URL": "https://bot.example.org",
            "BOT_DATABASE": str(folder / "bot.sqlite3"),
            "BOT_PORT": str(port),
            "BOT_LOG_LEVEL": "INFO",
        }
        self.process: asyncio.subprocess.Process | None = None
        self.log: list[str] = []
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start it and return once it serves (its log says so)."""
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=self.folder,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        ready = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read(ready))
        await asyncio.wait_for(ready, timeout=60)

    async def _read(self, ready: asyncio.Future[None]) -> None:
        assert self.process
        assert self.process.stderr
        while line := await self.process.stderr.readline():
            self.log.append(line.decode())
            if "Application startup complete" in self.log[-1] and not ready.done():
                ready.set_result(None)
        if not ready.done():
            ready.set_exception(RuntimeError("".join(self.log[-20:])))

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        assert self.process
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        if self._reader:
            await self._reader

    async def stop(self) -> int:
        assert self.process
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), timeout=30)
        if self._reader:
            await self._reader
        return code


def _update(api: FakeBotAPI, user: int, line: dict[str, Any]) -> dict[str, Any]:
    if "location" in line:
        where = line["location"]
        return api.message(user, location=(where["lat"], where["lon"]))
    if "attachment" in line:
        return api.message(user, photo=True)
    return api.message(user, line["text"])


async def test_sigkill_at_random_moments_loses_nothing_and_repeats_nothing(
    tmp_path: Path,
) -> None:
    chance = random.Random(os.environ.get("CRASH_SEED", "20261123"))
    script = [{"text": "مرحبا"}, {"text": "ابي اقدم طلب"}, {"text": "1"}]
    script += [*form_answers("mishkat", "request"), {"text": "1"}, {"text": "1"}]
    port = _free_port()
    async with FakeBotAPI() as api:
        users = [8000 + n for n in range(PEOPLE)]
        queues = {user: [_update(api, user, line) for line in script] for user in users}
        sent_ids = [update["update_id"] for queue in queues.values() for update in queue]
        bot = Bot(tmp_path, api, port)
        await bot.start()
        kills_at = sorted(chance.sample(range(10, len(sent_ids) - 10), KILLS))
        acknowledged = 0
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

            async def deliver(update: dict[str, Any]) -> bool:
                """One webhook call; True once the bot acknowledged it (else it comes again)."""
                try:
                    answer = await client.post(
                        "/telegram",
                        json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    )
                except httpx.TransportError:
                    return False
                return answer.status_code == 200

            while any(queues.values()):
                # Telegram sends each chat's updates in order, chats side by side
                heads = [(user, queue[0]) for user, queue in queues.items() if queue]
                results = await asyncio.gather(*(deliver(update) for _, update in heads))
                for (user, _), done in zip(heads, results, strict=True):
                    if done:
                        queues[user].pop(0)
                        acknowledged += 1
                if kills_at and acknowledged >= kills_at[0]:
                    kills_at.pop(0)
                    await bot.kill()
                    await bot.start()
            await api.wait_for(
                lambda: all(
                    any("رقم الطلب" in c.params.get("text", "") for c in api.sent_to(user))
                    for user in users
                ),
                timeout=60,
            )
        assert await bot.stop() == 0, "".join(bot.log[-30:])

    with sqlite3.connect(tmp_path / "bot.sqlite3") as db:
        turns = Counter(
            int(key.split(":")[1])
            for (key,) in db.execute("SELECT user_key FROM messages WHERE direction = 'in'")
        )
        tickets = Counter(
            int(key.split(":")[1])
            for (key,) in db.execute("SELECT user_key FROM tickets WHERE kind = 'request'")
        )
        pending = db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()
        unhandled = db.execute("SELECT count(*) FROM inbound WHERE done_at IS NULL").fetchone()
    assert turns == dict.fromkeys(users, len(script))  # every message, each handled once
    assert tickets == dict.fromkeys(users, 1)  # one request each, never two
    assert pending == (0,)
    assert unhandled == (0,)
    assert len(set(sent_ids)) == PEOPLE * len(script)
    for user in users:
        texts = [call.params.get("text", "") for call in api.sent_to(user)]
        receipts = [text for text in texts if text.startswith("تم استلام طلبك")]
        assert len(receipts) >= 1
        # a reply in flight when the bot died may go out again (Telegram has no idempotency
        # key); a turn never runs twice, so no other reply can repeat
        repeats = sum(1 for a, b in itertools.pairwise(texts) if a == b)
        assert repeats <= KILLS
