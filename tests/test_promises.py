"""Promises as each policy makes them, and consent that fits its purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import policy as policy_files
from tests.conftest import Drive, rows, say
from tests.test_tracking import submitted

COMPLAINT = ("ابي اقدم شكوى", "أوافق", "3", "تأخر الرد", "تخطي", "تخطي", "نعم", "1")


async def test_once_the_period_has_passed_tracking_says_so_and_offers_a_person(
    drive: Drive,
) -> None:
    ref = await submitted(drive)
    before = await drive(*say("متابعة طلب"))
    assert "تنتهي مدة الدراسة في أقرب تقدير يوم" in before[-1]["text"]
    after = await drive({"clock": "+15d"}, *say("متابعة طلب"))
    assert "انقضت المدة المحددة في السياسة وما زال طلبك قيد الدراسة" in after[-1]["text"]
    assert after[-1]["options"] == [ref, "التحدث مع موظف", "القائمة الرئيسية"]


async def test_when_will_you_answer_me_is_about_the_persons_own_request(drive: Drive) -> None:
    ref = await submitted(drive)
    out = await drive(*say("متى تردون علي؟"))
    assert out[-1]["text"].startswith(f"{ref} — طلب دعم مستفيد")
    assert "تنتهي مدة الدراسة في أقرب تقدير يوم" in out[-1]["text"]


async def test_when_without_a_request_explains_the_policy(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "متى تردون علي؟"))
    assert out[-1]["text"].startswith("سيُرفع طلبك للجنة البحث")


@pytest.mark.parametrize("preset", policy_files.preset_names())
async def test_no_preset_promises_a_complaint_period_its_policy_does_not_set(
    drive: Drive, db_path: Path, preset: str
) -> None:
    out = await drive(*say("مرحبا", *COMPLAINT), policy=preset)
    assert "موعد الرد المتوقع" not in out[-1]["text"]
    assert rows(db_path, "SELECT due_at FROM tickets") == [(None,)]


async def test_a_policy_that_sets_a_complaint_period_is_held_to_it(
    drive: Drive, tmp_path: Path
) -> None:
    own = tmp_path / "own.toml"
    preset = policy_files.resolve("mishkat").read_text(encoding="utf-8")
    own.write_text(preset + "\n[timings]\ncomplaint_response_days = 5\n", encoding="utf-8")
    out = await drive(*say("مرحبا", *COMPLAINT), policy=str(own))
    assert "موعد الرد المتوقع: " in out[-1]["text"]


async def test_each_form_has_its_own_notice_about_what_it_collects(drive: Drive) -> None:
    forms = policy_files.load("atta").forms
    notices = [form.consent for form in (forms.complaint, forms.volunteer)]
    for notice in notices:
        assert notice
        for word in ("الصحية", "الزيارة الميدانية", "استحقاق", "eligib", "health", "visit"):
            assert word not in f"{notice.ar} {notice.en}"
    out = await drive(*say("مرحبا", "ابي اتطوع"), policy="atta")
    assert notices[1]
    assert out[-1]["text"] == notices[1].ar


async def test_declining_one_notice_does_not_bar_a_complaint_or_a_suggestion(
    drive: Drive, db_path: Path
) -> None:
    await drive(*say("مرحبا", "ابي اقدم طلب", "لا أوافق"))
    out = await drive(*say(*COMPLAINT))
    assert out[-1]["text"].startswith("تم استلام شكواك")
    out = await drive(*say("عندي اقتراح", "تمديد ساعات الدوام", "لا", "1"))
    assert out[-1]["text"].startswith("شكرًا لمقترحك")
    assert rows(db_path, "SELECT purpose, agreed FROM consents ORDER BY id") == [
        ("request", 0),
        ("complaint", 1),
    ]


async def test_a_consent_for_one_purpose_is_not_reused_for_another(drive: Drive) -> None:
    await submitted(drive)
    out = await drive(*say("ابي اقدم شكوى"))
    assert out[-1]["text"].startswith("ستحفظ جمعية مشكاة ما تكتبه في شكواك")
    assert out[-1]["options"] == ["أوافق", "لا أوافق"]
