"""The context one turn of dialogue runs in: everything a flow may use, nothing it may not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from conversations.i18n import LANGUAGES, Translations
from conversations.messages import Attachment, Incoming, Option, Reply
from conversations.policy import Policy, Text
from conversations.text import pick_option
from conversations.tickets import Effects, TicketBook


@dataclass
class Turn:
    """One incoming message being answered.

    `state` is the person's saved conversation (JSON-serialisable); it is saved
    with the replies and `effects` when the turn ends.
    """

    policy: Policy
    incoming: Incoming
    state: dict[str, Any]
    now: datetime
    translations: Mapping[str, Translations]
    tickets: TicketBook
    replies: list[Reply] = field(default_factory=list)
    effects: Effects = field(default_factory=Effects)

    @property
    def lang(self) -> str:
        """The person's interface language."""
        lang = self.state.get("lang")
        return lang if lang in LANGUAGES else LANGUAGES[0]

    def gettext(self, message: str) -> str:
        """An interface string in the person's language."""
        return self.translations[self.lang].gettext(message)

    def policy_text(self, text: Text) -> str:
        """A text from the policy file in the person's language (Arabic when not given)."""
        return text.in_(self.lang)

    def say(
        self, text: str, options: tuple[Option, ...] = (), attachments: tuple[Attachment, ...] = ()
    ) -> None:
        """Queue a reply; its options become what a typed number or label refers to next."""
        self.replies.append(Reply(text=text, options=options, attachments=attachments))
        if options:
            self.state["offered"] = [[option.code, option.label] for option in options]

    def picked(self, loose: bool = True) -> str | None:
        """The code of the offered option the person tapped, numbered or named (see pick_option)."""
        offered = tuple(Option(code, label) for code, label in self.state.get("offered", []))
        if self.incoming.option in {option.code for option in offered}:
            return self.incoming.option
        chosen = pick_option(self.incoming.text, offered, loose)
        return chosen.code if chosen else None
