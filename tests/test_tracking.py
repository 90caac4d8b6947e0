"""Following a request: only one's own, in plain words, with every change and its date."""

from __future__ import annotations

from pathlib import Path

from bot.app import open_app
from conversations.tickets import Stage
from tests.conftest import Drive, Recorder, form_answers
from tests.test_requests import AGREE, START, ref_in


async def submitted(drive: Drive, user: str = "u1", policy: str = "mishkat") -> str:
    lines = [{**line, "user": user} for line in [*START, AGREE]]
    out = await drive(
        *lines,
        *form_answers(policy, "request", user),
        {"user": user, "text": "1"},
        {"user": user, "text": "1"},
        policy=policy,
    )
    return ref_in(out[-1]["text"])


async def move(db: Path, ref: str, *stages: tuple[Stage, str | None]) -> None:
    async with open_app("mishkat", db, {"console": Recorder()}) as app:
        for stage, note in stages:
            await app.engine.tickets.move(ref, stage, "staff:s1", app.clock.now(), note)


async def test_no_requests_yet(drive: Drive) -> None:
    out = await drive({"user": "u1", "text": "مرحبا"}, {"user": "u1", "text": "متابعة طلب"})
    assert out[-1]["text"].startswith("لا توجد لديك طلبات لدينا حتى الآن.")


async def test_the_list_shows_stage_in_plain_words_and_the_expected_date(
    drive: Drive, db_path: Path
) -> None:
    ref = await submitted(drive)
    await move(db_path, ref, (Stage.CLAIMED, None))
    out = await drive({"user": "u1", "text": "2"})
    text = out[-1]["text"]
    assert text.startswith("طلباتك:")
    assert f"{ref} — طلب دعم مستفيد" in text
    assert "الحالة: قيد الدراسة" in text
    assert "تنتهي مدة الدراسة في أقرب تقدير يوم" in text
    assert "هـ" in text
    assert out[-1]["options"] == [ref, "القائمة الرئيسية"]


async def test_history_lists_each_change_with_its_date_and_the_reason_for_a_rejection(
    drive: Drive, db_path: Path
) -> None:
    ref = await submitted(drive)
    await move(db_path, ref, (Stage.CLAIMED, None), (Stage.REJECTED, "الدخل أعلى من الحد المعتمد"))
    out = await drive({"user": "u1", "text": "متابعة طلب"}, {"user": "u1", "text": "1"})
    history = out[-1]["text"]
    assert "الحالة: معتذر عنه" in history
    for stage in ("تم الاستلام", "قيد الدراسة", "معتذر عنه — الدخل أعلى من الحد المعتمد"):
        assert stage in history
    assert history.count("م الموافق") >= 4
    assert "تنتهي مدة الدراسة في أقرب تقدير يوم" not in history


async def test_typing_a_reference_at_the_menu_opens_it(drive: Drive) -> None:
    ref = await submitted(drive)
    typed = ref.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    out = await drive({"user": "u1", "text": typed})
    assert out[-1]["text"].startswith(f"{ref} — طلب دعم مستفيد")


async def test_someone_elses_reference_reads_exactly_like_one_that_does_not_exist(
    drive: Drive,
) -> None:
    ref = await submitted(drive, user="owner")
    other = await drive({"user": "u2", "text": "مرحبا"}, {"user": "u2", "text": ref})
    missing = await drive({"user": "u3", "text": "مرحبا"}, {"user": "u3", "text": "999999"})
    assert other[-1]["text"] == missing[-1]["text"].replace("999999", ref)
    assert other[-1]["text"].startswith(f"لم أجد طلبًا برقم {ref} مسجلًا لك.")
