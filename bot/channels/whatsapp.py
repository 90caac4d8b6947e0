"""WhatsApp through Twilio: messages in by webhook (`bot.web`), replies out by the REST API.

A webhook is stored before it is answered and handled in the background, one message
at a time per person: its media downloaded and kept, the 24-hour window reopened, the
messages held while it was closed released, then the turn. Replies render options as a
numbered list (quick-reply buttons where a content template for that many is set),
split long text at 1,600 characters and send the parts strictly one after another.
Outside the window a reply is held and, once, the approved update template goes out.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import aiohttp
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.rest import Client

from bot import inbound
from bot.channels.parts import in_order
from bot.channels.reports import CHANNEL as CHANNEL
from bot.channels.reports import WINDOW, WINDOW_CLOSED, DeliveryReports
from bot.clock import Clock, moment, stamp
from bot.engine import PersonLocks
from bot.files import Fetch, Files
from bot.outbox import GiveUp, Held, PermanentFailure, Redraw, Refused, release
from bot.people import reachability
from bot.storage.database import Changes, Database
from conversations.messages import Attachment, AttachmentKind, Incoming, Option, Reply, pin

log = logging.getLogger(__name__)

PREFIX = "whatsapp:"
TEXT_LIMIT = 1600
QUICK_REPLY_BODY = 1024
QUICK_REPLY_TITLE = 20
_MARGIN = timedelta(minutes=5)
"""A reply this close to the window's end goes as the template: Twilio may take a while."""
MEDIA_LIMIT = 16 * 1024 * 1024

# Content type (its start) -> what the dialogue reads it as, and the file's suffix.
_MEDIA: tuple[tuple[str, AttachmentKind, str], ...] = (
    ("image/webp", AttachmentKind.STICKER, ".webp"),
    ("image/jpeg", AttachmentKind.PHOTO, ".jpg"),
    ("image/png", AttachmentKind.PHOTO, ".png"),
    ("application/pdf", AttachmentKind.DOCUMENT, ".pdf"),
    ("application/msword", AttachmentKind.DOCUMENT, ".doc"),
    ("application/vnd.openxmlformats", AttachmentKind.DOCUMENT, ".docx"),
    ("text/plain", AttachmentKind.DOCUMENT, ".txt"),
    ("audio/", AttachmentKind.VOICE, ".ogg"),
    ("video/", AttachmentKind.VIDEO, ".mp4"),
)

_WINDOW_OF = "SELECT last_inbound_at, template_at FROM whatsapp_windows WHERE address = ?"
_OPENED = (
    "INSERT INTO whatsapp_windows (address, last_inbound_at) VALUES (?, ?) ON CONFLICT (address)"
    " DO UPDATE SET last_inbound_at = excluded.last_inbound_at, template_at = NULL"
)
_TEMPLATE_SENT = (
    "INSERT INTO whatsapp_windows (address, last_inbound_at, template_at) VALUES (?, '', ?)"
    " ON CONFLICT (address) DO UPDATE SET template_at = excluded.template_at"
)
_HELD = "SELECT 1 FROM outbox WHERE channel = ? AND recipient = ? AND held_at IS NOT NULL"
_LATEST_REF = (
    "SELECT ref FROM tickets WHERE user_key = ? ORDER BY stage = 'closed', updated_at DESC LIMIT 1"
)
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

Handle = Callable[[Incoming], Awaitable[object]]
"""Bring a file another platform holds (a staff member's photo) into a folder here."""


def address(sender: str) -> str:
    """The person's address as Twilio sends it, without the channel's prefix."""
    return sender.removeprefix(PREFIX)


def kind_of(content_type: str) -> tuple[AttachmentKind, str]:
    """How the dialogue reads a file of this type, and the suffix it is kept under."""
    for start, kind, suffix in _MEDIA:
        if content_type.startswith(start):
            return kind, suffix
    return AttachmentKind.UNREADABLE, ""


