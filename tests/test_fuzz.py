"""No input breaks a turn: random and hostile messages in every conversation state.

The states are reached by real conversations on a real database; each message is then
answered by the dialogue exactly as the engine would run it, and must neither raise
(the engine's catch-all apology is for real bugs only) nor leave a state that cannot
be saved.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import i18n
from bot import policy as policy_files
from bot.app import open_app
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
        st.builds(Location, lat=st.floats(allow_nan=False), lon=st.floats(allow_nan=False)),
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
