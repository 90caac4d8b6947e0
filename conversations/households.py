"""Counting a household as people describe it: «انا وزوجتي و٤ عيال» is six, «انا وامي
واخواني الثنين» four; a plural nobody counted («والعيال») is no number at all."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from conversations.kin import ME, ONE_PERSON, PEOPLE, PERSONS, SELF, TWO_PEOPLE, WHOSE, person
from conversations.numbers import DIGITS, TEN, TOTAL, UNITS, read, tokenised, unsure
from conversations.text import clean, folded, known, normalise, to_ascii_digits, unremarked

_WAS = normalise("كنا")
_WE = folded("احنا", "نحن", "حنا", "we", "us", _WAS)
"""Words for the household, the count beside them including the writer («احنا خمسة»)."""
_WHOLE = folded(
    *("اسرتي", "عايلتي", "عائلتي", "اسرتنا", "عايلتنا", "الاسره", "العايله", "اسره"),
    *("عايله", "عددنا", "family", "household", "يعني", "so"),
)
"""Words before a count of the whole household («عدد أفراد أسرتي ٨», «… يعني اثنين»)."""
_WIVES = folded("زوجتي", "المدام", "مدام", "حرمتي", "الحرمه", "مرتي", "الزوجه")
"""Words for the writer's wife: one person however often she is named («والمدام حامل»)."""
_GONE = tuple(
    normalise(word)
    for word in (
        *("متوفي", "متوفى", "توفي", "توفى", "مات", "الله يرحم", "رحمه الله", "ميت", "ما يسكن"),
        *("مو ساكن", "ما تسكن", "تزوج", "متزوج", "مستقل", "طالعين", "طلع", "passed away"),
        *("married",),
    )
)
"""What follows a member who does not live in the home («زوجي متوفى», «زوجي ما يسكن معنا»)."""
_AWAY = normalise("مسافر")
"""«زوجي مسافر»: away, so not known to be of the home unless told («… وما يسكن معنا»)."""
_GONE_BEFORE = tuple(normalise(word) for word in ("وفاه", "وفات", "فقدت", "فقدنا", "توفي"))
_GONE_ALL = tuple(normalise(word) for word in ("متوفين", "متوفيين", "ماتوا", "الله يرحمهم"))
_ELDEST = folded("الكبير", "الكبيره", "الصغير", "الصغيره", "الاكبر", "الاصغر")
"""«بس الكبير تزوج»: a member named by age alone, who has left."""
_NONE_OF = folded("ما", "لا", "مافي", "ماعندنا", "ماعندي", "بدون", "يوجد", "no", "without")
_APART = folded("من", "عند", "يا")
"""Before a person not of the home: where one is from («من زوجته الأولى»), the reader
(«يا أختي»)."""
_INCLUDING = folded(
    *("بما", "بمن", "بمافيهم", "بمنفيهم", "منهم", "معهم", "ضمنهم", "فيهم", "شامل", "including")
)
_ONE_OF = normalise("منهم")
"""After a count it is the writer's place among the others («واحد منهم»), not a count."""
_AGES = folded("سنه", "سنين", "سنوات", "شهور", "اشهر", "years", "year", "months", "عمره", "عمرها")
"""After a number, an age («طفلين ١ و٣ سنين»), not a count."""
_FILLERS = folded("are", "من", "of", "ما", "بين")
"""Words between a count and whom it counts («ثمانية من العيال», «١١ ما بين ولد وبنت»)."""
_JOINS = folded("و", "and", "with", "مع", "&", "بس", "لكن", "but")
"""Words between members («انا مع بنتي»), or before a remark on them («… بس اثنين متزوجين»)."""
_HAVING = folded("عندي", "عندنا", "لدي", "لدينا")
"""«… وعندي ١١ ما بين ولد وبنت»: after «و», words that begin a member as one named does."""
_ALONE = tuple(normalise(words) for words in ("بروحي", "لحالي", "وحدي", "alone", "by myself"))
_BESIDES_ME = tuple(
    f" {normalise(words)} "
    for words in ("من دوني", "بدوني", "بالاضافه لي", "بلاضافه لي", "بالاضافه الي")
)
"""After a count that leaves the writer out («٥ من دوني», «سبعة بالإضافة لي»)."""
_TWINS = folded("توام", "twins")
_FIRST, _NEXT = folded("الاول", "الاولي"), folded("الثاني", "الثانيه", "الثالث", "الثالثه")
"""«زوجتي الأولى وعيالها، والثانية وعيالها»: the second is another member."""
_PLACES = {
    normalise(word): place
    for place, words in enumerate(
        (
            *(("الثالث", "الثالثه"), ("الرابع", "الرابعه"), ("الخامس", "الخامسه")),
            *(("السادس", "السادسه"), ("السابع", "السابعه"), ("الثامن", "الثامنه")),
        ),
        3,
    )
    for word in words
}
"""«ستة وأنا السابع»: the writer's place, the household's size."""
_CLAUSES = re.compile(r"([^،,;:\n]*)([،,;:\n]?)")


