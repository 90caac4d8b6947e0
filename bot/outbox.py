"""Delivering queued replies: in order per person, retried with back-off, sent once accepted.

A transient failure (the platform is down, rate-limited) is retried with capped
back-off for `KEEP_TRYING`, so an outage of hours loses nothing; a permanent one
(the person blocked the bot) is given up at once, and staff are told.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, replace
from datetime import timedelta
from typing import Any, Protocol, TypeVar

from bot.clock import Clock, moment, stamp
from bot.desk import posts
from bot.desk.posts import DeskPost, PostKind
from bot.storage.database import Changes, Database
from conversations.messages import Attachment, AttachmentKind, Option, Reply

log = logging.getLogger(__name__)

KEEP_TRYING = timedelta(days=2)
LONGEST_WAIT = timedelta(minutes=10)
SIDE_BY_SIDE = 64
"""Recipients served at once on one channel (each one's messages strictly in order)."""
_PENDING = (
    "SELECT id, channel, recipient, payload, attempts, next_attempt_at, created_at FROM outbox"
    " WHERE sent_at IS NULL AND given_up_at IS NULL ORDER BY id"
)
# Once delivered, the text lives on only in the transcript (which erasure reaches), and
# the address only with the person.
_SENT = (
    "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, payload = '', recipient = ''"
    " WHERE id = ?"
)
_RETRY = "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?"
_GIVE_UP = "UPDATE outbox SET attempts = ?, given_up_at = ?, last_error = ? WHERE id = ?"
_REST = "UPDATE outbox SET payload = ? WHERE id = ?"
_HOLD = "UPDATE outbox SET held_at = ?, next_attempt_at = ?, last_error = ? WHERE id = ?"
_RELEASE = (
    "UPDATE outbox SET held_at = NULL, next_attempt_at = ?"
    " WHERE channel = ? AND recipient = ? AND held_at IS NOT NULL AND sent_at IS NULL"
)
_HELD_UNTIL = "9999-12-31T00:00:00"
"""A held message is due only when released."""


_ENQUEUE = (
    "INSERT INTO outbox (channel, recipient, payload, created_at, next_attempt_at)"
    " VALUES (?, ?, ?, ?, ?)"
)
Message = Reply | DeskPost


M_contra = TypeVar("M_contra", contravariant=True)


class PermanentFailure(Exception):
    """The platform will never accept this message (blocked, no such chat): do not retry."""


class Retry(Exception):
    """The platform asked to try again after `after` (a rate limit)."""

    def __init__(self, after: timedelta, reason: str = "") -> None:
        super().__init__(reason or f"retry after {after}")
        self.after = after


class Held(Exception):
    """The platform may not take this message now (WhatsApp's 24-hour window): keep it,
    and the ones after it, until `release` when the person writes again."""


class Unfinished(Exception):
    """Part of a message was accepted and then `cause` stopped it: only `rest` is left."""

    def __init__(self, rest: Reply, cause: Exception) -> None:
        super().__init__(str(cause))
        self.rest = rest
        self.cause = cause


GiveUp = Callable[[str, str, str], Awaitable[Changes]]
"""What to record when a message to (channel, recipient) is given up, for the reason given."""


async def _nothing(_channel: str, _recipient: str, _reason: str) -> Changes:
    return Changes()


class Sender(Protocol[M_contra]):
    """A channel's way out: raises when the platform did not accept the message."""

    async def send(self, recipient: str, message: M_contra, /) -> None: ...


def _payload(message: Message) -> str:
    return json.dumps(asdict(message), ensure_ascii=False)


def enqueue(changes: Changes, channel: str, recipient: str, message: Message, at: str) -> None:
    """Queue a message for delivery when `changes` commit."""
    changes.add(_ENQUEUE, (channel, recipient, _payload(message), at, at))


def release(changes: Changes, channel: str, recipient: str, at: str) -> None:
    """Make the messages held for a person due now, in their order."""
    changes.add(_RELEASE, (at, channel, recipient))


def backoff(attempts: int) -> timedelta:
    """How long to wait after `attempts` failures: 2, 4, 8 ... seconds, at most ten minutes."""
    return min(timedelta(seconds=2 ** min(attempts, 20)), LONGEST_WAIT)


def _attachments(data: list[dict[str, str]]) -> tuple[Attachment, ...]:
    return tuple(Attachment(AttachmentKind(a["kind"]), a["name"], a["ref"]) for a in data)


def decode(channel: str, payload: str) -> Message:
    """A queued message: a post for the desk, or a reply for a person."""
    data = json.loads(payload)
    files = _attachments(data["attachments"])
    options = tuple(Option(**option) for option in data.get("options", []))
    if channel == posts.CHANNEL:
        return DeskPost(PostKind(data["kind"]), data["ticket"], data["text"], files, options)
    return Reply(text=data["text"], options=options, attachments=files)


def together(first: Message, then: Message) -> Message | None:
    """Two waiting posts as one, else None: a card twice is drawn once (when sent, as the
    ticket is then); a person's messages for one ticket's thread go out as one post."""
    cards = [post for post in (first, then) if isinstance(post, DeskPost)]
    if len(cards) == 2 and all(post.kind is PostKind.CARD for post in cards):
        return first if cards[0].ticket == cards[1].ticket else None
    relayed = all(
        isinstance(post, DeskPost)
        and post.kind is PostKind.THREAD
        and post.text.startswith(posts.PERSON)
        for post in (first, then)
    )
    if not relayed or not isinstance(first, DeskPost) or not isinstance(then, DeskPost):
        return None
    if first.ticket != then.ticket:
        return None
    text = f"{first.text}\n{then.text}"
    return replace(first, text=text, attachments=first.attachments + then.attachments)


class Dispatcher:
    """Sends what the outbox holds through the channels it names, one pass at a time."""

    def __init__(
        self,
        database: Database,
        senders: Mapping[str, Sender[Any]],
        clock: Clock,
        on_give_up: GiveUp = _nothing,
        on_hold: GiveUp = _nothing,
    ) -> None:
        self._db = database
        self._senders = senders
        self._clock = clock
        self._on_give_up = on_give_up
        self._on_hold = on_hold
        self._pass = asyncio.Lock()
        self.wake = asyncio.Event()

    async def deliver_due(self) -> int:
        """Try every reply that is due now, oldest first; return how many were accepted.

        Passes never overlap (a second caller waits for the first), so nothing is
        sent twice and a person's replies keep their order.
        """
        async with self._pass:
            return await self._deliver_due()

    async def _deliver_due(self) -> int:
        """Each channel in its own task, so a slow one never holds back another.

        Messages for a channel this process does not serve stay queued for one that does.
        """
        queues: dict[str, list[Any]] = {}
        for row in await self._db.fetch_all(_PENDING):
            if row[1] in self._senders:
                queues.setdefault(row[1], []).append(row)
        sent = await asyncio.gather(
            *(self._deliver(channel, rows) for channel, rows in queues.items())
        )
        return sum(sent)

    async def _deliver(self, channel: str, rows: list[Any]) -> int:
        """One channel's due messages: each recipient's in order, recipients side by side.

        A recipient's failure holds back their later messages only. Every "sent" mark
        is written as soon as its message was accepted, and the marks of recipients
        served at the same moment commit together (the writer groups them).
        """
        queues: dict[str, list[Any]] = {}
        for row in rows:
            queues.setdefault(row[2], []).append(row)
        gate = asyncio.Semaphore(SIDE_BY_SIDE)

        async def serve(recipient: str, queue: list[Any]) -> int:
            async with gate:
                return await self._deliver_to(channel, recipient, queue)

        done = await asyncio.gather(*(serve(who, queue) for who, queue in queues.items()))
        return sum(done)

    async def _deliver_to(self, channel: str, recipient: str, rows: list[Any]) -> int:
        """One recipient's due messages in order, until one fails or is not yet due.

        Consecutive posts of one person to one ticket's thread go out as one post.
        """
        due = stamp(self._clock.now())
        accepted = 0
        waiting = iter(rows)
        row = next(waiting, None)
        while row is not None:
            row_id, _channel, _recipient, payload, attempts, next_at, created = row
            if next_at > due:
                break
            row = next(waiting, None)
            message, ids = decode(channel, payload), [row_id]
            while row is not None and row[5] <= due:
                merged = together(message, decode(channel, row[3]))
                if merged is None:
                    break
                message, ids, row = merged, [*ids, row[0]], next(waiting, None)
            try:
                await self._senders[channel].send(recipient, message)
            except Exception as error:
                changes = await self._failed(row_id, channel, recipient, attempts, created, error)
                await self._db.write(changes)
                break
            accepted += len(ids)
            changes = Changes()
            changes.add_many(_SENT, ((due, sent) for sent in ids))
            await self._db.write(changes)
        return accepted

    async def _failed(
        self,
        row_id: int,
        channel: str,
        recipient: str,
        attempts: int,
        created: str,
        error: Exception,
    ) -> Changes:
        """Keep the rest of a part-sent message; hold it (the platform's window is closed),
        retry later, or give up (permanent, or failing for too long) and say so."""
        now = self._clock.now()
        tries = attempts + 1
        done = Changes()
        if isinstance(error, Unfinished):
            done.add(_REST, (_payload(error.rest), row_id))
            error = error.cause
        reason = f"{type(error).__name__}: {error}"[:500]
        if isinstance(error, Held):
            log.info("message %d on %s held: %s", row_id, channel, reason)
            done.extend(await self._on_hold(channel, recipient, reason))
            done.add(_HOLD, (stamp(now), _HELD_UNTIL, reason, row_id))
            return done
        wait = error.after if isinstance(error, Retry) else backoff(tries)
        lasting = now + wait - moment(created) > KEEP_TRYING
        if isinstance(error, PermanentFailure) or lasting:
            log.error(
                "giving up message %d on %s after %d attempts: %s", row_id, channel, tries, reason
            )
            done.extend(await self._on_give_up(channel, recipient, reason))
            done.add(_GIVE_UP, (tries, stamp(now), reason, row_id))
            return done
        log.warning("message %d on %s failed (attempt %d): %s", row_id, channel, tries, reason)
        done.add(_RETRY, (tries, stamp(now + wait), reason, row_id))
        return done

    async def run(self, poll: float = 1.0) -> None:
        """Deliver forever: at once when woken, and every `poll` seconds for retries."""
        while True:
            self.wake.clear()
            await self.deliver_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=poll)
