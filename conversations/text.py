"""Arabic text handling: cleaning what people type, normalising it, matching it to choices."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from functools import lru_cache
from itertools import pairwise

from conversations.messages import Option

_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}|(ا)\2+")
_SURROGATES = re.compile("[\ud800-\udfff]")


def whole(text: str) -> str:
    """Text that can be stored and sent (UTF-8): unpaired surrogates, the halves of a
    broken emoji, become U+FFFD."""
    return text if text.isascii() else _SURROGATES.sub("\ufffd", text)


class _Digits(dict[int, str]):
    """Each character as 0-9 if it is a decimal digit, else itself, learnt once each."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = read = str(unicodedata.decimal(char)) if char.isdecimal() else char
        return read


_DIGITS = _Digits()


def to_ascii_digits(text: str) -> str:
    """Replace every decimal digit (Arabic-Indic, Persian, any script) with 0-9.

    Only true decimal digits count: look-alikes such as ❺ or ፩ stay as they are.
    """
    return text if text.isascii() else text.translate(_DIGITS)


def is_number(text: str, longest: int = 15) -> bool:
    """Whether `text` is a plain non-negative whole number of at most `longest` digits (0-9)."""
    return text.isascii() and text.isdigit() and len(text) <= longest


def clean(text: str) -> str:
    """What a person typed, safe to store and echo: no control or bidi characters, trimmed."""
    if text.isprintable():  # no control, format or bidi characters: most messages
        return text.strip()
    text = _INVISIBLE.sub("", text)
    kept = (
        ch
        for ch in text.replace("\r\n", "\n")
        if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
    )
    return "".join(kept).strip()


def unmarked(text: str) -> str:
    """Text without short vowels and tatweel («ألفًا» → «ألفا»), which split a word."""
    return _DIACRITICS.sub("", text)


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Fold the ways one Arabic word can be typed into one form, for matching only.

    Unifies alef forms, alef maqsura and ya, ta marbuta and ha, hamza carriers,
    removes diacritics and tatweel, shortens elongated letters ('مرحبااا'), turns
    every digit into 0-9, lower-cases Latin letters, drops punctuation and
    collapses spaces.
    """
    text = unicodedata.normalize("NFKC", clean(text))
    text = unmarked(text).translate(_LETTERS)
    text = to_ascii_digits(text).casefold()
    text = _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()
    return _ELONGATED.sub(lambda m: m[1] or m[2], text)


CLITICS = ("وبال", "فبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف", "ك", "ل")
"""What may be joined to the front of a folded Arabic word («بالضمان», «وزوجتي»)."""


def unjoined(word: str, least: int = 2) -> tuple[str, ...]:
    """A folded word without each clitic it may begin with, where `least` letters are left
    («بالضمان» → «لضمان», «ضمان»; «وساند» → «ساند»)."""
    return tuple(
        word[len(c) :] for c in CLITICS if word.startswith(c) and len(word) - len(c) >= least
    )


DONT_KNOW = tuple(
    normalise(words)
    for words in (
        *("ما ادري", "مادري", "مدري", "لا ادري", "ما اعرف", "لا اعرف", "مو متأكد", "مو متأكدة"),
        *("not sure", "i don't know", "don't know", "dont know"),
    )
)
"""How people say they do not know («مدري», "not sure"), folded."""
_DOUBLED = re.compile(r"([^\W\d_])\1+")


def squeeze(word: str) -> str:
    """A normalised word with doubled letters typed once («نعمم», «اربعهه» → «نعم», «اربعه»):
    a second spelling to try when the word as typed is not known."""
    return _DOUBLED.sub(r"\1", word)


def known(word: str, vocabulary: Collection[str]) -> str | None:
    """`word` as `vocabulary` spells it: as typed, without a leading «و» («وولدين»), or with
    doubled letters typed once; None when it is none of them."""
    for spelling in (word, word[1:] if word.startswith("و") else ""):
        if spelling in vocabulary:
            return spelling
    squeezed = squeeze(word)
    if squeezed == word:
        return None
    if isinstance(vocabulary, frozenset):
        return _squeezed(vocabulary).get(squeezed)
    return next((v for v in vocabulary if squeeze(v) == squeezed), None)


@lru_cache(maxsize=256)
def _squeezed(vocabulary: frozenset[str]) -> dict[str, str]:
    """A vocabulary's words by their letters typed once (worked out once per vocabulary)."""
    table: dict[str, str] = {}
    for word in vocabulary:
        table.setdefault(squeeze(word), word)
    return table


