"""One turn of dialogue: global words first, then the open form, then the menu."""

from __future__ import annotations

from conversations import forms, handoff, menu, submission, tracking
from conversations.i18n import LANGUAGES
from conversations.text import clean, fold, is_number, normalise
from conversations.turn import Turn

_GLOBAL_WORDS = {
    "menu": {
        "القائمة",
        "القائمة الرئيسية",
        "الرئيسية",
        "البداية",
        "menu",
        "start",
        "main menu",
        "0",
    },
    "back": {"رجوع", "ارجع", "عودة", "السابق", "back"},
    "cancel": {"إلغاء", "الغاء", "توقف", "cancel", "stop"},
    "help": {"مساعدة", "ساعدني", "help", "?", "؟"},
}
_FOLDED = {name: {fold(word) or word for word in words} for name, words in _GLOBAL_WORDS.items()}
_LANGUAGE_WORDS = {
    normalise(word): lang
    for word, lang in {
        "english": "en",
        "انجليزي": "en",
        "عربي": "ar",
        "العربية": "ar",
        "arabic": "ar",
    }.items()
}


def _global_word(text: str) -> str | None:
    folded = fold(text) or text.strip()
    return next((name for name, words in _FOLDED.items() if folded in words), None)


def _help(turn: Turn) -> str:
    _ = turn.gettext
    return _(
        "Reply with the number of an option, or write what you need in your own words.\n"
        "At any point you can write:\n"
        "• «القائمة» or 0 for the main menu\n"
        "• «رجوع» to go back one step\n"
        "• «إلغاء» to cancel what you are doing\n"
        "• «English» or «عربي» to change the language"
    )


async def respond(turn: Turn) -> None:
    """Answer one message: greet newcomers, honour global words, continue the open form or route.

    While the person talks with the team (after any staff message), everything they
    write reaches the ticket's thread, "0" and "نعم" included, until they choose
    another service from the menu.
    """
    newcomer = "lang" not in turn.state
    turn.state.setdefault("lang", LANGUAGES[0])
    if newcomer:
        turn.say(turn.policy_text(turn.policy.welcome))
    forms.expire(turn)
    text = turn.incoming.text
    name = forms.active(turn)
    relaying = handoff.relaying(turn)
    word = _global_word(text)
    if word == "menu" and is_number(normalise(text)) and (relaying or forms.wants_number(turn)):
        word = None
    language = _LANGUAGE_WORDS.get(normalise(text))
    if turn.picked() == menu.LANGUAGE_CODE:
        language = "en" if turn.lang == "ar" else "ar"
    if word == "help":
        _carry_on(turn, name, _help(turn))
    elif word and name:
        {"back": forms.go_back, "cancel": forms.ask_cancel, "menu": forms.pause}[word](turn, name)
    elif word and relaying:
        handoff.show_menu(turn)
    elif word:
        menu.show(turn)
    elif language:
        turn.state["lang"] = language
        lead = turn.gettext("I will speak with you in English.")
        _carry_on(turn, name, lead)
    elif name:
        if not await forms.handle(turn, name):
            await _route(turn, newcomer)
    elif relaying and not handoff.leaves(turn):
        handoff.forward(turn)
    elif submission.repeated(turn):
        submission.remind(turn)
    else:
        await _route(turn, newcomer)


def _carry_on(turn: Turn, name: str | None, lead: str) -> None:
    """Say `lead`, then repeat the open form's question, or show the menu."""
    if name:
        forms.reask(turn, name, lead)
    else:
        menu.show(turn, lead)


async def _route(turn: Turn, newcomer: bool) -> None:
    code = menu.chosen(turn)
    ref = tracking.typed_reference(turn.incoming.text)
    item = menu.entry(code) if code else None
    if code:
        handoff.stop(turn)
    if ref and not code:
        await tracking.detail(turn, ref)
    elif item and item.form:
        forms.start(turn, item.form)
    elif item and item.page:
        menu.show_info(turn, item.page(turn))
    elif code == menu.INFO_CODE:
        menu.show_info(turn)
    elif code == menu.HUMAN_CODE:
        await handoff.start(turn)
    elif code == menu.TRACK_CODE:
        await tracking.show(turn)
    elif code == menu.TIMING_CODE:
        await tracking.when(turn)
    elif code and code.startswith(tracking.CODE_PREFIX):
        await tracking.detail(turn, code.removeprefix(tracking.CODE_PREFIX))
    else:
        menu.show(turn, "" if newcomer or code == menu.MENU_CODE else _not_understood(turn))


def _not_understood(turn: Turn) -> str:
    _ = turn.gettext
    incoming = turn.incoming
    if incoming.attachments or incoming.location:
        return _("Thank you. I can only read written words here, so please choose from the menu.")
    if not clean(incoming.text):
        return _("I did not receive any text. Please choose from the menu.")
    return _("Sorry, I did not understand that. Please choose from the menu.")
