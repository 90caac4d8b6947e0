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

from conversations import dates, numbers, places, worded
from conversations.i18n import N_
from conversations.text import DONT_KNOW, clean, normalise, to_ascii_digits, unremarked

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


_LETTER_O = re.compile(r"(?<=\d)[Oo](?=[\dOo])|(?<![A-Za-z])[Oo](?=\d)")
_LETTER_L = re.compile(r"(?<=\d)[lI](?=\d)")


def _as_digits(text: str) -> str:
    """Digits as 0-9, with the letter O typed for a zero and l for a one («05O4418823»)."""
    return _LETTER_L.sub("1", _LETTER_O.sub("0", to_ascii_digits(clean(text))))


def _digits_only(text: str) -> str:
    """The number a person typed, spaced or not, also inside a sentence ("رقمي هو ..."),
    with letters typed for digits («05O4418823»), spelled digit by digit in words, or typed
    twice («0568230715 0568230715»)."""
    typed = _as_digits(text)
    runs = _DIGIT_RUN.findall(typed) or [numbers.spelled(typed)]
    digits = re.sub(r"[\s\-_.()]", "", runs[0] if len(runs) == 1 else typed)
    half = digits[: len(digits) // 2]
    return half if len(half) >= 9 and digits == half * 2 else digits


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
    if not any(char.isalnum() for char in value) or _mashed(value):
        raise Invalid(N_("Please write your answer in words."))
    folded = normalise(value)
    if folded in _CONTROL_FOLDED or (folded.isdigit() and len(folded) <= 2):
        raise Invalid(N_("This question needs an answer; please write it in words."))
    if _answers_nothing(folded):
        raise Invalid(N_("No problem: write it in your own words, as you would tell one of us."))
    return value[:longest].rstrip()


_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "ضصثقفغعهخحجد", "شسيبلاتنمكط")
_MASHED_KEYS = 5
"""Letters in a row of a keyboard that make a mash, not a word ("asdfgh")."""
_ONE_LETTER = re.compile(r"(\w)\1{2,}|(?:ha){2,}h?|(?:ه\s?){3,}", re.IGNORECASE)


def _mashed(value: str) -> bool:
    """Whether a one-word answer is laughter or keys pressed at random («ههههه», «ممممم»,
    "jjjjj", "asdfgh"), not an answer."""
    word = value.strip().casefold()
    if " " in word:
        return False
    along = any(
        word[at : at + _MASHED_KEYS] in row
        for row in _KEYBOARD_ROWS
        for at in range(len(word) - _MASHED_KEYS + 1)
    )
    return bool(_ONE_LETTER.fullmatch(word)) or along


_ASKING_BACK = tuple(
    normalise(words)
    for words in (
        *("وش اكتب", "ايش اكتب", "شو اكتب", "وش تبون اكتب", "وش تبي اكتب", "وش اكتب هنا"),
        *("وش تقصد", "ايش تقصد", "وش تقصدون", "وش المطلوب", "ايش المطلوب", "ما فهمت"),
        *("مافهمت", "قلت لكم", "قلتلكم", "كتبته فوق", "نسيت وش", "what do you mean"),
        *("what should i write", "i don't understand", "didn't understand"),
    )
)
"""A question back, or a pointer elsewhere, instead of the answer («وش اكتب هنا؟»,
«قلت لكم فوق»)."""
_SHORT_ANSWER = 5


def _answers_nothing(folded: str) -> bool:
    """Whether a short written answer only asks what is meant, or only does not know."""
    words = folded.split()
    if len(words) > _SHORT_ANSWER:
        return False
    padded = f" {folded} "
    unknowing = any(padded.startswith(f" {w} ") for w in DONT_KNOW)
    return unknowing or any(f" {w} " in padded for w in _ASKING_BACK)


_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/-]{0,29}")
_GLUED = re.compile(r"[^\W\d_A-Za-z]*(\d[\d-]*)[^\W\d_A-Za-z]*")


