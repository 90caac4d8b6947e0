"""A smaller history (issue 25 part 5): the transcript is kept a row per turn, each text the
bot says once however many people it is said to. What staff and people see of it is what
was said; erasure and retention take what was said only to the person; a database of the
previous schema keeps every message."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import policy
from bot.app import App, open_app
from bot.channels import console
from bot.clock import Clock, stamp
from bot.logs import mask
from bot.storage.database import migrations
from bot.storage.transcript import digest
from conversations.messages import Incoming
from tests.conftest import Drive, Recorder, form_answers, rows, say
from tests.test_desk import staff, to
from tests.test_requests import AGREE, START, ref_in

_MESSAGE_ROWS = "SELECT user_key, direction, at, text, payload, ticket_id FROM messages"
Said = list[tuple[str, str]]
"""A conversation as the person lived it: ("you", what they wrote) or ("us", a reply)."""


async def _talk(drive: Drive, *lines: dict[str, Any], person: str = "u1") -> Said:
    """Each line in turn (a person's or a staff member's), with what reached the person."""
    said: Said = []
    for line in lines:
        if "user" in line:
            said.append(("you", line.get("text", "")))
        said += [("us", reply["text"]) for reply in to(await drive(line), person)]
    return said


async def _request(drive: Drive, person: str) -> Said:
    """The person asks for support and fills the form to the end."""
    lines = [{**line, "user": person} for line in [*START, AGREE]]
    answers = form_answers("mishkat", "request", person)
    return await _talk(drive, *lines, *answers, *say("1", "1", user=person), person=person)


def _uses_are_counted(db: Path) -> bool:
    """Every text is referred to as many times as it counts, and none by nobody."""
    counted = dict(rows(db, "SELECT id, uses FROM texts"))
    replies = rows(db, "SELECT r.value FROM turns t, json_each(t.replies) r")
    consents = rows(db, "SELECT text_id FROM consents")
    referred = Counter(text_id for (text_id,) in [*replies, *consents])
    return counted == dict(referred) and all(counted.values())


def _texts(said: Said) -> set[str]:
    return {text for _who, text in said}


def _kept(db: Path) -> set[str]:
    """Every text of the transcript, the person's and the bot's."""
    return {text for (text,) in rows(db, "SELECT text FROM messages")}


async def test_staff_and_the_person_see_the_conversation_as_it_was_said(drive: Drive) -> None:
    await _request(drive, "u2")  # someone else first: the policy texts are kept already
    said = await _request(drive, "u1")
    ref = ref_in(said[-1][1])
    thread = await _talk(
        drive,
        staff("s1", action="claim", ticket=ref),
        staff("s1", "كم عدد أطفالك في المدارس؟", ref, "info"),
        *say("ثلاثة أطفال، رقم جوالي 0551234567", "واحد منهم في الجامعة"),
        staff("s1", "سنتواصل معك غدًا", ref),
        *say("شكرا"),
    )
    said += thread + await _talk(drive, *say("بياناتي"))

    out = await drive(staff("s1", f"/ticket {ref}"), desk=True)
    view = to(out, "s1")[-1]["text"]
    shown = [f"{'👤' if who == 'you' else '🏢'} {mask(text, keep=4)[:200]}" for who, text in thread]
    assert view.endswith("\n".join(shown[-12:]))
    assert "0551234567" not in view

    assert _copied(await drive(*say("2"))) == said


def _copied(out: list[dict[str, Any]]) -> Said:
    """The conversation in the copy of their data the person was sent."""
    sent = next(line for line in out if line.get("attachments"))
    copy = json.loads(Path(sent["attachments"][0]["file"]).read_text(encoding="utf-8"))
    return [(message["from"], message["text"]) for message in copy["messages"]]


async def test_a_text_said_to_many_people_is_kept_once(
    recorder_app: tuple[App, Recorder], db_path: Path
) -> None:
    app, recorder = recorder_app
    for n in range(20):
        await app.engine.handle(Incoming(console.CHANNEL, f"p{n}", "m1", "مرحبا"))
    await app.outbox.deliver_due()
    greetings = Counter(reply.text for _to, reply in recorder.sent)
    assert set(greetings.values()) == {20}
    for text, times in greetings.items():
        assert rows(db_path, f"SELECT uses FROM texts WHERE digest = '{digest(text)}'") == [
            (times,)
        ]
    assert rows(db_path, "SELECT count(*) FROM messages WHERE direction = 'out'") == [
        (len(recorder.sent),)
    ]


async def test_erasing_a_person_erases_what_was_said_only_to_them(
    drive: Drive, db_path: Path
) -> None:
    theirs = await _request(drive, "u2")
    mine = await _request(drive, "u1")
    only_mine = _texts(mine) - _texts(theirs)
    assert only_mine  # their reference, for one
    assert only_mine <= _kept(db_path)

    await drive(*say("احذف بياناتي", "نعم"))

    assert not only_mine & _kept(db_path)
    assert _uses_are_counted(db_path)
    sql = "SELECT direction, text FROM messages WHERE user_key = 'console:u2' ORDER BY id"
    kept = rows(db_path, sql)
    assert kept == [("in" if who == "you" else "out", text) for who, text in theirs]


async def _closed_with_a_thread(drive: Drive, person: str) -> tuple[str, Said, Said]:
    """A request of the person's that staff asked about, were answered, rejected and closed:
    its reference, the conversation before, and the ticket's thread."""
    said = await _request(drive, person)
    ref = ref_in(said[-1][1])
    thread = await _talk(
        drive,
        staff("s1", action="claim", ticket=ref),
        staff("s1", f"هل ما زلت بحاجة إلى المستلزمات يا {person}؟", ref, "info"),
        {"user": person, "text": f"نعم، أنا {person} وما زلت بحاجة"},
        staff("s1", f"الدخل يتجاوز الحد يا {person}", ref, "reject"),
        staff("s1", "", ref, "close"),
        person=person,
    )
    return ref, said, thread


