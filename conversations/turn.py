"""The context one turn of dialogue runs in: everything a flow may use, nothing it may not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from conversations import feminine
from conversations.buttons import PRESSED
from conversations.i18n import FEMININE, LANGUAGES, Translations
from conversations.messages import Attachment, Incoming, Option, Reply
from conversations.policy import Policy, Text
from conversations.state import State
from conversations.text import pick_option, yes_or_no
from conversations.tickets import Effects, TicketBook

_UNSEEN = object()


@dataclass
class Turn:
    """One incoming message being answered.

    `state` is the person's saved conversation (JSON-serialisable); it is saved
    with the replies and `effects` when the turn ends.
    """

    policy: Policy
    incoming: Incoming
    state: State
    now: datetime
    translations: Mapping[str, Translations]
    tickets: TicketBook
    replies: list[Reply] = field(default_factory=list)
    effects: Effects = field(default_factory=Effects)
    thread: str | None = None
    """The ticket this turn's messages belong to, when the person talks with its team."""
    understood: bool = True
    buttons: bool = False
    """The person's app shows options as buttons: texts say "a button", not "a number"."""
    """False when the message could not be used (not understood, or not an answer)."""
    _picked: tuple[object, dict[bool, str | None]] = field(
        default_factory=lambda: (_UNSEEN, {}), init=False, repr=False
    )
    """What `picked` found, for the options offered then (several flows ask in one turn)."""

    @property
    def lang(self) -> str:
        """The person's interface language."""
        lang = self.state.get("lang")
        return lang if lang in LANGUAGES else LANGUAGES[0]

    def gettext(self, message: str) -> str:
        """An interface string in the person's language (feminine where the policy says so)."""
        translations = self.translations[self.lang]
        if self.buttons:
            message = PRESSED.get(message, message)
        if self.policy.audience.feminine and message in feminine.SHAPED:
            shaped = translations.pgettext(FEMININE, message)
            if shaped != message:
                return shaped
        return translations.gettext(message)

    def policy_text(self, text: Text) -> str:
        """A text from the policy file in the person's language (Arabic when not given)."""
        return text.in_(self.lang)

    def say(
        self, text: str, options: tuple[Option, ...] = (), attachments: tuple[Attachment, ...] = ()
    ) -> None:
        """Queue a reply; its options become what a typed number or label refers to next."""
        self.replies.append(Reply(text=text, options=options, attachments=attachments))
        if options:
            self.state["offered"] = [[o.code, o.label, o.means] for o in options]

    def offer(self, option: Option) -> None:
        """Add `option` to the choices of the last reply, unless it is already there."""
        last = self.replies[-1]
        if any(offered.code == option.code for offered in last.options):
            return
        self.replies[-1] = replace(last, options=(*last.options, option))
        self.state["offered"] = [[o.code, o.label, o.means] for o in self.replies[-1].options]

    def picked(self, loose: bool = True) -> str | None:
        """The code of the offered option the person tapped, numbered, named, or said yes/no to."""
        current = self.state.get("offered")
        seen, found = self._picked
        if seen is not current:
            found = {}
            self._picked = (current, found)
        if loose not in found:
            found[loose] = self._pick(current or [], loose)
        return found[loose]

    def _pick(self, offered_now: list[list[Any]], loose: bool) -> str | None:
        offered = tuple(Option(*option) for option in offered_now)
        if self.incoming.option in {option.code for option in offered}:
            return self.incoming.option
        chosen = pick_option(self.incoming.text, offered, loose)
        if chosen:
            return chosen.code
        answer = yes_or_no(self.incoming.text)
        meant = [option.code for option in offered if answer is not None and option.means is answer]
        return meant[0] if len(meant) == 1 else None