def number(answer: str) -> str:
    """An identifier such as a membership or reference number, in any digits: stored in
    0-9, spaces left out, leading zeros kept («٠١٠٢٤» → "01024"); the one number in a
    sentence («رقم الطلب ٤٥٨٢١», "ref 88213", «#4521»), or in words («ثلاثمية واثنين»)."""
    typed = _LABEL.sub("", _as_digits(answer).replace(":", " "))  # "REF-66120", «الطلب:٥٦٠٢»
    typed = numbers.thousands_joined(typed)  # "1,199"
    words = typed.split()
    within = [
        word.strip("#.:،,()")
        for at, word in enumerate(words)
        if any(c.isdigit() for c in word) and not (at and normalise(words[at - 1]) in _WHEN)
    ]  # «٤٠٠١٦ بتاريخ ١٠ رمضان», «٣١٤ منذ عام ١٤٣٩»: a date, not the number
    value = re.sub(r"\s+", "", typed)
    if len(within) == 1 and (len(typed.split()) > 1 or not _IDENTIFIER.fullmatch(value)):
        value = within[0]
        glued = _GLUED.fullmatch(value)  # «رقمالطلب12056», «٤٠٩عضويه»
        value = glued[1] if glued else value
    elif not within:
        value = numbers.spelled(typed) or _in_words(typed)
    if not _IDENTIFIER.fullmatch(value) or not any(char.isdigit() for char in value):
        raise Invalid(N_("Please write the number in digits."))
    return value


_LABEL = re.compile(r"^\s*(?:ref|no|req|id)\s*[-#.:]\s*(?=\d)", re.IGNORECASE)
"""What is written before a reference («REF-66120», "no. 4521")."""
_WHEN = frozenset(normalise(word) for word in ("بتاريخ", "تاريخ", "عام", "سنة", "منذ", "year"))
"""Words before a date or a year in a sentence, whose number is no reference."""


def _in_words(typed: str) -> str:
    """A whole number written in words, as digits; "" when the text is not one."""
    value = numbers.read(typed)
    whole = value is not None and value > 0 and value == value.to_integral_value()
    return str(value) if whole else ""  # «ما عندي رقم» is no number, not 0


def text(answer: str, longest: int, plain: bool = True) -> str:
    """A written answer, verbatim, cut to `longest` if longer.

    A control word ("تخطي") or a bare option number is not an answer to it.
    """
    return _written(answer, longest, plain)


def named(answer: str) -> str:
    """A short answer naming what it is asked for («دورة الإكسل المتقدم»), verbatim; not
    one that names nothing: "anything" («أي دورة تفيدني»), "I have not decided" («مدري وش
    عندكم»)."""
    value = _written(answer, SHORT_TEXT_MAX, plain=True)
    words = normalise(value).split()
    anything = words[:1] in (["اي"], ["any"]) and words[1:2] and words[1] in _SOME
    topic = words[2:3] and (words[2][:1] == "ب" or words[2] in _ABOUT)  # «أي شي بالتسويق»
    undecided = any(f" {normalise(value)} ".startswith(f" {w} ") for w in _UNDECIDED)
    if (anything and not topic) or undecided or words in (["any"], ["anything"]):
        raise Invalid(N_("This question needs an answer; please write it in words."))
    return value


_SOME = frozenset(
    normalise(word)
    for word in ("شي", "شيء", "دورة", "دوره", "برنامج", "حاجة", "وحدة", "مجال", "course", "thing")
)
_ABOUT = frozenset(normalise(word) for word in ("في", "عن", "about", "in", "on"))
_UNDECIDED = DONT_KNOW + tuple(
    normalise(words) for words in ("لسه ما قررت", "ما قررت", "وش عندكم", "ايش عندكم", "whatever")
)
"""How an answer says it has not chosen yet («لسه ما قررت، وش عندكم؟»)."""


