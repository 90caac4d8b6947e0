"""Which of a question's choices an answer describes, in the person's own words: named
whole or in part, with plurals and possessives, mistyped by a letter, one meant among
several («مو X، أبي Y», «كله إلا X»), or none when two are meant alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from conversations.policy import FormField
from conversations.text import normalise, one_letter_apart, squeeze


def described(text: str, field: FormField, common: frozenset[str] = frozenset()) -> str | None:
    """The choice whose words («شنط ودفاتر» for school supplies, "medicines") `text`
    uses; None when none does, or when two do on different words (two things at once).
    Words in `common` (the association's name: «الجمعية») name no choice alone."""
    code = found(text, field, common)
    return None if code == SEVERAL else code


SEVERAL = "several"
"""What `found` gives for an answer that describes two choices at once."""
Phrase = tuple[tuple[str, str], ...]
"""A choice's phrase as matching reads it: each word with its letters typed once."""
Said = tuple[tuple[str, str], ...]
"""An answer's word as matching reads it (see `_readings`)."""
Label = tuple[tuple[str, ...], tuple[str, ...]]
"""A choice's Arabic and English labels as matching reads their words."""
Choices = tuple[tuple[str, str, tuple[str, ...]], ...]
"""A field's choices: each its Arabic and English labels and its `also` phrases."""


def found(text: str, field: FormField, common: frozenset[str]) -> str | None:
    """The choice `text` describes, `SEVERAL` when it describes two, or None: by what it
    says before a reason beside it («في الصباح لأن دوامي مسائي»), else by all of it; two
    wishes naming two choices («أبي أدوية وأبي كرسي») are two things at once."""
    main, *reason = _REASON.split(f" {text} ", maxsplit=1)
    found = _found_in(main, field, common) if reason else None
    if found:
        return found
    first, *wish = _WISH.split(f" {text} ", maxsplit=1)
    wanted = [_found_in(part, field, common) for part in (first, *wish)] if wish else []
    if None not in wanted and len(set(wanted)) > 1:
        return SEVERAL
    return _found_in(text, field, common)


_REASON = re.compile(r"\s(?:ل[أا]ن(?:ه|ها|ي|نا)?|عشان|علشان|because|since)\s", re.IGNORECASE)
"""Where a reason begins beside an answer («… لأن …», «… عشان …»)."""
_WISH = re.compile(
    r"\s(?:و(?:أ|ا)?رغب|و(?:أ|ا)تمنى|وودي|و(?:أ|ا)بي|و(?:أ|ا)بغى|بس (?:أ|ا)بي|and i want)\s",
    re.IGNORECASE,
)
"""Where another wish begins («… وأبي …», «… وأرغب …»)."""


def _found_in(text: str, field: FormField, common: frozenset[str]) -> str | None:
    """The choice `text` describes, `SEVERAL` when it describes two, or None."""
    choices = tuple((c.ar, c.en or "", tuple(c.also)) for c in field.choices)
    whole = _wholes_of(choices).get(_flat(text))
    if whole is not None:
        return f"c:{whole}"
    answer = _answer(text)
    labels = _labels_of(choices)
    spans = _named(answer.said, _phrases_of(choices, common), labels, _words_of(choices, common))
    refused = {n for n, found in spans.items() if _follows(found, answer.said, _REFUSALS)}
    excepted = any(_follows(found, answer.said, _EXCEPT) for found in spans.values())
    if excepted or (spans and refused == set(spans)):
        return SEVERAL  # «أي وقت ما عدا الويكند», "not mining": none of the choices
    wanted = {n: found for n, found in spans.items() if n not in refused}
    meant = _one_meant(wanted, answer, labels)
    widest = max(meant, key=lambda number: len(meant[number]), default=None)
    if widest is None:
        return None
    return SEVERAL if any(not found <= meant[widest] for found in meant.values()) else f"c:{widest}"


class _Answer(NamedTuple):
    """An answer's words as choices are matched: each word's readings, which words say
    what something is for («للمدرسة»), and whether it asks for one thing."""

    said: list[Said]
    purposes: set[int]
    single: bool


def _answer(text: str) -> _Answer:
    stemmed = _stemmed(text)
    purposes = {at for at, (_word, purpose) in enumerate(stemmed) if purpose}
    return _Answer([_readings(word) for word, _for in stemmed], purposes, _single(text))


def _named(
    said: list[Said],
    index: dict[str, list[tuple[int, Phrase]]],
    labels: tuple[Label, ...],
    words: dict[str, tuple[tuple[str, int], ...]],
) -> dict[int, set[int]]:
    """The words of an answer each choice's phrases cover (or, when none does, those a
    letter off one of its one-word phrases, `words`: «ماجستر»), and those naming a
    choice's whole label («دعمم تعليمي»)."""
    spans = _spans(said, index) or _mistyped(said, words)
    for number, label in enumerate(labels):
        whole = _named_whole(said, label)
        if whole:
            spans.setdefault(number, set()).update(whole)
    return spans


def _unless(spans: dict[int, set[int]], dropped: Callable[[set[int]], bool]) -> dict[int, set[int]]:
    """`spans` without the choices `dropped` tells of; all of them when it tells of all."""
    kept = {number: found for number, found in spans.items() if not dropped(found)}
    return kept or spans


def _one_meant(
    spans: dict[int, set[int]], answer: _Answer, labels: tuple[Label, ...]
) -> dict[int, set[int]]:
    """The choices an answer means of those its words name: not one it names only to say
    how it was («بأسلوب مو زين»), what for («دفاتر وأقلام للمدرسة») or as a point in time
    («دبلوم بعد الثانوي»), nor one whose words are of another's label («تأخر الخدمة»: the
    delay; «أشتغل في معادن»: mining, as «أعمل في قطاع التعدين» says); and, when it asks
    for one thing, the one whose whole label it names with the others' words in it
    («برنامج الإرشاد المهني»)."""
    if len(spans) < 2:
        return spans
    said = answer.said
    told = _unless(spans, lambda found: _evaluates(found, said))
    told = _unless(told, lambda found: found <= answer.purposes)
    told = _unless(told, lambda found: _follows(found, said, _POINTS))
    kept = {
        n: found
        for n, found in told.items()
        if not any(_within(found, said, labels[other]) for other in told if other != n)
    } or told
    named = [n for n in kept if _named_whole(said, labels[n])]
    if len(named) != 1 or not answer.single:
        return kept
    whole = _named_whole(said, labels[named[0]])
    attached = all(_attached(found, whole, said) for found in kept.values())
    return {named[0]: kept[named[0]]} if attached else kept


def _attached(found: set[int], whole: set[int], said: list[Said]) -> bool:
    """Whether a choice's words are part of a label named whole, or a word just before it
    («برنامج الإرشاد المهني», "training course"), not another thing beside it («دعم
    تعليمي وأدوات», «أدوية أو أجهزة طبية»)."""
    before = min(whole) - 1
    return all(at in whole or (at == before and not said[at][0][0].startswith("و")) for at in found)


def _follows(found: set[int], said: list[Said], before: frozenset[str]) -> bool:
    """Whether every phrase of a choice found in an answer follows one of `before`."""
    starts = [at for at in found if at - 1 not in found]
    return all(at and said[at - 1][0][0] in before for at in starts)


_EXCEPT = frozenset((*map(normalise, ("الا", "عدا", "ماعدا", "سوى")), "except"))
"""Words before what an answer leaves out of all the rest («كل الأوقات إلا الصبح»)."""
_REFUSALS = frozenset((*map(normalise, ("مو", "مب", "مهب", "مش", "ماهو", "بدون")), "not", "no"))
"""Words before a choice an answer does not want («مو دورة يومين», "not mining")."""
_POINTS = frozenset(map(normalise, ("بعد", "قبل")))
"""Words before a choice an answer names as a point in time («دبلوم بعد الثانوي»)."""
_EVALUATIONS = frozenset(
    normalise(word)
    for word in (
        *("مو", "زين", "سيء", "سيئ", "سيئه", "رديء", "رديئه", "زفت", "خايس", "قليل", "قليله"),
        *("ناقص", "ناقصه", "bad", "poor"),
    )
)
"""Words that say how something was, not what it was («بأسلوب مو زين», «قليل أدب»)."""


def _evaluates(found: set[int], said: list[Said]) -> bool:
    """Whether every word found only says how something was («مو زين»)."""
    return all(said[at][0][0] in _EVALUATIONS for at in found)


def _within(found: set[int], said: list[Said], label: Label) -> bool:
    """Whether every word found is a word of `label`, or means one («أشتغل», «أعمل»)."""
    words = {_MEANINGS.get(word, word) for words in label for word in words}
    return all(
        any(_same(*reading, word, squeeze(word)) for word in words for reading in _meant(said[at]))
        for at in found
    )


def _meant(readings: Said) -> Said:
    """An answer's word, also as the word of the same meaning labels use."""
    return readings + tuple((_MEANINGS[w], _MEANINGS[w]) for w, _once in readings if w in _MEANINGS)


_MEANINGS = {
    normalise(word): normalise(meaning)
    for meaning, words in (
        ("اعمل", ("اشتغل", "شغال", "شغاله", "موظف", "موظفه", "موظفين", "وظيفه", "دوام")),
        ("work", ("working", "job", "employed", "employee", "worker", "works")),
        ("ادرس", ("طالب", "طالبه", "دارس", "دارسه", "ادرس", "study", "studying", "student")),
    )
    for word in words
}
"""Words that mean a word choice labels share («أشتغل» for «أعمل»), as labels are matched."""


def _named_whole(said: list[Said], label: Label) -> set[int]:
    """Where the answer names a label of two words or more whole, its words in order
    («دعمم تعليمي», "training course"); empty when it does not."""
    for words in (words for words in label if len(words) > 1):
        for start in range(len(said) - len(words) + 1):
            if all(
                any(_same(*reading, word, squeeze(word)) for reading in said[start + n])
                for n, word in enumerate(words)
            ):
                return set(range(start, start + len(words)))
    return set()


@lru_cache(maxsize=256)
def _labels_of(choices: Choices) -> tuple[Label, ...]:
    """Each choice's labels, Arabic and English, as matching reads their words."""
    return tuple((stems_of(ar), stems_of(en)) for ar, en, _also in choices)


_BOTH = tuple(
    f" {normalise(words)} "
    for words in ("كمان", "وكمان", "مع بعض", "الاثنين", "الثنين", "both", "as well", "too", "also")
)


_ASKING = frozenset((*map(normalise, ("وش", "ايش", "شو", "كيف", "ليش")), "what", "which", "how"))


def _single(text: str) -> bool:
    """Whether an answer asks for one thing: not two at once («… وكمان …», «… مع بعض»),
    nor a question («وش الفرق بين …؟»)."""
    said = f" {normalise(text)} "
    asked = "?" in text or "؟" in text or bool(_ASKING.intersection(said.split()))
    return not asked and not any(words in said for words in _BOTH)


def _spans(said: list[Said], index: dict[str, list[tuple[int, Phrase]]]) -> dict[int, set[int]]:
    """The words of the answer each choice's phrases cover, by choice."""
    spans: dict[int, set[int]] = {}
    for start, readings in enumerate(said):
        keys = {key for word, once in readings for key in _keys(word, once)}
        for number, phrase in (entry for key in keys for entry in index.get(key, ())):
            if len(phrase) <= len(said) - start and all(
                any(_same(*reading, *each) for reading in said[start + n])
                for n, each in enumerate(phrase)
            ):
                spans.setdefault(number, set()).update(range(start, start + len(phrase)))
    return spans


def _readings(word: str) -> Said:
    """The ways a word of an answer may be read, each with its letters typed once: as
    typed, and without a «و» or «ب» before it («وبرامج», «بطريقة»)."""
    bare = word[1:] if word[:1] in {"و", "ب"} and len(word) > 3 else ""
    return tuple((reading, squeeze(reading)) for reading in (word, bare) if reading)


def _flat(text: str) -> str:
    """A text as a whole answer meets a label: folded, letters typed once, no spaces
    («تجديدالعضويه», «دعمم تعليمي»)."""
    return squeeze(normalise(text).replace(" ", ""))


@lru_cache(maxsize=256)
def _wholes_of(choices: Choices) -> dict[str, int]:
    """Each choice by its labels and phrases written whole, as `_flat` reads them."""
    flat = [
        (_flat(words), n) for n, (ar, en, also) in enumerate(choices) for words in (ar, en, *also)
    ]
    return {words: number for words, number in reversed(flat) if words}


def _mistyped(
    said: list[Said], words: dict[str, tuple[tuple[str, int], ...]]
) -> dict[int, set[int]]:
    """The choices whose one-word phrases a word of the answer is one letter away from
    («ماجستر» for «ماجستير»), for answers that matched none as typed."""
    spans: dict[int, set[int]] = {}
    for at, ((word, _once), *_others) in enumerate(said):
        if len(word) < 4:  # «دبلم»: four letters of «دبلوم»
            continue
        for phrase, number in words.get(word[:_KEPT], ()):
            if one_letter_apart(word, phrase):
                spans.setdefault(number, set()).add(at)
    return spans


_KEPT = 2
"""The first letters a word one letter off keeps (see `one_letter_apart`)."""


@lru_cache(maxsize=256)
def _words_of(choices: Choices, common: frozenset[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each choice's one-word phrases, with its number, by their first letters."""
    single = {
        (phrase[0][0], number)
        for entries in _phrases_of(choices, common).values()
        for number, phrase in entries
        if len(phrase) == 1
    }
    by_start: dict[str, list[tuple[str, int]]] = {}
    for word, number in sorted(single):
        by_start.setdefault(word[:_KEPT], []).append((word, number))
    return {start: tuple(words) for start, words in by_start.items()}


@lru_cache(maxsize=256)
def _phrases_of(choices: Choices, common: frozenset[str]) -> dict[str, list[tuple[int, Phrase]]]:
    """Each choice's phrases as matching reads them, each word with its squeezed form, by
    the keys of their first word: its `also` words, and the words of its labels no other
    label (nor `common`) has (remembered: the same questions come back every turn)."""
    labels = [stems_of(f"{ar} {en}") for ar, en, _also in choices]
    shared = {
        word for label in labels for word in label if sum(_among(word, o) for o in labels) > 1
    }
    index: dict[str, list[tuple[int, Phrase]]] = {}
    for number, (_ar, _en, also) in enumerate(choices):
        own = [word for word in labels[number] if word not in _SMALL | shared | common]
        for words in (*also, *own):
            phrase = tuple((word, squeeze(word)) for word in stems_of(words))
            for key in _keys(*phrase[0]) if phrase else ():
                index.setdefault(key, []).append((number, phrase))
    return index


def _among(word: str, words: tuple[str, ...]) -> bool:
    """Whether `word` is one of `words`, or a plural or possessive of one ("working")."""
    return any(_same(word, squeeze(word), other, squeeze(other)) for other in words)


def _keys(word: str, once: str) -> set[str]:
    """What a word is looked up by: itself, typed once, and without an ending `_same`
    allows, so a word and its plural meet («موظف», «موظفين»)."""
    bare = {word[: -len(end)] for end in _ENDINGS if word.endswith(end) and len(word) > len(end)}
    return {word, once, *bare}


_SMALL = frozenset(
    (
        *("the", "a", "an", "of", "in", "or", "and", "for", "to", "with", "as", "other"),
        *(normalise(word) for word in ("او", "أو", "في", "من", "على", "عن", "أخرى", "اخرى", "أحد")),
        *(normalise(word) for word in ("طلب", "خدمة", "خدمات", "دعم", "مساعدة", "عمل", "أعمل")),
        *(normalise(word) for word in ("حاليًا", "حاليا", "الآن")),
        *("degree", "support", "programme", "programmes", "service", "services"),
    )
)
"""Words of a choice's labels that name none of them («أو», "the", «أخرى», «حاليًا»), or
that any wish has («طلب», «مساعدة»)."""
_PREFIXES = ("وال", "بال", "لل", "فال", "ال")
_JOINED_NEGATIONS = frozenset(("وما", "ولا"))
"""«وما أحد يرد»: the negation a choice's phrase begins with, after «و»."""


def stems_of(text: str) -> tuple[str, ...]:
    """The words of a text as choices are matched (see `_stemmed`)."""
    return tuple(word for word, _for in _stemmed(text))


def _stemmed(text: str) -> tuple[tuple[str, bool], ...]:
    """The words of a text as choices are matched: folded, without «ال» (and «و», «ب»,
    «ل» before it) or an English plural's "s" («بالبرامج» → «برامج», "workshops" →
    "workshop"); each with whether «لل» said what it is for («للمدرسة»)."""
    stems = []
    for word in normalise(text).split():
        word = word[1:] if word in _JOINED_NEGATIONS else word
        prefix = next((p for p in _PREFIXES if word.startswith(p) and len(word) - len(p) >= 3), "")
        bare = word[len(prefix) :]
        if len(bare) > 1:  # "master's": the "s" names nothing
            stem = bare.removesuffix("s") if bare.isascii() and len(bare) > 4 else bare
            stems.append((stem, prefix == "لل"))
    return tuple(stems)


def _same(said: str, said_once: str, word: str, word_once: str) -> bool:
    """Whether a word of the answer is the choice's word, typed with a letter doubled
    («دبلووم»), or a plural, feminine or possessive of it ("need" and "needed", «موظف» and
    «موظفين»; not «مدرس» and «مدرسيه»); `_once` is each with doubled letters typed once."""
    if said == word or said_once == word_once:
        return True
    shorter, longer = (said, word) if len(said) < len(word) else (word, said)
    return len(shorter) >= 4 and longer.startswith(shorter) and longer[len(shorter) :] in _ENDINGS


_ENDINGS = frozenset(
    ("ه", "ات", "ين", "ون", "ها", "كم", "نا", "هم", "ت", "وا", "s", "es", "ed", "d", "ing")
)
"""What may follow a choice's word in an answer: plurals, the feminine, possessives
(«اجددها», «برامجكم»)."""
