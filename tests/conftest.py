"""Shared fixtures: a real SQLite file, the real catalogues, a recording channel."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from bot.app import App, open_app
from bot.channels import console
from bot.clock import Clock
from bot.desk.roles import Roles
from bot.storage.backup import Schedule

Drive = Callable[..., Awaitable[list[dict[str, Any]]]]
os.environ.setdefault("PTB_TIMEDELTA", "1")  # as the Telegram channel sets it, in every test


class Recorder:
    """A channel that keeps what it was asked to send, and can be told to fail or to wait."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Any]] = []
        self.failures = 0
        self.error: Exception = ConnectionError("platform unavailable")
        self.gate: asyncio.Event | None = None

    async def send(self, recipient: str, reply: Any) -> None:
        if self.gate:
            await self.gate.wait()
        if self.failures:
            self.failures -= 1
            raise self.error
        self.sent.append((recipient, reply))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
async def recorder_app(db_path: Path) -> AsyncIterator[tuple[App, Recorder]]:
    recorder = Recorder()
    async with open_app("mishkat", db_path, {console.CHANNEL: recorder}) as app:
        yield app, recorder


ROLES = Roles.parse(staff="s1,s3", supervisors="s2")


async def drive_lines(
    policy: str,
    db: Path,
    lines: list[dict[str, Any]],
    clock: Clock | None = None,
    backups: Schedule | None = None,
) -> list[dict[str, Any]]:
    """Run JSON lines through the console driver (staff s1, s3; supervisor s2); parse the output."""
    out = StringIO()
    sender = console.JsonLinesSender(out, db.parent)
    desk = console.JsonLinesDesk(out, db.parent)
    channels = {console.CHANNEL: sender}
    async with open_app(
        policy, db, channels, clock=clock, roles=ROLES, desk_channel=desk, backups=backups
    ) as app:
        for line in lines:
            await console.handle_line(app, json.dumps(line, ensure_ascii=False), out)
    return [json.loads(raw) for raw in out.getvalue().splitlines()]


@pytest.fixture
def clock() -> Clock:
    """The bot's clock for one test: real time, moved on only by the test."""
    return Clock()


@pytest.fixture
def drive(db_path: Path, clock: Clock) -> Drive:
    """Drive the bot with JSON lines on a fresh database, reopened on every call (a restart).

    The clock is the test's own (`clock`): what `{"clock": ...}` lines advance stays advanced.
    """

    async def run(
        *lines: dict[str, Any], policy: str = "mishkat", desk: bool = False
    ) -> list[dict[str, Any]]:
        """The output lines; those for staff only with `desk`."""
        out = await drive_lines(policy, db_path, list(lines), clock)
        return out if desk else [line for line in out if "kind" not in line]

    return run


VALID_ID = "1000000008"
ANSWERS: dict[str, list[dict[str, Any]]] = {
    "choice": [{"text": "1"}],
    "text": [{"text": "محمد بن أحمد"}],
    "number": [{"text": "١٠٢٤"}],
    "name": [{"text": "نورة محمد السالم"}],
    "place": [{"text": "بريدة"}],
    "long_text": [{"text": "أحتاج إلى الدعم لأسرتي"}],
    "national_id": [{"text": VALID_ID.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))}],
    "mobile": [{"text": "٠٥٥ ١٢٣ ٤٥٦٧"}],
    "integer": [{"text": "٥"}],
    "amount": [{"text": "3,500"}],
    "date": [{"text": "15/3/2026"}],
    "yes_no": [{"text": "نعم"}],
    "rating": [{"text": "1"}],
    "location": [{"location": {"lat": 26.33, "lon": 43.97}}],
    "attachment": [{"attachment": {"kind": "photo", "name": "id.jpg"}}],
}


def form_answers(policy: str, form: str, user: str = "u1") -> list[dict[str, Any]]:
    """Valid JSON lines answering every field of a preset's form, optional ones included."""
    from bot import policy as policy_files

    lines: list[dict[str, Any]] = []
    for field in getattr(policy_files.load(policy).forms, form).fields:
        lines += [{"user": user, **answer} for answer in ANSWERS[field.type.value]]
        if field.multiple:
            lines.append({"user": user, "text": "تم"})
    return lines


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the bot's database the way an auditor would: plain SQL on the file."""
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def say(*texts: str, user: str = "u1") -> list[dict[str, Any]]:
    """JSON lines of one person writing `texts` in turn."""
    return [{"user": user, "text": text} for text in texts]
