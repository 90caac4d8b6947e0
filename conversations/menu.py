"""The menus: what a person can ask for, by number, by label or in their own words.

The main menu holds what a person does (requests, complaints, ...); the information
menu holds what the policy says (procedures, rights, ...). Both stay short enough for
a phone screen, and words naming any item reach it from anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conversations import intents, procedures
from conversations.i18n import N_
from conversations.intents import Intent
from conversations.kinds import Kind
from conversations.messages import Option
from conversations.text import fold, pick_option
from conversations.turn import Turn

LANGUAGE_CODE = "m:lang"
MENU_CODE = "m:menu"
INFO_CODE = "m:info"
HUMAN_CODE = "m:human"
TRACK_CODE = "m:track"
TIMING_CODE = "m:timing"
MY_DATA_CODE = "m:mydata"
_ROUTABLE = ("m:", "t:")
_LANGUAGE_LABELS = {"ar": "English", "en": "العربية"}


@dataclass(frozen=True)
class Entry:
    """One menu item: its code, its label (a catalogue id) and the intent that names it.

    An item opens a policy `page`, starts a `form`, or (neither) is routed by its code.
    """

    code: str
    label: str
    intent: Intent | None
    page: Callable[[Turn], str] | None = None
    form: str | None = None


MAIN: tuple[Entry, ...] = (
    Entry("m:request", N_("Submit a request"), Intent.REQUEST, form=Kind.REQUEST),
    Entry(TRACK_CODE, N_("Follow a request"), Intent.TRACK),
    Entry("m:complaint", N_("File a complaint"), Intent.COMPLAINT, form=Kind.COMPLAINT),
    Entry("m:suggestion", N_("Make a suggestion"), Intent.SUGGESTION, form=Kind.SUGGESTION),
    Entry("m:volunteer", N_("Volunteer with us"), Intent.VOLUNTEER, form=Kind.VOLUNTEER),
    Entry(HUMAN_CODE, N_("Talk to a person"), Intent.HUMAN),
    Entry(INFO_CODE, N_("Procedures and information"), Intent.INFO),
)

INFO: tuple[Entry, ...] = (
    Entry(
        "m:procedure", N_("How to apply (procedures)"), Intent.PROCEDURE, page=procedures.procedure
    ),
    Entry(TIMING_CODE, N_("When will I get an answer?"), Intent.TIMING),
    Entry("m:tools", N_("Tools and documents"), None, page=procedures.tools),
    Entry("m:channels", N_("Contact channels"), Intent.CHANNELS, page=procedures.channels),
    Entry("m:rights", N_("Your rights"), Intent.RIGHTS, page=procedures.rights),
    Entry("m:about", N_("About the association"), Intent.ABOUT, page=procedures.about),
    Entry(MY_DATA_CODE, N_("My data"), None),
)

QUESTIONS: tuple[Entry, ...] = (
    Entry("m:papers", N_("Papers to attach"), Intent.PAPERS, page=procedures.papers),
    Entry("m:location", N_("Where we are"), Intent.LOCATION, page=procedures.location),
    Entry("m:services", N_("Our services"), Intent.SERVICES, page=procedures.services),
)
"""Questions people ask in their own words, answered without a menu item of their own."""

_ALL = MAIN + INFO + QUESTIONS


def options(turn: Turn) -> tuple[Option, ...]:
    """The main menu as options in the person's language."""
    entries = tuple(Option(entry.code, turn.gettext(entry.label)) for entry in MAIN)
    return (*entries, Option(LANGUAGE_CODE, _LANGUAGE_LABELS[turn.lang]))


def show(turn: Turn, lead: str = "") -> None:
    """Send the main menu, after `lead` when there is one."""
    prompt = turn.gettext("Choose a number, or write what you need.")
    turn.say(f"{lead}\n\n{prompt}" if lead else prompt, options(turn))


def show_info(turn: Turn, lead: str = "") -> None:
    """Send the information menu, after `lead` when there is one."""
    _ = turn.gettext
    pages = tuple(Option(entry.code, _(entry.label)) for entry in INFO)
    prompt = _("What would you like to know? Choose a number, or write your question.")
    turn.say(f"{lead}\n\n{prompt}" if lead else prompt, (*pages, Option(MENU_CODE, _("Main menu"))))


def chosen(turn: Turn) -> str | None:
    """What the person picked: an offered option, a menu item, or words naming any item.

    A number or a whole label comes first (options offered last, then the main menu,
    whatever was offered before); then words naming an item; then part of a label.
    """
    text = turn.incoming.text
    main = options(turn)

    def by_option(loose: bool) -> str | None:
        picked = turn.picked(loose)
        if picked and picked.startswith(_ROUTABLE):
            return picked
        from_menu = pick_option(text, main, loose)
        return from_menu.code if from_menu else None

    return by_option(loose=False) or named(turn, read=intents.understand) or by_option(loose=True)


def labelled(turn: Turn) -> str | None:
    """The main menu item whose whole label the message is («متابعة طلب»), if any."""
    said = fold(turn.incoming.text)
    return next((option.code for option in options(turn) if fold(option.label) == said), None)


def named(
    turn: Turn,
    entries: tuple[Entry, ...] = _ALL,
    read: Callable[[str], Intent | None] = intents.topic,
) -> str | None:
    """The menu item the person's words name ("ابي اقدم شكوى"), whatever is on screen.

    `read` finds the intent: by default the stems of a service named in so many words
    (inside a form, an answer names another service only so); the main menu reads the
    whole message with the classifier (`intents.understand`).
    """
    intent = read(turn.incoming.text)
    return next((item.code for item in entries if intent and item.intent is intent), None)


def named_service(turn: Turn, besides: str) -> str | None:
    """A service of the main menu the person's words name, other than the form `besides`.

    Talking with a person is never named in passing («…للأمهات الموظفات»): leaving a form
    for it takes an explicit wish, which the dialogue reads before the form.
    """
    code = named(turn, MAIN)
    item = entry(code) if code else None
    return code if item and item.form != besides and code != HUMAN_CODE else None


def entry_for(intent: str) -> Entry | None:
    """The menu item that serves `intent`, if one does."""
    return next((item for item in _ALL if item.intent == intent), None)


def item_for(form: str) -> Entry | None:
    """The menu item that opens `form`."""
    return next((item for item in _ALL if item.form == form), None)


def entry(code: str) -> Entry | None:
    """The menu item a code names."""
    return next((item for item in _ALL if item.code == code), None)
