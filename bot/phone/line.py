"""The phone line's calls, one keypad choice at a time.

A call hears the association's welcome (and, outside its hours, when staff answer), then
the menu: 1 follows a request of the caller's own number, 2 records a message, 3 asks to
be called back, 0 switches to English. A message or a call-back is a ticket («اتصال
هاتفي») filed with the caller's consent, its card in the staff group with the number
masked; a recording is stored with its ticket before Twilio is answered, then downloaded
with the account's credentials, kept as WhatsApp media are, and posted on the card.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, get_args

import phonenumbers

from bot import i18n, inbound, people
from bot.app import App
from bot.channels.reports import CHANNEL as WHATSAPP
from bot.clock import moment, stamp
from bot.desk import posts
from bot.desk.cards import CALLER
from bot.desk.posts import DeskPost, PostKind
from bot.desk.stages import UNDECIDED
from bot.outbox import enqueue
from bot.phone import spoken
from bot.phone.spoken import Speech, Step
from bot.storage.database import Changes
from bot.tickets import record
from conversations.i18n import N_
from conversations.intake_channels import PHONE
from conversations.kinds import Kind, traits
from conversations.messages import Attachment, AttachmentKind
from conversations.text import to_ascii_digits
from conversations.tickets import ConsentAnswer, Effects, NewTicket, Stage

log = logging.getLogger(__name__)

CHANNEL = PHONE
"""How a ticket the line files came, and whose it is (`phone:+9665…`): a person known by
their number alone, told nothing in writing (staff call them back)."""
SOURCE = "voice"
"""Where recordings wait, in the inbound table, until they are downloaded and posted."""
STEPS: frozenset[str] = frozenset(get_args(Step))
_TICKET = "SELECT kind, user_key, stage, due_at, data FROM tickets WHERE ref = ?"
_FILED = "SELECT ref FROM tickets WHERE kind = ? AND json_extract(data, '$.call') = ?"
_LEFT = N_("🎙️ The message left on the phone line ({seconds} seconds).")
_LONGEST_REFERENCE = 12

Download = Callable[[str], Awaitable[bytes | None]]
"""Bring a file from Twilio's own URL, with the account's credentials."""


def caller(number: str) -> str | None:
    """The caller's number in E.164, or None when it is hidden or not a number."""
    try:
        parsed = phonenumbers.parse(number, "SA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class PhoneLine:
    """The association's number, answered in TwiML."""

    def __init__(self, download: Download) -> None:
        self._download = download
        self._app: App | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def attach(self, app: App) -> None:
        """Wire the line to the running bot."""
        self._app = app

    @property
    def _running(self) -> App:
        if self._app is None:
            raise RuntimeError("the phone line is not attached")
        return self._app

    async def answer(self, step: str, params: Mapping[str, str], query: Mapping[str, str]) -> str:
        """The TwiML for one request Twilio made during a call (`step` "" when it rings)."""
        lang = query.get("lang", "ar")
        lang = lang if lang in spoken.VOICES else "ar"
        tries = query.get("tries", "0")
        speech = self._speech(lang)
        keys = to_ascii_digits(params.get("Digits", "")).strip()
        number = caller(params.get("From", ""))
        if step == "":
            speech.menu(lead=self._welcome(speech))
        elif step == "menu":
            speech = self._chosen(speech, keys, number, int(tries) if tries.isdigit() else 0)
        elif step == "track":
            await self._track(speech, keys, number)
        elif step == "message" and keys == "1":
            speech.record()
        elif step == "recorded":
            await self._recorded(speech, params, number)
        elif step == "callback" and keys == "1" and number:
            await self._call_back(speech, params, number)
        else:  # another key than 1 at a consent: back to the menu
            speech.menu()
        return str(speech)

    def _speech(self, lang: str) -> Speech:
        return Speech(lang, i18n.load_all()[lang].gettext)

    def _welcome(self, speech: Speech) -> tuple[str, ...]:
        """The association's welcome, and outside its hours when staff answer."""
        association = self._running.policy.association
        told = [speech._(spoken.WELCOME).format(association=association.name.in_(speech.lang))]
        hours, words = association.hours, association.working_hours
        if hours and words and not hours.open_at(self._running.clock.now()):
            told.append(speech._(spoken.CLOSED).format(hours=words.in_(speech.lang)))
        return tuple(told)

    def _chosen(self, speech: Speech, keys: str, number: str | None, tries: int) -> Speech:
        """The menu's key: what it asks next (a language switch starts a new speech)."""
        _ = speech._
        if keys == "0":
            speech = self._speech("en" if speech.lang == "ar" else "ar")
            speech.menu()
        elif keys == "1":
            speech.ask("track", _(spoken.ASK_REFERENCE), digits=None)
            speech.menu()
        elif keys == "2":
            speech.ask("message", _(spoken.MESSAGE_CONSENT))
            speech.menu()
        elif keys == "3" and number:
            speech.ask("callback", _(spoken.CALLBACK_CONSENT))
            speech.menu()
        elif keys == "3":
            speech.say(_(spoken.HIDDEN_NUMBER))
            speech.menu()
        elif keys:
            speech.menu(lead=(_(spoken.WRONG_KEY),))
        else:  # the menu again: after silence, or after an answer
            speech.menu(tries)
        return speech

    async def _track(self, speech: Speech, keys: str, number: str | None) -> None:
        """The stage of the caller's own request, and when its answer is due; a reference
        of another number is not found, as one that does not exist."""
        _ = speech._
        found = None
        if keys.isdigit() and len(keys) <= _LONGEST_REFERENCE and number:
            found = await self._running.database.fetch_one(_TICKET, (keys,))
        if found is None or not _theirs(found[1], json.loads(found[4] or "{}"), number):
            speech.say(_(spoken.NOT_FOUND))
            speech.menu()
            return
        kind, stage, due = found[0], Stage(found[2]), found[3]
        told = [_(spoken.STATUS).format(ref=speech.digits(keys), stage=_(stage.label))]
        if due and stage in UNDECIDED and traits(kind).awaited:
            due_at = moment(due)
            late = due_at < self._running.clock.now()
            told.append(_(spoken.LATE) if late else _(spoken.DUE).format(date=speech.day(due_at)))
        speech.say(*told)
        speech.menu()

    async def _recorded(
        self, speech: Speech, params: Mapping[str, str], number: str | None
    ) -> None:
        """A message recorded: filed as a ticket with its recording to fetch, then thanked."""
        url, sid = params.get("RecordingUrl", ""), params.get("RecordingSid", "")
        seconds = params.get("RecordingDuration", "0")
        if not url or not sid or not seconds.isdigit() or int(seconds) == 0:
            speech.say(speech._(spoken.NOTHING_RECORDED))
            speech.menu()
            return
        owner = f"{CHANNEL}:{number or params.get('CallSid', sid)}"  # hidden: the call's own
        wait = {"sid": sid, "url": url, "owner": owner, "seconds": int(seconds)}

        def keep(changes: Changes, ref: str) -> None:
            wait["ref"] = ref
            body = json.dumps(wait)
            inbound.keeping(changes, SOURCE, sid, body, self._running.clock.now())

        ref = await self._file(Kind.VOICEMAIL, params, owner, number, spoken.MESSAGE_CONSENT, keep)
        if "ref" in wait:  # filed now, not on Twilio's asking again
            self.take(wait)
        speech.goodbye(speech._(spoken.RECORDED).format(ref=speech.digits(ref)))

    async def _call_back(self, speech: Speech, params: Mapping[str, str], number: str) -> None:
        owner = f"{CHANNEL}:{number}"
        ref = await self._file(Kind.CALLBACK, params, owner, number, spoken.CALLBACK_CONSENT)
        speech.goodbye(speech._(spoken.CALLED_BACK).format(ref=speech.digits(ref)))

    async def _file(
        self,
        kind: Kind,
        params: Mapping[str, str],
        owner: str,
        number: str | None,
        consent: str,
        more: Callable[[Changes, str], None] | None = None,
    ) -> str:
        """File the call's ticket of `kind` once (Twilio may ask again), with the consent
        the caller gave by key, and its card for staff; its reference."""
        app, call = self._running, params.get("CallSid", "")
        filed = await app.database.fetch_one(_FILED, (kind.value, call)) if call else None
        if filed:
            return str(filed[0])
        ref = await app.engine.tickets.new_reference()
        data: dict[str, Any] = {"call": call, **({CALLER: number} if number else {})}
        title = app.desk._(traits(kind).label)
        notice = app.desk._(consent)
        effects = Effects(
            tickets=[NewTicket(ref, kind, title, data)],
            consents=[ConsentAnswer(kind.value, notice, True)],
        )
        changes, at = Changes(), app.clock.now()
        address = owner.removeprefix(f"{CHANNEL}:")
        changes.add(people.KNOWN, (owner, CHANNEL, address, stamp(at), stamp(at)))
        record(changes, owner, CHANNEL, at, effects)
        if more:
            more(changes, ref)
        await app.database.write(changes)
        return ref

    # Recordings --------------------------------------------------------------------

    def take(self, wait: dict[str, Any]) -> None:
        """Download a recording and post it on its ticket's card, in the background."""
        task = asyncio.create_task(self._post(wait), name="phone recording")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, wait: dict[str, Any]) -> None:
        app = self._running
        try:
            content = await self._download(f"{wait['url']}.mp3")
            if content:
                kept = await app.files.keep(content, "message.mp3", wait["owner"])
                sound = Attachment(AttachmentKind.VOICE, "message.mp3", kept)
            else:
                sound = Attachment(AttachmentKind.UNREADABLE, "audio")
            text = app.desk._(_LEFT).format(seconds=wait["seconds"])
            post = DeskPost(PostKind.THREAD, wait["ref"], text, (sound,))
            now = stamp(app.clock.now())
            changes = Changes()
            enqueue(changes, posts.CHANNEL, posts.GROUP, post, now)
            inbound.finished(changes, SOURCE, wait["sid"], app.clock.now())
            await app.database.write(changes)
        except Exception:
            log.exception("a phone message could not be posted; kept to try after a restart")

    async def drain(self) -> None:
        """Finish posting the recordings being fetched."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _theirs(owner: str | None, data: dict[str, Any], number: str | None) -> bool:
    """Whether a ticket is the caller's: filed from their number on WhatsApp or the phone
    line, or giving it as the person's mobile."""
    if not number:
        return False
    mine = {f"{CHANNEL}:{number}", f"{WHATSAPP}:{number}"}
    return owner in mine or number in data.values()
