"""Checking answers: Saudi IDs and mobiles, numbers, amounts, dates. Any digit script is accepted.

Each check takes what the person typed and returns the value to store, or raises
`Invalid` with a catalogue id explaining, kindly and specifically, what is expected.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal

import phonenumbers
from hijridate import Hijri

from conversations import dates, numbers
from conversations.i18n import N_
from conversations.text import clean, normalise, to_ascii_digits

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
_SPACES = re.compile(r"[ \t]+")


class Invalid(ValueError):
    """An answer that does not fit; `message` is a catalogue id, `values` fill its fields."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.values = values


_DIGIT_RUN = re.compile(r"\+?\d[\d\s\-_.()]*\d")


def _digits_only(text: str) -> str:
    """The number a person typed, spaced or not, also inside a sentence ("رقمي هو ...")."""
    typed = to_ascii_digits(clean(text))
    runs = _DIGIT_RUN.findall(typed)
    found = runs[0] if len(runs) == 1 else typed
    return re.sub(r"[\s\-_.()]", "", found)


def national_id(text: str) -> str:
    """A Saudi national ID (starts with 1) or iqama (starts with 2): 10 digits, Luhn check digit."""
    digits = _digits_only(text)
    if not re.fullmatch(r"[12]\d{9}", digits):
        raise Invalid(N_("The ID number has 10 digits and starts with 1 or 2."))
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value // 10 + value % 10
    if total % 10:
        raise Invalid(N_("This ID number is not valid. Please check it and write it again."))
    return digits


def mobile(text: str) -> str:
    """A Saudi mobile number in any usual form, stored as E.164 (+9665XXXXXXXX)."""
    digits = _digits_only(text)
    try:
        number = phonenumbers.parse(digits, "SA")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or number.country_code != 966
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise Invalid(N_("Please write a Saudi mobile number like 05XXXXXXXX."))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _number(text: str, example: str) -> Decimal:
    value = numbers.read(text)
    if value is None:
        raise Invalid(example)
    return value


def _bounded(value: Decimal, low: float | None, high: float | None) -> None:
    if (low is not None and value < Decimal(str(low))) or (
        high is not None and value > Decimal(str(high))
    ):
        raise Invalid(
            N_("Please write a number from {low} to {high}."),
            low=_plain(low if low is not None else 0),
            high=_plain(high) if high is not None else "…",
        )


