"""A database of realistic history: tickets of every kind spread over past weeks, with their
events, surveys and answers, written straight into SQLite (the schema the bot migrated).

Tickets are numbered in the order they came in, as the bot numbers them. The fill is one
transaction with the indexes dropped and made again after it (sorting once is far cheaper
than updating a dozen indexes per row): 1,000,000 tickets in about 90 s. Like the bot's own
database, it has no ANALYZE statistics, so queries are planned as they would be there.
`cached` keeps a seeded file under the cache folder (one per schema version, per day), so a
benchmark run again the same day starts at once.

    python bench/seed.py DB --tickets 1000000 --days 1095
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.clock import RIYADH
from bot.storage.database import Database, migrations
from conversations import references
from conversations.understanding.trained import cache_folder

KINDS = (("request", 0.6), ("complaint", 0.15), ("suggestion", 0.1), ("volunteer", 0.1))
SERVICES = ("دعم تعليمي", "دورات وبرامج تثقيفية", "مستلزمات وأدوات دراسية", "إرشاد تعليمي")
CITIES = ("بريدة", "الرياض", "عنيزة", "الرس", "جدة")
BATCH = 20_000
HOUR, DAY = 3600.0, 86400.0
_USER = (
    "INSERT OR IGNORE INTO users (user_key, channel, address, first_seen, last_seen)"
    " VALUES (?, ?, ?, ?, ?)"
)
_TICKET = (
    "INSERT INTO tickets (id, ref, kind, title, user_key, channel, stage, service, data,"
    " created_at, updated_at, due_at, claimed_by, claimed_at, closed_at, first_response_hours,"
    " resolution_hours) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_EVENT = "INSERT INTO ticket_events (ticket_id, at, actor, action, stage) VALUES (?, ?, ?, ?, ?)"
_SURVEY = (
    "INSERT INTO surveys (ticket_id, status, due_at, invited_at, answered_at)"
    " VALUES (?, ?, ?, ?, ?)"
)
_ANSWER = (
    "INSERT INTO survey_answers (ticket_id, question, score, answer, channel, service, kind, at)"
    " VALUES (?, ?, ?, NULL, ?, ?, ?, ?)"
)
_INDEXES = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
_QUESTIONS = ("overall", "courtesy", "clarity", "speed")
Rows = list[tuple[object, ...]]


def _national_id(n: int) -> str:
    """A valid-looking Saudi ID (the check digit is not the point here)."""
    return f"1{n:09d}"[:10]


def _stamp(seconds: float) -> str:
    """`bot.clock.stamp` of a moment given in seconds since the epoch."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def _rows(
    tickets: int, days: int, now: datetime, chance: random.Random
) -> Iterator[tuple[Rows, Rows, Rows, Rows, Rows]]:
    """Batches of (tickets, events, surveys, answers, users) rows, oldest ticket first."""
    batch: tuple[Rows, Rows, Rows, Rows, Rows] = ([], [], [], [], [])
    kinds = [kind for kind, _share in KINDS]
    weights = [share for _kind, share in KINDS]
    end = now.timestamp()
    arrivals = sorted(chance.uniform(end - days * DAY, end) for _ in range(tickets))
    for n, created in enumerate(arrivals, 1):
        kind = chance.choices(kinds, weights)[0]
        claimed = created + chance.uniform(1, 96) * HOUR
        closed = claimed + chance.uniform(1, 30) * DAY
        stage = "received"
        if claimed < end:
            stage = "claimed" if kind != "complaint" else "in_progress"
        if closed < end:
            stage = "closed"
        channel = chance.choice(("telegram", "whatsapp", "whatsapp"))
        address = f"{chance.randrange(tickets * 2 // 3 + 1):09d}"  # some people ask again
        user_key = f"{channel}:{address}"
        at, claimed_at, closed_at = _stamp(created), _stamp(claimed), _stamp(closed)
        batch[4].append((user_key, channel, address, at, at))
        service = chance.choice(SERVICES) if kind == "request" else None
        data = {
            "full_name": f"مستفيد {n}",
            "national_id": _national_id(n),
            "mobile": f"+9665{n % 100000000:08d}",
            "city": chance.choice(CITIES),
        }
        taken, done = stage != "received", stage == "closed"
        batch[0].append(
            (
                n,
                references.make(references.FIRST + n),
                kind,
                kind,
                user_key,
                channel,
                stage,
                service,
                json.dumps(data, ensure_ascii=False),
                at,
                closed_at if done else _stamp(min(closed, end)),
                _stamp(created + 14 * DAY) if kind == "request" else None,
                "7001" if taken else None,
                claimed_at if taken else None,
                closed_at if done else None,
                (claimed - created) / HOUR if taken else None,
                (closed - created) / HOUR if done else None,
            )
        )
        batch[1].append((n, at, "person", "submitted", "received"))
        if taken:
            batch[1].append((n, claimed_at, "7001", "stage", "claimed"))
        if done and end - created > 2 * DAY:
            batch[1].append((n, closed_at, "7001", "stage", "closed"))
            invited = _stamp(closed + DAY)
            answered = chance.random() < 0.4
            status = "answered" if answered else chance.choice(("expired", "declined"))
            batch[2].append((n, status, invited, invited, invited))
            if answered:
                for question in _QUESTIONS:
                    score = chance.choices((1, 2, 3, 4, 5), (1, 1, 2, 4, 6))[0]
                    batch[3].append((n, question, score, channel, service, kind, invited))
                met = chance.random() < 0.8
                batch[3].append((n, "need_met", met, channel, service, kind, invited))
        if n % BATCH == 0:
            yield batch
            batch = ([], [], [], [], [])
    yield batch