_LEAD_INS = re.compile(
    r"^(?:(?:اسمي|إسمي|اسمى|الاسم|الإسم|الاسسم|انا|أنا|معك|معاك|معكم|اخوك|أخوك|اختك|أختك|my name is"
    r"|my full name is|my name|name|i am|i'm|im|this is|call me|معاكم"
    r"|سجل(?:ي|وا)?(?:\s+عند(?:ك|كم|ج))?|تفضل(?:ي|وا)?|اكتب(?:ي|وا))(?!\w)"
    r"(?:\s+(?:الكامل|الرباعي|الثلاثي|is))?"
    r"\s*[:：،,-]?\s*)+",
    re.IGNORECASE,
)
_TITLES = re.compile(
    r"^(?:(?:ال)?(?:مهندس[ةه]?|دكتور[ةه]?|استاذ[ةه]?|أستاذ[ةه]?|شيخ[ةه]?)|العم|الخال|الحاج[ةه]?"
    r"|(?:ال)?مقدم[ةه]? الطلب|(?:ال)?متقدم[ةه]?|الطالب[ةه]?|المتدرب[ةه]?|د\.|م\.|dr\.?|eng\.?"
    r"|mr\.?|mrs\.?|ms\.?|miss)\s+",
    re.IGNORECASE,
)
_CALLED = re.compile(
    r"(?:اسمي+|إسمي|اسمى|my name is)(?:\s+(?:الكامل|الرباعي|الثلاثي))?\s*[:،,]?\s*", re.IGNORECASE
)
_NAME_ENDS = frozenset(
    normalise(word)
    for word in (
        *("من", "يا", "عضو", "عضوه", "يسلمو", "يسلموا", "يعطيك", "يعطيكم", "شكرا", "مشكورين"),
        *("ساكن", "ساكنه", "اسكن", "طالب", "طالبه", "موظف", "موظفه", "معلم", "معلمه", "ارمله"),
        *("مطلقه", "متقاعد", "متقاعده", "ام", "ابو", "from", "and", "thanks", "thank", "please"),
        *("here", "speaking"),
    )
)
"""Words after which a name has ended and a remark begins («… من بلجرشي», «… يسلمو»)."""
_W_NAMES = frozenset(normalise(word) for word in ("وليد", "وائل", "وعد", "وفاء", "وسام", "وضحى"))
"""Names that begin with «و», which elsewhere starts a remark («… والطلب لأولادي»)."""
_NOT_NAMES = frozenset(
    normalise(word)
    for word in (
        *("في", "نفس", "هو", "هي", "حق", "ليش", "ليه", "لماذا", "وش", "ايش", "بعدين", "اكتبه"),
        *("ابي", "ابغى", "ابغي", "اريد", "احتاج", "ودي", "طلب", "مساعده", "اللي", "الي", "اسم"),
        *("فاعل", "اكتبوا", "اكتب", "عندكم", "موجود", "مسجل", "مسجله", "مثل", "حسابي"),
        *("the", "same", "as", "why", "later", "name", "member"),
    )
)
"""Words no name has: an answer with one («نفس اسمي في العضوية») does not give it."""


_CORRECTED = re.compile(
    r"(?:[؟?!،,.]\s*(?:لا|لأ|no)|(?:[؟?!،,.]\s*)?(?:اقصد|أقصد|اعني|أعني|عفوا|عفواً|sorry))\s+", re.I
)
"""A name typed again after a mistake («حصه؟ لا حصة …», «منيره.. اقصد منيرة …»): the
second one counts."""
_BLESSING = re.compile(r"\s+الله\s+(?:يسعد|يحفظ|يعافي|يجزا|يخلي|يوفق|يعطي|يرضى)\S*.*$")
"""«… الله يسعدك» after a name: a blessing, not part of it («ضيف الله» is)."""
_GLUED_FAMILY = re.compile(r"(?<=[^\W\d_]{3})(?<!عبد)(?<!ابو)(?<!أبو)(?=ال[^\W\d_]{3})")
"""Where a family name was typed onto the name before it («منصورالشهري»; not «عبدالعزيز»)."""
_AFTER_KUNYA = re.compile(r"^(?:(?:انا|أنا)\s+)?(?:ابو|أبو|ام|أم)\s+\S+\s*[،,:]\s*")
"""«ابو سعود، أحمد عطية الغامدي»: the name after the kunya one is known by."""


def _named(value: str) -> str:
    """The name inside a sentence: after «اسمي» or a greeting, without titles, remarks or a
    nationality («معك أبو سلطان، اسمي تركي …», «المهندسة ريم …», «… والطلب لأولادي»)."""
    value = _CORRECTED.split(value)[-1]
    value = value.split(":")[-1] if value.count(":") == 1 else value  # «اكتب يا الغالي: …»
    value = _AFTER_KUNYA.sub("", _BLESSING.sub("", value.strip()))
    called = list(_CALLED.finditer(value))
    if called:
        value = value[called[-1].end() :]
    value = _TITLES.sub("", _LEAD_INS.sub("", value.strip(" .،,")))
    kept: list[str] = []
    for word in value.split():
        folded = normalise(word)
        if folded.endswith("جنسيه"):  # «… مصري الجنسية»: a nationality, not a name
            kept = kept[:-1]
            break
        remark = folded.startswith("و") and len(kept) >= 3 and folded not in _W_NAMES
        endearing = folded.startswith("يال") and len(kept) >= 2  # «… يالغلا»
        if (folded in _NAME_ENDS and len(kept) >= 2) or remark or endearing:
            break
        kept.append(word)
        if word[-1] in "،,.":
            break
    return " ".join(kept).strip(" .،,")


