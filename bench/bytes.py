"""Bytes kept per ticket: realistic conversations through the real engine, then the file measured.

Each simulated person (a WhatsApp-like number) goes through a few conversations of
bench/load.py's mix (a request form with an ID, a phone, an amount and a photo; a
complaint; a suggestion; browsing the information; tracking; talking to a person), many
people at once, on a durable database file; the replies are delivered. The file is then
vacuumed and measured twice: as written, and a month on, once the jobs forgot the
delivery bookkeeping (seen message ids, delivered replies) as they do after
`KEEP_DELIVERY_RECORDS`. Printed each time: bytes per ticket, and per table (with its
indexes) bytes per ticket and share of the file.

    python bench/bytes.py [--people 300] [--conversations 3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load import CHANNEL, SCRIPTS, Channel, _incoming
from bot import jobs
from bot.app import open_app
from bot.clock import Clock

_PAGES = (
    "SELECT s.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_schema s ON s.name = d.name"
    " GROUP BY s.tbl_name"
)
_TABLES = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
Measured = tuple[int, int, dict[str, int]]
"""Tickets, the vacuumed file's bytes, and the bytes of each table."""


def conversations(people: int, each: int, seed: int = 1) -> list[list[dict[str, Any]]]:
    """Each person's lines: `each` conversations of the mix, drawn by their weights."""
    chance = random.Random(seed)
    weights = [weight for weight, _script in SCRIPTS]
    scripts = [script for _weight, script in SCRIPTS]
    return [
        [line for script in chance.choices(scripts, weights, k=each) for line in script]
        for _ in range(people)
    ]


async def talk(database: Path, lines: list[list[dict[str, Any]]]) -> None:
    """Everyone writes their lines at once, each waiting for the answer to the last."""
    async with open_app("mishkat", database, {CHANNEL: Channel()}) as app:

        async def person(n: int) -> None:
            for number, line in enumerate(lines[n]):
                await app.engine.handle(_incoming(f"+9665{n:08d}", number, line))

        await asyncio.gather(*(person(n) for n in range(len(lines))))
        await app.outbox.deliver_due()


async def month_on(database: Path) -> None:
    """Run the jobs' tidying of delivery bookkeeping once its month has passed."""
    clock = Clock()
    clock.advance(jobs.KEEP_DELIVERY_RECORDS + timedelta(days=1))
    async with open_app("mishkat", database, {CHANNEL: Channel()}, clock=clock) as app:
        await jobs.tidy(app)


def _row_bytes(connection: sqlite3.Connection, table: str) -> int:
    """The bytes of every value in `table` (without SQLite's own overhead)."""
    columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
    total = " + ".join(f'coalesce(length(CAST("{c}" AS BLOB)), 0)' for c in columns)
    return int(connection.execute(f'SELECT coalesce(sum({total}), 0) FROM "{table}"').fetchone()[0])


def per_table(connection: sqlite3.Connection) -> dict[str, int]:
    """Bytes per table with its indexes: pages from dbstat, or the values' sizes without it."""
    try:
        return {name: int(size) for name, size in connection.execute(_PAGES)}
    except sqlite3.OperationalError:  # SQLite built without dbstat
        tables = [name for (name,) in connection.execute(_TABLES)]
        return {table: _row_bytes(connection, table) for table in tables}


def measure(database: Path) -> Measured:
    """Vacuum the file, then measure it."""
    with closing(sqlite3.connect(database, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("VACUUM")
        [(tickets,)] = connection.execute("SELECT count(*) FROM tickets").fetchall()
        tables = per_table(connection)
    return tickets, database.stat().st_size, tables


def report(title: str, measured: Measured) -> list[str]:
    """The lines printed: the file per ticket, then each table, largest first."""
    tickets, size, tables = measured
    lines = [f"{title}: {tickets} tickets, {size:,} bytes, {size / tickets:,.0f} bytes per ticket"]
    lines.append("  table                    bytes/ticket   share")
    for name, kept in sorted(tables.items(), key=lambda item: -item[1]):
        if kept / size >= 0.005:
            lines.append(f"  {name:24} {kept / tickets:12,.0f} {kept / size:7.1%}")
    return lines


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--conversations", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bot.sqlite3"
        await talk(database, conversations(args.people, args.conversations))
        print("\n".join(report("as written", measure(database))))
        await month_on(database)
        print("\n".join(report("a month on", measure(database))))


if __name__ == "__main__":
    asyncio.run(main())
