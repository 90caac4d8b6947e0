"""The writer: people's turns first, housekeeping when they are answered."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage.database import Changes, Database

_NOTE = "INSERT INTO runtime_values (key, value) VALUES (?, ?)"


def _note(key: str) -> Changes:
    changes = Changes()
    changes.add(_NOTE, (key, "x"))
    return changes


async def test_housekeeping_queued_first_is_committed_after_peoples_turns(
    db_path: Path,
) -> None:
    db = await Database.open(db_path)
    committed: list[str] = []
    db.watch(lambda changes: committed.extend(str(row[0]) for row in changes.statements[_NOTE]))
    try:
        await asyncio.gather(
            db.write(_note("retention"), background=True),
            db.write(_note("turn of p1")),
            db.write(_note("turn of p2")),
        )
    finally:
        await db.close()
    assert committed == ["turn of p1", "turn of p2", "retention"]


async def test_housekeeping_is_never_starved_by_a_stream_of_turns(db_path: Path) -> None:
    db = await Database.open(db_path)
    committed: list[str] = []
    db.watch(lambda changes: committed.extend(str(row[0]) for row in changes.statements[_NOTE]))

    async def person(n: int) -> None:
        for turn in range(40):
            await db.write(_note(f"p{n}-{turn}"))

    try:
        await asyncio.gather(db.write(_note("retention"), background=True), person(1), person(2))
    finally:
        await db.close()
    assert committed.index("retention") < len(committed) - 2  # it went before the turns ended
