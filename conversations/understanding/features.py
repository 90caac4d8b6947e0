"""What the classifier sees of a message: its words, word pairs, and the letter
sequences inside each word (so «ابياقدمطلب», «a7ad» and typos still share most)."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from conversations.text import normalise, unjoined

SHORTEST, LONGEST = 2, 5
"""The lengths of the letter sequences taken from each word."""


_ARABIZI_DIGIT = re.compile(r"[a-z]*[235789][a-z0-9']*|[a-z]+[235789]")
_LETTERS = (
    ("3'", "غ"), ("7'", "خ"), ("6'", "ظ"), ("9'", "ض"), ("sh", "ش"), ("ch", "ش"), ("th", "ث"),
    ("kh", "خ"), ("gh", "غ"), ("dh", "ذ"), ("ee", "ي"), ("oo", "و"), ("ou", "و"), ("2", "ء"),
    ("3", "ع"), ("5", "خ"), ("6", "ط"), ("7", "ح"), ("8", "ق"), ("9", "ص"), ("b", "ب"),
    ("t", "ت"), ("j", "ج"), ("d", "د"), ("r", "ر"), ("z", "ز"), ("s", "س"), ("f", "ف"),
    ("q", "ق"), ("g", "ق"), ("k", "ك"), ("l", "ل"), ("m", "م"), ("n", "ن"), ("h", "ه"),
    ("w", "و"), ("y", "ي"), ("i", "ي"), ("u", "و"), ("o", "و"), ("v", "ف"), ("p", "ب"),
    ("c", "ك"), ("x", "كس"),
)  # fmt: skip
"""Arabizi as Gulf writers type it: 3 ع, 7 ح, 5 خ, 6 ط, 8 ق, 9 ص, 2 ء; g ق."""


_ELSEWHERE = frozenset(
    normalise(name)
    for name in (
        *("حساب المواطن", "الضمان", "حافز", "ساند", "مساند", "سكني", "ريف", "أبشر", "نفاذ"),
        *("توكلنا", "صحتي", "التأمينات", "الجوازات", "المرور", "الأحوال", "ناجز", "المحكمة"),
        *("قياس", "نظام نور", "جدارات", "طاقات", "قوى", "التقاعد", "البلدية", "الإسكان", "الكفيل"),
        *("الكهرباء", "فاتورة", "المويه", "stc", "موبايلي", "البنك", "إحسان", "أرامكو"),
        *("الهلال الأحمر", "الدفاع المدني", "الجواز", "جواز", "السفارة", "تأشيرة", "الإقامة"),
        *("التأهيل الشامل", "الحرم", "الحج", "التأمين", "الشرطة", "النيابة", "الإمارة", "الوزارة"),
        *("وزارة", "هيئة", "مكتب العمل", "الراجحي", "الأهلي", "الإنماء", "بنك", "مصرف", "المياه"),
        *("فرجت", "مدرستي", "القبول الموحد", "سابك", "محامي", "جمعية ثانية"),
        *("citizen account", "dhaman", "hafiz", "saned", "sakani", "absher", "gosi", "pension"),
        *("red crescent", "civil defense", "passport", "jawazat", "embassy", "visa", "iqama"),
        *("court", "najiz", "bank", "stc", "mobily", "electricity", "municipality", "traffic"),
        *("ministry", "aramco", "insurance", "landlord", "sponsor", "employer", "hajj"),
    )
)
"""Programmes and bodies other than the association («حساب المواطن», «ساند», «ناجز»,
a bill): a message naming one is often about what only that body does."""


def _names_elsewhere(words: list[str]) -> bool:
    """Whether `words` name a programme or body other than the association."""
    for first, second in pairwise(["", *words]):
        if f"{first} {second}".strip() in _ELSEWHERE or second in _ELSEWHERE:
            return True
        if any(bare in _ELSEWHERE or "ال" + bare in _ELSEWHERE for bare in unjoined(second, 3)):
            return True
    return False


def arabizi(word: str) -> str:
    """An Arabizi word in Arabic letters («a7ad» → «احد», «3ndi» → «عندي»): short vowels
    inside the word dropped, as Arabic writes it."""
    spelled = word.removeprefix("el").removeprefix("al")
    article = "ال" if spelled != word else ""
    head, body = (spelled[:1], spelled[1:]) if spelled[:1] in {"a", "e"} else ("", spelled)
    body = body.replace("a", "").replace("e", "")
    for latin, letter in _LETTERS:
        body = body.replace(latin, letter)
    return normalise(article + ("ا" if head else "") + body)


def features(text: str) -> list[str]:
    """The features of `text`, repeated as often as they occur; Arabizi words also as
    Arabic letters, so they share what the Arabic messages taught; and one feature for
    naming a programme or body other than the association."""
    words = normalise(text).split()
    if any(_ARABIZI_DIGIT.fullmatch(word) for word in words):
        words += [arabizi(word) for word in words if word.isascii() and word.isalnum()]
    found = [f"w {word}" for word in words]
    found += [f"b {first} {second}" for first, second in pairwise(words)]
    for word in words:
        padded = f" {word} "
        for size in range(SHORTEST, LONGEST + 1):
            found += [padded[at : at + size] for at in range(max(1, len(padded) - size + 1))]
    found += [f"e {char}" for char in text if unicodedata.category(char) == "So"]
    if _names_elsewhere(words):
        found.append("g elsewhere")
    return found
