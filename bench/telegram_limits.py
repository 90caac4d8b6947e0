"""Telegram at its own limit: the CPU of one Bot API call, and what the bot sustains through
a fake Bot API that keeps Telegram's flood limits, each figure beside its target.

The CPU is measured against a fake Bot API in another process, so only the client's side
counts: the standard library's http.client, python-telegram-bot over its own HTTPXRequest
(PTB's defaults, as shipped before; then connections kept alive for 30 s, not 5) and over
AiohttpRequest; then paced to Telegram's limits, as shipped before (HTTPXRequest and PTB's
AIORateLimiter) and now (the channel: AiohttpRequest and the Pacer). HTTP/2 is not measured:
h2 is not installed, and the fake (uvicorn) speaks HTTP/1.1 only. Then `--people`
people chat with the whole bot for `--seconds` (each writes again once answered; every
fourth asks for staff midway and then waits for them), through a fake that answers 429 as
Telegram does; printed: messages a second in all, per chat and per group, the 429s, and
whether every chat's replies came in the order the bot wrote them.

    python bench/telegram_limits.py [--people 100] [--seconds 75] [--calls 600]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
from telegram import Bot
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.turns import SCRIPT
from bot.app import open_app
from bot.channels.staff_group import StaffGroup
from bot.channels.telegram import CHANNEL, TelegramChannel
from bot.channels.telegram_sending import AiohttpRequest
from bot.desk.roles import Roles
from bot.serve import Platforms, assemble
from conversations.messages import Reply
from tests.fakes.bot_api import SEND_METHODS, Call, FakeBotAPI, Limits

TOKEN = FakeBotAPI().token
FIRST = 9000
"""The first person's chat id."""
GROUP = -1001
TEXT = "مرحبا بك في الجمعية، كيف نخدمك اليوم؟"
AT_ONCE = 100
PACED = 150
"""Calls through the paced stacks (about five seconds at 30 a second)."""
STAFF_TURN = 2
"""The turn at which every fourth person asks for staff (and then waits for them)."""
ASK_STAFF = "ابي اكلم موظف"
TARGET = 0.8
"""Of Telegram's limits, sustained (issue 25)."""


# -- CPU per call --------------------------------------------------------------------------


async def serve_fake() -> None:
    """Run a fake Bot API (no flood limits) until killed; print its root URL first."""
    async with FakeBotAPI() as api:
        print(api.root, flush=True)
        await asyncio.Event().wait()


def stdlib_cpu(root: str, calls: int) -> float:
    """CPU ms per sendMessage over one kept-alive http.client connection, answer parsed."""
    parts = urlsplit(root)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    body = urlencode({"chat_id": FIRST, "text": TEXT})
    started = time.process_time()
    for _ in range(calls):
        connection.request("POST", f"/bot{TOKEN}/sendMessage", body, headers)
        json.loads(connection.getresponse().read())
    connection.close()
    return (time.process_time() - started) / calls * 1000


