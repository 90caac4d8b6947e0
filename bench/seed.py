"""A database of realistic history: tickets of every kind spread over past weeks, with their
events, surveys and answers, written straight into SQLite (the schema the bot migrated).

    python bench/seed.py DB --tickets 1000000 --days 1095
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.clock import RIYADH, stamp
from bot.storage.database import Database
from conversations import references

KINDS = (("request", 0.6), ("complaint", 0.15), ("suggestion", 0.1), ("volunteer", 0.1))
SERVICES = ("دعم تعليمي", "دورات وبرامج تثقيفية", "مستلزمات وأدوات دراسية", "إرشاد تعليمي")
CITIES = ("بريدة", "الرياض", "عنيزة", "الرس", "جدة")
BATCH = 20_000
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
_QUESTIONS = ("overall", "courtesy", "clarity", "speed")


def _national_id(n: int) -> str:
    """A valid-looking Saudi ID (the check digit is not the point here)."""
    return f"1{n:09d}"[:10]


def _rows(
    tickets: int, days: int, now: datetime, chance: random.Random
) -> Iterator[tuple[list[tuple[object, ...]], ...]]:
    """Batches of (tickets, events, surveys, answers) rows."""
    batch: tuple[list[tuple[object, ...]], ...] = ([], [], [], [], [])
    kinds = [kind for kind, _share in KINDS]
    weights = [share for _kind, share in KINDS]
    for n in range(1, tickets + 1):
        created = now - timedelta(seconds=chance.uniform(0, days * 86400))
        kind = chance.choices(kinds, weights)[0]
        age = now - created
        claimed = created + timedelta(hours=chance.uniform(1, 96))
        closed = claimed + timedelta(days=chance.uniform(1, 30))
        stage = "received"
        if claimed < now:
            stage = "claimed" if kind != "complaint" else "in_progress"
        if closed < now:
            stage = "closed"
        channel = chance.choice(("telegram", "whatsapp", "whatsapp"))
        address = f"{chance.randrange(tickets * 2 // 3 + 1):09d}"  # some people ask again
        user_key = f"{channel}:{address}"
        batch[4].append((user_key, channel, address, stamp(created), stamp(created)))
        service = chance.choice(SERVICES) if kind == "request" else None
        data = {
            "full_name": f"مستفيد {n}",
            "national_id": _national_id(n),
            "mobile": f"+9665{n % 100000000:08d}",
            "city": chance.choice(CITIES),
        }
        due = created + timedelta(days=14)
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
                stamp(created),
                stamp(min(closed, now)),
                stamp(due) if kind == "request" else None,
                "7001" if stage != "received" else None,
                stamp(claimed) if stage != "received" else None,
                stamp(closed) if stage == "closed" else None,
                (claimed - created).total_seconds() / 3600 if stage != "received" else None,
                (closed - created).total_seconds() / 3600 if stage == "closed" else None,
            )
        )
        batch[1].append((n, stamp(created), "person", "submitted", "received"))
        if stage != "received":
            batch[1].append((n, stamp(claimed), "7001", "stage", "claimed"))
        if stage == "closed" and age > timedelta(days=2):
            batch[1].append((n, stamp(closed), "7001", "stage", "closed"))
            invited = closed + timedelta(days=1)
            answered = chance.random() < 0.4
            status = "answered" if answered else chance.choice(("expired", "declined"))
            batch[2].append((n, status, stamp(invited), stamp(invited), stamp(invited)))
            if answered:
                for question in _QUESTIONS:
                    score = chance.choices((1, 2, 3, 4, 5), (1, 1, 2, 4, 6))[0]
                    batch[3].append((n, question, score, channel, service, kind, stamp(invited)))
                batch[3].append(
                    (n, "need_met", chance.random() < 0.8, channel, service, kind, stamp(invited))
                )
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
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA synchronous=OFF")
        for rows, events, surveys, answers, users in _rows(tickets, days, now, chance):
            connection.executemany(_USER, users)
            connection.executemany(_TICKET, rows)
            connection.executemany(_EVENT, events)
            connection.executemany(_SURVEY, surveys)
            connection.executemany(_ANSWER, answers)
        connection.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=1095)
    args = parser.parse_args()
    asyncio.run(seed(args.db, args.tickets, args.days, datetime.now(RIYADH)))


if __name__ == "__main__":
    main()
