"""Delivering queued replies: in order per person, retried with back-off, sent once accepted."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Mapping
from dataclasses import asdict
from datetime import timedelta
from typing import Any, Protocol, TypeVar

from bot.clock import Clock, stamp
from bot.desk import posts
from bot.desk.posts import DeskPost, PostKind
from bot.storage.database import Changes, Database
from conversations.messages import Attachment, AttachmentKind, Option, Reply

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
_PENDING = (
    "SELECT id, channel, recipient, payload, attempts, next_attempt_at FROM outbox"
    " WHERE sent_at IS NULL AND given_up_at IS NULL ORDER BY id"
)
# Once delivered, the text lives on only in the transcript (which erasure reaches).
_SENT = "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, payload = '' WHERE id = ?"
_RETRY = "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?"
_GIVE_UP = "UPDATE outbox SET attempts = ?, given_up_at = ?, last_error = ? WHERE id = ?"


_ENQUEUE = (
    "INSERT INTO outbox (channel, recipient, payload, created_at, next_attempt_at)"
    " VALUES (?, ?, ?, ?, ?)"
)
Message = Reply | DeskPost


M_contra = TypeVar("M_contra", contravariant=True)


class Sender(Protocol[M_contra]):
    """A channel's way out: raises when the platform did not accept the message."""

    async def send(self, recipient: str, message: M_contra, /) -> None: ...


def enqueue(changes: Changes, channel: str, recipient: str, message: Message, at: str) -> None:
    """Queue a message for delivery when `changes` commit."""
    payload = json.dumps(asdict(message), ensure_ascii=False)
    changes.add(_ENQUEUE, (channel, recipient, payload, at, at))


def backoff(attempts: int) -> timedelta:
    """How long to wait after `attempts` failures: 2, 4, 8 ... seconds, at most an hour."""
    return timedelta(seconds=min(2**attempts, 3600))


def _attachments(data: list[dict[str, str]]) -> tuple[Attachment, ...]:
    return tuple(Attachment(AttachmentKind(a["kind"]), a["name"], a["ref"]) for a in data)


def decode(channel: str, payload: str) -> Message:
    """A queued message: a post for the desk, or a reply for a person."""
    data = json.loads(payload)
    files = _attachments(data["attachments"])
    if channel == posts.CHANNEL:
        return DeskPost(PostKind(data["kind"]), data["ticket"], data["text"], files)
    options = tuple(Option(**option) for option in data["options"])
    return Reply(text=data["text"], options=options, attachments=files)


class Dispatcher:
    """Sends what the outbox holds through the channels it names."""

    def __init__(
        self, database: Database, senders: Mapping[str, Sender[Any]], clock: Clock
    ) -> None:
        self._db = database
        self._senders = senders
        self._clock = clock
        self.wake = asyncio.Event()

    async def deliver_due(self) -> int:
        """Try every reply that is due now, oldest first; return how many were accepted."""
        now = self._clock.now()
        due = stamp(now)
        held: set[tuple[str, str]] = set()
        accepted = 0
        for row_id, channel, recipient, payload, attempts, next_at in await self._db.fetch_all(
            _PENDING
        ):
            person = (channel, recipient)
            if person in held or next_at > due:
                held.add(person)
                continue
            changes = Changes()
            try:
                await self._senders[channel].send(recipient, decode(channel, payload))
            except Exception as error:
                held.add(person)
                tries = attempts + 1
                reason = f"{type(error).__name__}: {error}"[:500]
                if tries >= MAX_ATTEMPTS:
                    log.error(
                        "giving up reply %d on %s after %d attempts: %s",
                        row_id,
                        channel,
                        tries,
                        reason,
                    )
                    changes.add(_GIVE_UP, (tries, due, reason, row_id))
                else:
                    log.warning(
                        "reply %d on %s failed (attempt %d): %s", row_id, channel, tries, reason
                    )
                    changes.add(_RETRY, (tries, stamp(now + backoff(tries)), reason, row_id))
            else:
                accepted += 1
                changes.add(_SENT, (due, row_id))
            await self._db.write(changes)
        return accepted

    async def run(self, poll: float = 1.0) -> None:
        """Deliver forever: at once when woken, and every `poll` seconds for retries."""
        while True:
            self.wake.clear()
            await self.deliver_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=poll)
