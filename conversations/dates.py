"""Dates as the policies write them: Gregorian with the Umm al-Qura Hijri date beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from babel.dates import format_date
from hijridate import Gregorian
from hijridate.ummalqura import GREGORIAN_RANGE

_LOCALES = {"ar": "ar_SA", "en": "en_GB"}
FIRST_DAY, LAST_DAY = (date(*day) for day in GREGORIAN_RANGE)
"""The days the Umm al-Qura calendar covers (1343 to 1500 AH): every date the bot writes
has its Hijri date beside it, so it reads and counts no date outside them."""


def hijri(day: date, lang: str) -> str:
    """The Umm al-Qura date, e.g. '27 جمادى الآخرة 1448 هـ'."""
    h = Gregorian.fromdate(day).to_hijri()
    language: Literal["ar", "en"] = "ar" if lang == "ar" else "en"
    return f"{h.day} {h.month_name(language)} {h.year} {h.notation(language)}"


def both(day: date, lang: str, gettext: Callable[[str], str]) -> str:
    """Gregorian and Hijri together: 'الاثنين، 7 ديسمبر 2026م الموافق 27 جمادى الآخرة 1448 هـ'."""
    gregorian = format_date(day, "full", locale=_LOCALES.get(lang, "ar_SA"))
    return gettext("{gregorian} ({hijri})").format(gregorian=gregorian, hijri=hijri(day, lang))
