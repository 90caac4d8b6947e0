"""The ticket store: reference numbers, a person's own tickets, and ticket writes for a turn."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot import people, privacy
from bot.channels.reports import CHANNEL as WHATSAPP
from bot.clock import moment, stamp
from bot.desk import posts
from bot.desk.posts import DeskPost, PostKind
from bot.desk.stages import after_answer
from bot.files import Files
from bot.logs import mask
from bot.outbox import enqueue
from bot.storage import transcript
from bot.storage.database import Changes, Database
from conversations import references
from conversations.kinds import Kind, traits
from conversations.messages import Attachment, AttachmentKind, Reply
from conversations.state import as_json
from conversations.tickets import Change, Effects, PersonalData, Stage, Taken, TicketView

EXPORT_KEPT = timedelta(days=1)
"""A copy of a person's data is deleted a day after it was made (it was sent to them)."""

_INSERT = (
    "INSERT INTO tickets (ref, kind, title, user_key, channel, stage, service, data,"
    " declaration, declared_at, created_at, updated_at, due_at, confidential, branch,"
    " taken_by, quiet) VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_FIRST_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor, action, stage)"
    " SELECT id, created_at, coalesce(?, 'person'), 'submitted', 'received' FROM tickets"
    " WHERE ref = ?"
)
_CONSENT = (
    "INSERT INTO consents (user_key, at, purpose, agreed, text_id)"
    f" VALUES (?, ?, ?, ?, {transcript.TEXT_ID})"
)
_MINE = (
    "SELECT t.ref, t.kind, t.title, t.stage, t.created_at, t.due_at,"
    " json_group_array(json_array(e.at, e.stage, e.note)) FILTER (WHERE e.stage IS NOT NULL)"
    " FROM tickets t LEFT JOIN ticket_events e ON e.ticket_id = t.id"
    f" WHERE t.user_key = ? AND t.kind != '{Kind.FOLLOWUP}'"
    " GROUP BY t.id ORDER BY t.created_at DESC, t.id DESC"
)
_STAGE = (
    "UPDATE tickets SET stage = ?, updated_at = ?, closed_at = ?,"
    " resolution_hours = (julianday(?) - julianday(created_at)) * 24 WHERE ref = ?"
)
EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor, action, stage, note)"
    " SELECT id, ?, ?, ?, ?, ? FROM tickets WHERE ref = ?"
)
_RECORD = (
    "SELECT t.ref, t.kind, t.title, t.user_key, u.channel, u.address, t.stage, t.service,"
    " t.data, t.created_at, t.due_at, t.confidential, t.claimed_by, t.permanent,"
    " u.unreachable_reason, json_extract(c.state, '$.lang'),"
    " EXISTS(SELECT 1 FROM outbox o WHERE o.channel = u.channel AND o.recipient = u.address"
    " AND o.held_at IS NOT NULL), t.visit_at, t.branch, t.taken_by, t.channel, t.quiet"
    " FROM tickets t LEFT JOIN users u ON u.user_key = t.user_key"
    " LEFT JOIN conversations c ON c.user_key = t.user_key WHERE t.ref = ?"
)
_SURVEY_LATER = (
    "INSERT OR IGNORE INTO surveys (ticket_id, due_at) SELECT id, ? FROM tickets WHERE ref = ?"
)
_SURVEY_ANSWERED = (
    "UPDATE surveys SET status = 'answered', answered_at = ?"
    " WHERE ticket_id = (SELECT id FROM tickets WHERE ref = ?)"
)
_SURVEY_DECLINED = (
    "UPDATE surveys SET status = 'declined', answered_at = ?"
    " WHERE ticket_id = (SELECT id FROM tickets WHERE ref = ?)"
)
_SURVEY_ANSWER = (
    "INSERT INTO survey_answers (ticket_id, question, score, answer, channel, service, kind, at)"
    " SELECT id, ?, ?, ?, ?, service, kind, ? FROM tickets WHERE ref = ?"
)
_AFTER_ANSWER = (
    f"CASE kind WHEN '{Kind.COMPLAINT}' THEN '{after_answer(Kind.COMPLAINT)}'"
    f" ELSE '{after_answer(Kind.REQUEST)}' END"
)
_ANSWERED_EVENT = (
    "INSERT INTO ticket_events (ticket_id, at, actor, action, stage)"
    f" SELECT id, ?, 'person', 'answered', {_AFTER_ANSWER} FROM tickets"
    " WHERE ref = ? AND stage = 'info_needed'"
)
_ANSWERED = (
    f"UPDATE tickets SET stage = {_AFTER_ANSWER}, updated_at = ?"
    " WHERE ref = ? AND stage = 'info_needed'"
)
_HIGHEST = "SELECT ref FROM tickets ORDER BY length(ref) DESC, ref DESC LIMIT 1"
_TAKEN = "SELECT 1 FROM tickets WHERE ref = ?"
_LEGACY_LENGTH = 6
"""Earlier versions gave six random digits: a six-digit reference may be one of theirs."""
_SERVED = {Stage.DELIVERED, Stage.RESOLVED, Stage.CLOSED}


