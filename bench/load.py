"""People as they really use the bot, under load: the honest benchmark.

Each simulated person follows a conversation from the presets (a request form with an
ID, a phone, an amount and a photo to its reference number; a complaint; a suggestion;
browsing the information; tracking; talking to a person), waits for the reply, pauses,
and writes again. Replies go through the outbox to a channel that accepts them at once,
on a durable database file. Printed per number of people: turns/s, the turn's p50/p99,
and the time until its reply was handed to the channel, p50/p99; then the delivered
turns/s with no pauses, and in the same run two physical references: plain sqlite3
committing one row at a time, and the project's own writer committing the same rows
from many writers at once.

    python bench/load.py [--seconds 12] [--pause 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.app import App, open_app
from bot.storage.database import Changes, Database
from conversations.messages import Attachment, AttachmentKind, Incoming, Location, Reply
from tests.conftest import form_answers

CHANNEL = "bench"


def _lines(policy: str, form: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in line.items() if k != "user"} for line in form_answers(policy, form)]


SCRIPTS: tuple[tuple[float, list[dict[str, Any]]], ...] = (
    (
        0.35,
        [
            {"text": "السلام عليكم"},
            {"text": "ابي اقدم طلب"},
            {"text": "1"},
            *_lines("mishkat", "request"),
            {"text": "1"},
            {"text": "1"},
        ],
    ),
    (
        0.15,
        [
            {"text": "مرحبا"},
            {"text": "تقديم شكوى"},
            {"text": "أوافق"},
            *_lines("mishkat", "complaint"),
            {"text": "1"},
        ],
    ),
    (0.1, [{"text": "تقديم مقترح"}, *_lines("mishkat", "suggestion"), {"text": "1"}]),
    (
        0.2,
        [
            {"text": "هلا"},
            {"text": "الإجراءات والمعلومات"},
            {"text": "1"},
            {"text": "حقوقي"},
            {"text": "وين مقركم"},
            {"text": "القائمة"},
        ],
    ),
    (0.1, [{"text": "متابعة طلب"}, {"text": "متى تردون؟"}, {"text": "شكرا"}]),
    # the team acknowledges the first message relayed to it, not every one; choosing a
    # service from the menu ends the conversation with the team
    (
        0.1,
        [
            {"text": "ابي اكلم موظف"},
            {"text": "عندي سؤال عن المساعدات"},
            {"text": "القائمة"},
            {"text": "الإجراءات والمعلومات"},
        ],
    ),
)


def _incoming(person: str, n: int, line: dict[str, Any]) -> Incoming:
    files = ()
    if "attachment" in line:
        files = (Attachment(AttachmentKind.PHOTO, "id.jpg", f"file-{person}-{n}"),)
    where = line.get("location")
    return Incoming(
        CHANNEL,
        person,
        f"{person}-{n}",
        text=line.get("text", ""),
        attachments=files,
        location=Location(where["lat"], where["lon"]) if where else None,
    )


class Channel:
    """Accepts every reply at once and tells the waiting person when theirs went out."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}

    async def send(self, recipient: str, reply: Reply) -> None:
        waiting = self.waiting.pop(recipient, None)
        if waiting and not waiting.done():
            waiting.set_result(time.perf_counter())


class Run:
    """One load: people chatting until the time is up."""

    def __init__(
        self, app: App, channel: Channel, pause: float, seconds: float, waits: bool = True
    ) -> None:
        self.app, self.channel, self.pause, self.seconds = app, channel, pause, seconds
        self.waits = waits
        """Whether people wait for each reply (else: the engine alone, nothing delivered)."""
        self.turns: list[float] = []
        self.began: list[float] = []
        self.replies: list[float] = []
        self.unanswered = 0

    async def person(self, name: str, chance: random.Random) -> None:
        weights = [weight for weight, _script in SCRIPTS]
        deadline = time.perf_counter() + self.seconds
        await asyncio.sleep(chance.uniform(0, self.pause))
        n = 0
        while time.perf_counter() < deadline:
            script = chance.choices([script for _w, script in SCRIPTS], weights)[0]
            for line in script:
                if time.perf_counter() >= deadline:
                    return
                replied = asyncio.get_running_loop().create_future()
                self.channel.waiting[name] = replied
                started = time.perf_counter()
                await self.app.engine.handle(_incoming(name, n, line))
                self.turns.append(time.perf_counter() - started)
                self.began.append(started)
                n += 1
                if not self.waits:
                    continue
                try:
                    sent = await asyncio.wait_for(replied, timeout=10)
                except TimeoutError:
                    self.unanswered += 1
                    continue
                self.replies.append(sent - started)
                await asyncio.sleep(chance.uniform(0.5, 1.5) * self.pause)


