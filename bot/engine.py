"""The turn engine: one incoming message in, one transaction out.

A turn dedupes the inbound id, waits for the same person's previous turn,
loads their state, runs the dialogue and commits state, transcript and
outgoing replies together. A crash before the commit loses nothing (the
platform redelivers, the id is not yet marked seen); after it, nothing repeats.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from bot import people, privacy
from bot.clock import Clock, stamp
from bot.files import Files
from bot.flood import Flood
from bot.outbox import enqueue
from bot.storage import transcript
from bot.storage.database import Changes, Database
from bot.tickets import TicketStore, record
from conversations import dialogue, intake
from conversations import state as conversation
from conversations.i18n import N_, Translations
from conversations.messages import Incoming
from conversations.policy import Policy
from conversations.state import as_json
from conversations.text import whole
from conversations.tickets import Effects
from conversations.turn import Turn

log = logging.getLogger(__name__)

_LOAD = (
    "SELECT (SELECT state FROM conversations WHERE user_key = ?),"
    " (SELECT json_group_array(message_id) FROM inbox WHERE user_key = ?)"
)
_SEEN = "INSERT INTO inbox (user_key, message_id, seen_at) VALUES (?, ?, ?)"
_STATE = (
    "INSERT INTO conversations (user_key, state, updated_at) VALUES (?, ?, ?)"
    " ON CONFLICT (user_key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"
)


_DIALOGUES: dict[str, Callable[[Turn], Awaitable[None]]] = {intake.INTAKE: intake.respond}
"""Channels with a dialogue of their own (a staff member taking a request); the others
have the person's."""
_SLOW_DOWN = N_(
    "You have sent many messages in a short time, and we have kept them all. "
    "I will answer your last message once you pause for a moment."
)


@dataclass
class _Known:
    """One person's conversation state and answered message ids, as in the database."""

    state: str | None
    seen: set[str]


class Remembered:
    """What the database holds for the people who wrote lately, as this process last
    committed it, so their turns read nothing before they run.

    Exact, because this process is the only writer (the database lock) and a change of
    a person's state made elsewhere drops them (`forget`). The least recent are dropped
    beyond `people`, and anyone with more than `ids` answered message ids.
    """

    def __init__(self, people: int = 10_000, ids: int = 1_000) -> None:
        self._people: OrderedDict[str, _Known] = OrderedDict()
        self._most, self._ids = people, ids

    def get(self, key: str) -> _Known | None:
        """The person, if remembered."""
        known = self._people.get(key)
        if known is not None:
            self._people.move_to_end(key)
        return known

    def keep(self, key: str, known: _Known) -> None:
        """Remember the person as just committed."""
        if len(known.seen) > self._ids:
            self.forget(key)
            return
        self._people[key] = known
        self._people.move_to_end(key)
        if len(self._people) > self._most:
            self._people.popitem(last=False)

    def forget(self, key: str) -> None:
        """Read the person from the database next time."""
        self._people.pop(key, None)


class _PersonLock:
    """One person's lock, and how many turns hold or wait for it."""

    def __init__(self, locks: dict[str, _PersonLock], key: str) -> None:
        self._locks, self._key = locks, key
        self._lock = asyncio.Lock()
        self.users = 0

    async def __aenter__(self) -> None:
        try:
            await self._lock.acquire()
        except BaseException:
            self._leave()
            raise

    async def __aexit__(self, *_exc: object) -> None:
        self._lock.release()
        self._leave()

    def _leave(self) -> None:
        self.users -= 1
        if not self.users:
            del self._locks[self._key]


class PersonLocks:
    """One lock per person, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, _PersonLock] = {}

    def hold(self, key: str) -> _PersonLock:
        """The person's lock, to hold at once with `async with`."""
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = _PersonLock(self._locks, key)
        lock.users += 1
        return lock


def _incoming_payload(incoming: Incoming) -> str | None:
    extra: dict[str, Any] = {}
    if incoming.option:
        extra["option"] = incoming.option
    if incoming.attachments:
        extra["attachments"] = [attachment.plain() for attachment in incoming.attachments]
    if incoming.location:
        extra["location"] = {"lat": incoming.location.lat, "lon": incoming.location.lon}
    return as_json(extra) if extra else None


def storable(incoming: Incoming) -> Incoming:
    """The message with every text in it storable, so its turn can always commit."""
    text, user, message_id = whole(incoming.text), whole(incoming.user), whole(incoming.message_id)
    if (text, user, message_id) == (incoming.text, incoming.user, incoming.message_id) and not (
        incoming.attachments
    ):
        return incoming  # most messages: nothing to mend
    files = tuple(replace(a, name=whole(a.name), ref=whole(a.ref)) for a in incoming.attachments)
    return replace(incoming, text=text, user=user, message_id=message_id, attachments=files)


