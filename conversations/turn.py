"""The context one turn of dialogue runs in: everything a flow may use, nothing it may not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from conversations.messages import Incoming, Option, Reply
from conversations.policy import Policy, Text

LANGUAGES = ("ar", "en")


class Translations(Protocol):
    """The part of a gettext catalogue the dialogue uses."""

    def gettext(self, message: str, /) -> str: ...


@dataclass
class Turn:
    """One incoming message being answered.

    `state` is the person's saved conversation (JSON-serialisable) and is saved
    with the replies when the turn ends.
    """

    policy: Policy
    incoming: Incoming
    state: dict[str, Any]
    now: datetime
    translations: Mapping[str, Translations]
    replies: list[Reply] = field(default_factory=list)

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

    def say(self, text: str, options: tuple[Option, ...] = ()) -> None:
        """Queue a reply to the person."""
        self.replies.append(Reply(text=text, options=options))


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it yet."""
    return message
