"""The context one turn of dialogue runs in: everything a flow may use, nothing it may not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property

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
    _picked: tuple[object, tuple[Option, ...], dict[bool, str | None]] = field(
        default_factory=lambda: (_UNSEEN, (), {}), init=False, repr=False
    )
    """The options offered when `picked` last looked, and what it found among them
    (several flows ask in one turn)."""

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
        seen, offered, found = self._picked
        if seen is not current:
            offered, found = tuple(Option(*option) for option in current or ()), {}
            self._picked = (current, offered, found)
        if loose not in found:
            # a strict reading finds nothing where the loose one found nothing
            nothing = not loose and True in found and found[True] is None
            found[loose] = None if nothing else self._pick(offered, loose)
        return found[loose]

    @cached_property
    def said_yes(self) -> bool | None:
        """True when the message says yes in the person's own words, False for no, else None."""
        return yes_or_no(self.incoming.text)

    def _pick(self, offered: tuple[Option, ...], loose: bool) -> str | None:
        pressed = self.incoming.option
        if pressed is not None and any(option.code == pressed for option in offered):
            return pressed
        chosen = pick_option(self.incoming.text, offered, loose)
        if chosen:
            return chosen.code
        answer = self.said_yes
        if answer is None:
            return None
        meant = [option.code for option in offered if option.means is answer]
        return meant[0] if len(meant) == 1 else None
