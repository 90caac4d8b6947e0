"""Reading one answer to one form field, and showing a stored answer back to the person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from conversations import dates, intents, numbers, validators, worded
from conversations.i18n import N_
from conversations.messages import AttachmentKind, Option
from conversations.policy import FieldType, FormField
from conversations.text import clean, normalise, pick_option, squeeze, yes_or_no
from conversations.turn import Turn
from conversations.validators import Invalid

YES, NO = "c:yes", "c:no"
FILES = {AttachmentKind.PHOTO, AttachmentKind.DOCUMENT}


def declined(turn: Turn, field: FormField) -> bool:
    """Whether the person answers an optional question with 'no' or 'I have none'.

    A yes/no question takes "لا" as its answer, and a number question "ما عندي" as 0.
    """
    if field.type in {FieldType.YES_NO, FieldType.INTEGER, FieldType.AMOUNT}:
        return False
    text = turn.incoming.text
    finished = field.type is FieldType.ATTACHMENT and normalise(text) in _FINISHED
    unknown = normalise(text) in _UNKNOWN
    return finished or unknown or yes_or_no(text) is False or numbers.says_none(text)


_FINISHED = {
    normalise(word)
    for word in (
        "تم",
        "تمام",
        "خلاص",
        "خلصت",
        "انتهيت",
        "بس",
        "كذا",
        "كفاية",
        "هذا كل شيء",
        "هذا كل شي",
        "هذي كلها",
        "done",
        "finished",
        "ok",
        "okay",
        "that's all",
        "thats all",
    )
}
"""What people write once they have sent every file they meant to."""
_UNKNOWN = {
    normalise(word)
    for word in (
        "ما ادري",
        "ماادري",
        "مادري",
        "مدري",
        "لا ادري",
        "لا أدري",
        "ما اعرف",
        "مااعرف",
        "لا اعرف",
        "لا أعرف",
        "مو متأكد",
        "مو متأكدة",
        "i don't know",
        "dont know",
        "not sure",
    )
}
"""'I do not know' to an optional question: skipped, not stored as the answer."""


def choice_options(turn: Turn, field: FormField) -> tuple[Option, ...]:
    """The options a field offers by its nature (choices, yes/no, ratings)."""
    _ = turn.gettext
    if field.type is FieldType.CHOICE:
        return tuple(Option(f"c:{n}", turn.policy_text(c)) for n, c in enumerate(field.choices))
    if field.type is FieldType.YES_NO:
        return (Option(YES, _("Yes"), True), Option(NO, _("No"), False))
    if field.type is FieldType.RATING:
        return tuple(Option(f"c:{n}", _(_RATINGS[n])) for n in range(1, 6))
    return ()


_RATINGS = {
    5: N_("⭐⭐⭐⭐⭐ Excellent"),
    4: N_("⭐⭐⭐⭐ Very good"),
    3: N_("⭐⭐⭐ Good"),
    2: N_("⭐⭐ Fair"),
    1: N_("⭐ Poor"),
}


def read(turn: Turn, field: FormField, picked: str | None) -> Any:
    """The value to store for the person's answer, or raise Invalid."""
    incoming = turn.incoming
    kind = field.type
    if kind is FieldType.ATTACHMENT:
        return _files(turn)
    if kind is FieldType.LOCATION and incoming.location:
        return asdict(incoming.location)
    if any(attachment.kind is AttachmentKind.VOICE for attachment in incoming.attachments):
        raise Invalid(N_("I cannot listen to voice notes here; please write your answer."))
    if incoming.attachments or incoming.location:
        raise Invalid(N_("I need a written answer here."))
    if kind in {FieldType.CHOICE, FieldType.YES_NO, FieldType.RATING}:
        return _chosen(turn, field, picked)
    if kind is FieldType.MOBILE and _this_number(incoming.text):
        if incoming.phone is None:
            raise Invalid(
                N_("This app does not show me your number. Please write it, like 05XXXXXXXX.")
            )
        return validators.mobile(incoming.phone)
    return _typed(field, incoming.text, turn.now.date())


_THIS_NUMBER = tuple(
    normalise(words)
    for words in ("نفس الرقم", "هذا الرقم", "هذا نفسه", "رقم الواتس", "same number", "this number")
)


def _this_number(text: str) -> bool:
    """Whether the person gives the number they write from («نفس الرقم اللي اكلمكم منه»)."""
    folded = normalise(text)
    return any(words in folded for words in _THIS_NUMBER)


