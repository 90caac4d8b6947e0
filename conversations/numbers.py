"""Reading the numbers people write: digits in any script, inside short phrases, or in words.

"٦ افراد", "3000 ريال شهريا", "ثلاثة آلاف", "صفر" and "لا يوجد" are all numbers;
"١٠ او ١٢" is not one number, so it is not read as any.
"""

from __future__ import annotations

import re
from decimal import Decimal

from conversations.text import clean, known, normalise, to_ascii_digits

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
_UNITS = {
    "واحد": 1,
    "واحده": 1,
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
_UNITS = {normalise(word): value for word, value in _UNITS.items()}
_HUNDREDS = _UNITS | {"ثمن": 8, "ثلث": 3, "تسع": 9}
"""What comes before «مية» in a hundred written as one word («ثمنمية», «ثلثمية»)."""
_DIGIT_WORDS = {word: int(value) for word, value in _UNITS.items() if value < 10} | {"صفر": 0}
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
        word = raw.removeprefix("و") if raw.startswith("و") and not known(raw, _UNITS) else raw
        if word in {"", "and"}:  # «ثلاث الاف و خمسمية»: a lone «و» joins, as "and" does
            continue
        unit = known(word, _UNITS)
        if _DIGITS.fullmatch(word) and len(word.lstrip("-")) <= LONGEST:
            current += Decimal(word)
        elif unit:
            current += _UNITS[unit]
            scale = Decimal(1000) if _UNITS[unit] >= 1000 else scale
        elif word in _HUNDRED:
            current = (current or Decimal(1)) * 100
        elif word.endswith(("ميه", "مايه", "مئه")) and word[:-3].rstrip("م") in _HUNDREDS:
            current += _HUNDREDS[word[:-3].rstrip("م")] * 100
        elif word.endswith("ت") and word[:-1] in _UNITS:  # «ثلاثت الاف»
            current += _UNITS[word[:-1]]
        elif word in _THOUSAND or word.removeprefix("ال") in _THOUSAND:
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


def spelled(text: str) -> str:
    """Digits spelled one by one in words («واحد صفر خمسة …» → "105…"); "" unless the
    text is at least four such words and nothing else."""
    words = [_fold(token) for token in _TOKENS.findall(to_ascii_digits(clean(text)))]
    digits = [_DIGIT_WORDS.get(known(word, _DIGIT_WORDS) or "") for word in words]
    return "".join(map(str, digits)) if len(digits) >= 4 and None not in digits else ""


_YEARLY = tuple(
    normalise(words)
    for words in ("بالسنه", "في السنه", "السنوي", "سنويا", "سنوي", "per year", "a year", "yearly")
)
_ROUGH = tuple(
    normalise(words)
    for words in (
        *("اقل من", "اكثر من", "فوق", "تحت", "يختلف", "حسب الشهر", "مره كذا ومره", "بين"),
        *("less than", "more than", "depends", "between", "sometimes"),
    )
)


def yearly(text: str) -> bool:
    """Whether an amount is said to be a year's («٤٨ ألف في السنة»), not a month's."""
    said = f" {normalise(text)} "
    return any(f" {words} " in said for words in _YEARLY)


def rough(text: str) -> bool:
    """Whether an amount is only bounded or varies («اقل من ٣٠٠٠», "depends"): no one
    figure to record."""
    said = f" {normalise(text)} "
    return any(f" {words} " in said for words in _ROUGH)


def says_none(text: str) -> bool:
    """Whether a short answer says there is nothing to give ("ما عندي", "لا يوجد", "none",
    «حاليا بدون دخل»)."""
    folded = normalise(text)
    nothing = folded.startswith(_NONE_FOLDED) or any(w in f" {folded} " for w in _NO_INCOME)
    return not _DIGITS.search(folded) and nothing


_NO_INCOME = tuple(
    f" {normalise(words)} "
    for words in ("بدون دخل", "ما عندي دخل", "ما عندنا دخل", "لا يوجد دخل", "ما فيه دخل")
)


def _fold(token: str) -> str:
    return token if _DIGITS.fullmatch(token) else normalise(token)


def _plain_digits(text: str) -> str:
    """Digits as 0-9 with thousands written apart joined («٢٬٥٠٠», "2,500", "2.500")."""
    typed = to_ascii_digits(clean(text)).replace("٫", ".")
    return re.sub(r"(?<=\d)[,٬،.](?=\d{3}(?!\d))", "", typed)


def read(text: str) -> Decimal | None:
    """The one number a short answer gives, or None when it gives none or several."""
    typed = _plain_digits(text)
    tokens = [_fold(token) for token in _TOKENS.findall(typed)]
    numbers = [token for token in tokens if _DIGITS.fullmatch(token)]
    if says_none(typed):
        return Decimal(0)
    if len(numbers) > 1 and not _THOUSAND.intersection(tokens):
        return None
    return _from_words(tokens)


def _words(*written: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in written)


_ME = _words("انا", "غيري", "ارمله", "ارمل", "مطلقه", "مطلق", "me", "i", "myself")
"""Words for the person writing, counted once however often they come («انا ارملة»)."""
_ONE_PERSON = _words(
    *("زوجتي", "زوجي", "زوجه", "امي", "ابوي", "والدي", "والدتي", "الوالد", "الوالده", "ام"),
    *("جدتي", "جدي", "جدتنا", "جدنا", "ولدي", "ابني", "بنتي", "اخوي", "اخي", "اختي", "المدام"),
    *("حرمتي", "امهم", "ابوهم", "خالتي", "عمتي", "بنتها", "ولدها", "ولد", "بنت", "طفلنا"),
    *("طفلي", "طفل", "طفله", "ولدنا", "بنتنا", "ابننا", "الاب", "زوجها", "wife", "husband"),
    *("mother", "father", "son", "daughter", "brother", "sister", "baby", "مرتي", "زوج"),
    *("طفلتي", "حفيدي", "حفيدتي", "وابي", "جدتي"),
)
_TWO_PEOPLE = _words("ولدين", "بنتين", "طفلين", "توأم", "اخوين", "زوجتين", "اختين", "twins")
_PEOPLE = _words(
    *("عيال", "اعيال", "اولاد", "اطفال", "بنات", "ابناء", "بزارين", "بزران", "افراد", "اخوان"),
    *("اخوات", "خوات", "نفر", "اشخاص", "عيالي", "اولادي", "بناتي", "اخواني", "خواتي", "ايتام"),
    *("اخواتي", "اطفالي", "عيالنا", "اولادنا", "بناتنا", "اطفالنا", "عيالها", "اولادها"),
    *("بناتها", "عيالهم", "ابنائي", "غيري", "زوجاتي", "طلاب", "children", "kids", "sons"),
    *("daughters",),
    *("brothers", "sisters"),
)
"""Words for several people, counted by the number beside them («و٤ عيال», «خمسة غيري»)."""
_WHOSE = _words(
    *("ام", "ابو", "بنت", "ولد", "ابن", "اخت", "اخو", "زوجه", "ابناء", "عيال", "اولاد", "بنات"),
    *("ولدين", "بنتين", "طفلين"),
)
"""Words that name a person by another («ام زوجي», «بنت اختي», «ام العيال»): one person."""
_WE = _words(
    *("احنا", "نحن", "حنا", "we", "اسرتي", "عايلتي", "اسرتنا", "عايلتنا", "اسره", "لاسره"),
    *("عايله", "لعايله"),
)
"""Words for the whole household, the count beside them including the writer."""
_GONE = tuple(
    normalise(word)
    for word in (
        *("متوفي", "متوفى", "توفي", "توفى", "مات", "الله يرحمه", "ميت", "مسافر", "ما يسكن"),
        *("مو ساكن", "تزوج", "passed away"),
    )
)
"""What follows a member who does not live in the home («زوجي متوفى», «زوجي مسافر»)."""
_NONE_OF = _words("ما", "لا", "مافي", "ماعندنا", "ماعندي", "بدون", "يوجد", "no", "without")
_INCLUDING = _words(
    *("بما", "بمن", "بمافيهم", "بمنفيهم", "منهم", "معهم", "ضمنهم", "فيهم", "شامل", "including")
)
_ONE_OF = normalise("منهم")
"""After a count it is the writer's place among the others («واحد منهم»), not a count."""
_TOTAL = _words(
    *("المجموع", "مجموعنا", "الاجمالي", "كلها", "كلنا", "كلهم", "صرنا", "فصرنا", "total")
)
_AGES = _words("سنه", "سنين", "سنوات", "شهور", "اشهر", "years", "year", "months", "عمره", "عمرها")
"""After a number, an age («طفلين ١ و٣ سنين»), not a count."""
_FILLERS = _words("are", "من", "عددنا")
"""Words between a household word and its count («we are four», «ثمانية من العيال»)."""
_ALONE = tuple(normalise(words) for words in ("بروحي", "لحالي", "وحدي", "alone", "by myself"))


def _count(word: str) -> int | None:
    """A count written as digits or a number word."""
    if _DIGITS.fullmatch(word):
        return int(Decimal(word))
    bare = word.removeprefix("ل") if word.startswith("لل") or not known(word, _UNITS) else word
    unit = known(bare, _UNITS) or known(bare.removeprefix("ال"), _UNITS)
    return int(_UNITS[unit]) if unit else None


def _person(word: str, among: frozenset[str]) -> bool:
    """Whether `word` is one of `among`, also after «و» and «ال» («والعيال»)."""
    bare = word.removeprefix("و") if word.startswith("وال") else word
    return bool(known(bare, among) or known(bare.removeprefix("ال"), among))


def _stated(words: list[str]) -> int | None:
    """A total the description states: «المجموع ١١», «الأسرة كلها خمسة», or, naming no
    one by one, the one count beside «بما فيهم» («خمسة أفراد، وأنا واحد منهم» → 5)."""
    for at, word in enumerate(words[:-1]):
        if word in _TOTAL and _count(words[at + 1]):
            return _count(words[at + 1])
    named = any(_person(word, _ONE_PERSON | _TWO_PEOPLE) for word in words)
    if named or not _INCLUDING.intersection(words):
        return None
    following, before = [*words[1:], ""], ["", *words[:-1]]
    counts = [
        _count(w)
        for w, n, b in zip(words, following, before, strict=True)
        if _ONE_OF not in {n, b}  # «واحد منهم», «منهم ثلاثة طلاب»: a part, not the whole
    ]
    found = [count for count in counts if count]
    return found[0] if len(found) == 1 else None


def household(text: str) -> int | None:
    """How many people a description of a household counts («انا وزوجتي و٤ عيال» → 6,
    «انا وامي واخواني الثلاثة» → 5, «خمسة غيري» → 6, «احنا عشرة وجدتي» → 11, «ام
    زوجي» → 1, «عايش بروحي» → 1); a member who does not live there is not counted
    («زوجي متوفى»), nor children one does not have («ما عندنا عيال»). None when it
    describes no household, leaves a count out («انا وزوجتي والعيال»), or gives a plain
    number ("٦"), read by `read`."""
    typed = to_ascii_digits(clean(text))
    if any(alone in normalise(typed) for alone in _ALONE):
        return 1
    tokens = [_fold(token) for token in _TOKENS.findall(typed)]
    joined = [at > 0 and tokens[at - 1] in {"و", "and"} for at in range(len(tokens))]
    kept = [at for at, token in enumerate(tokens) if token not in {"و", "and"}]
    words = [tokens[at] for at in kept]
    joined = [joined[at] or tokens[at].startswith("و") for at in kept]  # «و ولد»: a new member
    stated = _stated(words)
    if stated:
        return stated
    me = counted = named = 0
    used: set[int] = set()
    for at, word in enumerate(words):
        before = words[at - 1].removeprefix("و") if at else ""
        whose = before in _WHOSE | _ME and not joined[at] and not known(word, _ME)
        none_of = _NONE_OF.intersection(words[max(0, at - 2) : at])
        if " ".join(words[at + 1 : at + 3]).startswith(_GONE) or whose or none_of:
            continue
        near = [n for n in (at + 1, at - 1) if 0 <= n < len(words)]
        if at + 2 < len(words) and _person(words[at + 1], _ONE_PERSON | _PEOPLE | _FILLERS):
            near.append(at + 2)  # «ابناء اخي الاربعة», «اخواتي البنات ٤», "we are four"
        if at >= 2 and words[at - 1] in _FILLERS:
            near.append(at - 2)  # «ثمانية من العيال»
        beside = next(
            (n for n in near if n not in used and _count(words[n]) and not _aside(words, n)),
            None,
        )
        if known(word, _WE) and beside is not None and beside > at:
            me, counted = 1, counted + (_count(words[beside]) or 0) - 1
            used.add(beside)
        elif known(word, _ME) and (word != normalise("غيري") or beside is None):
            me = 1
        elif _person(word, _PEOPLE):
            if beside is None:
                if not any(_count(words[n]) for n in near):
                    return None  # «والعيال» without how many
                continue
            counted += _count(words[beside]) or 0
            used.add(beside)
            me = me or int(word == normalise("غيري"))
        elif _person(word, _TWO_PEOPLE):
            counted, named = counted + 2, named + 1
        elif _person(word, _ONE_PERSON):
            counted, named = counted + 1, named + 1
    loose = {
        _count(word)
        for at, word in enumerate(words)
        if _count(word) and at not in used and not _aside(words, at)
    }
    if loose - {me + counted} or not (me or (named and counted > 1)):  # «ام محمد»: a name
        return None
    return me + counted


def _aside(words: list[str], at: int) -> bool:
    """Whether the number at `at` is not a count of the household: an age («١ و٣ سنين»),
    or a part of it («اثنين منهم بالابتدائي»)."""
    after = words[at + 1 : at + 3]
    return bool(_AGES.intersection(after)) or _ONE_OF in words[at + 1 : at + 2]


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
    tokens = [_fold(token) for token in _TOKENS.findall(_plain_digits(text))]
    for at, token in enumerate(tokens[:-1]):
        if token in _TOTAL and _DIGITS.fullmatch(tokens[at + 1]):
            return Decimal(tokens[at + 1])  # «… المجموع ٢٤٠٠»
    amounts = [Decimal(token) for token in tokens if _DIGITS.fullmatch(token)]
    named = sum(_bare(token).startswith(_INCOMES) for token in tokens)
    if len(amounts) < 2 or named < len(amounts) or _THOUSAND.intersection(tokens):
        return None
    return sum(amounts, Decimal(0))