def incoming(params: dict[str, str], files: tuple[Attachment, ...] = ()) -> Incoming:
    """A webhook's fields as the dialogue reads them; a quick-reply tap is the option."""
    payload = params.get("ButtonPayload") or None
    return Incoming(
        channel=CHANNEL,
        user=address(params.get("From", "")),
        phone=address(params.get("From", "")) or None,
        message_id=params.get("MessageSid", ""),
        text=params.get("ButtonText", "") if payload else params.get("Body", ""),
        option=payload,
        attachments=files,
        location=pin(params.get("Latitude"), params.get("Longitude")),
    )


def numbered(text: str, options: tuple[Option, ...]) -> str:
    """The text with its options as a numbered list, in Arabic digits when it is Arabic."""
    arabic = any("\u0600" <= char <= "\u06ff" for char in text)
    lines = [
        f"{str(n).translate(_ARABIC_DIGITS) if arabic else n}. {option.label}"
        for n, option in enumerate(options, 1)
    ]
    return "\n".join([text, "", *lines]) if text else "\n".join(lines)


class WhatsAppChannel:
    """One WhatsApp sender on Twilio: people's messages in, replies out."""

    not_yet: tuple[float, ...] = (1.0, 3.0)
    """Seconds to wait before asking again for media Twilio does not have yet."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        sender: str,
        api_url: str,
        public_url: str,
        template: str | None = None,
        quick_replies: dict[int, str] | None = None,
        signing_key: str | None = None,
    ) -> None:
        self._sid = account_sid
        self._token = auth_token
        self._signing_key = signing_key
        self._from = sender if sender.startswith(PREFIX) else f"{PREFIX}{sender}"
        self._api_url = api_url.rstrip("/")
        self._public_url = public_url.rstrip("/")
        self._template = template
        self._quick_replies = quick_replies or {}
        self._locks = PersonLocks()
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: Client | None = None
        self._http: AsyncTwilioHttpClient | None = None
        self._session: aiohttp.ClientSession | None = None
        self._handle: Handle | None = None
        self._db: Database | None = None
        self._clock = Clock()
        self._files: Files | None = None
        self._fetch: Fetch | None = None
        self._reports: DeliveryReports | None = None
        self._redraw: Redraw | None = None

    @property
    def auth_token(self) -> str:
        """What Twilio signs its webhooks with, unless a webhook rule names a SharedKey."""
        return self._token

    @property
    def signing_key(self) -> str | None:
        """The SharedKey secret Twilio signs with where a webhook rule names one."""
        return self._signing_key

    def attach(
        self,
        database: Database,
        clock: Clock,
        handle: Handle,
        files: Files,
        undeliverable: GiveUp,
        redraw: Redraw,
        fetch: Fetch | None = None,
    ) -> None:
        """Wire the channel to the running bot.

        `undeliverable` records a message Twilio could not deliver; `redraw` shows on the
        person's ticket that messages wait for them, or no longer do; `fetch` brings the
        staff desk's files here, to be shared with Twilio by URL.
        """
        self._db, self._clock, self._handle = database, clock, handle
        self._files, self._fetch = files, fetch
        self._redraw = redraw
        self._reports = DeliveryReports(database, clock, undeliverable)

    async def open(self) -> None:
        """Connect (inside the running loop): Twilio's REST client, and a session for media.

        The client's own retries stay off: the outbox retries, so nothing goes twice.
        """
        self._http = AsyncTwilioHttpClient()
        self._client = Client(self._sid, self._token, http_client=self._http)
        self._client.api.base_url = self._api_url
        self._session = aiohttp.ClientSession()

    async def drain(self) -> None:
        """Finish the messages being handled (their replies are then in the outbox)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def close(self) -> None:
        """Disconnect, after the last replies went out."""
        if self._http:
            await self._http.close()
        if self._session:
            await self._session.close()

    # Messages in -------------------------------------------------------------------

    def take(self, params: dict[str, str]) -> None:
        """Handle a stored webhook in the background (Twilio is answered at once)."""
        task = asyncio.create_task(self._receive(params), name="whatsapp message")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _receive(self, params: dict[str, str]) -> None:
        db, handle = self._db, self._handle
        if db is None or handle is None:
            raise RuntimeError("the WhatsApp channel is not attached")
        person = address(params.get("From", ""))
        try:
            async with self._locks.hold(person):
                files = await self._attachments(params)
                now = self._clock.now()
                await db.write(await self._reopened(person, now))
                await handle(incoming(params, files))
                await inbound.done(db, CHANNEL, params.get("MessageSid", ""), now)
        except Exception:
            log.exception("a WhatsApp message could not be handled; kept to try after a restart")

    async def _reopened(self, person: str, now: datetime) -> Changes:
        """The person wrote: the window is open, they are reachable, held messages are due."""
        changes = Changes()
        changes.add(_OPENED, (person, stamp(now)))
        reachability(changes, f"{CHANNEL}:{person}", True, "", now)
        if self._db and self._redraw and await self._db.fetch_one(_HELD, (CHANNEL, person)):
            release(changes, CHANNEL, person, stamp(now))
            changes.extend(await self._redraw(CHANNEL, person))
        return changes

    async def _attachments(self, params: dict[str, str]) -> tuple[Attachment, ...]:
        """The message's media, downloaded and kept; what cannot be kept is unreadable."""
        found = []
        try:
            count = int(params.get("NumMedia") or 0)
        except ValueError:
            count = 0
        for n in range(min(count, 10)):
            content_type = params.get(f"MediaContentType{n}", "")
            kind, suffix = kind_of(content_type)
            name = f"{kind.value}{suffix}"
            content = await self.download(params.get(f"MediaUrl{n}", ""))
            if kind is AttachmentKind.UNREADABLE or content is None or not self._files:
                found.append(Attachment(AttachmentKind.UNREADABLE, content_type or "file"))
                continue
            owner = f"{CHANNEL}:{address(params.get('From', ''))}"
            found.append(Attachment(kind, name, await self._files.keep(content, name, owner)))
        return tuple(found)

    async def download(self, url: str) -> bytes | None:
        """A media file (a message's, or a call's recording) from Twilio's own URL (with
        the account's credentials), at most MEDIA_LIMIT bytes; asked again while Twilio
        answers 404 (not stored yet)."""
        session = self._session
        if session is None or not url.startswith(f"{self._api_url}/"):
            return None
        for wait in (0.0, *self.not_yet):
            await asyncio.sleep(wait)
            try:
                status, content = await self._fetch_media(session, url)
            except aiohttp.ClientError as error:
                log.warning("media download failed: %s", error)
                continue
            if status != 404:
                return content
        return None

    async def _fetch_media(
        self, session: aiohttp.ClientSession, url: str
    ) -> tuple[int, bytes | None]:
        """One try: Twilio's URL with the account's credentials, then its redirect (to
        storage elsewhere) without them."""
        credentials = base64.b64encode(f"{self._sid}:{self._token}".encode()).decode()
        headers = {"Authorization": f"Basic {credentials}"}
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            location = response.headers.get("Location")
            if response.status not in {301, 302, 303, 307, 308} or not location:
                return response.status, await _limited(response)
        async with session.get(urljoin(url, location)) as stored:
            return stored.status, await _limited(stored)

    # Replies out -------------------------------------------------------------------

    async def send(self, recipient: str, reply: Reply) -> None:
        """Deliver one reply inside the window; outside it, hold it (and send the template)."""
        window = await self._database.fetch_one(_WINDOW_OF, (recipient,))
        last_inbound, template_sent = (window[0], window[1]) if window else (None, None)
        if not self._open(last_inbound):
            raise Held(await self._announce(recipient, bool(template_sent)))
        buttons = self._buttons(reply)
        rendered = (
            replace(reply, text=numbered(reply.text, reply.options))
            if (reply.options and not buttons)
            else reply
        )

        async def text(part: str, last: bool) -> None:
            if last and buttons:
                await self._create(recipient, part, content_sid=buttons, variables=_labels(reply))
            else:
                await self._create(recipient, part)

        async def file(attachment: Attachment) -> None:
            await self._create(recipient, "", media_url=await self._url(attachment))

        await in_order(rendered, TEXT_LIMIT, text, file)

    def _buttons(self, reply: Reply) -> str | None:
        """The quick-reply template for this many options, when the reply fits one."""
        sid = self._quick_replies.get(len(reply.options))
        fits = len(reply.text) <= QUICK_REPLY_BODY and not reply.attachments
        short = all(len(option.label) <= QUICK_REPLY_TITLE for option in reply.options)
        return sid if sid and fits and short and 0 < len(reply.options) <= 3 else None

    def _open(self, last_inbound: str | None) -> bool:
        """Whether WhatsApp still lets us write: within 24 hours of the person's last message."""
        return bool(last_inbound) and self._clock.now() - moment(str(last_inbound)) < (
            WINDOW - _MARGIN
        )

    async def _announce(self, recipient: str, sent_before: bool) -> str:
        """Outside the window: send the update template once, naming the person's request."""
        db = self._database
        if sent_before:
            return "outside WhatsApp's 24-hour window; the update template was sent"
        ref = await db.fetch_one(_LATEST_REF, (f"{CHANNEL}:{recipient}",))
        if not self._template or not ref:
            return "outside WhatsApp's 24-hour window; waiting for the person to write"
        await self._create(recipient, None, content_sid=self._template, variables={"1": ref[0]})
        changes = Changes()
        changes.add(_TEMPLATE_SENT, (recipient, stamp(self._clock.now())))
        await db.write(changes)
        return "outside WhatsApp's 24-hour window; the update template was sent"

    async def _url(self, attachment: Attachment) -> str:
        """A URL Twilio can fetch the file from: ours, unguessable and expiring."""
        files = self._files
        if files is None:
            raise RuntimeError("the WhatsApp channel is not attached")
        link = await files.link(attachment, self._fetch)
        if link is None:
            # this file cannot go, not the person: their next messages still do
            raise Refused(f"no way to share a {attachment.kind} file with Twilio")
        return f"{self._public_url}/{link}"

    async def _create(
        self,
        recipient: str,
        body: str | None,
        content_sid: str | None = None,
        variables: dict[str, str] | None = None,
        media_url: str | None = None,
    ) -> None:
        """One message through Twilio's REST API; its status is followed by callback."""
        if self._client is None:
            raise RuntimeError("the WhatsApp channel is not open")
        extra: dict[str, Any] = (
            {"content_sid": content_sid, "content_variables": json.dumps(variables or {})}
            if content_sid
            else {"body": body or ""}
        )
        if media_url:
            extra["media_url"] = [media_url]
        try:
            message = await self._client.messages.create_async(
                to=f"{PREFIX}{recipient}",
                from_=self._from,
                status_callback=f"{self._public_url}/whatsapp/status",
                **extra,
            )
        except TwilioRestException as error:
            raise _refusal(error) from error
        if self._reports:
            await self._reports.accepted(message.sid, recipient, message.status, body)

    async def status(self, params: dict[str, str]) -> None:
        """A delivery report from Twilio (see `bot.channels.reports`)."""
        if self._reports is None:
            raise RuntimeError("the WhatsApp channel is not attached")
        await self._reports.update(params)

    @property
    def _database(self) -> Database:
        if self._db is None:
            raise RuntimeError("the WhatsApp channel is not attached")
        return self._db


async def _limited(response: aiohttp.ClientResponse) -> bytes | None:
    """The body of a good answer, unless it is larger than MEDIA_LIMIT."""
    if response.status != 200:
        return None
    content = await response.content.read(MEDIA_LIMIT + 1)
    return content if len(content) <= MEDIA_LIMIT else None


def _labels(reply: Reply) -> dict[str, str]:
    """Quick-reply variables: the body {{1}}, then each button's title and id in turn."""
    variables = {"1": reply.text}
    for n, option in enumerate(reply.options):
        variables[str(2 + 2 * n)] = option.label
        variables[str(3 + 2 * n)] = option.code
    return variables


def _refusal(error: TwilioRestException) -> Exception:
    """Twilio's refusal as the outbox reads it: held (window closed), never (the number
    cannot get WhatsApp, or blocked us), or retried (rate limits, outages, our settings)."""
    code = str(error.code or "")
    if code == WINDOW_CLOSED:
        return Held(f"Twilio error {code}: outside WhatsApp's 24-hour window")
    if error.status in {400, 404}:
        return PermanentFailure(f"Twilio error {code or error.status}: {error.msg}")
    return RuntimeError(f"Twilio error {code or error.status}: {error.msg}")