def _chosen(turn: Turn, field: FormField, picked: str | None) -> Any:
    if field.type is FieldType.RATING and turn.incoming.option is None:
        score = validators.score(turn.incoming.text)
        if score:
            return score
    if field.type is FieldType.YES_NO and turn.incoming.option is None:
        own = tuple(map(normalise, field.yes)), tuple(map(normalise, field.no))
        said = worded.yes_no(turn.incoming.text, *own)
        if said is not None:
            return said
    strict = turn.picked(loose=False) if field.type is FieldType.CHOICE else picked
    code = strict or _numbered(turn, field) or _described(turn, field) or picked
    code = code or _code_for(turn, field)
    if code is None:
        raise Invalid(N_("Please choose one of the options by its number."))
    if field.type is FieldType.YES_NO:
        return code == YES
    number = int(code.removeprefix("c:"))
    return field.choices[number].ar if field.type is FieldType.CHOICE else number


def _numbered(turn: Turn, field: FormField) -> str | None:
    """A choice by its number in a word («خمسة», "two"), as a digit would pick it."""
    typed = turn.incoming.text
    if field.type is not FieldType.CHOICE or len(normalise(typed).split()) > 1:
        return None
    number = numbers.read(typed)
    if number is None or number != int(number) or not 1 <= number <= len(field.choices):
        return None
    return f"c:{int(number) - 1}"


def _described(turn: Turn, field: FormField) -> str | None:
    """The choice an answer describes; a complaint of conduct that also describes another
    subject is asked again, so it is never filed where staff see it by a guess."""
    conduct, choice = _conduct(turn, field), described(turn.incoming.text, field)
    return conduct if choice in {None, conduct} else None if conduct else choice


def _code_for(turn: Turn, field: FormField) -> str | None:
    """An option named in words when another question's options were on screen."""
    chosen = pick_option(turn.incoming.text, choice_options(turn, field))
    return chosen.code if chosen else None


def described(text: str, field: FormField) -> str | None:
    """The choice whose words («شنط ودفاتر» for school supplies, "medicines") `text`
    uses; None when none does, or when two do on different words (two things at once)."""
    choices = tuple((c.ar, c.en or "", tuple(c.also)) for c in field.choices)
    whole = _wholes_of(choices).get(_flat(text))
    if whole is not None:
        return f"c:{whole}"
    said = [(word, squeeze(word)) for word in _stems_of(text)]
    spans: dict[int, set[int]] = {}
    index = _phrases_of(choices)
    for start, (word, once) in enumerate(said):
        for key in _keys(word, once):
            for number, phrase in index.get(key, ()):
                if len(phrase) <= len(said) - start and all(
                    _same(*said[start + n], *each) for n, each in enumerate(phrase)
                ):
                    spans.setdefault(number, set()).update(range(start, start + len(phrase)))
    if not spans:
        spans = _mistyped(said, index)
    widest = max(spans, key=lambda number: len(spans[number]), default=None)
    if widest is None or any(not found <= spans[widest] for found in spans.values()):
        return None
    return f"c:{widest}"


Phrase = tuple[tuple[str, str], ...]
Choices = tuple[tuple[str, str, tuple[str, ...]], ...]


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
    said: list[tuple[str, str]], index: dict[str, list[tuple[int, Phrase]]]
) -> dict[int, set[int]]:
    """The choices whose one-word phrases a word of the answer is one letter away from
    («ماجستر» for «ماجستير»), for answers that matched none as typed."""
    spans: dict[int, set[int]] = {}
    for at, (word, _once) in enumerate(said):
        if len(word) < 4:  # «دبلم»: four letters of «دبلوم»
            continue
        for entries in index.values():
            for number, phrase in entries:
                if len(phrase) == 1 and _one_letter_apart(word, phrase[0][0]):
                    spans.setdefault(number, set()).add(at)
    return spans


def _one_letter_apart(typed: str, word: str) -> bool:
    """Whether one letter added, dropped or changed after the first two turns `typed` into
    `word` («دبلم», «ماجستر»; not «عليه» and «عملية»)."""
    if abs(len(typed) - len(word)) > 1 or len(word) < 5 or typed[:2] != word[:2]:
        return False
    shorter, longer = sorted((typed, word), key=len)
    for at, (a, b) in enumerate(zip(shorter, longer, strict=False)):
        if a != b:
            rest = shorter[at + 1 :] if len(shorter) == len(longer) else shorter[at:]
            return rest == longer[at + 1 :]
    return True