def _plain(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"


def integer(text: str, low: float | None = None, high: float | None = None) -> int:
    """A whole number within optional bounds (e.g. family size)."""
    value = _number(text, N_("Please write a number, for example 5."))
    if value != value.to_integral_value():
        raise Invalid(N_("Please write a whole number, for example 5."))
    _bounded(value, low, high)
    return int(value)


def amount(text: str, low: float | None = None, high: float | None = None) -> str:
    """An amount in riyals with at most two decimals, stored as text (e.g. '3500.50')."""
    value = _number(text, N_("Please write the amount in riyals, for example 3500."))
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise Invalid(N_("Please write the amount in riyals, for example 3500."))
    _bounded(value, low, high)
    return f"{value:.2f}".removesuffix(".00")


_DATE = re.compile(r"(?<!\d)(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})(?!\d)\s*(هـ|ه|م)?")
_MONTHS = {
    normalise(name): (number, hijri)
    for hijri, months in (
        (
            True,
            (
                ("محرم",),
                ("صفر",),
                ("ربيع الاول", "ربيع اول", "ربيع الأول"),
                ("ربيع الثاني", "ربيع الاخر", "ربيع الآخر", "ربيع ثاني"),
                ("جمادى الاولى", "جماد الاول", "جمادى الأولى", "جمادى الاول"),
                ("جمادى الاخرة", "جمادى الآخرة", "جمادى الثانية", "جماد الثاني", "جمادى الاخر"),
                ("رجب",),
                ("شعبان",),
                ("رمضان",),
                ("شوال",),
                ("ذو القعدة", "ذي القعدة", "القعدة"),
                ("ذو الحجة", "ذي الحجة", "الحجة"),
            ),
        ),
        (
            False,
            (
                ("يناير", "january", "jan"),
                ("فبراير", "february", "feb"),
                ("مارس", "march", "mar"),
                ("ابريل", "أبريل", "april", "apr"),
                ("مايو", "may"),
                ("يونيو", "june", "jun"),
                ("يوليو", "july", "jul"),
                ("اغسطس", "أغسطس", "august", "aug"),
                ("سبتمبر", "september", "sep"),
                ("اكتوبر", "أكتوبر", "october", "oct"),
                ("نوفمبر", "november", "nov"),
                ("ديسمبر", "december", "dec"),
            ),
        ),
    )
    for number, names in enumerate(months, 1)
    for name in names
}
_NAMED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+(\D+?)\s*(\d{2,4})(?!\d)")


def _two_digit(year: int, today: date) -> int:
    """A year written in two digits: this century unless that is still to come («90» is
    1990, «05» 2005)."""
    if year >= 100:
        return year
    this_year = today.year
    century = this_year - this_year % 100
    return century + year if century + year <= this_year else century - 100 + year


def _parts(text: str) -> tuple[int, int, int, bool] | None:
    """Day, month, year and whether Hijri, from digits («15/3/1990», «1410/7/1») or a
    month's name («١ رجب ١٤١٠», «15 مارس 1990»), also inside a sentence."""
    folded = normalise(text)
    for written in _NAMED_DATE.finditer(folded):
        named = _MONTHS.get(written[2].strip())
        if named:
            return int(written[1]), named[0], int(written[3]), named[1]
    match = _DATE.search(to_ascii_digits(clean(text)))
    if not match:
        return None
    first, month, last = int(match[1]), int(match[2]), int(match[3])
    year, day_number = (first, last) if len(match[1]) == 4 else (last, first)
    return day_number, month, year, match[4] in {"هـ", "ه"}


def day(text: str, today: date) -> date:
    """A date typed as Gregorian (2026-12-07, 7/12/2026, 15 مارس 1990) or Hijri (1448/06/27,
    27/6/1448هـ, ١ رجب ١٤١٠), one the Umm al-Qura calendar covers; also inside a sentence
    («مواليد 1990/3/15»); a two-digit year is this century's unless still to come."""
    found_parts = _parts(text)
    if found_parts is None:
        raise Invalid(N_("Please write the date as day/month/year, for example 15/3/2026."))
    day_number, month, written_year, named_hijri = found_parts
    year = _two_digit(written_year, today) if not named_hijri else written_year
    hijri = named_hijri or 1300 <= year <= 1500
    try:
        if hijri:
            gregorian = Hijri(year, month, day_number).to_gregorian()
            found = date(gregorian.year, gregorian.month, gregorian.day)
        else:
            found = date(year, month, day_number)
    except (ValueError, OverflowError, ArithmeticError):
        raise Invalid(N_("There is no such date. Please check the day, month and year.")) from None
    if not dates.FIRST_DAY <= found <= dates.LAST_DAY:
        raise Invalid(
            N_("Please write a date from {first} to {last}."),
            first=_as_typed(dates.FIRST_DAY),
            last=_as_typed(dates.LAST_DAY),
        )
    return found


def _as_typed(day: date) -> str:
    """A day as people type it: 16/11/2077."""
    return f"{day.day}/{day.month}/{day.year}"


_TIME = re.compile(r"\s+(\d{1,2})[:.](\d{2})\s*(ص|م|am|pm)?$", re.IGNORECASE)


def appointment(typed: str, today: date) -> tuple[date, time]:
    """A date (Gregorian or Hijri, as `day` reads it) and a time: '1448/6/10 10:30'."""
    folded = to_ascii_digits(clean(typed))
    match = _TIME.search(folded)
    if not match:
        raise Invalid(N_("Please write the date and time, for example 15/3/2026 10:30."))
    hour, minute = int(match[1]), int(match[2])
    if (match[3] or "").lower() in {"م", "pm"} and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise Invalid(N_("Please write the date and time, for example 15/3/2026 10:30."))
    return day(folded[: match.start()], today), time(hour, minute)


_MARKUP = re.compile(r"<[^<>]{1,40}>|[*_~`]+")
_CONTROL_FOLDED = {
    normalise(word) for word in ("تخطي", "تخطى", "رجوع", "التالي", "skip", "back", "next", "تم")
}


def _written(answer: str, longest: int, plain: bool) -> str:
    """What was typed, cleaned (markup removed when `plain`), at most `longest` long; its
    digits as typed (only numeric answers are stored in 0-9)."""
    value = clean(answer)
    if plain:
        value = _SPACES.sub(" ", _MARKUP.sub(" ", value)).strip()
    if not any(char.isalnum() for char in value):
        raise Invalid(N_("Please write your answer in words."))
    folded = normalise(value)
    if folded in _CONTROL_FOLDED or (folded.isdigit() and len(folded) <= 2):
        raise Invalid(N_("This question needs an answer; please write it in words."))
    return value[:longest].rstrip()


_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/-]{0,29}")


