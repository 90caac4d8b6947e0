"""What the desk sends to staff: a ticket's card, a line in its thread, an alert, an answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from conversations.messages import Attachment, Option

CHANNEL = "desk"
GROUP = "group"
"""Recipient meaning 'the staff group, or the supervisors' chat for a confidential ticket'."""
SUPERVISORS = "supervisors"
PERSON = "👤 "
"""How a post in a ticket's thread shows what the person wrote."""


class PostKind(StrEnum):
    """How a channel shows a desk post."""

    CARD = "card"
    THREAD = "thread"
    NOTE = "note"
    """A staff member's internal note in the thread: never sent to the person."""
    ALERT = "alert"
    ANSWER = "answer"


@dataclass(frozen=True)
class DeskPost:
    """One post for staff. A card carries no text: it is drawn from the ticket when sent,
    with the actions its stage allows as `options`."""

    kind: PostKind
    ticket: str | None = None
    text: str = ""
    attachments: tuple[Attachment, ...] = field(default=())
    options: tuple[Option, ...] = field(default=())
