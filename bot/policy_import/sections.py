"""Finding the policy's sections, with or without their headings, in any order.

A heading names its section («القنوات المستخدمة…», «الأدوات المتاحة…»). Where a section
has no heading, its paragraphs are known by the template's own wording (a step opens with
«استقبال», «التأكد», «التوضيح»…; a channel names «المقابلة», «الخطابات»…). Page
furniture goes first: tables of contents and lines repeated on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.policy_import.paragraphs import Paragraph
from conversations.text import normalise


class Part(StrEnum):
    """The sections of a policy organising the relationship with beneficiaries."""

    PREAMBLE = "preamble"
    GOAL = "general_goal"
    OBJECTIVES = "objectives"
    CHANNELS = "channels"
    TOOLS = "tools"
    PROCEDURE = "procedure"
    RIGHTS = "rights"
    APPROVAL = "approval"


def _phrases(*phrases: str, start: bool = False, spaced: bool = True) -> re.Pattern[str]:
    """A pattern of `phrases` as `normalise` folds them (at the start only, if `start`;
    without spaces, unless `spaced`)."""
    folded = (normalise(phrase) for phrase in phrases)
    alternatives = "|".join(re.escape(p if spaced else p.replace(" ", "")) for p in folded)
    return re.compile(f"^(?:{alternatives})" if start else alternatives)


# Matched against a heading's Arabic letters only, folded, without spaces: a stray space
# («القن وات») or an English word before it does not hide a heading.
_HEADINGS = {
    Part.PREAMBLE: _phrases("تمهيد", "مقدمة", start=True),
    Part.GOAL: _phrases("الهدف العام", start=True, spaced=False),
    Part.OBJECTIVES: _phrases("الأهداف", "أهداف", start=True),
    Part.CHANNELS: _phrases("القنوات", "قنوات", start=True),
    Part.TOOLS: _phrases("الأدوات", "أدوات", start=True),
    Part.PROCEDURE: _phrases(
        *("التعامل مع", "يتم التعامل مع", "ويتم التعامل مع", "آلية التعامل مع"),
        *("الإجراءات", "إجراءات"),
        start=True,
        spaced=False,
    ),
    Part.RIGHTS: _phrases("الحقوق", "حقوق", start=True),
    Part.APPROVAL: _phrases("اعتماد", start=True),
}


@dataclass(frozen=True)
class _Cue:
    pattern: re.Pattern[str]
    most_words: int = 1000
    running_text_only: bool = False


# What a paragraph of each section says in the template, folded (first match wins).
_CONTENT = {
    Part.APPROVAL: _Cue(_phrases("تم اعتماد", "معتمدة من", "معتمد من", "اعتمدت", start=True)),
    Part.PREAMBLE: _Cue(
        _phrases(*("تضع", "وتضع", "تهدف", "وتهدف", "تركز", "وتركز", "ترتكز", "وترتكز"), start=True),
        running_text_only=True,
    ),
    Part.GOAL: _Cue(_phrases("خدمة متميزة"), running_text_only=True),
    Part.PROCEDURE: _Cue(
        _phrases(
            *("يتم", "ويتم", "يقوم", "القيام", "استقبال", "التأكد", "في حال", "التوضيح"),
            *("استكمال", "تقديم الخدمة اللازمة"),
            start=True,
        )
    ),
    Part.CHANNELS: _Cue(
        _phrases(
            *("المقابلة", "الاتصالات", "الهاتف", "وسائل التواصل", "الخطابات", "التطوع"),
            *("طلب المساعدة", "الموقع الإلكتروني", "مناديب", "البريد الإلكتروني", "واتساب"),
            "whatsapp",
        ),
        most_words=10,
    ),
    Part.TOOLS: _Cue(
        _phrases(
            *("اللائحة", "لائحة", "دليل", "نموذج", "استمارة", "طلب دعم", "طلب خدمة"), start=True
        ),
        most_words=12,
    ),
    Part.OBJECTIVES: _Cue(
        _phrases(
            *("تقدير", "تقديم الخدمات", "تقديم المعلومات", "تقديم خدمة", "التركيز", "زيادة"),
            *("تصحيح", "تكوين", "نشر", "ابتكار"),
            start=True,
        )
    ),
}

_NOT_ARABIC = re.compile(r"[^\u0621-\u064a]")
_INLINE_HEADING = re.compile(r"^(?P<head>[^:]{2,60}?)\s*:-?\s*(?P<rest>\w.*)$")
_PAGE_NUMBERED = re.compile(r"^[0-9٠-٩]{1,3}\s+(?P<head>.+)$|^(?P<tail>.+?)[\s.]+[0-9٠-٩]{1,3}$")


def without_furniture(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs without table-of-contents lines or repeats of a running line
    (letterheads and page headers come back on every page: the first is kept)."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = "".join(normalise(paragraph.text).split())
        if _in_contents(paragraph) or (paragraph.level is None and key in seen):
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


def _in_contents(paragraph: Paragraph) -> bool:
    """A table-of-contents line: a heading and its page number («2 تمهيد»)."""
    numbered = _PAGE_NUMBERED.match(paragraph.text)
    title = numbered and (numbered["head"] or numbered["tail"])
    key = _NOT_ARABIC.sub("", normalise(title or ""))
    return bool(title) and any(cue.match(key) for cue in _HEADINGS.values())


def heading(paragraph: Paragraph) -> Part | None:
    """The section a paragraph heads, if it is shaped like a heading and names one."""
    words = len(paragraph.text.split())
    colon = paragraph.text.rstrip(" -").endswith(":")
    if paragraph.level is None:
        shaped = paragraph.heading or words <= 6 or (words <= 20 and colon)
    else:
        shaped = colon and words <= 20
    key = _NOT_ARABIC.sub("", normalise(paragraph.text))
    return next((part for part, cue in _HEADINGS.items() if shaped and cue.match(key)), None)


def _content(paragraph: Paragraph) -> Part | None:
    folded = normalise(paragraph.text)
    words = len(folded.split())
    for part, cue in _CONTENT.items():
        fits = words <= cue.most_words and not (
            cue.running_text_only and paragraph.level is not None
        )
        if fits and cue.pattern.search(folded):
            return part
    return None


def _split_heading(paragraph: Paragraph) -> list[Paragraph]:
    """«الهدف العام: تقديم خدمة…» is a heading and its first paragraph."""
    match = _INLINE_HEADING.match(paragraph.text) if paragraph.level is None else None
    if match and not heading(paragraph) and heading(Paragraph(match["head"] + ":")):
        return [Paragraph(match["head"] + ":", heading=True), Paragraph(match["rest"])]
    return [paragraph]


def sections(paragraphs: list[Paragraph]) -> dict[Part, list[Paragraph]]:
    """Each section's paragraphs, headings left out.

    A paragraph belongs to the section of the heading above it, unless its wording is
    that of a section the document gives no heading (then that section starts there).
    """
    split = [piece for p in without_furniture(paragraphs) for piece in _split_heading(p)]
    headed = {part for p in split if (part := heading(p))}
    found: dict[Part, list[Paragraph]] = {}
    current: Part | None = None
    for paragraph in split:
        named = heading(paragraph)
        if named:
            current = named
            continue
        guess = _content(paragraph)
        if paragraph.heading and paragraph.level is None and not guess:
            continue  # a title or a heading of no section («جدول المحتويات»)
        if guess and guess not in headed:
            current = guess
        if current:
            found.setdefault(current, []).append(paragraph)
    return found
