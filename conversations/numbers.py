"""Reading the numbers people write: digits in any script, inside short phrases, or in words.

"٦ افراد", "3000 ريال شهريا", "ثلاثة آلاف", "صفر" and "لا يوجد" are all numbers;
"١٠ او ١٢" is not one number, so it is not read as any.
"""

from __future__ import annotations

import re
from decimal import Decimal

from conversations.text import clean, normalise, to_ascii_digits

LONGEST = 15
"""Digits beyond this are not a number anyone means (and would overflow what stores it)."""

_DIGITS = re.compile(r"-?\d+(?:\.\d+)?")
_TOKENS = re.compile(r"-?\d+(?:\.\d+)?|[^\W\d_]+")
_NONE = (
    "صفر",
    "لا يوجد",
    "لايوجد",
    "ما يوجد",
    "ما في",
    "مافي",
    "ما فيه",
    "ما عندي",
    "ماعندي",
    "ولا شي",
    "لا شي",
    "بدون",
    "معدوم",
    "zero",
    "none",
    "nothing",
    "no income",
)
_NONE_FOLDED = tuple(normalise(word) for word in _NONE)
_UNITS = {
    "واحد": 1,
    "واحده": 1,
    "اثنين": 2,
    "اثنان": 2,
    "ثنتين": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "عشر": 10,
    "عشره": 10,
    **{
        normalise(word): value
        for value, words in enumerate(
            (
                ("احدعش", "احدعشر", "حدعش", "حداعش"),
                ("اثنعش", "اثنعشر", "اثناعش", "ثنعش"),
                ("ثلاثطعش", "ثلطعش", "ثلاثتعش"),
                ("اربعطعش", "اربعتعش"),
                ("خمسطعش", "خمستعش"),
                ("ستطعش", "سطعش"),
                ("سبعطعش", "سبعتعش"),
                ("ثمنطعش", "ثمانطعش"),
                ("تسعطعش", "تسعتعش"),
            ),
            11,
        )
        for word in words
    },
    "اثنا": 2,
    "ثمنيه": 8,
    "عشرين": 20,
    "ثلاثين": 30,
    "اربعين": 40,
    "خمسين": 50,
    "ستين": 60,
    "سبعين": 70,
    "ثمانين": 80,
    "تسعين": 90,
    "ميتين": 200,
    "مئتين": 200,
    "مائتين": 200,
    "الفين": 2000,
    "الفينن": 2000,
    **{
        word: value
        for value, word in enumerate(
            [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
            ]
        )
    },
    **{word: 10 * value for value, word in enumerate(["twenty", "thirty", "forty", "fifty"], 2)},
}
_HUNDRED = {"ميه", "مايه", "مائه", "مئه", "hundred"}
_THOUSAND = {"الف", "الاف", "الوف", "تلاف", "تالاف", "thousand", "k"}
_HALF = {"نص", "نصف", "half"}


def _from_words(words: list[str]) -> Decimal | None:
    """Add up number words and digits: 'ثلاث الاف و خمسمية' → 3500.

    Numbers apart in a sentence ("احنا اربعة انا وعيالي الثلاثة") are not one number.
    """
    total = Decimal(0)
    current = Decimal(0)
    scale = Decimal(1)
    found = ended = False
    for raw in words:
        word = raw.removeprefix("و") if raw.startswith("و") and len(raw) > 2 else raw
        if _DIGITS.fullmatch(word) and len(word.lstrip("-")) <= LONGEST:
            current += Decimal(word)
        elif word in _UNITS:
            current += _UNITS[word]
            scale = Decimal(1000) if _UNITS[word] >= 1000 else scale
        elif word in _HUNDRED:
            current = (current or Decimal(1)) * 100
        elif word.endswith(("ميه", "مايه", "مئه")) and word[:-3].rstrip("م") in _UNITS:
            current += _UNITS[word[:-3].rstrip("م")] * 100
        elif word in _THOUSAND:
            total += (current or Decimal(1)) * 1000
            current, scale = Decimal(0), Decimal(1000)
        elif word in _HALF and found:
            current += scale / 2 if scale > 1 else Decimal("0.5")  # «الف ونص» is 1500
        else:
            ended = found
            continue
        if ended:
            return None
        found = True
    return total + current if found else None


def says_none(text: str) -> bool:
    """Whether a short answer says there is nothing to give ("ما عندي", "لا يوجد", "none")."""
    folded = normalise(text)
    return not _DIGITS.search(folded) and folded.startswith(_NONE_FOLDED)


def _fold(token: str) -> str:
    return token if _DIGITS.fullmatch(token) else normalise(token)


