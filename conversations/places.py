"""Saudi places as people write them: a city misspelt («الجبييل», «البداءع») is stored as
it is spelt, and one in Latin letters ("Riyadh", "Al Khobar") is known as the same place,
so staff can sort and route by it; a region or the country («القصيم», "Eastern Province")
is not a city."""

from __future__ import annotations

import re

from conversations.text import normalise, one_letter_apart, squeeze

_CITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("الرياض", ("riyadh", "riyad", "ryadh", "riad")),
    ("جدة", ("jeddah", "jedda", "jiddah", "jidda", "jedah")),
    ("مكة المكرمة", ("makkah", "mecca", "makka", "makkahalmukarramah", "مكة")),
    ("المدينة المنورة", ("madinah", "medina", "madina", "almadinah", "medinah", "المدينة")),
    ("الدمام", ("dammam", "damam")),
    ("الخبر", ("khobar", "alkhobar", "khubar")),
    ("الظهران", ("dhahran", "dahran", "zahran")),
    ("الجبيل", ("jubail", "jubayl", "jubeil")),
    ("القطيف", ("qatif", "qateef", "alqatif")),
    ("الأحساء", ("ahsa", "alahsa", "hasa", "alhasa", "alahsaa", "الحسا", "حسا")),
    ("الهفوف", ("hofuf", "hufuf", "alhofuf")),
    ("المبرز", ("mubarraz", "almubarraz")),
    ("الطائف", ("taif", "taef", "altaif")),
    ("أبها", ("abha",)),
    ("خميس مشيط", ("khamismushait", "khamismushayt", "khamis", "الخميس", "خميس")),
    ("تبوك", ("tabuk", "tabouk")),
    ("حائل", ("hail", "hael", "hayil")),
    ("بريدة", ("buraidah", "buraydah", "buraida", "buraydh", "burayda")),
    ("عنيزة", ("unaizah", "unayzah", "onaizah", "unaiza")),
    ("البكيرية", ("bukayriyah", "bukairiyah", "بكيرية")),
    ("الرس", ("rass", "alrass", "ras")),
    ("البدائع", ("badaya", "albadaya", "badai")),
    ("المذنب", ("midhnab", "almithnab", "mithnab")),
    ("عثيرة", ("uthayrah", "uthairah")),
    ("نجران", ("najran",)),
    ("جازان", ("jazan", "jizan", "gizan", "جيزان")),
    ("الباحة", ("baha", "albaha", "albahah")),
    ("بلجرشي", ("baljurashi", "biljurashi")),
    ("المندق", ("mandaq", "almandaq")),
    ("المخواة", ("mikhwah", "makhwah", "almikhwah", "mikhwa")),
    ("العقيق", ("aqiq", "alaqiq", "aqeeq")),
    ("قلوة", ("qilwah", "qelwah")),
    ("القرى", ("qura", "alqura")),
    ("ينبع", ("yanbu", "yanbo", "yenbo")),
    ("رابغ", ("rabigh",)),
    ("عرعر", ("arar",)),
    ("سكاكا", ("sakaka", "sakakah")),
    ("الجوف", ("jouf", "aljouf", "jawf")),
    ("الخرج", ("kharj", "alkharj")),
    ("رأس تنورة", ("rastanura", "rastanurah", "rastannurah")),
    ("حفر الباطن", ("hafralbatin", "hafaralbatin", "hafrbatin")),
    ("الخفجي", ("khafji", "alkhafji")),
    ("بقيق", ("abqaiq", "buqayq")),
    ("القريات", ("qurayyat", "alqurayyat")),
    ("بيشة", ("bisha", "bishah")),
    ("المجمعة", ("majmaah", "almajmaah")),
    ("الزلفي", ("zulfi", "alzulfi")),
    ("الدوادمي", ("dawadmi", "aldawadmi")),
    ("القنفذة", ("qunfudhah", "alqunfudhah", "qunfudah")),
    ("الليث", ("lith", "allith")),
    ("الوجه", ("wajh", "alwajh")),
    ("أملج", ("umluj",)),
    ("صبيا", ("sabya", "sabia")),
    ("محايل عسير", ("muhayil", "muhail")),
    ("شرورة", ("sharurah", "sharoura")),
    ("وادي الدواسر", ("wadialdawasir", "wadiaddawasir")),
    ("الأفلاج", ("aflaj", "alaflaj")),
    ("شقراء", ("shaqra", "shaqraa")),
    ("الدرعية", ("diriyah", "diriya", "addiriyah")),
    ("النعيرية", ("nairyah", "nuayriyah")),
    ("رفحاء", ("rafha", "rafhaa")),
    ("طريف", ("turaif", "turayf")),
    ("العلا", ("ula", "alula")),
)
_DISTRICTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("العليا", ("olaya", "olaia", "ulaya")),
    ("الملقا", ("malqa", "malga")),
    ("الروضة", ("rawdah", "rawda", "rawdha", "rowdah", "rauda")),
    ("الشاطئ", ("shati", "shatee", "shatie", "shatea")),
    ("الفيصلية", ("faisaliyah", "faisaliah", "faisalia", "faisaliya")),
    ("العزيزية", ("aziziyah", "aziziah", "azizia", "aziziya")),
    ("النسيم", ("naseem", "nasim")),
    ("السلامة", ("salamah", "salama")),
    ("الحمراء", ("hamra", "hamraa")),
    ("الرحاب", ("rehab", "rihab")),
    ("الصفا", ("safa",)),
    ("المروة", ("marwah", "marwa")),
    ("النهضة", ("nahda", "nahdah", "nahdha")),
    ("اليرموك", ("yarmouk", "yarmuk")),
    ("السليمانية", ("sulaimaniyah", "sulaymaniyah", "sulaimania")),
    ("النزهة", ("nuzha", "nuzhah", "nozha")),
    ("الخليج", ("khaleej", "khalij")),
    ("الريان", ("rayyan", "rayan")),
    ("المروج", ("muruj", "murooj")),
    ("الورود", ("wurud", "worood", "wurood")),
    ("الياسمين", ("yasmin", "yasmeen")),
    ("النرجس", ("narjis", "narges")),
    ("الصحافة", ("sahafa", "sahafah")),
    ("الربوة", ("rabwah", "rabwa")),
    ("الروابي", ("rawabi",)),
    ("الأندلس", ("andalus",)),
    ("الزهراء", ("zahra", "zahraa")),
    ("الفيحاء", ("fayha", "faihaa", "fayhaa")),
    ("المحمدية", ("mohammadiyah", "muhammadiyah", "mohammedia")),
    ("الشفا", ("shifa", "shefa")),
    ("السويدي", ("suwaidi", "suwaydi")),
    ("النخيل", ("nakheel", "nakhil")),
    ("الملز", ("malaz",)),
    ("البديعة", ("badiah", "badiyah")),
    ("الراكة", ("rakah", "raka")),
    ("الثقبة", ("thuqbah", "thuqba")),
)
_REGIONS = (
    *("القصيم", "منطقة القصيم", "المنطقة الشرقية", "الشرقية", "الشرقيه", "المنطقة الوسطى"),
    *("المنطقة الغربية", "المنطقة الجنوبية", "الجنوب", "الشمال", "عسير", "منطقة عسير"),
    *("منطقة الرياض", "منطقة مكة", "منطقة الباحة", "منطقة حائل", "منطقة جازان"),
    *("السعودية", "المملكة", "المملكة العربية السعودية", "السعوديه"),
)
_LATIN_REGIONS = frozenset(
    (
        *("qassim", "alqassim", "qasim", "easternprovince", "easternregion", "eastern", "asir"),
        *("saudi", "saudiarabia", "ksa", "thekingdom", "centralregion", "westernregion"),
        *("southernregion", "northernregion", "riyadhregion", "makkahregion", "theeast"),
    )
)
_LATIN_FILLER = re.compile(
    r"\b(?:al|el|ar|as|ad|ash|at|az|the|city|district|neighbou?rhood|province|region|area"
    r"|hay|hai|hayy|in|of|now|currently)\b"
)
_LATIN_HEAD = re.compile(r"^(?:al|el|ar|as|ad|ash|at|az)-")


