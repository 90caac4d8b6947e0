"""The website chat: a page on the association's site with the apps' conversations.

The page posts what the person writes (`bot.webchat.routes`): each message is stored
(`bot.inbound`), then handled like any app's. Replies leave through the outbox to `send`,
which pushes each to the person's open pages as a server-sent event and waits for a page
to confirm it showed it. With no page open, or none confirming in time, the reply is
held (as WhatsApp's are outside their window), and what was held goes out, in order,
when a page of that person opens again. Started and stopped by `bot.serve`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from bot import inbound
from bot.clock import Clock, stamp
from bot.files import Fetch, Files
from bot.outbox import Held, Redraw, Refused, release
from bot.storage.database import Changes, Database
from bot.webchat.limits import Limits
from bot.webchat.visitors import Visitors
from conversations.i18n import LANGUAGES
from conversations.messages import Attachment, AttachmentKind, Incoming, Reply

log = logging.getLogger(__name__)

CHANNEL = "web"
TEXT_LIMIT = 4096
"""Characters one message may have, as on Telegram."""
SEEN_WAIT = 15.0
"""Seconds an open page has to confirm a reply; one that does not is asleep or gone."""
HEARTBEAT = 20.0
"""Seconds between comments on a quiet stream, so proxies keep it open."""
RECONNECT = 3000
"""Milliseconds a page waits before opening its stream again after it broke."""
START = "القائمة"
"""What a page opened for the first time says: the welcome and the menu, as Telegram's
/start."""
_HOLDING_KEPT = 10_000
"""People remembered as held for (the oldest holds are long recorded: forgetting is safe)."""
_HELD = "SELECT 1 FROM outbox WHERE channel = ? AND recipient = ? AND held_at IS NOT NULL"
_LANG = "SELECT json_extract(state, '$.lang') FROM conversations WHERE user_key = ?"

Handle = Callable[[Incoming], Awaitable[object]]
Page = asyncio.Queue[str | None]
"""One open page's events still to be written to its stream; None ends the stream."""


