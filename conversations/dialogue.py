"""One turn of dialogue: global words first, then the menu."""

from __future__ import annotations

from conversations import menu
from conversations.text import clean, fold, normalise
from conversations.turn import LANGUAGES, Turn

_MENU = {"القائمة", "القائمة الرئيسية", "الرئيسية", "البداية", "menu", "start", "main menu", "0"}
_BACK = {"رجوع", "ارجع", "عودة", "السابق", "back"}
_CANCEL = {"إلغاء", "الغاء", "توقف", "cancel", "stop"}
_HELP = {"مساعدة", "ساعدني", "help", "?", "؟"}
_LANGUAGE = {"english": "en", "انجليزي": "en", "عربي": "ar", "العربية": "ar", "arabic": "ar"}


def _folded(words: set[str]) -> set[str]:
    return {fold(word) or word for word in words}


_WORDS = {
    "menu": _folded(_MENU | _BACK | _CANCEL),
    "help": _folded(_HELP),
}
_LANGUAGE_WORDS = {normalise(word): lang for word, lang in _LANGUAGE.items()}


def _global_word(text: str) -> str | None:
    folded = fold(text) or text.strip()
    return next((name for name, words in _WORDS.items() if folded in words), None)


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


def _switch_language(turn: Turn, lang: str) -> None:
    turn.state["lang"] = lang
    menu.show(turn, turn.gettext("I will speak with you in English."))


async def respond(turn: Turn) -> None:
    """Answer one message: greet newcomers, honour global words, route to the menu."""
    newcomer = "lang" not in turn.state
    turn.state.setdefault("lang", LANGUAGES[0])
    if newcomer:
        turn.say(turn.policy_text(turn.policy.welcome))
    text = turn.incoming.text
    word = _global_word(text)
    if word == "help":
        menu.show(turn, _help(turn))
        return
    if word == "menu":
        menu.show(turn)
        return
    code = menu.choose(turn)
    language = _LANGUAGE_WORDS.get(normalise(text))
    if code == menu.LANGUAGE_CODE:
        language = "en" if turn.lang == "ar" else "ar"
    if language:
        _switch_language(turn, language)
    elif code:
        menu.open_entry(turn, code)
    else:
        menu.show(turn, "" if newcomer else _not_understood(turn))


def _not_understood(turn: Turn) -> str:
    _ = turn.gettext
    incoming = turn.incoming
    if incoming.attachments or incoming.location:
        return _("Thank you. I can only read written words here, so please choose from the menu.")
    if not clean(incoming.text):
        return _("I did not receive any text. Please choose from the menu.")
    return _("Sorry, I did not understand that. Please choose from the menu.")
