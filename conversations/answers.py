"""Reading one answer to one form field, and showing a stored answer back to the person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from conversations import choosing, dates, households, intents, numbers, validators, worded
from conversations.i18n import N_
from conversations.messages import AttachmentKind, Option
from conversations.policy import FieldType, FormField
from conversations.text import (
    DONT_KNOW,
    clean,
    normalise,
    pick_option,
)
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
    return finished or unknown or turn.said_yes is False or numbers.says_none(text)


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
_UNKNOWN = {*DONT_KNOW, *map(normalise, ("ماادري", "مااعرف"))}
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
    """Whether the person gives the number they write from («نفس الرقم اللي اكلمكم منه»),
    not typed beside it («نفس رقم الواتس 0554230320»)."""
    folded = normalise(text)
    return any(words in folded for words in _THIS_NUMBER) and not numbers.DIGITS.search(folded)


def _chosen(turn: Turn, field: FormField, picked: str | None) -> Any:
    if field.type is FieldType.RATING and turn.incoming.option is None:
        score = validators.score(numbers.corrected(turn.incoming.text))
        if score:
            return score
    if field.type is FieldType.YES_NO and turn.incoming.option is None:
        own = tuple(map(normalise, field.yes)), tuple(map(normalise, field.no))
        said = worded.yes_no(turn.incoming.text, *own)
        if said is not None:
            return said
    strict = turn.picked(loose=False) if field.type is FieldType.CHOICE else picked
    code = strict or _numbered(turn, field) or _described(turn, field)
    code = None if code == choosing.SEVERAL else code or picked or _code_for(turn, field)
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
    names = turn.policy.association.name, turn.policy.association.short_name
    common = frozenset(choosing.stems_of(" ".join(f"{name.ar} {name.en or ''}" for name in names)))
    conduct, choice = _conduct(turn, field), choosing.found(turn.incoming.text, field, common)
    return conduct if choice in {None, conduct} else choosing.SEVERAL if conduct else choice


def _code_for(turn: Turn, field: FormField) -> str | None:
    """An option named in words when another question's options were on screen."""
    chosen = pick_option(turn.incoming.text, choice_options(turn, field))
    return chosen.code if chosen else None


def _conduct(turn: Turn, field: FormField) -> str | None:
    """A complaint of a staff member told in words («الموظف كان قليل أدب») picks the
    confidential choice where the question has one."""
    if field.type is not FieldType.CHOICE or not intents.about_staff(turn.incoming.text):
        return None
    return next((f"c:{n}" for n, c in enumerate(field.choices) if c.confidential), None)


_FIGURES = frozenset(
    (FieldType.NUMBER, FieldType.INTEGER, FieldType.AMOUNT, FieldType.MOBILE, FieldType.NATIONAL_ID)
)
"""Answers that are a figure, read after the writer's correction («٥.. لا ٦», «رقمي
0547701392.. لا غلطت 0547710392»)."""


def _typed(field: FormField, answer: str, today: date) -> Any:
    kind = field.type
    answer = numbers.corrected(answer) if kind in _FIGURES else answer
    if kind is FieldType.NUMBER:
        return validators.number(answer)
    if kind is FieldType.NATIONAL_ID:
        return validators.national_id(answer)
    if kind is FieldType.MOBILE:
        return validators.mobile(answer)
    if kind is FieldType.INTEGER:
        return _counted(field, answer)
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
    return validators.named(answer)


def _counted(field: FormField, answer: str) -> int:
    """A count: a household described («انا وزوجتي و٤ عيال») counted; a guess («حوالي
    عشرة», «أخوي ساكن معنا أحيانًا») asked again."""
    if numbers.unsure(answer):
        raise Invalid(N_("Please write a number, for example 5."))
    counted = households.household(answer)
    return validators.integer(str(counted) if counted is not None else answer, field.min, field.max)


def monthly(field: FormField, answer: str) -> str:
    """An amount a month: incomes named one by one added up, a year's divided by twelve;
    a bound or a range («اقل من ٣٠٠٠») asked again."""
    if numbers.rough(answer):
        raise Invalid(N_("Please write one amount in riyals, for example 3500."))
    added = numbers.restated(answer) or numbers.incomes(answer) or numbers.earned(answer)
    value = validators.amount(str(added) if added is not None else answer)
    if numbers.yearly(answer):
        value = f"{Decimal(value) / 12:.2f}".removesuffix(".00")
    return validators.amount(value, field.min, field.max)


def read_back(turn: Turn, field: FormField, value: Any) -> str | None:
    """What the bot makes of an answer it had to count, add up or take from a correction,
    said back so a misreading is caught: a household described («انا وزوجتي و٤ عيال»),
    incomes named one by one («راتب ٢٥٠٠ والنفقة ٩٠٠»), a figure corrected («٥.. لا ٦»)."""
    typed = turn.incoming.text
    earned = field.type is FieldType.AMOUNT and numbers.earned(typed) is not None
    if field.type in _FIGURES and (numbers.corrected(typed) != typed or earned):  # «٥.. لا ٦»
        return turn.gettext(
            "I wrote down {value}. If that is not right, write «رجوع» and the number."
        ).format(value=value)
    counted = households.household(typed) if field.type is FieldType.INTEGER else None
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
