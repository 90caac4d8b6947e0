"""One turn of dialogue: global words first, then the open form, then the menu."""

from __future__ import annotations

from conversations import courtesy, forms, handoff, intents, menu, privacy, submission, tracking
from conversations.i18n import LANGUAGES
from conversations.intents import Intent
from conversations.messages import AttachmentKind, Option
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
    text = turn.incoming.text
    if turn.incoming.edited:
        _edited(turn)
        return
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
    name = forms.active(turn)
    relaying = handoff.relaying(turn)
    word = _global_word(text)
    if word == "menu" and (_answers_a_number(turn) or (relaying and is_number(normalise(text)))):
        word = None
    if word == "help" and handoff.answering(turn):  # «مساعدة» answers what the team wrote
        word = None
    meant = intents.understand(text) if intents.short(text) else None
    language = _language(turn, meant, name)
    mine = None if privacy.active(turn) and turn.picked() else privacy.asked(text)
    if word or mine:
        turn.state.pop(privacy.STEP, None)
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
    elif mine:
        await _my_data(turn, name, mine)
    elif privacy.active(turn) and await privacy.handle(turn):
        pass
    elif greeting and not rest and (name or not relaying):
        _courtesy(turn, greeting, name, newcomer)
    elif not (name or relaying) and _complains_of_staff(turn) and forms.complain_of_staff(turn):
        pass
    elif (name or not relaying) and _wants_person(turn, meant):
        if name:
            forms.leave(turn, name, keep=True)
        await handoff.start(turn)
    elif name:
        if not await forms.handle(turn, name):
            await _route(turn, newcomer)
    elif relaying and not _leaves_the_team(turn):
        handoff.forward(turn)
    elif submission.repeated(turn):
        submission.remind(turn)
    else:
        await _route(turn, newcomer)
    _count_misses(turn)


_PERSISTENT_MISSES = 2
_LANGUAGE_WISH = 2


def _edited(turn: Turn) -> None:
    """An edited message is not taken again as an answer: ask for a new message instead."""
    turn.say(
        turn.gettext(
            "I only read new messages, not changes to earlier ones. "
            "Please send what you wanted to change as a new message."
        )
    )


def _complains_of_staff(turn: Turn) -> bool:
    """Whether the person tells of a staff member's conduct, not choosing an offered option."""
    return turn.picked(loose=False) is None and intents.about_staff(turn.incoming.text)


def _leaves_the_team(turn: Turn) -> bool:
    """Whether a person talking with the team asks for another service: an item of the menu
    they asked for, a menu item's whole label («متابعة طلب») or a reference number; any
    other words are for the team."""
    text = turn.incoming.text
    return handoff.leaves(turn) or bool(menu.labelled(turn) or tracking.typed_reference(text))


def _answers_a_number(turn: Turn) -> bool:
    """Whether the message is a number and the pending question asks for one: then it is
    the answer, whatever option that number would pick («1» at "family size")."""
    return forms.wants_number(turn) and is_number(normalise(turn.incoming.text))


def _wants_person(turn: Turn, meant: Intent | None) -> bool:
    """Whether the person asks for a human being, from wherever they are.

    An offered option named or pressed is that option, even when its words speak of staff
    («سلوك أحد الموظفين» answers a complaint's subject), and a complaint of a staff member
    asks for nobody: it is for supervisors only.
    """
    picked = turn.picked(loose=False)
    if picked is not None:
        return picked == menu.HUMAN_CODE and not _answers_a_number(turn)
    text = turn.incoming.text
    return meant is Intent.HUMAN and intents.asks_for_person(text) and not intents.about_staff(text)


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


def _courtesy(turn: Turn, kind: Intent, name: str | None, newcomer: bool) -> None:
    """Answer courtesy in kind, then the question left open or the menu."""
    lead = "" if newcomer else courtesy.in_kind(turn, kind)
    if name:
        forms.greet(turn, name, lead)
    elif kind is Intent.FAREWELL and lead:
        turn.say(lead)
    else:
        menu.show(turn, lead)


def _count_misses(turn: Turn) -> None:
    """After messages the bot could not use twice in a row, offer a person beside the question."""
    misses = 0 if turn.understood else turn.state.get("misses", 0) + 1
    if misses:
        turn.state["misses"] = misses
    else:
        turn.state.pop("misses", None)
    if misses >= _PERSISTENT_MISSES and turn.replies and not handoff.relaying(turn):
        turn.offer(Option(menu.HUMAN_CODE, turn.gettext("Talk to a person")))


async def _my_data(turn: Turn, name: str | None, asked: str) -> None:
    """«بياناتي» from anywhere: an open form is kept, a conversation with the team paused."""
    if name:
        forms.leave(turn, name, keep=True)
    handoff.stop(turn)
    if asked == privacy.DELETE:
        await privacy.ask_delete(turn)
    else:
        privacy.show(turn)


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
    elif code == "m:request" and _tells_a_need(turn):
        _offer_help(turn)
    elif item and item.form:
        forms.start(turn, item.form)
    elif item and item.page:
        menu.show_info(turn, item.page(turn))
    elif code == menu.INFO_CODE:
        menu.show_info(turn)
    elif code == menu.HUMAN_CODE:
        await handoff.start(turn)
    elif code == menu.MY_DATA_CODE:
        privacy.show(turn)
    elif code == menu.TRACK_CODE:
        await tracking.show(turn)
    elif code == menu.TIMING_CODE:
        await tracking.when(turn)
    elif code and code.startswith(tracking.CODE_PREFIX):
        await tracking.detail(turn, code.removeprefix(tracking.CODE_PREFIX))
    elif code == menu.MENU_CODE or _just_arrived(turn, newcomer):
        menu.show(turn)
    else:
        turn.understood = False
        menu.show(turn, _not_understood(turn))


def _just_arrived(turn: Turn, newcomer: bool) -> bool:
    """Whether the menu is the whole answer: asked for, or a newcomer who wrote words."""
    incoming = turn.incoming
    return intents.topic(incoming.text) is Intent.MENU or (newcomer and not incoming.attachments)


_APPLYING = ("اقدم", "تقديم", "طلب", "اطلب", "سجل", "اسجل", "apply", "register", "submit")


def _tells_a_need(turn: Turn) -> bool:
    """Whether the person told of a need ("انا ارملة ومحتاجة") rather than asked to apply."""
    text = normalise(turn.incoming.text)
    if turn.picked(loose=False) or turn.incoming.option or is_number(text):
        return False  # «1» picks the first item: it tells no story
    words = text.split()
    return not any(word.startswith(_APPLYING) for word in words)


def _offer_help(turn: Turn) -> None:
    """Meet a story of need warmly, and offer the request form or a person."""
    _ = turn.gettext
    text = "\n".join(
        [
            _("We are sorry for what you are going through, and we are here to help."),
            _("You can submit a support request now; it takes a few minutes."),
        ]
    )
    options = (
        Option("m:request", _("Submit a request"), True),
        Option(menu.HUMAN_CODE, _("Talk to a person")),
        Option(menu.MENU_CODE, _("Main menu")),
    )
    turn.say(text, options)


def _not_understood(turn: Turn) -> str:
    _ = turn.gettext
    incoming = turn.incoming
    if any(attachment.kind is AttachmentKind.VOICE for attachment in incoming.attachments):
        return _("I cannot listen to voice notes here. Please write, or choose from the menu.")
    if incoming.attachments or incoming.location:
        return _("Thank you. I can only read written words here, so please choose from the menu.")
    if not clean(incoming.text):
        return _("I did not receive any text. Please choose from the menu.")
    return _("Sorry, I did not understand that. Please choose from the menu.")
