"""The main menu: what a person can ask for, by number, by label or in their own words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conversations import procedures
from conversations.i18n import N_
from conversations.messages import Option
from conversations.text import mentions, pick_option
from conversations.turn import Turn

LANGUAGE_CODE = "m:lang"
MENU_CODE = "m:menu"
REQUEST_CODE = "m:request"
TRACK_CODE = "m:track"
_ROUTABLE = ("m:", "t:")
_LANGUAGE_LABELS = {"ar": "English", "en": "العربية"}


@dataclass(frozen=True)
class Entry:
    """One menu item: its code, its label (a catalogue id), the words that name it.

    Items with a `page` answer from the policy; the others start a flow.
    """

    code: str
    label: str
    keywords: tuple[str, ...]
    page: Callable[[Turn], str] | None = None


ENTRIES: tuple[Entry, ...] = (
    Entry(
        REQUEST_CODE,
        N_("Submit a request"),
        (
            "اقدم طلب",
            "تقديم طلب",
            "طلب جديد",
            "ابي طلب",
            "طلب دعم",
            "طلب خدمة",
            "طلب مساعدة",
            "احتاج مساعدة",
            "ابي مساعدة",
            "new request",
            "submit",
        ),
    ),
    Entry(
        TRACK_CODE,
        N_("Follow a request"),
        ("متابعة", "تابع", "حالة طلب", "وين وصل", "طلبي", "track", "follow", "status"),
    ),
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


def chosen(turn: Turn) -> str | None:
    """What the person picked at the menu: an offered option, a menu item, or words naming one.

    Options offered last (the menu, or a list of tickets) come first; a number or label
    that only fits the menu still opens the menu item, whatever was offered before.
    """
    picked = turn.picked()
    if picked and picked.startswith(_ROUTABLE):
        return picked
    from_menu = pick_option(turn.incoming.text, options(turn))
    if from_menu:
        return from_menu.code
    text = turn.incoming.text
    return next((entry.code for entry in ENTRIES if mentions(text, entry.keywords)), None)


def page(code: str) -> Callable[[Turn], str] | None:
    """The policy page a menu code opens, if it is one."""
    return next((entry.page for entry in ENTRIES if entry.code == code), None)