@lru_cache(maxsize=256)
def _phrases_of(choices: Choices) -> dict[str, list[tuple[int, Phrase]]]:
    """Each choice's phrases as matching reads them, each word with its squeezed form, by
    the keys of their first word: its `also` words, and the words of its labels no other
    label has (remembered: the same questions come back every turn)."""
    labels = [_stems_of(f"{ar} {en}") for ar, en, _also in choices]
    shared = {word for label in labels for word in label if sum(word in o for o in labels) > 1}
    index: dict[str, list[tuple[int, Phrase]]] = {}
    for number, (_ar, _en, also) in enumerate(choices):
        own = [word for word in labels[number] if word not in _SMALL | shared]
        for words in (*also, *own):
            phrase = tuple((word, squeeze(word)) for word in _stems_of(words))
            for key in _keys(*phrase[0]) if phrase else ():
                index.setdefault(key, []).append((number, phrase))
    return index


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
        *("degree", "support", "programme", "programmes", "service", "services"),
    )
)
"""Words of a choice's labels that name none of them («أو», "the", «أخرى»), or that any
wish has («طلب», «مساعدة»)."""
_PREFIXES = ("وال", "بال", "لل", "فال", "ال", "و", "ب")
_JOINED_NEGATIONS = frozenset(("وما", "ولا"))
"""«وما أحد يرد»: the negation a choice's phrase begins with, after «و»."""


def _stems_of(text: str) -> tuple[str, ...]:
    """The words of a text as choices are matched: folded, without «و»/«ب»/«ال» before
    them or an English plural's "s" («بالبرامج» → «برامج», "workshops" → "workshop")."""
    stems = []
    for word in normalise(text).split():
        word = word[1:] if word in _JOINED_NEGATIONS else word
        bare = next(
            (word[len(p) :] for p in _PREFIXES if word.startswith(p) and len(word) - len(p) >= 3),
            word,
        )
        if len(bare) > 1:  # "master's": the "s" names nothing
            stems.append(bare.removesuffix("s") if bare.isascii() and len(bare) > 4 else bare)
    return tuple(stems)


def _same(said: str, said_once: str, word: str, word_once: str) -> bool:
    """Whether a word of the answer is the choice's word, typed with a letter doubled
    («دبلووم»), or a plural, feminine or possessive of it ("need" and "needed", «موظف» and
    «موظفين»; not «مدرس» and «مدرسيه»); `_once` is each with doubled letters typed once."""
    if said == word or said_once == word_once:
        return True
    shorter, longer = (said, word) if len(said) < len(word) else (word, said)
    return len(shorter) >= 4 and longer.startswith(shorter) and longer[len(shorter) :] in _ENDINGS


_ENDINGS = frozenset(("ه", "ات", "ين", "ون", "ها", "كم", "نا", "هم", "s", "es", "ed", "d", "ing"))
"""What may follow a choice's word in an answer: plurals, the feminine, possessives
(«اجددها», «برامجكم»)."""


def _conduct(turn: Turn, field: FormField) -> str | None:
    """A complaint of a staff member told in words («الموظف كان قليل أدب») picks the
    confidential choice where the question has one."""
    if field.type is not FieldType.CHOICE or not intents.about_staff(turn.incoming.text):
        return None
    return next((f"c:{n}" for n, c in enumerate(field.choices) if c.confidential), None)


def _typed(field: FormField, answer: str, today: date) -> Any:
    kind = field.type
    if kind is FieldType.NUMBER:
        return validators.number(answer)
    if kind is FieldType.NATIONAL_ID:
        return validators.national_id(answer)
    if kind is FieldType.MOBILE:
        return validators.mobile(answer)
    if kind is FieldType.INTEGER:
        counted = numbers.household(answer)
        typed = str(counted) if counted is not None else answer
        return validators.integer(typed, field.min, field.max)
    if kind is FieldType.AMOUNT:
        return monthly(field, answer)
    if kind is FieldType.DATE:
        return validators.day(answer, today).isoformat()
    if kind is FieldType.LOCATION:
        return {"address": validators.text(answer, validators.SHORT_TEXT_MAX)}
    if kind is FieldType.NAME:
        return validators.name(answer)
    if kind is FieldType.PLACE:
        return validators.place(answer)
    if kind is FieldType.LONG_TEXT:
        return validators.text(answer, validators.LONG_TEXT_MAX, plain=False)
    return validators.text(answer, validators.SHORT_TEXT_MAX)