_REMARK = re.compile(r"\([^()]*\)")


def unremarked(text: str) -> str:
    """Text without what is said in brackets beside it («(٦ أولاد و٤ بنات)», "(Iqama
    holder)"): a remark, or the same said again."""
    return _REMARK.sub(" ", text)


def one_letter_apart(typed: str, word: str) -> bool:
    """Whether one letter added, dropped or changed, or two neighbours swapped, after the
    first two (the first three after «ال») turns `typed` into `word` («دبلم», «ماجستر»,
    «الفن», «ارعبة»; not «عليه» and «عملية», nor «الحين» and «الفين»)."""
    kept = 3 if word.startswith("ال") else 2
    if abs(len(typed) - len(word)) > 1 or len(word) < 5 or typed[:kept] != word[:kept]:
        return False
    shorter, longer = sorted((typed, word), key=len)
    for at, (a, b) in enumerate(zip(shorter, longer, strict=False)):
        if a != b:
            rest = shorter[at + 1 :] if len(shorter) == len(longer) else shorter[at:]
            swapped = shorter[at + 1 : at + 2] + a == longer[at : at + 2]
            return rest == longer[at + 1 :] or (swapped and shorter[at + 2 :] == longer[at + 2 :])
    return True


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """`normalise`, then drop the definite article from each word ('الاجراءات' meets
    'اجراءات'); remembered, as option labels recur every turn."""
    words = normalise(text).split()
    return " ".join(word[2:] if word.startswith("ال") and len(word) > 4 else word for word in words)


def pick_option(text: str, options: Sequence[Option], loose: bool = True) -> Option | None:
    """The option a person meant: by its number (any digits) or its label.

    `loose` also accepts a part of one label (at least three letters) when only one
    label contains it, and a sentence that shares more words with one label than with
    any other ("ابي مستلزمات وادوات دراسية للعيال").
    """
    folded = normalise(text)
    if is_number(folded):
        number = int(folded)
        return options[number - 1] if 1 <= number <= len(options) else None
    place = _ordinal(folded)
    if place is not None and options:
        return options[place] if -len(options) <= place < len(options) else None
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
        return _most_shared(wanted, labels)
    return None


_ORDINALS = {
    normalise(word): place
    for place, words in enumerate(
        (
            ("الاول", "اول", "الأول", "أول", "الاولى", "first", "1st"),
            ("الثاني", "ثاني", "الثانيه", "الثانية", "second", "2nd"),
            ("الثالث", "ثالث", "الثالثه", "الثالثة", "third", "3rd"),
            ("الرابع", "رابع", "الرابعه", "الرابعة", "fourth", "4th"),
            ("الخامس", "خامس", "الخامسه", "الخامسة", "fifth", "5th"),
            ("السادس", "سادس", "السادسه", "السادسة", "sixth", "6th"),
            ("السابع", "سابع", "السابعه", "السابعة", "seventh", "7th"),
            ("الثامن", "ثامن", "الثامنه", "الثامنة", "eighth", "8th"),
        )
    )
    for word in words
} | {
    normalise(word): -1
    for word in ("الاخير", "الأخير", "الاخيره", "الأخيرة", "اخر", "آخر", "بالاخير", "last")
}
_ORDINAL_LEAD_INS = {
    normalise(word)
    for word in (
        *("الخيار", "خيار", "الاختيار", "رقم", "الرقم", "شي", "بالقائمه", "لو", "سمحت", "فضلك"),
        *("اللي", "الي", "من", "فوق"),
        *("the", "option", "choice", "number", "please"),
    )
}
_BEFORE_LAST = {normalise(words) for words in ("قبل الاخير", "قبل الأخير", "before last")}
_ONE = {normalise(word) for word in ("واحد", "واحده", "وحده", "one")}
_CARDINALS = {
    normalise(word): place
    for place, words in enumerate(
        (
            ("واحد", "one"),
            ("اثنين", "two"),
            ("ثلاثة", "ثلاث", "three"),
            ("اربعة", "اربع", "four"),
            ("خمسة", "خمس", "five"),
            ("ستة", "ست", "six"),
            ("سبعة", "سبع", "seven"),
            ("ثمانية", "ثمان", "eight"),
        )
    )
    for word in words
}


