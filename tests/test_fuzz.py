"""No input breaks a turn: random and hostile messages in every conversation state.

The states are reached by real conversations on a real database; each message is then
answered by the dialogue exactly as the engine would run it, and must neither raise
(the engine's catch-all apology is for real bugs only) nor leave a state that cannot
be saved. Lines no platform could send reach the JSON-lines driver itself, which answers
each with one error line and goes on.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import AsyncIterator
from datetime import datetime
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import i18n
from bot import policy as policy_files
from bot.app import App, open_app
from bot.channels import console
from bot.clock import RIYADH
from bot.engine import storable
from conversations import dialogue
from conversations.messages import Attachment, AttachmentKind, Incoming, Location
from conversations.tickets import Stage, TicketView
from conversations.turn import Turn
from tests.conftest import ROLES, Recorder, form_answers

HOSTILE = [
    "",
    " ",
    "❺",
    "፩",
    "٠" * 5000,
    "9" * 5000,
    "99999999999999999999",
    "NaN",
    "Infinity",
    "1e999999",
    "-0",
    "-5",
    "1/1/1600هـ",
    "31/2/1448",
    "12/13/2026",
    "9999/99/99",
    "1/1/99999",
    "a\ud800b",
    "\udfff",
    "<b>x</b>",
    "*bold* _it_ `code`",
    "\x00\x07\x1b[31m",
    "🙂" * 1000,
    "\u200f\u202e",
    "ـــ",
    "0",
    "٠",
    "صفر",
    "5 نجوم",
    "٥ من ٥",
    "10/0",
    "0/0",
    "القائمة",
    "رجوع",
    "إلغاء",
    "English",
    "?",
    "نعم",
    "لا",
    "ا" * 10000,
    "123456",
    "1",
    "متابعة طلب",
    "1 1 1 1 1 1 1 1 1 1 1",
]
KINDS = list(AttachmentKind)


class NoTickets:
    """A ticket book with one open request of the person's."""

    async def new_reference(self) -> str:
        return "123456"

    async def mine(self, user_key: str) -> list[TicketView]:
        now = datetime.now(RIYADH)
        return [TicketView("654321", "request", "طلب", Stage.CLAIMED, now, now, ())]


def _line(user: str, **fields: Any) -> dict[str, Any]:
    return {"user": user, **fields}


def _journeys() -> dict[str, list[dict[str, Any]]]:
    """Conversations that end in each state worth fuzzing, keyed by a name for the test id."""
    hello = [_line("u", text="مرحبا")]
    request = [*hello, _line("u", text="ابي اقدم طلب")]
    answers = [{**line, "user": "u"} for line in form_answers("atta", "request")]
    journeys: dict[str, list[dict[str, Any]]] = {
        "new": [],
        "menu": hello,
        "info": [*hello, _line("u", text="7")],
        "consent": request,
        "complaint": [*hello, _line("u", text="شكوى"), _line("u", text="أوافق")],
        "talking": [*hello, _line("u", text="ابي اكلم موظف")],
    }
    for index in range(len(answers)):
        journeys[f"field-{index}"] = [*request, _line("u", text="1"), *answers[:index]]
    summary = [*request, _line("u", text="1"), *answers]
    journeys["summary"] = summary
    journeys["edit"] = [*summary, _line("u", text="2")]
    journeys["declaration"] = [*summary, _line("u", text="1")]
    journeys["cancel"] = [*summary, _line("u", text="إلغاء")]
    journeys["resume"] = [*request, _line("u", text="1"), *answers[:3], {"clock": "+1h"}]
    submitted = [*summary, _line("u", text="1"), _line("u", text="1")]
    claimed = [*submitted, _staff("claim")]
    journeys["asked-by-staff"] = [*claimed, _staff("info", "كم عدد أطفالك؟")]
    served = [*claimed, _staff("accept"), _staff("delivered"), {"clock": "+1d"}]
    journeys["survey-offer"] = served
    journeys["survey-rating"] = [*served, _line("u", text="نعم")]
    journeys["review-question"] = [*claimed, _staff("permanent"), {"clock": "+181d"}]
    menu_in_review = [_line("u", text="القائمة"), _line("u", text="شكرا")]
    journeys["review-after-menu"] = [*journeys["review-question"], *menu_in_review]
    return journeys


def _staff(action: str, text: str = "") -> dict[str, Any]:
    """A staff action on the one ticket of the journey (its reference is looked up)."""
    return {"staff": "s1", "ticket": "REF", "action": action, "text": text}


