"""What a person means, from the words they really write: dialect, typos, English, Arabizi.

Each intent has stems; a stem matches the start of a word (after "ال", "و", "ب" and
similar prefixes), and a phrase of stems matches consecutive words. Intents are tried
in order, so "ابغى ارفع شكوى على موظف" is a complaint, not a wish to talk to staff, and
"شلون اقدم طلب؟" asks how, before it asks to apply.
Courtesy (greetings, thanks, farewells) is read apart, so "السلام عليكم ابي اقدم طلب"
is both a greeting to return and a request to serve.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cache, lru_cache

from conversations.text import clean, normalise, unjoined, yes_or_no
from conversations.understanding.meaning import meaning


class Intent(StrEnum):
    """What a message asks for."""

    HUMAN = "human"
    COMPLAINT = "complaint"
    TRACK = "track"
    SUGGESTION = "suggestion"
    VOLUNTEER = "volunteer"
    REQUEST = "request"
    PAPERS = "papers"
    TIMING = "timing"
    PROCEDURE = "procedure"
    SERVICES = "services"
    LOCATION = "location"
    CHANNELS = "channels"
    RIGHTS = "rights"
    ABOUT = "about"
    INFO = "info"
    MENU = "menu"
    ENGLISH = "english"
    ARABIC = "arabic"
    GREETING = "greeting"
    THANKS = "thanks"
    FAREWELL = "farewell"
    YES = "yes"
    NO = "no"
    OTHER = "other"
    """Something the association does not do (حساب المواطن، الضمان، a bill, spam)."""


_STEMS: dict[Intent, tuple[str, ...]] = {
    Intent.COMPLAINT: (
        "مماطل",
        "تعبنا",
        "ما يليق",
        "منتهي",
        "مو عادل",
        "ماكان عادل",
        "زفت",
        "مو طبيعي",
        "مو معقول",
        "ناشف",
        "بدون احترام",
        "متضايق",
        "اتظلم",
        "قفلين",
        "وعدنا",
        "ولا اعتذر",
        "شكو",
        "شكاو",
        "شكي",
        "اشتك",
        "تظلم",
        "اعترض",
        "اعتراض",
        "بلاغ",
        "سيء",
        "سيئ",
        "سيئه",
        "اهمال",
        "ما يصير",
        "مو حلو",
        "محد يرد",
        "ما احد رد",
        "ما حد رد",
        "تاخرتو",
        "تاخرتم",
        "complain",
        "shakwa",
        "shakwah",
        "ashtki",
        "unacceptable",
        "not happy",
        "😡",
    ),
    Intent.HUMAN: (
        "فاهم",
        "تفهم",
        "مكالمه",
        "don't understand",
        "dont understand",
        "ensan",
        "mabi bot",
        "موظف",
        "شخص",
        "انسان",
        "بشري",
        "اكلم",
        "اتكلم",
        "كلموني",
        "كلمني",
        "اتصلوا",
        "يتصل علي",
        "ابي احد",
        "ابغى احد",
        "ابغي احد",
        "احد يساعد",
        "ما فهمت",
        "مافهمت",
        "ما فهمني",
        "مو فاهم",
        "خدمه العملاء",
        "خدمه عملاء",
        "مسؤول",
        "مسئول",
        "مشرف",
        "حولني",
        "agent",
        "human",
        "person",
        "someone",
        "staff",
        "customer service",
        "representative",
        "akalem",
        "mowathaf",
        "mowazaf",
    ),
    Intent.TRACK: (
        "طلبي",
        "طلبنا",
        "معاملتي",
        "متابع",
        "اتابع",
        "تابع",
        "حاله",
        "حالت",
        "وين وصل",
        "وش صار",
        "ايش صار",
        "وش وضع",
        "ايش وضع",
        "وضع طلب",
        "اخبار طلب",
        "انقبل",
        "قبول طلب",
        "استعلام",
        "طمنوني",
        "track",
        "status",
        "where is my",
        "update on",
        "follow up",
        "talabi",
        "at3aba",
    ),
    Intent.SUGGESTION: (
        "ياليت تضيفون",
        "رايي",
        "مجرد راي",
        "ملاحظه تطويري",
        "نصيحه",
        "وش رايكم",
        "اقتراح",
        "اقترح",
        "مقترح",
        "فكره",
        "suggest",
        "idea",
        "eqtira",
        "iqtira",
    ),
    Intent.VOLUNTEER: ("تطوع", "متطوع", "اتطوع", "volunteer", "atatw"),
    Intent.PAPERS: (
        "اثبات",
        "تعريف راتب",
        "برنت",
        "عقد",
        "اوراق",
        "ورق",
        "مستند",
        "مستندات",
        "وثائق",
        "صك",
        "احضر معي",
        "اجيبها",
        "ارفق",
        "صوره الهويه",
        "papers",
        "documents",
        "awraq",
    ),
    Intent.TIMING: (
        "المده",
        "وقت طويل",
        "تستغرق",
        "عشان تردون",
        "متى",
        "كم مده",
        "كم المده",
        "مده الرد",
        "كم ياخذ",
        "كم تاخذ",
        "كم يوم",
        "كم اسبوع",
        "how long",
        "when will",
        "mata",
    ),
    Intent.PROCEDURE: (
        "كيف الطريقه",
        "من وين ابدا",
        "اونلاين",
        "احضر بنفسي",
        "كيف اسوي طلب",
        "كيف اقدم",
        "شلون اقدم",
        "طريقه التقديم",
        "طريقه التسجيل",
        "اليه التقديم",
        "خطوات",
        "اجراء",
        "عشان اسجل",
        "عشان اقدم",
        "how do i apply",
        "how to apply",
        "steps",
        "procedure",
        "process",
        "kaif aqadem",
    ),
    Intent.SERVICES: (
        "كفاله",
        "تقدم الجمعيه",
        "بس سلال",
        "خدمات",
        "خدماتكم",
        "تقدمون",
        "تقدمها",
        "برامج",
        "انواع الدعم",
        "انواع المساعد",
        "services",
        "what do you provide",
        "what do you offer",
    ),
    Intent.REQUEST: (
        *("ابي اقدم", "ابغى اقدم", "ابغا اقدم", "اريد اقدم", "ودي اقدم", "ابي التقديم"),
        "ساعد",
        "يحتاج",
        "مستلزمات",
        "اقدم طلب",
        "تقديم طلب",
        "طلب جديد",
        "طلب مساعد",
        "طلب دعم",
        "طلب خدمه",
        "اطلب",
        "مساعد",
        "ساعدوني",
        "تساعدوني",
        "دعم",
        "معونه",
        "محتاج",
        "احتاج",
        "نحتاج",
        "سجلوني",
        "اسجل في",
        "اسجل طلب",
        "اسجل عندكم",
        "سله",
        "سلال",
        "ايجار",
        "فاتوره",
        "حقيبه",
        "apply for",
        "need help",
        "assistance",
        "financial help",
        "support",
        "register as",
        "talab",
        "atlob",
        "musa3ada",
        "aqadem talab",
    ),
    Intent.LOCATION: (
        "فرع",
        "وين",
        "مقر",
        "مكانكم",
        "عنوان",
        "لوكيشن",
        "موقعكم",
        "اي حي",
        "location",
        "address",
        "where are you",
        "where is your",
        "wain",
        "mkankom",
    ),
    Intent.CHANNELS: (
        "رقمكم",
        "رقم الجمعيه",
        "رقم التواصل",
        "رقم جوال",
        "رقم الهاتف",
        "رقم هاتف",
        "رقم تلفون",
        "رقم الواتس",
        "الرقم الموحد",
        "ارقام",
        "جوال",
        "هاتف",
        "تلفون",
        "ايميل",
        "بريد",
        "واتساب",
        "واتس",
        "تويتر",
        "موقع الكتروني",
        "تواصل",
        "اتواصل",
        "اتصال",
        "contact",
        "phone",
        "email",
        "whatsapp",
        "website",
    ),
    Intent.RIGHTS: (
        "يحق لي",
        "من حقي",
        "خصوصي",
        "وش لي",
        "حقوق",
        "حقوقي",
        "لي حق",
        "rights",
        "7gog",
        "7qoq",
    ),
    Intent.ABOUT: (
        "عرفوني",
        "حكومي",
        "خيري",
        "تاسست",
        "مرخص",
        "من انتم",
        "مين انتم",
        "عن الجمعيه",
        "بالجمعيه",
        "اهداف",
        "اهدافكم",
        "هدف",
        "رسال",
        "رؤي",
        "نبذه",
        "رسميه",
        "شغالين",
        "وش الجمعيه",
        "about",
        "who are you",
        "who runs",
    ),
    Intent.INFO: ("معلومات", "استفسار", "information", "info"),
    Intent.MENU: (
        "البدايه",
        "الخيارات",
        "القائمه",
        "قائمه",
        "الرئيسيه",
        "من جديد",
        "menu",
        "start over",
        "restart",
    ),
    Intent.ENGLISH: (
        "انقلش",
        "انجلش",
        "english",
        "انجليزي",
        "الانجليزيه",
        "انقليزي",
        "don't speak arabic",
    ),
    Intent.ARABIC: ("عربي", "العربيه", "arabic"),
}
_COURTESY: dict[Intent, tuple[str, ...]] = {
    Intent.GREETING: (
        "السلام عليكم ورحمه الله وبركاته",
        "السلام عليكم ورحمه الله",
        "السلام عليكم",
        "سلام عليكم",
        "سلام",
        "مرحبا",
        "مرحبتين",
        "هلا والله",
        "هلا",
        "ياهلا",
        "اهلين",
        "اهلا",
        "هاي",
        "صباح الخير",
        "صباح النور",
        "مساء الخير",
        "مساء النور",
        "يا اخوان",
        "يالغالين",
        "salam alaikum",
        "slm",
        "salam",
        "hello",
        "hi",
        "hey",
        "good morning",
        "good evening",
    ),
    Intent.THANKS: (
        "شكرا جزيلا",
        "ثانكس",
        "الله يجزاكم",
        "شكرا",
        "الف شكر",
        "مشكورين",
        "مشكور",
        "مشكوره",
        "جزاك الله خير",
        "جزاكم الله خير",
        "الله يجزاكم خير",
        "الله يعطيكم العافيه",
        "يعطيكم العافيه",
        "يعطيك العافيه",
        "تسلم",
        "تسلمون",
        "ما قصرت",
        "ما قصرتوا",
        "thank you",
        "thanks",
        "thx",
    ),
    Intent.FAREWELL: (
        "يلا مع السلامه",
        "يلا باي",
        "استودعكم الله",
        "مع السلامه",
        "في امان الله",
        "باي",
        "الله يحفظك",
        "الله يحفظكم",
        "تصبحون على خير",
        "تصبح على خير",
        "اشوفكم على خير",
        "bye",
        "goodbye",
        "see you",
    ),
}
_EMOJI = {"👋": Intent.GREETING, "🙏": Intent.THANKS}
_ANGRY = ("😡", "🤬", "😠")
_REPEATS = re.compile(r"(\w)\1{2,}")
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIZI = re.compile(r"\b(salam|shakwa\w*|talab\w*|abi|abgha|3nd\w*|\w*[a-z][2375][a-z]\w*)\b")


@lru_cache(maxsize=4096)
def _fold(text: str) -> tuple[str, ...]:
    """Words as matched: normalised, elongations collapsed ('مرحبااا' → 'مرحبا')."""
    words = _REPEATS.sub(r"\1", normalise(text)).split()
    return tuple(word[:-1] if word.endswith("اا") else word for word in words)


@lru_cache(maxsize=8192)
def _variants(word: str) -> tuple[str, ...]:
    """A word and its root without a leading 'ال', 'و', 'ب' and the like."""
    return (word, *unjoined(word))


@lru_cache(maxsize=4096)
def _worded(text: str) -> tuple[tuple[str, ...], ...]:
    """Each word of `text` as matched, with its roots (read once however often asked)."""
    return tuple(_variants(word) for word in _fold(text))


@cache
def _phrases(intent: Intent) -> tuple[tuple[str, ...], ...]:
    stems = _STEMS.get(intent) or _COURTESY[intent]
    return tuple(phrase for phrase in (tuple(_fold(stem)) for stem in stems) if phrase)


def _matches(words: Sequence[tuple[str, ...]], phrase: tuple[str, ...]) -> bool:
    """Whether `phrase` stands in `words`, each stem the start of a word (or of its root)."""
    return any(
        all(
            any(variant.startswith(stem) for variant in words[start + offset])
            for offset, stem in enumerate(phrase)
        )
        for start in range(len(words) - len(phrase) + 1)
    )


def _beginnings(words: Sequence[tuple[str, ...]]) -> set[str]:
    """Every start of every word and root: a phrase whose first stem is not here cannot match."""
    return {
        variant[:end] for word in words for variant in word for end in range(1, len(variant) + 1)
    }


def _opens(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    """Whether `words` open with `phrase` (a long stem may take an ending: 'مشكورين')."""
    head = words[: len(phrase)]
    return len(head) == len(phrase) and all(
        word == stem or (len(stem) > 3 and word.startswith(stem))
        for word, stem in zip(head, phrase, strict=True)
    )


def _courtesy_prefix(words: Sequence[str]) -> tuple[Intent | None, int]:
    """The courtesy the message opens with ('السلام عليكم، مساء الخير'), and its length."""
    first: Intent | None = None
    taken = 0
    while True:
        found = next(
            (
                (intent, len(phrase))
                for intent in _COURTESY
                for phrase in _phrases(intent)
                if _opens(words[taken:], phrase)
            ),
            None,
        )
        if found is None:
            return first, taken
        first = first or found[0]
        taken += found[1]


@lru_cache(maxsize=4096)
def courtesy(text: str) -> tuple[Intent | None, str]:
    """The greeting, thanks or farewell a message opens with, and what it says after it."""
    stripped = clean(text)
    for emoji, intent in _EMOJI.items():
        if stripped.startswith(emoji):
            return intent, stripped.removeprefix(emoji).strip()
    words = _fold(stripped)
    opening, taken = _courtesy_prefix(words)
    return opening, " ".join(words[taken:]) if opening else stripped


_MIND_CHANGED = re.compile(r"\b(?:غيرت|تغير|بدلت)\s+(?:رايي|راي)\b|\bchanged my mind\b")
"""«غيرت رايي» tells that the person changed their mind: it offers no opinion (suggestion)."""


@lru_cache(maxsize=4096)
def topic(text: str) -> Intent | None:
    """The service or question a message names, if any (courtesy and yes/no aside)."""
    if any(face in text for face in _ANGRY):
        return Intent.COMPLAINT
    words = _worded(_MIND_CHANGED.sub(" ", normalise(text)))
    starts = _beginnings(words)
    for intent in _STEMS:
        phrases = (phrase for phrase in _phrases(intent) if phrase[0] in starts)
        if any(_matches(words, phrase) for phrase in phrases):
            return intent
    return None


SHORT = 8
"""Words in a message short enough to be read as one wish ("ابي اكلم موظف", "English please")."""


def short(text: str) -> bool:
    """Whether `text` is short enough to be read as one wish rather than as an answer."""
    return len(normalise(text).split()) <= SHORT


@lru_cache(maxsize=4096)
def understand(text: str) -> Intent | None:
    """The one intent of a whole message: courtesy alone and a bare yes or no by rule,
    anything else as the classifier reads it (None when it is unsure)."""
    greeting, rest = courtesy(text)
    if greeting and not rest:
        return greeting
    answer = yes_or_no(rest)
    if answer is not None and len(rest.split()) <= _BARE_ANSWER:
        return Intent.YES if answer else Intent.NO
    read = meaning(_past_hesitation(text)).intent
    return Intent(read) if read else None


_TURNED = re.compile(
    r"(?<=\S)\s+(?:لا\s+)+(?:مو|مب|مش|موب)\s+\S+"  # «ابي اتطوع لا لا مو اتطوع …»
    r"|(?:\.\.|…)\s*(?:لا|لأ)(?:\s+(?:لا|لأ))*\s+(?!ت)"  # «… يساعدني.. لا لا ابي انسان»
    r"|[؟?!،,.]\s*لا\s+لا\s+"
    r"|(?:^|\s)(?:لا\s+)?(?:اقصد|أقصد|قصدي|غلطت)(?=\s)"  # «متى دوامكم؟ لا اقصد وين مكانكم»
    r"|\b(?:no\s+)?(?:sorry\s+|wait\s*,?\s+)*I mean\b|\bno\s+wait\b",
    re.IGNORECASE,
)
"""Where a message takes back what it said first: what follows is the wish."""


def _hesitant(text: str) -> bool:
    """Whether `text` has only hesitations in it («لا لا»): nothing said to take back."""
    return all(normalise(word) in _HESITATIONS for word in clean(text).split())


_TURNED_WISH = 2
"""Words that must follow a taking back for them to be read as the wish."""


def _past_hesitation(text: str) -> str:
    """A changed mind without its first words («لا خلاص، ابي اشتكي» → «ابي اشتكي»; «ابي
    اتطوع لا لا مو اتطوع ابي اسجل كمستفيد» → «ابي اسجل كمستفيد»): the «لا» takes back
    what came before, it is not the wish."""
    turns = [turn for turn in _TURNED.finditer(text) if not _hesitant(text[: turn.start()])]
    after = text[turns[-1].end() :].strip(" ،,.…") if turns else ""
    text = after if len(after.split()) >= _TURNED_WISH else text
    words = clean(text).split()
    at = 0
    while at < len(words) - _WISH_AFTER and normalise(words[at]) in _HESITATIONS:
        at += 1
    return " ".join(words[at:]) if at else text


_HESITATIONS = frozenset(
    normalise(word) for word in ("لا", "لأ", "خلاص", "لحظة", "طيب", "اقول", "no", "wait")
)
_WISH_AFTER = 2
"""Words that must follow the hesitation for the rest to be read as the wish."""
_BARE_ANSWER = 3
"""Words in a yes or no that stands alone ("لا ما ابي"); longer, a named wish wins."""


def latin(text: str) -> bool:
    """Whether a message is written in Latin letters and not in Arabizi ('abi atlob')."""
    lowered = text.casefold()
    if _ARABIC.search(lowered) or not _LATIN.search(lowered):
        return False
    return not _ARABIZI.search(lowered)


_WISHING = tuple(
    _fold(word)[0] for word in ("ابي", "ابغى", "ابغي", "ابغا", "اريد", "ودي", "بدي", "want")
)
"""The first words of a wish: «ابي …», «ودي …», "I want …"."""
_ASKING = (
    *_WISHING,
    *(
        _fold(word)[0]
        for word in (
            "ممكن",
            "حولني",
            "حولوني",
            "كلموني",
            "كلمني",
            "اتصلوا",
            "فهمت",
            "فهمني",
            "can",
            "connect",
            "talk",
            "speak",
            "agent",
            "human",
            "someone",
            "customer",
        )
    ),
)


def asks_for_person(text: str) -> bool:
    """Whether a message about staff asks for one ("ابي اكلم موظف", "ما فهمت")
    rather than tells of one ("لم يرد الموظف على اتصالاتي")."""
    words = _fold(text)
    return len(words) <= 3 or any(word.startswith(_ASKING) for word in words)


def wishes(text: str) -> bool:
    """Whether a message voices a wish ("لا خلاص ابي اشتكي بدال") rather than tells of
    something ("تعامل سيئ")."""
    return any(word.startswith(_WISHING) for word in _fold(text))


_STAFF = tuple(
    tuple(_fold(stem))
    for stem in (
        "موظف",
        "مندوب",
        "باحث",
        "اخصائي",
        "مسؤول",
        "مسئول",
        "مشرف",
        "staff",
        "employee",
        "worker",
        "officer",
    )
)
"""A member of the association's staff, as people name one («الموظفة», «موظفكم», «المندوب»)."""
_CONDUCT = tuple(
    tuple(_fold(stem))
    for stem in (
        "سلوك",
        "ادب",
        "وقح",
        "اسلوب",
        "تعامل",
        "صرخ",
        "يصرخ",
        "تصرخ",
        "صارخ",
        "صراخ",
        "رفع صوت",
        "اهان",
        "استهز",
        "تحرش",
        "عنصري",
        "سبني",
        "شتم",
        "طرد",
        "احتقر",
        "تكبر",
        "متكبر",
        "احترام",
        "احترم",
        "محترم",
        "تنمر",
        "ابتز",
        "رشو",
        "ناشف",
        "استفز",
        "تلفظ",
        "عصب",
        "rude",
        "shout",
        "yell",
        "insult",
        "harass",
        "behaviour",
        "behavior",
        "conduct",
    )
)
"""Words that tell how someone behaved («قليل أدب», «رفع صوته», «تعامل سيئ»)."""


