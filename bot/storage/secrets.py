"""Secrets the bot makes itself once and keeps in its database (the webhook's token, the
website chat's key, the setup link's code)."""

from __future__ import annotations

import secrets

from bot.storage.database import Changes, Database

_READ_VALUE = "SELECT value FROM runtime_values WHERE key = ?"
_FIRST_VALUE = "INSERT OR IGNORE INTO runtime_values (key, value) VALUES (?, ?)"


async def kept(db: Database, name: str, configured: str | None = None, size: int = 32) -> str:
    """The configured secret, else one generated once (`size` random bytes) and kept
    under `name`."""
    if configured:
        return configured
    changes = Changes()
    changes.add(_FIRST_VALUE, (name, secrets.token_urlsafe(size)))
    await db.write(changes)
    row = await db.fetch_one(_READ_VALUE, (name,))
    return str(row[0]) if row else ""
