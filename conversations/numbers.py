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
    "صفر": 0,
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
_HUNDREDS = _UNITS | {"ثمن": 8, "ثلث": 3, "تسع": 9, "تمن": 8, "تلت": 3}
"""What comes before «مية» in a hundred written as one word («ثمنمية», «ثلثمية»)."""
_DIGIT_WORDS = {word: int(value) for word, value in _UNITS.items() if value < 10} | {"صفر": 0}
_HUNDRED = {"ميه", "مايه", "مائه", "مئه", "hundred"}
_THOUSAND = {"الف", "الفا", "الاف", "الوف", "تلاف", "تالاف", "thousand", "k"}
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
        word = _unprefixed(raw)
        if word in {"", "and"}:  # «ثلاث الاف و خمسمية»: a lone «و» joins, as "and" does
            continue
        unit = known(word, _UNITS)
        if _DIGITS.fullmatch(word) and len(word.lstrip("-")) <= LONGEST:
            if current:
                return None  # «واحد ٤٠٠٠»: two numbers
            current += Decimal(word)
        elif unit:
            value = _UNITS[unit]
            if (0 < value < 10 and current % 10) or (10 <= value < 100 and current % 100 >= 10):
                return None  # «ستة وسبعة», «عشرين وثلاثين»: two numbers, not one
            current += _UNITS[unit]
            scale = Decimal(1000) if _UNITS[unit] >= 1000 else scale
        elif word in _HUNDRED:  # «خمسمية», but «ألفين ومية» is 2100
            current = current * 100 if 0 < current < 10 else current + 100
        elif word.endswith(("ميه", "مايه", "مئه")) and word[:-3].rstrip("م") in _HUNDREDS:
            current += _HUNDREDS[word[:-3].rstrip("م")] * 100
        elif word.endswith("ت") and word[:-1] in _UNITS:  # «ثلاثت الاف»
            current += _UNITS[word[:-1]]
        elif word in _THOUSAND or word.removeprefix("ال") in _THOUSAND:
            total += (current or Decimal(1)) * 1000
            current, scale = Decimal(0), Decimal(1000)
        elif known(word, _HALF) and found:
            current += scale / 2 if scale > 1 else Decimal("0.5")  # «الف ونص» is 1500
        else:
            ended = found
            continue
        if ended:
            return None
        found = True
    return total + current if found else None


def _unprefixed(word: str) -> str:
    """A number word without the «و» or «ب» before it («وخمسمية», «بخمسة», «بألف»)."""
    if word[:1] not in {"و", "ب"} or known(word, _UNITS) or _DIGITS.fullmatch(word):
        return word
    rest = word[1:]
    number = bool(known(rest, _UNITS) or known(rest, _HUNDRED | _THOUSAND | _HALF))
    number = number or rest.endswith(("ميه", "مايه", "مئه")) or word == "و"
    return rest if number or rest.removeprefix("ال") in _THOUSAND else word


def _tokens(typed: str) -> list[str]:
    """The words and numbers of an answer, folded, a thousand typed onto its count split
    off («ثلاثالاف» → «ثلاث», «الاف»)."""
    tokens: list[str] = []
    for token in _TOKENS.findall(typed):
        if tokens and tokens[-1] == "احد" and normalise(token) in {"عشر", "عشره"}:
            tokens[-1] = "احدعشر"  # «أحد عشر»
            continue
        folded = _fold(token)
        glued = next((t for t in ("الاف", "الف") if folded.endswith(t) and folded != t), "")
        head = folded[: -len(glued)] if glued else ""
        tokens += [head, glued] if head and known(head, _UNITS) else [folded]
    return tokens


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
        *("ما يوصل", "مايوصل", "وشوي", "ونص شوي", "ما اعرف كم", "ما ادري كم", "مو ثابت"),
        *("ما اعرفه", "ما ادريه", "مدري كم"),
        *("غير ثابت", "دخل ثابت", "احيانا", "يوميه", "على حسب"),
        *("less than", "more than", "depends", "between", "sometimes"),
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


def rough(text: str) -> bool:
    """Whether an amount is only bounded or varies («اقل من ٣٠٠٠», "depends"): no one
    figure to record."""
    said = f" {normalise(text)} "
    return any(f" {words} " in said for words in _ROUGH)


