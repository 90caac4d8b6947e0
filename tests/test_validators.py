"""The checks behind every form answer, tried on many generated inputs."""

from __future__ import annotations

from datetime import date

import pytest
from hijridate import Gregorian
from hypothesis import given
from hypothesis import strategies as st

from conversations import validators
from conversations.validators import Invalid

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def with_check_digit(first_nine: str) -> str:
    for last in "0123456789":
        candidate = first_nine + last
        total = sum(
            (int(c) * 2) // 10 + (int(c) * 2) % 10 if i % 2 == 0 else int(c)
            for i, c in enumerate(candidate)
        )
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


ids = st.builds(
    lambda first, rest: with_check_digit(first + rest),
    st.sampled_from("12"),
    st.text("0123456789", min_size=8, max_size=8),
)


@given(ids, st.sampled_from([ARABIC, PERSIAN, str.maketrans("", "")]))
def test_valid_ids_pass_in_any_digits(number: str, script: dict[int, int]) -> None:
    assert validators.national_id(f" {number.translate(script)} ") == number


@given(ids, st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=9))
def test_changing_one_digit_breaks_the_check_digit(number: str, position: int, shift: int) -> None:
    digits = list(number)
    digits[position] = str((int(digits[position]) + shift) % 10)
    with pytest.raises(Invalid) as caught:
        validators.national_id("".join(digits))
    assert caught.value.message.startswith("This ID number is not valid")


@pytest.mark.parametrize("typed", ["", "123", "3000000000", "10000000081", "abcdefghij", "١٢٣"])
def test_ids_of_the_wrong_shape_explain_the_shape(typed: str) -> None:
    with pytest.raises(Invalid) as caught:
        validators.national_id(typed)
    assert caught.value.message == "The ID number has 10 digits and starts with 1 or 2."


subscribers = st.text("0123456789", min_size=8, max_size=8).map(lambda rest: "5" + rest)


@given(
    subscribers,
    st.sampled_from(["0{n}", "{n}", "+966{n}", "00966{n}", "966{n}", "+966 {n}"]),
    st.sampled_from([ARABIC, PERSIAN, str.maketrans("", "")]),
)
def test_saudi_mobiles_in_every_usual_form_become_e164(
    number: str, shape: str, script: dict[int, int]
) -> None:
    typed = shape.format(n=number).translate(script)
    try:
        stored = validators.mobile(typed)
    except Invalid:
        return  # a few 5X prefixes are not allotted to mobiles
    assert stored == f"+966{number}"


@pytest.mark.parametrize("typed", ["0112345678", "05012345", "+201001234567", "mobile", ""])
def test_landlines_short_and_foreign_numbers_are_refused(typed: str) -> None:
    with pytest.raises(Invalid):
        validators.mobile(typed)


@given(st.integers(min_value=-1000, max_value=1000))
def test_integers_respect_their_bounds(number: int) -> None:
    typed = str(number).translate(ARABIC)
    if 1 <= number <= 30:
        assert validators.integer(typed, 1, 30) == number
    else:
        with pytest.raises(Invalid) as caught:
            validators.integer(typed, 1, 30)
        assert caught.value.values in ({"low": "1", "high": "30"}, {})


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("3500", "3500"), ("3,500", "3500"), ("٣٥٠٠ ريال", "3500"), ("1250.5", "1250.50"), ("0", "0")],
)
def test_amounts_in_riyals(typed: str, stored: str) -> None:
    assert validators.amount(typed, 0, 1_000_000) == stored


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2075, 12, 31)))
def test_hijri_and_gregorian_dates_meet_on_the_same_day(day: date) -> None:
    hijri = Gregorian.fromdate(day).to_hijri()
    assert validators.day(f"{day.day}/{day.month}/{day.year}", date.today()) == day
    assert validators.day(day.isoformat().translate(ARABIC), date.today()) == day
    assert validators.day(f"{hijri.day}/{hijri.month}/{hijri.year}هـ", date.today()) == day
    assert validators.day(f"{hijri.year}/{hijri.month}/{hijri.day}", date.today()) == day


@pytest.mark.parametrize("typed", ["31/2/2026", "30/13/1447", "tomorrow", "12-2026"])
def test_impossible_or_unreadable_dates_are_explained(typed: str) -> None:
    with pytest.raises(Invalid):
        validators.day(typed, date.today())


@pytest.mark.parametrize("typed", ["17/11/2077", "1/1/9999", "31/7/1924", "1/1/1900"])
def test_a_date_without_an_umm_al_qura_day_says_which_dates_can_be_read(typed: str) -> None:
    with pytest.raises(Invalid) as refused:
        validators.day(typed, date.today())
    assert refused.value.values == {"first": "1/8/1924", "last": "16/11/2077"}
    assert validators.day("16/11/2077", date.today()) == date(2077, 11, 16)


@given(st.text(max_size=300))
def test_text_answers_either_pass_cleaned_or_are_explained(typed: str) -> None:
    try:
        value = validators.text(typed, validators.SHORT_TEXT_MAX)
    except Invalid:
        return
    assert value == value.strip()
    assert any(char.isalnum() for char in value)
    assert len(value) <= validators.SHORT_TEXT_MAX


def test_masking_keeps_only_the_last_digits() -> None:
    assert validators.masked("1000000008") == "••••••0008"


def test_free_text_keeps_its_digits_as_typed_and_numbers_are_kept_in_western_digits() -> None:
    assert validators.text("عضوية رقم ١٢٣٤٥", validators.SHORT_TEXT_MAX) == "عضوية رقم ١٢٣٤٥"
    assert validators.number("٠١٠ ٢٤") == "01024"
    with pytest.raises(Invalid):
        validators.number("لا أذكره")


@pytest.mark.parametrize(
    ("typed", "place"),
    [
        ("أسكن في مدينة بريدة", "بريدة"),
        ("حي الريان", "الريان"),
        ("اسكن بالرياض", "الرياض"),
        ("ساكن في حي النزهة", "النزهة"),
        ("انا اسكن في الخبر", "الخبر"),
        ("بيشة", "بيشة"),
    ],
)
def test_a_place_is_kept_without_what_was_written_before_it(typed: str, place: str) -> None:
    assert validators.place(typed) == place
