"""What a message in words means, with how sure the classifier is: sure enough to act,
or the two likeliest meanings to ask between."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from conversations.understanding.trained import model

SURE = 0.5
"""The least probability acted on without asking."""
CLOSE = 0.15
"""Two meanings nearer than this are asked between, however likely the first."""


@dataclass(frozen=True)
class Meaning:
    """The intent to act on (None when unsure), and the likeliest two otherwise."""

    intent: str | None
    likeliest: tuple[str, ...] = ()


@lru_cache(maxsize=4096)
def meaning(text: str) -> Meaning:
    """The classifier's reading of `text` (remembered: a turn may ask more than once)."""
    ranked = model().read(text)
    if not ranked:
        return Meaning(None)
    (first, chance), (second, next_chance) = ranked[0], ranked[1]
    if chance >= SURE and chance - next_chance >= CLOSE:
        return Meaning(first)
    return Meaning(None, (first, second))