def quantiles(values: list[float]) -> tuple[float, float]:
    """p50 and p99 of `values` (seconds), in milliseconds."""
    if len(values) < 2:
        return (values[0] * 1000, values[0] * 1000) if values else (0.0, 0.0)
    cuts = statistics.quantiles(values, n=100)
    return cuts[49] * 1000, cuts[98] * 1000


async def load(
    folder: Path, people: int, pause: float, seconds: float, deliver: bool = True
) -> tuple[float, ...]:
    """Turns/s, turn p50/p99 and reply p50/p99 (ms) for `people` at once; without
    `deliver`, the engine alone (replies stay queued, nobody waits for one)."""
    channel = Channel()
    async with open_app("mishkat", folder / "bot.sqlite3", {CHANNEL: channel}) as app:
        outbox = asyncio.create_task(app.outbox.run() if deliver else asyncio.sleep(0))
        run = Run(app, channel, pause, seconds, waits=deliver)
        chance = random.Random(people)
        started = time.perf_counter()
        await asyncio.gather(*(run.person(f"p{n}", chance) for n in range(people)))
        elapsed = time.perf_counter() - started
        outbox.cancel()
    if run.unanswered:
        print(f"  ({run.unanswered} turns had no reply within 10 s)")
    return (len(run.turns) / elapsed, *quantiles(run.turns), *quantiles(run.replies))


def plain_sqlite(folder: Path, count: int) -> float:
    """Rows/s with plain sqlite3: one 200-byte insert and one commit each (WAL, NORMAL)."""
    with sqlite3.connect(folder / "plain.sqlite3", isolation_level=None) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, body TEXT)")
        body = "x" * 200
        started = time.perf_counter()
        for _ in range(count):
            connection.execute("BEGIN")
            connection.execute("INSERT INTO bare (body) VALUES (?)", (body,))
            connection.execute("COMMIT")
        return count / (time.perf_counter() - started)


async def own_writer(folder: Path, count: int, writers: int = 200) -> float:
    """Rows/s through the project's writer, `writers` at once (it commits them in groups)."""
    db = await Database.open(folder / "writer.sqlite3")
    try:
        changes_for = Changes()
        changes_for.add("CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, body TEXT)", ())
        await db.write(changes_for)

        def rows() -> Iterator[Changes]:
            for _ in range(count // writers):
                changes = Changes()
                changes.add("INSERT INTO bare (body) VALUES (?)", ("x" * 200,))
                yield changes

        async def writer() -> None:
            for changes in rows():
                await db.write(changes)

        started = time.perf_counter()
        await asyncio.gather(*(writer() for _ in range(writers)))
        return count / (time.perf_counter() - started)
    finally:
        await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--pause", type=float, default=3.0)
    args = parser.parse_args()
    print(f"realistic mix, {args.pause:g} s pauses, {args.seconds:g} s per load, durable file")
    print("people  turns/s   turn p50   turn p99   reply p50   reply p99  (ms)")
    with tempfile.TemporaryDirectory() as tmp:
        for people in (1, 50, 500, 2000):
            folder = Path(tmp) / f"p{people}"
            folder.mkdir()
            per_s, t50, t99, r50, r99 = await load(folder, people, args.pause, args.seconds)
            print(f"{people:6} {per_s:8.1f} {t50:10.2f} {t99:10.2f} {r50:11.2f} {r99:11.2f}")
        busy = Path(tmp) / "busy"
        busy.mkdir()
        delivered, t50, t99, r50, r99 = await load(busy, 500, 0.0, args.seconds)
        print(
            f"no pauses, 500 people: {delivered:.0f} delivered turns/s"
            f" (turn p99 {t99:.1f} ms, reply p99 {r99:.1f} ms)"
        )
        alone = Path(tmp) / "alone"
        alone.mkdir()
        engine, *_rest = await load(alone, 500, 0.0, args.seconds, deliver=False)
        print(f"the engine alone, same mix, 500 people: {engine:.0f} turns/s")
        print(f"delivered turns/s / engine-alone turns/s: {delivered / engine:.2f}")
        plain = plain_sqlite(Path(tmp), 5000)
        own = await own_writer(Path(tmp), 20000)
    print(f"plain sqlite3, one insert + commit: {plain:8.0f} rows/s")
    print(f"the bot's writer, 200 writers at once: {own:8.0f} rows/s")
    print(f"delivered turns/s / plain sqlite3 rate: {delivered / plain:.3f}")


if __name__ == "__main__":
    asyncio.run(main())
