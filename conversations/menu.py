"""The main menu: what a person can ask for, by number, by label or in their own words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conversations import procedures
from conversations.messages import Option
from conversations.text import mentions, pick_option
from conversations.turn import N_, Turn

LANGUAGE_CODE = "m:lang"
_LANGUAGE_LABELS = {"ar": "English", "en": "العربية"}


@dataclass(frozen=True)
class Entry:
    """One menu item: its code, its label (a catalogue id), the words that name it, its page."""

    code: str
    label: str
    keywords: tuple[str, ...]
    page: Callable[[Turn], str]


ENTRIES: tuple[Entry, ...] = (
    Entry(
        "m:procedure",
        N_("How to apply (procedures)"),
        ("اجراء", "خطوات", "طريقة التقديم", "كيف اقدم", "التسجيل", "procedure", "apply", "steps"),
        procedures.procedure,
    ),
    Entry(
        "m:timing",
        N_("When will I get an answer?"),
        ("متى", "مدة", "كم يوم", "كم ياخذ", "الرد", "how long", "when", "answer"),
        procedures.timing,
    ),
    Entry(
        "m:tools",
        N_("Tools and documents"),
        ("ادوات", "اداة", "مستند", "اوراق", "لائحة", "دليل", "tools", "documents"),
        procedures.tools,
    ),
    Entry(
        "m:channels",
        N_("Contact channels"),
        (
            "قنوات",
            "قناة",
            "تواصل",
            "اتصال",
            "هاتف",
            "جوال",
            "رقم",
            "ايميل",
            "بريد",
            "عنوان",
            "موقع",
            "شكوى",
            "شكاوى",
            "مقترح",
            "contact",
            "channel",
            "phone",
        ),
        procedures.channels,
    ),
    Entry(
        "m:rights",
        N_("Your rights"),
        ("حقوق", "حقي", "rights"),
        procedures.rights,
    ),
    Entry(
        "m:about",
        N_("About the association"),
        ("عن الجمعية", "اهداف", "هدف", "من انتم", "about", "goal"),
        procedures.about,
    ),
)


def options(turn: Turn) -> tuple[Option, ...]:
    """The menu as options in the person's language."""
    entries = tuple(Option(entry.code, turn.gettext(entry.label)) for entry in ENTRIES)
    return (*entries, Option(LANGUAGE_CODE, _LANGUAGE_LABELS[turn.lang]))


def show(turn: Turn, lead: str = "") -> None:
    """Send the menu, after `lead` when there is one."""
    prompt = turn.gettext("Choose a number, or write what you need.")
    turn.say(f"{lead}\n\n{prompt}" if lead else prompt, options(turn))


def choose(turn: Turn) -> str | None:
    """The code of the menu item the person asked for, if any."""
    incoming = turn.incoming
    offered = options(turn)
    if incoming.option in {option.code for option in offered}:
        return incoming.option
    picked = pick_option(incoming.text, offered)
    if picked:
        return picked.code
    for entry in ENTRIES:
        if mentions(incoming.text, entry.keywords):
            return entry.code
    return None


def open_entry(turn: Turn, code: str) -> None:
    """Answer a menu item, then offer the menu again."""
    entry = next(entry for entry in ENTRIES if entry.code == code)
    show(turn, entry.page(turn))