def read(text: str) -> Decimal | None:
    """The one number a short answer gives, or None when it gives none or several."""
    typed = to_ascii_digits(clean(text)).replace("٫", ".")
    typed = re.sub(r"(?<=\d)[,٬،](?=\d{3}(?!\d))", "", typed)
    tokens = [_fold(token) for token in _TOKENS.findall(typed)]
    numbers = [token for token in tokens if _DIGITS.fullmatch(token)]
    if says_none(typed):
        return Decimal(0)
    if len(numbers) > 1 and not _THOUSAND.intersection(tokens):
        return None
    return _from_words(tokens)


_ONE_PERSON = frozenset(
    normalise(word)
    for word in (
        *("انا", "زوجتي", "زوجي", "زوجه", "امي", "ابوي", "والدي", "والدتي", "الوالد", "الوالده"),
        *("الوالدة", "جدتي", "جدي", "ولدي", "ابني", "بنتي", "اخوي", "اختي", "حرمتي", "امهم"),
        *("ابوهم", "خالتي", "عمتي", "بنتها", "ولدها", "ولد", "بنت", "غيري", "ارمله", "مطلقه"),
        *("me", "i", "wife", "husband", "mother", "father", "son", "daughter", "brother"),
        "sister",
    )
)
_TWO_PEOPLE = frozenset(
    normalise(word)
    for word in ("ولدين", "بنتين", "طفلين", "توأم", "اخوين", "زوجتين", "اختين", "twins")
)
_PEOPLE = frozenset(
    normalise(word)
    for word in (
        *("عيال", "اعيال", "اولاد", "اطفال", "بنات", "ابناء", "بزارين", "افراد", "اخوان"),
        *("اخوات", "خوات", "نفر", "اشخاص", "عيالي", "اولادي", "بناتي", "اخواني", "خواتي"),
        *("اخواتي", "اطفالي", "children", "kids", "sons", "daughters", "brothers", "sisters"),
    )
)
_ALONE = tuple(normalise(words) for words in ("بروحي", "لحالي", "وحدي", "alone", "by myself"))


def _count(word: str) -> int | None:
    """A count written as digits or a number word."""
    if _DIGITS.fullmatch(word):
        return int(Decimal(word))
    value = _UNITS.get(word) or _UNITS.get(word.removeprefix("ال"))
    return int(value) if value else None


def household(text: str) -> int | None:
    """How many people a description of a household counts («انا وزوجتي و٤ عيال» → 6,
    «انا وامي واخواني الثلاثة» → 5, «عايش بروحي» → 1); None when it describes no
    household or also gives a plain number ("٦", «عددنا ٨ بما فيهم انا»), read by `read`."""
    folded = normalise(to_ascii_digits(clean(text)))
    if any(alone in folded for alone in _ALONE):
        return 1
    words = [_fold(token) for token in _TOKENS.findall(to_ascii_digits(clean(text)))]
    words = [word.removeprefix("و") if len(word) > 2 else word for word in words]
    named = counted = 0
    used: set[int] = set()
    for at, word in enumerate(words):
        if word in _ONE_PERSON:
            named += 1
        elif word in _TWO_PEOPLE:
            counted += 2
        elif word in _PEOPLE:
            for near in (at - 1, at + 1):
                value = _count(words[near]) if 0 <= near < len(words) else None
                if value and near not in used:
                    counted += value
                    used.add(near)
                    break
    loose = [at for at, word in enumerate(words) if _count(word) and at not in used]
    if not named or loose:
        return None
    return named + counted


_INCOMES = tuple(
    normalise(word)
    for word in (
        *("راتب", "معاش", "تقاعد", "ضمان", "نفقه", "حساب", "دخل", "مكافاه", "اعانه", "شغل"),
        *("ايجار", "salary", "pension", "income", "allowance"),
    )
)


def _bare(word: str) -> str:
    """A word without a leading «و» and «ال» («والنفقة» → «نفقه»)."""
    return word.removeprefix("و").removeprefix("ال") if len(word) > 4 else word


def incomes(text: str) -> Decimal | None:
    """The sum of several incomes named in one sentence («راتب تقاعد ٤٢٠٠ وضمان ١٨٠٠» →
    6000); None unless it names at least two, each with its own amount."""
    typed = to_ascii_digits(clean(text)).replace("٫", ".")
    typed = re.sub(r"(?<=\d)[,٬،](?=\d{3}(?!\d))", "", typed)
    tokens = [_fold(token) for token in _TOKENS.findall(typed)]
    amounts = [Decimal(token) for token in tokens if _DIGITS.fullmatch(token)]
    named = sum(_bare(token).startswith(_INCOMES) for token in tokens)
    if len(amounts) < 2 or named < len(amounts) or _THOUSAND.intersection(tokens):
        return None
    return sum(amounts, Decimal(0))
