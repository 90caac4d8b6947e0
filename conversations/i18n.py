"""Interface languages and the catalogue contract the dialogue relies on."""

from __future__ import annotations

from typing import Protocol

LANGUAGES = ("ar", "en")


FEMININE = "feminine"
"""The catalogue context of strings addressed to a woman (see conversations.feminine)."""


class Translations(Protocol):
    """The part of a gettext catalogue the dialogue uses."""

    def gettext(self, message: str, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


def N_(message: str) -> str:
    """Mark a string for the catalogue without translating it yet."""
    return message


def C_(context: str, message: str) -> str:
    """Mark a string for the catalogue under `context`, without translating it yet."""
    return message