class _Role(StrEnum):
    """What a word of a household description is."""

    ME = "me"  # «انا»
    WE = "we"  # «احنا»
    OTHERS = "others"  # «غيري»
    GROUP = "group"  # «عيال»
    TWO = "two"  # «ولدين»
    ONE = "one"  # «زوجتي»
    COUNT = "count"  # «٤», «الثلاثة»


_PERSON_ROLES = frozenset((_Role.GROUP, _Role.TWO, _Role.ONE))


class _Told(StrEnum):
    """What a part of a household description tells."""

    ME = "me"  # the writer
    TOTAL = "total"  # «احنا خمسة»: everyone, the writer too
    NAMED = "named"  # people named one by one («زوجتي», «ولدين», «بنتي الثنتين»)
    GROUP = "group"  # people counted by a number («٤ عيال»); 0 when not counted
    BARE = "bare"  # a number of people with no word for them («وواحد رضيع»)
    OTHERS = "others"  # «خمسة غيري»: people besides the writer
    GONE = "gone"  # «اثنين متزوجين وطالعين»: people who left, taken off


class _Member(NamedTuple):
    told: _Told
    size: int = 0


class _Words(NamedTuple):
    """A description's words, folded, without the «و» that joins members; where each
    member begins; and which words head a list (before a colon: «احنا: انا، زوجي»)."""

    words: list[str]
    starts: list[bool]
    heading: list[bool]


def _count(word: str) -> int | None:
    """A count written as digits or a number word («لخمسة», «الثلاثة», «التوأم»)."""
    if DIGITS.fullmatch(word):
        return int(Decimal(word))
    if person(word, _TWINS):
        return 2
    bare = word.removeprefix("ل") if word.startswith("لل") or not known(word, UNITS) else word
    unit = known(bare, UNITS) or known(bare.removeprefix("ال"), UNITS)
    return int(UNITS[unit]) if unit else None


def _role(word: str) -> _Role | None:
    """What a word of a description is: the writer, the household, people or a count."""
    if word == normalise("غيري"):
        return _Role.OTHERS
    for role, among in ((_Role.GROUP, PEOPLE), (_Role.TWO, TWO_PEOPLE)):
        if person(word, among):
            return role
    if known(word, ME):
        return _Role.ME
    if known(word, _WE):
        return _Role.WE
    if person(word, ONE_PERSON):
        return _Role.ONE
    return _Role.COUNT if _count(word) else None