def _ordinal(folded: str) -> int | None:
    """The place an ordinal names («الثاني», «الخيار الاخير», «آخر واحد», «رقم اربعة», "the
    second"): 0 for the first, -1 for the last; None when the message is not one."""
    words = folded.split()
    if " ".join(words[-2:]) in _BEFORE_LAST:
        return -2  # «اللي قبل الأخير»
    named = [word for word in words if word not in _ORDINAL_LEAD_INS]
    if len(named) == 1 and len(named) < len(words) and named[0] in _CARDINALS:
        return _CARDINALS[named[0]]
    if len(named) == 1 < len(words) and is_number(named[0], 2) and int(named[0]) >= 1:
        return int(named[0]) - 1  # «رقم ٣»
    named = [word for word in named if word not in _ONE] if len(named) == 2 else named
    return _ORDINALS.get(named[0]) if len(named) == 1 else None


@lru_cache(maxsize=4096)
def _stems(folded: str) -> frozenset[str]:
    """The words of a folded text that carry meaning, without a leading 'و'."""
    words = (
        word[1:] if word.startswith("و") and len(word) > 4 else word for word in folded.split()
    )
    return frozenset(word for word in words if len(word) >= 3)


def _most_shared(wanted: str, labels: list[tuple[Option, str]]) -> Option | None:
    """The one label sharing the most meaningful words with `wanted`, if any does."""
    words = _stems(wanted)
    shared = sorted(
        ((len(words & _stems(label)), option) for option, label in labels),
        key=lambda pair: pair[0],
        reverse=True,
    )
    if not shared or shared[0][0] == 0 or (len(shared) > 1 and shared[1][0] == shared[0][0]):
        return None
    return shared[0][1]


_YES = {
    normalise(word)
    for word in (
        *("نعم", "ايه", "اي", "ايوه", "ايوا", "اكيد", "أكيد", "موافق", "موافقة", "اوافق", "أوافق"),
        *("تمام", "اوكي", "اوكيه", "اوك", "طيب", "ماشي", "صح", "صحيح", "بالضبط", "اجل", "بلى"),
        *("يب", "يس", "بالتأكيد", "ok", "okay", "yes", "yep", "yup", "yeah", "y", "sure"),
        *("agree", "i", "do", "please", "correct", "ابشر", "والله", "ياليت"),
    )
}
_NO = {
    normalise(word)
    for word in ("لا", "لأ", "لاء", "لالا", "لاشكرا", "كلا", "مابي", "مابغى", "مابغيت", "ابد")
}
_NO |= {"no", "nope", "nah", "n", "disagree", "not"}
_NEGATIONS = {normalise(word) for word in ("ما", "مو", "مب", "غير", "خلاص")}
_WANT = {
    normalise(word) for word in ("ابي", "ابغى", "ابغي", "اريد", "أريد", "احتاج", "لازم", "الحين")
}
_SURE = {
    normalise(word) for word in ("نعم", "ايوه", "اكيد", "أكيد", "موافق", "موافقة", "اوافق", "أوافق")
}
_SURE |= {"yes", "sure", "ok", "okay"}
_THUMBS = {"👍": True, "👌": True, "✅": True, "👎": False, "❌": False}


def yes_or_no(text: str) -> bool | None:
    """Whether a short answer says yes or no in the person's own words, or neither."""
    stripped = clean(text)
    if stripped in _THUMBS:
        return _THUMBS[stripped]
    words = normalise(stripped).split()
    if not words or len(words) > 8:
        return None
    if words[0] in _NO or _NO.intersection(words[1:3]):
        return False
    if any(word in _NEGATIONS and following in _YES | _WANT for word, following in pairwise(words)):
        return False
    if all(word in _YES for word in words):
        return True
    return True if words[0] in _SURE and not _NEGATIONS.intersection(words) else None


def folded(*written: str) -> frozenset[str]:
    """Words as `normalise` folds them, to look a typed word up in."""
    return frozenset(normalise(word) for word in written)
