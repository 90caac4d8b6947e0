"""Typing habits of real people: digits, spelling variants, free text naming a menu item."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conversations.messages import Option
from conversations.text import clean, normalise, pick_option, to_ascii_digits

OPTIONS = (Option("a", "إجراءات تقديم الطلب"), Option("b", "قنوات التواصل"), Option("c", "حقوقك"))


@given(st.integers(min_value=0, max_value=10**12))
def test_any_digit_script_reads_as_the_same_number(number: int) -> None:
    western = str(number)
    arabic_indic = western.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    persian = western.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert to_ascii_digits(arabic_indic) == western
    assert to_ascii_digits(persian) == western
    assert normalise(f" {persian} ") == western


@given(st.text())
def test_normalising_never_fails_and_is_stable(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_spelling_variants_fold_together() -> None:
    assert normalise("الإجراءات") == normalise("الاجراءات")
    assert normalise("مُسـتـشـفى") == normalise("مستشفي")
    assert normalise("جمعيّة") == normalise("جمعيه")
    assert normalise("آخر أو إلى") == normalise("اخر او الي")


def test_control_and_direction_characters_are_removed_from_what_is_kept() -> None:
    assert clean("\u202bمرحبا\u200f\x00\x07 ") == "مرحبا"
    assert clean("سطر\r\nسطر") == "سطر\nسطر"


def test_options_are_picked_by_number_in_any_digits() -> None:
    assert pick_option("2", OPTIONS) == OPTIONS[1]
    assert pick_option("٢", OPTIONS) == OPTIONS[1]
    assert pick_option("۳", OPTIONS) == OPTIONS[2]
    assert pick_option("4", OPTIONS) is None
    assert pick_option("0", OPTIONS) is None


def test_options_are_picked_by_label_or_part_of_it() -> None:
    assert pick_option("قنوات التواصل", OPTIONS) == OPTIONS[1]
    assert pick_option("الاجراءات", OPTIONS) == OPTIONS[0]
    assert pick_option("حقوقك!", OPTIONS) == OPTIONS[2]
    assert pick_option("😀", OPTIONS) is None
    assert pick_option("", OPTIONS) is None
