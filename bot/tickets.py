"""The ticket store: reference numbers, a person's own tickets, and ticket writes for a turn."""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from bot.clock import RIYADH, stamp
from bot.storage.database import Changes, Database
from conversations.tickets import Change, Effects, Stage, TicketView

_INSERT = (
    "INSERT INTO tickets (ref, kind, title, user_key, channel, stage, service, data,"
    " declaration, declared_at, created_at, updated_at, due_at)"
    " VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?)"
)
_FIRST_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor, action, stage)"
    " SELECT id, created_at, 'person', 'submitted', 'received' FROM tickets WHERE ref = ?"
)
_CONSENT = "INSERT INTO consents (user_key, at, agreed, text) VALUES (?, ?, ?, ?)"
_MINE = (
    "SELECT t.ref, t.kind, t.title, t.stage, t.created_at, t.due_at,"
    " json_group_array(json_array(e.at, e.stage, e.note)) FILTER (WHERE e.stage IS NOT NULL)"
    " FROM tickets t LEFT JOIN ticket_events e ON e.ticket_id = t.id"
    " WHERE t.user_key = ? GROUP BY t.id ORDER BY t.created_at DESC, t.id DESC"
)
_STAGE = "UPDATE tickets SET stage = ?, updated_at = ? WHERE ref = ?"
_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor, action, stage, note)"
    " SELECT id, ?, ?, 'stage', ?, ? FROM tickets WHERE ref = ?"
)


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(RIYADH) if text else None


class TicketStore:
    """Tickets in the association's database."""

    def __init__(self, database: Database) -> None:
        self._db = database

    async def new_reference(self) -> str:
        """Six random digits, easy to type on a phone, that no ticket has yet."""
        while True:
            ref = str(100000 + secrets.randbelow(900000))
            if not await self._db.fetch_one("SELECT 1 FROM tickets WHERE ref = ?", (ref,)):
                return ref

    async def mine(self, user_key: str) -> list[TicketView]:
        """The person's tickets, newest first, each with its visible history."""
        views = []
        for ref, kind, title, stage, created, due, events in await self._db.fetch_all(
            _MINE, (user_key,)
        ):
            history = tuple(
                Change(
                    at=datetime.fromisoformat(at).astimezone(RIYADH), stage=Stage(name), note=note
                )
                for at, name, note in sorted(json.loads(events))
            )
            created_at = datetime.fromisoformat(created).astimezone(RIYADH)
            views.append(
                TicketView(ref, kind, title, Stage(stage), created_at, _moment(due), history)
            )
        return views

    async def move(
        self, ref: str, stage: Stage, actor: str, at: datetime, note: str | None = None
    ) -> None:
        """Put a ticket in a new stage and record it in the audit trail."""
        changes = Changes()
        changes.add(_STAGE, (stage.value, stamp(at), ref))
        changes.add(_EVENT, (stamp(at), actor, stage.value, note, ref))
        await self._db.write(changes)


FORGET = "DELETE FROM messages WHERE user_key = ? AND at >= ? AND ticket_id IS NULL"


def record(
    changes: Changes,
    user_key: str,
    channel: str,
    at: datetime,
    effects: Effects,
) -> None:
    """Add a turn's effects to its changes: erasures, new tickets (and first event), consents."""
    moment = stamp(at)
    if effects.forget_since:
        changes.add(FORGET, (user_key, stamp(effects.forget_since)))
    for ticket in effects.tickets:
        declared = moment if ticket.declaration else None
        due = stamp(ticket.due_at) if ticket.due_at else None
        data = json.dumps(ticket.data, ensure_ascii=False)
        changes.add(
            _INSERT,
            (
                ticket.ref,
                ticket.kind,
                ticket.title,
                user_key,
                channel,
                ticket.service,
                data,
                ticket.declaration,
                declared,
                moment,
                moment,
                due,
            ),
        )
        changes.add(_FIRST_EVENT, (ticket.ref,))
    for consent in effects.consents:
        changes.add(_CONSENT, (user_key, moment, int(consent.agreed), consent.text))
