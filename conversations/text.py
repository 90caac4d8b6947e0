"""Arabic text handling: cleaning what people type, normalising it, matching it to choices."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from conversations.messages import Option

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def to_ascii_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits with 0-9."""
    return text.translate(_DIGITS)


def clean(text: str) -> str:
    """What a person typed, safe to store and echo: no control or bidi characters, trimmed."""
    text = _INVISIBLE.sub("", text)
    kept = (
        ch
        for ch in text.replace("\r\n", "\n")
        if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
    )
    return "".join(kept).strip()


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Fold the ways one Arabic word can be typed into one form, for matching only.

    Unifies alef forms, alef maqsura and ya, ta marbuta and ha, hamza carriers,
    removes diacritics and tatweel, turns every digit into 0-9, lower-cases Latin
    letters, drops punctuation and collapses spaces.
    """
    text = unicodedata.normalize("NFKC", clean(text))
    text = _DIACRITICS.sub("", text).translate(_LETTERS)
    text = to_ascii_digits(text).casefold()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


def fold(text: str) -> str:
    """`normalise`, then drop the definite article from each word ('الاجراءات' meets 'اجراءات')."""
    words = normalise(text).split()
    return " ".join(word[2:] if word.startswith("ال") and len(word) > 4 else word for word in words)


def pick_option(text: str, options: Sequence[Option], loose: bool = True) -> Option | None:
    """The option a person meant: by its number (any digits) or its label.

    `loose` also accepts a part of one label (at least three letters), when only one
    label contains it.
    """
    folded = normalise(text)
    if folded.isdigit():
        number = int(folded)
        return options[number - 1] if 1 <= number <= len(options) else None
    wanted = fold(text)
    if not wanted:
        return None
    labels = [(option, fold(option.label)) for option in options]
    for option, label in labels:
        if label == wanted:
            return option
    if loose and len(wanted) >= 3:
        inside = [option for option, label in labels if wanted in label]
        if len(inside) == 1:
            return inside[0]
    return None


def mentions(text: str, keywords: Iterable[str]) -> bool:
    """Whether `text` contains any of the keywords, both compared normalised."""
    folded = normalise(text)
    return any(normalise(word) in folded for word in keywords)
