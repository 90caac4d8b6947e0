"""A person's data, as the law lets them see, copy and erase it, and as retention ends it.

Erasure removes everything that leads to the person (answers, the conversation, files,
their address on the app, consents, requests' notes) and keeps what the association
counts: tickets with their kind, stage and dates, and survey scores, linked to nobody.
Retention does the same, ticket by ticket, to tickets closed longer ago than the
policy keeps them. Files are removed from disk by the jobs sweep once nothing owns them.

Each erasure is entered in a ledger (`erasures`: a digest of the person and the time,
nothing that leads to them), and `forget_erased` applies the same erasure to another
database file, a backup or a restored copy, for everyone in a ledger it has not erased.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.clock import moment, stamp
from bot.desk import posts
from bot.desk.posts import DeskPost, PostKind
from bot.files import LOCAL
from bot.outbox import enqueue
from bot.storage import transcript
from bot.storage.database import Changes, Database, apply, migrate
from conversations.i18n import N_
from conversations.tickets import (
    Erasure,
    HeldConsent,
    HeldMessage,
    HeldTicket,
    PersonalData,
    Stage,
)

log = logging.getLogger(__name__)

_USER = "SELECT channel, first_seen FROM users WHERE user_key = ?"
_CONSENTS = "SELECT purpose, agreed, at FROM consents WHERE user_key = ? ORDER BY at"
_TICKETS = (
    "SELECT ref, kind, title, stage, created_at, closed_at, data FROM tickets"
    " WHERE user_key = ? ORDER BY created_at"
)
# the view of the transcript, read through the index of turns by person (a value for
# user_key is pushed into each half of the view)
_MESSAGES = "SELECT at, direction, text FROM messages WHERE user_key = ? ORDER BY id"
REQUEST = "INSERT INTO privacy_requests (kind, user_key, at) VALUES (?, ?, ?)"
ERASED = N_(
    "🗑 The person asked to delete their personal data: it is erased, and this ticket is closed."
)

_ERASED_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor, action, stage)"
    " SELECT id, ?, 'person', 'erased', 'closed' FROM tickets WHERE ref = ?"
)
_CLOSE = (
    "UPDATE tickets SET stage = 'closed', updated_at = ?, closed_at = ?,"
    " resolution_hours = (julianday(?) - julianday(created_at)) * 24 WHERE ref = ?"
)
_OF_PERSON = "SELECT id FROM tickets WHERE user_key = ?"
_ERASE = (
    # their words on the way to staff, not yet posted
    "DELETE FROM outbox WHERE channel = 'desk' AND sent_at IS NULL"
    " AND json_extract(payload, '$.kind') = 'thread'"
    " AND json_extract(payload, '$.ticket') IN (SELECT ref FROM tickets WHERE user_key = ?)",
    f"UPDATE ticket_events SET note = NULL WHERE ticket_id IN ({_OF_PERSON}) AND note IS NOT NULL",
    f"UPDATE survey_answers SET answer = NULL WHERE ticket_id IN ({_OF_PERSON})"
    " AND answer IS NOT NULL",
    transcript.FORGET_PERSON,
    "DELETE FROM consents WHERE user_key = ?",
    "DELETE FROM inbox WHERE user_key = ?",
    "DELETE FROM conversations WHERE user_key = ?",
    "UPDATE kept_files SET user_key = NULL WHERE user_key = ?",
    "UPDATE privacy_requests SET user_key = NULL WHERE user_key = ?",
)
_ANONYMISE = (
    "UPDATE tickets SET data = '{}', declaration = NULL, user_key = NULL, anonymised_at = ?"
    " WHERE user_key = ?"
)
_FORGET_USER = "DELETE FROM users WHERE user_key = ?"
_ENTER = "INSERT OR IGNORE INTO erasures (person, at) VALUES (?, ?)"
LEDGER = "SELECT person, at FROM erasures"
_FIRST_SEEN = "SELECT first_seen FROM users WHERE user_key = ?"
_PEOPLE = "SELECT user_key, first_seen FROM users"
_STILL_OPEN = "SELECT ref FROM tickets WHERE user_key = ? AND stage != 'closed'"
_FORGET_ADDRESS = (
    "DELETE FROM outbox WHERE channel = ? AND recipient = ? AND created_at < ?",
    "DELETE FROM whatsapp_windows WHERE address = ?",
    "DELETE FROM whatsapp_messages WHERE address = ?",
)

# Through the index of tickets not yet anonymised (else SQLite walks past those that are),
# counting on the way what anonymising them will change: read here, on the jobs' own
# connection, those pages are in memory when the write (which turns may wait for) runs.
_EXPIRED = (
    "SELECT t.id, t.data,"
    " (SELECT count(*) FROM tickets o WHERE o.user_key = t.user_key),"
    " (SELECT count(*) FROM tickets o WHERE json_extract(o.data, '$.national_id')"
    " = json_extract(t.data, '$.national_id')),"
    " (SELECT count(*) FROM tickets o WHERE json_extract(o.data, '$.mobile')"
    " = json_extract(t.data, '$.mobile')),"
    " (SELECT count(*) FROM ticket_events WHERE ticket_id = t.id),"
    " (SELECT count(*) FROM survey_answers WHERE ticket_id = t.id),"
    " (SELECT count(*) FROM turns WHERE ticket_id = t.id)"
    " FROM tickets t INDEXED BY tickets_to_retire"
    " WHERE t.anonymised_at IS NULL AND t.closed_at < ? LIMIT ?"
)
_RETIRE = (
    # only rows with something to blank: an unchanged row is still written out
    "UPDATE ticket_events SET note = NULL WHERE ticket_id = ? AND note IS NOT NULL",
    "UPDATE survey_answers SET answer = NULL WHERE ticket_id = ? AND answer IS NOT NULL",
    transcript.FORGET_TICKET,
)
_RETIRE_TICKET = (
    "UPDATE tickets SET data = '{}', declaration = NULL, user_key = NULL, anonymised_at = ?"
    " WHERE id = ?"
)
_ORPHAN = "UPDATE kept_files SET user_key = NULL WHERE path = ?"
_UNOWNED = (
    "SELECT path FROM kept_files WHERE user_key IS NULL"
    " UNION SELECT path FROM kept_files WHERE expires_at < ? LIMIT 500"
)
_DROP_FILE = "DELETE FROM kept_files WHERE path = ?"
_BATCH = 2
"""Tickets anonymised in one commit: a few milliseconds, so people's turns never wait."""


