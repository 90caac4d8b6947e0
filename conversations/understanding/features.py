"""What the classifier sees of a message: its words, word pairs, and the letter
sequences inside each word (so «ابياقدمطلب», «a7ad» and typos still share most)."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from conversations.text import normalise

SHORTEST, LONGEST = 2, 5
"""The lengths of the letter sequences taken from each word."""


def features(text: str) -> list[str]:
    """The features of `text`, repeated as often as they occur."""
    words = normalise(text).split()
    found = [f"w {word}" for word in words]
    found += [f"b {first} {second}" for first, second in pairwise(words)]
    for word in words:
        padded = f" {word} "
        for size in range(SHORTEST, LONGEST + 1):
            found += [padded[at : at + size] for at in range(max(1, len(padded) - size + 1))]
    found += [f"e {char}" for char in text if unicodedata.category(char) == "So"]
    return found
