"""Answers in words to the questions buttons answer: a yes or a no said in a sentence
(«اي والله ضروري», «ماله داعي»), and a rating described («ممتازين», «نص نص», «بطيئة جدا»)."""

from __future__ import annotations

import re

from conversations import numbers
from conversations.text import DONT_KNOW, known, normalise, squeeze, yes_or_no


def _phrases(*written: str) -> tuple[str, ...]:
    return tuple(normalise(words) for words in written)


def _within(phrase: str, said: str) -> bool:
    return f" {phrase} " in f" {said} "


_NO_OBJECTION = _phrases(
    *("ما عندي مانع", "ماعندي مانع", "ما فيه مانع", "ما في مانع", "مافي مانع", "لا مانع"),
    *("ما يخالف", "مايخالف", "مو مشكله", "ما فيه مشكله", "ما عندي مشكله", "ما عليه"),
    *("no problem", "why not", "of course", "i don't mind", "dont mind"),
)
_ENTIRELY = _phrases("ميه بالميه", "ميه في الميه", "مية بالمية", "100 بالميه", "100 في الميه")
"""«مية بالمية»: fully, a yes and the best rating."""
_NEEDLESS = _phrases(
    *("ماله داعي", "ما له داعي", "لا داعي", "مالها داعي", "ما يحتاج", "مايحتاج", "مو لازم"),
    *("مو ضروري", "ما له لزوم", "no need", "not needed", "not necessary"),
)
_PUZZLED = DONT_KNOW + _phrases(
    *("ما فهمت", "مافهمت", "مو فاهم", "مو فاهمه", "وش تقصد", "وش تقصدون", "ايش تقصد"),
    *("نوعا ما", "نوعاً ما", "مو فارقه", "ما تفرق", "ما يفرق", "مو مهم", "don't understand"),
    *("sort of", "ما يهمني", "ما تهمني", "doesn't matter"),
)
"""An answer that asks what the question means, says it does not matter or that it does
not know: neither."""
_IF = frozenset(_phrases("اذا", "إذا", "لو", "if"))
"""An answer that begins «إذا …» sets a condition («إذا فيه فايدة»): neither."""
_PLEASE = _phrases("لو سمحت", "لو سمحتوا", "لو سمحتي", "لو تكرمت", "لو تكرمتوا")
"""«لو سمحت»: "please", no condition."""
_SAYS_YES = frozenset(
    _phrases(
        *("نعم", "ايه", "اي", "ايوه", "ايوا", "اكيد", "طبعا", "بالضبط", "ابشر", "ابشري"),
        *("ابشروا", "اجل", "بلى", "صح", "ضروري", "لازم", "ياليت", "يا ليت", "الحمدلله"),
        *("ابي", "ابغى", "ابغاكم", "ابيكم", "اريد", "yes", "sure", "definitely", "please"),
        *("تمام", "لبت", "لبيتوا", "لبيتو", "لبيتم", "نعن", "نعمن", "الحمد لله", "انحلت"),
    )
)
"""First words of an answer that says yes, unless a negation follows («ايه لبتها وزود»)."""
_NEGATIONS = frozenset(
    _phrases(
        *("ما", "مو", "مب", "لا", "لم", "لن", "ولا", "لسى", "لسا", "للاسف", "ماني", "مافي"),
        *("مافيه", "مهب", "ماهو"),
        *("not", "never", "didnt", "didn't", "no", "nothing", "unfortunately"),
    )
)


_ANSWER_WORDS = _NEGATIONS | _SAYS_YES
"""The words a yes or no is read by, as typos are matched to them («نعمم»)."""
_KIND_NEGATIONS = _phrases("ما قصرتوا", "ماقصرتوا", "ما قصرتو", "ما قصرت", "ما عليه زود")
"""Praise said with a negation («ما قصرتوا»): no «no» in it."""