_TALKING = tuple(
    _fold(word)[0]
    for word in ("اكلم", "اتكلم", "كلموني", "حولني", "حولوني", "اتواصل", "talk", "speak")
)
"""The first words of a wish to talk with someone («ابي اكلم موظف، الخدمة سيئة»)."""


@lru_cache(maxsize=4096)
def about_staff(text: str) -> bool:
    """Whether a message complains of a staff member («الموظف اللي كلمني كان قليل أدب»,
    «ابي اشتكي على موظف») rather than asks for one («ابي اكلم موظف، الخدمة سيئة»): such
    a complaint is for supervisors only, so words of conduct always count."""
    words = _worded(text)
    if not any(_matches(words, phrase) for phrase in _STAFF):
        return False
    if any(_matches(words, phrase) for phrase in _CONDUCT):
        return True
    talking = any(word.startswith(_TALKING) for word in _fold(text))
    return topic(text) is Intent.COMPLAINT and not talking


_WITHDRAWING = tuple(
    _fold(stem)[0] for stem in ("الغاء", "الغي", "سحب", "اسحب", "تراجع", "withdraw", "cancel")
)
_SENT = tuple(
    _fold(stem)[0]
    for stem in ("طلب", "شكو", "مقترح", "اقتراح", "تطوع", "request", "complaint", "application")
)