async def cpu_per_call(send: Callable[[int], Awaitable[object]], calls: int, at_once: int) -> float:
    """CPU ms per call of `send(chat)`, `at_once` chats at a time (after one warming round)."""
    await asyncio.gather(*(send(FIRST + n) for n in range(at_once)))
    started = time.process_time()
    for _ in range(calls // at_once):
        await asyncio.gather(*(send(FIRST + n) for n in range(at_once)))
    return (time.process_time() - started) / (calls // at_once * at_once) * 1000


async def ptb_cpu(root: str, request: BaseRequest, calls: int, at_once: int) -> float:
    """CPU ms per Bot.send_message over `request`."""
    async with Bot(TOKEN, base_url=f"{root}/bot", request=request) as bot:
        return await cpu_per_call(lambda chat: bot.send_message(chat, TEXT), calls, at_once)


async def paced_before_cpu(root: str, calls: int) -> float:
    """CPU ms per send_message as the channel was built before: HTTPXRequest, AIORateLimiter."""
    limiter = AIORateLimiter(max_retries=1)
    async with ExtBot(TOKEN, base_url=f"{root}/bot", rate_limiter=limiter) as bot:
        return await cpu_per_call(lambda chat: bot.send_message(chat, TEXT), calls, AT_ONCE)


async def paced_now_cpu(root: str, calls: int) -> float:
    """CPU ms per TelegramChannel.send as shipped (AiohttpRequest, Pacer)."""
    channel = TelegramChannel(TOKEN, root, webhook=True)
    await channel.application.initialize()
    try:
        return await cpu_per_call(lambda chat: channel.send(str(chat), Reply(TEXT)), calls, AT_ONCE)
    finally:
        await channel.close()


TRANSPORTS: tuple[tuple[str, Callable[[], BaseRequest]], ...] = (
    ("PTB + HTTPXRequest, PTB's defaults (before)", HTTPXRequest),
    (
        "PTB + HTTPXRequest, kept alive 30 s",
        lambda: HTTPXRequest(
            httpx_kwargs={"limits": httpx.Limits(max_connections=256, keepalive_expiry=30)}
        ),
    ),
    ("PTB + AiohttpRequest (now)", AiohttpRequest),
)


async def cpu_figures(calls: int) -> None:
    """Print CPU ms per call for each client, against a fake in another process."""
    fake = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", stdout=asyncio.subprocess.PIPE
    )
    assert fake.stdout is not None
    root = (await fake.stdout.readline()).decode().strip()
    try:
        print(f"CPU per Bot API call (sendMessage, {calls} calls, fake in another process):")
        base = stdlib_cpu(root, calls)
        print(f"  {'stdlib http.client, one after another':46} {base:6.3f} ms")
        for label, make in TRANSPORTS:
            alone = await ptb_cpu(root, make(), calls, 1)
            crowd = await ptb_cpu(root, make(), calls, AT_ONCE)
            print(
                f"  {label:46} {alone:6.3f} ms one after another ({alone / base:4.1f}x stdlib),"
                f" {crowd:6.3f} ms {AT_ONCE} at once"
            )
        before = await paced_before_cpu(root, PACED)
        now = await paced_now_cpu(root, PACED)
        print(
            f"  paced to Telegram's limits, {AT_ONCE} at once: before (HTTPXRequest,"
            f" AIORateLimiter) {before:6.3f} ms, now (the channel) {now:6.3f} ms"
        )
    finally:
        fake.kill()
        await fake.wait()


# -- sustained through the fake -----------------------------------------------------------------


class Answers:
    """Per chat, how many messages were accepted so far; wakes whoever waits for the next."""

    def __init__(self, api: FakeBotAPI) -> None:
        self._api = api
        self._read = 0
        self.count: dict[int, int] = {}
        self._waiting: dict[int, asyncio.Event] = {}

    def read(self) -> bool:
        """Take in the calls since the last read (the fake asks after every request); never
        done (the reader is cancelled)."""
        for call in self._api.calls[self._read :]:
            chat = call.params.get("chat_id")
            if call.method in SEND_METHODS and call.error is None and isinstance(chat, int):
                self.count[chat] = self.count.get(chat, 0) + 1
                if chat in self._waiting:
                    self._waiting.pop(chat).set()
        self._read = len(self._api.calls)
        return False

    async def next(self, chat: int, seen: int) -> None:
        """Return once `chat` has more than `seen` messages."""
        while self.count.get(chat, 0) <= seen:
            await self._waiting.setdefault(chat, asyncio.Event()).wait()


async def person(api: FakeBotAPI, answers: Answers, chat: int, until: float) -> None:
    """Write, wait to be answered, write again, until `until`; every fourth person asks for
    staff at STAFF_TURN and then waits for them."""
    turn = 0
    while time.monotonic() < until:
        staff = chat % 4 == 0 and turn == STAFF_TURN
        seen = answers.count.get(chat, 0)
        api.push(api.message(chat, ASK_STAFF if staff else SCRIPT[turn % len(SCRIPT)]))
        await answers.next(chat, seen)
        if staff:
            return
        turn += 1


async def sustained(folder: Path, people: int, seconds: float) -> None:
    """Everyone chatting for `seconds` through a fake that keeps Telegram's limits."""
    async with FakeBotAPI() as api:
        api.limits = limits = Limits()
        api.expect_refusals("Too Many Requests")  # counted in the report, not raised
        api.members[GROUP] = {}
        channel = TelegramChannel(api.token, api.root, webhook=False)
        group = StaffGroup(channel, GROUP, None, frozenset())
        db = folder / "bot.sqlite3"
        async with open_app(
            "mishkat", db, {CHANNEL: channel}, roles=Roles.parse("", ""), desk_channel=group
        ) as app:
            site = await assemble(app, Platforms(channel, group=group), None)
            async with site.router.lifespan_context(site):
                answers = Answers(api)
                reading = asyncio.create_task(api.wait_for(answers.read, seconds + 600))
                started = time.monotonic()
                chats = [FIRST + n for n in range(people)]
                await asyncio.gather(
                    *(person(api, answers, chat, started + seconds) for chat in chats)
                )
                reading.cancel()
        wrote = transcript(db)
    calls = [call for call in api.calls if started <= call.at <= started + seconds]
    report(limits, calls, seconds, people, api, wrote)


def transcript(db: Path) -> dict[int, list[str]]:
    """What the bot wrote to each person, in order."""
    with sqlite3.connect(db) as connection:
        found = connection.execute(
            "SELECT user_key, text FROM messages WHERE direction = 'out' ORDER BY id"
        ).fetchall()
    wrote: dict[int, list[str]] = {}
    for user_key, text in found:
        channel, _sep, address = str(user_key).partition(":")
        if channel == CHANNEL:
            wrote.setdefault(int(address), []).append(text)
    return wrote


def most_within(times: Iterable[float], seconds: float) -> int:
    """The most of `times` within any `seconds`."""
    ordered, most, first = sorted(times), 0, 0
    for last, at in enumerate(ordered):
        while ordered[first] < at - seconds:
            first += 1
        most = max(most, last - first + 1)
    return most


def report(
    limits: Limits,
    calls: list[Call],
    elapsed: float,
    people: int,
    api: FakeBotAPI,
    wrote: dict[int, list[str]],
) -> None:
    """Print the figures beside Telegram's limits and the targets."""
    accepted = [c for c in calls if c.error is None and isinstance(c.params.get("chat_id"), int)]
    sends = [c for c in accepted if c.method in SEND_METHODS]
    private = [c for c in accepted if c.params["chat_id"] > 0 and not c.method.startswith("get")]
    grouped = [c for c in accepted if c.params["chat_id"] < 0 and not c.method.startswith("get")]
    per_chat: dict[int, list[float]] = {}
    for call in private:
        per_chat.setdefault(call.params["chat_id"], []).append(call.at)
    floods = [v for v in api.violations if v.answered and "Too Many Requests" in v.answered]
    rate = limits.per_second
    print(
        f"\n{people} people for {elapsed:.0f} s through a fake Bot API keeping Telegram's limits:"
    )
    peak = most_within((c.at for c in sends), 1)
    print(
        f"  messages/s in all: {len(sends) / elapsed:5.1f}, at most {peak} in any second"
        f"  target >= {TARGET} x {rate:.0f}/s = {TARGET * rate:.0f}/s, limit {rate:.0f}/s"
    )
    busiest = max((len(times) / elapsed for times in per_chat.values()), default=0.0)
    burst = max((most_within(times, 1) for times in per_chat.values()), default=0)
    print(
        f"  per private chat (sends and edits): busiest {busiest:4.2f}/s, at most {burst} in"
        " any second"
        f"  limit {limits.chat_per_second:.0f}/s (bursts of {limits.chat_burst} allowed)"
    )
    print(
        f"  per group: {len(grouped)} calls, at most {most_within((c.at for c in grouped), 60)}"
        f" in any minute  limit {limits.group_per_minute}/min"
    )
    print(f"  answered 429 (over a limit, or before a 429's wait): {len(floods)}")
    to_people = [c for c in sends if c.params["chat_id"] > 0]
    disordered = [chat for chat in per_chat if not in_order(chat, to_people, wrote)]
    print(f"  replies in the order written, in all {len(per_chat)} chats: {not disordered}")


def in_order(chat: int, sends: list[Call], wrote: dict[int, list[str]]) -> bool:
    """Whether `chat` received what the bot wrote to it, in that order (so far)."""
    received = [call.params.get("text", "") for call in sends if call.params["chat_id"] == chat]
    return received == wrote.get(chat, [])[: len(received)]


async def main() -> None:
    """Both measurements, printed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=75)
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        await serve_fake()
        return
    await cpu_figures(args.calls)
    with tempfile.TemporaryDirectory() as tmp:
        await sustained(Path(tmp), args.people, args.seconds)


if __name__ == "__main__":
    asyncio.run(main())
