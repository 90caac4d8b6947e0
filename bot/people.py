"""Whether a person's chat app can still reach them (they may block the bot)."""

from __future__ import annotations

from datetime import datetime

from bot.clock import stamp
from bot.storage.database import Changes

KNOWN = (
    "INSERT INTO users (user_key, channel, address, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (user_key) DO UPDATE SET last_seen = excluded.last_seen"
)
"""The person is known from now on: they wrote, or a staff member took a request for them."""
_REACHABLE = (
    "UPDATE users SET unreachable_at = NULL, unreachable_reason = NULL"
    " WHERE user_key = ? AND unreachable_at IS NOT NULL"
)
_UNREACHABLE = "UPDATE users SET unreachable_at = ?, unreachable_reason = ? WHERE user_key = ?"


def reachability(
    changes: Changes, user_key: str, reachable: bool, reason: str, at: datetime
) -> None:
    """Record that the person can (again) or cannot be reached, and why not."""
    if reachable:
        changes.add(_REACHABLE, (user_key,))
    else:
        changes.add(_UNREACHABLE, (stamp(at), reason[:200], user_key))