@lru_cache(maxsize=1024)
def household(text: str) -> int | None:
    """How many people a description of a household counts («انا وزوجتي و٤ عيال» → 6,
    «انا وامي واخواني الثلاثة» → 5, «خمسة غيري» → 6, «احنا عشرة وجدتي» → 11, «ام
    زوجي» → 1, «عايش بروحي» → 1); a member who does not live there is not counted
    («زوجي متوفى»), nor children one does not have («ما عندنا عيال»). None when it
    describes no household, leaves a count out («انا وزوجتي والعيال»), is unsure who lives
    there («زوجي مسافر»), or gives a plain number ("٦"), read by `read`."""
    typed = to_ascii_digits(clean(text))
    told = unremarked(typed).replace("+", " و ")  # «(6 اولاد و4 بنات)», «انا + ٢»
    if unsure(told):
        return None
    if any(alone in normalise(told) for alone in _ALONE):
        return 1
    described = _household_words(told)
    stated = _stated(described.words, told)
    if stated:
        return stated
    members = _members(described)
    counted = _summed(members) if members is not None else None
    plain = read(told) if counted is None and told != typed else None  # «eight (…)»
    return int(plain) if plain and plain == int(plain) else counted


def _household_words(typed: str) -> _Words:
    """The words of a description as `_Words` keeps them, a count from eleven to
    nineteen in two words as one («أربعة عشر»)."""
    described = _Words([], [], [])
    for clause, mark in _CLAUSES.findall(typed):
        begins = True
        for word in tokenised(clause):
            joined = _begins(word)
            word = word[1:] if joined else word
            if word in _JOINS:
                begins = True
            elif described.words and not (begins or joined) and _teens(described.words[-1], word):
                described.words[-1] = str((_count(described.words[-1]) or 0) + 10)
            else:
                described.words.append(word)
                described.starts.append(begins or joined)
                described.heading.append(mark == ":")
                begins = False
    return described


def _teens(first: str, second: str) -> bool:
    """Whether two words are one count from eleven to nineteen («اربعه عشر»)."""
    return 0 < (_count(first) or 10) < 10 and second in TEN


def _begins(word: str) -> bool:
    """Whether «و» in front of `word` joins a member to those before («وزوجتي», «و٤»,
    «وعندي»), rather than being the word's own letter («ولدي», «والدتي», «واحد»)."""
    rest = word[1:]
    if word[:1] != "و" or not (_role(rest) is not None or rest in _HAVING | _NEXT):
        return False
    vocabularies = (PEOPLE, TWO_PEOPLE, ONE_PERSON, ME, _WE, frozenset(UNITS))
    return not any(word in among or word.removeprefix("ال") in among for among in vocabularies)


def _stated(words: list[str], typed: str) -> int | None:
    """A total the description states: «المجموع ١١», «عدد أفراد أسرتي ٨», «ثمانية أفراد
    بما فيهم أبوي», «سبعة بالإضافة لي» (8), «ستة وأنا السابع»; or, naming no one by one,
    the one count beside «بما فيهم» («خمسة، وأنا واحد منهم» → 5)."""
    counts = [count for count in map(_count, words) if count]
    if len(counts) == 1 and any(words in f" {normalise(typed)} " for words in _BESIDES_ME):
        return counts[0] + 1
    for at, word in enumerate(words):
        count, before = _count(word), words[max(0, at - 2) : at]
        whole = bool(before[-1:] and before[-1] in TOTAL) or any(known(w, _WHOLE) for w in before)
        if count and (whole or person(" ".join(words[at + 1 : at + 2]), PERSONS)):
            return count
        if at and word in _PLACES and known(words[at - 1], SELF):
            return _PLACES[word]
    return _including(words)


def _including(words: list[str]) -> int | None:
    """The one count beside «بما فيهم» in a description that names no one by one."""
    named = any(person(word, ONE_PERSON | TWO_PEOPLE) for word in words)
    left = any(word.startswith(_GONE) for word in words)  # «٢ منهم تزوجوا»: taken off
    if named or left or not _INCLUDING.intersection(words):
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


