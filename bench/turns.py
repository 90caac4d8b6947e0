"""Turn throughput: N simulated people chatting through the real engine on a durable SQLite file.

Prints turns/second and p50/p99 turn latency, the same through Telegram (the real
python-telegram-bot stack polling a local fake Bot API, replies sent back to it over
HTTP) and through WhatsApp (signed webhooks into the ASGI app, replies to a fake Twilio
over HTTP), and, on the same machine in the same run, the rate of bare aiosqlite inserts
committed one per message, with the ratio.

    python bench/turns.py [--people 200] [--turns 10]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiosqlite
import httpx
from twilio.request_validator import RequestValidator

from bot.app import open_app
from bot.channels.telegram import CHANNEL, TelegramChannel
from bot.channels.whatsapp import CHANNEL as WA
from bot.channels.whatsapp import WhatsAppChannel
from bot.engine import Engine
from bot.serve import Platforms, assemble
from conversations.messages import Incoming, Reply

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.fakes.bot_api import FakeBotAPI
from tests.fakes.twilio_api import ACCOUNT, SENDER, TOKEN, FakeTwilio

PUBLIC = "https://bot.example.org"

SCRIPT = ["مرحبا", "1", "2", "حقوقي", "English", "channels", "0", "عربي", "4", "القائمة"]


class NullChannel:
    """Accepts every reply at once, so the figure is the bot's own cost."""

    async def send(self, recipient: str, reply: Reply) -> None:
        """Drop the reply."""


async def _person(engine: Engine, person: int, turns: int, latencies: list[float]) -> None:
    for n in range(turns):
        text = SCRIPT[n % len(SCRIPT)]
        started = time.perf_counter()
        await engine.handle(Incoming("bench", f"p{person}", f"p{person}-{n}", text))
        latencies.append(time.perf_counter() - started)


async def engine_rate(
    folder: Path, people: int, turns: int, durability: str = "normal"
) -> tuple[float, float, float]:
    """Turns/second, p50 and p99 latency (ms) with `people` chatting at once."""
    latencies: list[float] = []
    channels = {"bench": NullChannel()}
    async with open_app("mishkat", folder / "bot.sqlite3", channels, durability=durability) as app:
        started = time.perf_counter()
        await asyncio.gather(
            *(_person(app.engine, person, turns, latencies) for person in range(people))
        )
        elapsed = time.perf_counter() - started
        await app.outbox.deliver_due()
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000


async def telegram_rate(folder: Path, people: int, turns: int, limited: bool) -> float:
    """Turns/second from updates polled by PTB to replies accepted by the fake Bot API.

    Everyone writes, then waits until each of them was answered, `turns` times. With
    `limited`, the channel's Pacer keeps to Telegram's limits, as in production.
    """
    async with FakeBotAPI() as api:
        channel = TelegramChannel(api.token, api.root, webhook=False, rate_limited=limited)
        async with open_app("mishkat", folder / "bot.sqlite3", {CHANNEL: channel}) as app:
            site = await assemble(app, Platforms(channel), None)
            async with site.router.lifespan_context(site):
                answered = _Answered(api)
                users = [9000 + person for person in range(people)]
                started = time.perf_counter()
                for n in range(turns):
                    before = dict(answered.count)
                    for user in users:
                        api.push(api.message(user, SCRIPT[n % len(SCRIPT)]))
                    await api.wait_for(lambda b=before: answered.all_beyond(users, b), 300)
                elapsed = time.perf_counter() - started
    return people * turns / elapsed


class _Answered:
    """Replies accepted per chat, counted from the fake's record as it grows."""

    def __init__(self, api: FakeBotAPI) -> None:
        self._api = api
        self._read = 0
        self.count: dict[int, int] = {}

    def all_beyond(self, users: list[int], before: dict[int, int]) -> bool:
        for call in self._api.calls[self._read :]:
            if call.method == "sendMessage" and call.error is None:
                chat = int(call.params["chat_id"])
                self.count[chat] = self.count.get(chat, 0) + 1
        self._read = len(self._api.calls)
        return all(self.count.get(user, 0) > before.get(user, 0) for user in users)