async def seed(db: Path, tickets: int, days: int, now: datetime, seed_value: int = 1) -> None:
    """Migrate `db` as the bot does, then fill it."""
    await (await Database.open(db)).close()
    await asyncio.to_thread(_fill, db, tickets, days, now, seed_value)


def _fill(db: Path, tickets: int, days: int, now: datetime, seed_value: int) -> None:
    chance = random.Random(seed_value)
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute("BEGIN")
        indexes = connection.execute(_INDEXES).fetchall()
        for name, _sql in indexes:
            connection.execute(f"DROP INDEX {name}")
        for rows, events, surveys, answers, users in _rows(tickets, days, now, chance):
            connection.executemany(_USER, users)
            connection.executemany(_TICKET, rows)
            connection.executemany(_EVENT, events)
            connection.executemany(_SURVEY, surveys)
            connection.executemany(_ANSWER, answers)
        for _name, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


def cached(tickets: int, days: int = 1095) -> Path:
    """A database seeded today with `tickets` over `days`, by this seeding and this schema,
    kept in the cache folder: seeded now if there is none (older ones are removed)."""
    folder = cache_folder() / "bench"
    schema = migrations()
    made = hashlib.sha256(Path(__file__).read_bytes())
    for _version, script in schema:
        made.update(script.encode())
    kind = f"seed-{tickets}-{days}-v{schema[-1][0]}-{made.hexdigest()[:8]}"
    path = folder / f"{kind}-{datetime.now(RIYADH).date().isoformat()}.sqlite3"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(f"seed-{tickets}-{days}-v{schema[-1][0]}-*.sqlite3*"):
            stale.unlink()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        asyncio.run(seed(partial, tickets, days, datetime.now(RIYADH)))
        partial.replace(path)
        partial.with_name(f"{partial.name}.lock").unlink(missing_ok=True)
    return path


def copy(tickets: int, folder: Path, days: int = 1095) -> Path:
    """A copy of the `cached` database in `folder`, for a run to change as it likes."""
    target = folder / "bench.sqlite3"
    shutil.copyfile(cached(tickets, days), target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=1095)
    args = parser.parse_args()
    asyncio.run(seed(args.db, args.tickets, args.days, datetime.now(RIYADH)))


if __name__ == "__main__":
    main()
