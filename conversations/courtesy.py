"""Courtesy answered in kind: a greeting returned, thanks acknowledged, a farewell wished well.

The policies' first promise is «استقبال المستفيد بلباقة واحترام»: "السلام عليكم" is
never met with "not understood".
"""

from __future__ import annotations

from conversations.i18n import N_
from conversations.intents import Intent
from conversations.text import normalise
from conversations.turn import Turn

_SALAM = ("سلام", "salam")
_IN_KIND = {
    Intent.THANKS: N_("You are most welcome; it is our pleasure to serve you."),
    Intent.FAREWELL: N_("Goodbye, and may God keep you. We are here whenever you need us."),
}


def returned(turn: Turn, kind: Intent | None, welcomed: bool = False) -> str:
    """The greeting to return first, if the message greets ('' otherwise).

    A salam is always returned; another greeting not when the association's own
    welcome (`welcomed`) already greets.
    """
    if kind is not Intent.GREETING:
        return ""
    salam = any(word in normalise(turn.incoming.text) for word in _SALAM)
    if salam:
        return turn.gettext("And peace be upon you, and God's mercy and blessings.")
    return "" if welcomed else turn.gettext("Hello, and welcome.")


def in_kind(turn: Turn, kind: Intent) -> str:
    """The answer to a message that is only courtesy."""
    return returned(turn, kind) or turn.gettext(_IN_KIND[kind])
