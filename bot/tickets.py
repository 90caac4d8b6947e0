"""The ticket store: reference numbers, a person's own tickets, and ticket writes for a turn."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from bot.clock import RIYADH, stamp
from bot.storage.database import Changes, Database
from conversations.tickets import Change, Effects, Stage, TicketView

_INSERT = (
    "INSERT INTO tickets (ref, kind, title, user_key, channel, stage, service, data,"
    " declaration, declared_at, created_at, updated_at, due_at, confidential)"
    " VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?)"
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
    " WHERE t.user_key = ? AND t.kind != 'followup'"
    " GROUP BY t.id ORDER BY t.created_at DESC, t.id DESC"
)
_STAGE = "UPDATE tickets SET stage = ?, updated_at = ? WHERE ref = ?"
_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor, action, stage, note)"
    " SELECT id, ?, ?, 'stage', ?, ? FROM tickets WHERE ref = ?"
)
_SURVEY_LATER = (
    "INSERT OR IGNORE INTO surveys (ticket_id, due_at) SELECT id, ? FROM tickets WHERE ref = ?"
)
_SURVEY_ANSWERED = (
    "UPDATE surveys SET status = 'answered', answered_at = ?"
    " WHERE ticket_id = (SELECT id FROM tickets WHERE ref = ?)"
)
_SURVEY_ANSWER = (
    "INSERT INTO survey_answers (ticket_id, question, score, answer, channel, service, kind, at)"
    " SELECT id, ?, ?, ?, ?, service, kind, ? FROM tickets WHERE ref = ?"
)
_SURVEYED_KINDS = {"request", "complaint"}
_SERVED = {Stage.DELIVERED, Stage.RESOLVED, Stage.CLOSED}


def _survey_row(
    question: str, value: object, channel: str, at: str, ref: str
) -> tuple[object, ...]:
    """One survey answer: ratings and yes/no as a score, the comment as text."""
    if isinstance(value, bool | int):
        return (question, float(value), None, channel, at, ref)
    return (question, None, value, channel, at, ref)


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(RIYADH) if text else None


class TicketStore:
    """Tickets in the association's database."""

    def __init__(self, database: Database, survey_delay: timedelta) -> None:
        self._db = database
        self._survey_delay = survey_delay

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
        """Put a ticket in a new stage and record it in the audit trail.

        A request or complaint that reaches the end as served (delivered, resolved,
        or closed without a rejection) is queued, once, for the satisfaction survey.
        """
        row = await self._db.fetch_one("SELECT kind, stage FROM tickets WHERE ref = ?", (ref,))
        if row is None:
            raise LookupError(f"no ticket {ref}")
        kind, current = row
        changes = Changes()
        if kind in _SURVEYED_KINDS and stage in _SERVED and current != Stage.REJECTED:
            changes.add(_SURVEY_LATER, (stamp(at + self._survey_delay), ref))
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
        owner, via = (None, None) if ticket.anonymous else (user_key, channel)
        row = (ticket.ref, ticket.kind, ticket.title, owner, via, ticket.service, data)
        when = (ticket.declaration, declared, moment, moment, due, int(ticket.confidential))
        changes.add(_INSERT, row + when)
        changes.add(_FIRST_EVENT, (ticket.ref,))
    for survey in effects.surveys:
        changes.add(_SURVEY_ANSWERED, (moment, survey.ref))
        answers = survey.answers.items()
        rows = (
            _survey_row(question, value, channel, moment, survey.ref) for question, value in answers
        )
        changes.add_many(_SURVEY_ANSWER, rows)
    for consent in effects.consents:
        changes.add(_CONSENT, (user_key, moment, int(consent.agreed), consent.text))