def _members(described: _Words) -> list[_Member] | None:
    """The members a description tells, part by part (a part begins at «و» or a comma);
    None when it is unsure who lives in the home, or how many a part counts."""
    words, starts = described.words, described.starts
    if any(_away(words, at) for at in range(len(words))):
        return None
    out = {at for at in range(len(words)) if _left_out(words, starts, at)}
    begins = [at for at in range(len(words)) if starts[at]] + [len(words)]
    members: list[_Member] = []
    last: list[_Member] = []
    named = False  # «والعيال: محمد وسارة»: after a group headed, each name is one of them
    for span in (range(start, end) for start, end in pairwise(begins)):
        told = _part(words, span, out)
        if told is None:
            return None
        told = _in_context(words, span, told, last)
        if described.heading[span.start]:  # «انا واهلي: …»: the list after it tells them
            named = named or _Member(_Told.GROUP) in told
            told = [member for member in told if member.told is not _Told.GROUP or member.size]
        elif named and not told and all(_role(words[at]) is None for at in span):
            told = [_Member(_Told.NAMED, _names(words[span.start : span.stop]))]
        members += told
        last = told or last
    return members + _left_since(words, starts) + _married(words)


_SPOUSES = folded("زوجه", "زوجتين", "زوج", "wife", "husband") | _WIVES


def _married(words: list[str]) -> list[_Member]:
    """The writer, when one tells they have a spouse («عندي زوجة وستة عيال»): of the home
    too, where «عندي ٥ عيال» leaves unsaid who else lives there."""
    spouse = any(person(word, _SPOUSES) for word in words)
    return [_Member(_Told.ME)] if words[:1] and words[0] in _HAVING and spouse else []


def _names(words: list[str]) -> int:
    """How many names a list of them gives, each after the first joined by «و» («محمد
    وسارة ونورة» → 3)."""
    return 1 + sum(word.startswith("و") for word in words[1:])


def _left_out(words: list[str], starts: list[bool], at: int) -> bool:
    """Whether the word at `at` names no one of the home: a member who does not live
    there («زوجي متوفى», «بعد وفاة الوالدين»), children one does not have («ما عندنا
    عيال»), the reader («يا أختي»), where one is from («عياله من زوجته الأولى»); or a
    number that counts no one (an age «١ و٣ سنين», a part «اثنين منهم», «بيت واحد», twins
    counted before «اثنين توأم»)."""
    role, before = _role(words[at]), words[max(0, at - 2) : at]
    if role is _Role.COUNT:
        after = words[at + 1 : at + 3]
        adjective = _count(words[at]) == 1 and at and not starts[at] and _role(before[-1]) is None
        twins = person(words[at], _TWINS) and bool(before) and _count(before[-1])  # «اثنين توأم»
        part = _ONE_OF in (after[:1] + before[-1:])  # «اثنين منهم», «منهم اثنين»
        return bool(_AGES.intersection(after)) or part or bool(adjective or twins)
    if role not in _PERSON_ROLES:
        return False
    negated = _NONE_OF.intersection(before) and "بين" not in before
    apart = role is not _Role.GROUP and _APART.intersection(before[-1:])
    return _gone(words, starts, at) or bool(negated) or bool(apart)


def _gone(words: list[str], starts: list[bool], at: int) -> bool:
    """Whether the person at `at` does not live in the home: «زوجي متوفى», «أخوي الكبير
    تزوج», «بعد وفاة الوالدين», «أبوي وأمي متوفين» (both), «مسافر وما يسكن معنا»."""
    said = _said_of(words, at)
    travels = said.startswith(_AWAY) and any(gone in said for gone in _GONE)
    together = at + 1 < len(words) and starts[at + 1]
    together = together and _said_of(words, at + 1).startswith(_GONE_ALL)
    before = words[at - 1] if at else ""
    return said.startswith(_GONE) or travels or together or before.startswith(_GONE_BEFORE)


def _away(words: list[str], at: int) -> bool:
    """Whether the member at `at` is said to travel, not whether they live elsewhere
    («زوجي مسافر يشتغل برا»; but «مسافر وما يسكن معنا»)."""
    said = _said_of(words, at)
    person = _role(words[at]) in _PERSON_ROLES
    return person and said.startswith(_AWAY) and not any(gone in said for gone in _GONE)


_THEM = folded("كلهم", "منهم")
"""Between a member and what is said of them («أولادنا كلهم متزوجين», «٢ منهم تزوجوا»)."""


