"""Supervisors' reports: the chart, the workbook and the weekly digest."""

from __future__ import annotations

import sqlite3
import struct
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bench.seed import seed
from bot.app import App, open_app
from bot.channels import console
from bot.chart import render
from bot.clock import RIYADH
from bot.digest import last_due
from bot.figures import gather
from tests.conftest import VALID_ID, Drive, Recorder, rows
from tests.test_desk import staff, submit, to

DAY = timedelta(days=1)


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def _read(path: str) -> bytes:
    return Path(path).read_bytes()


async def _chart(app: App, days: int) -> bytes:
    until = app.clock.now()
    figures = await gather(app.database, until - days * DAY, until, timedelta(hours=48))
    return render(figures, app.desk.wording)


async def test_the_chart_is_a_phone_sized_png_even_with_nothing_to_show(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, _recorder = recorder_app
    width, height = _png_size(await _chart(app, 7))
    assert (width, height) == (800, 1100)


async def test_the_chart_draws_a_year_of_history(tmp_path: Path) -> None:
    db = tmp_path / "year.sqlite3"
    await seed(db, 4000, 365, datetime.now(RIYADH))
    async with open_app("mishkat", db, {console.CHANNEL: Recorder()}) as app:
        content = await _chart(app, 365)
        until = app.clock.now()
        figures = await gather(app.database, until - 365 * DAY, until, timedelta(hours=48))
    assert _png_size(content) == (800, 1100)
    assert len(content) > 30_000
    assert 53 <= len(figures.weeks) <= 54
    assert figures.received > 3000
    assert figures.first_response_hours is not None
    assert 1 <= figures.satisfaction["overall"][0] <= 5


async def test_report_sends_one_chart_to_the_supervisor(drive: Drive) -> None:
    ref, _out = await submit(drive)
    out = await drive(staff("s2", "/report week"), staff("s1", "/report"), desk=True)
    [answer] = to(out, "s2")
    assert answer["kind"] == "answer"
    assert answer["text"].startswith("الوارد 1، والمغلق 0، والمتأخر الآن 0.")
    assert "حسب القناة: وحدة التحكم 1" in answer["text"]
    [photo] = answer["attachments"]
    assert photo["kind"] == "photo"
    assert _png_size(_read(photo["file"])) == (800, 1100)
    assert "/reports/" in photo["file"]
    assert to(out, "s1")[-1]["text"] == "الأمر /report للمشرفين فقط."
    assert ref


async def test_report_refuses_a_period_it_cannot_read(drive: Drive) -> None:
    out = await drive(staff("s2", "/report أمس"), desk=True)
    assert to(out, "s2")[-1]["text"].startswith("اكتب عدد الأيام")


def _sheets(path: str) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path, read_only=False)
    found = {}
    for sheet in book.worksheets:
        assert sheet.sheet_view.rightToLeft
        assert sheet.print_title_rows == "$1:$1"
        found[sheet.title] = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    return found


async def test_export_is_a_masked_workbook_a_board_can_print(drive: Drive, db_path: Path) -> None:
    ref, _out = await submit(drive)
    out = await drive(staff("s2", "/export 30"), desk=True)
    [document] = to(out, "s2")[-1]["attachments"]
    assert document["name"].endswith(".xlsx")
    sheets = _sheets(document["file"])
    assert list(sheets) == ["الملخص", "الطلبات", "سجل المراحل", "إجابات الاستبانة"]
    header, *tickets = sheets["الطلبات"]
    assert header[:3] == ("رقم الطلب", "النوع", "المرحلة")
    [ticket] = tickets
    assert ticket[0] == ref
    assert "••••••0008" in ticket
    assert VALID_ID not in str(sheets)
    assert "نورة محمد السالم" not in str(sheets)
    assert "هـ" in str(ticket)  # the Hijri date beside the Gregorian
    summary = dict(row[:2] for row in sheets["الملخص"][1:])
    assert summary["الطلبات الواردة"] == 1
    assert summary["الواردة عبر وحدة التحكم"] == 1  # each channel the tickets came by
    assert rows(db_path, "SELECT count(*) FROM data_access") == [(0,)]


async def test_a_full_export_shows_everything_and_is_recorded(drive: Drive, db_path: Path) -> None:
    await submit(drive)
    out = await drive(staff("s2", "/export 30 full"), desk=True)
    [document] = to(out, "s2")[-1]["attachments"]
    sheets = _sheets(document["file"])
    assert VALID_ID in str(sheets["الطلبات"])
    assert "نورة محمد السالم" in str(sheets["الطلبات"])
    assert rows(db_path, "SELECT staff, what FROM data_access") == [("s2", "export 30 days, full")]


def test_the_digest_moment_is_the_policy_day_and_hour() -> None:
    tuesday = datetime(2026, 11, 24, 10, 0, tzinfo=RIYADH)
    assert last_due(tuesday, "sunday", 8) == datetime(2026, 11, 22, 8, 0, tzinfo=RIYADH)
    sunday_early = datetime(2026, 11, 22, 7, 59, tzinfo=RIYADH)
    assert last_due(sunday_early, "sunday", 8) == datetime(2026, 11, 15, 8, 0, tzinfo=RIYADH)


@pytest.mark.parametrize("restart", [False, True])
async def test_the_weekly_digest_goes_once_a_week_by_the_bot_clock(
    drive: Drive, restart: bool
) -> None:
    await submit(drive)
    assert _digests(await drive({"clock": "+1m"}, desk=True)) == []  # first start: noted
    week = await drive({"clock": "+7d"}, desk=True)
    [digest] = _digests(week)
    assert digest["text"].startswith("📊 الأسبوع من")
    assert "متابعات التقييمات المنخفضة المفتوحة: 0." in digest["text"]
    assert digest["attachments"][0]["kind"] == "photo"
    later = [{"clock": "+1h"}, {"clock": "+1d"}]
    if restart:
        assert _digests(await drive(later[0], desk=True)) == []
        assert _digests(await drive(later[1], desk=True)) == []
    else:
        assert _digests(await drive(*later, desk=True)) == []
    assert len(_digests(await drive({"clock": "+6d"}, desk=True))) == 1


def _digests(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in out if line.get("to") == "supervisors" and line.get("attachments")]


async def test_open_and_overdue_answer_a_page_and_say_how_to_see_more(
    drive: Drive, db_path: Path
) -> None:
    await drive(staff("s1", "/open"))  # the database exists
    with sqlite3.connect(db_path) as connection:
        connection.executemany(
            "INSERT INTO tickets (ref, kind, stage, data, created_at, updated_at, confidential)"
            " VALUES (?, 'request', 'received', '{}', ?, ?, ?)",
            [
                (f"{100000 + n}", f"2026-01-{1 + n % 28:02d}T00:00:00.000+00:00", "x", n == 0)
                for n in range(25)
            ],
        )
    first = to(await drive(staff("s1", "/open"), desk=True), "s1")[-1]["text"].splitlines()
    assert first[0] == "التذاكر المفتوحة: 24"  # the confidential one is not listed to staff
    assert len(first) == 1 + 20 + 1
    assert "اكتب ‎/open 2‏ للمزيد" in first[-1]
    second = to(await drive(staff("s1", "/open ٢"), desk=True), "s1")[-1]["text"].splitlines()
    assert len(second) == 1 + 4
    boss = to(await drive(staff("s2", "/overdue"), desk=True), "s2")[-1]["text"]
    assert boss.startswith("التذاكر المتأخرة: 25")
    assert "🔒" in boss
