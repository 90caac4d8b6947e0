"""The transcript, kept small: one row per turn, and each text the bot says kept once.

A turn (`turns`) holds what the person wrote and the ids of the texts the bot answered,
in order; a text (`texts`) is stored once however many people it is said to, and the
consents refer to their notice the same way. The schema counts each text's uses and
deletes it with the last turn or consent that refers to it (migration 0016), so whatever
deletes turns (an erasure, retention, an expired draft) deletes what only they said.
The `messages` view shows the transcript one message a row, as it was stored before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.storage.database import Changes

_TEXT = "INSERT INTO texts (digest, body) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING"
TEXT_ID = "(SELECT id FROM texts WHERE digest = ?)"
"""The id of the text of a digest, in a statement queued after `keep` kept it."""
_TURN = (
    "INSERT INTO turns (user_key, at, text, payload, replies, ticket_id) VALUES (?, ?, ?, ?,"
    " (SELECT json_group_array(x.id) FROM json_each(?) d CROSS JOIN texts x"
    " ON x.digest = d.value), (SELECT id FROM tickets WHERE ref = ?))"
)
FORGET_PERSON = "DELETE FROM turns WHERE user_key = ?"
FORGET_TICKET = "DELETE FROM turns WHERE ticket_id = ?"
FORGET_SINCE = "DELETE FROM turns WHERE user_key = ? AND at >= ? AND ticket_id IS NULL"
"""A person's turns since a moment that belong to no ticket (a draft's, when it expires)."""


@lru_cache(maxsize=1024)
def digest(text: str) -> str:
    """What a text is looked up by: the first 128 bits of its SHA-256, in hex; remembered,
    as the same questions and menus are said to everyone."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def keep(changes: Changes, texts: Sequence[str]) -> list[str]:
    """Queue each of `texts` to be kept unless it is already; their digests, in order.

    Queued even when there are none, so that in every unit the texts come before the
    turns and consents that refer to them (see Changes: a group commit runs each SQL
    where it first appears).
    """
    digests = [digest(text) for text in texts]
    changes.add_many(_TEXT, zip(digests, texts, strict=True))
    return digests


def record(
    changes: Changes,
    user_key: str,
    at: str,
    wrote: tuple[str, str | None] | None,
    replies: Sequence[str],
    ticket: str | None,
) -> None:
    """Queue one turn: what the person `wrote` (text and JSON payload; None if nothing
    new) and the texts of the replies, at `at`, in the thread of `ticket` if any.

    Like the texts, the turn's SQL is queued even with nothing to record, so that it
    comes before an erasure's deletes in every unit."""
    said = keep(changes, replies)
    text, payload = wrote or (None, None)
    row = (user_key, at, text, payload, json.dumps(said), ticket)
    changes.add_many(_TURN, [row] if wrote or replies else [])
