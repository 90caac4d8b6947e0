"""Form answers as people give them: ordinals, scores and dates in words, a household
described, the number they write from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot import i18n
from bot import policy as policies
from conversations import numbers, validators
from conversations.messages import Option
from conversations.text import pick_option
from conversations.understanding.answering import record
from tests.conftest import Drive, say

_OPTIONS = [Option("a", "دعم تعليمي"), Option("b", "دورات"), Option("c", "أخرى")]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("الثاني", "b"), ("الخيار الاخير", "c"), ("the first", "a"), ("الأول", "a"), ("السابع", None)],
)
def test_an_ordinal_picks_that_option(typed: str, code: str | None) -> None:
    picked = pick_option(typed, _OPTIONS)
    assert (picked.code if picked else None) == code


@pytest.mark.parametrize(
    ("typed", "score"),
    [("اربعه", 4), ("خمس نجوم", 5), ("سيء", 1), ("جيد جدا", 4), ("الخدمة كانت سيئة", 1)],
)
def test_a_score_in_words(typed: str, score: int) -> None:
    assert validators.score(typed) == score


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("مواليد 1990/3/15", date(1990, 3, 15)),
        ("15 مارس 1990", date(1990, 3, 15)),
        ("١ رجب ١٤١٠", date(1990, 1, 27)),
        ("15/3/90", date(1990, 3, 15)),
        ("15/3/05", date(2005, 3, 15)),
    ],
)
def test_a_date_with_a_month_s_name_inside_a_sentence_or_a_two_digit_year(
    typed: str, day: date
) -> None:
    assert validators.day(typed, today=date.today()) == day


def test_a_two_digit_year_still_to_come_is_of_the_last_century() -> None:
    next_year = date.today().year + 1
    assert validators.day(f"1/1/{next_year % 100:02d}", date.today()).year == next_year - 100


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("انا وزوجتي و٤ عيال", 6),
        ("انا وامي واخواني الثلاثة", 5),
        ("عايش بروحي", 1),
        ("me, my wife and 3 kids", 5),
        ("٦", None),
        ("عدد افراد اسرتي ٨ بما فيهم انا", None),
    ],
)
def test_a_household_described_is_counted(typed: str, count: int | None) -> None:
    assert numbers.household(typed) == count


async def test_a_household_described_at_family_size_is_counted_and_said_back(
    drive: Drive,
) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "انا وزوجي و٤ عيال"))
    assert out[-2]["text"].startswith("فهمت أن عددكم 6.")
    assert out[-1]["text"].startswith("السؤال 8 من 10")


async def test_on_telegram_the_number_one_writes_from_is_asked_for(drive: Drive) -> None:
    answers = ["نورة محمد السالم", "1000000008"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "نفس الرقم"))
    assert out[-2]["text"].startswith("لا يظهر لي رقمك في هذا التطبيق")
    assert out[-1]["text"].startswith("السؤال 4 من 10")


def test_answers_written_apart_from_the_bot_are_mostly_recorded_right() -> None:
    translations = i18n.load_all()
    for name, least in RECORDED_RIGHT.items():
        figures = record(Path(__file__).with_name("data") / name, policies.load, translations)
        assert figures.right / figures.seen >= least, name


RECORDED_RIGHT = {"answers-heldout.tsv": 0.78, "answers-heldout-2.tsv": 0.76}
"""First measured at 70.1% and (fresh) 77.8%; guarded so they do not fall."""


async def test_a_choice_described_in_words_is_that_choice(drive: Drive) -> None:
    out = await drive(*say("ابي اقدم طلب", "1", "شنط ودفاتر للعيال", "نورة محمد السالم"))
    assert out[-1]["text"].startswith("السؤال 3 من 10")
    out = await drive(*say("رجوع", "رجوع"))
    assert out[-1]["text"].startswith("السؤال 1 من 10")


async def test_a_service_named_in_words_opens_the_request_with_it_chosen(drive: Drive) -> None:
    out = await drive(*say("السلام عليكم", "ابي اجدد عضويتي", "1"), policy="khairat-albaha")
    assert out[-1]["text"].startswith("السؤال 2 من")
    out = await drive(*say("ابي اقدم على كرسي متحرك لابوي", "1", user="u2"), policy="atta")
    assert out[-1]["text"].startswith("السؤال 2 من")


@pytest.mark.parametrize(
    ("typed", "total"),
    [("راتب تقاعد ٤٢٠٠ وضمان ١٨٠٠", 6000), ("راتبي ٢٥٠٠ والنفقة ٩٠٠", 3400), ("3500", None)],
)
def test_incomes_named_one_by_one_are_added_up(typed: str, total: int | None) -> None:
    assert numbers.incomes(typed) == total


async def test_incomes_added_up_are_said_back(drive: Drive) -> None:
    answers = ["نورة محمد السالم", "1000000008", "0551234567", "بريدة", "تخطي", "5"]
    out = await drive(*say("ابي اقدم طلب", "1", "1", *answers, "راتبي ٢٥٠٠ والنفقة ٩٠٠"))
    assert out[-2]["text"].startswith("جمعتها لك: 3400 ريال.")
