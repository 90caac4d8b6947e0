"""Complaints, suggestions and volunteering, from greeting to reference number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import policy as policy_files
from tests.conftest import Drive, rows, say

HELLO = {"user": "u1", "text": "مرحبا"}


async def test_a_complaint_about_a_staff_member_is_confidential_and_answered_without_a_made_up_date(
    drive: Drive, db_path: Path
) -> None:
    out = await drive(
        HELLO,
        *say("ابي اقدم شكوى", "أوافق", "2", "لم يرد الموظف على اتصالاتي", "تخطي", "تخطي", "لا"),
        *say("1"),
    )
    summary, confirmation = out[-2]["text"], out[-1]["text"]
    assert "موضوع الشكوى: سلوك أحد الموظفين" in summary
    assert confirmation.startswith("تم استلام شكواك ✅\nرقم الشكوى: ")
    assert "ستدرس الجمعية شكواك وترد عليك." in confirmation
    assert "أيام" not in confirmation  # Mishkat's policy sets no complaint period
    assert "كما طلبت، لن نتواصل معك بشأنها" in confirmation
    [(kind, confidential, due)] = rows(db_path, "SELECT kind, confidential, due_at FROM tickets")
    assert (kind, confidential, due) == ("complaint", 1, None)


async def test_a_complaint_about_a_delay_is_not_confidential(drive: Drive, db_path: Path) -> None:
    await drive(HELLO, *say("3", "أوافق", "3", "تأخر الرد على طلبي", "تخطي", "تخطي", "نعم", "1"))
    assert rows(db_path, "SELECT confidential FROM tickets") == [(0,)]


async def test_an_anonymous_suggestion_leaves_no_trace_of_who_sent_it(
    drive: Drive, db_path: Path
) -> None:
    idea = "أقترح فتح باب التسجيل مساء الخميس"
    out = await drive(HELLO, *say("عندي اقتراح", idea, "نعم", "1"))
    assert out[-1]["text"].startswith("شكرًا لمقترحك ✅")
    assert "أُرسل دون ذكر اسمك" in out[-1]["text"]
    ref = out[-1]["text"].split("رقم المقترح: ")[1][:6]

    assert rows(db_path, "SELECT user_key, channel, data FROM tickets") == [
        (None, None, json.dumps({"text": idea, "anonymous": True}, ensure_ascii=False))
    ]
    transcript = " ".join(text for (text,) in rows(db_path, "SELECT text FROM messages"))
    assert idea not in transcript
    assert ref not in transcript
    state = rows(db_path, "SELECT state FROM conversations")[0][0]
    assert ref not in state
    assert idea not in state
    assert all(ref not in payload for (payload,) in rows(db_path, "SELECT payload FROM outbox"))

    tracked = await drive({"user": "u1", "text": "متابعة طلب"})
    assert tracked[-1]["text"].startswith("لا توجد لديك طلبات")


async def test_a_signed_suggestion_can_be_followed(drive: Drive, db_path: Path) -> None:
    out = await drive(HELLO, *say("4", "تمديد ساعات الاستقبال", "لا", "1", "متابعة طلب"))
    assert out[-2]["text"].startswith("شكرًا لمقترحك ✅")
    assert "مقترح" in out[-1]["text"]
    assert rows(db_path, "SELECT user_key FROM tickets") == [("console:u1",)]


async def test_volunteering_is_registered_as_its_own_ticket(drive: Drive, db_path: Path) -> None:
    out = await drive(
        HELLO,
        *say("ابي اتطوع", "أوافق", "ريم خالد", "0551234567", "الرياض", "التدريس والإرشاد", "2"),
        *say("1"),
    )
    assert out[-1]["text"].startswith("شكرًا لرغبتك في التطوع ✅")
    assert "ستتواصل معك الجمعية" in out[-1]["text"]
    [(kind, data)] = rows(db_path, "SELECT kind, data FROM tickets")
    assert kind == "volunteer"
    assert json.loads(data)["mobile"] == "+966551234567"


@pytest.mark.parametrize("preset", policy_files.preset_names())
def test_every_preset_has_its_feedback_forms(preset: str) -> None:
    forms = policy_files.load(preset).forms
    assert [f.key for f in forms.complaint.fields][:2] == ["subject", "text"]
    assert any(c.confidential for c in forms.complaint.fields[0].choices)
    assert [f.key for f in forms.suggestion.fields] == ["text", "anonymous"]
    assert not forms.suggestion.personal_data
    assert "full_name" in [f.key for f in forms.volunteer.fields]
    assert forms.survey.fields[0].key == "overall"
    assert forms.survey.intro is not None
    assert "لا للعقاب" in forms.survey.intro.ar