async def whatsapp_rate(folder: Path, people: int, turns: int) -> tuple[float, float, float]:
    """Turns/second from signed Twilio webhooks (through the ASGI app) to replies accepted
    by a fake Twilio over HTTP; and p50/p99 (ms) of answering the webhook itself."""
    async with FakeTwilio() as twilio:
        channel = WhatsAppChannel(ACCOUNT, TOKEN, SENDER, twilio.root, PUBLIC)
        async with open_app("mishkat", folder / "bot.sqlite3", {WA: channel}) as app:
            site = await assemble(app, Platforms(whatsapp=channel), PUBLIC)
            transport = httpx.ASGITransport(app=site)
            acks: list[float] = []
            async with (
                site.router.lifespan_context(site),
                httpx.AsyncClient(transport=transport, base_url=PUBLIC) as client,
            ):

                async def write(person: int, n: int) -> None:
                    params = {
                        "MessageSid": f"SM{person:08d}{n:024d}",
                        "From": f"whatsapp:+9665{person:08d}",
                        "Body": SCRIPT[n % len(SCRIPT)],
                        "NumMedia": "0",
                    }
                    signed = RequestValidator(TOKEN).compute_signature(f"{PUBLIC}/whatsapp", params)
                    started = time.perf_counter()
                    await client.post(
                        "/whatsapp", data=params, headers={"X-Twilio-Signature": signed}
                    )
                    acks.append(time.perf_counter() - started)

                started = time.perf_counter()
                for n in range(turns):
                    goal = len(twilio.messages) + people
                    await asyncio.gather(*(write(person, n) for person in range(people)))
                    await twilio.wait_for(lambda g=goal: len(twilio.messages) >= g, 300)
                elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(acks, n=100)
    return people * turns / elapsed, cuts[49] * 1000, cuts[98] * 1000


async def bare_rate(folder: Path, count: int) -> float:
    """Inserts/second for one 200-byte row and one commit per message through aiosqlite."""
    async with aiosqlite.connect(folder / "bare.sqlite3", isolation_level=None) as connection:
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        await connection.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, body TEXT)")
        body = "x" * 200
        started = time.perf_counter()
        for _ in range(count):
            await connection.execute("BEGIN")
            await connection.execute("INSERT INTO bare (body) VALUES (?)", (body,))
            await connection.execute("COMMIT")
        return count / (time.perf_counter() - started)


async def main() -> None:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--turns", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        crowd = await engine_rate(folder / "crowd", args.people, args.turns)
        alone = await engine_rate(folder / "alone", 1, 300)
        full = await engine_rate(folder / "full", args.people, args.turns, durability="full")
        full_alone = await engine_rate(folder / "full-alone", 1, 300, durability="full")
        stack = await telegram_rate(folder / "telegram", args.people, args.turns, limited=False)
        limited = await telegram_rate(folder / "limited", 20, 5, limited=True)
        whatsapp = await whatsapp_rate(folder / "whatsapp", args.people, args.turns)
        bare = await bare_rate(folder, 3000)
    print(f"people: {args.people}, turns each: {args.turns}, turns: {args.people * args.turns}")
    for label, (per_s, p50, p99) in (
        ("all at once", crowd),
        ("one person", alone),
        ("all at once, BOT_DURABILITY=full", full),
        ("one person, BOT_DURABILITY=full", full_alone),
    ):
        print(f"engine, {label:11}: {per_s:6.0f} turns/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
    print(f"through Telegram (PTB polling a fake Bot API): {stack:6.0f} turns/s")
    print(f"  the same within Telegram's 30 messages/s (20 people): {limited:6.0f} turns/s")
    per_s, p50, p99 = whatsapp
    print(f"through WhatsApp (signed webhooks, a fake Twilio): {per_s:6.0f} turns/s")
    print(f"  answering Twilio's webhook: p50 {p50:6.2f} ms  p99 {p99:6.2f} ms")
    print(f"bare aiosqlite, one insert + commit per message: {bare:8.0f} /s")
    print(f"ratio engine turns (all at once) / bare inserts: {crowd[0] / bare:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