def _said_of(words: list[str], at: int) -> str:
    """What follows the person at `at`, past «كلهم» and words that describe them
    («أولادنا كلهم متزوجين», «أخوي الكبير تزوج»)."""
    after = words[at + 1 : at + 7]
    while after and (after[0] in _THEM or _describing(after[0])):
        after = after[1:]
    return " ".join(after[:5])


def _describing(word: str) -> bool:
    """Whether a word after a person describes them («الكبير», «المريضة»)."""
    return word.startswith("ال") and word != "الله" and _role(word) is None


def _part(words: list[str], span: range, out: set[int]) -> list[_Member] | None:
    """The members one part of a description tells: «زوجتي», «٤ عيال», «عيال أخوي الأيتام
    الأربعة» (4), «أم العيال» (1), «بنتي الثنتين» (2), «احنا خمسة»; None when it has two
    counts, or a count beside no one it can count («زوجي ٥»)."""
    heads: list[tuple[int, _Role]] = []
    counts: list[int] = []
    for at in span:
        role = _role(words[at])
        before = words[at - 1] if at > span.start else ""
        if role is None or at in out:
            continue
        if role is _Role.COUNT:
            counts.append(at)
        elif role in _PERSON_ROLES and (before in WHOSE or before in SELF):
            continue  # «ام زوجي», «انا الاب»: a person named by another, the writer
        elif role is _Role.ONE and words[at].startswith("ال") and at > span.start:
            continue  # «امي العجوز»: a word that describes the one before
        elif role is not _Role.GROUP or all(r is not _Role.GROUP for _a, r in heads):
            heads.append((at, role))  # not «اخواتي البنات», «عيال اخوي الايتام»
    if len(counts) > 1:
        return None
    if not counts:
        return [member for _at, role in heads for member in _as_told(role)]
    return _counted(words, heads, counts[0])


def _as_told(role: _Role, size: int = 0) -> list[_Member]:
    """The members a word names, `size` of them when a number counts it."""
    if role in {_Role.ME, _Role.OTHERS}:
        return ([_Member(_Told.OTHERS, size)] if size else []) + [_Member(_Told.ME)]
    if role in {_Role.ONE, _Role.TWO}:
        return [_Member(_Told.NAMED, size or (2 if role is _Role.TWO else 1))]
    return [_Member(_Told.GROUP, size)] if role is _Role.GROUP else []


def _counted(words: list[str], heads: list[tuple[int, _Role]], at: int) -> list[_Member] | None:
    """A part's members when a number is in it: the household's («احنا خمسة», «اثنين
    انا»), a group's («٤ عيال»), the others' («خمسة غيري»), one named by it («بنتي
    الثنتين», «١١ ولد»), or people with no word for them («وواحد رضيع»)."""
    size = _count(words[at]) or 0
    roles = [role for _at, role in heads]
    if not heads and person(words[at], _TWINS):
        return [_Member(_Told.NAMED, 2)]  # «توأم وثلاث بنات»
    if _Role.OTHERS not in roles and (_Role.WE in roles or set(roles) == {_Role.ME}):
        return [_Member(_Told.TOTAL, size)]
    counted = next(
        (roles.index(role) for role in (_Role.GROUP, _Role.OTHERS) if role in roles), None
    )
    if counted is None:
        beside = [
            n
            for n, (h, role) in enumerate(heads)
            if role in _PERSON_ROLES and _next_to(words, h, at)
        ]
        counted = beside[0] if len(beside) == 1 else None
        if counted is None or (roles[counted] is _Role.TWO and size != 2):
            return None if heads else [_Member(_Told.BARE, size)]
    return [m for n, role in enumerate(roles) for m in _as_told(role, size if n == counted else 0)]


def _next_to(words: list[str], one: int, other: int) -> bool:
    """Whether only words like «من», «ما بين» stand between two words."""
    low, high = sorted((one, other))
    return all(word in _FILLERS for word in words[low + 1 : high])