@cache
def states() -> dict[str, str]:
    """The saved state at the end of each journey (a real database, reopened)."""

    async def collect() -> dict[str, str]:
        from bot.channels import console

        found: dict[str, str] = {}
        folder = Path(tempfile.mkdtemp())
        for name, lines in _journeys().items():
            db = folder / f"{name}.sqlite3"
            async with open_app("atta", db, {"console": Recorder()}, roles=ROLES) as app:
                for line in lines:
                    if line.get("ticket") == "REF":
                        row = await app.database.fetch_one("SELECT ref FROM tickets")
                        line = {**line, "ticket": row[0] if row else ""}
                    await console.handle_line(app, json.dumps(line), _Sink())
                row = await app.database.fetch_one("SELECT state FROM conversations")
                found[name] = row[0] if row else "{}"
        return found

    return asyncio.run(collect())


class _Sink:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass


messages = st.builds(
    Incoming,
    channel=st.just("console"),
    user=st.just("u"),
    message_id=st.just("m"),
    text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300)),
    option=st.one_of(st.none(), st.sampled_from(["f:consent", "c:3", "e:99", "m:x"]), st.text()),
    attachments=st.lists(
        st.builds(Attachment, kind=st.sampled_from(KINDS), name=st.text(max_size=50)), max_size=3
    ).map(tuple),
    location=st.one_of(
        st.none(),
        st.builds(Location, lat=st.floats(-90, 90), lon=st.floats(-180, 180)),
    ),
)
POLICY = policy_files.load("atta")
TRANSLATIONS = i18n.load_all()


@pytest.mark.parametrize("state", list(_journeys()))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incoming=messages)
def test_no_message_breaks_a_turn(state: str, incoming: Incoming) -> None:
    turn = Turn(
        policy=POLICY,
        incoming=storable(incoming),
        state=json.loads(states()[state]),
        now=datetime.now(RIYADH),
        translations=TRANSLATIONS,
        tickets=NoTickets(),
    )
    asyncio.run(dialogue.respond(turn))
    json.dumps(turn.state, ensure_ascii=False).encode("utf-8")
    for reply in turn.replies:
        reply.text.encode("utf-8")
        assert len(reply.text) < 20_000


@pytest.mark.parametrize(
    ("text", "relayed"), [("1", True), ("متابعة طلب", False), ("تقديم شكوى", False)]
)
def test_a_menu_option_written_while_a_review_is_open_reaches_the_team(
    text: str, relayed: bool
) -> None:
    """The menu shown during a review's conversation offers its options no longer once
    the person wrote on: a number they write then is theirs for the team, not an answer to
    the review; a menu item's whole label serves that item."""
    turn = Turn(
        policy=POLICY,
        incoming=Incoming(channel="console", user="u", message_id="m", text=text),
        state=json.loads(states()["review-after-menu"]),
        now=datetime.now(RIYADH),
        translations=TRANSLATIONS,
        tickets=NoTickets(),
    )
    asyncio.run(dialogue.respond(turn))
    assert [relay.text for relay in turn.effects.relays] == ([text] if relayed else [])
    assert turn.understood


class Driver:
    """The JSON-lines driver on a real database, each line's output read apart."""

    def __init__(self, app: App, out: StringIO) -> None:
        self.app, self._out = app, out

    async def line(self, raw: str) -> list[dict[str, Any]]:
        start = len(self._out.getvalue())
        await console.handle_line(self.app, raw, self._out)
        return [json.loads(line) for line in self._out.getvalue()[start:].splitlines()]

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self.line(json.dumps({"user": "u", "text": text}, ensure_ascii=False))


@pytest.fixture
async def driver(db_path: Path) -> AsyncIterator[Driver]:
    out = StringIO()
    sender, desk = console.JsonLinesSender(out), console.JsonLinesDesk(out)
    async with open_app(
        "atta", db_path, {console.CHANNEL: sender}, roles=ROLES, desk_channel=desk
    ) as app:
        yield Driver(app, out)


async def _to_the_map_question(driver: Driver) -> dict[str, Any]:
    """Start a request and answer up to the map pin's question; that question."""
    answers = form_answers("atta", "request", user="u")
    before_the_pin = answers[: next(n for n, line in enumerate(answers) if "location" in line)]
    for line in [_line("u", text="ابي اقدم طلب"), _line("u", text="1"), *before_the_pin]:
        asked = await driver.line(json.dumps(line, ensure_ascii=False))
    return asked[-1]


