"""Tickets as the dialogue sees them: stages in plain words, a person's own tickets, new ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from conversations.i18n import N_
from conversations.messages import Attachment


class Stage(StrEnum):
    """Where a ticket is; each has the plain words a beneficiary reads."""

    RECEIVED = "received"
    CLAIMED = "claimed"
    INFO_NEEDED = "info_needed"
    VISIT_SCHEDULED = "visit_scheduled"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DELIVERED = "delivered"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """The catalogue id of the stage's plain description."""
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.RECEIVED: N_("received"),
    Stage.CLAIMED: N_("under review"),
    Stage.INFO_NEEDED: N_("waiting for more information from you"),
    Stage.VISIT_SCHEDULED: N_("field visit scheduled"),
    Stage.ACCEPTED: N_("accepted"),
    Stage.REJECTED: N_("not accepted"),
    Stage.DELIVERED: N_("service delivered"),
    Stage.IN_PROGRESS: N_("being handled"),
    Stage.RESOLVED: N_("resolved"),
    Stage.CLOSED: N_("closed"),
}


@dataclass(frozen=True)
class Change:
    """One step in a ticket's history that the person may see."""

    at: datetime
    stage: Stage
    note: str | None = None


@dataclass(frozen=True)
class TicketView:
    """A ticket as its owner sees it."""

    ref: str
    kind: str
    title: str
    stage: Stage
    created_at: datetime
    due_at: datetime | None
    history: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Taken:
    """How a request a staff member took for a person came, and whose it is."""

    staff: str
    """Who took it."""
    channel: str
    """How it came: an interview, a phone call, a letter or a branch office."""
    mobile: str | None
    """The person's mobile (+9665...): the request is theirs on WhatsApp from that number."""
    told: str | None = None
    """What they are sent on WhatsApp now (the reference, what next); None when they asked
    for no WhatsApp messages: then nothing about the request is sent to them."""
    consent: str | None = None
    """The data-protection notice read to them, which they agreed to."""

    @property
    def quiet(self) -> bool:
        """Whether the person, reachable on WhatsApp, asked to be sent nothing about it."""
        return self.mobile is not None and self.told is None


@dataclass(frozen=True)
class NewTicket:
    """A ticket to create when the turn commits."""

    ref: str
    kind: str
    title: str
    data: dict[str, Any]
    service: str | None = None
    declaration: str | None = None
    due_at: datetime | None = None
    confidential: bool = False
    anonymous: bool = False
    branch: str | None = None
    """The branch office serving the person's city (its Arabic name), if any."""
    taken: Taken | None = None
    """A request a staff member took for a person: how it came, and whose it is."""


@dataclass(frozen=True)
class SurveyResult:
    """A person's answers to the satisfaction survey about one ticket."""

    ref: str
    answers: dict[str, Any]


@dataclass(frozen=True)
class Relay:
    """A person's message for the team's thread of ticket `ref`.

    `answered` marks the answer to a question the team asked (the ticket moves on).
    """

    ref: str
    text: str
    attachments: tuple[Attachment, ...] = ()
    answered: bool = False


@dataclass(frozen=True)
class ConsentAnswer:
    """A person's answer to one form's data-protection notice, kept with its wording and time."""

    purpose: str
    text: str
    agreed: bool


@dataclass(frozen=True)
class HeldTicket:
    """One of the person's tickets with the answers they gave, as kept."""

    ref: str
    kind: str
    title: str
    stage: Stage
    created_at: datetime
    closed_at: datetime | None
    data: dict[str, Any]


@dataclass(frozen=True)
class HeldConsent:
    """A consent answer as kept: to which notice, yes or no, when."""

    purpose: str
    agreed: bool
    at: datetime


@dataclass(frozen=True)
class HeldMessage:
    """One message of the conversation, as kept."""

    at: datetime
    incoming: bool
    text: str


@dataclass(frozen=True)
class PersonalData:
    """Everything the association holds about one person."""

    channel: str
    first_seen: datetime | None
    consents: tuple[HeldConsent, ...]
    tickets: tuple[HeldTicket, ...]
    messages: tuple[HeldMessage, ...]


@dataclass(frozen=True)
class Erasure:
    """Erase the person's personal data when the turn commits; close `open_refs` first."""

    open_refs: tuple[str, ...]


class TicketBook(Protocol):
    """What the dialogue may ask of the ticket store: only the person's own tickets."""

    async def new_reference(self) -> str:
        """A reference number no ticket has."""
        ...

    async def mine(self, user_key: str) -> list[TicketView]:
        """The person's tickets, newest first."""
        ...

    async def held(self, user_key: str) -> PersonalData:
        """What is kept about the person: consents, tickets with answers, the transcript."""
        ...

    async def export(self, user_key: str, files: dict[str, str]) -> tuple[Attachment, ...]:
        """Keep `files` (name → text) for the person to receive as documents."""
        ...


@dataclass
class Effects:
    """Changes a turn asks for besides its replies; committed in the same transaction."""

    tickets: list[NewTicket] = field(default_factory=list)
    consents: list[ConsentAnswer] = field(default_factory=list)
    surveys: list[SurveyResult] = field(default_factory=list)
    relays: list[Relay] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    """References of tickets whose satisfaction survey the person declined."""
    forget_since: datetime | None = None
    """Erase the person's transcript from this moment (an expired draft's personal data)."""
    privacy: list[str] = field(default_factory=list)
    """The person's requests about their data (see, copy, correct, delete, withdraw)."""
    erase: Erasure | None = None
