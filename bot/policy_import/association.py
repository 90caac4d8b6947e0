"""Who the association is, as its document says: name, registration, approval, contacts,
and whom the policy serves."""

from __future__ import annotations

import re

from bot.policy_import.paragraphs import Paragraph
from conversations.text import normalise, to_ascii_digits

_TITLE_NAME = re.compile(r"(?:^|\s)لجمعية\s+(?P<name>.+)$")
_PREAMBLE_NAME = re.compile(r"(?:تضع|تهدف)\s+(?P<name>جمعية\s+.+?)\s+(?:السياسات|إلى|الى)\s")
_LETTERHEAD_NAME = re.compile(r"^(?P<name>جمعية(?:\s+\S+){1,4})$")
# Patterns on `normalise`d text are written as it folds them (ة → ه, أ → ا).
_REGISTERED = re.compile(r"^(مسجله|مرخصه|ترخيص|رقم الترخيص|رقم التسجيل)")
_APPROVED = re.compile(r"^(تم اعتماد|معتمده? من|اعتمدت)")
_REGISTRATION_GOES_ON = re.compile(r"^(ل|ب|ترخيص|رقم|و)")
_APPROVAL_GOES_ON = re.compile(
    r"^(رقم|و|بتاريخ|الموافق|بناء|لعام|المنعقد|يوم|ال(احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت))"
)
_NUMBER = re.compile(r"[0-9]{2,}")
_DATE = re.compile(r"[0-9]{1,4} ?/ ?[0-9]{1,2} ?/ ?[0-9]{1,4}")
_PHONE = re.compile(r"(?<![0-9])0(?:5[0-9]{8}|1[0-9]{8})(?![0-9])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEBSITE = re.compile(r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:sa|com|org|net)\b")
_WOMEN = re.compile(r"المراه|النساء|نسائيه|الفتيات|السيدات")
_NAMES = ((_TITLE_NAME, 14, "جمعية "), (_PREAMBLE_NAME, 1000, ""), (_LETTERHEAD_NAME, 6, ""))
BOARD_APPROVED = "معتمدة من مجلس الإدارة"
"""What a document that states no registration says of itself (as the presets put it)."""


def names(paragraphs: list[Paragraph]) -> list[str]:
    """Every name the document gives the association, the most telling first: the title's
    («سياسة … لجمعية X»), the preamble's («تضع جمعية X السياسات»), the letterhead's."""
    found: list[str] = []
    for pattern, most_words, prefix in _NAMES:
        for at, paragraph in enumerate(paragraphs):
            match = pattern.search(paragraph.text)
            if not match or len(paragraph.text.split()) > most_words:
                continue
            name = prefix + match["name"].strip(" .:،-")
            following = paragraphs[at + 1].text if at + 1 < len(paragraphs) else ""
            if pattern is _LETTERHEAD_NAME and following.startswith("لل"):
                name = f"{name} {following}"  # «جمعية مشكاة» / «للخدمات التعليمية…»
            if normalise(name) not in {normalise(seen) for seen in found}:
                found.append(name)
    return found


def short_name(name: str) -> str:
    """The name without what describes the association («جمعية مشكاة للخدمات…» →
    «جمعية مشكاة», «جمعية عطاء الصحية» → «جمعية عطاء»)."""
    words = name.split()
    cut = next((at for at, word in enumerate(words) if at > 1 and word.startswith("لل")), None)
    words = words[:cut]
    if len(words) >= 3 and words[-1].startswith("ال") and words[-1].endswith("ية"):
        words = words[:-1]
    return " ".join(words)


def _statement(
    paragraphs: list[Paragraph], at: int, goes_on: re.Pattern[str], ends: re.Pattern[str]
) -> str:
    """A statement and the lines that continue it (a letterhead breaks it over lines),
    up to the line that `ends` it (gives its number, its date; «الموافق» gives the date
    in the other calendar)."""
    parts = [paragraphs[at].text]
    for paragraph in paragraphs[at + 1 : at + 4]:
        said, folded = to_ascii_digits(" ".join(parts)), normalise(paragraph.text)
        if not goes_on.match(folded) or (ends.search(said) and not folded.startswith("الموافق")):
            break
        parts.append(paragraph.text)
    return " ".join(parts)


def registration(paragraphs: list[Paragraph]) -> str | None:
    """«مسجلة بالمركز الوطني لتنمية القطاع غير الربحي برقم (2262)», lines joined."""
    for at, paragraph in enumerate(paragraphs):
        if _REGISTERED.match(normalise(paragraph.text)):
            return _statement(paragraphs, at, _REGISTRATION_GOES_ON, _NUMBER)
    return None


def approval(paragraphs: list[Paragraph]) -> str | None:
    """The board's approval of the policy, with its meeting and dates as written; a line
    wrapped before the date («… المنعقد في يوم» / «الأحد بتاريخ …») is joined."""
    for at, paragraph in enumerate(paragraphs):
        if _APPROVED.match(normalise(paragraph.text)):
            return _statement(paragraphs, at, _APPROVAL_GOES_ON, _DATE)
    return None


def contacts(paragraphs: list[Paragraph]) -> dict[str, list[str]]:
    """Phone numbers, e-mail addresses and the website the document publishes."""
    text = to_ascii_digits(" ".join(p.text for p in paragraphs))
    emails = list(dict.fromkeys(email.lower() for email in _EMAIL.findall(text)))
    rest = _EMAIL.sub(" ", text).lower()
    return {
        "phones": list(dict.fromkeys(_PHONE.findall(text))),
        "emails": emails,
        "websites": list(dict.fromkeys(_WEBSITE.findall(rest))),
    }


def serves_members(paragraphs: list[Paragraph]) -> bool | None:
    """True for a policy serving General Assembly members, False for beneficiaries, None
    when the document names neither."""
    text = " ".join(normalise(p.text) for p in paragraphs)
    members = len(re.findall(r"\b(ال|ل|لل)?(اعضاء|عضو)\b", text))
    beneficiaries = len(re.findall(r"\b(ال|ل|لل)?مستفيد(ين|ون)?\b", text))
    if "الجمعيه العموميه" in text and members > beneficiaries:
        return True
    return False if beneficiaries else None


def may_serve_women(name: str) -> bool:
    """Whether the name suggests an association of women (its audience is then addressed
    in the feminine, which only the association can confirm)."""
    return bool(_WOMEN.search(normalise(name)))