def _arabic_key(text: str) -> str:
    """An Arabic name as spellings of it meet: folded, letters typed once, a last «ء» left
    out and any other as «ي» («الاحسا» and «الأحساء», «البداءع» and «البدائع»)."""
    return squeeze(normalise(text).removesuffix("ء").replace("ء", "ي"))


def _latin_key(text: str) -> str:
    """A Latin name as spellings of it meet: "Al-Khobar", "al khobar city" → "khobar"."""
    words = _LATIN_HEAD.sub("", text.casefold().strip())
    words = _LATIN_FILLER.sub(" ", re.sub(r"[-_'’.]", " ", words))
    return re.sub(r"[^a-z]", "", words).replace("ee", "i").replace("oo", "u")


def _by_key() -> tuple[dict[str, str], dict[str, str]]:
    arabic: dict[str, str] = {}
    latin: dict[str, str] = {}
    for name, spellings in (*_CITIES, *_DISTRICTS):
        arabic.setdefault(_arabic_key(name), name)
        for spelling in spellings:
            if spelling.isascii():
                latin.setdefault(_latin_key(spelling), name)
            else:  # «مكة» for «مكة المكرمة»
                arabic.setdefault(_arabic_key(spelling), name)
    return arabic, latin


_ARABIC, _LATIN = _by_key()
_UNSPACED = {key.replace(" ", ""): name for key, name in _ARABIC.items() if " " in key}
"""Names of two words typed as one («حفرالباطن»)."""
_REGION_KEYS = frozenset(_arabic_key(region) for region in _REGIONS)
_CITY_KEYS = frozenset(_arabic_key(name) for name, _spellings in _CITIES)


