"""One turn of dialogue, in one order of precedence (`ORDER`): what a message means
depends first on the question the person was asked.

1. The pending question's own answers: a number where a number is asked, an option
   the open form offered (pressed, numbered, named, or yes/no to it).
2. Escapes, from anywhere: «مساعدة», «رجوع», «إلغاء», «القائمة», a language,
   «بياناتي», an explicit wish for a person.
3. The question left open: «بياناتي»'s step, courtesy, the open form's question.
4. The thread: while the team talks with the person, their words are for the team.
5. Intents: a service or reference named, a story of need, or "not understood".
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from conversations import (
    courtesy,
    forms,
    handoff,
    intents,
    menu,
    privacy,
    services,
    submission,
    tracking,
    withdrawal,
)
from conversations.i18n import LANGUAGES
from conversations.intents import Intent
from conversations.messages import Option
from conversations.text import fold, is_number, normalise
from conversations.turn import Turn

_ESCAPES = {
    "menu": {"القائمة", "القائمة الرئيسية", "الرئيسية", "البداية", "menu", "start", "main menu"},
    "back": {"رجوع", "ارجع", "عودة", "السابق", "back"},
    "cancel": {"إلغاء", "الغاء", "توقف", "cancel", "stop"},
    "help": {"مساعدة", "ساعدني", "help", "?", "؟"},
}
_FOLDED = {name: {fold(word) or word for word in words} for name, words in _ESCAPES.items()}
FORM_ESCAPES = {"back": forms.go_back, "cancel": forms.ask_cancel, "menu": forms.pause}
"""What «رجوع», «إلغاء» and «القائمة» do in an open form."""
_PERSISTENT_MISSES = 2
_LANGUAGE_WISH = 2


@dataclass(frozen=True)
class Reading:
    """What one message is, read once before it is routed."""

    newcomer: bool
    form: str | None
    """The form open, if any."""
    relaying: bool
    """The person's words go to a ticket's thread."""
    escape: str | None
    """«القائمة» (or 0), «رجوع», «إلغاء» or «مساعدة», as the person may mean it here."""
    language: str | None
    mine: str | None
    """«بياناتي» or «احذف بياناتي», asked from anywhere."""
    greeting: Intent | None
    rest: str
    """What the message says after its greeting."""
    meant: Intent | None


Act = Callable[[Turn, Reading], Awaitable[bool]]
"""Serve the message; False when it is not for this route after all (the next one reads it)."""


def _serves(act: Callable[[Turn], object]) -> Act:
    """An act that needs only the turn and always serves the message."""

    async def serve(turn: Turn, reading: Reading) -> bool:
        done = act(turn)
        if inspect.isawaitable(done):
            await done
        return True

    return serve


def _may_serve(act: Callable[[Turn], bool | Awaitable[bool]]) -> Act:
    """An act that needs only the turn and may find the message is not for it."""

    async def serve(turn: Turn, reading: Reading) -> bool:
        served = act(turn)
        return await served if inspect.isawaitable(served) else bool(served)

    return serve


@dataclass(frozen=True)
class Route:
    """One line of the order: when it applies, and what serves the message."""

    what: str
    applies: Callable[[Turn, Reading], bool]
    act: Act


async def respond(turn: Turn) -> None:
    """Answer one message: greet newcomers, then serve it by the first route of `ORDER`."""
    if turn.incoming.edited:
        _edited(turn)
        return
    reading = _read(turn)
    if reading.escape or reading.mine:
        turn.state.pop("privacy", None)
    for route in ORDER:
        if route.applies(turn, reading) and await route.act(turn, reading):
            break
    _count_misses(turn)


def _read(turn: Turn) -> Reading:
    """Welcome a newcomer (in the language they write), return a greeting, drop expired
    drafts, and read what the message is."""
    text = turn.incoming.text
    newcomer = "lang" not in turn.state
    if newcomer:
        english = intents.latin(text) or turn.incoming.language.startswith("en")
        turn.state["lang"] = "en" if english else LANGUAGES[0]
    greeting, rest = intents.courtesy(text)
    returned = courtesy.returned(turn, greeting, welcomed=newcomer)
    if newcomer:
        turn.say("\n".join(filter(None, [returned, turn.policy_text(turn.policy.welcome)])))
    elif returned and rest:
        turn.say(returned)
    forms.expire(turn)
    form = forms.active(turn)
    meant = intents.understand(text) if intents.short(text) else None
    return Reading(
        newcomer=newcomer,
        form=form,
        relaying=handoff.relaying(turn),
        escape=escape(turn),
        language=_language(turn, meant, form),
        mine=None if privacy.active(turn) and turn.picked() else privacy.asked(text),
        greeting=greeting,
        rest=rest,
        meant=meant,
    )


def escape(turn: Turn) -> str | None:
    """The escape word the message is; «0» while talking with the team, and «مساعدة» in
    answer to the team's question, are words for the team."""
    text = turn.incoming.text
    folded = fold(text) or text.strip()
    if folded == "0" and not handoff.relaying(turn):
        return "menu"
    word = next((name for name, words in _FOLDED.items() if folded in words), None)
    return None if word == "help" and handoff.answering(turn) else word