_PLACE_LEAD_INS = re.compile(
    r"^(?:(?:انا|أنا|احنا|حنا|نحن|(?:ا|أ|ن)سكن|ساكن|ساكنه|ساكنة|ساكنين|(?:ا|أ|ن)قيم|مقيم|مقيمة"
    r"|i live|we live|in|في|فى|من|اهل|أهل|السكن|مدينة السكن|مدينة|مدينه|محافظة|محافظه|منطقة"
    r"|منطقه|حي|حى|جنوب|شمال|شرق|غرب|city of|the city of|حالي\u064b?ا\u064b?|حينا اسمه"
    r"|حيّنا اسمه|اسمه|بيتنا|بيتي|بيتهم|قرية|قريه|هجرة|هجره)\s+"
    r"|ب(?=ال|حي|حى)|حي(?=ال\w{3}))",
    re.IGNORECASE,
)
"""What people write before a place («أسكن في مدينة بريدة», «حي الريان», «بالرياض»)."""
_BA_PLACES = frozenset(
    normalise(word)
    for word in ("بريدة", "بيشة", "بلجرشي", "بقيق", "بدر", "بارق", "بلقرن", "بحرة", "بيش", "بدائع")
)
"""Places whose names begin with «ب», which elsewhere means 'in' («ساكنه بعرعر»)."""
_PLACE_ENDS = re.compile(
    r"\s+(?:حي|حى|شارع|قريب|جنب|بجانب|جنوب|شمال|شرق|غرب|بحكم|من|في|يا|مع|ورا|الله|التابع[ةه]?"
    r"|بس|و\S+|يا\S+|بال\S+|حالي\u064b?ا\u064b?|الحين|هالحين|طال|نفسها|نفسه|district|near|street"
    r"|since|now"
    r"|currently)(?:\s|$).*",
    re.IGNORECASE,
)
_NEARBY = tuple(
    normalise(word)
    for word in (
        *("قريب", "جنب", "بجانب", "ورا", "ورى", "خلف", "عند", "فوق", "تحت", "برا", "بره"),
        *("قرب", "بالقرب"),
        *("near", "close to", "outside"),
    )
)
_VAGUE = tuple(
    normalise(word)
    for word in ("شارع", "طريق", "قريه", "ما اعرف", "ما ادري", "مدري", "لا اعرف", "street")
)
_BETWEEN = frozenset(normalise(word) for word in ("بين", "between", "اللي", "الي"))
_LIVING = re.compile(r"\s(?:بس\s+)?(ساكن|ساكنه|ساكنة|ساكنين|اسكن|أسكن)\s")
"""How a place is told when it is not named («قريب من المستشفى», «بين جدة ومكة»)."""
_HOMES = frozenset(normalise(word) for word in ("الديرة", "البلد", "هنا", "القرية", "بيتنا"))
"""Words for home that name no place («في الديرة»)."""
_GOVERNORATE = re.compile(r"(?:محافظة|محافظه)\s+(\S+(?:\s+\S+)?)$")


def _place_named(value: str) -> str:
    """The place's name in a sentence: the governorate after its region («القصيم، محافظة
    المذنب»), the part that names a place rather than what is near it («قريب من غابة رغدان،
    حي الظفير»), without «ساكنين ب…» before it or a district after a city."""
    governorate = _GOVERNORATE.search(value)
    if governorate:
        return governorate[1]
    parts = [part.strip() for part in re.split(r"[،,]", value) if part.strip()]
    named = [part for part in parts if not normalise(part).startswith(_NEARBY)]
    vague = any(normalise(part).startswith(_VAGUE) for part in named)
    if not named or vague or _BETWEEN.intersection(normalise(value).split()):
        raise Invalid(N_("Please write the name of the place in letters."))
    value = named[0]
    living = _LIVING.search(value)  # «أنا من الباحة بس ساكن في جدة»: where one lives
    value = value[living.start(1) :] if living else value
    lead_in = False
    while (bare := _PLACE_LEAD_INS.sub("", value, count=1)) != value and bare:
        value, lead_in = bare, True
    said_in = lead_in and value.startswith("ب") and normalise(value.split()[0]) not in _BA_PLACES
    return _PLACE_ENDS.sub("", value[1:] if said_in else value)