NO_PLATFORM_SENDS = {
    "pin off the map": '{"user": "u", "location": {"lat": 999, "lon": -500}}',
    "pin at NaN": '{"user": "u", "location": {"lat": NaN, "lon": 46.67}}',
    "pin at infinity": '{"user": "u", "location": {"lat": 24.71, "lon": -Infinity}}',
    "pin past any float": '{"user": "u", "location": {"lat": 1' + "0" * 400 + ', "lon": 1}}',
    "person's id of 4,000 digits": json.dumps({"user": "9" * 4000, "text": "مرحبا"}),
    "message id of 4,000 digits": json.dumps({"user": "u", "id": "9" * 4000, "text": "1"}),
    "message id, a number of 4,000 digits": '{"user": "u", "id": ' + "9" * 4000 + "}",
    "staff id of 4,000 digits": json.dumps({"staff": "9" * 4000, "text": "/open"}),
    "ticket of 4,000 digits": json.dumps({"staff": "s1", "ticket": "9" * 4000, "text": "x"}),
    "JSON 10,000 deep": "[" * 10_000 + "]" * 10_000,
    "objects 10,000 deep": '{"a": ' * 10_000 + "1" + "}" * 10_000,
    "clock past the calendar": '{"clock": "+3000000d"}',
    "clock past timedelta": '{"clock": "+99999999999d"}',
}


@pytest.mark.parametrize("raw", list(NO_PLATFORM_SENDS.values()), ids=list(NO_PLATFORM_SENDS))
async def test_a_line_no_platform_sends_gets_one_error_line_and_nothing_changes(
    driver: Driver, raw: str
) -> None:
    question = await _to_the_map_question(driver)
    [refused] = await driver.line(raw)
    assert list(refused) == ["error"]
    assert "internal error" not in refused["error"]
    greeting, asked_again = await driver.say("مرحبا")
    assert greeting["text"] == "أهلًا وسهلًا بك."
    assert asked_again == question  # the draft is where it was: nor was the clock moved


@pytest.mark.parametrize("broken", ["\\ud800", "\\udfff", "\\ude00\\ud83d"])
async def test_a_broken_emoji_alone_is_asked_again_kindly(driver: Driver, broken: str) -> None:
    question = await _to_the_map_question(driver)
    kindly, asked_again = await driver.line(f'{{"user": "u", "text": "{broken}"}}')
    assert kindly["text"] == "فضلًا اكتب إجابتك بالحروف."
    assert asked_again == question
    assert (await driver.say("مرحبا"))[-1] == question


async def _claimed(driver: Driver) -> dict[str, str]:
    """A request sent in full and claimed by s1; a staff line about it, to fill in."""
    await _to_the_map_question(driver)
    for text in ["تخطي", "تخطي", "تم", "1", "1"]:
        await driver.say(text)
    row = await driver.app.database.fetch_one("SELECT ref FROM tickets")
    assert row is not None
    thread = {"staff": "s1", "ticket": row[0]}
    await driver.line(json.dumps({**thread, "action": "claim"}))
    return thread


async def test_a_broken_emoji_from_staff_reaches_the_person_as_a_mark(driver: Driver) -> None:
    thread = await _claimed(driver)
    said = await driver.line(json.dumps({**thread, "text": "نزوركم غدًا \ud83d"}))
    assert [line["text"] for line in said if line.get("to") == "u"] == [
        "جمعية عطاء:\nنزوركم غدًا \ufffd"
    ]
    asked = await driver.line(json.dumps({**thread, "action": "info", "text": "\udfffكم عمرك؟"}))
    assert any("\ufffdكم عمرك؟" in line["text"] for line in asked if line.get("to") == "u")
    [relayed] = [line for line in await driver.say("مرحبا") if line.get("kind") == "thread"]
    assert relayed["text"] == "👤 مرحبا"


@pytest.mark.parametrize("day", ["1/1/2080", "2080-01-01", "1/1/1900"])
async def test_a_visit_on_a_day_no_calendar_covers_is_refused_saying_which(
    driver: Driver, day: str
) -> None:
    visit = {**await _claimed(driver), "action": "visit", "text": f"{day} 10:30 تأكيد"}
    [refused] = await driver.line(json.dumps(visit, ensure_ascii=False))
    assert refused["text"] == "فضلًا اكتب تاريخًا من 1/8/1924 إلى 16/11/2077."
    [relayed] = [line for line in await driver.say("مرحبا") if line.get("kind") == "thread"]
    assert relayed["text"] == "👤 مرحبا"