def says_none(text: str) -> bool:
    """Whether a short answer says there is nothing to give ("ما عندي", "لا يوجد", "none",
    «حاليا بدون دخل»)."""
    folded = normalise(text)
    said = f" {folded} ".replace(" وما ", " ما ")  # «… وما عندنا دخل نهائيا»
    nothing = folded.startswith(_NONE_FOLDED) or any(w in said for w in _NO_INCOME)
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
    tokens = _tokens(typed)
    numbers = [token for token in tokens if _DIGITS.fullmatch(token)]
    if says_none(typed):
        return Decimal(0)
    if len(numbers) > 1 and not _THOUSAND.intersection(tokens):
        return None
    return _from_words(tokens)


def _words(*written: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in written)


_ME = _words(
    *("انا", "غيري", "ارمله", "ارمل", "مطلقه", "مطلق", "me", "i", "myself", "عايش", "عايشه"),
    *("اعيش", "اسكن"),
)
"""Words for the person writing, counted once however often they come («انا ارملة»)."""
_ONE_PERSON = _words(
    *("زوجتي", "زوجي", "زوجه", "امي", "ابوي", "والدي", "والدتي", "الوالد", "الوالده", "ام"),
    *("جدتي", "جدي", "جدتنا", "جدنا", "ولدي", "ابني", "بنتي", "اخوي", "اخي", "اختي", "المدام"),
    *("حرمتي", "امهم", "ابوهم", "خالتي", "عمتي", "بنتها", "ولدها", "ولد", "بنت", "طفلنا"),
    *("طفلي", "طفل", "طفله", "ولدنا", "بنتنا", "ابننا", "الاب", "زوجها", "wife", "husband"),
    *("mother", "father", "son", "daughter", "brother", "sister", "baby", "مرتي", "زوج"),
    *("طفلتي", "حفيدي", "حفيدتي", "وابي", "جدتي", "ماما", "بابا", "يمه", "امنا", "ابونا"),
    *("زوجته", "بنته", "ولده", "بنتهم", "ولدهم", "امه", "ابوه", "امها", "ابوها", "اخوه"),
    *("اخته", "اخوها", "اختها", "جدته", "خويتي", "اخيتي", "اخوي", "عمي", "خالي", "الحرمه"),
    *("حرمه", "جوزي"),
)
_TWO_PEOPLE = _words(
    *("ولدين", "بنتين", "طفلين", "توأم", "اخوين", "زوجتين", "اختين", "twins", "الوالدين"),
    *("والداي", "بزرين", "عيالين", "زوجتينه", "زوجتيني"),
)
_PEOPLE = _words(
    *("عيال", "اعيال", "اولاد", "اطفال", "بنات", "ابناء", "بزارين", "بزران", "افراد", "اخوان"),
    *("اخوات", "خوات", "نفر", "اشخاص", "عيالي", "اولادي", "بناتي", "اخواني", "خواتي", "ايتام"),
    *("اخواتي", "اطفالي", "عيالنا", "اولادنا", "بناتنا", "اطفالنا", "عيالها", "اولادها"),
    *("بناتها", "عيالهم", "ابنائي", "غيري", "زوجاتي", "طلاب", "children", "kids", "sons"),
    *("daughters", "اهله", "اهلها", "اهلهم", "اخوه", "اخوتي", "احفاد", "عمامي", "اعمامي"),
    *("خوالي",),
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
        *("مو ساكن", "تزوج", "متزوج", "مستقل", "طالعين", "passed away", "married"),
    )
)
"""What follows a member who does not live in the home («زوجي متوفى», «زوجي مسافر»)."""
_GONE_BEFORE = tuple(normalise(word) for word in ("وفاه", "وفات", "فقدت", "فقدنا"))
_GONE_ALL = tuple(normalise(word) for word in ("متوفين", "متوفيين", "ماتوا", "مسافرين"))
_NONE_OF = _words("ما", "لا", "مافي", "ماعندنا", "ماعندي", "بدون", "يوجد", "no", "without")
_INCLUDING = _words(
    *("بما", "بمن", "بمافيهم", "بمنفيهم", "منهم", "معهم", "ضمنهم", "فيهم", "شامل", "including")
)
_ONE_OF = normalise("منهم")
"""After a count it is the writer's place among the others («واحد منهم»), not a count."""
_TOTAL = _words(
    *("المجموع", "مجموعنا", "الاجمالي", "كلها", "كلنا", "كلهم", "صرنا", "فصرنا", "total"),
    *("الحين", "الان", "حاليا", "now"),
)
_AGES = _words("سنه", "سنين", "سنوات", "شهور", "اشهر", "years", "year", "months", "عمره", "عمرها")
"""After a number, an age («طفلين ١ و٣ سنين»), not a count."""
_FILLERS = _words("are", "من", "عددنا")
"""Words between a household word and its count («we are four», «ثمانية من العيال»)."""
_ALONE = tuple(normalise(words) for words in ("بروحي", "لحالي", "وحدي", "alone", "by myself"))
_BESIDES_ME = tuple(
    f" {normalise(words)} "
    for words in ("من دوني", "بدوني", "بالاضافه لي", "بلاضافه لي", "بالاضافه الي")
)
"""After a count that leaves the writer out («٥ من دوني», «سبعة بالإضافة لي»)."""
_ALL = _words("كلهم", "كلهن", "all")
"""Before a word for several people that describes the ones counted («كلهن بنات»)."""


