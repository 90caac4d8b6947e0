"""Nothing a person typed is lost: zero answers, answers after a pause, files already sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import policy as policy_files
from tests.conftest import Drive, form_answers, rows, say
from tests.test_requests import AGREE, START


def _upto(key: str) -> list[dict[str, str]]:
    """Valid answers to the Mishkat request form, up to (not including) field `key`."""
    fields = [field.key for field in policy_files.load("mishkat").forms.request.fields]
    return form_answers("mishkat", "request")[: fields.index(key)]


@pytest.mark.parametrize("zero", ["0", "٠", "صفر", "لا يوجد", "ما عندي دخل"])
async def test_no_income_is_an_answer(drive: Drive, db_path: Path, zero: str) -> None:
    out = await drive(*START, AGREE, *_upto("monthly_income"), *say(zero))
    assert out[-1]["text"].startswith("السؤال 9 من 10")
    await drive(*say("تخطي", "تخطي", "1", "1"))
    [(data,)] = rows(db_path, "SELECT data FROM tickets")
    assert json.loads(data)["monthly_income"] == "0"


async def test_zero_where_zero_is_not_allowed_explains_the_range(drive: Drive) -> None:
    out = await drive(*START, AGREE, *_upto("family_size"), *say("0"))
    assert out[-2]["text"] == "فضلًا اكتب رقمًا من 1 إلى 30."
    assert out[-1]["text"].startswith("السؤال 7 من 10")


async def test_numbers_inside_short_phrases_are_read(drive: Drive, db_path: Path) -> None:
    await drive(*START, AGREE, *_upto("family_size"), *say("٦ افراد", "ثلاثة آلاف ريال"))
    out = await drive(*say("تخطي", "تخطي"))
    assert "عدد أفراد الأسرة: 6" in out[-1]["text"]
    assert "3,000 ريال" in out[-1]["text"]


async def test_an_answer_after_a_long_pause_carries_on(drive: Drive) -> None:
    out = await drive(*START, AGREE, *_upto("city"), {"clock": "+6h"}, *say("بريدة"))
    assert out[-1]["text"].startswith("السؤال 6 من 10")


async def test_a_message_that_does_not_fit_after_a_pause_asks_whether_to_continue(
    drive: Drive,
) -> None:
    out = await drive(*START, AGREE, *_upto("family_size"), {"clock": "+6h"}, *say("تخطي"))
    assert out[-1]["text"].startswith("بدأت «طلب دعم مستفيد» من قبل")
    out = await drive(*say("٤"))
    assert out[-1]["text"].startswith("السؤال 8 من 10")


async def test_a_draft_about_to_expire_is_remembered_once_then_its_person_is_told(
    drive: Drive,
) -> None:
    await drive(*START, AGREE, *_upto("city"))
    reminder = await drive({"clock": "+6d"}, {"clock": "+1h"})
    assert len(reminder) == 1
    assert reminder[0]["text"].startswith("تذكير: لم تُكمل «طلب دعم مستفيد» بعد، وسيُحذف")
    assert reminder[0]["options"] == ["أكمل من حيث توقفت", "ابدأ من جديد"]
    assert await drive({"clock": "+2d"}) == []
    out = await drive(*say("السلام عليكم"))
    assert out[0]["text"].startswith("حُذف «طلب دعم مستفيد» الذي لم يكتمل")


async def test_a_refused_file_keeps_the_files_already_received(drive: Drive, db_path: Path) -> None:
    photo = {"user": "u1", "attachment": {"kind": "photo", "name": "a.jpg"}}
    voice = {"user": "u1", "attachment": {"kind": "voice", "name": "v.ogg"}}
    out = await drive(*START, AGREE, *_upto("documents"), photo, voice)
    assert "الملفات التي أرسلتها من قبل (1) محفوظة." in out[-2]["text"]
    assert "تم" in out[-1]["options"]
    out = await drive({**photo, "attachment": {"kind": "document", "name": "b.pdf"}}, *say("تم"))
    assert "2 ملف: a.jpg, b.pdf" in out[-1]["text"]


async def test_correcting_the_attachments_asks_to_add_or_replace(
    drive: Drive, db_path: Path
) -> None:
    photo = {"user": "u1", "attachment": {"kind": "photo", "name": "a.jpg"}}
    await drive(*START, AGREE, *_upto("documents"), photo, *say("تم"))
    out = await drive(*say("2", "10"))
    assert out[-1]["options"] == ["إضافة ملفات", "استبدالها"]
    out = await drive(*say("1"), {**photo, "attachment": {"kind": "photo", "name": "b.jpg"}})
    out = await drive(*say("تم"))
    assert "2 ملف: a.jpg, b.jpg" in out[-1]["text"]
    out = await drive(
        *say("2", "10", "2"), {**photo, "attachment": {"kind": "photo", "name": "c.jpg"}}
    )
    out = await drive(*say("تم"))
    assert "1 ملف: c.jpg" in out[-1]["text"]