def monthly(field: FormField, answer: str) -> str:
    """An amount a month: incomes named one by one added up, a year's divided by twelve;
    a bound or a range («اقل من ٣٠٠٠») asked again."""
    if numbers.rough(answer):
        raise Invalid(N_("Please write one amount in riyals, for example 3500."))
    added = numbers.restated(answer) or numbers.incomes(answer)
    value = validators.amount(str(added) if added is not None else answer)
    if numbers.yearly(answer):
        value = f"{Decimal(value) / 12:.2f}".removesuffix(".00")
    return validators.amount(value, field.min, field.max)


def read_back(turn: Turn, field: FormField, value: Any) -> str | None:
    """What the bot makes of an answer it had to count or add up, said back so a misreading
    is caught: a household described («انا وزوجتي و٤ عيال»), incomes named one by one
    («راتب ٢٥٠٠ والنفقة ٩٠٠»)."""
    typed = turn.incoming.text
    counted = numbers.household(typed) if field.type is FieldType.INTEGER else None
    if counted is not None and numbers.read(typed) != counted:  # not «٨ بما فيهم انا»
        return turn.gettext(
            "I counted {count}. If that is not right, write «رجوع» and the number."
        ).format(count=value)
    if field.type is FieldType.AMOUNT and numbers.yearly(typed):
        return turn.gettext(
            "That is {amount} riyals a month. If that is not right, write «رجوع» and the amount."
        ).format(amount=value)
    added = field.type is FieldType.AMOUNT and numbers.restated(typed) is None
    if added and numbers.incomes(typed) is not None:
        return turn.gettext(
            "I added them up: {amount} riyals. If that is not right, write «رجوع» and the amount."
        ).format(amount=value)
    return None


def cut_short(turn: Turn, field: FormField) -> int | None:
    """The length a written answer was cut to, when it was longer than the field takes."""
    longest = {
        FieldType.TEXT: validators.SHORT_TEXT_MAX,
        FieldType.NAME: validators.SHORT_TEXT_MAX,
        FieldType.PLACE: validators.SHORT_TEXT_MAX,
        FieldType.LONG_TEXT: validators.LONG_TEXT_MAX,
    }.get(field.type)
    typed = clean(turn.incoming.text)
    return longest if longest and len(typed) > longest and not turn.incoming.attachments else None


def _files(turn: Turn) -> list[dict[str, str]]:
    attachments = turn.incoming.attachments
    if not attachments:
        raise Invalid(N_("Please send the file as a photo or a document."))
    if any(attachment.kind is AttachmentKind.UNREADABLE for attachment in attachments):
        raise Invalid(
            N_(
                "That file did not reach us (it may be too large, or of a kind we cannot open). "
                "Please send it again as a photo or a PDF document."
            )
        )
    if any(attachment.kind not in FILES for attachment in attachments):
        raise Invalid(N_("I can only accept photos and documents here."))
    return [{"kind": str(a.kind), "name": clean(a.name)[:120], "ref": a.ref} for a in attachments]


def shown(
    field: FormField, value: Any, lang: str, gettext: Callable[[str], str], masked: bool = True
) -> str:
    """A stored answer as a reader sees it: the person in a summary, or staff on a card.

    With `masked`, IDs and phones show only their last digits (the summary, the staff
    group); without it everything shows (the one staff member who claimed the ticket).
    """
    _ = gettext
    kind = field.type
    if value is None:
        return "—"
    if kind is FieldType.NATIONAL_ID:
        return validators.masked(value) if masked else value
    if kind is FieldType.MOBILE:
        local = "0" + value.removeprefix("+966")
        return validators.masked(local) if masked else local
    if kind is FieldType.AMOUNT:
        return _("{amount} riyals").format(amount=f"{Decimal(value):,}")
    if kind is FieldType.DATE:
        return dates.both(date.fromisoformat(value), lang, _)
    if kind is FieldType.CHOICE:
        chosen = next((c for c in field.choices if c.ar == value), None)
        return chosen.in_(lang) if chosen else str(value)
    if kind is FieldType.YES_NO:
        return _("Yes") if value else _("No")
    if kind is FieldType.RATING:
        return _(_RATINGS[int(value)])
    if kind is FieldType.ATTACHMENT:
        names = ", ".join(item["name"] or item["kind"] for item in value)
        return _("{count} file(s): {names}").format(count=len(value), names=names)
    if kind is FieldType.LOCATION:
        if "address" in value:
            return str(value["address"])
        return f"📍 {value['lat']},{value['lon']}" if not masked else _("a location pin on the map")
    return str(value)
