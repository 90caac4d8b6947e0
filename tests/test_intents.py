"""Understanding people the bot has never met: the classifier's figures on a corpus
written apart from its training data (`tests/data/intents-heldout-i.tsv`, `-k`, `-p`, `-q`
and `-r`, each fresh when first measured), guarded so that they do not fall. The earlier held-out
sets, each spent once measured, are training data now
(`conversations/data/intents-spent-*.tsv`).

`bench/understanding.py` prints the figures, per style and per intent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conversations.intents import Intent, latin, understand
from conversations.understanding import scoring, training
from tests.conftest import Drive, say

DATA = Path(__file__).with_name("data")
HELD_OUT = {
    # served right, at most "other" routed, at most to the wrong service, least per style
    "intents-heldout-i.tsv": (0.965, 0.045, 0.015, 0.92),
    "intents-heldout-k.tsv": (0.93, 0.05, 0.015, 0.89),
    "intents-heldout-p.tsv": (0.95, 0.045, 0.024, 0.88),
    "intents-heldout-q.tsv": (0.955, 0.025, 0.012, 0.89),
    "intents-heldout-r.tsv": (0.945, 0.055, 0.013, 0.83),
}

SHARED = 0.18
"""The most of a held-out corpus that may also be a training message: common short
messages («ايه», «وين مكانكم؟») are written alike by different people (14% of set F)."""


@pytest.mark.parametrize("name", list(HELD_OUT))
def test_messages_written_apart_from_the_training_data_are_served_right(name: str) -> None:
    right, other_routed, wrong_service, least_style = HELD_OUT[name]
    figures = scoring.score(scoring.corpus(DATA / name))
    assert figures.share(figures.right, figures.messages) >= right
    assert figures.share(figures.other_routed, figures.others) <= other_routed
    assert figures.share(figures.wrong_service, figures.services) <= wrong_service
    assert min(figures.style_shares().values()) >= least_style, figures.style_shares()


def test_held_out_messages_are_seldom_also_in_the_training_data() -> None:
    """Short common answers («ايه», "ok") are in both; little else may be."""
    trained = {text for _intent, text in training.examples()}
    for name in HELD_OUT:
        held = [text for _i, _s, text in scoring.corpus(DATA / name)]
        assert sum(text in trained for text in held) / len(held) <= SHARED


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ابغى اشتكي لا لا مو شكوى ابغى اعرف وش صار على طلبي", Intent.TRACK),
        ("وين مقركم.. لا لا ابي رقم الجوال حقكم", Intent.CHANNELS),
        ("I want to volunteer, sorry I mean I need help with rent", Intent.REQUEST),
        ("متى الدوام؟ لا اقصد وين مكانكم", Intent.LOCATION),
        ("لا لا مو هذا", Intent.NO),
        ("لا تقولون انتظر، طلبي وين وصل؟", Intent.TRACK),
    ],
)
def test_a_mind_changed_inside_a_message_is_read_by_what_it_turns_to(
    typed: str, meant: Intent
) -> None:
    assert understand(typed) == meant


def test_latin_script_is_english_but_arabizi_is_not() -> None:
    assert latin("I need help with school supplies")
    assert latin("hello")
    for arabizi in ("salam", "abi atlob musa3ada", "3ndi shakwa", "talabi wsh sar 3leh"):
        assert not latin(arabizi)
    assert not latin("مرحبا hello")


@pytest.mark.parametrize(
    "typed",
    ["كيف اسجل في الضمان الاجتماعي", "ابي اسجل بساند وما عرفت", "متى ينزل حساب المواطن هالشهر"],
)
async def test_what_the_association_does_not_do_is_said_kindly_never_a_form(
    drive: Drive, typed: str
) -> None:
    out = await drive(*say(typed), desk=True)
    assert "ليس مما تتولاه جمعية مشكاة" in out[-1]["text"]
    assert "التحدث مع موظف" in out[-1]["options"]
    assert not [line for line in out if line.get("to") == "staff"]


async def test_when_unsure_the_bot_asks_between_meanings_with_buttons(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "عندي مشكلة في طلبي"))
    assert out[-1]["text"].startswith("هل تقصد «")
    assert out[-1]["options"][-1] == "شيء آخر"


async def test_a_story_of_need_is_met_warmly_with_the_request_offered(drive: Drive) -> None:
    out = await drive(*say("انا ارمله وعندي خمس عيال وما عندي دخل غير الضمان"))
    assert out[-1]["text"].startswith("نسأل الله أن ييسر أمرك")
    assert out[-1]["options"][0] == "تقديم طلب"
