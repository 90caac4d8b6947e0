"""Platform updates kept before they are acknowledged: seen once, replayed after a crash."""

from __future__ import annotations

from datetime import datetime

from bot.clock import stamp
from bot.storage.database import Changes, Database

_SEEN = "SELECT 1 FROM inbound WHERE source = ? AND id = ?"
_KEEP = "INSERT OR IGNORE INTO inbound (source, id, body, received_at) VALUES (?, ?, ?, ?)"
_DONE = "UPDATE inbound SET done_at = ?, body = '' WHERE source = ? AND id = ? AND done_at IS NULL"
_PENDING = "SELECT body FROM inbound WHERE source = ? AND done_at IS NULL ORDER BY received_at"
FORGET = "DELETE FROM inbound WHERE done_at < ?"


async def keep(db: Database, source: str, key: str, body: str, at: datetime) -> bool:
    """Store an update durably; False when it was received before (a redelivery)."""
    if await db.fetch_one(_SEEN, (source, key)):
        return False
    changes = Changes()
    changes.add(_KEEP, (source, key, body, stamp(at)))
    await db.write(changes)
    return True


async def done(db: Database, source: str, key: str, at: datetime) -> None:
    """Mark an update handled; its body is no longer needed."""
    changes = Changes()
    changes.add(_DONE, (stamp(at), source, key))
    await db.write(changes)


async def pending(db: Database, source: str) -> list[str]:
    """Bodies of updates stored but not handled (the process stopped in between)."""
    return [body for (body,) in await db.fetch_all(_PENDING, (source,))]