@dataclass(frozen=True)
class TicketRecord:
    """Everything the desk knows about one ticket."""

    ref: str
    kind: str
    title: str
    user_key: str | None
    channel: str | None
    address: str | None
    stage: Stage
    service: str | None
    data: dict[str, Any]
    created_at: datetime
    due_at: datetime | None
    confidential: bool
    claimed_by: str | None
    permanent: bool
    unreachable: str | None = None
    """Why the person cannot be reached (they blocked the bot), if they cannot."""
    lang: str | None = None
    waiting: bool = False
    """Messages wait for the person to write again (WhatsApp's 24-hour window)."""
    visit_at: datetime | None = None
    """When the field visit is to be, while one is scheduled."""
    branch: str | None = None
    """The branch office serving the person's city, when the policy lists branches."""
    taken_by: str | None = None
    """The staff member who took the request for the person, if one did."""
    came_by: str | None = None
    """How the ticket came: the person's app, or how a request staff took came to them."""
    quiet: bool = False
    """The person asked for no WhatsApp messages about it: nothing about it is sent to them."""


def _survey_row(
    question: str, value: object, channel: str, at: str, ref: str
) -> tuple[object, ...]:
    """One survey answer: ratings and yes/no as a score, the comment as text."""
    if isinstance(value, bool | int):
        return (question, float(value), None, channel, at, ref)
    return (question, None, value, channel, at, ref)


def _maybe(stamped: str | None) -> datetime | None:
    return moment(stamped) if stamped else None


class TicketStore:
    """Tickets in the association's database."""

    def __init__(self, database: Database, survey_delay: timedelta, files: Files) -> None:
        self._db = database
        self._survey_delay = survey_delay
        self._files = files
        self._next: int | None = None
        self._start = asyncio.Lock()

    async def new_reference(self) -> str:
        """The next reference in sequence, with its check digit: constant cost at any size.

        One bot owns its database (see bot.storage.lock), so numbers handed out from
        memory never collide; the sequence resumes after the highest reference at
        start-up. A six-digit one is checked against the random references of
        earlier versions.
        """
        async with self._start:
            if self._next is None:
                row = await self._db.fetch_one(_HIGHEST)
                highest = references.number_of(str(row[0])) if row else None
                self._next = max(references.FIRST, (highest or 0) + 1)
        while True:
            ref = references.make(self._next)
            self._next += 1
            legacy = len(ref) == _LEGACY_LENGTH
            if not legacy or not await self._db.fetch_one(_TAKEN, (ref,)):
                return ref

    async def held(self, user_key: str) -> PersonalData:
        """Everything kept about the person (their right to know it)."""
        return await privacy.held(self._db, user_key)

    async def export(self, user_key: str, files: dict[str, str]) -> tuple[Attachment, ...]:
        """Keep the person's copy of their data for a day, as documents to send them."""
        kept = []
        for name, text in files.items():
            ref = await self._files.keep(text.encode(), name, user_key, "exports", EXPORT_KEPT)
            kept.append(Attachment(AttachmentKind.DOCUMENT, name, ref))
        return tuple(kept)

    async def get(self, ref: str) -> TicketRecord | None:
        """One ticket by its reference, with where its person can be reached."""
        row = await self._db.fetch_one(_RECORD, (ref,))
        if row is None:
            return None
        ref, kind, title, user_key, channel, address, stage, service, data, created, due, *rest = (
            row
        )
        confidential, claimed_by, permanent, unreachable, lang, waiting, *rest = rest
        visit, branch, taken_by, came_by, quiet = rest
        return TicketRecord(
            ref,
            kind,
            title,
            user_key,
            channel,
            address,
            Stage(stage),
            service,
            json.loads(data),
            moment(created),
            _maybe(due),
            bool(confidential),
            claimed_by,
            bool(permanent),
            unreachable,
            lang,
            bool(waiting),
            _maybe(visit),
            branch,
            taken_by,
            came_by,
            bool(quiet),
        )

    async def mine(self, user_key: str) -> list[TicketView]:
        """The person's tickets, newest first, each with its visible history."""
        views = []
        for ref, kind, title, stage, created, due, events in await self._db.fetch_all(
            _MINE, (user_key,)
        ):
            history = tuple(
                Change(at=moment(at), stage=Stage(name), note=note)
                for at, name, note in sorted(json.loads(events))
            )
            created_at = moment(created)
            views.append(
                TicketView(ref, kind, title, Stage(stage), created_at, _maybe(due), history)
            )
        return views

    def moved(
        self, ticket: TicketRecord, stage: Stage, actor: str, at: datetime, note: str | None = None
    ) -> Changes:
        """The writes that put a ticket in a new stage, with its audit-trail event.

        A request or complaint that reaches the end as served (delivered, resolved,
        or closed without a rejection) is queued, once, for the satisfaction survey
        (unless its person asked for no messages about it).
        """
        changes = Changes()
        served = stage in _SERVED and ticket.stage != Stage.REJECTED
        if traits(ticket.kind).awaited and served and not ticket.quiet:
            changes.add(_SURVEY_LATER, (stamp(at + self._survey_delay), ticket.ref))
        closed = stamp(at) if stage is Stage.CLOSED else None
        changes.add(_STAGE, (stage.value, stamp(at), closed, closed, ticket.ref))
        changes.add(EVENT, (stamp(at), actor, "stage", stage.value, note, ticket.ref))
        return changes

    async def move(
        self, ref: str, stage: Stage, actor: str, at: datetime, note: str | None = None
    ) -> None:
        """Put a ticket in a new stage now (the ticket-service call tests and tools use)."""
        ticket = await self.get(ref)
        if ticket is None:
            raise LookupError(f"no ticket {ref}")
        await self._db.write(self.moved(ticket, stage, actor, at, note))


