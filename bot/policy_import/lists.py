"""A section's list as the policy means it: items, their sub-items, and the lines that
go on from an item (a sentence broken over lines or pages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.policy_import.paragraphs import Paragraph


@dataclass
class Entry:
    """One line of a list section (a channel, a tool, a step) and its sub-items."""

    text: str
    items: list[str] = field(default_factory=list)


_STRAY_NUMBER = re.compile(r"\s+[0-9]{1,2}\.?$")
"""A footnote or page number left at the end of an item («طلب دعم مستفيد 4.»)."""


def entries(paragraphs: list[Paragraph]) -> list[Entry]:
    """A section's list: items, their sub-items, and lines that go on from an item.

    A sub-item is indented, or follows an item that ends with a colon («… ما يلي :»).
    In a section with list items, running text after an item continues it.
    """
    marked = any(p.level is not None for p in paragraphs)
    found: list[Entry] = []
    for paragraph in paragraphs:
        text = _STRAY_NUMBER.sub("", paragraph.text)
        last = found[-1] if found else None
        if last is None:
            found.append(Entry(text))
        elif marked and paragraph.level is None and last.items:
            last.items[-1] = _joined(last.items[-1], text)
        elif marked and paragraph.level is None:
            last.text = _joined(last.text, text)
        elif (paragraph.level or 0) > 0 or last.text.rstrip(" -").endswith(":"):
            last.items.append(text)
        else:
            found.append(Entry(text))
    return found


def _joined(first: str, more: str) -> str:
    return f"{first.rstrip(' .')} {more}"


def running_text(paragraphs: list[Paragraph]) -> str | None:
    """A section of running text (the general goal) as one paragraph."""
    return " ".join(p.text for p in paragraphs) or None