def number(answer: str) -> str:
    """An identifier such as a membership or reference number, in any digits: stored in
    0-9, spaces left out, leading zeros kept («٠١٠٢٤» → "01024")."""
    value = re.sub(r"\s+", "", to_ascii_digits(clean(answer)))
    if not _IDENTIFIER.fullmatch(value) or not any(char.isdigit() for char in value):
        raise Invalid(N_("Please write the number in digits."))
    return value


def text(answer: str, longest: int, plain: bool = True) -> str:
    """A written answer, verbatim, cut to `longest` if longer.

    A control word ("تخطي") or a bare option number is not an answer to it.
    """
    return _written(answer, longest, plain)


_LEAD_INS = re.compile(r"^(?:اسمي|إسمي|انا|أنا|my name is|i am)\s+", re.IGNORECASE)
_PLACE_LEAD_INS = re.compile(
    r"^(?:(?:انا|أنا|(?:ا|أ|ن)سكن|ساكن|ساكنه|ساكنة|i live|we live|in|في|مدينة|مدينه|محافظة|محافظه"
    r"|حي|city of|the city of)\s+|ب(?=ال))",
    re.IGNORECASE,
)
"""What people write before a place («أسكن في مدينة بريدة», «حي الريان», «بالرياض»)."""


_KUNYA = frozenset(normalise(word) for word in ("أم", "ام", "أبو", "ابو", "ابوي", "umm", "abu"))


def name(answer: str) -> str:
    """A person's full name: letters only, at least two words ("اسمي ..." is left out)."""
    value = _LEAD_INS.sub("", _written(answer, SHORT_TEXT_MAX, plain=True))
    words = normalise(value).split()
    kunya = len(words) == 2 and words[0] in _KUNYA  # «أم محمد» names a mother, not the person
    if any(char.isdigit() for char in value) or len(words) < 2 or kunya:
        raise Invalid(
            N_("Please write the full name in letters: at least a first name and a family name.")
        )
    return value


def place(answer: str) -> str:
    """A city or district: a name in letters, without what was written before it."""
    value = _written(answer, SHORT_TEXT_MAX, plain=True)
    while (bare := _PLACE_LEAD_INS.sub("", value, count=1)) != value and bare:
        value = bare
    if sum(char.isalpha() for char in value) < 2:
        raise Invalid(N_("Please write the name of the place in letters."))
    return value


def masked(value: str, keep: int = 4) -> str:
    """Hide all but the last `keep` characters (IDs and phones in summaries and staff views)."""
    return "•" * max(len(value) - keep, 0) + value[-keep:]


_OUT_OF = re.compile(r"(\d{1,3})\s*(?:/|من|of|out of)\s*(\d{1,3})")
_STARS = ("⭐", "★", "🌟")


_WORDED_SCORES = tuple(
    (tuple(normalise(word) for word in words.split()), value)
    for words, value in (
        ("ممتاز", 5),
        ("رائع", 5),
        ("excellent", 5),
        ("جيد جدا", 4),
        ("very good", 4),
        ("كويس", 3),
        ("جيد", 3),
        ("good", 3),
        ("مقبول", 2),
        ("عادي", 2),
        ("fair", 2),
        ("سيء", 1),
        ("سيئ", 1),
        ("سيئة", 1),
        ("ضعيف", 1),
        ("زفت", 1),
        ("poor", 1),
        ("bad", 1),
    )
)
"""Ratings in words, the longer phrase first where one contains another («جيد جدا»)."""


def _worded_score(text: str) -> int | None:
    """A rating written in words: «خمس نجوم», «اربعه», «جيد جدا», «سيء»."""
    words = normalise(text).split()
    for phrase, value in _WORDED_SCORES:
        if any(tuple(words[at : at + len(phrase)]) == phrase for at in range(len(words))):
            return value
    counted = numbers.read(text)
    return int(counted) if counted is not None and counted in range(1, 6) else None


def score(typed: str) -> int | None:
    """A rating from 1 to 5 as a person writes it: "5", "٥ من ٥", "4/5", "5 نجوم", "⭐⭐⭐",
    «خمس نجوم», «ممتاز», «سيء»."""
    text = to_ascii_digits(clean(typed))
    out_of = _OUT_OF.search(text)
    if out_of:
        value, scale = int(out_of[1]), int(out_of[2])
        return max(1, round(value * 5 / scale)) if 0 < value <= scale else None
    found = re.findall(r"\d+", text)
    if found:
        single = len(found) == 1 and len(found[0]) == 1 and 1 <= int(found[0]) <= 5
        return int(found[0]) if single else None
    stars = sum(text.count(star) for star in _STARS)
    return stars if 1 <= stars <= 5 else _worded_score(text)