def spelt(place: str) -> str:
    """The place as it is spelt («الجبيل» for "Jubail", «الجبييل» or «الجبيل الصناعية»,
    «الرياض» for «الرياظ»); as typed when it is not one this module knows."""
    if place.isascii():
        return _LATIN.get(_latin_key(place), place)
    key = _arabic_key(place)
    found = _ARABIC.get(key) or _UNSPACED.get(key)
    return found or _ARABIC.get(_head_city(place) or _near(key), place)


def _near(key: str) -> str:
    """The one known name a letter of `key` was mistyped in, a letter that sounds alike
    deciding between two («الرياظ»: «الرياض», not «الريان»), or ""."""
    near = [k for k in _ARABIC if abs(len(k) - len(key)) < 2 and one_letter_apart(key, k)]
    alike = [known for known in near if _sounds_alike(key, known)]
    found = near if len(near) == 1 else alike
    return found[0] if len(found) == 1 else ""


_ALIKE = tuple(frozenset(pair) for pair in ("ضظ", "ضص", "صس", "تط", "ذز", "ذظ", "ثس", "ضد", "قغ"))
"""Letters that sound alike, one typed for the other («الرياظ» for «الرياض»)."""


def _sounds_alike(typed: str, known: str) -> bool:
    """Whether the letter that differs between two names of one length sounds alike."""
    if len(typed) != len(known):
        return False
    return all(a == b or frozenset((a, b)) in _ALIKE for a, b in zip(typed, known, strict=True))


def _head_city(place: str) -> str:
    """The key of a known city a longer name begins with («أبها البهية», «الجبيل
    الصناعية»), or of a known place its city follows («الريان ببريدة»); or ""."""
    words = place.split()
    for n in range(len(words) - 1, 0, -1):
        head, rest = _arabic_key(" ".join(words[:n])), words[n:]
        in_city = len(rest) == 1 and rest[0][:1] == "ب" and _arabic_key(rest[0][1:]) in _CITY_KEYS
        if head in _CITY_KEYS or (head in _ARABIC and in_city):
            return head
    return ""


def region(place: str) -> bool:
    """Whether `place` names a region or the country rather than a city («القصيم»,
    "Eastern Province", «السعودية»)."""
    if place.isascii():
        return _latin_key(place) in _LATIN_REGIONS
    return _arabic_key(place) in _REGION_KEYS
