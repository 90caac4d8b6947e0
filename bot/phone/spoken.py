"""What the phone line says, as TwiML: Arabic (or English) speech, keypad menus, a
recording. Every answer is built here with the `twilio` library's `VoiceResponse`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal
from urllib.parse import urlencode

from babel.dates import format_date
from hijridate import Gregorian
from twilio.twiml.voice_response import Gather, VoiceResponse

from conversations.i18n import N_

VOICES = {"ar": ("Polly.Zeina", "arb"), "en": ("Polly.Joanna", "en-US")}
"""Twilio's Amazon Polly voice and language for each interface language."""
KEY_WAIT = 6
"""Seconds the menu waits for a key after it is said."""
RECORDING_LIMIT = 120
"""Seconds a message may last."""
SILENCES = 3
"""Menus said without a key pressed before the line says goodbye."""

WELCOME = N_("Welcome to {association}.")
CLOSED = N_(
    "We are closed now. Our staff answer during working hours: {hours}. "
    "You can still leave a message, or ask to be called back."
)
MENU = N_("To follow a request, press 1. To leave a message, press 2. To be called back, press 3.")
OTHER_LANGUAGE = {"ar": "For English, press 0.", "en": "للعربية، اضغط صفر."}
"""The other language's choice, said in that language (not translated)."""
WRONG_KEY = N_("That is not one of the choices.")
SILENCE = N_("We did not hear a choice.")
GOODBYE = N_("Thank you for calling. Goodbye.")
ASK_REFERENCE = N_("Type the request's reference number, then press the hash key.")
NOT_FOUND = N_("We found no request with this number for the number you are calling from.")
STATUS = N_("Request {ref}: {stage}.")
DUE = N_("The answer is due by {date}.")
LATE = N_("The period set by the policy has passed; we apologise for the wait.")
MESSAGE_CONSENT = N_(
    "Your message and your phone number will be kept by the association so that its staff "
    "can answer you. To agree and record, press 1. To go back, press any other key."
)
RECORD_NOW = N_("Record your message after the tone, up to two minutes, then press the hash key.")
RECORDED = N_(
    "Thank you. Your message has reached the association's staff, with reference number "
    "{ref}. A staff member will call you back on this number."
)
NOTHING_RECORDED = N_("No message was recorded.")
CALLBACK_CONSENT = N_(
    "Your phone number will be kept by the association so that its staff can call you back. "
    "To agree, press 1. To go back, press any other key."
)
CALLED_BACK = N_(
    "Thank you. A staff member will call you back on this number. "
    "Your request's reference number is {ref}."
)
HIDDEN_NUMBER = N_(
    "Your number is hidden, so we cannot call you back. "
    "You can leave a message, and say your number in it."
)
HIJRI = N_("{gregorian}, corresponding to {hijri} AH")

Step = Literal["menu", "track", "message", "recorded", "callback"]


def url(step: Step | None, lang: str, **more: int) -> str:
    """The line's own address for `step` (relative: Twilio resolves it against the call's)."""
    path = f"/voice/{step}" if step else "/voice"
    return f"{path}?{urlencode({'lang': lang, **more})}"


class Speech:
    """A TwiML answer being built, spoken in one language."""

    def __init__(self, lang: str, gettext: Callable[[str], str]) -> None:
        self.lang = lang
        self._ = gettext
        self.response = VoiceResponse()

    def say(self, *lines: str, within: Gather | None = None, lang: str | None = None) -> None:
        """Say `lines` (already in words), in the voice of `lang` (the call's by default)."""
        voice, language = VOICES[lang or self.lang]
        (within or self.response).say(" ".join(lines), voice=voice, language=language)

    def ask(self, step: Step, *lines: str, digits: int | None = 1, **more: int) -> Gather:
        """Say `lines` while waiting for keys, sent to `step`: `digits` of them, or any
        number ended by the hash key."""
        keys = {"num_digits": digits} if digits else {"finish_on_key": "#"}
        gather = Gather(input="dtmf", action=url(step, self.lang, **more), timeout=KEY_WAIT, **keys)
        self.say(*lines, within=gather)
        self.response.append(gather)
        return gather

    def menu(self, tries: int = 0, lead: tuple[str, ...] = ()) -> None:
        """The keypad menu, after `lead` (a key may be pressed during either); with no key
        pressed, said again, then goodbye."""
        gather = self.ask("menu", *lead, self._(MENU))
        other = "en" if self.lang == "ar" else "ar"
        self.say(OTHER_LANGUAGE[self.lang], within=gather, lang=other)
        if tries + 1 < SILENCES:
            self.say(self._(SILENCE))
            self.response.redirect(url("menu", self.lang, tries=tries + 1))
        else:
            self.goodbye()

    def record(self) -> None:
        """Record a message of up to RECORDING_LIMIT seconds, sent to `recorded`."""
        self.say(self._(RECORD_NOW))
        self.response.record(
            action=url("recorded", self.lang),
            max_length=RECORDING_LIMIT,
            finish_on_key="#",
            play_beep=True,
            timeout=5,
        )
        self.say(self._(NOTHING_RECORDED))
        self.response.redirect(url("menu", self.lang))

    def goodbye(self, *lines: str) -> None:
        """Say `lines`, thank the caller and hang up."""
        self.say(*lines, self._(GOODBYE))
        self.response.hangup()

    def digits(self, text: str) -> str:
        """A reference said digit by digit («١ ٠ ٠ ٧ ٦ ٢»), not as one large number."""
        return " ".join(text)

    def day(self, day: date) -> str:
        """A date as a voice reads it well: the Gregorian and the Umm al-Qura day in words
        of months, without the «م» and «هـ» a page writes."""
        locale = "ar_SA" if self.lang == "ar" else "en"
        gregorian = format_date(day, "d MMMM y", locale=locale)
        hijri = Gregorian.fromdate(day).to_hijri()
        month = hijri.month_name("ar" if self.lang == "ar" else "en")
        told = f"{hijri.day} {month} {hijri.year}"
        return self._(HIJRI).format(gregorian=gregorian, hijri=told)

    def __str__(self) -> str:
        return str(self.response)
