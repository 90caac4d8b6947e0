"""Reading the numbers people write: digits in any script, inside short phrases, or in words.

"٦ افراد", "3000 ريال شهريا", "ثلاثة آلاف", "صفر" and "لا يوجد" are all numbers;
"١٠ او ١٢" is not one number, so it is not read as any.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from conversations.kin import ME, ONE_PERSON, person
from conversations.text import (
    DONT_KNOW,
    clean,
    folded,
    known,
    normalise,
    one_letter_apart,
    to_ascii_digits,
    unmarked,
)

LONGEST = 15
"""Digits beyond this are not a number anyone means (and would overflow what stores it)."""

DIGITS = re.compile(r"-?\d+(?:\.\d+)?")
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
    "ولا ريال",
    "ولا هلله",
    "ما عندنا",
    "ماعندنا",
    "لا شي",
    "بدون",
    "معدوم",
    "zero",
    "none",
    "nothing",
    "no income",
)
_NONE_FOLDED = tuple(normalise(word) for word in _NONE)


UNITS = {
    "واحد": 1,
    "واحده": 1,
    "وحده": 1,
    "احدى": 1,
    "اتنين": 2,
    "تلات": 3,
    "تلاته": 3,
    "تلاث": 3,
    "تمان": 8,
    "تمانيه": 8,
    "اتناعش": 12,
    "اتنعش": 12,
    "اثنين": 2,
    "اثنان": 2,
    "ثنتين": 2,
    "اثنتين": 2,
    "اثنتان": 2,
    "ثنين": 2,
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
                ("احدعش", "احدعشر", "حدعش", "حداعش", "احداشر", "حداشر"),
                ("اثنعش", "اثنعشر", "اثناعش", "ثنعش", "اتناشر", "اطناشر"),
                ("ثلاثطعش", "ثلطعش", "ثلاثتعش", "تلتاشر", "تلطاشر"),
                ("اربعطعش", "اربعتعش", "اربعتاشر", "اربعطاشر"),
                ("خمسطعش", "خمستعش", "خمستاشر", "خمسطاشر"),
                ("ستطعش", "سطعش", "ستاشر", "سطاشر"),
                ("سبعطعش", "سبعتعش", "سبعتاشر", "سبعطاشر"),
                ("ثمنطعش", "ثمانطعش", "تمنتاشر", "تمنطاشر"),
                ("تسعطعش", "تسعتعش", "تسعتاشر", "تسعطاشر"),
            ),
            11,
        )
        for word in words
    },
    "اثنا": 2,
    "ثمنيه": 8,
    "صفر": 0,
    "عشرين": 20,
    "ثلاثين": 30,
    "اربعين": 40,
    "خمسين": 50,
    "ستين": 60,
    "سبعين": 70,
    "ثمانين": 80,
    "تسعين": 90,
    **{word: 10 * value for value, word in enumerate(("عشرون", "ثلاثون", "اربعون"), 2)},
    **{word: 10 * value for value, word in enumerate(("خمسون", "ستون", "سبعون", "ثمانون"), 5)},
    "تسعون": 90,
    "ميتين": 200,
    "مئتين": 200,
    "مائتين": 200,
    "مئتان": 200,
    "متين": 200,
    "مائتان": 200,
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
UNITS = {normalise(word): value for word, value in UNITS.items()}
_HUNDREDS = UNITS | {"ثمن": 8, "ثلث": 3, "تسع": 9, "تمن": 8, "تلت": 3}
"""What comes before «مية» in a hundred written as one word («ثمنمية», «ثلثمية»)."""
_DIGIT_WORDS = {word: int(value) for word, value in UNITS.items() if value < 10} | {"صفر": 0}
_HUNDRED = {"ميه", "مايه", "مائه", "مئه", "hundred"}
_THOUSAND = {"الف", "الفا", "الاف", "الوف", "تلاف", "تالاف", "thousand", "k"}
_THOUSANDS = {"الاف", "الوف", "تلاف", "تالاف"}
"""Thousands that need a count before them: «آلاف» alone is no figure («ارعبة الاف»
misread must not be 1000)."""
_HALF = {"نص", "نصف", "half"}
_FRACTIONS = {word: Decimal("0.5") for word in _HALF} | {
    normalise(word): Decimal("0.25") for word in ("ربع", "quarter")
}
_LESS = normalise("إلا")
"""«أربعة آلاف إلا ربع»: a fraction taken off."""


def _from_words(words: list[str]) -> Decimal | None:
    """Add up number words and digits: 'ثلاث الاف و خمسمية' → 3500.

    Numbers apart in a sentence ("احنا اربعة انا وعيالي الثلاثة") are not one number.
    """
    total = Decimal(0)
    current = Decimal(0)
    scale = Decimal(1)
    found = ended = False
    for at, raw in enumerate(words):
        word, before = _unprefixed(raw), words[at - 1] if at else ""
        less = word == _LESS and known(" ".join(words[at + 1 : at + 2]), _FRACTIONS)
        if word in {"", "and"} or less:  # «ثلاث الاف و خمسمية»: a lone «و» joins, as "and"
            continue
        unit = known(word, UNITS)
        if DIGITS.fullmatch(word) and len(word.lstrip("-")) <= LONGEST:
            if current:
                return None  # «واحد ٤٠٠٠»: two numbers
            current += Decimal(word)
        elif unit and UNITS[unit] >= 1000:  # «ألفين و500»
            if total or current:
                return None
            total, scale = Decimal(UNITS[unit]), Decimal(1000)
        elif unit:
            value = UNITS[unit]
            if (0 < value < 10 and current % 10) or (10 <= value < 100 and current % 100 >= 10):
                return None  # «ستة وسبعة», «عشرين وثلاثين»: two numbers, not one
            current += value
        elif word in _HUNDRED:  # «خمسمية», «خمسطعش مية» 1500, but «ألفين ومية» is 2100
            current = current * 100 if 0 < current < 20 and raw == word else current + 100
        elif word.endswith(("ميه", "مايه", "مئه")) and word[:-3].rstrip("م") in _HUNDREDS:
            current += _HUNDREDS[word[:-3].rstrip("م")] * 100
        elif word.endswith("ت") and word[:-1] in _HUNDREDS:  # «ثلاثت الاف», «ثمنت الاف»
            current += _HUNDREDS[word[:-1]]
        elif word in _THOUSAND or word.removeprefix("ال") in _THOUSAND:
            if not current and word in _THOUSANDS:
                return None
            total += (current or Decimal(1)) * 1000
            current, scale = Decimal(0), Decimal(1000)
        elif known(word, _FRACTIONS) and found:  # «الف ونص» is 1500, «أربعة آلاف إلا ربع» 3750
            part = (scale if scale > 1 else 1) * _FRACTIONS[known(word, _FRACTIONS) or ""]
            current += -part if before == _LESS else part
        else:
            ended = found
            continue
        if ended:
            return None
        found = True
    return total + current if found else None


def _unprefixed(word: str) -> str:
    """A number word without the «و» or «ب» before it («وخمسمية», «بخمسة», «بألف»)."""
    if word[:1] not in {"و", "ب"} or known(word, UNITS) or DIGITS.fullmatch(word):
        return word
    rest = word[1:]
    number = bool(known(rest, UNITS) or known(rest, _HUNDRED | _THOUSAND | _HALF))
    number = number or rest.endswith(("ميه", "مايه", "مئه")) or word == "و"
    return rest if number or rest.removeprefix("ال") in _THOUSAND else word


def tokenised(typed: str) -> list[str]:
    """The words and numbers of an answer, folded, a number word mistyped by a letter read
    as it («اربغة», «اثنن»), a count typed onto what it counts split off («ثلاثالاف» →
    «ثلاث», «الاف»; «اربعةافراد», «سبعتالاف»)."""
    tokens: list[str] = []
    for token in _TOKENS.findall(unmarked(typed)):
        if tokens and tokens[-1].removeprefix("و") in _ONE_AND and normalise(token) in TEN:
            tokens[-1] = tokens[-1][: tokens[-1].index("احد")] + "احدعشر"  # «وإحدى عشر»
            continue
        folded = _mistyped(_fold(token))
        glued = next((t for t in _GLUED if folded.endswith(t) and folded != t), "")
        head = folded[: -len(glued)] if glued else ""
        counted = known(head, UNITS) or (head.endswith("ت") and head[:-1] in _HUNDREDS)
        tokens += [head, glued] if head and counted else [folded]
    return [  # «قرابة الخمس الاف»: the count of thousands without its «ال»
        token[2:] if token.startswith("ال") and known(token[2:], UNITS) and after in _THOUSAND
        else token
        for token, after in zip(tokens, [*tokens[1:], ""], strict=False)
    ]  # fmt: skip


_ONE_AND, TEN = folded("احد", "احدى"), folded("عشر", "عشره")
_GLUED = ("الاف", "الف", *map(normalise, ("تالاف", "تلاف", "افراد", "أشخاص")))
"""What a count is typed onto («ثلاثالاف», «سبعتالاف», «اربعتلاف», «اربعةافراد»)."""


def _mistyped(word: str) -> str:
    """A number word typed a letter off («اربغه», «اثنن»), as the one number word it can
    be; any other word as it is."""
    if len(word) < 4 or not word.isalpha() or _numeral(word):
        return word
    if "ء" in word and _numeral(word.replace("ء", "ي")):  # «مءتين»
        return word.replace("ء", "ي")
    near = {value: unit for unit, value in UNITS.items() if one_letter_apart(word, unit)}
    return next(iter(near.values())) if len(near) == 1 else word


_SPELLED = 4
"""The fewest digits spelled one by one that make a number, not a count («واحد صفر خمسة …»)."""


def spelled(text: str) -> str:
    """Digits spelled one by one in words («واحد صفر خمسة …» → "105…"), also after words
    that name them («رقم جوالي صفر خمسة …»); "" unless one such run of at least four."""
    words = [_fold(token) for token in _TOKENS.findall(to_ascii_digits(clean(text)))]
    digits = [_DIGIT_WORDS.get(known(word, _DIGIT_WORDS) or "") for word in words]
    runs = "".join("," if d is None else str(d) for d in digits).split(",")
    found = [run for run in runs if len(run) >= _SPELLED]
    return found[0] if len(found) == 1 else ""


_YEARLY = tuple(
    normalise(words)
    for words in ("بالسنه", "في السنه", "السنوي", "سنويا", "سنوي", "per year", "a year", "yearly")
)
_ROUGH = tuple(
    normalise(words)
    for words in (
        *("اقل من", "اكثر من", "فوق", "تحت", "يختلف", "حسب الشهر", "مره كذا ومره", "بين"),
        *("ما يوصل", "مايوصل", "وشوي", "ونص شوي", "ما اعرف كم", "ما ادري كم", "مو ثابت"),
        *("ما اعرفه", "ما ادريه", "مدري كم"),
        *("غير ثابت", "دخل ثابت", "احيانا", "يوميه", "على حسب"),
        *("less than", "more than", "depends", "between", "sometimes"),
        *("بالاسبوع", "في الاسبوع", "كل اسبوع", "كل اسبوعين", "اسبوعيا", "a week", "weekly"),
    )
)


_MONTHLY = tuple(
    normalise(words) for words in ("بالشهر", "في الشهر", "شهريا", "a month", "per month", "monthly")
)


def yearly(text: str) -> bool:
    """Whether an amount is said to be a year's («٤٨ ألف في السنة»), not a month's (as
    in «٢٤ ألف بالسنة، يعني ألفين بالشهر»)."""
    said = f" {normalise(text)} "
    return any(f" {w} " in said for w in _YEARLY) and not any(f" {w} " in said for w in _MONTHLY)


_UNSURE = tuple(
    f" {normalise(words)} "
    for words in (
        *DONT_KNOW,
        *("احيانا", "احيان", "حوالي", "تقريبا", "يمكن", "ما عديت", "يجون ويروحون", "يجي ويروح"),
        *("كثير", "كثار", "about", "around", "maybe", "approximately", "sometimes"),
    )
)
"""How a count is said to be a guess or to change («حوالي», «أحيانًا», «مدري»)."""


def unsure(text: str) -> bool:
    """Whether a count is said to be a guess or to change («حوالي عشرة», «أخوي ساكن معنا
    أحيانًا», «ما أدري كم»): no one number to record."""
    said = f" {normalise(text)} "
    return any(words in said for words in _UNSURE)


def rough(text: str) -> bool:
    """Whether an amount is only bounded or varies («اقل من ٣٠٠٠», "depends", «… وما أعرف
    كم»): no one figure to record."""
    said = f" {normalise(text)} ".replace(" وما ", " ما ")
    return any(f" {words} " in said for words in _ROUGH)


@lru_cache(maxsize=1024)
def says_none(text: str) -> bool:
    """Whether a short answer says there is nothing to give ("ما عندي", "لا يوجد", "none",
    «حاليا بدون دخل»)."""
    folded = normalise(text)
    said = f" {folded} ".replace(" وما ", " ما ")  # «… وما عندنا دخل نهائيا»
    nothing = folded.startswith(_NONE_FOLDED) or any(w in said for w in _NO_INCOME)
    return nothing and not _figures(text)


_NO_INCOME = tuple(
    f" {normalise(words)} "
    for words in (
        *("بدون دخل", "ما عندي دخل", "ما عندنا دخل", "لا يوجد دخل", "ما فيه دخل", "ولا هلله"),
        *("ولا ريال", "ما عندنا شي", "ما عندي شي", "ما يجينا شي", "ما نشتغل", "no income"),
        *("ما يجينا ولا شي", "ما يدخل علينا شي", "ما يدخلنا شي", "عاطلين", "عاطل", "عاطله"),
        *("unemployed",),
        *("ما عندنا راتب", "ما عندي راتب", "nothing", "zero income", "ما لنا دخل", "مالنا دخل"),
    )
)


def _fold(token: str) -> str:
    return token if DIGITS.fullmatch(token) else normalise(token)


_THOUSANDS_MARK = re.compile(r"(?<=\d)[,٬،.](?=\d{3}(?!\d))")


def thousands_joined(typed: str) -> str:
    """Digits with the marks between thousands taken out ("2,500", «١٬١٩٩», "2.500")."""
    return _THOUSANDS_MARK.sub("", typed)


def _plain_digits(text: str) -> str:
    """Digits as 0-9 with thousands written apart joined («٢٬٥٠٠», "2,500", "2.500",
    «٢ ٥٠٠»: one space after one to three digits that follow no other group)."""
    typed = thousands_joined(to_ascii_digits(clean(text)).replace("٫", "."))
    return re.sub(r"(?<!\d)(?<!\d )(\d{1,3}) (?=\d{3}(?!\d)(?! \d))", r"\1", typed)


def read(text: str) -> Decimal | None:
    """The one number a short answer gives («٣٥٠٠ ريال وخمسين هللة» is 3500.50, «ألفين،
    الفين» 2000), or None when it gives none or several."""
    typed = _plain_digits(text)
    tokens = tokenised(typed)
    numbers = [token for token in tokens if DIGITS.fullmatch(token)]
    if says_none(typed):
        return Decimal(0)
    amounts = [value for _at, value in _amounts(tokens)]
    if len(amounts) > 1 and len(set(amounts)) == 1:  # «ألفين يالطيب وش تسوي الفين»
        return amounts[0]
    halalas = _with_halalas(tokens)
    if halalas or (len(numbers) > 1 and not _THOUSAND.intersection(tokens)):
        return halalas
    return _from_words(tokens)


_RIYALS = folded("ريال", "ريالات", "rial", "riyal", "riyals", "sar")
_HALALAS = folded("هلله", "هللات", "halala", "halalas")


def _with_halalas(tokens: list[str]) -> Decimal | None:
    """An amount in riyals and halalas («٣٥٠٠ ريال وخمسين هللة» → 3500.50), or None."""
    at = next((at for at, token in enumerate(tokens) if known(token, _HALALAS)), None)
    riyal = max((n for n, token in enumerate(tokens[:at]) if token in _RIYALS), default=None)
    if at is None or riyal is None:
        return None
    riyals, halalas = _from_words(tokens[:riyal]), _from_words(tokens[riyal + 1 : at])
    if riyals is None or halalas is None or not 0 < halalas < 100:
        return None
    return riyals + halalas / 100


TOTAL = folded(
    *("المجموع", "مجموعنا", "الاجمالي", "كلها", "كلنا", "كلهم", "صرنا", "فصرنا", "total"),
    *("الحين", "الان", "حاليا", "now"),
)


_INCOMES = tuple(
    normalise(word)
    for word in (
        *("راتب", "معاش", "تقاعد", "ضمان", "نفقه", "حساب", "دخل", "مكافاه", "اعانه", "شغل"),
        *("ايجار", "وظيف", "يساعد", "يجيب", "يعطي", "salary", "pension", "income", "allowance"),
        *("بدل", "دعم", "مساعده", "ريف", "مواطن", "منحه", "بدلات", "تعطي", "جمعيه"),
    )
)
_SPENDING = tuple(
    normalise(word)
    for word in (
        *("ندفع", "يدفع", "ادفع", "تدفع", "نسدد", "اسدد", "يسدد", "يروح", "تروح", "قسط"),
        *("اقساط", "دين", "ديون", "مصاريف", "مصروف", "pay", "paid", "spend", "expenses"),
        *("loan", "debt", "rent"),
    )
)
"""Words before a figure that is spent, not earned («وندفع ايجار ٢٠٠٠»)."""
_TAKES = folded("ياخذ", "تاخذ", "ناخذ", "takes")
"""A figure taken is spent unless a person takes it («والايجار ياخذ ٢٠٠٠»; not «وزوجتي
تاخذ ألف»)."""
_EARNERS = ONE_PERSON | ME
"""Who an income or a figure taken may be said of («زوجي راتبه …», «وزوجتي تاخذ ألف»)."""
_TWO_INCOMES = folded("راتبين", "معاشين", "دخلين")
"""One word for two incomes («راتبين: ٣٨٠٠ و ٤٢٠٠»)."""
_SAID_AGAIN = TOTAL | folded("يصير", "فيصير", "يعني", "صار", "يكون", "so", "which")
"""Words before a figure that restates the ones before it («… مع البدلات يصير ٥٣٥٠»)."""


def _source(word: str) -> bool:
    """Whether a word names where an income comes from, as typed or without a leading «و»
    and «ال» («والنفقة», «وبدل», «وظيفتي»)."""
    bare = word.removeprefix("و").removeprefix("ال") if len(word) > 3 else word
    return word.startswith(_INCOMES) or bare.startswith(_INCOMES)


def _numeral(word: str) -> bool:
    """Whether `word` is part of a number written in digits or words."""
    word = _unprefixed(word)
    hundreds = word.endswith(("ميه", "مايه", "مئه")) and word[:-3].rstrip("م") in _HUNDREDS
    return bool(
        DIGITS.fullmatch(word)
        or known(word, UNITS)
        or known(word, _HUNDRED | _THOUSAND | _HALF)
        or word.removeprefix("ال") in _THOUSAND
        or hundreds
        or (word.endswith("ت") and word[:-1] in UNITS)
    )


def _amounts(tokens: list[str]) -> list[tuple[int, Decimal]]:
    """Each figure a sentence gives, by where it starts: «راتبه ٧٠٠٠ وانا ٣٠٠٠» → 7000 and
    3000, «ثلاث الاف و خمسمية» → one, 3500."""
    runs: list[tuple[int, list[str]]] = []
    digit_open = False  # a run holding digits not yet followed by a thousand
    for at, token in enumerate(tokens):
        word = _unprefixed(token)
        if not _numeral(token) and not (
            word == "" and runs and runs[-1][0] + len(runs[-1][1]) == at
        ):
            continue
        follows = bool(runs) and runs[-1][0] + len(runs[-1][1]) == at
        if follows and not (digit_open and DIGITS.fullmatch(word)):
            runs[-1][1].append(token)
        else:
            runs.append((at, [token]))
            digit_open = False
        digit_open = bool(DIGITS.fullmatch(word)) or (digit_open and word not in _THOUSAND)
    found = [(at, _from_words(words)) for at, words in runs]
    return [(at, value) for at, value in found if value is not None]


@lru_cache(maxsize=1024)
def restated(text: str) -> Decimal | None:
    """The last figure of a sentence when it sums up the ones before it («راتبي ٤٨٠٠ مع
    البدلات يصير ٥٣٥٠», «٢٤ ألف بالسنة، يعني ألفين بالشهر», "… so 2400 a month")."""
    tokens = tokenised(_plain_digits(text))
    amounts = _amounts(tokens)
    if not amounts:
        return None
    at, value = amounts[-1]
    return value if _SAID_AGAIN.intersection(tokens[max(0, at - 3) : at]) else None


_CORRECTION = re.compile(
    r"(?:\.{2,}|…|،|,|-|\s)\s*(?:(?:(?:لا|لأ|no)\s+)+(?:(?:لحظه|لحظة|عفوا|اقصد|أقصد|قصدي|wait)\s+)?"
    r"|(?<=\.\.)\s*(?:اقصد|أقصد|قصدي|I mean)\s+|(?:لا\s+)?غلطت\s+)",
    re.IGNORECASE,
)


def corrected(text: str) -> str:
    """What an answer says after the writer corrects a figure («٥.. لا ٦ نسيت امي» → «٦
    نسيت امي», «اربعه… لا خمسه»); the answer itself when it corrects none («٣٠٠٠، لا
    يوجد غيره»)."""
    *before, after = _CORRECTION.split(text)
    if not before:
        return text
    return after.strip() if _figures(" ".join(before)) and _figures(after) else text


def _figures(text: str) -> list[tuple[int, Decimal]]:
    """Each figure a text gives (see `_amounts`), its digits in any script or thousands
    written apart read first."""
    return _amounts(tokenised(_plain_digits(text)))


def _spends(words: list[str]) -> bool:
    """Whether the words before a figure tell it is spent (see `_SPENDING`, `_TAKES`)."""
    if any(word.removeprefix("و").startswith(_SPENDING) for word in words):  # «وندفع»
        return True
    return bool(_TAKES.intersection(words)) and not any(person(w, _EARNERS) for w in words)


def _earned(tokens: list[str]) -> tuple[list[tuple[int, Decimal]], int]:
    """The figures a sentence gives that are earned, and how many it gives that are spent
    (a figure after a word of spending, since the figure before it)."""
    amounts = _amounts(tokens)
    starts = [0] + [at + 1 for at, _value in amounts]
    spans = zip(starts, amounts, strict=False)
    spent = [_spends(tokens[since:at]) for since, (at, _value) in spans]
    return [amount for amount, out in zip(amounts, spent, strict=True) if not out], sum(spent)


@lru_cache(maxsize=1024)
def incomes(text: str) -> Decimal | None:
    """The sum of several incomes named in one sentence («راتب تقاعد ٤٢٠٠ وضمان ١٨٠٠» →
    6000, «زوجي راتبه ٧٠٠٠ وانا ٣٠٠٠», «٣٠٠٠+١٥٠٠»); None unless it names at least two,
    each with its own amount and its own source or earner, or joined by «+»."""
    tokens = tokenised(_plain_digits(text))
    amounts, _spent = _earned(tokens)
    named = sum(_source(t) or person(t, _EARNERS) for t in tokens) + sum(
        t in _TWO_INCOMES for t in tokens
    )
    added = text.count("+") == len(amounts) - 1
    if len(amounts) < 2 or (named < len(amounts) and not added) or _with_halalas(tokens):
        return None
    return sum((value for _at, value in amounts), Decimal(0))


@lru_cache(maxsize=1024)
def earned(text: str) -> Decimal | None:
    """The one figure earned in a sentence that also tells what is spent («الراتب ٣٥٠٠
    والايجار لحاله ياخذ ٢٠٠٠» → 3500); None when it tells no spending, or not one figure
    earned."""
    amounts, spent = _earned(tokenised(_plain_digits(text)))
    return amounts[0][1] if spent and len(amounts) == 1 else None
