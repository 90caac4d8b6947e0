"""Whatever a person answers the team reaches the team; the thread keeps personal data masked."""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import Clock
from tests.conftest import VALID_ID, Drive, say
from tests.days import after, written
from tests.test_desk import staff, submit, to

ACK = "وصلت رسالتك إلى فريق الجمعية."


def thread(out: list[dict[str, Any]]) -> list[str]:
    return [line["text"] for line in to(out, "staff", "thread")]


@pytest.mark.parametrize(
    ("action", "text"),
    [
        ("info", "كم عدد أطفالك في المدارس؟"),
        ("visit", "10:30 in ten days"),
        (None, "هل ما زلت بحاجة إلى المستلزمات؟"),
    ],
)
async def test_every_answer_to_a_staff_message_reaches_the_thread(
    drive: Drive, clock: Clock, action: str | None, text: str
) -> None:
    policy = "mishkat"
    if action == "visit":
        text = f"{written(after(clock, 10), 'hijri')} 10:30"
        policy = "atta"  # a policy with field visits
    ref, _ = await submit(drive, policy=policy)
    await drive(staff("s1", action="claim", ticket=ref), policy=policy)
    await drive(staff("s1", text, ref, action), policy=policy)
    out = await drive(
        *say("0", "نعم", "٣", "2"),
        {"user": "u1", "attachment": {"kind": "photo", "name": "صك.jpg"}},
        policy=policy,
        desk=True,
    )
    assert thread(out)[:4] == ["👤 0", "👤 نعم", "👤 ٣", "👤 2"]
    assert to(out, "staff", "thread")[4]["attachments"] == [{"kind": "photo", "name": "صك.jpg"}]
    replies = [line["text"] for line in to(out, "u1")]
    assert len(replies) == 1
    assert replies[0].startswith(ACK)


async def test_an_answer_to_a_rejection_reaches_the_team(drive: Drive) -> None:
    ref, _ = await submit(drive)
    await drive(
        staff("s1", action="claim", ticket=ref), staff("s1", "الدخل يتجاوز الحد", ref, "reject")
    )
    out = await drive(*say("لكن دخلي صفر، أرجو إعادة النظر"), desk=True)
    assert thread(out) == ["👤 لكن دخلي صفر، أرجو إعادة النظر"]


async def test_the_relay_ends_when_the_person_chooses_another_service(drive: Drive) -> None:
    ref, _ = await submit(drive)
    await drive(staff("s1", action="claim", ticket=ref))
    out = await drive(*say("القائمة", "2"), desk=True)
    assert thread(out) == []
    assert to(out, "u1")[0]["text"].startswith("محادثتك مع الفريق ما زالت مفتوحة")
    assert to(out, "u1")[-1]["text"].startswith("طلباتك:")
    after = await drive(*say("شكرا"), desk=True)
    assert thread(after) == []


async def test_the_relay_ends_when_the_ticket_closes(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "ابي اكلم موظف"), desk=True)
    ref = to(out, "staff", "card")[0]["ticket"]
    await drive(staff("s1", "", ref, "claim"), staff("s1", "", ref, "close"))
    out = await drive(*say("0"), desk=True)
    assert thread(out) == []
    assert out[-1]["options"][0] == "تقديم طلب"


async def test_staff_can_ask_again_while_an_answer_is_awaited(drive: Drive) -> None:
    ref, _ = await submit(drive)
    await drive(staff("s1", action="claim", ticket=ref), staff("s1", "أرفق الصك", ref, "info"))
    out = await drive(staff("s1", "وأرفق أيضًا تعريف الراتب", ref, "info"), desk=True)
    assert "وأرفق أيضًا تعريف الراتب" in to(out, "u1")[0]["text"]
    assert to(out, "s1") == []


async def test_a_staff_message_during_a_form_keeps_the_form_for_later(drive: Drive) -> None:
    ref, _ = await submit(drive)
    await drive(*say("ابي اقدم شكوى", "أوافق", "1"))
    out = await drive(staff("s1", "نود التأكد من عنوانك", ref))
    assert "إجاباتك في «شكوى» محفوظة" in out[-1]["text"]
    out = await drive(*say("حي النخيل"), desk=True)
    assert thread(out) == ["👤 حي النخيل"]


async def test_ids_and_phones_in_the_thread_are_masked_but_whole_for_the_claimer(
    drive: Drive,
) -> None:
    ref, _ = await submit(drive)
    await drive(
        staff("s1", action="claim", ticket=ref), staff("s1", "رقم هوية الزوج؟", ref, "info")
    )
    out = await drive(*say(f"هويته {VALID_ID} وجواله 055 987 6543"), desk=True)
    [posted] = thread(out)
    assert VALID_ID not in posted
    assert "987 6543" not in posted
    assert "••••••0008" in posted
    out = await drive(staff("s3", f"/ticket {ref}"), staff("s1", f"/ticket {ref} full"), desk=True)
    assert VALID_ID not in to(out, "s3")[0]["text"]
    assert "••••••0008" in to(out, "s3")[0]["text"]
    assert VALID_ID in to(out, "s1")[0]["text"]


async def test_a_non_claimer_sees_no_form_answers_in_ticket(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", action="claim", ticket=ref), staff("s3", f"/ticket {ref}"), desk=True
    )
    answer = to(out, "s3")[0]["text"]
    for private in ("أحتاج إلى الدعم لأسرتي", "3500", "3,500", VALID_ID):
        assert private not in answer


async def test_no_information_question_on_an_anonymous_suggestion(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "عندي اقتراح", "فتح فرع في الشمال", "نعم", "1"), desk=True)
    ref = to(out, "staff", "card")[0]["ticket"]
    out = await drive(staff("s1", "", ref, "claim"), staff("s1", "من أنت؟", ref, "info"), desk=True)
    assert to(out, "s1")[-1]["text"] == f"التذكرة {ref} أُرسلت دون ذكر الاسم: لا يوجد من يُسأل."