_TWINS = _words("توام", "التوام", "twins")
_PERSONS = _words("نفر", "افراد", "اشخاص", "people", "persons")
"""Words for people that count everyone («عشرين نفر»), not some («٤ عيال»)."""


def _count(word: str) -> int | None:
    """A count written as digits or a number word («إخواني التوأم»: two)."""
    if _DIGITS.fullmatch(word):
        return int(Decimal(word))
    if word in _TWINS:
        return 2
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
    after_next = [*words[2:], "", ""]
    counts = [
        _count(w)
        for w, n, b, nn in zip(words, following, before, after_next, strict=True)
        # «واحد منهم», «منهم ثلاثة طلاب»: a part, not the whole; «٧ منهم ٤ طلاب»: 7 is
        if b != _ONE_OF and (n != _ONE_OF or _count(nn))
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
    typed = re.sub(r"[،,]", " و ", to_ascii_digits(clean(text)))  # «انا، زوجتي، امي»: a list
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
    counts = [count for count in map(_count, words) if count]
    if len(counts) == 1 and any(words in f" {normalise(typed)} " for words in _BESIDES_ME):
        return counts[0] + 1
    gone_together = {  # «أبوي وأمي متوفين»: the plural takes both
        at for at, word in enumerate(words[:-1]) if words[at + 1].startswith(_GONE_ALL)
    }
    me = counted = named = we_total = 0
    used: set[int] = set()
    counted_at: set[int] = set()  # words for several people counted by a number beside them
    for at, word in enumerate(words):
        if at in used:  # the count of the word before («إخواني التوأم»)
            continue
        before = words[at - 1].removeprefix("و") if at else ""
        whose = before in _WHOSE | _ME and not joined[at] and not known(word, _ME)
        none_of = _NONE_OF.intersection(words[max(0, at - 2) : at])
        after = words[at + 2 : at + 4] if words[at + 1 : at + 2] == ["كلهم"] else words[at + 1 :]
        gone = " ".join(after[:2]).startswith(_GONE)
        gone = gone or (joined[at + 1 : at + 2] == [True] and at + 1 in gone_together)
        addressed = before == "يا"  # «يا أختي»: the reader, not a member
        gone = gone or before.startswith(_GONE_BEFORE)  # «بعد وفاة الوالدين»
        if gone or whose or none_of or addressed:
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
        if known(word, _WE) and beside is not None and beside >= at - 1:  # «وتسعة إحنا»
            we_total = _count(words[beside]) or 0
            me, counted = 1, counted + we_total - 1
            used.add(beside)
        elif known(word, _ME) and (word != normalise("غيري") or beside is None):
            me = 1
        elif _person(word, _PEOPLE):
            described = at and ((at - 1) in counted_at or words[at - 1] in _ALL)
            if beside is None and described:  # «٣ اخوان ايتام», «كلهن بنات»
                continue
            if beside is None:
                if not any(_count(words[n]) for n in near):
                    return None  # «والعيال» without how many
                counted_at.add(at)  # «احنا ٣ اخوان»: counted by the number «احنا» took
                continue
            counted += _count(words[beside]) or 0
            used.add(beside)
            counted_at.add(at)
            me = me or int(word == normalise("غيري"))
        elif _person(word, _TWO_PEOPLE):
            counted, named = counted + 2, named + 1
            used.update({at + 1} if words[at + 1 : at + 2] and words[at + 1] in _TWINS else set())
        elif _person(word, _ONE_PERSON):
            several = beside == at + 1 and not joined[at + 1]  # «بنتي الثنتين», not «و٤»
            counted, named = counted + (_count(words[at + 1]) or 1 if several else 1), named + 1
            used.update({beside} if several and beside is not None else set())
    loose = {
        _count(word)
        for at, word in enumerate(words)
        if _count(word) and at not in used and not _aside(words, at)
    }
    persons = counted_at and all(_person(words[at], _PERSONS) for at in counted_at)
    if persons and not (me or named or loose - {1}):  # «عشرين نفر في بيت واحد»
        return counted
    if loose - {me + counted} or not (me or (named and counted > 1)):  # «ام محمد»: a name
        return None
    if we_total and me + counted - (we_total - 1) == we_total:
        return we_total  # «نحن أربعة: أنا وزوجتي وطفلين»: the members told are the four
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
        *("ايجار", "وظيف", "يساعد", "يجيب", "يعطي", "salary", "pension", "income", "allowance"),
    )
)
_SAID_AGAIN = _TOTAL | _words("يصير", "فيصير", "يعني", "صار", "يكون", "so", "which")
"""Words before a figure that restates the ones before it («… مع البدلات يصير ٥٣٥٠»)."""


