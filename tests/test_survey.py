"""The satisfaction survey: triggered by a served ticket, timed by the bot's clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from conversations.tickets import Stage
from tests.conftest import Drive, rows, say
from tests.test_tracking import move, submitted

INVITATION = "اكتمل طلبك رقم"


async def served(drive: Drive, db: Path, *stages: Stage) -> str:
    ref = await submitted(drive)
    await move(db, ref, *((stage, None) for stage in stages or (Stage.DELIVERED,)))
    return ref


async def test_a_day_after_service_the_person_is_invited_and_every_answer_is_kept(
    drive: Drive, db_path: Path
) -> None:
    ref = await served(drive, db_path)
    early = await drive({"clock": "+6h"})
    assert early == []

    invitation = await drive({"clock": "+1d"})
    assert invitation[0]["text"].startswith(f"{INVITATION} {ref} (طلب دعم مستفيد)")
    assert "لا للعقاب والتشهير" in invitation[0]["text"]
    assert invitation[0]["options"] == ["نعم، الآن", "ذكّرني لاحقًا", "لا، شكرًا"]

    first = await drive(*say("نعم"))
    assert first[-1]["text"].startswith("السؤال 1 من 6")
    assert first[-1]["options"][0] == "⭐ ضعيف"
    assert first[-1]["options"][4] == "⭐⭐⭐⭐⭐ ممتاز"

    out = await drive(*say("٥", "ممتاز", "3", "2", "نعم", "شكرًا على سرعة التجاوب"))
    assert out[-1]["text"].startswith("شكرًا لك. تقييمك يساعدنا على تحسين خدمتنا.")
    answers = rows(
        db_path, "SELECT question, score, answer, channel, kind FROM survey_answers ORDER BY id"
    )
    assert answers == [
        ("overall", 5.0, None, "console", "request"),
        ("courtesy", 5.0, None, "console", "request"),
        ("clarity", 3.0, None, "console", "request"),
        ("speed", 2.0, None, "console", "request"),
        ("need_met", 1.0, None, "console", "request"),
        ("comment", None, "شكرًا على سرعة التجاوب", "console", "request"),
    ]
    assert rows(db_path, "SELECT status FROM surveys") == [("answered",)]
    assert rows(db_path, "SELECT count(*) FROM tickets WHERE kind = 'followup'") == [(0,)]


async def test_no_answer_brings_one_reminder_then_the_invitation_expires(
    drive: Drive, db_path: Path
) -> None:
    await served(drive, db_path)
    assert (await drive({"clock": "+1d"}))[0]["text"].startswith(INVITATION)
    reminder = await drive({"clock": "+2d"})
    assert reminder[0]["text"] == "تذكير لطيف: يهمنا تقييمك."
    assert reminder[1]["text"].startswith(INVITATION)
    assert await drive({"clock": "+2d"}) == []
    assert await drive({"clock": "+4d"}) == []
    assert rows(db_path, "SELECT status FROM surveys") == [("expired",)]
    out = await drive(*say("5"))
    assert not out[-1]["text"].startswith("السؤال 2 من 6")
    assert rows(db_path, "SELECT count(*) FROM survey_answers") == [(0,)]


async def test_a_low_overall_score_becomes_a_follow_up_for_staff(
    drive: Drive, db_path: Path
) -> None:
    ref = await served(drive, db_path)
    await drive({"clock": "+1d"})
    out = await drive(*say("نعم", "⭐ ضعيف", "2", "2", "1", "لا", "تخطي"))
    assert "سيطّلع أحد المشرفين" in out[-1]["text"]
    [(data,)] = rows(db_path, "SELECT data FROM tickets WHERE kind = 'followup'")
    assert f'"ticket": "{ref}"' in data
    tracked = await drive(*say("متابعة طلب"))
    assert "متابعة" not in tracked[-1]["options"][0]


async def test_a_ticket_is_surveyed_once_and_a_rejected_one_not_at_all(
    drive: Drive, db_path: Path
) -> None:
    await served(drive, db_path, Stage.DELIVERED, Stage.CLOSED)
    assert rows(db_path, "SELECT count(*) FROM surveys") == [(1,)]
    rejected = await submitted(drive, user="u2")
    await move(db_path, rejected, (Stage.REJECTED, "لا تنطبق الشروط"), (Stage.CLOSED, None))
    assert rows(db_path, "SELECT count(*) FROM surveys") == [(1,)]


async def test_someone_busy_in_a_form_is_invited_after_finishing_it(
    drive: Drive, db_path: Path
) -> None:
    await served(drive, db_path)
    await drive(*say("3", "أوافق", "2", "نص الشكوى"))
    assert await drive({"clock": "+1d"}) == []
    back = say("تخطي", "تخطي", "نعم", "1")  # the answer after the pause carries on
    out = await drive(*back, {"clock": "+2h"})
    assert out[-2]["text"].startswith("تم استلام شكواك")
    assert out[-1]["text"].startswith(INVITATION)


@pytest.mark.parametrize("typed", ["5", "٥", "5 نجوم", "٥ من ٥", "⭐⭐⭐⭐⭐", "ممتاز"])
async def test_the_score_typed_is_the_score_meant(drive: Drive, db_path: Path, typed: str) -> None:
    await served(drive, db_path)
    await drive({"clock": "+1d"}, *say("نعم", typed))
    out = await drive(*say("1", "1", "1", "نعم", "تخطي"))
    assert out[-1]["text"].startswith("شكرًا لك.")
    assert rows(db_path, "SELECT score FROM survey_answers WHERE question = 'overall'") == [(5.0,)]


async def test_the_survey_can_be_declined_and_is_not_asked_again(
    drive: Drive, db_path: Path
) -> None:
    await served(drive, db_path)
    await drive({"clock": "+1d"})
    out = await drive(*say("لا شكرا"))
    assert out[-1]["text"].startswith("شكرًا لك على كل حال")
    assert await drive({"clock": "+3d"}) == []
    assert rows(db_path, "SELECT status FROM surveys") == [("declined",)]


async def test_the_survey_can_be_postponed_and_is_offered_again_once(
    drive: Drive, db_path: Path
) -> None:
    await served(drive, db_path)
    await drive({"clock": "+1d"})
    out = await drive(*say("ذكرني لاحقا"))
    assert out[-1]["text"].startswith("حسنًا، سنذكّرك مرة واحدة لاحقًا.")
    reminder = await drive({"clock": "+2d"})
    assert reminder[1]["text"].startswith(INVITATION)
    out = await drive(*say("1", "4"))
    assert out[-1]["text"].startswith("السؤال 2 من 6")


async def test_choosing_another_service_during_the_survey_serves_it(
    drive: Drive, db_path: Path
) -> None:
    await served(drive, db_path)
    await drive({"clock": "+1d"}, *say("نعم"))
    out = await drive(*say("ابي اقدم شكوى"))
    assert out[-1]["text"].startswith("ستحفظ جمعية مشكاة ما تكتبه في شكواك")


async def test_a_low_score_reaches_supervisors_only_and_never_the_rated_staff_member(
    drive: Drive, db_path: Path
) -> None:
    ref = await submitted(drive)
    await drive({"staff": "s1", "ticket": ref, "action": "claim"})
    await drive({"staff": "s1", "ticket": ref, "action": "accept"})
    await drive({"staff": "s1", "ticket": ref, "action": "delivered"})
    await drive({"clock": "+1d"}, *say("نعم", "1", "1", "1", "1", "لا"))
    out = await drive(*say("تعامل سيئ"), desk=True)
    people = [line for line in out if line.get("to") == "u1"]
    followups = [line for line in out if line.get("kind") == "card"]
    [followup] = rows(db_path, "SELECT ref FROM tickets WHERE kind = 'followup'")
    assert [line["to"] for line in followups] == ["supervisors"]
    assert followup[0] not in people[-1]["text"]
    seen = await drive({"staff": "s1", "text": f"/ticket {ref}"}, desk=True)
    for private in ("تعامل سيئ", "⭐ ضعيف"):
        assert private not in seen[0]["text"]
    refused = await drive({"staff": "s1", "text": f"/ticket {followup[0]}"}, desk=True)
    assert "للمشرفين فقط" in refused[0]["text"]


async def test_a_supervisor_following_up_a_low_score_hears_back_privately(
    drive: Drive, db_path: Path
) -> None:
    await served(drive, db_path)
    await drive({"clock": "+1d"}, *say("نعم", "1", "1", "1", "1", "لا", "تخطي"))
    [(followup,)] = rows(db_path, "SELECT ref FROM tickets WHERE kind = 'followup'")
    out = await drive({"staff": "s2", "ticket": followup, "text": "نأسف لتجربتك، ما الذي حدث؟"})
    assert out[-1]["text"] == "جمعية مشكاة:\nنأسف لتجربتك، ما الذي حدث؟"
    assert followup not in out[-1]["text"]
    out = await drive(*say("تأخروا علي كثير"), desk=True)
    [relayed] = [line for line in out if line.get("kind") == "thread"]
    assert (relayed["to"], relayed["text"]) == ("supervisors", "👤 تأخروا علي كثير")