def answers_a_number(turn: Turn) -> bool:
    """Whether the message is a number and the pending question asks for one: then it is
    the answer, whatever option that number would pick («1» at "family size")."""
    return forms.wants_number(turn) and is_number(normalise(turn.incoming.text))


def _wants_person(turn: Turn, reading: Reading) -> bool:
    """Whether the person asks for a human being, from wherever they are (not from the
    team's own thread).

    An offered option named or pressed is that option, even when its words speak of staff
    («سلوك أحد الموظفين» answers a complaint's subject), and a complaint of a staff member
    asks for nobody: it is for supervisors only.
    """
    if reading.relaying and not reading.form:
        return False
    picked = turn.picked(loose=False)
    if picked is not None:
        return picked == menu.HUMAN_CODE
    text = turn.incoming.text
    if intents.asks_to_talk(text):
        return True
    return (
        reading.meant is Intent.HUMAN
        and intents.asks_for_person(text)
        and not intents.about_staff(text)
    )


def _complains_of_staff(turn: Turn, reading: Reading) -> bool:
    """Whether the person, in no form and no thread, tells of a staff member's conduct."""
    if reading.form or reading.relaying or turn.picked(loose=False) is not None:
        return False
    return intents.about_staff(turn.incoming.text)


def _greets_only(turn: Turn, reading: Reading) -> bool:
    """A greeting, thanks or farewell and nothing else (in a thread, it is for the team)."""
    return bool(reading.greeting and not reading.rest and (reading.form or not reading.relaying))


def _withdraws_a_form(turn: Turn, reading: Reading) -> bool:
    """«ابي الغي الطلب» while filling it in: the draft is what can be withdrawn."""
    return bool(reading.form) and intents.withdraws(turn.incoming.text)


def _withdraws(turn: Turn, reading: Reading) -> bool:
    return intents.withdraws(turn.incoming.text)


def _talks_with_the_team(turn: Turn, reading: Reading) -> bool:
    """Whether the words are for the team: the person talks with them and asks for no other
    service (a menu item chosen from the menu they asked for, a menu item's whole label
    «متابعة طلب», or a reference number)."""
    if not reading.relaying:
        return False
    text = turn.incoming.text
    leaves = handoff.leaves(turn) or bool(menu.labelled(turn) or tracking.typed_reference(text))
    return not leaves


# What serves each route -------------------------------------------------------


async def _answer_form(turn: Turn, reading: Reading) -> bool:
    """The open form takes the message; one that names another service is served instead."""
    assert reading.form
    if not await forms.handle(turn, reading.form):
        await services.serve(turn, reading.newcomer)
    return True


async def _help(turn: Turn, reading: Reading) -> bool:
    _ = turn.gettext
    _carry_on(
        turn,
        reading.form,
        _(
            "Reply with the number of an option, or write what you need in your own words.\n"
            "At any point you can write:\n"
            "• «القائمة» or 0 for the main menu\n"
            "• «رجوع» to go back one step\n"
            "• «إلغاء» to cancel what you are doing\n"
            "• «English» or «عربي» to change the language"
        ),
    )
    return True


async def _form_escape(turn: Turn, reading: Reading) -> bool:
    """«رجوع» one step back, «إلغاء» asks first, «القائمة» keeps the draft."""
    assert reading.form
    assert reading.escape
    FORM_ESCAPES[reading.escape](turn, reading.form)
    return True


async def _cancel_form(turn: Turn, reading: Reading) -> bool:
    assert reading.form
    forms.ask_cancel(turn, reading.form)
    return True


async def _switch_language(turn: Turn, reading: Reading) -> bool:
    assert reading.language
    turn.state["lang"] = reading.language
    _carry_on(turn, reading.form, turn.gettext("I will speak with you in English."))
    return True


async def _my_data(turn: Turn, reading: Reading) -> bool:
    """«بياناتي» from anywhere: an open form is kept, a conversation with the team paused."""
    if reading.form:
        forms.leave(turn, reading.form, keep=True)
    handoff.stop(turn)
    if reading.mine == privacy.DELETE:
        await privacy.ask_delete(turn)
    else:
        privacy.show(turn)
    return True