def withdraws(text: str) -> bool:
    """Whether a message asks to withdraw something sent («أريد إلغاء الطلب الذي قدمته»,
    «ابي اسحب شكوتي»); «إلغاء» alone cancels what is open instead."""
    words = _worded(text)
    said = [any(variant.startswith(_WITHDRAWING) for variant in word) for word in words]
    sent = [any(variant.startswith(_SENT) for variant in word) for word in words]
    return (
        len(words) > 1 and any(said) and any(s and not w for s, w in zip(sent, said, strict=True))
    )


_CHANGING = tuple(
    _fold(stem)[0]
    for stem in ("تغيير", "اغير", "نغير", "تعديل", "اعدل", "عدل", "صحح", "تصحيح", "change", "edit")
)
_ANSWERS = tuple(_fold(stem)[0] for stem in ("اجاب", "جواب", "بيان", "answer"))
_MEANINGFUL = 3
"""Letters a label's word needs to name its field («الخدمة», not «في»)."""


_INSTEAD = tuple(_fold(stem)[0] for stem in ("بدال", "بدل", "بدلا", "بدلًا", "instead", "rather"))


def changes_mind(text: str) -> str | None:
    """What a message that takes back an answer now wants («لا لحظة، ابي شنط بدال
    الدروس» → «لا لحظة، ابي شنط»: the words after «بدال» name what it replaces), or None
    when it takes nothing back."""
    words = clean(text).split()
    for at, word in enumerate(words):
        variants = [v for folded in _fold(word) for v in _variants(folded)]
        if any(v.startswith(_INSTEAD) for v in variants):
            return " ".join(words[:at] + words[at + 2 :])
        if any(v.startswith(_CHANGING) for v in variants):
            return text
    return None


def changes(text: str, labels: tuple[str, ...]) -> int | None:
    """Which of `labels` a message asks to change («لحظة، أريد تغيير نوع الخدمة» names
    «الخدمة المطلوبة»): its index, -1 for an answer not named («ابي اعدل اجابتي»), None
    when the message asks to change nothing."""
    words = _worded(text)
    if not any(variant.startswith(_CHANGING) for word in words for variant in word):
        return None
    said = {variant for word in words for variant in word if len(variant) >= _MEANINGFUL}
    shared = [
        len(said & {v for word in _fold(label) for v in _variants(word) if len(v) >= _MEANINGFUL})
        for label in labels
    ]
    if any(shared):
        return shared.index(max(shared))
    answers = any(variant.startswith(_ANSWERS) for word in words for variant in word)
    return -1 if answers else None


def asks_to_talk(text: str) -> bool:
    """Whether a message asks in so many words to talk with staff («ابي اكلم موظف، الخدمة
    سيئة»), whatever else it tells; a complaint of a staff member's conduct does not."""
    folded = _fold(text)
    if not any(word.startswith(_TALKING) for word in folded):
        return False
    words = [_variants(word) for word in folded]
    return any(_matches(words, phrase) for phrase in _STAFF) and not about_staff(text)
