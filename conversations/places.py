"""Saudi places as people write them: a city misspelt («الجبييل», «البداءع») is stored as
it is spelt, and one in Latin letters ("Riyadh", "Al Khobar") is known as the same place,
so staff can sort and route by it; a region or the country («القصيم», "Eastern Province")
is not a city."""

from __future__ import annotations

import re

from conversations.text import normalise, squeeze

_CITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("الرياض", ("riyadh", "riyad", "ryadh", "riad")),
    ("جدة", ("jeddah", "jedda", "jiddah", "jidda", "jedah")),
    ("مكة المكرمة", ("makkah", "mecca", "makka", "makkahalmukarramah")),
    ("مكة", ()),
    ("المدينة المنورة", ("madinah", "medina", "madina", "almadinah", "medinah")),
    ("الدمام", ("dammam", "damam")),
    ("الخبر", ("khobar", "alkhobar", "khubar")),
    ("الظهران", ("dhahran", "dahran", "zahran")),
    ("الجبيل", ("jubail", "jubayl", "jubeil")),
    ("القطيف", ("qatif", "qateef", "alqatif")),
    ("الأحساء", ("ahsa", "alahsa", "hasa", "alhasa", "alahsaa")),
    ("الهفوف", ("hofuf", "hufuf", "alhofuf")),
    ("المبرز", ("mubarraz", "almubarraz")),
    ("الطائف", ("taif", "taef", "altaif")),
    ("أبها", ("abha",)),
    ("خميس مشيط", ("khamismushait", "khamismushayt", "khamis")),
    ("تبوك", ("tabuk", "tabouk")),
    ("حائل", ("hail", "hael", "hayil")),
    ("بريدة", ("buraidah", "buraydah", "buraida", "buraydh", "burayda")),
    ("عنيزة", ("unaizah", "unayzah", "onaizah", "unaiza")),
    ("الرس", ("rass", "alrass", "ras")),
    ("البدائع", ("badaya", "albadaya", "badai")),
    ("المذنب", ("midhnab", "almithnab", "mithnab")),
    ("عثيرة", ("uthayrah", "uthairah")),
    ("نجران", ("najran",)),
    ("جازان", ("jazan", "jizan", "gizan")),
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
    """An Arabic name as spellings of it meet: folded, letters typed once, «ء» as «ي»
    («البداءع» and «البدائع»)."""
    return squeeze(normalise(text).replace("ء", "ي"))


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
            latin.setdefault(_latin_key(spelling), name)
    return arabic, latin


_ARABIC, _LATIN = _by_key()
_REGION_KEYS = frozenset(_arabic_key(region) for region in _REGIONS)


def spelt(place: str) -> str:
    """The place as it is spelt («الجبيل» for "Jubail" or «الجبييل»); as typed when it is
    not one this module knows."""
    if place.isascii():
        return _LATIN.get(_latin_key(place), place)
    return _ARABIC.get(_arabic_key(place), place)


def region(place: str) -> bool:
    """Whether `place` names a region or the country rather than a city («القصيم»,
    "Eastern Province", «السعودية»)."""
    if place.isascii():
        return _latin_key(place) in _LATIN_REGIONS
    return _arabic_key(place) in _REGION_KEYS
