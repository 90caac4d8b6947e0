"""How well messages are understood, on a labelled corpus: the figures `bench/` prints and
the tests guard."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from conversations.intents import Intent, understand
from conversations.understanding.meaning import meaning

SERVICES = frozenset(
    {
        *(Intent.REQUEST, Intent.COMPLAINT, Intent.SUGGESTION, Intent.VOLUNTEER, Intent.TRACK),
        *(Intent.HUMAN, Intent.TIMING, Intent.PAPERS, Intent.PROCEDURE, Intent.RIGHTS),
        *(Intent.ABOUT, Intent.SERVICES, Intent.CHANNELS, Intent.LOCATION),
    }
)
"""What routes a message to a service or a page; courtesy, yes/no and menu words do not."""


def corpus(path: Path) -> list[tuple[str, str, str]]:
    """The (intent, style, message) lines of a corpus."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t", 2) for line in lines if line and not line.startswith("#")]
    return [(row[0], row[1], row[2]) for row in rows]


@dataclass
class Figures:
    """Shares served right (overall, per style, per intent), asked, and misrouted."""

    messages: int = 0
    right: int = 0
    asked: int = 0
    others: int = 0
    other_routed: int = 0
    services: int = 0
    wrong_service: int = 0
    by_style: Counter[str] = field(default_factory=Counter)
    styles: Counter[str] = field(default_factory=Counter)
    by_intent: Counter[str] = field(default_factory=Counter)
    intents: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def share(self, part: int, whole: int) -> float:
        """`part` of `whole`, 0 when there is no whole."""
        return part / whole if whole else 0.0

    def style_shares(self) -> dict[str, float]:
        """The share served right in each style."""
        return {s: self.share(self.by_style[s], n) for s, n in sorted(self.styles.items())}

    def intent_shares(self) -> dict[str, float]:
        """The share served right for each intent."""
        return {i: self.share(self.by_intent[i], n) for i, n in sorted(self.intents.items())}


def served_right(intent: str, read: Intent | None) -> bool:
    """Whether reading `read` serves a message written for `intent` ("other" is served by
    being routed nowhere)."""
    if intent == Intent.OTHER:
        return read in {None, Intent.OTHER}
    return read == intent


def score(lines: list[tuple[str, str, str]]) -> Figures:
    """The figures of reading every line of a corpus as a first message."""
    figures = Figures(messages=len(lines))
    for intent, style, message in lines:
        read = understand(message)
        right = served_right(intent, read)
        figures.right += right
        figures.styles[style] += 1
        figures.by_style[style] += right
        figures.intents[intent] += 1
        figures.by_intent[intent] += right
        figures.asked += read is None and bool(meaning(message).likeliest)
        if intent == Intent.OTHER:
            figures.others += 1
            figures.other_routed += read in SERVICES
        elif Intent(intent) in SERVICES:
            figures.services += 1
            figures.wrong_service += read in SERVICES and read != intent
        if not right:
            figures.misses.append(f"{intent:<10} {style:<9} {read!s:<10} {message}")
    return figures
