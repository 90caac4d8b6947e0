"""Reports and the desk read their figures off indexes and draw them in a worker process:
what a supervisor reads is still exactly what the tickets say."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
import statistics
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from bench.seed import seed
from bot import policy as policy_files
from bot.clock import RIYADH, stamp
from bot.figures import gather
from bot.storage.database import Database, migrations
from bot.xlsx import Book
from conversations.tickets import Stage
from tests.conftest import Drive, rows
from tests.test_desk import staff, submit, to

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
_LINE = re.compile(r"^• (?:🔒 )?(\d+) ·")


async def test_reports_are_drawn_and_written_by_a_worker_that_stops_with_the_bot(
    drive: Drive,
) -> None:
    await submit(drive)
    out = await drive(staff("s2", "/report"), staff("s2", "/export 7"), desk=True)
    chart, workbook = (line["attachments"][0] for line in to(out, "s2")[-2:])
    assert _head(chart["file"]) == b"\x89PNG\r\n\x1a\n"
    sheets = openpyxl.load_workbook(workbook["file"]).worksheets
    assert [len(list(sheet.rows)) for sheet in sheets][1] == 2  # the header and the ticket
    assert multiprocessing.active_children() == []


def _head(path: str) -> bytes:
    return Path(path).read_bytes()[:8]


async def test_figures_are_the_tickets_own(tmp_path: Path) -> None:
    db, now = tmp_path / "history.sqlite3", datetime.now(RIYADH)
    await seed(db, 3000, 120, now)
    since = now - 30 * DAY
    database = await Database.open(db)
    try:
        figures = await gather(database, since, now, 48 * HOUR)
    finally:
        await database.close()
    period = (stamp(since), stamp(now))

    def values(sql: str) -> list[float]:
        return [row[0] for row in rows(db, sql.format(*(f"'{moment}'" for moment in period)))]

    first = values(
        "SELECT first_response_hours FROM tickets WHERE created_at >= {0} AND created_at < {1}"
        " AND first_response_hours IS NOT NULL"
    )
    done = values(
        "SELECT resolution_hours FROM tickets WHERE closed_at >= {0} AND closed_at < {1}"
        " AND resolution_hours IS NOT NULL"
    )
    assert figures.first_response_hours == pytest.approx(statistics.median(first))
    assert figures.resolution_hours == pytest.approx(statistics.median(done))
    received = rows(db, f"SELECT count(*) FROM tickets WHERE created_at >= '{period[0]}'")
    assert figures.received == received[0][0] > 500
    answers = rows(
        db,
        "SELECT question, avg(score), count(*) FROM survey_answers WHERE at >= "
        f"'{period[0]}' AND at < '{period[1]}' GROUP BY question ORDER BY min(id)",
    )
    assert list(figures.satisfaction) == [question for question, _avg, _n in answers]
    for question, average, count in answers:
        assert figures.satisfaction[question] == (pytest.approx(average), count)


def _late(ticket: tuple[str, str, str, str | None, int], unanswered: str, now: str) -> bool:
    """The overdue rule, as the policy states it: nobody took it up within the first-response
    target, or it was taken up and not decided by its due date."""
    _ref, stage, created, due, _confidential = ticket
    undecided = {Stage.CLAIMED, Stage.IN_PROGRESS, Stage.INFO_NEEDED, Stage.VISIT_SCHEDULED}
    if stage == Stage.RECEIVED:
        return created < unanswered
    return stage in undecided and due is not None and due < now


async def test_overdue_and_open_list_the_oldest_first_and_count_every_one(
    drive: Drive, db_path: Path
) -> None:
    await drive(staff("s1", "/open"))  # the database exists
    now = datetime.now(RIYADH)
    stages = ("received", "claimed", "in_progress", "info_needed", "visit_scheduled")
    tickets = []
    for n in range(400):  # hours away from any threshold: the test passes at any moment
        created = now - (n % 45 + 0.5) * DAY - n * timedelta(minutes=1)
        request = n % 3 != 0
        due = stamp(created + 14 * DAY) if request else None
        stage = "closed" if n % 7 == 0 else stages[n % len(stages)]
        kind = "request" if request else "complaint"
        tickets.append((f"{300000 + n}", kind, stage, stamp(created), due, int(n % 11 == 0)))
    with sqlite3.connect(db_path) as connection:
        connection.executemany(
            "INSERT INTO tickets (ref, kind, stage, data, created_at, updated_at, due_at,"
            " confidential) VALUES (?, ?, ?, '{}', ?, ?, ?, ?)",
            [
                (ref, kind, stage, at, at, due, secret)
                for ref, kind, stage, at, due, secret in tickets
            ],
        )
    hours = policy_files.load("mishkat").timings.first_response_hours
    unanswered = stamp(now - timedelta(hours=hours))
    ordered = sorted((t for t in tickets if t[2] != "closed"), key=lambda t: t[3])
    for who, seen in (("s2", True), ("s1", False)):
        visible = [(ref, stage, at, due, secret) for ref, _k, stage, at, due, secret in ordered]
        visible = [t for t in visible if seen or not t[4]]
        late = [t[0] for t in visible if _late(t, unanswered, stamp(now))]
        asked = (staff(who, "/overdue"), staff(who, "/overdue 2"), staff(who, "/open"))
        out = await drive(*asked, desk=True)
        first, second, opened = (line["text"].splitlines() for line in to(out, who)[-3:])
        assert first[0] == f"التذاكر المتأخرة: {len(late)}"
        assert [_ref(line) for line in first[1:21]] == late[:20]
        assert [_ref(line) for line in second[1:21]] == late[20:40]
        assert opened[0] == f"التذاكر المفتوحة: {len(visible)}"
        assert [_ref(line) for line in opened[1:21]] == [t[0] for t in visible[:20]]


def _ref(line: str) -> str:
    found = _LINE.match(line)
    assert found, line
    return found[1]


async def test_a_database_from_before_the_desk_indexes_upgrades_and_answers(
    drive: Drive, db_path: Path
) -> None:
    with sqlite3.connect(db_path, isolation_level=None) as connection:
        for version, script in migrations():
            if version <= 14:
                connection.executescript(
                    f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;"
                )
        late = stamp(datetime.now(RIYADH) - 10 * DAY)
        connection.execute(
            "INSERT INTO tickets (ref, kind, stage, data, created_at, updated_at)"
            " VALUES ('400004', 'request', 'received', '{}', ?, ?)",
            (late, late),
        )
    out = await drive(staff("s2", "/overdue"), desk=True)
    title, line = to(out, "s2")[-1]["text"].splitlines()
    assert (title, _ref(line)) == ("التذاكر المتأخرة: 1", "400004")
    assert rows(db_path, "PRAGMA user_version") == [(migrations()[-1][0],)]


def test_a_workbook_keeps_what_was_written_and_prints_as_a_board_expects(tmp_path: Path) -> None:
    cells = ['a & b < c > "d"', "  spaced ", "tab\tand\nline", "طلب مساعدة", 3, 2.5, None]
    target = tmp_path / "book.xlsx"
    with Book(target) as book:
        book.sheet("الطلبات & <مؤشرات>", [f"h{n}" for n in range(len(cells))], [10, 20]).row(cells)
        book.sheet("Second's", ["only"], [12]).row([7])
    first, second = openpyxl.load_workbook(target).worksheets
    assert [first.title, second.title] == ["الطلبات & <مؤشرات>", "Second's"]
    assert [cell.value for cell in first[2]] == cells
    assert [cell.value for cell in second[2]] == [7]
    for sheet in (first, second):
        assert sheet.sheet_view.rightToLeft
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.freeze_panes == "A2"
        assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet["A1"].font.b
    assert first.column_dimensions["B"].width == 20
