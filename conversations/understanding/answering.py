"""How often a form's answer is recorded right, on a labelled corpus of answers
(`question<TAB>expected<TAB>style<TAB>answer`): the figure `bench/` prints and the tests
guard. "ASK" expects the answer to be asked again, not recorded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from conversations import answers, places
from conversations.i18n import Translations
from conversations.messages import Incoming
from conversations.policy import FieldType, FormField, Policy
from conversations.state import State
from conversations.text import normalise
from conversations.tickets import TicketBook
from conversations.turn import Turn
from conversations.validators import Invalid

ASK = "ASK"


@dataclass
class Recorded:
    """Answers recorded right, overall and per style."""

    right: int = 0
    seen: int = 0
    by_style: Counter[str] = field(default_factory=Counter)
    styles: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)


def _stored(value: object, kind: FieldType) -> str:
    """A stored value as the corpus writes it."""
    if kind is FieldType.YES_NO:
        return "yes" if value else "no"
    if isinstance(value, dict):  # a location written as an address
        return str(value.get("address", value))
    return str(value)


_VERBATIM = {FieldType.NAME, FieldType.PLACE, FieldType.TEXT, FieldType.LOCATION}


def _as_written(kind: FieldType, got: str, expected: str) -> bool:
    """A name or place kept as the person spelled it («غاده» for «غادة»), or a city in
    either script, is recorded right; so is free text kept whole around what it had to say
    («يهمني برنامج X»)."""
    if kind not in _VERBATIM or expected == ASK or got == ASK:
        return False
    if kind in {FieldType.TEXT, FieldType.LOCATION}:
        return normalise(expected) in normalise(got)
    if kind is FieldType.PLACE:  # "Riyadh" and «الرياض» are one city
        return normalise(places.spelt(got)) == normalise(places.spelt(expected))
    return normalise(got) == normalise(expected)


def record(
    path: Path, policies: Callable[[str], Policy], translations: Mapping[str, Translations]
) -> Recorded:
    """Read every answer of the corpus at its question, as the form would."""
    figures = Recorded()
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    for line in filter(None, lines):
        question, expected, style, typed = line.split("\t", 3)
        preset, form_name, key = question.split(".")
        policy = policies(preset)
        fields: tuple[FormField, ...] = getattr(policy.forms, form_name).fields
        [asked] = [f for f in fields if f.key == key]
        turn = Turn(
            policy=policy,
            incoming=Incoming(channel="bench", user="u", message_id="", text=typed),
            state=State(lang="ar"),
            now=datetime.now(UTC),
            translations=translations,
            tickets=cast(TicketBook, None),  # reading an answer asks nothing of tickets
        )
        offered = answers.choice_options(turn, asked)
        turn.state["offered"] = [[o.code, o.label, o.means] for o in offered]
        try:
            got = _stored(answers.read(turn, asked, turn.picked()), asked.type)
        except Invalid:
            got = ASK
        right = got == expected or _as_written(asked.type, got, expected)
        figures.right += right
        figures.seen += 1
        figures.styles[style] += 1
        figures.by_style[style] += right
        if not right:
            figures.misses.append(f"{question:<34} {style:<9} {expected!r} got {got!r}: {typed}")
    return figures
