"""Serving what the person chose or named: a menu item, a reference number, or the menu."""

from __future__ import annotations

from conversations import choosing, forms, handoff, intents, menu, privacy, tracking
from conversations.intents import Intent
from conversations.kinds import Kind
from conversations.messages import AttachmentKind, Option
from conversations.policy import FieldType
from conversations.text import clean, is_number, normalise
from conversations.turn import Turn
from conversations.understanding.meaning import meaning


async def serve(turn: Turn, newcomer: bool) -> None:
    """Serve the menu item the message picks or names, or the reference it is; else say
    kindly what was not understood, with the menu."""
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
        forms.start(turn, item.form, answered=_service_named(turn, item.form))
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
    elif code == menu.MENU_CODE or intents.topic(turn.incoming.text) is Intent.MENU:
        menu.show(turn)
    elif _requests_a_service(turn):
        pass
    elif _not_for_us(turn.incoming.text):
        _not_ours(turn)
    elif _ask_between(turn):
        pass
    elif newcomer and not turn.incoming.attachments:
        menu.show(turn)  # a newcomer's words are met with the menu, after the welcome
    else:
        turn.understood = False
        menu.show(turn, _not_understood(turn))


_APPLYING = ("اقدم", "تقديم", "طلب", "اطلب", "سجل", "اسجل", "apply", "register", "submit")


def _tells_a_need(turn: Turn) -> bool:
    """Whether the person told of a need ("انا ارملة ومحتاجة") rather than asked to apply
    (or asked for one of the services by name: «ابي اجدد عضويتي»)."""
    text = normalise(turn.incoming.text)
    if turn.picked(loose=False) or turn.incoming.option or is_number(text):
        return False  # «1» picks the first item: it tells no story
    if intents.wishes(turn.incoming.text) and _service_named(turn, Kind.REQUEST):
        return False
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


def _service_named(turn: Turn, form: str) -> dict[str, str]:
    """The form's first question answered already when it is a choice the words name
    («ابي كرسي متحرك» names medical devices), else nothing."""
    first = forms.form_of(turn, form).fields[0]
    typed = turn.incoming.text
    if first.type is not FieldType.CHOICE or not clean(typed) or is_number(normalise(typed)):
        return {}
    code = choosing.described(typed, first)
    return {first.key: first.choices[int(code.removeprefix("c:"))].ar} if code else {}


def _requests_a_service(turn: Turn) -> bool:
    """Words naming one of the request form's services («ابي اجدد عضويتي»), not otherwise
    understood, open the request with that service chosen."""
    if len(normalise(turn.incoming.text).split()) < _WORDS_OF_A_QUESTION:
        return False  # one word («الادوات») names a page or nothing, not a wish
    named = _service_named(turn, Kind.REQUEST)
    if named:
        forms.start(turn, Kind.REQUEST, answered=named)
    return bool(named)


_WORDS_OF_A_QUESTION = 2
_LONGEST_QUESTION = 1000


def _not_for_us(text: str) -> bool:
    """Whether the message asks, in words, for something the association does not do
    (a string of one letter or a wall of text is not understood instead)."""
    words = [word for word in normalise(text).split() if len(word) >= _WORDS_OF_A_QUESTION]
    asks = len(words) >= _WORDS_OF_A_QUESTION and len(text) <= _LONGEST_QUESTION
    return asks and intents.understand(text) is Intent.OTHER


def _not_ours(turn: Turn) -> None:
    """Something the association does not do (حساب المواطن، a bill): said kindly, with a
    person offered, never a form."""
    _ = turn.gettext
    association = turn.policy_text(turn.policy.association.short_name)
    text = _(
        "Sorry, this is not something {association} handles, so I cannot help with it here. "
        "If you think we can help, you can talk to a staff member."
    ).format(association=association)
    turn.say(text, menu.options(turn))  # the menu's «التحدث مع موظف» among them


def _ask_between(turn: Turn) -> bool:
    """When unsure, ask which of the two likeliest services the person means; False when
    neither names a service."""
    _ = turn.gettext
    text = turn.incoming.text
    likeliest = meaning(text).likeliest if clean(text) and not is_number(normalise(text)) else ()
    entries = [entry for intent in likeliest if (entry := menu.entry_for(intent))]
    if not entries or menu.entry_for(likeliest[0]) is None:
        return False  # likeliest nothing we do, or chit-chat: not understood
    labels = [f"«{_(entry.label)}»" for entry in entries]
    question = (
        _("Do you mean {first} or {second}?").format(first=labels[0], second=labels[1])
        if len(labels) == 2
        else _("Do you mean {first}?").format(first=labels[0])
    )
    options = tuple(Option(entry.code, _(entry.label)) for entry in entries)
    turn.say(question, (*options, Option(menu.MENU_CODE, _("Something else"))))
    return True


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
