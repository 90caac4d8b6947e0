"""Words for people as a household is told: the writer («انا», «ارملة»), one relative
(«زوجتي», «جدتهم»), two («ولدين»), several («عيال»), with the endings that say whose."""

from __future__ import annotations

from conversations.text import folded, known, normalise

_ENDINGS_OF_WHOSE = ("ي", "ه", "ها", "هم", "هما", "نا", "كم", "ك")


def forms(*bases: str) -> frozenset[str]:
    """Words for people, each also with an ending that says whose («زوجتي», «جدتهم»,
    «أطفالهما», «أبنائي»), folded."""
    forms: set[str] = set()
    for base in map(normalise, bases):
        stem = base[:-1] + {"ه": "ت", "ء": "ي"}.get(base[-1], base[-1])
        forms |= {base, *(stem + ending for ending in _ENDINGS_OF_WHOSE)}
    return frozenset(forms)


SELF = folded("انا", "i", "me", "myself")
ME = SELF | folded(
    *("ارمله", "ارمل", "مطلقه", "مطلق", "عايش", "عايشه", "اعيش", "اسكن", "ساكن", "ساكنه"),
    *("نسكن", "نعيش", "معي", "معاي", "وياي", "معنا", "مني"),
)
"""Words for the person writing, counted once however often they come («انا ارملة»)."""
ONE_PERSON = forms(
    *("زوج", "زوجه", "ام", "اب", "ابو", "اخ", "اخو", "اخت", "ولد", "بنت", "ابن", "ابنه"),
    *("جد", "جده", "حفيد", "حفيده", "عم", "عمه", "خال", "خاله", "طفل", "طفله", "والد"),
    *("والده", "حرمه", "مرت", "جوز", "خويه", "اخيه", "مدام", "عجوز", "حماه", "ياهل", "بعل"),
    "امراه",
) | folded(
    *("ماما", "بابا", "يمه", "ابويا", "اخويا", "wife", "husband", "mother", "father", "son"),
    "daughter",
    *("brother", "sister", "baby", "mom", "dad", "grandmother", "grandfather"),
)
TWO_PEOPLE = forms(
    *("ولدين", "بنتين", "طفلين", "اخوين", "اختين", "زوجتين", "عيالين", "بزرين", "ابنتين"),
    *("والدين", "يتيمين", "توامين"),
) | folded("والداي", "ابنتاي", "طفلان", "ولدان", "بنتان", "ابنان", "ابنتان", "اختان")
PEOPLE = forms(
    *("عيال", "اعيال", "اولاد", "ولاد", "اطفال", "بنات", "ابناء", "بزارين", "بزران", "اخوان"),
    *("اخوات", "خوات", "اخوه", "ايتام", "احفاد", "طلاب", "زوجات", "اعمام", "عمام", "خوال"),
    *("اخوال", "اهل", "خالات", "عمات", "حفيدات", "جدات", "بزوره", "بزور"),
) | folded("children", "kids", "sons", "daughters", "brothers", "sisters", "grandchildren")
"""Words for several people, counted by the number beside them («و٤ عيال», «عيالي الخمسة»)."""
PERSONS = folded("نفر", "انفار", "افراد", "اشخاص", "فرد", "شخص", "people", "persons", "members")
"""Words for people that count everyone («عشرين نفر»), not some («٤ عيال»)."""
WHOSE = folded(
    *("ام", "ابو", "اب", "بنت", "ولد", "ابن", "ابنه", "اخت", "اخو", "زوجه", "ابناء", "عيال"),
    "زوج",
    "اولاد",
    *("بنات", "اطفال", "احفاد", "ولدين", "بنتين", "طفلين"),
)
"""Words that name a person by another («ام زوجي», «بنت اختي», «ام العيال»): one person."""


def person(word: str, among: frozenset[str]) -> bool:
    """Whether `word` is one of `among`, also after «و» and «ال» («والعيال»)."""
    bare = word.removeprefix("و") if word.startswith("وال") else word
    return bool(known(word, among) or known(bare.removeprefix("ال"), among))