_KUNYA = frozenset(normalise(word) for word in ("أم", "ام", "أبو", "ابو", "ابوي", "umm", "abu"))
_CHILD_OF = frozenset(normalise(word) for word in ("بنت", "ولد", "ابن"))
"""«بنت أبو خالد» names a father's daughter, not the person."""


def name(answer: str) -> str:
    """A person's full name: letters only, at least two words, without what was said
    around it ("اسمي ...", a title, a remark after it)."""
    written = unremarked(_written(answer, SHORT_TEXT_MAX, plain=True))  # "(Iqama holder)"
    value = _typed_once(_GLUED_FAMILY.sub(" ", _named(written)))
    words = normalise(value).split()
    kunya = len(words) == 2 and words[0] in _KUNYA | _CHILD_OF  # «أم محمد», «بنت عبدالله»
    kunya = kunya or (len(words) == 3 and words[0] in _CHILD_OF and words[1] in _KUNYA)
    not_a_name = any(word in _NOT_NAMES for word in words)
    if any(char.isdigit() for char in value) or len(words) < 2 or kunya or not_a_name:
        raise Invalid(
            N_("Please write the full name in letters: at least a first name and a family name.")
        )
    return value


_DOUBLED_LAST = re.compile(r"([^\W\d_A-Za-z])\1(?=\s|$)")


def _typed_once(value: str) -> str:
    """A name with a last letter typed twice typed once («الشمريي», «الحزامم»): Arabic
    writes a doubled letter once."""
    return _DOUBLED_LAST.sub(r"\1", value)


def place(answer: str) -> str:
    """A city or district: a name in letters, without what was written around it, spelt
    as the place is when written in Arabic («الجبييل» → «الجبيل»); not a region."""
    value = _typed_once(_place_named(_written(answer, SHORT_TEXT_MAX, plain=True)))
    home = normalise(value) in _HOMES  # «القرية», not «القرى» a letter off
    value = value if value.isascii() else places.spelt(value)  # "Riyadh" is shown back as typed
    if sum(char.isalpha() for char in value) < 2 or home:
        raise Invalid(N_("Please write the name of the place in letters."))
    if places.region(value):
        raise Invalid(N_("Please write the city's name, not the region's or the country's."))
    return value


def masked(value: str, keep: int = 4) -> str:
    """Hide all but the last `keep` characters (IDs and phones in summaries and staff views)."""
    return "•" * max(len(value) - keep, 0) + value[-keep:]


_OUT_OF = re.compile(r"(\d{1,3})\s*(?:/|من|of|out of)\s*(\d{1,3})")
_PERCENT = re.compile(r"(\d{1,3})\s*[%٪]")
_STARS = ("⭐", "★", "🌟")
_HALF = re.compile(r"(?:^|\s)و?(?:نص|نصف)(?:\s|$)|half|\d[.,٫]5")


def score(typed: str) -> int | None:
    """A rating from 1 to 5 as a person writes it: "5", "٥ من ٥", "4/5", "5 نجوم", "⭐⭐⭐",
    «خمس نجوم», «ممتاز», «سيء»."""
    text = to_ascii_digits(clean(typed))
    out_of = _OUT_OF.search(text)
    if out_of:
        value, scale = int(out_of[1]), int(out_of[2])
        return max(1, round(value * 5 / scale)) if 0 < value <= scale else None
    percent = _PERCENT.search(text)
    if percent and int(percent[1]) <= 100:
        return max(1, round(int(percent[1]) / 20))
    found = re.findall(r"\d+", text)
    if found and _HALF.search(text):  # «٤ ونص»: between two ratings, so asked again
        return None
    if found:
        digit = found[0][0]
        single = len(found) == 1 and found[0] == digit * len(found[0]) and "1" <= digit <= "5"
        return int(digit) if single and len(found[0]) <= 2 else None  # «٤٤»: 4 typed twice
    stars = sum(text.count(star) for star in _STARS)
    return stars if 1 <= stars <= 5 else worded.rating(text)
