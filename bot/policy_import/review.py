"""What the procedure says happens to a request: who studies it and within what period,
who explains what is unclear, field visits, periodic review, the applicant's declaration."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conversations.numbers import read
from conversations.text import normalise


@dataclass(frozen=True)
class Period:
    """A period the document states: «خلال مدة لا تقل عن أسبوعين» is 14 days, a minimum."""

    days: int
    minimum: bool
    working_days: bool


_UNIT_DAYS = {"يوم": 1, "ايام": 1, "اسبوع": 7, "اسابيع": 7, "شهر": 30, "اشهر": 30, "شهور": 30}
_UNIT_DAYS |= {"يوما": 1, "اسبوعا": 7, "شهرا": 30, "سنه": 365, "سنوات": 365, "عام": 365}
_DUAL_DAYS = {"يومين": 2, "يومان": 2, "اسبوعين": 14, "اسبوعان": 14, "شهرين": 60, "شهران": 60}
_UNITS = "|".join(sorted(_UNIT_DAYS | _DUAL_DAYS, key=len, reverse=True))
_DURATION = re.compile(
    rf"(?P<count>(?:\S+ ){{0,3}})(?<!\S)(?P<unit>{_UNITS})(?P<working> عمل)?(?!\S)"
)
_MINIMUM = re.compile(r"لا (تقل|يقل) عن|على الاقل|كحد ادني")
_AS_SOON_AS_POSSIBLE = re.compile(r"باسرع وقت|في اقرب وقت|اسرع وقت ممكن")
_SENT_ON = re.compile(r"سير?فع|سير?حال|ستر?فع|سيتم الرد|الرد عليه")
_FIELD_VISITS = re.compile(r"زيار(ه|ات) (ال)?ميداني")
_PERIODIC = re.compile(r"بصوره دوري|دوريا|بشكل دوري")
_CHECKED_DATA = re.compile(r"صحه (البيانات|المعلومات)")
_CLAUSE = re.compile(r"(?:^|\s)ب?[أا]ن\s+(?P<clause>\S.*)$")
_FOR_YOU = {"طلبه": "طلبك", "عليه": "عليك", "إليه": "إليك"}
_RESPONSIBLE = re.compile(r"و[أا]نه\s+(?P<clause>مس[ؤئ]ول.*?صحة\s+المعلومات)")
_FORFEITS = re.compile(r"ب[أا]نه\s+لن\s+يستحق\s+(?P<clause>.+?)[.\s]*$")
_CHECKER = re.compile(r"يقوم\s+(?P<who>\S+(?:\s+\S+)?)\s+بال")


def period(sentence: str) -> Period | None:
    """The period a sentence states, in days; None when it states none."""
    folded = normalise(sentence)
    match = _DURATION.search(folded)
    if not match:
        return None
    unit = match["unit"]
    if unit in _DUAL_DAYS:
        days = _DUAL_DAYS[unit]
    else:
        count = read(match["count"]) if match["count"].strip() else None
        days = int(count or 1) * _UNIT_DAYS[unit]
    return Period(days, bool(_MINIMUM.search(folded)), bool(match["working"]))


def as_soon_as_possible(sentence: str) -> bool:
    """Whether the sentence promises an answer «بأسرع وقت ممكن»."""
    return bool(_AS_SOON_AS_POSSIBLE.search(normalise(sentence)))


def review_step(steps: list[str]) -> str | None:
    """The step that tells the applicant where the request goes and when it is answered."""
    return next((step for step in steps if _SENT_ON.search(normalise(step))), None)


def _unprefixed(word: str) -> str:
    """A name without the «ل» before it: «للجنة» → «لجنة», «للإدارة» → «الإدارة»,
    «لمسئول» → «مسئول»."""
    if normalise(word).startswith("للجن"):
        return word[1:]
    if word.startswith("لل"):
        return "ال" + word[2:]
    return word[1:] if word.startswith("ل") else word


def _named_after(sentence: str, verbs: set[str], stops: tuple[str, ...]) -> str | None:
    """The words after one of `verbs` up to one of `stops` («سيرفع للجنة البحث لدراسة» →
    «لجنة البحث»), at most five."""
    words = sentence.split()
    at = next((i for i, word in enumerate(words) if normalise(word) in verbs), None)
    if at is None:
        return None
    named: list[str] = []
    for word in words[at + 1 : at + 6]:
        folded = normalise(word)
        if folded == "الي" and not named:  # «سيرفع إلى لجنة البحث»
            continue
        if folded.startswith(stops):
            break
        named.append(word.rstrip(".،,"))
        if word[-1:] in ".،,":
            break
    return " ".join([_unprefixed(named[0]), *named[1:]]) if named else None


def body(step: str) -> str | None:
    """Who studies the request: «لجنة البحث», «الإدارة المختصة»."""
    verbs = {"سيرفع", "يرفع", "سترفع", "سيحال", "يحال"}
    return _named_after(step, verbs, ("لدراس", "للدراس", "وسيتم", "والرد", "ليتم", "لاتخاذ"))


def referral(steps: list[str]) -> tuple[str | None, bool]:
    """The officer unclear procedures are referred to, and whether the document names one
    as such (if not, the department that checks the data: «يقوم قسم البحث بالتأكد»)."""
    verbs = {"احالته", "احالتها", "يحال", "يحيله", "تحويله"}
    stops = ("للاجاب", "لايضاح", "ليجيب", "للرد", "لتوضيح")
    for step in steps:
        officer = _named_after(step, verbs, stops)
        if officer:
            return officer, True
    checker = next((m["who"] for step in steps if (m := _CHECKER.search(step))), None)
    return checker, False


def wording(step: str) -> str:
    """The review step told to the applicant: «طلبك سيرفع للجنة البحث …»."""
    match = _CLAUSE.search(step)
    clause = match["clause"] if match else step
    words = [_FOR_YOU.get(word, word) for word in clause.split()]
    return " ".join(words).rstrip(" .") + "."


def field_visits(steps: list[str]) -> bool:
    """Whether eligibility is checked by field visits."""
    return any(_FIELD_VISITS.search(normalise(step)) for step in steps)


def periodic_review(steps: list[str]) -> str | None:
    """The step that reviews permanent beneficiaries' files periodically, if any."""
    return next((step for step in steps if _PERIODIC.search(normalise(step))), None)


def declaration(steps: list[str]) -> str | None:
    """The applicant's declaration, in the first person, from the step that checks the
    data: «أقر بصحة البيانات المقدمة وأنني مسؤول مسئولية مباشرة عن صحة المعلومات.»"""
    step = next((step for step in steps if _CHECKED_DATA.search(normalise(step))), None)
    if step is None:
        return None
    declared = "أقر بصحة البيانات المقدمة"
    if responsible := _RESPONSIBLE.search(step):
        declared += f" وأنني {responsible['clause']}"
    if forfeits := _FORFEITS.search(step):
        declared += f"، وأعلم أنني لن أستحق {forfeits['clause']}"
    return declared + "."
