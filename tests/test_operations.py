"""Running the bot for years: the record of processing, backups under load, restore, one bot
per database."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot import jobs
from bot.app import open_app
from bot.channels import console
from bot.storage import backup
from bot.storage.lock import InUse
from conversations.messages import Incoming
from tests.conftest import Recorder, rows

ROOT = Path(__file__).resolve().parent.parent


def _bot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_the_record_of_processing_is_printed_in_arabic_then_english(tmp_path: Path) -> None:
    done = _bot("privacy-report", "--policy", "durbah", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    arabic, english = done.stdout.split("Record of personal data processing")
    assert arabic.startswith("سجل أنشطة معالجة البيانات الشخصية: ")
    assert "## شكوى" in arabic
    assert "المشرفون فقط" in arabic
    assert "730 يومًا بعد إغلاقه" in arabic
    assert "- How long: while the ticket is open and 730 days" in english
    assert "«بياناتي»" in english


async def test_a_backup_taken_under_load_has_every_committed_turn(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    copy = tmp_path / "copy.sqlite3"
    async with open_app("mishkat", db, {console.CHANNEL: Recorder()}) as app:

        async def person(n: int, rounds: int) -> None:
            for turn in range(rounds):
                said = "مرحبا" if turn == 0 else "متى تردون؟"
                await app.engine.handle(Incoming(console.CHANNEL, f"p{n}", f"m{turn}", said))

        await asyncio.gather(*(person(n, 3) for n in range(40)))
        committed = rows(db, "SELECT count(*) FROM messages WHERE direction = 'in'")[0][0]
        busy = asyncio.gather(*(person(n, 3) for n in range(40, 80)))
        await asyncio.to_thread(backup.backup, db, copy)
        await busy
    backup.check(copy)
    [(taken,)] = rows(copy, "SELECT count(*) FROM messages WHERE direction = 'in'")
    assert committed == 120
    assert taken >= committed
    # every turn in the copy is whole: its message, its state and its replies
    whole = rows(
        copy,
        "SELECT count(*) FROM messages m WHERE direction = 'in' AND NOT EXISTS"
        " (SELECT 1 FROM messages r WHERE r.user_key = m.user_key AND r.direction = 'out'"
        " AND r.at = m.at)",
    )
    assert whole == [(0,)]

    restored = tmp_path / "restored" / "bot.sqlite3"
    backup.restore(copy, restored)
    assert rows(restored, "SELECT count(*) FROM messages WHERE direction = 'in'") == [(taken,)]
    async with open_app("mishkat", restored, {console.CHANNEL: Recorder()}) as app:
        again = Incoming(console.CHANNEL, "p1", "m0", "مرحبا")
        assert await app.engine.handle(again) is False  # seen before: the dedupe came along


async def test_a_running_bot_keeps_its_database_to_itself(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    copy = tmp_path / "copy.sqlite3"
    async with open_app("mishkat", db, {console.CHANNEL: Recorder()}):
        backup.backup(db, copy)
        with pytest.raises(InUse):
            backup.restore(copy, db)
        second = _bot("console", "--jsonl", "--db", str(db), cwd=tmp_path)
        assert second.returncode == 2
        assert "in use by a running bot" in second.stderr
        refused = _bot("restore", str(copy), "--db", str(db), cwd=tmp_path)
        assert refused.returncode == 1
    restored = _bot("restore", str(copy), "--db", str(db), cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    with pytest.raises(ValueError, match="not a database"):
        backup.restore(junk, tmp_path / "bot.sqlite3")
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    with pytest.raises(ValueError, match="not a backup"):
        backup.restore(empty, tmp_path / "bot.sqlite3")


async def test_daily_backups_keep_the_newest(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    folder = tmp_path / "backups"
    async with open_app("mishkat", db, {console.CHANNEL: Recorder()}):
        for day in range(1, 6):
            assert backup.rotate(folder, db, date(2026, 11, day), keep=3)
        assert backup.rotate(folder, db, date(2026, 11, 5), keep=3) is None  # once a day
    kept = sorted(path.name for path in folder.iterdir())
    assert kept == [f"bot-2026-11-0{day}.sqlite3" for day in (3, 4, 5)]


async def test_the_jobs_make_the_daily_backup_the_settings_ask_for(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    folder = tmp_path / "backups"
    schedule = backup.Schedule(folder, keep=2)
    async with open_app("mishkat", db, {console.CHANNEL: Recorder()}, backups=schedule) as app:
        await jobs.run_due(app)
        today = app.clock.now().date().isoformat()
    assert [path.name for path in folder.iterdir()] == [f"bot-{today}.sqlite3"]


@pytest.mark.parametrize(("durability", "synchronous"), [("normal", 1), ("full", 2)])
async def test_durability_is_the_operators_choice(
    tmp_path: Path, durability: str, synchronous: int
) -> None:
    async with open_app(
        "mishkat", tmp_path / "bot.sqlite3", {console.CHANNEL: Recorder()}, durability=durability
    ) as app:
        assert await app.database.fetch_one("PRAGMA synchronous") == (synchronous,)
