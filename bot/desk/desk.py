"""The staff desk: what staff write or do, whatever chat platform carries it.

Each action changes the ticket, records it in the audit trail, tells the person
(signed with the association's name) and redraws the ticket's card, all in one
transaction. Staff never reach a ticket they may not see.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from bot.clock import RIYADH, Clock, stamp
from bot.desk import posts
from bot.desk.cards import Cards
from bot.desk.posts import DeskPost, PostKind
from bot.desk.roles import Roles
from bot.desk.stages import DECIDED, Action, possible, target
from bot.engine import Engine
from bot.files import Files
from bot.outbox import Failure, Undelivered, enqueue
from bot.people import reachability
from bot.storage.database import Changes, Database
from bot.tickets import EVENT, TicketRecord
from bot.wording import Wording
from bot.worker import Worker
from conversations import notices, validators
from conversations.i18n import N_
from conversations.intake_channels import PHONE
from conversations.kinds import Kind
from conversations.messages import Attachment
from conversations.policy import Policy
from conversations.turn import Turn

log = logging.getLogger(__name__)

_CLAIMED_BY = (
    "UPDATE tickets SET claimed_by = ?, claimed_at = ?, first_response_hours ="
    " coalesce(first_response_hours, (julianday(?) - julianday(created_at)) * 24) WHERE ref = ?"
)
_LATEST_OPEN = (
    "SELECT ref FROM tickets WHERE user_key = ? AND stage != 'closed'"
    " ORDER BY created_at DESC LIMIT 1"
)
_UNREACHABLE = N_(
    "Your message is kept with ticket {ref}, but messages no longer reach {audience} "
    "(blocked, or gone): try the ticket's other contact details."
)
_VISIT_AT = "UPDATE tickets SET visit_at = ? WHERE ref = ?"
_QUIET = N_(
    "{audience} asked for no WhatsApp messages about ticket {ref}: call them instead "
    "(their mobile is in the ticket's data)."
)
_NOT_DELIVERED = N_("⚠️ A message could not reach {audience} (ticket {ref}): {reason}")
_WHY = {
    Undelivered.AWAY: N_(
        "they have blocked the bot on {app}. Their messages are kept and go out, in order, "
        "once they come back."
    ),
    Undelivered.HELD: N_(
        "{app} lets us write only within 24 hours of their last message. The message is kept "
        "and goes out once they write again."
    ),
    Undelivered.GONE: N_(
        "{app} says this account can no longer receive messages (deleted, or the number is "
        "not on {app}). Try the ticket's other contact details."
    ),
    Undelivered.REFUSED: N_(
        "{app} refused this message itself (a file it cannot take, for example). Their next "
        "messages still go: send it again in another form."
    ),
    Undelivered.TIMED_OUT: N_(
        "{app} did not accept it for two days despite repeated tries, so it was given up. "
        "Try again later, or the ticket's other contact details."
    ),
    Undelivered.REPORTED: N_(
        "{app} took it but reports that it was not delivered (the phone may be off for long, "
        "or the number not on {app}). Try the ticket's other contact details."
    ),
}
"""Why a message did not reach the person, as staff read it (the platform's words: the log)."""
_VISITED = N_("📅 {who} scheduled a field visit for {when}.")
_MOVED = N_("📅 {who} moved the field visit from {earlier} to {when}.")
_CANCELLED = N_("📅 {who} cancelled the field visit of {when}.")
_NO_VISITS = N_(
    "This association's policy has no field visits, so none can be scheduled for ticket {ref}. "
    "Possible: {names}."
)
VISIT_HORIZON = timedelta(days=90)
_SERIAL = 64
"""Locks that put the actions on one ticket one after another (two claims: one wins)."""
_CONFIRM_WORDS = ("تأكيد", "confirm")
_PERMANENT = "UPDATE tickets SET permanent = 1, next_review_at = ? WHERE ref = ?"
_NEEDS_TEXT = {
    Action.INFO: N_("Write the question for {audience} after the action."),
    Action.REJECT: N_("Write the reason for the rejection after the action."),
    Action.NOTE: N_("Write the note after the action."),
    Action.VISIT: N_("Write the visit's date and time after the action, e.g. 15/3/2026 10:30."),
    Action.CALLED: N_("Write what was said on the call after the action."),
}


@dataclass(frozen=True)
class StaffInput:
    """One thing a staff member wrote or did."""

    staff: str
    text: str = ""
    ticket: str | None = None
    action: str | None = None
    attachments: tuple[Attachment, ...] = ()
    option: str | None = None
    """An option of a request they are taking, pressed."""
    id: str = ""
    """The platform's id of the message or press, so that it is taken once."""


class Refusal(Exception):
    """An action the desk will not take; the message (a catalogue id) goes back to its author."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.values = values


class Desk:
    """Staff actions, relay to beneficiaries, and private answers to staff."""

    def __init__(
        self,
        database: Database,
        engine: Engine,
        policy: Policy,
        roles: Roles,
        clock: Clock,
        gettext: Callable[[str], str],
        files: Files,
        worker: Worker,
    ) -> None:
        self.db = database
        self.files = files
        self.worker = worker
        self.engine = engine
        self.policy = policy
        self.roles = roles
        self.clock = clock
        self._ = gettext
        self.cards = Cards(policy, gettext, roles.name)
        self._serial = tuple(asyncio.Lock() for _ in range(_SERIAL))

    @property
    def wording(self) -> Wording:
        """The desk's words, as a report made in the worker process is written with."""
        return Wording(self.policy, self.roles)

    async def answer(self, staff: str, text: str, files: tuple[Attachment, ...] = ()) -> None:
        """A private answer to one staff member, with `files` (a chart, a workbook)."""
        changes = Changes()
        post = DeskPost(PostKind.ANSWER, text=text, attachments=files)
        enqueue(changes, posts.CHANNEL, staff, post, stamp(self.clock.now()))
        await self.db.write(changes)

    async def undeliverable(self, channel: str, recipient: str, failure: Failure) -> Changes:
        """Mark the person unreachable and tell staff, in their latest open ticket."""
        changes = Changes()
        if channel == posts.CHANNEL:
            return changes
        now = self.clock.now()
        reachability(changes, f"{channel}:{recipient}", False, failure.detail, now)
        changes.extend(await self.not_delivered(channel, recipient, failure))
        changes.extend(await self.redraw(channel, recipient))
        return changes

    async def not_delivered(self, channel: str, recipient: str, failure: Failure) -> Changes:
        """Tell staff, in the person's latest open ticket, that a message did not reach them
        and why, in their words (the platform's own, which may be in English, go to the log)."""
        changes = Changes()
        row = await self.db.fetch_one(_LATEST_OPEN, (f"{channel}:{recipient}",))
        if row and channel != posts.CHANNEL:
            log.info("ticket %s: a message was not delivered (%s)", row[0], failure.why)
            reason = self._(_WHY[failure.why]).format(app=self.cards.channel(channel))
            text = self._(_NOT_DELIVERED).format(
                audience=self.cards.audience, ref=row[0], reason=reason
            )
            alert = DeskPost(PostKind.ALERT, row[0], text)
            enqueue(changes, posts.CHANNEL, posts.GROUP, alert, stamp(self.clock.now()))
        return changes

    async def redraw(
        self, channel: str, recipient: str, _failure: Failure | None = None
    ) -> Changes:
        """Redraw the card of the person's latest open ticket: whether messages reach them,
        or wait for them, changed."""
        changes = Changes()
        row = await self.db.fetch_one(_LATEST_OPEN, (f"{channel}:{recipient}",))
        if row:
            card = DeskPost(PostKind.CARD, row[0])
            enqueue(changes, posts.CHANNEL, posts.GROUP, card, stamp(self.clock.now()))
        return changes

    async def ticket_for(self, staff: str, ref: str) -> TicketRecord:
        """A ticket this staff member may see, or Refusal."""
        ticket = await self.engine.tickets.get(ref)
        if ticket is None:
            raise Refusal(N_("There is no ticket {ref}."), ref=ref)
        if ticket.confidential and not self.roles.is_supervisor(staff):
            raise Refusal(N_("Ticket {ref} is confidential: supervisors only."), ref=ref)
        return ticket

    def _names(self, actions: list[Action]) -> str:
        return "، ".join(f"«{self._(action.label)}»" for action in actions)

    @property
    def visits(self) -> bool:
        """Whether the association's policy has field visits (else none is offered)."""
        return self.policy.review.field_visits

    def _possible(self, ticket: TicketRecord) -> list[Action]:
        """What staff may do to the ticket now, a note included."""
        return [*possible(ticket.kind, ticket.stage, self.visits), Action.NOTE]

    async def act(self, said: StaffInput) -> None:
        """Do `said.action` to `said.ticket`, telling the person and redrawing the card."""
        try:
            action = Action(said.action or "")
        except ValueError:
            visiting = {Action.VISIT, Action.CANCEL_VISIT}
            known = [a for a in Action if self.visits or a not in visiting]
            names = self._names(known)
            raise Refusal(N_("Unknown action. Actions: {names}"), names=names) from None
        ref = said.ticket or ""
        async with self._serial[hash(ref) % _SERIAL]:  # each action reads the last one's commit
            await self._act(action, await self.ticket_for(said.staff, ref), said)

    async def _act(self, action: Action, ticket: TicketRecord, said: StaffInput) -> None:
        if action is Action.VISIT and not self.visits:
            names = self._names(self._possible(ticket))
            raise Refusal(_NO_VISITS, ref=ticket.ref, names=names)
        if action is Action.INFO and not ticket.address:
            raise Refusal(
                N_("Ticket {ref} was sent anonymously: there is nobody to ask."), ref=ticket.ref
            )
        if action is Action.INFO:
            self._not_quiet(ticket)
        owner = ticket.claimed_by
        taken = action is Action.CLAIM or not self.roles.is_supervisor(said.staff)
        if owner and owner != said.staff and action is not Action.NOTE and taken:
            who = self.roles.name(owner)
            raise Refusal(N_("Ticket {ref} is claimed by {who}."), ref=ticket.ref, who=who)
        note = said.text.strip()
        if action in _NEEDS_TEXT and not note:
            raise Refusal(_NEEDS_TEXT[action], audience=self.cards.audience)
        now = self.clock.now()
        if action is Action.NOTE:
            await self._note(ticket, said.staff, note, now)
        elif action is Action.PERMANENT:
            await self._permanent(ticket, said.staff, now)
        else:
            await self._move(ticket, action, said.staff, note, now)

    async def _note(self, ticket: TicketRecord, staff: str, note: str, now: datetime) -> None:
        changes = Changes()
        changes.add(EVENT, (stamp(now), staff, "note", None, note, ticket.ref))
        thread = DeskPost(PostKind.NOTE, ticket.ref, f"📝 {self.roles.name(staff)}: {note}")
        enqueue(changes, posts.CHANNEL, posts.GROUP, thread, stamp(now))
        await self.db.write(changes)

    async def _permanent(self, ticket: TicketRecord, staff: str, now: datetime) -> None:
        days = self.policy.review.periodic_review_days
        if not days:
            raise Refusal(N_("This association's policy has no periodic review."))
        changes = Changes()
        review = stamp(now + timedelta(days=days))
        changes.add(_PERMANENT, (review, ticket.ref))
        changes.add(EVENT, (stamp(now), staff, "permanent", None, None, ticket.ref))
        self._redraw(changes, ticket.ref, now)
        await self.db.write(changes)

    async def _move(
        self, ticket: TicketRecord, action: Action, staff: str, note: str, now: datetime
    ) -> None:
        stage = target(ticket.kind, ticket.stage, action)
        if stage is None:
            raise self._not_now(ticket, action)
        tell: Callable[[Turn], bool] | None
        when: datetime | None = None
        planned = _planned(ticket, now)
        if action is Action.VISIT:
            when = self._visit_time(note, now)
            note = self.cards.visit(when)
            earlier = planned if planned != when else None
            tell = partial(notices.visit, ref=ticket.ref, when=when, earlier=earlier)
        elif action is Action.CANCEL_VISIT:
            tell = partial(notices.visit, ref=ticket.ref, when=None)
        elif action is Action.INFO:
            tell = partial(notices.question, ref=ticket.ref, kind=ticket.kind, asked=note)
        else:
            tell = partial(
                notices.stage_changed,
                ref=ticket.ref,
                kind=ticket.kind,
                stage=stage,
                note=note or None,
            )
        if ticket.kind == Kind.FOLLOWUP:  # internal work, never announced to the person
            tell = None
        changes = self.engine.tickets.moved(ticket, stage, staff, now, note or None)
        if action is Action.CALLED:  # the call, in the thread for colleagues
            called = DeskPost(PostKind.NOTE, ticket.ref, f"📞 {self.roles.name(staff)}: {note}")
            enqueue(changes, posts.CHANNEL, posts.GROUP, called, stamp(now))
        if when or action is Action.CANCEL_VISIT or (ticket.visit_at and stage in DECIDED):
            self._visit(changes, ticket, staff, (when, planned), action, now)
        if action is Action.CLAIM:
            changes.add(_CLAIMED_BY, (staff, stamp(now), stamp(now), ticket.ref))
            full = DeskPost(PostKind.ANSWER, ticket.ref, self.cards.full(ticket))
            enqueue(changes, posts.CHANNEL, staff, full, stamp(now))
        self._redraw(changes, ticket.ref, now)
        await self._tell(ticket, tell, changes)

    def _visit(
        self,
        changes: Changes,
        ticket: TicketRecord,
        staff: str,
        times: tuple[datetime | None, datetime | None],
        action: Action,
        now: datetime,
    ) -> None:
        """Keep when the field visit is to be (None: none any more, cancelled or decided),
        and tell the ticket's thread who scheduled, moved or cancelled it, naming the times.

        `times` are the visit's new time (None unless scheduled now), and the one planned
        before (None unless still to come)."""
        when, planned = times
        changes.add(_VISIT_AT, (stamp(when) if when else None, ticket.ref))
        who = self.roles.name(staff)
        if when and planned and planned != when:
            earlier = self.cards.visit(planned)
            told = self._(_MOVED).format(who=who, earlier=earlier, when=self.cards.visit(when))
        elif when:
            told = self._(_VISITED).format(who=who, when=self.cards.visit(when))
        elif planned and action is Action.CANCEL_VISIT:
            told = self._(_CANCELLED).format(who=who, when=self.cards.visit(planned))
        else:
            return
        thread = DeskPost(PostKind.THREAD, ticket.ref, told)
        enqueue(changes, posts.CHANNEL, posts.GROUP, thread, stamp(now))

    async def relay(self, said: StaffInput) -> None:
        """Pass a staff message in a ticket's thread to its person, signed by the association."""
        ticket = await self.ticket_for(said.staff, said.ticket or "")
        if not ticket.channel or not ticket.address:
            raise Refusal(
                N_("Ticket {ref} was sent anonymously: there is nobody to reply to."),
                ref=ticket.ref,
            )
        self._not_quiet(ticket)
        text = said.text.strip()
        if not text and not said.attachments:
            raise Refusal(
                N_("The message is empty: write something to send to {audience}."),
                audience=self.cards.audience,
            )
        now = self.clock.now()
        changes = Changes()
        changes.add(EVENT, (stamp(now), said.staff, "message", None, text, ticket.ref))
        tell = partial(
            notices.staff_message, ref=ticket.ref, text=text, attachments=said.attachments
        )
        if ticket.unreachable:
            warning = self._(_UNREACHABLE).format(audience=self.cards.audience, ref=ticket.ref)
            enqueue(
                changes,
                posts.CHANNEL,
                said.staff,
                DeskPost(PostKind.ANSWER, text=warning),
                stamp(now),
            )
        await self._tell(ticket, tell, changes)

    async def _tell(
        self, ticket: TicketRecord, tell: Callable[[Turn], bool] | None, changes: Changes
    ) -> None:
        """Commit `changes` together with what `tell` says to the ticket's person, if any."""
        channel, address = ticket.channel or "", ticket.address or ""
        if ticket.quiet or channel == PHONE:  # a caller is told by calling them back
            tell = None
        if tell and address and await self.engine.nudge(channel, address, tell, changes):
            return
        await self.db.write(changes)

    def _not_quiet(self, ticket: TicketRecord) -> None:
        """Refuse to write to a person who asked for no WhatsApp messages about the ticket."""
        if ticket.quiet:
            raise Refusal(_QUIET, audience=self.cards.audience, ref=ticket.ref)

    def _not_now(self, ticket: TicketRecord, action: Action) -> Refusal:
        """Why `action` cannot be taken at the ticket's stage, and what can be done instead."""
        allowed = self._possible(ticket)
        stage = self.cards.stage(ticket.stage)
        if allowed[:1] == [Action.CLAIM]:
            return Refusal(
                N_("Ticket {ref} is «{stage}»: claim the ticket first."),
                ref=ticket.ref,
                stage=stage,
            )
        return Refusal(
            N_("Ticket {ref} is «{stage}», so «{action}» is not possible now. Possible: {names}."),
            ref=ticket.ref,
            stage=stage,
            action=self._(action.label),
            names=self._names(allowed),
        )

    def _visit_time(self, typed: str, now: datetime) -> datetime:
        """The visit's date and time: not in the past; far ahead only when confirmed."""
        words = typed.split()
        confirmed = bool(words) and words[-1].casefold() in _CONFIRM_WORDS
        day, hour = _appointment(" ".join(words[:-1]) if confirmed else typed, now.date())
        when = datetime.combine(day, hour, RIYADH)
        if when < now:
            raise Refusal(
                N_("The visit date {date} has already passed. Write a date and time to come."),
                date=self.cards.visit(when),
            )
        if when - now > VISIT_HORIZON and not confirmed:
            raise Refusal(
                N_(
                    "The visit date {date} is more than 90 days away. If that is right, send it "
                    "again with «تأكيد» after the time."
                ),
                date=self.cards.visit(when),
            )
        return when

    def _redraw(self, changes: Changes, ref: str, now: datetime) -> None:
        enqueue(changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.CARD, ref), stamp(now))


def _planned(ticket: TicketRecord, now: datetime) -> datetime | None:
    """The ticket's field visit still to come, if one is scheduled (a passed one took place)."""
    return ticket.visit_at if ticket.visit_at and ticket.visit_at >= now else None


def _appointment(typed: str, today: date) -> tuple[date, time]:
    try:
        return validators.appointment(typed, today)
    except validators.Invalid as problem:
        raise Refusal(problem.message, **problem.values) from None
