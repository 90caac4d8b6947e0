"""The staff desk through the JSON-lines driver: the whole story of a request, and its rules."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.clock import Clock
from conversations import dates
from tests.conftest import VALID_ID, Drive, form_answers, rows, say
from tests.days import after, written
from tests.test_requests import AGREE, START, ref_in


def staff(
    who: str, text: str = "", ticket: str | None = None, action: str | None = None
) -> dict[str, Any]:
    line: dict[str, Any] = {"staff": who, "text": text}
    if ticket:
        line["ticket"] = ticket
    if action:
        line["action"] = action
    return line


def to(out: list[dict[str, Any]], who: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [line for line in out if line.get("to") == who and kind in (None, line.get("kind"))]


async def submit(
    drive: Drive, user: str = "u1", policy: str = "mishkat"
) -> tuple[str, list[dict[str, Any]]]:
    lines = [{**line, "user": user} for line in [*START, AGREE]]
    out = await drive(
        *lines,
        *form_answers(policy, "request", user),
        *say("1", "1", user=user),
        policy=policy,
        desk=True,
    )
    people = [line for line in out if "kind" not in line]
    return ref_in(people[-1]["text"]), out


async def test_the_whole_story_of_a_request(drive: Drive, db_path: Path, clock: Clock) -> None:
    atta = "atta"  # a policy with field visits
    ref, out = await submit(drive, policy=atta)
    [card] = to(out, "staff", "card")
    assert card["ticket"] == ref
    assert "••••••0008" in card["text"]
    assert "تم الاستلام" in card["text"]

    out = await drive(staff("s1", action="claim", ticket=ref), policy=atta, desk=True)
    assert "المسؤول: s1" in to(out, "staff", "card")[0]["text"]
    assert to(out, "u1")[0]["text"] == f"جمعية عطاء:\nطلبك رقم {ref} قيد الدراسة الآن."

    out = await drive(
        staff("s1", "يرجى إرفاق صورة صك الإعالة", ref, "info"), policy=atta, desk=True
    )
    assert "يرجى إرفاق صورة صك الإعالة" in to(out, "u1")[0]["text"]
    out = await drive(
        {"user": "u1", "text": "أرفقت الصك", "attachment": {"kind": "document", "name": "صك.pdf"}},
        policy=atta,
        desk=True,
    )
    [thread] = to(out, "staff", "thread")
    assert thread["text"] == "👤 أرفقت الصك"
    assert thread["attachments"] == [{"kind": "document", "name": "صك.pdf"}]
    assert to(out, "u1")[0]["text"].startswith("وصلت رسالتك إلى فريق الجمعية.")
    assert "قيد الدراسة" in to(out, "staff", "card")[0]["text"]

    day = after(clock, 10)
    typed = f"{written(day, 'hijri', 'arabic')} ١٠:٣٠"
    out = await drive(staff("s1", typed, ref, "visit"), policy=atta, desk=True)
    visit = to(out, "u1")[0]["text"]
    assert "زيارة ميدانية" in visit
    assert dates.hijri(day, "ar") in visit
    assert "10:30 صباحًا" in visit

    out = await drive(
        staff("s1", "", ref, "accept"), staff("s1", "", ref, "delivered"), policy=atta, desk=True
    )
    people = to(out, "u1")
    assert people[0]["text"].endswith(f"يسعدنا إبلاغك بقبول طلبك رقم {ref}.")
    assert people[1]["text"].endswith(f"تم تقديم الخدمة لطلبك رقم {ref}. شكرًا لك.")

    invitation = await drive({"clock": "+1d"}, policy=atta)
    assert invitation[0]["text"].startswith(f"اكتمل طلبك رقم {ref}")
    await drive(*say("نعم", "5", "5", "4", "5", "نعم", "تخطي"), policy=atta)

    out = await drive(staff("s2", "/stats"), staff("s2", "/survey 30"), policy=atta, desk=True)
    stats, survey = to(out, "s2", "answer")
    assert "طلب · تم تقديم الخدمة: 1" in stats["text"]
    assert "الرضا: 5 من 5 في 1 تقييم" in stats["text"]
    assert "وسيط زمن أول استجابة" in stats["text"]
    assert "آخر 30 يومًا (منذ" in stats["text"]
    assert "هذا الشهر حسب القناة: " in stats["text"]
    assert "• التقييم العام: 5 (1)" in survey["text"]
    out = await drive({"clock": "+31d"}, staff("s2", "/stats"), policy=atta, desk=True)
    assert "الرضا: — من 5 في 0 تقييم" in to(out, "s2", "answer")[-1]["text"]  # /stats is now

    events = rows(db_path, "SELECT actor, action, stage FROM ticket_events ORDER BY id")
    assert events == [
        ("person", "submitted", "received"),
        ("s1", "stage", "claimed"),
        ("s1", "stage", "info_needed"),
        ("person", "answered", "claimed"),
        ("s1", "stage", "visit_scheduled"),
        ("s1", "stage", "accepted"),
        ("s1", "stage", "delivered"),
    ]


async def test_nothing_bound_for_a_group_carries_a_full_national_id(drive: Drive) -> None:
    ref, out = await submit(drive)
    out += await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"/ticket {ref}"),
        staff("s2", f"/find {VALID_ID}"),
        desk=True,
    )
    for line in out:
        if line.get("to") in {"staff", "supervisors", "s2"}:
            assert VALID_ID not in line["text"]
    assert "••••••0008" in to(out, "s2", "answer")[0]["text"]
    assert VALID_ID in to(out, "s1", "answer")[0]["text"]  # the claimer, privately


async def test_only_the_claimer_sees_the_ticket_in_full_and_privately(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"/ticket {ref} full"),
        staff("s3", f"/ticket {ref} full"),
        desk=True,
    )
    mine, theirs = to(out, "s1", "answer"), to(out, "s3", "answer")
    assert VALID_ID in mine[0]["text"]
    assert "0551234567" in mine[0]["text"]
    assert theirs[0]["text"] == f"لا يطّلع على بيانات التذكرة {ref} كاملة إلا من استلمها."


async def test_illegal_moves_and_other_peoples_tickets_are_refused_clearly(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", "", ref, "delivered"),
        staff("s1", "", ref, "claim"),
        staff("s3", "", ref, "accept"),
        staff("s1", "", ref, "reject"),
        staff("s1", "", ref, "fly"),
        desk=True,
    )
    assert to(out, "s1", "answer")[0]["text"] == (
        f"التذكرة {ref} في مرحلة «تم الاستلام»: استلم التذكرة أولًا."
    )
    assert to(out, "s3", "answer")[0]["text"] == f"التذكرة {ref} استلمها s1."
    assert to(out, "s1", "answer")[2]["text"] == "اكتب سبب الاعتذار مع الإجراء."
    assert to(out, "s1", "answer")[3]["text"].startswith("إجراء غير معروف")


async def test_a_rejection_tells_the_reason_and_notes_stay_internal(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", "الدخل يتجاوز الحد", ref, "note"),
        staff("s1", "الدخل الشهري يتجاوز الحد المعتمد في دليل سياسة الدعم", ref, "reject"),
        desk=True,
    )
    people = to(out, "u1")
    assert all("الدخل يتجاوز الحد" not in line["text"] for line in people)
    assert (
        f"لم يُقبل طلبك رقم {ref}.\nالسبب: الدخل الشهري يتجاوز الحد المعتمد في دليل سياسة الدعم"
        in people[-1]["text"]
    )
    assert people[-1]["text"].endswith("ويمكنك أيضًا تقديم شكوى، أو تقديم طلب جديد إذا تغيرت ظروفك.")
    assert to(out, "staff", "note")[0]["text"] == "📝 s1: الدخل يتجاوز الحد"


async def test_staff_replies_reach_the_person_signed_by_the_association(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", "مرحبًا، سنتصل بك غدًا لتأكيد الموعد", ref),
        desk=True,
    )
    [message] = to(out, "u1")
    assert message["text"] == "جمعية مشكاة:\nمرحبًا، سنتصل بك غدًا لتأكيد الموعد"
    assert "s1" not in message["text"]
    line = {
        **staff("s1", "نموذج الإقرار", ref),
        "attachment": {"kind": "document", "name": "إقرار.pdf"},
    }
    [sent] = to(await drive(line), "u1")
    assert sent["attachments"] == [{"kind": "document", "name": "إقرار.pdf"}]


async def test_talking_to_a_person_goes_both_ways(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "ابي اكلم موظف", "عندي سؤال عن موعد التسجيل"), desk=True)
    [card] = to(out, "staff", "card")
    ref = card["ticket"]
    assert to(out, "staff", "thread")[0]["text"] == "👤 عندي سؤال عن موعد التسجيل"
    out = await drive(staff("s1", "التسجيل يبدأ الأحد القادم", ref), *say("شكرًا"), desk=True)
    assert to(out, "u1")[0]["text"] == "جمعية مشكاة:\nالتسجيل يبدأ الأحد القادم"
    assert to(out, "staff", "thread")[0]["text"] == "👤 شكرًا"
    out = await drive(*say("القائمة", "حقوقي"), desk=True)
    assert to(out, "staff") == []


async def test_closing_a_conversation_stops_passing_messages_on(drive: Drive) -> None:
    out = await drive(*say("مرحبا", "ابي اكلم موظف"), desk=True)
    ref = to(out, "staff", "card")[0]["ticket"]
    out = await drive(
        staff("s1", "", ref, "claim"), staff("s1", "", ref, "close"), *say("حقوقي"), desk=True
    )
    assert to(out, "staff", "thread") == []
    assert to(out, "u1")[-1]["text"].startswith("حقوق المستفيد")


async def test_a_confidential_complaint_reaches_supervisors_only(drive: Drive) -> None:
    out = await drive(
        *say("مرحبا", "شكوى", "أوافق", "2", "تعامل غير لائق", "تخطي", "تخطي", "نعم", "1"),
        desk=True,
    )
    assert to(out, "staff") == []
    [card] = to(out, "supervisors", "card")
    ref = card["ticket"]
    assert card["text"].startswith("🔒")
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", "/open"),
        staff("s2", action="claim", ticket=ref),
        desk=True,
    )
    assert to(out, "s1", "answer")[0]["text"] == f"التذكرة {ref} سرية: للمشرفين فقط."
    assert ref not in to(out, "s1", "answer")[1]["text"]
    assert to(out, "staff") == []
    assert to(out, "u1")[0]["text"].endswith(f"شكواك رقم {ref} قيد المعالجة.")


async def test_overdue_is_announced_once_per_threshold(drive: Drive) -> None:
    ref, _ = await submit(drive)
    first = await drive({"clock": "+3d"}, desk=True)
    assert [line["text"] for line in to(first, "staff", "alert")] == [
        f"⏰ التذكرة {ref} تجاوزت المدة المحددة لأول استجابة."
    ]
    assert to(await drive({"clock": "+1d"}, desk=True), "staff", "alert") == []
    late = await drive({"clock": "+15d"}, staff("s1", "/overdue"), desk=True)
    assert [line["text"] for line in to(late, "staff", "alert")] == [
        f"⏰ التذكرة {ref} تجاوزت مدة الدراسة المحددة في السياسة."
    ]
    overdue = to(late, "s1", "answer")[0]["text"]
    assert overdue.startswith("التذاكر المتأخرة: 1")
    assert overdue.count(ref) == 1
    assert to(await drive({"clock": "+1d"}, desk=True), "staff", "alert") == []


async def test_anyone_not_on_staff_gets_a_polite_refusal_and_nothing_else(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("x9", "/stats"), staff("x9", "", ref, "claim"), staff("x9", "hello", ref), desk=True
    )
    assert (
        out
        == [
            {
                "to": "x9",
                "ticket": None,
                "kind": "answer",
                "text": "عذرًا، هذه الخدمة لفريق الجمعية فقط.",
            }
        ]
        * 3
    )


async def test_permanent_beneficiaries_come_up_for_periodic_review(drive: Drive) -> None:
    ref, _ = await submit(drive, policy="atta")
    await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", action="permanent", ticket=ref),
        policy="atta",
    )
    out = await drive({"clock": "+181d"}, policy="atta", desk=True)
    alerts = [line["text"] for line in to(out, "staff", "alert")]
    assert any(alert.startswith(f"🔁 التذكرة {ref}") for alert in alerts)
    question = to(out, "u1")[-1]
    assert "المراجعة الدورية" in question["text"]
    out = await drive(*say("1"), policy="atta", desk=True)
    assert to(out, "staff", "thread")[0]["text"] == "👤 نعم، لم يتغير شيء"


async def test_the_periodic_review_is_refused_where_the_policy_has_none(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", action="permanent", ticket=ref),
        desk=True,
    )
    assert to(out, "s1", "answer")[-1]["text"] == "لا تنص سياسة الجمعية على مراجعة دورية."


async def test_visits_in_the_past_are_refused_and_far_ones_need_confirming(
    drive: Drive, clock: Clock
) -> None:
    ref, _ = await submit(drive, policy="atta")
    yesterday, far_off = after(clock, -1), after(clock, 200)
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"{written(yesterday)} 10:30", ref, "visit"),
        staff("s1", f"{written(far_off, 'hijri')} 10:30", ref, "visit"),
        policy="atta",
        desk=True,
    )
    _full, past, far = to(out, "s1", "answer")
    assert past["text"].startswith("موعد الزيارة ")
    assert dates.hijri(yesterday, "ar") in past["text"]
    assert past["text"].endswith("قد مضى. اكتب تاريخًا ووقتًا قادمين.")
    assert "بعد أكثر من 90 يومًا" in far["text"]
    assert all("زيارة" not in line["text"] for line in to(out, "u1")[1:])
    confirmed = f"{written(far_off, digits='arabic')} 10:30 تأكيد"
    out = await drive(staff("s1", confirmed, ref, "visit"), policy="atta", desk=True)
    assert dates.hijri(far_off, "ar") in to(out, "u1")[0]["text"]


async def test_a_visit_can_be_rescheduled_or_cancelled_and_the_person_is_told(
    drive: Drive, clock: Clock
) -> None:
    ref, _ = await submit(drive, policy="atta")
    first, moved = after(clock, 20), after(clock, 21)
    await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"{written(first, 'hijri')} 10:30", ref, "visit"),
        policy="atta",
    )
    out = await drive(
        staff("s1", f"{written(moved, 'hijri', 'arabic')} 09:00", ref, "visit"),
        policy="atta",
        desk=True,
    )
    assert f"{dates.hijri(moved, 'ar')} الساعة 9:00 صباحًا" in to(out, "u1")[0]["text"]
    out = await drive(
        staff("s1", "", ref, "cancel_visit"), *say("متى تزوروني إذن؟"), policy="atta", desk=True
    )
    assert to(out, "u1")[0]["text"].endswith(f"أُلغيت الزيارة الميدانية الخاصة بطلبك رقم {ref}.")
    assert to(out, "staff", "thread")[-1]["text"] == "👤 متى تزوروني إذن؟"
    assert "قيد الدراسة" in to(out, "staff", "card")[0]["text"]


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        (staff("s2", "/survey abc"), "اكتب عدد الأيام من 1 إلى 3650، مثل: \u200e/survey 30"),
        (staff("s2", "/survey 100000"), "اكتب عدد الأيام من 1 إلى 3650، مثل: \u200e/survey 30"),
        (staff("s2", "/survey 99999999999999999999999"), "اكتب عدد الأيام من 1 إلى 3650"),
        (staff("s1", "   "), "الأوامر:"),
        (staff("s1", "/ticket"), "اكتب رقم التذكرة بعد \u200e/ticket"),
        (staff("s1", "/ticket 99999999999999999999"), "لا توجد تذكرة برقم"),
        (staff("s1", "", "123456", "fly"), "إجراء غير معروف. الإجراءات: «استلام»، «طلب معلومات»"),
    ],
)
async def test_bad_staff_input_gets_one_arabic_line(
    drive: Drive, line: dict[str, Any], answer: str
) -> None:
    out = await drive(line, desk=True)
    [reply] = out
    assert reply["kind"] == "answer"
    assert reply["text"].startswith(answer)
    assert "error" not in reply


async def test_refusals_name_the_action_in_arabic_and_what_is_possible(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", action="claim", ticket=ref), staff("s1", "", ref, "close"), desk=True
    )
    _full, refusal = to(out, "s1", "answer")
    assert refusal["text"].startswith(
        f"التذكرة {ref} في مرحلة «قيد الدراسة»، فلا يمكن «إغلاق» الآن."
    )
    assert "«قبول»" in refusal["text"]
    assert not re.search("[A-Za-z]", refusal["text"])


async def test_ticket_history_shows_riyadh_dates(drive: Drive, db_path: Path) -> None:
    ref, _ = await submit(drive)
    with sqlite3.connect(db_path) as db:  # 22:30 UTC is already the next day in Riyadh
        db.execute("UPDATE ticket_events SET at = '2026-03-01T22:30:00.000+00:00'")
    out = await drive(staff("s1", f"/ticket {ref}"), desk=True)
    assert "الاثنين، 2 مارس 2026م" in to(out, "s1")[0]["text"]


async def test_ticket_history_reads_in_arabic(drive: Drive) -> None:
    ref, _ = await submit(drive)
    out = await drive(
        staff("s1", action="claim", ticket=ref),
        staff("s1", "اتصلت به ولم يرد", ref, "note"),
        staff("s1", "سنتواصل معك غدًا", ref),
        staff("s1", f"/ticket {ref}"),
        desk=True,
    )
    history = to(out, "s1", "answer")[-1]["text"]
    assert "المستفيد · تم الاستلام" in history
    assert "s1 · ملاحظة داخلية — اتصلت به ولم يرد" in history
    assert "s1 · رسالة إلى المستفيد — سنتواصل معك غدًا" in history
    assert "person" not in history