async def held(db: Database, user_key: str) -> PersonalData:
    """Everything kept about the person, read in one go."""
    user = await db.fetch_one(_USER, (user_key,))
    consents = tuple(
        HeldConsent(str(purpose), bool(agreed), moment(at))
        for purpose, agreed, at in await db.fetch_all(_CONSENTS, (user_key,))
    )
    tickets = tuple(
        HeldTicket(
            ref,
            kind,
            title,
            Stage(stage),
            moment(created),
            moment(closed) if closed else None,
            json.loads(data),
        )
        for ref, kind, title, stage, created, closed, data in await db.fetch_all(
            _TICKETS, (user_key,)
        )
    )
    messages = tuple(
        HeldMessage(moment(at), direction == "in", text)
        for at, direction, text in await db.fetch_all(_MESSAGES, (user_key,))
    )
    channel = str(user[0]) if user else user_key.partition(":")[0]
    first = moment(user[1]) if user else None
    return PersonalData(channel, first, consents, tickets, messages)


Ledger = dict[str, str]
"""Erasures: the digest of each person erased (see `person`), and when."""


def person(user_key: str, first_seen: str) -> str:
    """The name the ledger knows a person by: a digest of their key and the moment they
    first wrote, both erased with them (a digest of the key alone could be recomputed
    from a phone number)."""
    return hashlib.sha256(f"{user_key}\n{first_seen}".encode()).hexdigest()