async def test_retention_erases_an_old_tickets_thread_and_keeps_a_newer_one(
    drive: Drive, db_path: Path
) -> None:
    kept_days = policy.load("mishkat").timings.retention_days
    old, old_before, old_thread = await _closed_with_a_thread(drive, "u1")
    await drive({"clock": f"+{kept_days // 2}d"})
    new, new_before, new_thread = await _closed_with_a_thread(drive, "u2")
    await drive({"clock": f"+{kept_days // 2 + 2}d"})  # only the first closed too long ago

    def thread_of(ref: str) -> list[str]:
        sql = (
            "SELECT m.text FROM messages m JOIN tickets t ON t.id = m.ticket_id"
            f" WHERE t.ref = '{ref}' ORDER BY m.id"
        )
        return [text for (text,) in rows(db_path, sql)]

    assert thread_of(old) == []
    only_there = _texts(old_thread) - _texts(old_before) - _texts(new_before) - _texts(new_thread)
    assert only_there
    assert not only_there & _kept(db_path)
    assert thread_of(new) == [text for _who, text in new_thread]
    assert _texts(old_before) <= _kept(db_path)  # what was said outside the thread stays
    assert _uses_are_counted(db_path)


def _previous_schema(db: Path, clock: Clock) -> list[tuple[Any, ...]]:
    """A database as the previous version left it: two people's messages a row each
    (a turn, a reply sent first, a turn in a ticket's thread, one left unanswered, a photo)
    and their consents with the notice's words; the rows of its messages, in order."""
    at = [stamp(clock.now() + timedelta(minutes=n)) for n in range(5)]
    greeting, notice = "أهلًا وسهلًا بك في جمعية مشكاة.", "ستجمع الجمعية اسمك. هل توافق؟"
    messages = [
        ("console:u1", "in", at[0], "مرحبا", None, None),
        ("console:u1", "out", at[0], greeting, None, None),
        ("console:u1", "out", at[0], "اختر رقمًا.", None, None),
        ("console:u2", "in", at[0], "السلام عليكم", None, None),
        ("console:u2", "out", at[0], greeting, None, None),
        ("console:u1", "out", at[1], "طلبك رقم 100001 قيد الدراسة الآن.", None, 1),
        ("console:u1", "in", at[2], "", '{"attachments": [{"kind": "photo"}]}', 1),
        ("console:u1", "out", at[2], "وصلت رسالتك إلى فريق الجمعية.", None, 1),
        ("console:u1", "in", at[3], "١", '{"option": "m:request"}', None),
        ("console:u2", "in", at[4], "شكرا", None, None),
        ("console:u2", "in", at[4], "شكرا مرة أخرى", None, None),
        ("console:u2", "out", at[4], greeting, None, None),
    ]
    with sqlite3.connect(db) as connection:
        for version, script in migrations():
            if version < 16:
                connection.executescript(f"{script}\nPRAGMA user_version={version};")
        connection.executemany(
            "INSERT INTO users (user_key, channel, address, first_seen, last_seen)"
            " VALUES (?, 'console', ?, ?, ?)",
            [(f"console:{u}", u, at[0], at[4]) for u in ("u1", "u2")],
        )
        connection.execute(
            "INSERT INTO tickets (id, ref, kind, user_key, channel, stage, data, created_at,"
            " updated_at) VALUES (1, '100001', 'request', 'console:u1', 'console', 'claimed',"
            " '{}', ?, ?)",
            (at[1], at[1]),
        )
        connection.executemany(
            "INSERT INTO messages (user_key, direction, at, text, payload, ticket_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            messages,
        )
        connection.executemany(
            "INSERT INTO consents (user_key, at, agreed, text, purpose) VALUES (?, ?, ?, ?, ?)",
            [
                ("console:u1", at[1], 1, notice, "request"),
                ("console:u2", at[4], 0, notice, "complaint"),
            ],
        )
        return connection.execute(f"{_MESSAGE_ROWS} ORDER BY id").fetchall()


async def test_a_database_of_the_previous_schema_keeps_every_message(
    db_path: Path, clock: Clock
) -> None:
    before = _previous_schema(db_path, clock)
    consents = rows(db_path, "SELECT id, user_key, at, agreed, purpose, text FROM consents")
    async with open_app("mishkat", db_path, {console.CHANNEL: Recorder()}, clock=clock) as app:
        await app.engine.handle(Incoming(console.CHANNEL, "u1", "m-after", "القائمة"))
        held = await app.engine.tickets.held("console:u1")

    after = rows(db_path, f"{_MESSAGE_ROWS} ORDER BY id")
    assert after[: len(before)] == before
    assert {row[0] for row in after[len(before) :]} == {"console:u1"}  # and what came since
    mine = [(row[1] == "in", row[3]) for row in before if row[0] == "console:u1"]
    assert [(m.incoming, m.text) for m in held.messages][: len(mine)] == mine
    assert consents == rows(
        db_path,
        "SELECT c.id, user_key, at, agreed, purpose, x.body FROM consents c"
        " JOIN texts x ON x.id = c.text_id",
    )
    assert _uses_are_counted(db_path)