class Engine:
    """Runs turns for every person, concurrently across people and in order for each."""

    def __init__(
        self,
        database: Database,
        policy: Policy,
        translations: Mapping[str, Translations],
        clock: Clock,
        files: Files,
        flood: Flood | None = None,
        buttoned: frozenset[str] = frozenset(),
    ) -> None:
        """`buttoned`: the channels that show options as buttons, not numbered lines."""
        self._db = database
        self._buttoned = buttoned
        self._policy = policy
        self._translations = translations
        self._clock = clock
        delay = timedelta(hours=policy.timings.survey_delay_hours)
        self.tickets = TicketStore(database, delay, files)
        self.locks = PersonLocks()
        self.remembered = Remembered()
        self.flood = flood
        self.held: dict[str, Incoming] = {}
        """Each person's last message beyond the flood limit, answered once they slow down
        (kept in memory: after a restart the person writes again)."""

    async def handle(self, incoming: Incoming) -> bool:
        """Answer one message; False when this message id was already answered."""
        incoming = storable(incoming)
        key = incoming.user_key
        async with self.locks.hold(key):
            known = await self._known(key)
            if incoming.message_id in known.seen:
                log.info(
                    "duplicate message %s from %s ignored", incoming.message_id, incoming.channel
                )
                return False
            turn = self._turn(incoming, known.state)
            sent = self.flood.count(key, turn.now) if self.flood else 0
            limit = self.flood.limit if self.flood else sent
            if sent <= limit:
                self.held.pop(key, None)  # a later message answered: the held one is behind
                await self._run(turn, known.state)
            else:
                self.held[key] = incoming
                if sent == limit + 1:
                    turn.say(turn.gettext(_SLOW_DOWN))
            await self._commit(turn, await self._written(turn, inbound=True), known, answered=True)
        return True

    async def release_held(self) -> int:
        """Answer the last message of each person who sent too many and has slowed down;
        how many were answered."""
        now = self._clock.now()
        calm = [key for key in self.held if self.flood is None or self.flood.calm(key, now)]
        for key in calm:
            async with self.locks.hold(key):
                incoming = self.held.pop(key, None)
                if incoming is None:
                    continue
                known = await self._known(key)
                turn = self._turn(incoming, known.state)
                await self._run(turn, known.state)
                await self._commit(turn, await self._written(turn, inbound=False), known)
        return len(calm)

    async def _written(self, turn: Turn, inbound: bool) -> Changes:
        """The turn's writes, with the person's first contact when the turn erases them."""
        key = turn.incoming.user_key
        erasing = await privacy.first_seen_of(self._db, key) if turn.effects.erase else ""
        return self._changes(turn, inbound=inbound, first_seen=erasing)

    async def nudge(
        self,
        channel: str,
        address: str,
        act: Callable[[Turn], bool],
        also: Changes | None = None,
    ) -> bool:
        """Speak first: run `act` on the person's conversation as if they had written.

        What `act` changes and says is committed with `also` in one transaction.
        Returns False, writing nothing, when `act` declines (the person is busy).
        """
        person = Incoming(channel=channel, user=address, message_id="")
        async with self.locks.hold(person.user_key):
            known = await self._known(person.user_key)
            turn = self._turn(person, known.state)
            if not act(turn):
                return False
            changes = self._changes(turn, inbound=False)
            if also:
                changes.extend(also)
            await self._commit(turn, changes, known)
        return True

    def forget(self, user_key: str) -> None:
        """The person's state was changed outside a turn (hold their lock): read it anew."""
        self.remembered.forget(user_key)

    async def _known(self, key: str) -> _Known:
        known = self.remembered.get(key)
        if known is None:
            row = await self._db.fetch_one(_LOAD, (key, key))
            state, seen = (row[0], json.loads(row[1])) if row else (None, [])
            known = _Known(state, set(seen))
        return known

    async def _commit(
        self, turn: Turn, changes: Changes, known: _Known, answered: bool = False
    ) -> None:
        """Commit the turn, and remember the person as it leaves them (with the message
        `answered`, if it answered one)."""
        key = turn.incoming.user_key
        try:
            await self._db.write(changes)
        except BaseException:
            self.remembered.forget(key)
            raise
        if turn.effects.erase:
            self.remembered.forget(key)
            return
        [(_key, state, _at)] = changes.statements[_STATE]
        if answered:
            known.seen.add(turn.incoming.message_id)
        self.remembered.keep(key, _Known(state, known.seen))

    def _turn(self, incoming: Incoming, saved: str | None) -> Turn:
        return Turn(
            policy=self._policy,
            incoming=incoming,
            state=conversation.load(saved),
            now=self._clock.now(),
            translations=self._translations,
            tickets=self.tickets,
            buttons=incoming.channel in self._buttoned,
        )

    async def _run(self, turn: Turn, saved: str | None) -> None:
        """Run the dialogue; on a bug, apologise and keep the state as it was before."""
        try:
            await _DIALOGUES.get(turn.incoming.channel, dialogue.respond)(turn)
        except Exception:
            log.exception("turn failed for a %s user", turn.incoming.channel)
            turn.state = conversation.load(saved)
            turn.replies.clear()
            turn.effects = Effects()
            turn.say(turn.gettext("Sorry, something went wrong on our side. Please try again."))

    def _changes(self, turn: Turn, inbound: bool, first_seen: str = "") -> Changes:
        """The turn's writes; an erasure names the person by `first_seen` (see privacy.person)."""
        incoming = turn.incoming
        at = stamp(turn.now)
        key = incoming.user_key
        changes = Changes()
        if inbound:
            changes.add(_SEEN, (key, incoming.message_id, at))
            changes.add(people.KNOWN, (key, incoming.channel, incoming.user, at, at))
        changes.add(_STATE, (key, conversation.save(turn.state), at))
        wrote = (incoming.text, _incoming_payload(incoming)) if inbound else None
        replies = [reply.text for reply in turn.replies]
        transcript.record(changes, key, at, wrote, replies, turn.thread)
        for reply in turn.replies:
            enqueue(changes, incoming.channel, incoming.user, reply, at)
        record(changes, key, incoming.channel, turn.now, turn.effects)
        changes.add_many(privacy.REQUEST, ((kind, key, at) for kind in turn.effects.privacy))
        if turn.effects.erase:
            notice = self._translations["ar"].gettext(privacy.ERASED)
            privacy.erase(changes, key, first_seen, turn.now, turn.effects.erase, notice)
        return changes
