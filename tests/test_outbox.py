"""Replies leave through the outbox: retried when the platform fails, never out of order."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot import outbox
from bot.app import App
from conversations.messages import Incoming
from tests.conftest import Recorder


async def test_a_failed_send_is_retried_after_back_off_and_delivered_once(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    recorder.failures = 1
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))

    assert await app.outbox.deliver_due() == 0
    assert recorder.sent == []
    assert await app.outbox.deliver_due() == 0  # not due yet: backing off

    app.clock.advance(outbox.backoff(1))
    assert await app.outbox.deliver_due() == 2
    assert await app.outbox.deliver_due() == 0
    assert "جمعية مشكاة" in recorder.sent[0][1].text
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT attempts, sent_at IS NOT NULL, last_error FROM outbox ORDER BY id"
        ).fetchall()
    assert rows[0] == (2, 1, "ConnectionError: platform unavailable")
    assert rows[1] == (1, 1, None)


async def test_a_person_never_gets_a_later_reply_before_an_earlier_one(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, recorder = recorder_app
    recorder.failures = 1
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    await app.outbox.deliver_due()
    recorder.failures = 0
    await app.engine.handle(Incoming("console", "u2", "m2", "مرحبا"))
    await app.outbox.deliver_due()
    assert {to for to, _ in recorder.sent} == {"u2"}

    app.clock.advance(timedelta(minutes=1))
    await app.outbox.deliver_due()
    u1 = [reply.text for to, reply in recorder.sent if to == "u1"]
    assert "جمعية مشكاة" in u1[0]
    assert u1[1].startswith("اختر رقمًا")


async def test_a_reply_the_platform_keeps_refusing_is_given_up_and_logged(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    recorder.failures = 10**6
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    for _ in range(outbox.MAX_ATTEMPTS):
        await app.outbox.deliver_due()
        app.clock.advance(timedelta(hours=2))
    with sqlite3.connect(db_path) as db:
        given_up = db.execute(
            "SELECT count(*) FROM outbox WHERE given_up_at IS NOT NULL"
        ).fetchone()
    assert given_up == (1,)
