"""The staff desk: what staff write or do, whatever chat platform carries it.

Each action changes the ticket, records it in the audit trail, tells the person
(signed with the association's name) and redraws the ticket's card, all in one
transaction. Staff never reach a ticket they may not see.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from bot.clock import RIYADH, Clock, stamp
from bot.desk import posts
from bot.desk.cards import Cards
from bot.desk.posts import DeskPost, PostKind
from bot.desk.roles import Roles
from bot.desk.stages import Action, possible, target
from bot.engine import Engine
from bot.files import Files
from bot.logs import mask
from bot.outbox import enqueue
from bot.people import reachability
from bot.storage.database import Changes, Database
from bot.tickets import EVENT, TicketRecord
from conversations import notices, validators
from conversations.i18n import N_
from conversations.messages import Attachment
from conversations.policy import Policy
from conversations.turn import Turn

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
FOLLOWUP = "followup"
"""A low survey score for supervisors: internal work, never announced to the person."""
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
}


@dataclass(frozen=True)
class StaffInput:
    """One thing a staff member wrote or did."""

    staff: str
    text: str = ""
    ticket: str | None = None
    action: str | None = None
    attachments: tuple[Attachment, ...] = ()


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
    ) -> None:
        self.db = database
        self.files = files
        self.engine = engine
        self.policy = policy
        self.roles = roles
        self.clock = clock
        self._ = gettext
        self.cards = Cards(policy, gettext, roles.name)
        self._serial = tuple(asyncio.Lock() for _ in range(_SERIAL))

    async def answer(self, staff: str, text: str, files: tuple[Attachment, ...] = ()) -> None:
        """A private answer to one staff member, with `files` (a chart, a workbook)."""
        changes = Changes()
        post = DeskPost(PostKind.ANSWER, text=text, attachments=files)
        enqueue(changes, posts.CHANNEL, staff, post, stamp(self.clock.now()))
        await self.db.write(changes)

    async def undeliverable(self, channel: str, recipient: str, reason: str) -> Changes:
        """Mark the person unreachable and tell staff, in their latest open ticket."""
        changes = Changes()
        if channel == posts.CHANNEL:
            return changes
        reachability(changes, f"{channel}:{recipient}", False, reason, self.clock.now())
        changes.extend(await self.not_delivered(channel, recipient, reason))
        changes.extend(await self.redraw(channel, recipient, reason))
        return changes

    async def not_delivered(self, channel: str, recipient: str, reason: str) -> Changes:
        """Tell staff, in the person's latest open ticket, that a message did not reach them
        (the platform refused that message, or the person)."""
        changes = Changes()
        row = await self.db.fetch_one(_LATEST_OPEN, (f"{channel}:{recipient}",))
        if row and channel != posts.CHANNEL:
            text = self._("⚠️ A message could not reach {audience} (ticket {ref}): {reason}").format(
                audience=self.cards.audience, ref=row[0], reason=mask(reason)
            )
            alert = DeskPost(PostKind.ALERT, row[0], text)
            enqueue(changes, posts.CHANNEL, posts.GROUP, alert, stamp(self.clock.now()))
        return changes

    async def redraw(self, channel: str, recipient: str, _reason: str) -> Changes:
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

    async def act(self, said: StaffInput) -> None:
        """Do `said.action` to `said.ticket`, telling the person and redrawing the card."""
        try:
            action = Action(said.action or "")
        except ValueError:
            names = self._names(list(Action))
            raise Refusal(N_("Unknown action. Actions: {names}"), names=names) from None
        ref = said.ticket or ""
        async with self._serial[hash(ref) % _SERIAL]:  # each action reads the last one's commit
            await self._act(action, await self.ticket_for(said.staff, ref), said)

    async def _act(self, action: Action, ticket: TicketRecord, said: StaffInput) -> None:
        if action is Action.INFO and not ticket.address:
            raise Refusal(
                N_("Ticket {ref} was sent anonymously: there is nobody to ask."), ref=ticket.ref
            )
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
        if action is Action.VISIT:
            when = self._visit_time(note, now)
            note = f"{self.cards.when(when)} {when:%H:%M}"
            tell = partial(notices.visit, ref=ticket.ref, when=when)
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
        if ticket.kind == FOLLOWUP:
            tell = None
        changes = self.engine.tickets.moved(ticket, stage, staff, now, note or None)
        if action is Action.CLAIM:
            changes.add(_CLAIMED_BY, (staff, stamp(now), stamp(now), ticket.ref))
            full = DeskPost(PostKind.ANSWER, ticket.ref, self.cards.full(ticket))
            enqueue(changes, posts.CHANNEL, staff, full, stamp(now))
        self._redraw(changes, ticket.ref, now)
        await self._tell(ticket, tell, changes)

    async def relay(self, said: StaffInput) -> None:
        """Pass a staff message in a ticket's thread to its person, signed by the association."""
        ticket = await self.ticket_for(said.staff, said.ticket or "")
        if not ticket.channel or not ticket.address:
            raise Refusal(
                N_("Ticket {ref} was sent anonymously: there is nobody to reply to."),
                ref=ticket.ref,
            )
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
        if tell and address and await self.engine.nudge(channel, address, tell, changes):
            return
        await self.db.write(changes)

    def _not_now(self, ticket: TicketRecord, action: Action) -> Refusal:
        """Why `action` cannot be taken at the ticket's stage, and what can be done instead."""
        allowed = possible(ticket.kind, ticket.stage)
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
            names=self._names([*allowed, Action.NOTE]),
        )

    def _visit_time(self, typed: str, now: datetime) -> datetime:
        """The visit's date and time: not in the past; far ahead only when confirmed."""
        words = typed.split()
        confirmed = bool(words) and words[-1].casefold() in _CONFIRM_WORDS
        day, hour = _appointment(" ".join(words[:-1]) if confirmed else typed)
        when = datetime.combine(day, hour, RIYADH)
        if when < now:
            raise Refusal(
                N_("The visit date {date} has already passed. Write a date and time to come."),
                date=self.cards.when(when),
            )
        if when - now > VISIT_HORIZON and not confirmed:
            raise Refusal(
                N_(
                    "The visit date {date} is more than 90 days away. If that is right, send it "
                    "again with «تأكيد» after the time."
                ),
                date=self.cards.when(when),
            )
        return when

    def _redraw(self, changes: Changes, ref: str, now: datetime) -> None:
        enqueue(changes, posts.CHANNEL, posts.GROUP, DeskPost(PostKind.CARD, ref), stamp(now))


def _appointment(typed: str) -> tuple[date, time]:
    try:
        return validators.appointment(typed)
    except validators.Invalid as problem:
        raise Refusal(problem.message, **problem.values) from None
