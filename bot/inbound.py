"""Platform updates read whole, kept before they are acknowledged: seen once, replayed
after a crash."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.clock import stamp
from bot.storage.database import Changes, Database
from conversations.text import whole

_SEEN = "SELECT 1 FROM inbound WHERE source = ? AND id = ?"
_KEEP = "INSERT OR IGNORE INTO inbound (source, id, body, received_at) VALUES (?, ?, ?, ?)"
_DONE = "UPDATE inbound SET done_at = ?, body = '' WHERE source = ? AND id = ? AND done_at IS NULL"
_PENDING = "SELECT body FROM inbound WHERE source = ? AND done_at IS NULL ORDER BY received_at"
FORGET = "DELETE FROM inbound WHERE done_at < ?"
LONGEST_ID = 64
"""Characters (or digits) an id from outside may have: a person's, a message's, an
update's, a staff member's, a ticket's. Platforms' are far shorter (Telegram's are
64-bit numbers, Twilio's SIDs 34 characters); a longer one is refused where it is read."""


def parse(body: str | bytes) -> Any:
    """JSON from outside (an update, a console line) with every text in it whole (`whole`).

    Raises ValueError, saying why, for anything else: not JSON, nested too deep to
    follow, or holding a whole number longer than any id.
    """
    try:
        return _whole(json.loads(body, parse_int=_whole_number))
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > LONGEST_ID:
        raise ValueError(f"a number of more than {LONGEST_ID} digits")
    return int(digits)


def _whole(value: Any) -> Any:
    if isinstance(value, str):
        return whole(value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {whole(key): _whole(item) for key, item in value.items()}
    return value


async def keep(db: Database, source: str, key: str, body: str, at: datetime) -> bool:
    """Store an update durably; False when it was received before (a redelivery)."""
    if await db.fetch_one(_SEEN, (source, key)):
        return False
    changes = Changes()
    keeping(changes, source, key, body, at)
    await db.write(changes)
    return True


def keeping(changes: Changes, source: str, key: str, body: str, at: datetime) -> None:
    """Store an update with `changes` (once: a redelivery changes nothing)."""
    changes.add(_KEEP, (source, key, body, stamp(at)))


async def done(db: Database, source: str, key: str, at: datetime) -> None:
    """Mark an update handled; its body is no longer needed."""
    changes = Changes()
    finished(changes, source, key, at)
    await db.write(changes)


def finished(changes: Changes, source: str, key: str, at: datetime) -> None:
    """Mark an update handled with `changes`."""
    changes.add(_DONE, (stamp(at), source, key))


async def pending(db: Database, source: str) -> list[str]:
    """Bodies of updates stored but not handled (the process stopped in between)."""
    return [body for (body,) in await db.fetch_all(_PENDING, (source,))]