def _bare(word: str) -> str:
    """A word without a leading «و» and «ال» («والنفقة» → «نفقه»)."""
    return word.removeprefix("و").removeprefix("ال") if len(word) > 4 else word


def _numeral(word: str) -> bool:
    """Whether `word` is part of a number written in digits or words."""
    word = _unprefixed(word)
    hundreds = word.endswith(("ميه", "مايه", "مئه")) and word[:-3].rstrip("م") in _HUNDREDS
    return bool(
        _DIGITS.fullmatch(word)
        or known(word, _UNITS)
        or known(word, _HUNDRED | _THOUSAND | _HALF)
        or word.removeprefix("ال") in _THOUSAND
        or hundreds
        or (word.endswith("ت") and word[:-1] in _UNITS)
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
        if follows and not (digit_open and _DIGITS.fullmatch(word)):
            runs[-1][1].append(token)
        else:
            runs.append((at, [token]))
            digit_open = False
        digit_open = bool(_DIGITS.fullmatch(word)) or (digit_open and word not in _THOUSAND)
    found = [(at, _from_words(words)) for at, words in runs]
    return [(at, value) for at, value in found if value is not None]


def restated(text: str) -> Decimal | None:
    """The last figure of a sentence when it sums up the ones before it («راتبي ٤٨٠٠ مع
    البدلات يصير ٥٣٥٠», «٢٤ ألف بالسنة، يعني ألفين بالشهر», "… so 2400 a month")."""
    tokens = _tokens(_plain_digits(text))
    amounts = _amounts(tokens)
    if not amounts:
        return None
    at, value = amounts[-1]
    return value if _SAID_AGAIN.intersection(tokens[max(0, at - 3) : at]) else None


def incomes(text: str) -> Decimal | None:
    """The sum of several incomes named in one sentence («راتب تقاعد ٤٢٠٠ وضمان ١٨٠٠» →
    6000, «زوجي راتبه ٧٠٠٠ وانا ٣٠٠٠»); None unless it names at least two, each with
    its own amount and its own source or earner."""
    tokens = _tokens(_plain_digits(text))
    amounts = _amounts(tokens)
    earners = _ONE_PERSON | _ME
    named = sum(_bare(t).startswith(_INCOMES) or _person(t, earners) for t in tokens)
    if len(amounts) < 2 or named < len(amounts):
        return None
    return sum((value for _at, value in amounts), Decimal(0))
