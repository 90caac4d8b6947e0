"""The turn engine: durable, exactly-once, one person at a time, never crashing a turn."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from bot.app import App
from conversations import dialogue, references
from conversations.messages import Incoming
from conversations.turn import Turn
from tests.conftest import Drive, Recorder


def said(recorder: Recorder) -> list[str]:
    return [reply.text for _, reply in recorder.sent]


async def test_a_restart_continues_the_conversation_where_it_was(drive: Drive) -> None:
    first = await drive({"user": "u1", "text": "مرحبا"}, {"user": "u1", "text": "English"})
    assert first[-1]["options"][-1] == "العربية"
    after_restart = await drive({"user": "u1", "text": "rights"})
    assert after_restart[-1]["text"].startswith("Rights of the beneficiary")
    assert "Welcome" not in after_restart[0]["text"]


async def test_a_resent_message_is_answered_once(drive: Drive, db_path: Path) -> None:
    out = await drive(
        {"user": "u1", "id": "wamid.1", "text": "مرحبا"},
        {"user": "u1", "id": "wamid.1", "text": "مرحبا"},
    )
    again_after_restart = await drive({"user": "u1", "id": "wamid.1", "text": "مرحبا"})
    assert len(out) == 2
    assert again_after_restart == []
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM messages WHERE direction = 'in'").fetchone() == (1,)


async def test_an_old_message_resent_after_a_new_one_is_still_answered_once(
    drive: Drive,
) -> None:
    await drive({"user": "u1", "id": "m1", "text": "مرحبا"})
    out = await drive(  # after a restart: m2 is new, m1 came back late from the platform
        {"user": "u1", "id": "m2", "text": "حقوقي"}, {"user": "u1", "id": "m1", "text": "مرحبا"}
    )
    assert len(out) == 1
    assert "حقوق" in out[0]["text"]


async def test_the_same_id_from_another_person_is_a_different_message(drive: Drive) -> None:
    out = await drive(
        {"user": "u1", "id": "m1", "text": "مرحبا"}, {"user": "u2", "id": "m1", "text": "مرحبا"}
    )
    assert {line["to"] for line in out} == {"u1", "u2"}


async def test_state_replies_and_transcript_are_committed_together(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, _ = recorder_app
    await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا"))
    with sqlite3.connect(db_path) as db:
        outbox = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        outgoing = db.execute("SELECT count(*) FROM messages WHERE direction='out'").fetchone()[0]
        state = db.execute("SELECT state FROM conversations WHERE user_key='console:u1'").fetchone()
    assert outbox == outgoing == 2
    assert json.loads(state[0])["lang"] == "ar"


async def test_a_failing_turn_apologises_and_keeps_what_was_there(
    recorder_app: tuple[App, Recorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, recorder = recorder_app
    await app.engine.handle(Incoming("console", "u1", "m1", "English"))

    async def broken(turn: Turn) -> None:
        turn.state["lang"] = "ar"
        raise RuntimeError("bug")

    monkeypatch.setattr(dialogue, "respond", broken)
    await app.engine.handle(Incoming("console", "u1", "m2", "hello"))
    monkeypatch.undo()
    await app.engine.handle(Incoming("console", "u1", "m3", "rights"))
    await app.outbox.deliver_due()

    texts = said(recorder)
    assert "Sorry, something went wrong on our side" in texts[-2]
    assert texts[-1].startswith("Rights of the beneficiary")


async def test_people_are_answered_concurrently_and_each_in_order(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, recorder = recorder_app
    people = [f"p{n}" for n in range(20)]
    words = ["مرحبا", "English", "rights", "عربي"]
    await asyncio.gather(
        *(
            app.engine.handle(Incoming("console", person, f"{person}-{i}", word))
            for i, word in enumerate(words)
            for person in people
        )
    )
    await app.outbox.deliver_due()
    for person in people:
        texts = [reply.text for to, reply in recorder.sent if to == person]
        assert len(texts) == 5
        assert texts[2].startswith("I will speak with you in English")
        assert texts[3].startswith("Rights of the beneficiary")
        assert texts[4].startswith("سأحدثك باللغة العربية")


async def test_delivery_records_are_forgotten_after_a_month_but_not_the_transcript(
    drive: Drive, db_path: Path
) -> None:
    await drive({"user": "u1", "id": "m1", "text": "مرحبا"})
    await drive({"clock": "+31d"})
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM inbox").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM messages").fetchone() == (3,)


async def test_a_broken_emoji_is_stored_and_answered(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    assert await app.engine.handle(Incoming("console", "u1", "m1", "مرحبا \ud83d"))
    await app.outbox.deliver_due()
    assert "عذرًا، حدث خطأ" not in " ".join(said(recorder))
    with sqlite3.connect(db_path) as db:
        stored = db.execute("SELECT text FROM messages WHERE direction = 'in'").fetchone()
    assert stored == ("مرحبا \ufffd",)


async def test_two_turns_opening_tickets_at_once_both_succeed(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    await asyncio.gather(
        app.engine.handle(Incoming("console", "u1", "m1", "ابي اكلم موظف")),
        app.engine.handle(Incoming("console", "u2", "m2", "ابي اكلم موظف")),
    )
    await app.outbox.deliver_due()
    assert "عذرًا، حدث خطأ" not in " ".join(said(recorder))
    with sqlite3.connect(db_path) as db:
        refs = sorted(ref for (ref,) in db.execute("SELECT ref FROM tickets"))
    assert refs == [references.make(references.FIRST), references.make(references.FIRST + 1)]
