"""Submitting a request, end to end through the JSON-lines driver, for every association."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot import policy as policy_files
from tests.conftest import VALID_ID, Drive, form_answers

PRESETS = policy_files.preset_names()
START = [{"user": "u1", "text": "مرحبا"}, {"user": "u1", "text": "ابي اقدم طلب"}]
AGREE = {"user": "u1", "text": "1"}


def ref_in(text: str) -> str:
    match = re.search(r"رقم الطلب: (\d{6,})", text)
    assert match, text
    return match[1]


def tickets(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM tickets")]


@pytest.mark.parametrize("preset", PRESETS)
async def test_from_greeting_to_reference_number(drive: Drive, db_path: Path, preset: str) -> None:
    policy = policy_files.load(preset)
    out = await drive(
        *START,
        AGREE,
        *form_answers(preset, "request"),
        {"user": "u1", "text": "1"},
        AGREE,
        policy=preset,
    )
    consent, summary, declaration, confirmation = out[2], out[-3], out[-2], out[-1]
    assert consent["text"] == policy.forms.request.consent.ar
    assert consent["options"] == ["أوافق", "لا أوافق"]
    assert summary["text"].startswith(("فضلًا راجع بياناتك:", "فضلًا راجعي بياناتكِ:"))
    assert "••••••0008" in summary["text"]
    assert "••••••4567" in summary["text"]
    assert VALID_ID not in summary["text"]
    assert declaration["text"] == policy.declaration.ar
    ref = ref_in(confirmation["text"])
    assert policy.review.wording.ar in confirmation["text"]
    if policy.review.period_days:
        assert "تنتهي مدة الدراسة في أقرب تقدير يوم" in confirmation["text"]
        assert "هـ" in confirmation["text"]
    else:
        assert "بأسرع وقت ممكن" in confirmation["text"]

    [ticket] = tickets(db_path)
    data = json.loads(ticket["data"])
    assert ticket["ref"] == ref
    assert ticket["kind"] == "request"
    assert ticket["channel"] == "console"
    assert ticket["stage"] == "received"
    assert ticket["declaration"] == policy.declaration.ar
    assert ticket["declared_at"]
    assert ticket["service"] == policy.forms.request.fields[0].choices[0].ar
    assert data["national_id"] == VALID_ID
    assert data["mobile"] == "+966551234567"
    assert data["documents"] == [{"kind": "photo", "name": "id.jpg", "ref": "id.jpg"}]


async def test_atta_warns_that_false_data_forfeits_the_aid(drive: Drive) -> None:
    out = await drive(
        *START, AGREE, *form_answers("atta", "request"), {"user": "u1", "text": "1"}, policy="atta"
    )
    assert "لن أستحق المساعدة في حال تم التأكد من أن البيانات المقدمة غير صحيحة" in out[-1]["text"]


async def test_wrong_ids_and_phones_are_explained_and_asked_again(drive: Drive) -> None:
    out = await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "سارة أحمد"},
        {"user": "u1", "text": "١٢٣٤"},
        {"user": "u1", "text": "1000000009"},
        {"user": "u1", "text": VALID_ID},
        {"user": "u1", "text": "0112345678"},
        {"user": "u1", "text": "+966 55 123 4567"},
    )
    texts = [line["text"] for line in out]
    assert texts[-8] == "رقم الهوية يتكون من 10 أرقام ويبدأ بـ 1 أو 2."
    assert texts[-7].endswith("رقم الهوية الوطنية أو الإقامة (10 أرقام).")
    assert texts[-6] == "رقم الهوية غير صحيح. فضلًا تأكد منه وأعد كتابته."
    assert texts[-3].startswith("فضلًا اكتب رقم جوال سعودي")
    assert texts[-1].startswith("السؤال 5 من")


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ({"attachment": {"kind": "photo", "name": "p.jpg"}}, "أحتاج هنا إلى إجابة مكتوبة."),
        (
            {"attachment": {"kind": "voice", "name": "v.ogg"}},
            "لا أستطيع سماع الرسائل الصوتية هنا، فضلًا اكتب إجابتك.",
        ),
        ({"location": {"lat": 1, "lon": 2}}, "أحتاج هنا إلى إجابة مكتوبة."),
        ({"text": "😀👍"}, "فضلًا اكتب إجابتك بالحروف."),
        ({"text": ""}, "فضلًا اكتب إجابتك بالحروف."),
        ({"text": "\u202e\x00"}, "فضلًا اكتب إجابتك بالحروف."),
        ({"text": "نورة"}, "فضلًا اكتب الاسم الكامل بالحروف: الاسم الأول واسم العائلة على الأقل."),
        ({"text": "1"}, "هذا السؤال يحتاج إلى إجابة، فضلًا اكتبها بالحروف."),
        ({"text": "تخطي"}, "هذا السؤال يحتاج إلى إجابة، فضلًا اكتبها بالحروف."),
        (
            {"text": "نورة 123"},
            "فضلًا اكتب الاسم الكامل بالحروف: الاسم الأول واسم العائلة على الأقل.",
        ),
    ],
)
async def test_bad_input_in_a_form_gets_a_kind_answer_and_the_same_question(
    drive: Drive, line: dict[str, Any], answer: str
) -> None:
    out = await drive(*START, AGREE, {"user": "u1", "text": "1"}, {"user": "u1", **line})
    assert out[-2]["text"] == answer
    assert out[-1]["text"].startswith("السؤال 2 من")


async def test_a_field_is_corrected_from_the_summary(drive: Drive, db_path: Path) -> None:
    out = await drive(
        *START,
        AGREE,
        *form_answers("mishkat", "request"),
        {"user": "u1", "text": "2"},
        {"user": "u1", "text": "رقم الجوال"},
        {"user": "u1", "text": "0509876543"},
    )
    assert out[-3]["text"] == "أي بيان تريد تصحيحه؟"
    assert "رقم الجوال" in out[-3]["options"]
    assert out[-1]["text"].startswith("فضلًا راجع بياناتك:")
    assert "••••••6543" in out[-1]["text"]
    assert "نورة محمد السالم" in out[-1]["text"]
    assert tickets(db_path) == []


async def test_refusing_the_declaration_submits_nothing(drive: Drive, db_path: Path) -> None:
    out = await drive(
        *START,
        AGREE,
        *form_answers("mishkat", "request"),
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "لا أوافق"},
    )
    assert out[-2]["text"].startswith("لا يمكن تقديم الطلب دون إقرارك")
    assert out[-1]["text"].startswith("فضلًا راجع بياناتك:")
    assert tickets(db_path) == []


async def test_cancelling_asks_first_then_deletes_the_draft(drive: Drive, db_path: Path) -> None:
    out = await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "سارة أحمد"},
        {"user": "u1", "text": "إلغاء"},
        {"user": "u1", "text": "لا، أكمل"},
        {"user": "u1", "text": "الغاء"},
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "1"},
    )
    assert out[-6]["text"] == "هل تريد إلغاء النموذج وحذف ما أدخلته؟"
    assert out[-5]["text"].startswith("السؤال 3 من")
    assert out[-3]["text"].startswith("تم الإلغاء، وحُذف ما أدخلته.")
    assert out[-2]["text"].startswith("طلب دعم مستفيد")  # a fresh form, consent already given
    assert out[-1]["text"].startswith("السؤال 1 من")
    with sqlite3.connect(db_path) as db:
        state = json.loads(db.execute("SELECT state FROM conversations").fetchone()[0])
    assert "سارة أحمد" not in json.dumps(state, ensure_ascii=False)


async def test_refusing_consent_collects_nothing_and_gives_the_channels(
    drive: Drive, db_path: Path
) -> None:
    out = await drive(*START, {"user": "u1", "text": "لا أوافق"}, policy="atta")
    assert out[-1]["text"].startswith("نحترم اختيارك، ولم نحتفظ بأي من بياناتك.")
    assert "0509994514" in out[-1]["text"]
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT agreed FROM consents").fetchall() == [(0,)]


async def test_back_goes_to_the_previous_question(drive: Drive) -> None:
    out = await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "رجوع"},
        {"user": "u1", "text": "رجوع"},
    )
    assert out[-3]["text"].startswith("السؤال 1 من")
    assert out[-2]["text"] == "هذا هو السؤال الأول."
    assert out[-1]["text"].startswith("السؤال 1 من")
    assert out[-1]["options"][0] == "دعم تعليمي"


async def test_a_restart_in_the_middle_continues_with_the_next_question(drive: Drive) -> None:
    await drive(*START, AGREE, {"user": "u1", "text": "1"}, {"user": "u1", "text": "سارة أحمد"})
    out = await drive({"user": "u1", "text": VALID_ID})
    assert out[-1]["text"].startswith("السؤال 4 من")


async def test_a_second_tap_on_agree_never_makes_a_second_ticket(
    drive: Drive, db_path: Path
) -> None:
    out = await drive(
        *START,
        AGREE,
        *form_answers("mishkat", "request"),
        {"user": "u1", "text": "1"},
        {"user": "u1", "id": "tap-1", "text": "أقر وأوافق"},
        {"user": "u1", "id": "tap-1", "text": "أقر وأوافق"},
        {"user": "u1", "id": "tap-2", "text": "أقر وأوافق"},
    )
    ref = ref_in(out[-2]["text"])
    assert out[-1]["text"].startswith(f"وصلنا هذا من قبل، وهو الطلب رقم {ref}")
    assert len(tickets(db_path)) == 1


async def test_leaving_for_the_menu_keeps_the_draft_and_offers_to_resume(drive: Drive) -> None:
    out = await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "سارة أحمد"},
        {"user": "u1", "text": "القائمة"},
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "1"},
    )
    assert out[-3]["text"].startswith("حفظنا إجاباتك")
    assert out[-2]["text"].startswith("بدأت «طلب دعم مستفيد» من قبل")
    assert out[-1]["text"].startswith("السؤال 3 من")


async def test_coming_back_hours_later_asks_whether_to_continue(drive: Drive) -> None:
    out = await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "سارة أحمد"},
        {"clock": "+6h"},
        {"user": "u1", "text": "السلام عليكم"},
        {"user": "u1", "text": "ابدأ من جديد"},
    )
    assert out[-3]["text"].startswith(
        "وعليكم السلام ورحمة الله وبركاته.\nبدأت «طلب دعم مستفيد» من قبل"
    )
    assert out[-1]["text"].startswith("السؤال 1 من")


async def test_an_abandoned_draft_expires_with_what_was_typed(drive: Drive, db_path: Path) -> None:
    await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "سارة أحمد"},
        {"user": "u1", "text": VALID_ID},
        {"clock": "+8d"},
    )
    with sqlite3.connect(db_path) as db:
        state = db.execute("SELECT state FROM conversations").fetchone()[0]
        typed = [row[0] for row in db.execute("SELECT text FROM messages WHERE direction='in'")]
    assert "drafts" not in json.loads(state)
    assert VALID_ID not in typed
    assert "سارة أحمد" not in typed
    out = await drive({"user": "u1", "text": "1"})
    assert out[-1]["text"].startswith("السؤال 1 من")


async def test_a_draft_expired_while_the_bot_runs_is_gone_from_the_next_turn(
    drive: Drive,
) -> None:
    out = await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "1"},
        {"user": "u1", "text": "سارة أحمد"},
        {"clock": "+8d"},
        {"user": "u1", "text": "تقديم طلب"},
    )
    assert "من قبل" not in out[-1]["text"]  # no "you began this before"


async def test_a_membership_number_is_accepted_in_any_digits(drive: Drive, db_path: Path) -> None:
    answers = form_answers("khairat-albaha", "request")
    fields = policy_files.load("khairat-albaha").forms.request.fields
    answers[[f.key for f in fields].index("membership_number")] = {"user": "u1", "text": "١٠٢٤"}
    await drive(
        *START, AGREE, *answers, {"user": "u1", "text": "1"}, AGREE, policy="khairat-albaha"
    )
    [ticket] = tickets(db_path)
    assert json.loads(ticket["data"])["membership_number"] == "1024"


async def test_changing_ones_mind_at_a_written_question_goes_to_that_service(
    drive: Drive,
) -> None:
    out = await drive(
        *START,
        AGREE,
        {"user": "u1", "text": "٣"},
        {"user": "u1", "text": "لا خلاص ابي اشتكي بدال"},
        AGREE,
    )
    assert out[-4]["text"] == "حفظنا إجاباتك، اختر البند نفسه لتكمل."
    assert "في شكواك" in out[-3]["text"]  # what the complaint keeps, and consent to it
    assert out[-1]["text"].startswith("السؤال 1 من 5\nيُرجى اختيار موضوع الشكوى.")
    back = await drive({"user": "u1", "text": "القائمة"}, {"user": "u1", "text": "تقديم طلب"})
    assert back[-1]["text"].startswith("بدأت «طلب دعم مستفيد» من قبل.")


async def test_a_long_answer_that_mentions_a_complaint_is_still_the_answer(
    drive: Drive, db_path: Path
) -> None:
    answers = form_answers("mishkat", "request")[:8]  # up to the details question
    told = "ابي اشتكي لكم حالنا فالوالد متوفى والوالدة مريضة ونحتاج دعم للدراسة"
    out = await drive(*START, AGREE, *answers, {"user": "u1", "text": told})
    assert out[-1]["text"].startswith("السؤال 10 من 10")
