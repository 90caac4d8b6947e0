"""Each association answers questions about its procedures with its own policy's words."""

from __future__ import annotations

import pytest

from tests.conftest import Drive

QUESTIONS = {
    "procedures": "ما هي الإجراءات؟",
    "channels": "كيف اتواصل معكم",
    "rights": "ما هي حقوقي",
    "timing": "متى يجيني الرد؟",
}

EXPECTED = {
    "mishkat": {
        "procedures": ["إحالته لمسئول البحث الاجتماعي", "استكمال اجراءات التسجيل"],
        "channels": ["مناديب المكاتب الفرعية", "خدمة التطوع"],
        "rights": ["تقييم جودة الخدمة حق من حقوق المستفيد"],
        "timing": ["للجنة البحث", "لا تقل عن أسبوعين", "هـ"],
    },
    "atta": {
        "procedures": ["الزيارات الميدانية", "مراجعة ملفات المستفيدين الدائمين"],
        "channels": ["المقابلة في مقر الجمعية", "0509994514"],
        "rights": ["تقديم شكاوى ومقترحات عبر المنصة الرسمية"],
        "timing": ["للإدارة", "زيارة ميدانية", "هـ"],
    },
    "women-in-mining": {
        "procedures": ["مسئول البحث الاجتماعي"],
        "channels": ["مناديب المكاتب الفرعية"],
        "rights": ["تقييم جودة الخدمة حق"],
        "timing": ["للجنة البحث", "لا تقل عن أسبوعين", "هـ"],
    },
    "durbah": {
        "procedures": ["للمسؤول المختص"],
        "channels": ["0555127571", "الرياض"],
        "rights": ["تقييم جودة الخدمة حق"],
        "timing": ["للإدارة المختصة", "بأسرع وقت ممكن"],
    },
    "khairat-albaha": {
        "procedures": ["التأكد من تقديم العضو كافة المعلومات المطلوبة"],
        "channels": ["الخدمات طلب المساعدة", "الموقع الالكتروني للجمعية"],
        "rights": ["حقوق عضو الجمعية العمومية"],
        "timing": ["للجنة البحث", "لا تقل عن أسبوعين", "هـ"],
    },
}


@pytest.mark.parametrize("preset", sorted(EXPECTED))
@pytest.mark.parametrize("topic", sorted(QUESTIONS))
async def test_preset_answers_in_its_own_words(drive: Drive, preset: str, topic: str) -> None:
    out = await drive({"user": "u1", "text": QUESTIONS[topic]}, policy=preset)
    answer = out[-1]["text"]
    for phrase in EXPECTED[preset][topic]:
        assert phrase in answer


async def test_durbah_promises_no_date_because_its_policy_gives_none(drive: Drive) -> None:
    out = await drive({"user": "u1", "text": "متى يجيني الرد؟"}, policy="durbah")
    assert "تنتهي مدة الدراسة في أقرب تقدير يوم" not in out[-1]["text"]


async def test_timing_counts_the_review_period_from_today(drive: Drive) -> None:
    out = await drive({"user": "u1", "text": "كم مدة الرد"}, policy="mishkat")
    assert "تنتهي مدة الدراسة في أقرب تقدير يوم" in out[-1]["text"]
    assert "الموافق" in out[-1]["text"]


async def test_english_reader_gets_the_policy_in_english_when_the_file_has_it(drive: Drive) -> None:
    out = await drive(
        {"user": "u1", "text": "English"}, {"user": "u1", "text": "rights"}, policy="atta"
    )
    assert out[-1]["text"].startswith("Rights of the beneficiary:")
    assert "Your rights" in out[-1]["options"]
