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
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from bot.clock import Clock, moment, stamp
from bot.desk import posts
from bot.desk.posts import DeskPost, PostKind
from bot.storage.database import Changes, Database
from conversations.messages import Attachment, AttachmentKind, Option, Reply
from conversations.state import as_json

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
_DUE_NOW = (
    "UPDATE outbox SET next_attempt_at = ?"
    " WHERE channel = ? AND sent_at IS NULL AND given_up_at IS NULL AND held_at IS NULL"
)
_WAITING = (
    "SELECT next_attempt_at FROM outbox WHERE id = ? AND sent_at IS NULL AND given_up_at IS NULL"
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


class Refused(PermanentFailure):
    """The platform refuses this message itself, not its recipient (a 400 no retry can
    fix): it alone is given up; the recipient stays reachable and their next ones go."""


class Retry(Exception):
    """The platform asked to try again after `after` (a rate limit)."""

    def __init__(self, after: timedelta, reason: str = "") -> None:
        super().__init__(reason or f"retry after {after}")
        self.after = after


class Shut(Retry):
    """The platform refuses the bot itself (its token revoked: `everywhere`; or removed
    from the staff group): tried again only every LONGEST_WAIT, said once in the log and
    in /health until a message goes through again."""

    def __init__(self, reason: str, everywhere: bool = False) -> None:
        super().__init__(LONGEST_WAIT, reason)
        self.everywhere = everywhere


class Held(Exception):
    """The platform may not take this message now (WhatsApp's 24-hour window): keep it,
    and the ones after it, until `release` when the person writes again."""


class Away(Held):
    """The person cannot be reached now (they blocked the bot): keep their messages, in
    order, until they come back; staff are told."""


class Unfinished(Exception):
    """Part of a message was accepted and then `cause` stopped it: only `rest` is left."""

    def __init__(self, rest: Message, cause: Exception) -> None:
        super().__init__(str(cause))
        self.rest = rest
        self.cause = cause


class Undelivered(StrEnum):
    """Why a message did not reach its recipient, as staff are told it."""

    AWAY = "away"
    """The person blocked the bot: their messages wait until they come back."""
    HELD = "held"
    """The platform may not take it now (WhatsApp's 24-hour window): it waits."""
    GONE = "gone"
    """The platform will never deliver to this recipient (no such chat or number)."""
    REFUSED = "refused"
    """The platform refuses this message itself; the recipient's next ones go."""
    TIMED_OUT = "timed_out"
    """It kept failing for KEEP_TRYING, and was given up."""
    REPORTED = "reported"
    """The platform took it, then reported it undelivered."""


@dataclass(frozen=True)
class Failure:
    """A message that did not reach its recipient: `why`, for staff, and the platform's own
    words (`detail`), for the log and the outbox's records only, never shown to staff."""

    why: Undelivered
    detail: str = ""


GiveUp = Callable[[str, str, Failure], Awaitable[Changes]]
"""What to record when a message to (channel, recipient) is given up or held, and why."""
Redraw = Callable[[str, str], Awaitable[Changes]]
"""What to record when what waits for (channel, recipient) changed (held messages released)."""


async def _nothing(_channel: str, _recipient: str, _failure: Failure) -> Changes:
    return Changes()


class Sender(Protocol[M_contra]):
    """A channel's way out: raises when the platform did not accept the message. One whose
    app shows options as buttons, not as numbered lines, says so with `buttons = True`."""

    async def send(self, recipient: str, message: M_contra, /) -> None: ...


def _payload(message: Message) -> str:
    """The message as stored (`decode` reads it back)."""
    data: dict[str, Any] = {
        "text": message.text,
        "options": [option.plain() for option in message.options],
        "attachments": [attachment.plain() for attachment in message.attachments],
    }
    if isinstance(message, DeskPost):
        data["kind"], data["ticket"] = message.kind.value, message.ticket
    return as_json(data)


@dataclass(frozen=True)
class Letter:
    """A queued message on its way: its outbox row and what it says."""

    id: int
    channel: str
    recipient: str
    message: Message
    attempts: int
    due: str
    created: str


def enqueue(changes: Changes, channel: str, recipient: str, message: Message, at: str) -> None:
    """Queue a message for delivery when `changes` commit (the dispatcher hears of it then)."""
    changes.insert(
        _ENQUEUE, (channel, recipient, _payload(message), at, at), (channel, recipient, message, at)
    )


def due_now(changes: Changes, channel: str, at: str) -> None:
    """Make every message waiting for `channel` due now (it was set up), in its order."""
    changes.add(_DUE_NOW, (at, channel))


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


@dataclass
class _Lane:
    """One recipient's letters handed over from memory as their turns commit.

    A lane is `blocked` while older messages of the recipient wait in the table (a
    failure, a hold, or handed over before the first pass): those are then delivered
    by table passes, and new ones join them there, so nothing overtakes.
    """

    letters: deque[Letter] = field(default_factory=deque)
    task: asyncio.Task[None] | None = None
    blocked: bool = False
    routed: int = 0
    """The highest id left to the table for this recipient."""

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()


class Dispatcher:
    """Sends messages as soon as they are committed, from memory, in order per recipient;
    reads the table only at start-up and for messages that wait (retries, holds)."""

    def __init__(
        self,
        database: Database,
        senders: Mapping[str, Sender[Any]],
        clock: Clock,
        on_give_up: GiveUp = _nothing,
        on_hold: GiveUp = _nothing,
        on_refused: GiveUp = _nothing,
    ) -> None:
        self._db = database
        self._senders = senders
        self._clock = clock
        self._on_give_up = on_give_up
        self._on_hold = on_hold
        self._on_refused = on_refused
        self._pass = asyncio.Lock()
        self.wake = asyncio.Event()
        self._lanes: dict[tuple[str, str], _Lane] = {}
        self._handed: set[int] = set()
        """Ids being sent from memory, or sent and not yet marked: never read from the table."""
        self._marks: set[asyncio.Future[None]] = set()
        self._unmarked: list[tuple[str, int]] = []
        self._marked: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._committed = 0
        self._live = False
        self._next_retry: str | None = None
        self.refused: dict[str, str] = {}
        """Where the platform refuses the bot itself (a channel, or channel:recipient), why."""
        database.watch(self._hear)

    def _hear(self, changes: Changes) -> None:
        """A unit committed: hand its letters to their lanes (or leave them to the table)."""
        if _RELEASE in changes.statements or _DUE_NOW in changes.statements:
            self.wake.set()
        for row_id, (channel, recipient, message, at) in changes.inserted(_ENQUEUE):
            self._committed = max(self._committed, row_id)
            if channel not in self._senders:
                continue
            key = (channel, recipient)
            lane = self._lanes.setdefault(key, _Lane())
            if not self._live or lane.blocked:
                lane.routed = max(lane.routed, row_id)
                self.wake.set()
                continue
            lane.letters.append(Letter(row_id, channel, recipient, message, 0, at, at))
            self._handed.add(row_id)
            if not lane.busy:
                lane.task = asyncio.create_task(self._drain(key, lane))

    async def _drain(self, key: tuple[str, str], lane: _Lane) -> None:
        """Send a lane's letters until none is left or one fails (then the table has them)."""
        channel, recipient = key
        while lane.letters and not lane.blocked:
            _sent, finished = await self._deliver_to(channel, recipient, lane.letters)
            if not finished:
                lane.blocked = True
                lane.routed = max([lane.routed, *(letter.id for letter in lane.letters)])
                self._handed.difference_update(letter.id for letter in lane.letters)
                lane.letters.clear()
                self.wake.set()
        if not lane.letters and not lane.blocked and self._lanes.get(key) is lane:
            del self._lanes[key]

    async def deliver_due(self) -> int:
        """Finish what is being sent from memory, then try every message in the table that
        is due now, oldest first; return how many the table pass had accepted.

        Passes never overlap (a second caller waits for the first), so nothing is
        sent twice and a person's messages keep their order.
        """
        await self.settle()
        accepted = await self._read_table()
        await self.settle()
        return accepted

    async def _read_table(self) -> int:
        async with self._pass:
            return await self._deliver_due()

    async def settle(self) -> None:
        """Wait until the lanes are empty and every "sent" mark is committed."""
        while busy := [lane.task for lane in self._lanes.values() if lane.task and lane.busy]:
            await asyncio.gather(*busy, return_exceptions=True)
        self._submit_marks()
        if self._marks:
            await asyncio.gather(*self._marks, return_exceptions=True)

    async def close(self) -> None:
        """Stop sending: what is not yet sent stays in the table for the next start."""
        tasks = [lane.task for lane in self._lanes.values() if lane.task]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._submit_marks()
        if self._marks:
            await asyncio.gather(*self._marks, return_exceptions=True)

    async def _deliver_due(self) -> int:
        """Each channel in its own task, so a slow one never holds back another.

        Messages for a channel this process does not serve stay queued for one that does.
        Once the table is read, recipients with nothing in it are served from memory at
        once; the others when nothing of theirs is left in the table.
        """
        # Only what was committed and heard of before the read is the pass's (later ones
        # are in memory or wake another pass), less what memory has in hand then.
        upto = self._committed
        handed = set(self._handed)
        rows = await self._db.fetch_all(_PENDING)
        if not self._live:  # nothing has gone out from memory yet: all of it is the pass's
            upto = max([upto, *(row[0] for row in rows)])
        queues: dict[tuple[str, str], deque[Letter]] = {}
        for row in rows:
            if row[0] <= upto and row[1] in self._senders and row[0] not in handed:
                letter = _letter(row)
                queues.setdefault((letter.channel, letter.recipient), deque()).append(letter)
        self._reopen(set(queues), upto)
        self._live = True
        by_channel: dict[str, dict[str, deque[Letter]]] = {}
        for (channel, recipient), letters in queues.items():
            by_channel.setdefault(channel, {})[recipient] = letters
        sent = await asyncio.gather(
            *(self._deliver(channel, queued) for channel, queued in by_channel.items())
        )
        self._reopen({key for key, letters in queues.items() if letters}, upto)
        waiting = [letters[0].due for letters in queues.values() if letters]
        self._next_retry = min((due for due in waiting if due < _HELD_UNTIL), default=None)
        return sum(sent)

    def _reopen(self, waiting: set[tuple[str, str]], upto: int) -> None:
        """Block the lanes of recipients with messages `waiting` in the table, or left to it
        after the read (ids above `upto`); open the others, and forget the idle ones."""
        for key in waiting:
            self._lanes.setdefault(key, _Lane())
        for key, lane in list(self._lanes.items()):
            if lane.busy:
                continue
            lane.blocked = key in waiting or lane.routed > upto
            if not lane.blocked and not lane.letters:
                del self._lanes[key]

    async def _deliver(self, channel: str, queues: dict[str, deque[Letter]]) -> int:
        """One channel's waiting messages: each recipient's in order, recipients side by side.

        A recipient's failure holds back their later messages only.
        """
        gate = asyncio.Semaphore(SIDE_BY_SIDE)

        async def serve(recipient: str, letters: deque[Letter]) -> int:
            async with gate:
                sent, _finished = await self._deliver_to(channel, recipient, letters)
                return sent

        done = await asyncio.gather(*(serve(who, letters) for who, letters in queues.items()))
        return sum(done)

    async def _deliver_to(
        self, channel: str, recipient: str, letters: deque[Letter]
    ) -> tuple[int, bool]:
        """One recipient's letters in order, taken from the left of `letters` as they go
        out, until one fails or is not yet due; how many went, and whether none failed.

        Each "sent" mark joins the next group commit; the recipient's next message waits
        for it, so a crash can repeat at most one of theirs.
        Consecutive posts of one person to one ticket's thread go out as one post.
        """
        due = stamp(self._clock.now())
        accepted = 0
        marked: asyncio.Future[None] | None = None
        while letters and letters[0].due <= due:
            taken = [letters.popleft()]
            message = taken[0].message
            while letters and letters[0].due <= due:
                merged = together(message, letters[0].message)
                if merged is None:
                    break
                message = merged
                taken.append(letters.popleft())
            ids = [letter.id for letter in taken]
            self._handed.update(ids)
            if marked is not None:  # after a crash, at most one message goes out again
                await marked
            try:
                await self._senders[channel].send(recipient, message)
            except Exception as error:
                await self._db.write(await self._failed(taken[0], error))
                self._handed.difference_update(ids)
                letters.extendleft(reversed(taken[1:]))
                await self._keep_waiting(taken[0], letters)
                return accepted, False
            accepted += len(ids)
            marked = self._mark(ids, due)
            if self.refused:
                self.refused.pop(channel, None)
                self.refused.pop(f"{channel}:{recipient}", None)
        return accepted, True

    async def _keep_waiting(self, letter: Letter, letters: deque[Letter]) -> None:
        """Put a failed letter that is still to be tried back at the head of `letters`, due
        when its retry is (or held): the pass then wakes for it, and keeps the recipient's
        newer messages behind it."""
        row = await self._db.fetch_one(_WAITING, (letter.id,))
        if row is not None:
            letters.appendleft(replace(letter, due=str(row[0])))

    def _mark(self, ids: list[int], at: str) -> asyncio.Future[None]:
        """Record as sent with the next group commit, together with every other message
        accepted meanwhile; done once committed (the ids stay handed until then)."""
        if not self._unmarked:
            self._marked = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_soon(self._submit_marks)
        self._unmarked.extend((at, sent) for sent in ids)
        return self._marked

    def _submit_marks(self) -> None:
        if not self._unmarked:
            return
        rows, self._unmarked, told = self._unmarked, [], self._marked
        changes = Changes()
        changes.add_many(_SENT, rows)
        mark = self._db.submit(changes)
        self._marks.add(mark)

        def marked(_mark: asyncio.Future[None]) -> None:
            self._marks.discard(mark)
            self._handed.difference_update(sent for _at, sent in rows)
            if not told.done():
                told.set_result(None)

        mark.add_done_callback(marked)

    async def _failed(self, letter: Letter, error: Exception) -> Changes:
        """Keep the rest of a part-sent message; hold it (the platform's window is closed),
        retry later, or give up (permanent, or failing for too long) and say so."""
        row_id, channel, recipient = letter.id, letter.channel, letter.recipient
        now = self._clock.now()
        tries = letter.attempts + 1
        done = Changes()
        if isinstance(error, Unfinished):
            done.add(_REST, (_payload(error.rest), row_id))
            error = error.cause
        reason = f"{type(error).__name__}: {error}"[:500]
        if isinstance(error, Held):
            log.info("message %d on %s held: %s", row_id, channel, reason)
            away = isinstance(error, Away)
            told = self._on_give_up if away else self._on_hold
            why = Undelivered.AWAY if away else Undelivered.HELD
            done.extend(await told(channel, recipient, Failure(why, reason)))
            done.add(_HOLD, (stamp(now), _HELD_UNTIL, reason, row_id))
            return done
        if isinstance(error, Shut):
            self._shut(channel if error.everywhere else f"{channel}:{recipient}", str(error))
        wait = error.after if isinstance(error, Retry) else backoff(tries)
        lasting = now + wait - moment(letter.created) > KEEP_TRYING
        if isinstance(error, PermanentFailure) or lasting:
            log.error(
                "giving up message %d on %s after %d attempts: %s", row_id, channel, tries, reason
            )
            told = self._on_refused if isinstance(error, Refused) else self._on_give_up
            done.extend(await told(channel, recipient, Failure(_why(error), reason)))
            done.add(_GIVE_UP, (tries, stamp(now), reason, row_id))
            return done
        log.warning("message %d on %s failed (attempt %d): %s", row_id, channel, tries, reason)
        done.add(_RETRY, (tries, stamp(now + wait), reason, row_id))
        return done

    def pause(self) -> float | None:
        """Seconds `run` sleeps after a pass unless woken: until the earliest retry the
        pass left waiting (at least a twentieth of a second), or None (only when woken)."""
        if self._next_retry is None:
            return None
        return max((moment(self._next_retry) - self._clock.now()).total_seconds(), 0.05)

    def _shut(self, where: str, reason: str) -> None:
        if where not in self.refused:
            log.error("%s refuses the bot: %s; tried again every %s", where, reason, LONGEST_WAIT)
        self.refused[where] = reason

    async def run(self) -> None:
        """Deliver forever: read the table at start, when woken (a message left to it) and
        when the earliest retry falls due; everything else goes out from memory."""
        while True:
            self.wake.clear()
            await self._read_table()  # never settle here: under load, lanes are never idle
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=self.pause())


def _why(error: Exception) -> Undelivered:
    """Why a message given up did not go: refused itself, never to go to its recipient,
    or failing for too long."""
    if isinstance(error, Refused):
        return Undelivered.REFUSED
    if isinstance(error, PermanentFailure):
        return Undelivered.GONE
    return Undelivered.TIMED_OUT


def _letter(row: Any) -> Letter:
    row_id, channel, recipient, payload, attempts, due, created = row
    return Letter(row_id, channel, recipient, decode(channel, payload), attempts, due, created)