def yes_no(text: str, yes: tuple[str, ...] = (), no: tuple[str, ...] = ()) -> bool | None:
    """Whether an answer says yes or no: by the question's own words first (`yes`, `no`,
    the longest found wins: «ما ابي اسمي يطلع» is yes to «دون ذكر اسمك؟»), then as any
    yes or no («اي والله ضروري», «ما يحتاج», «للأسف ما استفدت»), else None."""
    said = normalise(text).replace("يا ليت", "ياليت")
    for kind in _KIND_NEGATIONS:
        said = f" {said} ".replace(f" {kind} ", " ").strip()
    said = " ".join(known(word, _ANSWER_WORDS) or word for word in said.split())
    conditional = said.split()[:1] and said.split()[0] in _IF
    if conditional and not any(said.startswith(please) for please in _PLEASE):
        return None
    if any(_within(phrase, said) for phrase in _PUZZLED):
        return None
    typed_once = squeeze(said)  # «بدوون اسم»
    found = [(len(p), True) for p in yes if _within(squeeze(p), typed_once)]
    found += [(len(p), False) for p in no if _within(squeeze(p), typed_once)]
    if found:
        return max(found)[1]
    plain = yes_or_no(said)
    if plain is not None:
        return plain
    if any(_within(phrase, said) for phrase in (*_NO_OBJECTION, *_ENTIRELY)):
        return True
    if any(_within(phrase, said) for phrase in _NEEDLESS):
        return False
    words = said.split()
    if words and words[0] in _NEGATIONS and len(words) <= _LONG:
        return False  # «ما لبت حاجتي لأني كنت أبحث عن …»
    if len(words) > _SHORT:  # a sentence is a wish or a question, not an answer by a guess
        return None
    negated = bool(_NEGATIONS.intersection(words))
    if words and words[0] in _SAYS_YES and not negated:
        return True
    return False if negated else None


_SHORT, _LONG = 5, 12
"""Words in an answer read as a yes or no by its first word or a negation in it; and in
one that begins with a negation."""


_RATED = {
    normalise(stem): value
    for stems, value in (
        (("ممتاز", "رائع", "راقي", "قمه", "تجنن", "خرافي", "excellent", "super", "amazing"), 5),
        (("perfect", "great", "fantastic", "ممتار", "افضل", "اسرع", "احسن", "best"), 5),
        (("سريع", "واضح", "سهل", "حلو", "fast", "clear", "easy", "nice"), 4),
        (("جيد", "كويس", "زين", "طيب", "good", "fine"), 3),
        (("متوسط", "وسط", "عادي", "average", "ok", "okay", "so-so"), 3),
        (("مقبول", "fair", "slow", "بطي", "acceptable"), 2),
        (("ضعيف", "سيء", "سيئ", "سيي", "خايس", "زفت", "تعبان", "poor", "bad", "terrible"), 1),
        (("awful", "horrible", "ابطا", "اسوا", "اسوء", "worst", "slowest"), 1),
    )
    for stem in stems
}
"""Describing words and the rating each gives, matched by their beginning («ممتازين»)."""
_VERY = frozenset(
    _phrases("جدا", "جدن", "مره", "مرا", "كثير", "حدهم", "حده", "very", "so", "really", "ماشاءالله")
)
_PRAISE = _phrases(
    *("ما قصرتوا", "ماقصرتوا", "ما قصرتو", "يعطيكم العافيه", "ما شاء الله"),
    *("ماشاءالله", "يبيض الوجه", "الدرجه الكامله", "العلامه الكامله", "full marks"),
)
_UTMOST = _phrases("اعلى درجه", "اعلى شي", "اعلى تقييم", "اعلى شيء", "the highest", "top marks")
_LEAST = _phrases("اقل شي", "اقل شيء", "اقل درجه", "اقل تقييم", "the lowest", "the least")
_FACES = {
    **dict.fromkeys("😍🤩🥰😘❤💯🌹", 5),
    **dict.fromkeys("😊🙂😃😀☺", 4),
    **dict.fromkeys("😐😶🤔", 3),
    **dict.fromkeys("😕🙁😒", 2),
    **dict.fromkeys("😡😠🤬😞😢😭💔", 1),
}
"""Faces sent alone for a rating («😍😍» 5, «😡» 1)."""
_HALF_AND_HALF = _phrases("نص نص", "نص ونص", "نص و نص", "half half", "fifty fifty")
_STARS = {
    normalise(word): value
    for word, value in (("نجمه", 1), ("نجمتين", 2), ("نجمتان", 2), ("درجه", 1), ("درجتين", 2))
}


def _described(word: str) -> int | None:
    """The rating a describing word gives («ممتازين», «وسريعين»), if it is one."""
    for folded in (word, word.removeprefix("و")):
        value = next((v for stem, v in _RATED.items() if folded.startswith(stem)), None)
        if value:
            return value
    return None