async def first_seen_of(db: Database, user_key: str) -> str:
    """When the person first wrote, as stored (what `person` needs to erase them)."""
    row = await db.fetch_one(_FIRST_SEEN, (user_key,))
    return str(row[0]) if row else ""


def erase(
    changes: Changes,
    user_key: str,
    first_seen: str,
    at: datetime,
    erasure: Erasure,
    notice: str | None = None,
) -> None:
    """Erase the person when `changes` commit (after the turn's own writes): open tickets
    closed (staff told `notice`, unless None), then everything that leads to them; and
    enter the erasure in the ledger."""
    stamped = stamp(at)
    for ref in erasure.open_refs:
        changes.add(_ERASED_EVENT, (stamped, ref))
        changes.add(_CLOSE, (stamped, stamped, stamped, ref))
        if notice is None:
            continue
        enqueue(changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.ALERT, ref, notice), stamped)
        enqueue(changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.CARD, ref), stamped)
    for sql in _ERASE:
        changes.add(sql, (user_key,))
    changes.add(_ANONYMISE, (stamped, user_key))
    changes.add(_FORGET_USER, (user_key,))
    channel, _, address = user_key.partition(":")
    for sql in _FORGET_ADDRESS:
        changes.add(sql, (channel, address, stamped) if "outbox" in sql else (address,))
    changes.add(_ENTER, (person(user_key, first_seen), stamped))


def forget_erased(connection: sqlite3.Connection, ledger: Ledger) -> bool:
    """Erase from another database file (a backup, a restored copy), with `erase` as of
    the time of each erasure, everyone in `ledger` it has not erased itself, and enter
    them in its own ledger; whether it changed. Staff are not told again.

    A file from before the ledger is migrated first. A person who wrote again after
    their erasure is a new person (their first message is later): what the file holds
    of that new person stays.
    """
    if not ledger:
        return False
    migrate(connection)
    done = dict(connection.execute(LEDGER).fetchall())
    missing = {name: at for name, at in ledger.items() if name not in done}
    if not missing:
        return False
    changes = Changes()
    for user_key, first in connection.execute(_PEOPLE).fetchall():
        at = missing.pop(person(user_key, first), None)
        if at is not None:
            still_open = tuple(ref for (ref,) in connection.execute(_STILL_OPEN, (user_key,)))
            erase(changes, user_key, first, moment(at), Erasure(still_open))
    changes.add_many(_ENTER, missing.items())  # people who first wrote after this file
    apply(connection, [changes])
    return True


async def retire(db: Database, before: datetime, now: datetime) -> int:
    """Anonymise tickets closed before `before`, a batch at a time; return how many."""
    rows = await db.fetch_all(_EXPIRED, (stamp(before), _BATCH))
    if not rows:
        return 0
    changes = Changes()
    for ticket_id, data, *_counted in rows:
        for sql in _RETIRE:
            changes.add(sql, (ticket_id,))
        changes.add(_RETIRE_TICKET, (stamp(now), ticket_id))
        for ref in _file_refs(json.loads(data)):
            changes.add(_ORPHAN, (ref.removeprefix(LOCAL),))
    await db.write(changes, background=True)
    return len(rows)


async def remove_unowned_files(db: Database, folder: Path, now: datetime) -> int:
    """Delete from disk the files nobody owns any more (erased, retired, expired exports)."""
    rows = await db.fetch_all(_UNOWNED, (stamp(now),))
    if not rows:
        return 0
    for (path,) in rows:
        await asyncio.to_thread(_remove, folder / path)
    changes = Changes()
    changes.add_many(_DROP_FILE, rows)
    await db.write(changes, background=True)
    return len(rows)


def _remove(path: Path) -> None:
    """A kept file, and the folder made for it."""
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


def _file_refs(data: dict[str, Any]) -> list[str]:
    """The refs of files kept here that a ticket's answers name."""
    refs = []
    for value in data.values():
        for item in value if isinstance(value, list) else []:
            ref = item.get("ref", "") if isinstance(item, dict) else ""
            if ref.startswith(LOCAL):
                refs.append(ref)
    return refs
