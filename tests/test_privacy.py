"""«بياناتي»: see, copy, correct, delete and withdraw, end to end through the JSON-lines driver;
a deletion reaching the backups and surviving a restore; retention; what an anonymous
suggestion keeps of its time."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.clock import Clock, moment, stamp
from bot.jobs import retention
from bot.storage import backup
from bot.storage.backup import Schedule
from bot.storage.database import Changes
from tests.conftest import ANSWERS, VALID_ID, Drive, Recorder, drive_lines, form_answers, rows, say
from tests.test_desk import staff, to
from tests.test_requests import AGREE, START, ref_in

PERSON = "noura-0551234567"
NAME = "نورة محمد السالم"
PHONE = "0551234567"
TRACES = (
    NAME,
    VALID_ID,
    PHONE,
    "966551234567",
    PERSON,
    "بريدة",
    ANSWERS["national_id"][0]["text"],  # as typed, in Arabic-Indic digits
    ANSWERS["mobile"][0]["text"],
)
"""What leads to the person, as stored and as they typed it."""


def mine(*texts: str) -> list[dict[str, Any]]:
    return say(*texts, user=PERSON)


async def _submitted(drive: Drive) -> str:
    lines = [{**line, "user": PERSON} for line in [*START, AGREE]]
    out = await drive(*lines, *form_answers("mishkat", "request", PERSON), *mine("1", "1"))
    return ref_in(out[-1]["text"])


def _left_of_them(db: Path) -> list[str]:
    """The traces of the person in a database file: in its tables, read with plain SQL, and
    anywhere in its bytes (a free page may keep what a table no longer shows)."""
    everything, raw = _everything(db), db.read_bytes()
    return [trace for trace in TRACES if trace in everything or trace.encode() in raw]


def _everything(db: Path) -> str:
    """Every value in every table, as one text to search."""
    with sqlite3.connect(db) as connection:
        listed = "SELECT name FROM sqlite_master WHERE type = 'table'"
        tables = [name for (name,) in connection.execute(listed)]
        found = [
            repr(row) for table in tables for row in connection.execute(f"SELECT * FROM {table}")
        ]
    return "\n".join(found)


async def test_my_data_is_in_the_information_menu_and_answers_to_its_name(drive: Drive) -> None:
    await drive(*mine("مرحبا"))
    out = await drive(*mine("الإجراءات والمعلومات"))
    assert "بياناتي" in out[-1]["options"]
    out = await drive(*mine("بياناتي"))
    assert out[-1]["options"][:5] == [
        "الاطلاع على ما يُحفظ عني",
        "الحصول على نسخة من بياناتي",
        "تصحيح بياناتي",
        "حذف بياناتي",
        "سحب موافقتي",
    ]


async def test_see_shows_what_is_kept_masked(drive: Drive, db_path: Path) -> None:
    ref = await _submitted(drive)
    out = await drive(*mine("بياناتي", "1"))
    seen = out[-1]["text"]
    assert seen.startswith("ما تحفظه جمعية مشكاة عنك:")
    assert ref in seen
    assert "••••••0008" in seen
    assert VALID_ID not in seen
    assert "إشعار حماية البيانات لـ«تقديم طلب»: وافقت في" in seen
    assert "هـ" in seen  # dates in both calendars
    assert "730 يومًا بعد إغلاق كل طلب" in seen
    assert rows(db_path, "SELECT kind FROM privacy_requests") == [("see",)]


async def test_copy_sends_a_complete_copy_as_two_documents(drive: Drive, db_path: Path) -> None:
    ref = await _submitted(drive)
    out = await drive(*mine("بياناتي", "2"))
    sent = next(line for line in out if line.get("attachments"))
    assert sent["text"].startswith("هذه نسخة كاملة من بياناتك")
    names = [file["name"] for file in sent["attachments"]]
    assert names[0].endswith(".json")
    assert names[1].endswith(".txt")
    assert all(name in sent["text"] for name in names)
    written = [Path(file["file"]) for file in sent["attachments"]]
    assert all(path.is_relative_to(db_path.parent / "exports") for path in written)
    data = json.loads(written[0].read_text(encoding="utf-8"))
    [ticket] = data["tickets"]
    assert ticket["ref"] == ref
    assert ticket["answers"]["national_id"] == VALID_ID  # their own copy, in full
    assert any(message["text"] == "بياناتي" for message in data["messages"])
    readable = written[1].read_text(encoding="utf-8")
    assert VALID_ID in readable
    assert "محادثتنا:" in readable


async def test_correct_opens_a_ticket_due_in_thirty_days(drive: Drive, db_path: Path) -> None:
    await _submitted(drive)
    out = await drive(*mine("بياناتي", "تصحيح بياناتي"))
    assert out[-1]["text"].startswith("اكتب ما يجب تصحيحه")
    out = await drive(*mine("رقم جوالي تغير، الجديد 0559876543"), desk=True)
    answer = to(out, PERSON)[-1]["text"]
    assert answer.startswith("استلمنا طلب تصحيح بياناتك (رقم الطلب ")
    [(ref, created, due, data)] = rows(
        db_path, "SELECT ref, created_at, due_at, data FROM tickets WHERE kind = 'privacy'"
    )
    assert ref in answer
    assert moment(due).date() - moment(created).date() == timedelta(days=30)
    assert "0559876543" in json.loads(data)["correction"]
    cards = [line for line in out if line.get("kind") == "card" and line.get("ticket") == ref]
    assert cards
    assert "0559876543" not in cards[0]["text"]


async def test_delete_leaves_nothing_that_leads_to_the_person(drive: Drive, db_path: Path) -> None:
    ref = await _submitted(drive)
    await drive(staff("s1", ticket=ref, action="claim"), staff("s1", ticket=ref, action="accept"))
    await drive(staff("s1", ticket=ref, action="delivered"))
    await drive({"clock": "+25h"})
    await drive(*mine("نعم", "٥", "ممتاز", "3", "2", "نعم", "شكرا لكم يا نورة"))
    await drive(staff("s1", ticket=ref, action="close"))
    stats = to(await drive(staff("s2", "/stats"), desk=True), "s2")[-1]["text"]
    assert NAME in _everything(db_path)

    out = await drive(*mine("احذف بياناتي"))
    assert out[-1]["text"].startswith("حذف بياناتك يمحو نهائيًا")
    out = await drive(*mine("نعم"))
    assert out[-1]["text"].startswith("حُذفت بياناتك")

    everything = _everything(db_path)
    for trace in (NAME, VALID_ID, PHONE, "966551234567", PERSON, "بريدة", "شكرا لكم يا نورة"):
        assert trace not in everything, trace
    assert to(await drive(staff("s2", "/stats"), desk=True), "s2")[-1]["text"] == stats
    assert rows(db_path, "SELECT count(*) FROM survey_answers WHERE score IS NOT NULL") != [(0,)]
    assert rows(db_path, "SELECT kind, user_key FROM privacy_requests") == [("delete", None)]
    out = await drive(*mine("مرحبا"))
    assert out[0]["text"].startswith("أهلًا وسهلًا")  # someone new


async def test_delete_closes_an_open_request_and_tells_the_team(
    drive: Drive, db_path: Path
) -> None:
    ref = await _submitted(drive)
    out = await drive(*mine("بياناتي", "حذف بياناتي", "نعم"), desk=True)
    told = [line for line in out if line.get("ticket") == ref and line.get("kind") == "alert"]
    assert told[0]["text"].startswith("🗑")
    assert rows(db_path, f"SELECT stage, data, user_key FROM tickets WHERE ref = '{ref}'") == [
        ("closed", "{}", None)
    ]


async def test_keeping_the_data_deletes_nothing(drive: Drive, db_path: Path) -> None:
    await _submitted(drive)
    out = await drive(*mine("احذف بياناتي", "لا"))
    assert out[-1]["text"].startswith("لم يُحذف شيء.")
    assert NAME in _everything(db_path)


async def test_withdrawing_consent_deletes_drafts_and_asks_again(
    drive: Drive, db_path: Path
) -> None:
    lines = [{**line, "user": PERSON} for line in [*START, AGREE]]
    await drive(*lines, *mine("1", NAME))
    out = await drive(*mine("بياناتي", "سحب موافقتي"))
    assert out[-1]["text"].startswith("سُحبت موافقتك")
    assert NAME not in _everything(db_path)
    assert rows(db_path, "SELECT purpose, agreed FROM consents ORDER BY id") == [
        ("request", 1),
        ("request", 0),
    ]
    out = await drive(*mine("القائمة", "ابي اقدم طلب"))
    assert out[-1]["text"].endswith("هل توافق؟")


async def test_why_do_you_want_my_data_is_still_about_the_notice(drive: Drive) -> None:
    out = await drive(*START, *say("ليش تبون بياناتي؟"))
    assert "بياناتي" not in out[-1]["options"]


async def test_retention_anonymises_an_old_ticket_and_keeps_a_new_one(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, _recorder = recorder_app
    for user, closed_days_ago in (("old", 800), ("new", 10)):
        sql = (
            "INSERT INTO tickets (ref, kind, channel, stage, data, created_at, updated_at,"
            " closed_at) VALUES (?, 'request', 'console', 'closed', ?, ?, ?, ?)"
        )
        at = stamp(app.clock.now() - timedelta(days=closed_days_ago))
        data = json.dumps({"full_name": f"{NAME} {user}"}, ensure_ascii=False)
        changes = Changes()
        changes.add(sql, (f"ref-{user}", data, at, at, at))
        await app.database.write(changes)
    await retention(app)
    kept = dict(rows(db_path, "SELECT ref, data FROM tickets"))
    assert kept["ref-old"] == "{}"
    assert NAME in kept["ref-new"]


async def test_an_anonymous_suggestion_keeps_only_the_hour(drive: Drive, db_path: Path) -> None:
    out = await drive(*say("مرحبا", "تقديم مقترح", "تحسين مواعيد الاستقبال", "نعم", "1"))
    assert out[-1]["text"].startswith("شكرًا لمقترحك ✅")
    [(created,)] = rows(db_path, "SELECT created_at FROM tickets WHERE user_key IS NULL")
    assert created[14:23] == "00:00.000"


async def test_files_of_an_erased_person_leave_the_disk(drive: Drive, db_path: Path) -> None:
    await _submitted(drive)
    out = await drive(*mine("بياناتي", "2"))
    written = [Path(f["file"]) for line in out for f in line.get("attachments", [])]
    assert all(path.exists() for path in written)
    await drive(*mine("احذف بياناتي", "نعم"), {"clock": "+1m"})
    assert not any(path.exists() for path in written)
    assert rows(db_path, "SELECT count(*) FROM kept_files") == [(0,)]


async def test_see_includes_an_unfinished_form(drive: Drive) -> None:
    lines = [{**line, "user": PERSON} for line in [*START, AGREE]]
    await drive(*lines, *mine("1", NAME))
    out = await drive(*mine("بياناتي", "1"))
    assert "«تقديم طلب» لم يكتمل، محفوظ مؤقتًا:" in out[-1]["text"]
    assert NAME in out[-1]["text"]


@pytest.fixture
def backups(tmp_path: Path) -> Schedule:
    return Schedule(tmp_path / "backups", keep=7)


@pytest.fixture
def backed_up(db_path: Path, clock: Clock, backups: Schedule) -> Drive:
    """`drive`, with the daily backups into `backups` (made when the clock moves)."""

    async def run(*lines: dict[str, Any], desk: bool = False) -> list[dict[str, Any]]:
        out = await drive_lines("mishkat", db_path, list(lines), clock, backups)
        return out if desk else [line for line in out if "kind" not in line]

    return run


async def test_deleting_ones_data_deletes_it_from_every_backup(
    backed_up: Drive, db_path: Path, backups: Schedule
) -> None:
    await _submitted(backed_up)
    await backed_up({"clock": "+1m"}, {"clock": "+1d"})  # today's backup, then tomorrow's
    kept = sorted(backups.folder.iterdir())
    assert len(kept) == 2
    assert all(_left_of_them(copy) == list(TRACES) for copy in kept)

    out = await backed_up(*mine("احذف بياناتي", "نعم"), {"clock": "+1m"})
    assert out[-1]["text"].startswith("حُذفت بياناتك")

    assert sorted(backups.folder.iterdir()) == kept  # rewritten in place, nothing left beside
    for copy in kept:
        assert _left_of_them(copy) == [], copy.name
        backup.check(copy)
        assert rows(copy, "SELECT stage, data, user_key FROM tickets") == [("closed", "{}", None)]
    assert _left_of_them(db_path) == []


async def test_a_restored_backup_does_not_bring_back_someone_deleted_since(
    drive: Drive, db_path: Path, tmp_path: Path
) -> None:
    ref = await _submitted(drive)
    found = to(await drive(staff("s2", f"/find {VALID_ID}"), desk=True), "s2")[-1]["text"]
    assert ref in found
    older = backup.backup(db_path, tmp_path / "older.sqlite3")  # by hand, outside the folder
    await drive(*mine("احذف بياناتي", "نعم"))

    backup.restore(older, db_path)

    assert _left_of_them(db_path) == []
    assert _left_of_them(older) == list(TRACES)  # the copy by hand is the operator's to destroy
    out = await drive(staff("s2", f"/find {VALID_ID}"), *mine("مرحبا"), desk=True)
    assert to(out, "s2")[-1]["text"] == "لا توجد تذاكر."
    assert to(out, PERSON)[0]["text"].startswith("أهلًا وسهلًا")  # someone new
    assert not [line for line in out if line.get("text", "").startswith("🗑")]  # told once
    assert rows(db_path, "SELECT stage, user_key FROM tickets") == [("closed", None)]


async def test_someone_who_came_back_after_deleting_keeps_what_they_gave_since(
    drive: Drive, db_path: Path, tmp_path: Path
) -> None:
    await _submitted(drive)
    await drive(*mine("احذف بياناتي", "نعم"))
    ref = await _submitted(drive)  # they come back, as someone new
    since = backup.backup(db_path, tmp_path / "since.sqlite3")

    backup.restore(since, db_path)

    out = await drive(*mine("بياناتي", "1"))
    assert ref in out[-1]["text"]
    assert NAME in _everything(db_path)