def rating(text: str) -> int | None:
    """A rating from 1 to 5 told in words: «ممتازين» 5, «واضحة جدا» 5, «جيد جدا» 4, «نص
    نص» 3, «مقبولة» 2, «بطيئة جدا» 1, «مو واضحة أبدا» 1, «أربعة من خمسة» 4, «نجمتين» 2,
    «…، ممتاز» (said last) 5; None when it is between two («ثلاثة ونص»), hedged («واضحة
    نوعا ما») or mixed («بعضهم ممتاز وبعضهم لا»)."""
    said = normalise(text)
    words = [known(word, _RATED) or word for word in _unglued(said.split())]
    faces = {_FACES[char] for char in text if char in _FACES}
    if not words and len(faces) == 1:
        return faces.pop()
    if _uncertain(said, words):
        return None
    for phrases, utmost in ((_UTMOST, 5), (_LEAST, 1)):
        if any(_within(phrase, said) for phrase in phrases):
            return utmost
    given = _out_of(words)
    if given:
        return given
    if any(_within(phrase, said) for phrase in _HALF_AND_HALF):
        return 3
    if _HALF.intersection(words):
        return None  # «ثلاث ونص»: between two ratings
    bare = [word.removeprefix("ال") if len(word) > 4 else word for word in words]  # «الخمسه»
    scores = {int(n) for n in map(numbers.read, bare) if n is not None and n in range(1, 6)}
    last = re.split(r"[،,.]", text)[-1]
    counted = numbers.read(last)
    if len(scores) == 1 or (counted is not None and counted in range(1, 6)):
        return scores.pop() if len(scores) == 1 else int(counted or 0)  # «…، خمسة»: said last
    summed = _worded(normalise(last).split()) if len(last.split()) <= 2 < len(words) else None
    return summed or _worded(words) or _praised(said, text)


def _unglued(words: list[str]) -> list[str]:
    """Words with «جدا» typed onto the describing word before it split off («جيدجدا»)."""
    return [part for word in words for part in _split_very(word)]


def _split_very(word: str) -> tuple[str, ...]:
    """A word as its describing word and «جدا» when it is both glued, else as it is."""
    very = next((very for very in _VERY if word.endswith(very) and word != very), "")
    head = word[: -len(very)] if very else ""
    return (head, very) if head and _described(head) else (word,)


def _uncertain(said: str, words: list[str]) -> bool:
    """Whether a rating is hedged («واضحة نوعا ما», "I guess") or mixed («بعضهم ممتاز
    وبعضهم لا», «بعض الإجراءات واضحة وبعضها لا»)."""
    some = sum(word.removeprefix("و").startswith(_SOME) for word in words)
    return some > 1 or any(_within(phrase, said) for phrase in _HEDGES)


_SOME = normalise("بعض")
_HEDGES = _phrases(
    *("نوعا ما", "نوعاً ما", "نوع ما", "i guess", "sort of", "kind of", "بين", "between")
)
_HALF = frozenset(_phrases("نص", "ونص", "نصف", "ونصف", "half"))


def _out_of(words: list[str]) -> int | None:
    """A rating given out of a scale: «أربعة من خمسة» 4, "three out of five" 3, «٨ من ١٠» 4."""
    for at, word in enumerate(words):
        if word not in {"من", "of"}:
            continue
        before = words[:at][-2:] if words[at - 1 : at] != ["out"] else words[: at - 1][-2:]
        given, scale = numbers.read(" ".join(before)), numbers.read(" ".join(words[at + 1 :]))
        if given is not None and scale and 0 < given <= scale:
            return max(1, round(given * 5 / scale))
    return None


def _worded(words: list[str]) -> int | None:
    """The rating the first describing word gives, as a word before or after it turns it
    («مو واضحة» 1, «جيد جدا» 4)."""
    for at, word in enumerate(words):
        value = _described(word) or _STARS.get(word)
        if value is None:
            continue
        nothing = at >= 2 and words[at - 2] in _NEGATIONS and words[at - 1] == "شي" and value > 2
        if (at and words[at - 1] in _NEGATIONS | {normalise("غير")}) or nothing:
            return 1 if value >= 3 else 3
        very = bool(_VERY.intersection(words[at - 1 : at] + words[at + 1 : at + 3]))
        very = very or _within(_phrases("ما شاء الله")[0], " ".join(words[at + 1 :]))
        very = very or any(_within(phrase, " ".join(words)) for phrase in _ENTIRELY)
        return (min(5, value + 1) if value >= 3 else 1) if very and word not in _STARS else value
    return None


def _praised(said: str, text: str) -> int | None:
    """The rating of praise with no describing word («ما قصرتوا» 5), or a count in words."""
    if any(_within(phrase, said) for phrase in (*_PRAISE, *_ENTIRELY)):
        return 5
    counted = numbers.read(text)
    return int(counted) if counted is not None and counted in range(1, 6) else None
