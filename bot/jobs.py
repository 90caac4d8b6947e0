"""Work that falls due with time rather than with a message: run by the clock."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.app import App
from bot.clock import stamp
from bot.storage.database import Changes
from bot.tickets import FORGET
from conversations import forms

_IDLE_WITH_DRAFTS = (
    "SELECT user_key FROM conversations WHERE updated_at < ? AND instr(state, '\"drafts\"') > 0"
)
_STATE = "SELECT state FROM conversations WHERE user_key = ?"
_SAVE = "UPDATE conversations SET state = ? WHERE user_key = ?"


async def expire_drafts(app: App) -> int:
    """Delete drafts abandoned past the policy's period, with the transcript typed into them."""
    limit = timedelta(days=app.policy.timings.draft_expiry_days)
    now = app.clock.now()
    db = app.database
    expired = 0
    for (user_key,) in await db.fetch_all(_IDLE_WITH_DRAFTS, (stamp(now - limit),)):
        async with app.engine.locks.hold(user_key):
            row = await db.fetch_one(_STATE, (user_key,))
            state = json.loads(row[0]) if row else {}
            began = forms.drop_stale(state, now, limit)
            if began is None:
                continue
            changes = Changes()
            changes.add(_SAVE, (json.dumps(state, ensure_ascii=False), user_key))
            changes.add(FORGET, (user_key, stamp(began)))
            await db.write(changes)
            expired += 1
    return expired


async def run_due(app: App) -> None:
    """Everything that may have fallen due: expired drafts, then replies waiting to go out."""
    await expire_drafts(app)
    await app.outbox.deliver_due()
