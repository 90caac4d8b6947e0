"""A complaint about a staff member reaches supervisors only, however the person says it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot import policy as policy_files
from tests.conftest import Drive, say
from tests.test_desk import staff, to
from tests.test_reports import _sheets

PRESETS = ("mishkat", "atta", "durbah", "khairat-albaha", "women-in-mining")
RUDE = "الموظف اللي كلمني كان قليل أدب"
SUBJECT = "سلوك أحد الموظفين"


def _the_rest(policy: str) -> list[str]:
    """Answers to the complaint's questions after its subject: details, then skip or yes."""
    fields = policy_files.load(policy).forms.complaint.fields[1:]
    return [
        "رفع صوته علي" if f.type.value == "long_text" else "تخطي" if not f.required else "1"
        for f in fields
    ]


def _subject_number(policy: str, digits: str) -> str:
    field, number = policy_files.load(policy).forms.complaint.confidential_choice() or (None, 0)
    assert field is not None
    typed = str(number + 1)
    return (
        typed.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) if digits == "arabic" else typed
    )


PATHS = {
    "its label typed": lambda policy: ["ابي اشتكي", "أوافق", SUBJECT],
    "its number in Arabic-Indic digits": lambda policy: [
        "ابي اشتكي",
        "أوافق",
        _subject_number(policy, "arabic"),
    ],
    "words at the subject question": lambda policy: ["ابي اشتكي", "أوافق", RUDE],
    "words from the menu": lambda policy: ["مرحبا", RUDE, "أوافق"],
    "a first message": lambda policy: [RUDE, "أوافق"],
}


async def _complain(drive: Drive, policy: str, opening: list[str]) -> list[dict[str, Any]]:
    return await drive(*say(*opening, *_the_rest(policy), "1", "1"), policy=policy, desk=True)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("policy", PRESETS)
async def test_every_way_of_naming_it_files_a_confidential_complaint(
    drive: Drive, policy: str, path: str
) -> None:
    out = await _complain(drive, policy, PATHS[path](policy))
    assert to(out, "staff") == []
    [card] = to(out, "supervisors", "card")
    assert card["text"].startswith("🔒")
    assert SUBJECT in card["text"]
    replies = [line["text"] for line in to(out, "u1")]
    assert not any("على تواصل مع فريق" in text for text in replies)
    assert any(text.startswith("تم استلام شكواك") for text in replies)


async def test_ordinary_staff_never_see_it_nor_does_an_export_without_full(
    drive: Drive, db_path: Path
) -> None:
    out = await _complain(drive, "mishkat", PATHS["a first message"]("mishkat"))
    ref = to(out, "supervisors", "card")[0]["ticket"]
    out = await drive(
        staff("s1", "/open"), staff("s1", f"/ticket {ref}"), staff("s2", "/export 30"), desk=True
    )
    listing, refusal = to(out, "s1", "answer")
    assert ref not in listing["text"]
    assert refusal["text"] == f"التذكرة {ref} سرية: للمشرفين فقط."
    [document] = to(out, "s2")[-1]["attachments"]
    assert ref not in str(_sheets(document["file"]))
    assert to(out, "staff") == []


async def test_another_subject_told_of_a_staff_member_is_confidential_too(drive: Drive) -> None:
    out = await drive(
        *say("ابي اشتكي", "أوافق", "1", "الموظفة رفعت صوتها علي وما احترمتني"),
        *say(*_the_rest("mishkat")[1:], "1", "1"),
        desk=True,
    )
    assert to(out, "staff") == []
    assert to(out, "supervisors", "card")[0]["text"].startswith("🔒")


@pytest.mark.parametrize("wish", ["ابي اكلم موظف", "التحدث مع موظف", "ودي اكلم المشرف"])
async def test_asking_for_a_person_still_reaches_the_team(drive: Drive, wish: str) -> None:
    out = await drive(*say("مرحبا", wish), desk=True)
    assert to(out, "staff", "card")
    assert to(out, "supervisors") == []


async def test_an_unfinished_complaint_resumed_after_telling_of_staff_is_confidential(
    drive: Drive,
) -> None:
    await drive(*say("ابي اشتكي", "أوافق", "1", "القائمة"))
    out = await drive(*say(RUDE, "أكمل من حيث توقفت", *_the_rest("mishkat"), "1", "1"), desk=True)
    assert to(out, "staff") == []
    assert to(out, "supervisors", "card")[0]["text"].startswith("🔒")