def _in_context(
    words: list[str], span: range, told: list[_Member], last: list[_Member]
) -> list[_Member]:
    """A part's members as the parts before it tell them: none when it describes the ones
    just counted («عشر إخوان وخوات», «١١ ولد وبنت») or names the wife again («والمدام
    حامل»); another when it is a second («والثانية وعيالها»); those who left taken off
    («بس اثنين متزوجين», «بس الكبير تزوج»)."""
    said, earlier = words[span.start : span.stop], words[: span.start]
    again = person(said[0], _WIVES) and any(person(word, _WIVES) for word in earlier)
    if _describes(told, last) or (again and not _NEXT.intersection(said)):
        return []
    if not told and said[0] in _NEXT and _FIRST.intersection(earlier):
        return [_Member(_Told.NAMED, 1)]
    left = _left(words, span)
    return (
        [m for m in told if m.told is not _Told.BARE] + [_Member(_Told.GONE, left)]
        if left
        else told
    )


def _describes(told: list[_Member], last: list[_Member]) -> bool:
    """Whether a part only says who the ones the part before counted are: people after a
    group counted («عشر إخوان وخوات»), one after one counted by a number («١١ ولد وبنت»)."""
    if told == [_Member(_Told.GROUP)]:
        return any(m.told in {_Told.GROUP, _Told.TOTAL} and m.size for m in last)
    return told == [_Member(_Told.NAMED, 1)] and any(
        m.told is _Told.NAMED and m.size > 2 for m in last
    )


def _left(words: list[str], span: range) -> int:
    """How many a part says have left: «بس اثنين متزوجين وطالعين» (2), «بس الكبير تزوج» (1)."""
    for at in span:
        unnamed = words[at] in _ELDEST and _role(words[at - 1]) not in _PERSON_ROLES
        if (unnamed or _count(words[at])) and _said_of(words[: span.stop], at).startswith(_GONE):
            return _count(words[at]) or 1
    return 0


def _left_since(words: list[str], starts: list[bool]) -> list[_Member]:
    """Those who have left since a total told as it was («كنا خمسة بس أخوي تزوج»)."""
    if _WAS not in words:
        return []
    gone = [_role(word) for at, word in enumerate(words) if _gone(words, starts, at)]
    return [
        _Member(_Told.GONE, 2 if role is _Role.TWO else 1) for role in gone if role in _PERSON_ROLES
    ]


def _summed(members: list[_Member]) -> int | None:
    """The size of a household from its members: the writer once; a total said first,
    kept when the members after it restate it («٣ بس، انا وولدي وبنتي»); None when a
    group is left uncounted («انا وزوجتي والعيال»), or nothing says the writer or anyone
    named is of it («ام محمد»)."""
    me = int(any(member.told is _Told.ME for member in members))
    others = sum(
        -member.size if member.told is _Told.GONE else member.size
        for member in members
        if member.told is not _Told.TOTAL
    )
    totals = [member.size for member in members if member.told is _Told.TOTAL]
    uncounted = _uncounted(members)
    if members and members[0].told is _Told.BARE:  # a number, then who they are
        said = members[0].size
        return said if me + others - said == said and not uncounted else None
    if len(totals) > 1 or (uncounted and not totals):
        return None
    if totals:
        if uncounted:
            return totals[0] if 1 + others < totals[0] else None
        return totals[0] if 1 + others == totals[0] else totals[0] + others
    named = any(member.told is _Told.NAMED for member in members)
    counted = me + others
    return counted if counted > 0 and (me or (named and counted > 1)) else None


def _uncounted(members: list[_Member]) -> bool:
    """Whether a group is left uncounted: no number beside it, nor after it («وعيالي،
    وحدة بالجامعة واثنين بالمتوسط», «وإخواني، ثلاثة غيري»)."""
    after = [member.told for member in members[1:]] + [_Told.ME]
    return any(
        member == _Member(_Told.GROUP) and after[at] not in {_Told.BARE, _Told.OTHERS}
        for at, member in enumerate(members)
    )
