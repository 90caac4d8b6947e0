"""Dates shown the way the policies write them: Gregorian beside Umm al-Qura Hijri."""

from __future__ import annotations

from datetime import date

from bot import i18n
from conversations import dates


def test_mishkat_approval_date_matches_its_hijri_date() -> None:
    # The Mishkat seed: "٢٠٢٤/٠٢/١٢ الموافق ١٤٤٥/٠٨/٠٢".
    assert dates.hijri(date(2024, 2, 12), "ar") == "2 شعبان 1445 هـ"


def test_durbah_approval_date_matches_its_hijri_date() -> None:
    # The Durbah seed: "٢٦ / ١٠ / ١٤٤٦ هـ الموافق ٢٤ / ٠٤ / ٢٠٢٥ م".
    assert dates.hijri(date(2025, 4, 24), "ar").startswith("26 شوال 1446")


def test_both_calendars_in_arabic_and_english() -> None:
    catalogues = i18n.load_all()
    day = date(2026, 12, 7)
    arabic = dates.both(day, "ar", catalogues["ar"].gettext)
    english = dates.both(day, "en", catalogues["en"].gettext)
    assert arabic == "الاثنين، 7 ديسمبر 2026م الموافق 27 جمادى الآخرة 1448 هـ"
    assert english == "Monday, 7 December 2026 (27 Jumada al-Akhirah 1448 AH)"