async def _person(turn: Turn, reading: Reading) -> bool:
    if reading.form:
        forms.leave(turn, reading.form, keep=True)
    await handoff.start(turn)
    return True


async def _courtesy(turn: Turn, reading: Reading) -> bool:
    """Answer courtesy in kind, then the question left open or the menu."""
    assert reading.greeting
    lead = "" if reading.newcomer else courtesy.in_kind(turn, reading.greeting)
    if reading.form:
        forms.greet(turn, reading.form, lead)
    elif reading.greeting is Intent.FAREWELL and lead:
        turn.say(lead)
    else:
        menu.show(turn, lead)
    return True


async def _serve(turn: Turn, reading: Reading) -> bool:
    await services.serve(turn, reading.newcomer)
    return True


def _always(turn: Turn, reading: Reading) -> bool:
    return True


ORDER: tuple[Route, ...] = (
    # 1. The pending question's own answers
    Route("a number, where a number is asked", lambda t, r: answers_a_number(t), _answer_form),
    Route("an option the open form offered", lambda t, r: forms.picked_here(t), _answer_form),
    # 2. Escapes
    Route("«مساعدة»", lambda t, r: r.escape == "help", _help),
    Route(
        "«رجوع», «إلغاء», «القائمة» in a form", lambda t, r: bool(r.escape and r.form), _form_escape
    ),
    Route(
        "«القائمة» while talking with the team",
        lambda t, r: bool(r.escape and r.relaying),
        _serves(handoff.show_menu),
    ),
    Route(
        "«القائمة» (or «رجوع», «إلغاء» with nothing open)",
        lambda t, r: bool(r.escape),
        _serves(menu.show),
    ),
    Route("a language asked for", lambda t, r: bool(r.language), _switch_language),
    Route("«بياناتي»", lambda t, r: bool(r.mine), _my_data),
    Route("a wish to talk to a person", _wants_person, _person),
    Route("a wish to withdraw, in a form: cancel it?", _withdraws_a_form, _cancel_form),
    # 3. The question left open
    Route("an answer at «بياناتي»", lambda t, r: privacy.active(t), _may_serve(privacy.handle)),
    Route("courtesy alone", _greets_only, _courtesy),
    Route(
        "a complaint of a staff member's conduct",
        _complains_of_staff,
        _may_serve(forms.complain_of_staff),
    ),
    Route("the open form's question", lambda t, r: bool(r.form), _answer_form),
    Route("which ticket to withdraw", _always, _may_serve(withdrawal.answer)),
    # 4. The thread
    Route("words for the team", _talks_with_the_team, _serves(handoff.forward)),
    # 5. Intents
    Route("a wish to withdraw a ticket sent", _withdraws, _serves(withdrawal.offer)),
    Route(
        "«أقر وأوافق» again, after submitting",
        lambda t, r: submission.repeated(t),
        _serves(submission.remind),
    ),
    Route("a service or reference named, or not understood", _always, _serve),
)
"""The order of precedence: the first route that applies and takes the message serves it."""


def _edited(turn: Turn) -> None:
    """An edited message is not taken again as an answer: ask for a new message instead."""
    turn.say(
        turn.gettext(
            "I only read new messages, not changes to earlier ones. "
            "Please send what you wanted to change as a new message."
        )
    )


def _language(turn: Turn, meant: Intent | None, form: str | None) -> str | None:
    """The language the person asks for, if they ask to change it.

    In a form, only a message that is nothing but the wish ("English please") counts:
    "تدريس اللغة الانجليزية" answers the question.
    """
    if turn.picked() == menu.LANGUAGE_CODE:
        return "en" if turn.lang == "ar" else "ar"
    if form and len(normalise(turn.incoming.text).split()) > _LANGUAGE_WISH:
        return None
    wanted = {Intent.ENGLISH: "en", Intent.ARABIC: "ar"}.get(meant) if meant else None
    return wanted if wanted and wanted != turn.lang else None


def _count_misses(turn: Turn) -> None:
    """After messages the bot could not use twice in a row, offer a person beside the question."""
    misses = 0 if turn.understood else turn.state.get("misses", 0) + 1
    if misses:
        turn.state["misses"] = misses
    else:
        turn.state.pop("misses", None)
    if misses >= _PERSISTENT_MISSES and turn.replies and not handoff.relaying(turn):
        turn.offer(Option(menu.HUMAN_CODE, turn.gettext("Talk to a person")))


def _carry_on(turn: Turn, name: str | None, lead: str) -> None:
    """Say `lead`, then repeat the open form's question, or show the menu."""
    if name:
        forms.reask(turn, name, lead)
    else:
        menu.show(turn, lead)