def record(
    changes: Changes,
    user_key: str,
    channel: str,
    at: datetime,
    effects: Effects,
) -> None:
    """Add a turn's effects to its changes: erasures, new tickets (and first event), consents."""
    stamped = stamp(at)
    if effects.forget_since:
        changes.add(transcript.FORGET_SINCE, (user_key, stamp(effects.forget_since)))
    for ticket in effects.tickets:
        declared = stamped if ticket.declaration else None
        due = stamp(ticket.due_at) if ticket.due_at else None
        data = as_json(ticket.data)
        taken = ticket.taken
        owner, via = (None, None) if ticket.anonymous else (user_key, channel)
        if taken:
            owner, via = _person(changes, taken, stamped), taken.channel
        row = (ticket.ref, ticket.kind, ticket.title, owner, via, ticket.service, data)
        # an anonymous ticket's exact time could point at its sender: the hour is enough
        hour = stamp(at.replace(minute=0, second=0, microsecond=0))
        made = hour if ticket.anonymous else stamped
        when = (
            ticket.declaration,
            declared,
            made,
            made,
            due,
            int(ticket.confidential),
            ticket.branch,
            taken.staff if taken else None,
            int(bool(taken and taken.quiet)),
        )
        changes.add(_INSERT, row + when)
        changes.add(_FIRST_EVENT, (taken.staff if taken else None, ticket.ref))
        if taken:
            _tell_person(changes, taken, stamped)
        enqueue(changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.CARD, ticket.ref), stamped)
    for survey in effects.surveys:
        changes.add(_SURVEY_ANSWERED, (stamped, survey.ref))
        answers = survey.answers.items()
        rows = (
            _survey_row(question, value, channel, stamped, survey.ref)
            for question, value in answers
        )
        changes.add_many(_SURVEY_ANSWER, rows)
    notices = transcript.keep(changes, [consent.text for consent in effects.consents])
    changes.add_many(
        _CONSENT,
        (
            (user_key, stamped, consent.purpose, int(consent.agreed), notice)
            for consent, notice in zip(effects.consents, notices, strict=True)
        ),
    )
    for ref in effects.declined:
        changes.add(_SURVEY_DECLINED, (stamped, ref))
    for relay in effects.relays:
        text = mask(relay.text, keep=4) or "📎"
        said = DeskPost(PostKind.THREAD, relay.ref, f"{posts.PERSON}{text}", relay.attachments)
        enqueue(changes, posts.CHANNEL, posts.GROUP, said, stamped)
        if relay.answered:
            changes.add(_ANSWERED_EVENT, (stamped, relay.ref))
            changes.add(_ANSWERED, (stamped, relay.ref))
            enqueue(
                changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.CARD, relay.ref), stamped
            )


def _person(changes: Changes, taken: Taken, at: str) -> str | None:
    """The person a staff member took a request for: known from now on as who writes on
    WhatsApp from the mobile they gave (their tickets theirs there), with their consent."""
    if taken.mobile is None:
        return None
    person = f"{WHATSAPP}:{taken.mobile}"
    changes.add(people.KNOWN, (person, WHATSAPP, taken.mobile, at, at))
    if taken.consent:
        [notice] = transcript.keep(changes, [taken.consent])
        changes.add(_CONSENT, (person, at, Kind.REQUEST, 1, notice))
    return person


def _tell_person(changes: Changes, taken: Taken, at: str) -> None:
    """Send the person what they agreed to hear on WhatsApp (outside its 24-hour window,
    the update template names the reference; the message follows once they write)."""
    if taken.mobile and taken.told:
        enqueue(changes, WHATSAPP, taken.mobile, Reply(taken.told), at)
        transcript.record(changes, f"{WHATSAPP}:{taken.mobile}", at, None, [taken.told], None)