@dataclass(frozen=True)
class Said:
    """What a page posted, as it is stored until handled."""

    person: str
    message: str
    """The page's own id for the message: sent twice (a retry), it is handled once."""
    text: str = ""
    option: str | None = None
    language: str = ""
    files: tuple[Attachment, ...] = ()

    @property
    def key(self) -> str:
        """Its id among the website chat's stored messages."""
        return f"{self.person}:{self.message}"

    def stored(self) -> str:
        """As JSON, to keep until handled (`heard` reads it back)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def heard(cls, body: str) -> Said:
        """A message kept by `stored`."""
        data = json.loads(body)
        files = tuple(
            Attachment(AttachmentKind(a["kind"]), a["name"], a["ref"]) for a in data["files"]
        )
        return cls(**{**data, "files": files})

    def incoming(self) -> Incoming:
        """As the dialogue reads it; a button pressed is its option, its label the text."""
        return Incoming(
            channel=CHANNEL,
            user=self.person,
            message_id=self.message,
            text=self.text,
            option=self.option,
            attachments=self.files,
            language=self.language,
        )


def event(kind: str, data: dict[str, Any], number: int | None = None) -> str:
    """One server-sent event."""
    head = f"id: {number}\n" if number is not None else ""
    return f"{head}event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class WebChat:
    """The website chat's pages: people's messages in, replies out to the open pages."""

    buttons = True
    """Options are buttons on the page, not numbered lines (see Sender)."""

    def __init__(self, key: str | None = None, limits: Limits | None = None) -> None:
        """`key` signs browser ids (else one is generated once and kept: `bot.serve`)."""
        self.key = key
        self.limits = limits or Limits()
        self.closing = False
        self._visitors: Visitors | None = None
        self._pages: dict[str, set[Page]] = {}
        self._crowds: Counter[str] = Counter()
        """Open pages per client address."""
        self._unseen: dict[int, tuple[str, asyncio.Future[None]]] = {}
        self._numbers = itertools.count(1)
        self._left = asyncio.Event()
        self._holding: OrderedDict[str, None] = OrderedDict()
        """People a reply was held for, until a page of theirs releases it (`_back`)."""
        self._committed = asyncio.Event()
        self._db: Database | None = None
        self._clock = Clock()
        self._handle: Handle | None = None
        self._files: Files | None = None
        self._redraw: Redraw | None = None
        self._fetch: Fetch | None = None

    def attach(
        self,
        database: Database,
        clock: Clock,
        handle: Handle,
        files: Files,
        redraw: Redraw,
        key: str,
        fetch: Fetch | None = None,
    ) -> None:
        """Wire the channel to the running bot, with the `key` browser ids are signed with.

        `redraw` shows on the person's ticket that messages wait for them, or no longer
        do; `fetch` brings the staff desk's files here, to be shown on the page.
        """
        self._db, self._clock, self._handle = database, clock, handle
        database.watch(self._commit)
        self._files, self._redraw, self._fetch = files, redraw, fetch
        self._visitors = Visitors(key)

    @property
    def visitors(self) -> Visitors:
        """Who the browser ids presented belong to."""
        if self._visitors is None:
            raise RuntimeError("the website chat is not attached")
        return self._visitors

    @property
    def files(self) -> Files:
        """Where the files people attach are kept."""
        if self._files is None:
            raise RuntimeError("the website chat is not attached")
        return self._files

    @property
    def _database(self) -> Database:
        if self._db is None:
            raise RuntimeError("the website chat is not attached")
        return self._db

    # Messages in -------------------------------------------------------------------

    async def take(self, said: Said) -> None:
        """Store a message, then handle it (unless it was received before)."""
        db = self._database
        if await inbound.keep(db, CHANNEL, said.key, said.stored(), self._clock.now()):
            await self.handle(said)

    async def handle(self, said: Said) -> None:
        """Answer a stored message (its turn commits its replies), then mark it handled."""
        if self._handle is None:
            raise RuntimeError("the website chat is not attached")
        await self._handle(said.incoming())
        await inbound.done(self._database, CHANNEL, said.key, self._clock.now())

    async def language(self, person: str) -> str:
        """The language the person's conversation is in (Arabic until it is another)."""
        row = await self._database.fetch_one(_LANG, (f"{CHANNEL}:{person}",))
        lang = row[0] if row else None
        return lang if lang in LANGUAGES else LANGUAGES[0]

    # Pages -------------------------------------------------------------------------

    def crowded(self, person: str, address: str) -> bool:
        """Whether one more page would be too many open at once, for this browser or for
        this client address (`Limits.pages`)."""
        mine = len(self._pages.get(person, ()))
        return mine >= self.limits.pages or self._crowds[address] >= self.limits.pages_per_address

    async def watch(self, person: str, address: str) -> AsyncIterator[str]:
        """An open page's event stream: the conversation's language, then each reply as
        it goes out (what was held for the person first), until the page or the bot stops."""
        page: Page = asyncio.Queue()
        self._pages.setdefault(person, set()).add(page)
        self._crowds[address] += 1
        try:
            await self._back(person)
            hello = event("hello", {"lang": await self.language(person)})
            yield f"retry: {RECONNECT}\n{hello}"
            while True:
                try:
                    async with asyncio.timeout(HEARTBEAT):
                        sent = await page.get()
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if sent is None:
                    return
                yield sent
        finally:
            self._crowds[address] -= 1
            if not self._crowds[address]:
                del self._crowds[address]
            self._leave(person, page)

    def seen(self, person: str, number: int) -> None:
        """A page of `person` showed reply `number`."""
        found = self._unseen.get(number)
        if found and found[0] == person and not found[1].done():
            found[1].set_result(None)

    async def left(self, person: str | None = None) -> None:
        """Return once no page of `person` (without one: nobody's) is open."""
        while True:
            left = self._left
            if not (self._pages.get(person) if person is not None else self._pages):
                return
            await left.wait()

    async def close(self) -> None:
        """End every page's stream (pages open again by themselves once the bot is back),
        and return once they ended; no new one opens."""
        self.closing = True
        for pages in self._pages.values():
            for page in pages:
                page.put_nowait(None)
        await self.left()

    async def _back(self, person: str) -> None:
        """A page opened: what was held for the person is due now, and their card says so.

        A reply held a moment ago (its page was just closed, by a reload) may not be
        recorded yet: then each commit is looked after, until it is.
        """
        db = self._database
        try:
            async with asyncio.timeout(2 * SEEN_WAIT):
                while True:
                    committed = self._committed
                    if await db.fetch_one(_HELD, (CHANNEL, person)):
                        break
                    if person not in self._holding:
                        return
                    await committed.wait()
        except TimeoutError:
            log.warning("a reply held for a page was not recorded as held in time")
            return
        self._holding.pop(person, None)
        changes = Changes()
        release(changes, CHANNEL, person, stamp(self._clock.now()))
        if self._redraw:
            changes.extend(await self._redraw(CHANNEL, person))
        await db.write(changes)

    def _commit(self, _changes: Changes) -> None:
        """A unit committed: wake a page waiting for a hold to be recorded (`_back`)."""
        if self._holding:
            committed, self._committed = self._committed, asyncio.Event()
            committed.set()

    def _leave(self, person: str, page: Page) -> None:
        """A page closed; with it the person's last, replies waiting for it are held."""
        pages = self._pages.get(person, set())
        pages.discard(page)
        if not pages:
            self._pages.pop(person, None)
            for who, seen in list(self._unseen.values()):
                if who == person and not seen.done():
                    seen.set_exception(Held("the page closed before showing the reply"))
        left, self._left = self._left, asyncio.Event()
        left.set()

    # Replies out -------------------------------------------------------------------

    async def send(self, recipient: str, reply: Reply) -> None:
        """Show one reply on the person's open pages; held when none is open or confirms."""
        try:
            await self._show(recipient, reply)
        except Held:
            self._holding[recipient] = None  # until a page of theirs releases it
            self._holding.move_to_end(recipient)
            if len(self._holding) > _HOLDING_KEPT:
                self._holding.popitem(last=False)
            raise

    async def _show(self, recipient: str, reply: Reply) -> None:
        """Push the reply to the open pages and wait for one to confirm it; a page that
        opened meanwhile (a reload) is given it too."""
        if not self._pages.get(recipient):
            raise Held("no page of the website chat is open")
        shown = {
            "text": reply.text,
            "options": [{"code": o.code, "label": o.label} for o in reply.options],
            "files": [await self._file(attachment) for attachment in reply.attachments],
            "lang": await self.language(recipient),
        }
        told: set[Page] = set()
        while pages := self._pages.get(recipient, set()) - told:
            told |= pages
            number = next(self._numbers)
            seen = asyncio.get_running_loop().create_future()
            self._unseen[number] = (recipient, seen)
            for page in pages:
                page.put_nowait(event("reply", shown, number))
            try:
                async with asyncio.timeout(SEEN_WAIT):
                    await seen
                return
            except (Held, TimeoutError):
                continue
            finally:
                self._unseen.pop(number, None)
        raise Held("no open page showed the reply")

    async def _file(self, attachment: Attachment) -> dict[str, str]:
        """A file of a reply as the page shows it: by a link nobody can guess, for a day."""
        link = await self.files.link(attachment, self._fetch)
        if link is None:
            raise Refused(f"no way to show a {attachment.kind} file on the page")
        return {"kind": attachment.kind.value, "name": attachment.name, "url": link}
